"""Starting and stopping the real servers for end-to-end tests (all on 127.0.0.1)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tarfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Mapping, Optional

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
# A message every red-flag detector must escalate as an emergency (cauda equina symptoms).
RED_FLAG_MESSAGE = "I suddenly can't control my bladder and I feel numb between my legs"
# Variables of the developer's own set-up that must not leak into the servers under test.
_DROPPED_PREFIXES = ("TELEGRAM_", "SLACK_", "RASA_", "WEBCHAT_", "ESCALATION_", "SANIC_")


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def clean_env(extra: Mapping[str, str]) -> Dict[str, str]:
    """The test process's environment without channel settings, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(_DROPPED_PREFIXES)}
    env.update(
        {
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra)
    return env


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
