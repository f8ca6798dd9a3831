"""Every change this project makes to Rasa's own code, in one place, behind a version guard.

Rasa 3.6 has no extension point for these, so they replace functions of Rasa's internals:
- `patch_server_app`: `rasa.server.create_app` and `add_root_route`. `/` answers "ok" without
  the version, `/version` needs the API's token or JWT, and error replies leave the version out.
- `patch_session_start`: `RemoteAction.run`. A custom action the action server cannot run (it
  is down or restarting) runs in the Rasa server itself (`channels.local_actions`), so a red flag
  reported then still becomes a case and the call-back form still works. Should that fail too,
  `action_session_start` falls back to `channels.session_start.start_session_locally` (a first
  message reporting an emergency still gets its advice); `action_answer_faq` and
  `action_default_fallback` are answered from the domain (the topic's own answer, "say it another
  way"), and `action_ask_red_flag_confirmation` by the clarify reply (every emergency sign and
  the number), so the conversation goes on.
- `patch_agent_loading`: `rasa.core.run.load_agent_on_start`. The model is warmed up
  (`channels.warmup.warm_up`) before the server accepts connections.
- `patch_input_gate` (`channels.input_gate`): `MessageProcessor._handle_message_with_tracker`.
  A `/intent` payload is obeyed only when the bot offered it as a button in that conversation;
  otherwise it is read as words, by the NLU and the red-flag detector (every channel).
- `patch_unavailable_reply` (`channels.unavailable`): `Agent.handle_message`. While no model is
  loaded, or when handling a message fails, the patient gets the emergency signs, the emergency
  number and "try again in a few minutes" instead of no reply at all.
- `patch_action_result_validation`: `RemoteAction._validate_action_result`. Rasa checks each
  action server reply with `jsonschema.validate`, which first checks the schema itself against
  the JSON Schema meta-schema, on every call: about a fifth of a turn's time in a long
  conversation. The same schema is now checked once and its validator reused; a reply is
  accepted or refused exactly as before, with Rasa's error message.
- `patch_log_privacy`: `rasa.__main__.configure_structlog` and
  `rasa.utils.common.update_sanic_log_level`. Right after Rasa (re)configures logging (structlog,
  coloredlogs, sanic's loggers, `--log-file`), `clinic.log_privacy` is installed again, so its
  filter sits on the handlers Rasa added and its processor first in Rasa's structlog chain.

The action server's error handling uses rasa-sdk's supported plugin hook instead
(`attach_sanic_app_extensions`, see `channels.action_server` and `rasa_sdk_plugins/`).

Internals change between releases without notice, and a patch that silently stopped applying
would switch off the emergency fallback. So every patch first checks the installed versions
(`check_versions`) and refuses, with a message saying what to re-check, on any other than the
ones these patches were written and tested for.
"""

from __future__ import annotations

import json
import logging
from importlib import metadata
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional

from clinic import log_privacy

if TYPE_CHECKING:
    from rasa.core.actions.action import RemoteAction
    from rasa.core.agent import Agent
    from rasa.shared.core.events import Event
    from sanic import Sanic

logger = logging.getLogger(__name__)

#: The Rasa release the patches were written for (exact: internals change in patch releases).
SUPPORTED_RASA = "3.6.21"
#: The rasa-sdk release line the action server's plugin was written for.
SUPPORTED_RASA_SDK_PREFIX = "3.6."

VersionOf = Callable[[str], str]


class UnsupportedVersionError(RuntimeError):
    """The installed Rasa or rasa-sdk is not the one the patches were written for."""


def _installed(distribution: str, version_of: Optional[VersionOf]) -> Optional[str]:
    try:
        return (version_of or metadata.version)(distribution)
    except metadata.PackageNotFoundError:
        return None


def check_rasa_version(version_of: Optional[VersionOf] = None) -> None:
    """Refuses to go on unless the installed Rasa is the supported one.

    Args:
        version_of: Returns a distribution's installed version (default
            `importlib.metadata.version`).

    Raises:
        UnsupportedVersionError: With what to do, for any other (or no) Rasa.
    """
    found = _installed("rasa", version_of)
    if found != SUPPORTED_RASA:
        raise UnsupportedVersionError(
            f"channels/patches.py was written for rasa=={SUPPORTED_RASA} but rasa "
            f"{found or '(not installed)'} is installed. Its patches replace Rasa internals "
            "(rasa.server.create_app, RemoteAction.run, rasa.core.run.load_agent_on_start) and "
            "keep the emergency fallback working: install the pinned version (make install), or "
            "check each patch against the new release and update SUPPORTED_RASA."
        )


