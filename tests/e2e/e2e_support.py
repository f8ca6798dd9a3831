"""Starting and stopping the real servers for end-to-end tests (all on 127.0.0.1)."""

from __future__ import annotations

import atexit
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, Optional, TypeVar

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "backspasm.tar.gz"
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TELEGRAM_TOKEN = "123456:TEST-token-for-the-fake-api"
SLACK_TOKEN = "xoxb-test-token-for-the-fake-api"
EMERGENCY_NUMBER = "999"
DEFAULT_ACTIONS_PORT = 5055
# A message every red-flag detector must escalate as an emergency (cauda equina symptoms).
RED_FLAG_MESSAGE = "I suddenly can't control my bladder and I feel numb between my legs"
# Variables of the developer's own set-up that must not leak into the servers under test.
_DROPPED_PREFIXES = (
    "TELEGRAM_",
    "SLACK_",
    "RASA_",
    "WEBCHAT_",
    "ESCALATION_",
    "SANIC_",
    "ACTION_SERVER_URL",
    "ACTION_SERVER_TOKEN",
    "ACTIONS_PORT",
    "TRACKER_STORE_",
    "CONVERSATION_RETENTION_DAYS",
)
_T = TypeVar("_T")


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def clean_env(extra: Mapping[str, str]) -> Dict[str, str]:
    """The test process's environment without channel settings, plus `extra`.

    ACTION_SERVER_URL is the default one (Rasa refuses to read endpoints.yml without it, also
    when no action server runs); tests that start an action server set theirs in `extra`.
    TRACKER_STORE_URL (endpoints.yml's tracker store) is a SQLite file of its own for each call,
    in a temporary directory removed when the tests end; a test that restarts Rasa keeps its
    conversations by reusing the same environment.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(_DROPPED_PREFIXES)}
    env.update(
        {
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            "PYTHONUNBUFFERED": "1",
            "ACTION_SERVER_URL": action_server_url(DEFAULT_ACTIONS_PORT),
            "TRACKER_STORE_URL": tracker_store_url(_scratch_dir() / "conversations.db"),
            # The secret the Rasa server and the action server share (endpoints.yml's token).
            "ACTION_SERVER_TOKEN": secrets.token_urlsafe(32),
        }
    )
    env.update(extra)
    return env


def tracker_store_url(path: Path) -> str:
    """The TRACKER_STORE_URL of a SQLite tracker store in `path` (endpoints.yml reads it)."""
    return f"sqlite:///{path}"


def _scratch_dir() -> Path:
    path = Path(tempfile.mkdtemp(prefix="e2e-tracker-"))
    atexit.register(shutil.rmtree, path, True)
    return path


def http_get(url: str, timeout: float = 5.0) -> tuple[int, bytes]:
    """GET a URL; returns (status, body), also for error statuses."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310 (loopback)
            return resp.status, resp.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def http_post(
    url: str, body: bytes, headers: Optional[Mapping[str, str]] = None, timeout: float = 60.0
) -> tuple[int, bytes]:
    """POST bytes; returns (status, body), also for error statuses."""
    request = urllib.request.Request(url, data=body, headers=dict(headers or {}), method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:  # noqa: S310 (loopback)
            return resp.status, resp.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


class Proc:
    """A server process started by a test, with its output in a log file."""

    def __init__(self, name: str, args: List[str], env: Mapping[str, str], log_dir: Path) -> None:
        self.name = name
        self.args = args
        self.env = dict(env)
        self.log_path = log_dir / f"{name}.log"
        self.process: Optional[subprocess.Popen[bytes]] = None

    def start(self) -> Proc:
        log = self.log_path.open("wb")
        self.process = subprocess.Popen(  # noqa: S603 (fixed arguments)
            self.args,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        return self

    def log_tail(self, lines: int = 60) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def log_text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_http(self, url: str, timeout: float) -> None:
        """Waits until `url` answers 200; fails with the log when the process died or timed out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"{self.name} exited with {self.process.returncode}:\n{self.log_tail()}"
                )
            try:
                status, _ = http_get(url, timeout=2)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError(
            f"{self.name} not ready at {url} after {timeout:.0f} s:\n{self.log_tail()}"
        )

    def kill(self) -> None:
        """Kills the process (and its process group) at once, as a crash would (SIGKILL)."""
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            return
        self.process.wait(10)

    def wait_exit(self, timeout: float) -> int:
        assert self.process is not None
        return self.process.wait(timeout)

    def stop(self) -> None:
        """Stops the process (and its process group) it started: SIGTERM, then SIGKILL."""
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)


def python_module(module: str, *args: str) -> List[str]:
    """Command line running `python -m module args` with the test's interpreter (.venv)."""
    return [sys.executable, "-m", module, *args]


def rasa_server(
    model: Path, port: int, credentials: Path, endpoints: Path, *extra: str
) -> List[str]:
    """Command line of the production Rasa launcher (`channels.server run`) on loopback."""
    return python_module(
        "channels.server",
        "run",
        "--model",
        str(model),
        "--interface",
        "127.0.0.1",
        "--port",
        str(port),
        "--credentials",
        str(credentials),
        "--endpoints",
        str(endpoints),
        *extra,
    )


@dataclass
class Stack:
    """The running servers of the end-to-end tests and their settings."""

    rasa_url: str
    web_url: str
    actions_url: str
    telegram_secret: str
    slack_signing_secret: str
    rasa: Proc
    env: Dict[str, str]


@lru_cache(maxsize=1)
def model_knows_red_flags(model: Path = MODEL) -> bool:
    """Whether the trained model's domain has the red-flag intent (the detector is in it)."""
    with tarfile.open(model, "r:gz") as archive:
        for member in archive.getmembers():
            if member.isfile() and "domain" in Path(member.name).name:
                data = archive.extractfile(member)
                if data is not None and b"report_red_flag" in data.read():
                    return True
    return False


def skip_without_red_flags() -> None:
    """Skips the calling test when the model was trained without the red-flag detector."""
    import pytest

    if not model_knows_red_flags():
        pytest.skip("the trained model has no red-flag detector (intent report_red_flag)")


def wait_until(
    check: Callable[[], Optional[_T]], timeout: float, what: str, interval: float = 0.2
) -> _T:
    """Polls `check` until it returns something truthy (returned); fails after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


def stays_true(check: Callable[[], bool], seconds: float, what: str, interval: float = 0.2) -> None:
    """Asserts that `check` holds at every poll for `seconds` (e.g. "no second delivery")."""
    until = time.monotonic() + seconds
    while True:
        assert check(), f"no longer true: {what}"
        if time.monotonic() >= until:
            return
        time.sleep(interval)


def rest_chat(rasa_url: str, sender: str, text: str, timeout: float = 60.0) -> List[Dict[str, Any]]:
    """Sends a message over Rasa's REST channel; returns the bot's messages of the turn."""
    status, body = http_post(
        f"{rasa_url}/webhooks/rest/webhook",
        json.dumps({"sender": sender, "message": text}).encode("utf-8"),
        {"Content-Type": "application/json"},
        timeout=timeout,
    )
    assert status == 200, f"REST channel answered {status}: {body[:300]!r}"
    messages = json.loads(body)
    assert isinstance(messages, list), messages
    return messages


def action_server_url(actions_port: int) -> str:
    """The ACTION_SERVER_URL for an action server on `actions_port` (endpoints.yml reads it)."""
    return f"http://127.0.0.1:{actions_port}/webhook"


def write_endpoints(path: Path, actions_port: int) -> None:
    """Writes the project's endpoints.yml with the action server's URL filled in."""
    text = (ROOT / "endpoints.yml").read_text(encoding="utf-8")
    assert "${ACTION_SERVER_URL}" in text, "endpoints.yml no longer reads ACTION_SERVER_URL"
    text = text.replace("${ACTION_SERVER_URL}", action_server_url(actions_port))
    path.write_text(text, encoding="utf-8")


def build_credentials(path: Path, env: Mapping[str, str]) -> None:
    """Writes the effective credentials for `env`, as scripts/run.sh does."""
    subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "scripts" / "build_credentials.py"), "--out", str(path)],
        cwd=ROOT,
        env=dict(env),
        check=True,
        capture_output=True,
    )


class FakeServiceProcess:
    """One of the fakes of tests/fakes run as a process, controlled over its `/_fake/*` API.

    It keeps its port across `stop()` and `start()`, so a test can take a target down (connections
    refused) and bring it back where the servers under test expect it.

    Args:
        name: Name of the log file.
        module: `tests.fakes.webhook_receiver` or `tests.fakes.slack_api`.
        args: Its options (`--secret S`, `--token T`).
        log_dir: Where the logs go.
    """

    def __init__(self, name: str, module: str, args: List[str], log_dir: Path) -> None:
        self.name = name
        self.module = module
        self.args = list(args)
        self.log_dir = log_dir
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.proc: Optional[Proc] = None
        self._starts = 0

    def start(self) -> FakeServiceProcess:
        """Starts the process (on the same port as before) and waits until it answers."""
        self._starts += 1
        suffix = "" if self._starts == 1 else f"-{self._starts}"
        self.proc = Proc(
            self.name + suffix,
            python_module(self.module, *self.args, "--port", str(self.port)),
            clean_env({}),
            self.log_dir,
        ).start()
        self.proc.wait_http(f"{self.base_url}/_fake/requests", 30)
        return self

    def stop(self) -> None:
        """Stops the process: connections to its port are refused until `start()`."""
        if self.proc is not None:
            self.proc.stop()

    @property
    def running(self) -> bool:
        return (
            self.proc is not None
            and self.proc.process is not None
            and self.proc.process.poll() is None
        )

    def requests(self) -> List[Dict[str, Any]]:
        """The requests it received since it started (`http_fake.RecordedRequest.to_dict`)."""
        status, body = http_get(f"{self.base_url}/_fake/requests")
        assert status == 200, status
        return list(json.loads(body))

    def set_mode(self, mode: str, **options: Any) -> None:
        """Switches how it answers: `ok`, `fail` (503), `slow`, `error`, `ratelimit`."""
        status, _ = http_post(
            f"{self.base_url}/_fake/mode",
            json.dumps({"mode": mode, **options}).encode("utf-8"),
            {"Content-Type": "application/json"},
            timeout=10,
        )
        assert status == 200, status
