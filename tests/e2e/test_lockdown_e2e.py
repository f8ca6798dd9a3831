"""Locked down by default: Rasa HTTP API, `/`, the action server (real processes on loopback)."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Iterator

import jwt
import pytest

from tests.e2e.e2e_support import (
    ROOT,
    Proc,
    Stack,
    clean_env,
    free_port,
    http_get,
    http_post,
    python_module,
)

pytestmark = [pytest.mark.e2e]

API_TOKEN = "test-api-token-0123456789abcdef"
JWT_SECRET = "test-jwt-secret-0123456789abcdef"


def test_default_server_has_no_http_api_and_hides_its_version(stack: Stack):
    status, body = http_get(f"{stack.rasa_url}/")
    assert status == 200 and body == b"ok"
    for path in ("/version", "/status", "/domain", "/conversations/x/tracker"):
        status, body = http_get(stack.rasa_url + path)
        assert status == 404, path
        assert b"3.6" not in body
    status, _ = http_post(f"{stack.rasa_url}/model/parse", json.dumps({"text": "hi"}).encode(), {})
    assert status == 404


def test_socketio_refuses_other_origins(stack: Stack):
    url = f"{stack.rasa_url}/socket.io/?EIO=4&transport=polling"
    good = http_get_with_origin(url, stack.web_url)
    assert good[0] == 200
    assert good[1].get("Access-Control-Allow-Origin") == stack.web_url
    bad = http_get_with_origin(url, "https://evil.example")
    assert bad[0] == 400
    assert "Access-Control-Allow-Origin" not in bad[1]


def http_get_with_origin(url: str, origin: str) -> tuple[int, dict]:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={"Origin": origin})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:  # noqa: S310
            return resp.status, dict(resp.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


@pytest.fixture(scope="module")
def api_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Rasa server with the HTTP API enabled (token and JWT), without a model (fast start)."""
    work = tmp_path_factory.mktemp("api")
    (work / "models").mkdir()
    credentials = work / "credentials.yml"
    credentials.write_text("rest:\n", encoding="utf-8")
    port = free_port()
    env = clean_env(
        {"RASA_ENABLE_API": "true", "RASA_API_TOKEN": API_TOKEN, "RASA_JWT_SECRET": JWT_SECRET}
    )
    args = ["run", "--model", str(work / "models"), "--interface", "127.0.0.1"]
    args += ["--port", str(port), "--credentials", str(credentials)]
    proc = Proc("rasa-api", python_module("channels.server", *args), env, work).start()
    try:
        proc.wait_http(f"http://127.0.0.1:{port}/", 180)
        cmdline = Path(f"/proc/{proc.process.pid}/cmdline").read_bytes()  # type: ignore[union-attr]
        assert API_TOKEN.encode() not in cmdline and JWT_SECRET.encode() not in cmdline
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.stop()


def test_api_refuses_requests_without_the_token(api_server: str):
    for path in ("/status", "/version", "/domain", "/conversations/someone/tracker"):
        status, body = http_get(api_server + path)
        assert status == 401, path
        assert "version" not in json.loads(body)
        status, _ = http_get(f"{api_server}{path}?token=wrong-token-0123456789")
        assert status == 401, path
    status, _ = http_post(
        f"{api_server}/conversations/someone/messages",
        json.dumps({"text": "hi", "sender": "user"}).encode(),
        {"Content-Type": "application/json"},
    )
    assert status == 401