def check_rasa_sdk_version(version_of: Optional[VersionOf] = None) -> None:
    """Refuses to go on unless the installed rasa-sdk is of the supported release line.

    Args:
        version_of: Returns a distribution's installed version (default
            `importlib.metadata.version`).

    Raises:
        UnsupportedVersionError: With what to do, for any other (or no) rasa-sdk.
    """
    found = _installed("rasa-sdk", version_of)
    if not found or not found.startswith(SUPPORTED_RASA_SDK_PREFIX):
        raise UnsupportedVersionError(
            f"The action server's hardening was written for rasa-sdk {SUPPORTED_RASA_SDK_PREFIX}x "
            f"but rasa-sdk {found or '(not installed)'} is installed. It replaces rasa-sdk's "
            "error handler, which echoes the conversation: install the pinned version (make "
            "install), or check channels/action_server.py against the new release and update "
            "SUPPORTED_RASA_SDK_PREFIX."
        )


def check_versions(version_of: Optional[VersionOf] = None) -> None:
    """Checks both Rasa and rasa-sdk (see `check_rasa_version`, `check_rasa_sdk_version`).

    Args:
        version_of: Returns a distribution's installed version.

    Raises:
        UnsupportedVersionError: For a version the patches were not written for.
    """
    check_rasa_version(version_of)
    check_rasa_sdk_version(version_of)


def _mark(function: Callable[..., Any], flag: str) -> None:
    setattr(function, flag, True)


def patch_server_app() -> None:
    """Makes Rasa's `/` quiet about the version and puts `/version` behind the API's auth."""
    check_rasa_version()
    import rasa
    import rasa.server
    from rasa.constants import MINIMUM_COMPATIBLE_VERSION
    from sanic import response
    from sanic.request import Request
    from sanic.response import HTTPResponse

    original_create_app = rasa.server.create_app
    if getattr(original_create_app, "_clinic_locked_down", False):
        return

    def add_root_route(app: Sanic) -> None:
        @app.get("/")
        async def hello(_: Request) -> HTTPResponse:
            return response.text("ok")

    def create_app(*args: Any, **kwargs: Any) -> Sanic:
        app = original_create_app(*args, **kwargs)

        async def version(_: Request) -> HTTPResponse:
            body: Dict[str, Any] = {
                "version": rasa.__version__,
                "minimum_compatible_version": MINIMUM_COMPATIBLE_VERSION,
            }
            return response.json(body)

        guarded = rasa.server.requires_auth(app, kwargs.get("auth_token"))(version)

        @app.middleware("request")
        async def protect_version(request: Request) -> Optional[HTTPResponse]:
            if request.path.rstrip("/") == "/version":
                return await guarded(request)
            return None

        @app.middleware("response")
        async def drop_version_from_errors(
            _: Request, resp: HTTPResponse
        ) -> Optional[HTTPResponse]:
            # Rasa's error bodies (401, 404, 409 ...) carry the version: not for strangers.
            if resp.status < 400 or not (resp.content_type or "").startswith("application/json"):
                return None
            try:
                body = json.loads(resp.body or b"")
            except ValueError:
                return None
            if not isinstance(body, dict) or "version" not in body:
                return None
            body.pop("version")
            return response.json(body, status=resp.status)

        return app

    _mark(create_app, "_clinic_locked_down")
    rasa.server.add_root_route = add_root_route
    rasa.server.create_app = create_app


#: Custom actions answered from the domain when the action server cannot run them.
LOCAL_STAND_INS: Dict[str, str] = {
    "action_answer_faq": "utter_faq",
    "action_default_fallback": "utter_default",
    # The confirming question needs the action server; without it the patient gets the
    # clarify reply, which lists every emergency sign and the number.
    "action_ask_red_flag_confirmation": "utter_red_flag_clarify",
}


def _stand_in(response: str) -> Any:
    from rasa.core.actions.action import ActionBotResponse, ActionRetrieveResponse

    if response == "utter_faq":  # the retrieval intent's answer for the selected topic
        return ActionRetrieveResponse(response)
    return ActionBotResponse(response)


