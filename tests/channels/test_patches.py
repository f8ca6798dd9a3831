"""channels.patches refuses unknown Rasa versions; the action server uses rasa-sdk's plugin hook."""

from __future__ import annotations

from importlib import metadata
from typing import Any, List

import pluggy
import pytest
import rasa_sdk.plugin

import rasa_sdk_plugins
from channels import action_server, patches, server


def versions(**installed: str) -> Any:
    def version_of(name: str) -> str:
        if name not in installed:
            raise metadata.PackageNotFoundError(name)
        return installed[name]

    return version_of


def test_the_installed_versions_are_the_supported_ones():
    patches.check_versions()


@pytest.mark.parametrize("found", ["3.6.20", "3.7.0", "4.0.0"])
def test_another_rasa_release_is_refused_with_what_to_do(found):
    with pytest.raises(patches.UnsupportedVersionError) as error:
        patches.check_rasa_version(versions(rasa=found))
    message = str(error.value)
    assert f"rasa=={patches.SUPPORTED_RASA}" in message and found in message
    assert "RemoteAction.run" in message and "make install" in message


def test_a_missing_rasa_is_refused():
    with pytest.raises(patches.UnsupportedVersionError, match="not installed"):
        patches.check_rasa_version(versions())


def test_rasa_sdk_patch_releases_of_3_6_are_accepted_others_refused():
    patches.check_rasa_sdk_version(versions(**{"rasa-sdk": "3.6.9"}))
    with pytest.raises(patches.UnsupportedVersionError, match="rasa-sdk 3.7.1"):
        patches.check_rasa_sdk_version(versions(**{"rasa-sdk": "3.7.1"}))


def test_every_patch_checks_the_version_first(monkeypatch):
    monkeypatch.setattr(patches.metadata, "version", versions(rasa="3.7.0"))
    for patch in (
        patches.patch_server_app,
        patches.patch_session_start,
        patches.patch_agent_loading,
        patches.patch_log_privacy,
        patches.patch_action_result_validation,
        patches.patch_unavailable_reply,
        patches.install_server_patches,
    ):
        with pytest.raises(patches.UnsupportedVersionError):
            patch()


def test_the_launchers_refuse_to_start_on_another_version(monkeypatch, capsys):
    monkeypatch.setattr(
        patches.metadata, "version", versions(rasa="3.7.0", **{"rasa-sdk": "3.7.0"})
    )
    assert server.main(["run", "--model", "models/x.tar.gz"]) == 2
    assert action_server.main(["--actions", "actions"]) == 2
    err = capsys.readouterr().err
    assert "rasa 3.7.0 is installed" in err and "rasa-sdk 3.7.0 is installed" in err


def fresh_manager() -> pluggy.PluginManager:
    manager = pluggy.PluginManager("rasa_sdk")
    manager.add_hookspecs(rasa_sdk.plugin)
    return manager


def test_rasa_sdk_finds_the_project_plugin_and_it_hardens_the_app(monkeypatch):
    hardened: List[Any] = []
    guarded: List[Any] = []
    watched: List[Any] = []
    protected: List[Any] = []
    monkeypatch.setattr(action_server, "harden", hardened.append)
    monkeypatch.setattr(action_server, "require_token", guarded.append)
    monkeypatch.setattr(action_server.delivery_watch, "attach", watched.append)
    monkeypatch.setattr(action_server.log_privacy, "install", lambda: protected.append(True))
    manager = fresh_manager()
    rasa_sdk.plugin._discover_plugins(manager)  # what rasa-sdk 3.6 runs: imports rasa_sdk_plugins
    assert manager.is_registered(action_server)
    app = object()
    manager.hook.attach_sanic_app_extensions(app=app)
    assert hardened == [app] and guarded == [app] and watched == [app]
    # rasa-sdk has set up its logging by then: the log filter goes on its handlers.
    assert protected == [True]


def test_rasa_logging_setup_is_followed_by_the_log_filter(monkeypatch):
    import rasa.__main__
    import rasa.utils.common

    calls: List[str] = []
    monkeypatch.setattr(rasa.__main__, "configure_structlog", lambda *_: calls.append("structlog"))
    monkeypatch.setattr(
        rasa.utils.common, "update_sanic_log_level", lambda *_, **__: calls.append("sanic")
    )
    monkeypatch.setattr(patches.log_privacy, "install", lambda: calls.append("filter"))

    patches.patch_log_privacy()
    patches.patch_log_privacy()  # once only
    rasa.__main__.configure_structlog(10)
    rasa.utils.common.update_sanic_log_level(None)

    assert calls == ["structlog", "filter", "sanic", "filter"]


def test_registering_twice_attaches_once():
    manager = fresh_manager()
    rasa_sdk_plugins.init_hooks(manager)
    action_server.register(manager)
    assert len(manager.get_plugins()) == 1


ACTION_REPLIES = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "topic", "value": "heat"}], "responses": [{"text": "x"}]},
    {"events": [{"event": "followup", "name": "action_listen"}]},
    {"events": "not a list"},
    {"events": [{"event": "slot", "value": 1}]},  # a slot event without its name
    {"events": [{"event": "no_such_event"}]},
    {"responses": "nope"},
    [],
]


def _verdict(validate: Any, reply: Any) -> Any:
    from jsonschema import ValidationError
    from rasa.core.actions.action import RemoteAction

    try:
        return validate(RemoteAction, reply)  # `self` is used only for the static schema
    except ValidationError as error:
        return error.message


def test_action_replies_are_judged_as_rasa_judges_them_with_the_schema_checked_once(monkeypatch):
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    original = RemoteAction._validate_action_result
    monkeypatch.setattr(RemoteAction, "_validate_action_result", original)
    expected = [_verdict(original, reply) for reply in ACTION_REPLIES]
    assert expected.count(True) == 3  # the set has both kinds

    patches.patch_action_result_validation()
    patched = RemoteAction._validate_action_result
    assert patched is not original
    checks: List[int] = []
    schema_class = validator_for(RemoteAction.action_response_format_spec())
    monkeypatch.setattr(schema_class, "check_schema", classmethod(lambda cls, s: checks.append(1)))
    assert [_verdict(patched, reply) for reply in ACTION_REPLIES] == expected
    assert checks == []  # the meta-schema check is not repeated per reply

    patches.patch_action_result_validation()  # a second install keeps the first
    assert RemoteAction._validate_action_result is patched