def test_api_accepts_the_token_and_a_jwt(api_server: str):
    status, body = http_get(f"{api_server}/version?token={API_TOKEN}")
    assert status == 200 and json.loads(body)["version"].startswith("3.6")
    # No model is loaded in this server: 409 means "authenticated, but no agent".
    status, _ = http_get(f"{api_server}/status?token={API_TOKEN}")
    assert status == 409

    import urllib.request

    token = jwt.encode({"user": {"username": "ops", "role": "admin"}}, JWT_SECRET, "HS256")
    request = urllib.request.Request(  # noqa: S310
        f"{api_server}/version", headers={"Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(request, timeout=10) as resp:  # noqa: S310
        assert resp.status == 200


def test_root_does_not_tell_the_version(api_server: str):
    status, body = http_get(f"{api_server}/")
    assert status == 200 and body == b"ok"


@pytest.mark.parametrize(
    "env",
    [
        {"RASA_ENABLE_API": "true"},
        {"RASA_ENABLE_API": "true", "RASA_API_TOKEN": "short"},
    ],
)
def test_api_without_a_proper_token_does_not_start(tmp_path: Path, env: dict):
    proc = Proc(
        "rasa-refused",
        python_module("channels.server", "run", "--port", str(free_port())),
        clean_env(env),
        tmp_path,
    ).start()
    try:
        assert proc.wait_exit(60) == 2
        assert "RASA_API_TOKEN" in proc.log_text()
    finally:
        proc.stop()


@pytest.fixture(scope="module")
def failing_action_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Proc]]:
    work = tmp_path_factory.mktemp("actions")
    port = free_port()
    env = clean_env({"PYTHONPATH": str(Path(__file__).parent)})
    proc = Proc(
        "failing-actions",
        python_module(
            "channels.action_server", "--actions", "e2e_failing_actions", "--port", str(port)
        ),
        env,
        work,
    ).start()
    try:
        proc.wait_http(f"http://127.0.0.1:{port}/health", 60)
        yield f"http://127.0.0.1:{port}", proc
    finally:
        proc.stop()


def test_action_server_listens_on_loopback_only(failing_action_server: tuple[str, Proc]):
    url, proc = failing_action_server
    port = url.rsplit(":", 1)[1]
    listening = _listening_addresses(int(port))
    assert listening and all(addr.startswith("127.") for addr in listening), listening


def test_action_server_errors_do_not_echo_the_conversation(
    failing_action_server: tuple[str, Proc],
):
    url, proc = failing_action_server
    secret_text = "my name is Alex Example and my phone is +44 7700 900123"
    call = {
        "next_action": "action_that_fails",
        "sender_id": "patient-1",
        "tracker": {
            "sender_id": "patient-1",
            "slots": {"contact_phone": "+447700900123"},
            "latest_message": {"text": secret_text, "intent": {}, "entities": []},
            "events": [{"event": "user", "text": secret_text}],
            "paused": False,
            "latest_action_name": "action_listen",
            "active_loop": {},
        },
        "domain": {},
        "version": "3.6.21",
    }
    # Called as the Rasa server calls it: with the shared token (channels.action_auth).
    token = proc.env["ACTION_SERVER_TOKEN"]
    status, body = http_post(
        f"{url}/webhook?token={token}",
        json.dumps(call).encode(),
        {"Content-Type": "application/json"},
    )
    assert status == 500
    assert b"Alex" not in body and b"7700" not in body and b"request_body" not in body
    assert json.loads(body) == {"error": "The action server could not run the action."}
    # The operator still finds the traceback in the log, without the exception's message, which
    # quotes the patient (clinic.log_privacy).
    time.sleep(0.5)
    log = proc.log_text()
    assert "RuntimeError" in log and "in run" in log
    assert "Alex" not in log and "7700" not in log


def _listening_addresses(port: int) -> list[str]:
    addresses = []
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except FileNotFoundError:
            continue
        for line in lines:
            fields = line.split()
            local, state = fields[1], fields[3]
            address, hex_port = local.split(":")
            if state != "0A" or int(hex_port, 16) != port:
                continue
            if width == 8:
                octets = [str(int(address[i : i + 2], 16)) for i in range(6, -1, -2)]
                addresses.append(".".join(octets))
            else:
                addresses.append("::" if set(address) == {"0"} else address)
    return addresses


def test_env_example_lists_every_variable_of_the_channel_files():
    listed = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    used = set()
    for path in [
        ROOT / "credentials.yml",
        ROOT / "endpoints.yml",
        *sorted((ROOT / "credentials").glob("*.yml")),
    ]:
        used |= set(re.findall(r"\$\{([A-Z0-9_]+)\}", path.read_text()))
    assert used and used <= listed, used - listed