def patch_session_start() -> None:
    """Makes a custom action the action server cannot run run here, or be stood in for."""
    check_rasa_version()
    from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
    from rasa.shared.core.constants import ACTION_SESSION_START_NAME

    from channels.local_actions import run_locally
    from channels.session_start import start_session_locally

    remote_run = RemoteAction.run
    if getattr(remote_run, "_with_local_session_start", False):
        return

    async def run(self: RemoteAction, *args: Any, **kwargs: Any) -> List[Event]:
        name = self.name()
        try:
            return await remote_run(self, *args, **kwargs)
        except ActionExecutionRejection:
            raise  # a form's validation said no: control flow, not a failure
        except Exception as error:
            logger.error(
                "%s failed on the action server (%s): running it in the Rasa server.",
                name,
                type(error).__name__,
            )
        try:
            return await run_locally(self, *args, **kwargs)
        except ActionExecutionRejection:
            raise
        except Exception as error:
            if name != ACTION_SESSION_START_NAME and name not in LOCAL_STAND_INS:
                raise
            logger.error("%s failed in the Rasa server too (%s).", name, type(error).__name__)
        if name == ACTION_SESSION_START_NAME:
            logger.error("Starting the session without action_session_start.")
            return await start_session_locally(*args, **kwargs)
        logger.error("Answering with %s instead of %s.", LOCAL_STAND_INS[name], name)
        return await _stand_in(LOCAL_STAND_INS[name]).run(*args, **kwargs)

    _mark(run, "_with_local_session_start")
    RemoteAction.run = run


def patch_agent_loading() -> None:
    """Makes `rasa run` warm the model up right after loading it, before serving."""
    check_rasa_version()
    import rasa.core.run

    from channels.warmup import warm_up

    original: Callable[..., Any] = rasa.core.run.load_agent_on_start
    if getattr(original, "_with_warm_up", False):
        return

    async def load_and_warm_up(*args: Any, **kwargs: Any) -> Agent:
        agent = await original(*args, **kwargs)
        try:
            seconds = await warm_up(agent)
        except Exception:  # a failed warm-up must not stop the server
            logger.warning("Model warm-up failed; the first message will be slower.", exc_info=True)
        else:
            if seconds is not None:
                logger.info("Model warmed up in %.1f s.", seconds)
        return agent

    _mark(load_and_warm_up, "_with_warm_up")
    rasa.core.run.load_agent_on_start = load_and_warm_up


def install_server_patches() -> None:
    """Applies every patch of the Rasa server (after the version check)."""
    check_rasa_version()
    patch_server_app()
    patch_session_start()
    patch_agent_loading()
    patch_input_gate()
    patch_unavailable_reply()
    patch_action_result_validation()
    patch_log_privacy()


def patch_action_result_validation() -> None:
    """Validates action server replies with a validator built once (see the docstring)."""
    check_rasa_version()
    from jsonschema.exceptions import best_match
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.constants import DOCS_BASE_URL

    if getattr(RemoteAction._validate_action_result, "_with_validator_once", False):
        return
    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)

    def validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
        error = best_match(validator.iter_errors(result))  # what `jsonschema.validate` raises
        if error is None:
            return True
        error.message += (
            ". Failed to validate Action server response from API, make sure your response "
            "from the Action endpoint is valid. For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise error

    _mark(validate_action_result, "_with_validator_once")
    RemoteAction._validate_action_result = validate_action_result


def _then_protect_logs(setup: Callable[..., Any]) -> Callable[..., Any]:
    def configure(*args: Any, **kwargs: Any) -> Any:
        result = setup(*args, **kwargs)
        log_privacy.install()
        return result

    _mark(configure, "_with_log_privacy")
    return configure


def patch_log_privacy() -> None:
    """Re-installs `clinic.log_privacy` each time Rasa has set up logging (see the docstring)."""
    check_rasa_version()
    import rasa.__main__
    import rasa.utils.common

    for module, name in (
        (rasa.__main__, "configure_structlog"),
        (rasa.utils.common, "update_sanic_log_level"),
    ):
        setup = getattr(module, name)
        if not getattr(setup, "_with_log_privacy", False):
            setattr(module, name, _then_protect_logs(setup))


def patch_input_gate() -> None:
    """Gates `/` payloads on every channel (see `channels.input_gate`)."""
    check_rasa_version()
    from channels.input_gate import patch_input_gate as install

    install()


def patch_unavailable_reply() -> None:
    """Answers with the emergency number instead of silence (see `channels.unavailable`)."""
    check_rasa_version()
    from channels.unavailable import patch_unavailable_reply as install

    install()
