"""Fixtures for the end-to-end tests: fake APIs, the real servers, headless Chromium.

The servers run as separate processes on free loopback ports: the action server
(`channels.action_server`), the Rasa server with the trained model (`channels.server`, API off as
by default) with the web chat, Telegram (to a fake Bot API) and Slack (to a fake Web API)
channels, and the page server (`channels.webchat`). Tests that need the model are skipped when
models/backspasm.tar.gz is missing (`make test` trains it first).
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any, Iterator, List

import pytest

from tests.e2e.e2e_fakes import BackgroundServer, FakeSlackAPI, FakeTelegramAPI
from tests.e2e.e2e_support import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_FLAGS,
    EMERGENCY_NUMBER,
    MODEL,
    ROOT,
    SLACK_TOKEN,
    TELEGRAM_TOKEN,
    Proc,
    Stack,
    action_server_url,
    build_credentials,
    clean_env,
    free_port,
    python_module,
    rasa_server,
    tracker_store_url,
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "e2e: starts real servers on loopback")
    config.addinivalue_line("markers", "browser: drives headless Chromium")


@pytest.fixture(scope="session")
def require_model() -> Path:
    if not MODEL.is_file():
        pytest.skip(f"no trained model at {MODEL.relative_to(ROOT)}: run `make train` first")
    return MODEL


@pytest.fixture(scope="session")
def log_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("e2e-logs")


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def fake_telegram() -> Iterator[FakeTelegramAPI]:
    fake = FakeTelegramAPI(TELEGRAM_TOKEN)
    server = BackgroundServer(fake.app, free_port()).start()
    fake.url = server.url  # type: ignore[attr-defined]
    yield fake
    server.stop()


@pytest.fixture(scope="session")
def fake_slack() -> Iterator[FakeSlackAPI]:
    fake = FakeSlackAPI(SLACK_TOKEN)
    server = BackgroundServer(fake.app, free_port()).start()
    fake.url = server.url  # type: ignore[attr-defined]
    yield fake
    server.stop()


@pytest.fixture(scope="session")
def stack(
    require_model: Path,
    tmp_path_factory: pytest.TempPathFactory,
    log_dir: Path,
    fake_telegram: FakeTelegramAPI,
    fake_slack: FakeSlackAPI,
) -> Iterator[Stack]:
    work = tmp_path_factory.mktemp("e2e-stack")
    rasa_port, actions_port, web_port = free_port(), free_port(), free_port()
    web_url = f"http://127.0.0.1:{web_port}"
    telegram_secret = secrets.token_urlsafe(24)
    slack_secret = secrets.token_hex(16)
    env = clean_env(
        {
            "EMERGENCY_NUMBER": EMERGENCY_NUMBER,
            "ESCALATION_DB_URL": f"sqlite:///{work / 'escalations.db'}",
            "WEBCHAT_ORIGINS": web_url,
            "WEBCHAT_SOCKET_URL": f"http://127.0.0.1:{rasa_port}",
            "TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN,
            "TELEGRAM_WEBHOOK_URL": "https://clinic.example/webhooks/telegram/webhook",
            "TELEGRAM_WEBHOOK_SECRET": telegram_secret,
            "TELEGRAM_API_BASE_URL": fake_telegram.url,  # type: ignore[attr-defined]
            "SLACK_BOT_TOKEN": SLACK_TOKEN,
            "SLACK_SIGNING_SECRET": slack_secret,
            "SLACK_API_BASE_URL": fake_slack.url + "/api",  # type: ignore[attr-defined]
            # The project's endpoints.yml reads it, as under scripts/run.sh.
            "ACTION_SERVER_URL": action_server_url(actions_port),
            "TRACKER_STORE_URL": tracker_store_url(work / "conversations.db"),
        }
    )
    credentials, endpoints = work / "credentials.yml", ROOT / "endpoints.yml"
    build_credentials(credentials, env)

    procs: List[Proc] = []
    try:
        actions = Proc(
            "action-server",
            python_module(
                "channels.action_server", "--actions", "actions", "--port", str(actions_port)
            ),
            env,
            log_dir,
        ).start()
        procs.append(actions)
        rasa = Proc(
            "rasa",
            rasa_server(require_model, rasa_port, credentials, endpoints),
            env,
            log_dir,
        ).start()
        procs.append(rasa)
        web = Proc(
            "webchat", python_module("channels.webchat", "--port", str(web_port)), env, log_dir
        ).start()
        procs.append(web)
        actions.wait_http(f"http://127.0.0.1:{actions_port}/health", 90)
        web.wait_http(f"{web_url}/healthz", 30)
        rasa.wait_http(f"http://127.0.0.1:{rasa_port}/", 300)
        yield Stack(
            rasa_url=f"http://127.0.0.1:{rasa_port}",
            web_url=web_url,
            actions_url=f"http://127.0.0.1:{actions_port}",
            telegram_secret=telegram_secret,
            slack_signing_secret=slack_secret,
            rasa=rasa,
            env=env,
        )
    finally:
        for proc in reversed(procs):
            proc.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium (Debian's), closed after each module so no event loop outlives it."""
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/test_setup.sh (make test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()
