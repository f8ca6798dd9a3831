"""The demo page and its widget logic in headless Chromium, against a fake Socket.IO assistant.

Runs without the trained model: checks the page's own work (bundle served locally, buttons,
the escalation banner with the configured number, persistence across a reload, phone layout).
The same journey against the real assistant is in test_widget_e2e.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest

from tests.e2e.e2e_fakes import BackgroundServer, FakeRasaSocket
from tests.e2e.e2e_support import ARTIFACTS, Proc, clean_env, free_port, http_get, python_module
from tests.e2e.widget_steps import (
    bot_texts,
    open_chat,
    reply_buttons,
    send,
    wait_for_bot_text,
)

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

NUMBER = "0800 555 0100"


@pytest.fixture(scope="module")
def page_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, FakeRasaSocket]]:
    web_port = free_port()
    web_url = f"http://127.0.0.1:{web_port}"
    fake = FakeRasaSocket([web_url], NUMBER)
    socket_server = BackgroundServer(fake.app, free_port()).start()
    env = clean_env({"WEBCHAT_SOCKET_URL": socket_server.url, "EMERGENCY_NUMBER": NUMBER})
    web = Proc(
        "webchat-page",
        python_module("channels.webchat", "--port", str(web_port)),
        env,
        tmp_path_factory.mktemp("page"),
    ).start()
    try:
        web.wait_http(f"{web_url}/healthz", 30)
        yield web_url, fake
    finally:
        web.stop()
        socket_server.stop()


def test_page_is_served_with_a_strict_policy_and_the_local_bundle(page_server: Any):
    web_url, _ = page_server
    status, body = http_get(f"{web_url}/vendor/rasa-webchat.js")
    assert status == 200 and b"fonts.googleapis.com" not in body and len(body) > 100_000
    status, html = http_get(f"{web_url}/")
    assert status == 200
    assert b"cdn." not in html and b"https://" not in html
    import json

    status, config = http_get(f"{web_url}/chat-config.json")
    assert json.loads(config)["emergencyNumber"] == NUMBER


def test_widget_journey_against_a_fake_assistant(browser: Any, page_server: Any):
    web_url, fake = page_server
    external: list[str] = []
    errors: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.on(
        "request",
        lambda r: external.append(r.url) if not r.url.startswith("http://127.0.0.1") else None,
    )
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(web_url)
    open_chat(page)
    wait_for_bot_text(page, "Hello! What would you like to know?")

    # Buttons render as buttons and send their payload.
    buttons = reply_buttons(page)
    assert [b.inner_text().strip() for b in buttons] == ["Ice or heat?", "Stretches"]
    buttons[0].click()
    wait_for_bot_text(page, "You asked: Ice or heat?")

    send(page, "Is walking good for me?")
    wait_for_bot_text(page, "You asked: Is walking good for me?")

    send(page, "I suddenly cannot control my bladder")
    banner = page.locator("#clinic-alert")
    banner.wait_for(state="visible", timeout=20_000)
    assert "call 0800 555 0100 now" in banner.inner_text().lower()
    call = page.locator("#clinic-alert a.clinic-alert-call")
    assert call.get_attribute("href") == "tel:08005550100"
    page.screenshot(path=str(ARTIFACTS / "widget-fake-desktop.png"))

    # A reload keeps the conversation and the banner.
    page.reload()
    page.locator("#clinic-alert").wait_for(state="visible", timeout=20_000)
    open_chat(page)
    wait_for_bot_text(page, "You asked: Is walking good for me?")
    assert "Hello! What would you like to know?" in bot_texts(page)
    session_ids = {m.get("session_id") for m in fake.received}
    assert len(session_ids) == 1 and None not in session_ids

    # Dismissing the banner hides it, also after a reload.
    page.locator("#clinic-alert button.clinic-alert-close").click()
    assert not page.locator("#clinic-alert").is_visible()
    page.reload()
    page.wait_for_timeout(1000)
    assert not page.locator("#clinic-alert").is_visible()

    assert external == [], external
    assert errors == [], errors
    context.close()


def test_phone_layout(browser: Any, page_server: Any):
    web_url, _ = page_server
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.goto(web_url)
    open_chat(page)
    wait_for_bot_text(page, "Hello! What would you like to know?")
    send(page, "My bladder is not working")
    page.locator("#clinic-alert").wait_for(state="visible", timeout=20_000)
    call = page.locator("#clinic-alert a.clinic-alert-call").bounding_box()
    assert call is not None and call["x"] >= 0 and call["x"] + call["width"] <= 390
    assert call["height"] >= 40  # big enough to tap
    # Nothing is wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(ARTIFACTS / "widget-fake-phone.png"))
    context.close()


def test_artifacts_folder_is_git_ignored():
    ignore = (Path(__file__).resolve().parents[2] / ".gitignore").read_text()
    assert "artifacts/" in ignore.split()
