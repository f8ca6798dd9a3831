"""Unit tests of the launchers and the credentials merge (no server started)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from channels.server import LaunchError, build_rasa_args
from channels.webchat import chat_config, content_security_policy, load_bundle

ROOT = Path(__file__).resolve().parents[2]
BASE = ["run", "--model", "models/x.tar.gz"]
TOKEN = "0123456789abcdef0123"


def _load_build_credentials():
    spec = importlib.util.spec_from_file_location(
        "build_credentials", ROOT / "scripts" / "build_credentials.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_credentials"] = module
    spec.loader.exec_module(module)
    return module


build_credentials = _load_build_credentials()


def test_api_is_off_by_default():
    assert build_rasa_args(BASE, {}) == BASE
    assert build_rasa_args(BASE, {"RASA_ENABLE_API": "false", "RASA_API_TOKEN": TOKEN}) == BASE


def test_api_on_needs_a_token_or_a_jwt_secret():
    with pytest.raises(LaunchError, match="RASA_API_TOKEN"):
        build_rasa_args(BASE, {"RASA_ENABLE_API": "true"})
    with pytest.raises(LaunchError):
        build_rasa_args([*BASE, "--enable-api"], {})
    with pytest.raises(LaunchError, match="at least 16"):
        build_rasa_args(BASE, {"RASA_ENABLE_API": "true", "RASA_API_TOKEN": "short"})
    with pytest.raises(LaunchError, match="at least 16"):
        build_rasa_args(BASE, {"RASA_ENABLE_API": "1", "RASA_JWT_SECRET": "short"})


def test_api_on_gets_the_token_and_jwt_from_the_environment():
    args = build_rasa_args(BASE, {"RASA_ENABLE_API": "true", "RASA_API_TOKEN": TOKEN})
    assert args == [*BASE, "--enable-api", "--auth-token", TOKEN]
    args = build_rasa_args(BASE, {"RASA_ENABLE_API": "yes", "RASA_JWT_SECRET": TOKEN})
    assert args == [*BASE, "--enable-api", "--jwt-secret", TOKEN, "--jwt-method", "HS256"]
    # Given on the command line (not recommended: visible in `ps`), it is accepted too.
    args = build_rasa_args([*BASE, "--enable-api", "--auth-token", TOKEN], {})
    assert args.count("--enable-api") == 1


def test_only_rasa_run_is_launched():
    for argv in ([], ["shell"], ["run", "actions"], ["train"]):
        with pytest.raises(LaunchError):
            build_rasa_args(argv, {})


def _channel_dir(tmp_path: Path) -> Path:
    (tmp_path / "credentials.yml").write_text("rest:\n")
    folder = tmp_path / "credentials"
    folder.mkdir()
    (folder / "chat.yml").write_text(
        "# requires: CHAT_TOKEN CHAT_SECRET\n"
        "# defaults: CHAT_API=https://api.chat.example\n"
        "my.Channel:\n  token: ${CHAT_TOKEN}\n  secret: ${CHAT_SECRET}\n  api: ${CHAT_API}\n"
    )
    return folder


def test_optional_channel_is_left_out_when_not_configured(tmp_path: Path):
    folder = _channel_dir(tmp_path)
    text, enabled = build_credentials.build(tmp_path / "credentials.yml", folder, {})
    assert text == "rest:\n" and enabled == []


def test_optional_channel_keeps_secrets_as_references(tmp_path: Path):
    folder = _channel_dir(tmp_path)
    env = {"CHAT_TOKEN": "t0ps3cret", "CHAT_SECRET": "s3cret"}
    text, enabled = build_credentials.build(tmp_path / "credentials.yml", folder, env)
    assert enabled == ["chat"]
    assert "${CHAT_TOKEN}" in text and "${CHAT_SECRET}" in text
    assert "t0ps3cret" not in text and "s3cret" not in text
    assert "api: https://api.chat.example" in text
    env["CHAT_API"] = "http://127.0.0.1:9"
    text, _ = build_credentials.build(tmp_path / "credentials.yml", folder, env)
    assert "api: ${CHAT_API}" in text


def test_half_configured_channel_is_an_error(tmp_path: Path):
    folder = _channel_dir(tmp_path)
    with pytest.raises(build_credentials.ConfigError, match="CHAT_SECRET"):
        build_credentials.build(tmp_path / "credentials.yml", folder, {"CHAT_TOKEN": "x"})


def test_project_channel_files_declare_their_variables():
    for name in ("telegram", "slack"):
        channel = build_credentials.OptionalChannel.read(ROOT / "credentials" / f"{name}.yml")
        assert channel.requires, name
        text = channel.path.read_text()
        for variable in channel.requires:
            assert "${" + variable + "}" in text


def test_page_configuration_comes_from_the_environment():
    config = chat_config({"EMERGENCY_NUMBER": "999", "RASA_PORT": "6000"})
    assert config["emergencyNumber"] == "999"
    assert config["socketUrl"] == "http://127.0.0.1:6000"
    config = chat_config({"WEBCHAT_SOCKET_URL": "https://chat.clinic.example"})
    assert config["socketUrl"] == "https://chat.clinic.example"
    assert config["emergencyNumber"] == "112"


def test_page_policy_allows_only_itself_and_the_rasa_server():
    csp = content_security_policy("https://chat.clinic.example")
    assert "script-src 'self'" in csp
    assert "connect-src 'self' https://chat.clinic.example wss://chat.clinic.example" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-eval" not in csp


def test_bundle_is_served_without_third_party_fonts(tmp_path: Path):
    bundle = tmp_path / "node_modules" / "rasa-webchat" / "lib"
    bundle.mkdir(parents=True)
    (bundle / "index.js").write_bytes(
        b'a("@import url(https://fonts.googleapis.com/css?family=Inter:400,500,700&display=swap);")'
    )
    assert b"googleapis" not in load_bundle(tmp_path)
    with pytest.raises(FileNotFoundError, match="make install"):
        load_bundle(tmp_path / "missing")


@pytest.mark.parametrize("raw", ["on", "ON", " yes ", "1", "true"])
def test_api_switch_reads_true_like_every_other_setting(raw):
    from clinic.env import env_bool

    assert env_bool("RASA_ENABLE_API", False, env={"RASA_ENABLE_API": raw})
    with pytest.raises(LaunchError, match="RASA_API_TOKEN"):
        build_rasa_args(BASE, {"RASA_ENABLE_API": raw})


def test_run_script_reads_switches_with_the_shared_parser():
    script = (ROOT / "scripts" / "run.sh").read_text()
    assert '-m clinic.env bool "$1" "$2"' in script
    assert "env_bool RASA_ENABLE_API false" in script
    assert "1|true|TRUE" not in script
