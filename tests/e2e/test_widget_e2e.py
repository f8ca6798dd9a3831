"""The website widget against the real assistant, in headless Chromium (Debian's).

Screenshots are saved in artifacts/ (git-ignored): widget-desktop.png and widget-phone.png.
"""

from __future__ import annotations

from typing import Any, Iterator

import pytest

from tests.e2e.e2e_support import (
    ARTIFACTS,
    EMERGENCY_NUMBER,
    RED_FLAG_MESSAGE,
    Stack,
    skip_without_red_flags,
)
from tests.e2e.widget_steps import (
    BOT_MESSAGE,
    bot_texts,
    open_chat,
    reply_buttons,
    send,
    wait_for_more_bot_messages,
    wait_until_idle,
)

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

QUESTION = "Should I use ice or heat for a back spasm?"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="module")
def page(browser: Any, stack: Stack) -> Iterator[Any]:
    """One desktop page for the module's journey (a conversation in steps)."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.errors = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda error: page.errors.append(str(error)))  # type: ignore[attr-defined]
    page.goto(stack.web_url)
    yield page
    context.close()


def test_greeting_question_and_answer(page: Any):
    open_chat(page)
    wait_for_more_bot_messages(page, 0)
    before = page.locator(BOT_MESSAGE).count()

    send(page, QUESTION)

    page.locator(".rw-client", has_text=QUESTION).wait_for(state="visible", timeout=10_000)
    wait_for_more_bot_messages(page, before)
    wait_until_idle(page)
    answer = " ".join(bot_texts(page)[before:]).lower()
    assert "ice" in answer or "heat" in answer, answer
    assert page.errors == []  # type: ignore[attr-defined]


def test_buttons_render_as_buttons_and_work(page: Any):
    send(page, "hello")
    buttons = reply_buttons(page)
    assert buttons, "the greeting offers buttons"
    title = buttons[0].inner_text().strip()
    assert buttons[0].evaluate("e => getComputedStyle(e).cursor") == "pointer"
    before = page.locator(BOT_MESSAGE).count()

    buttons[0].click()

    page.locator(".rw-client", has_text=title).first.wait_for(state="visible", timeout=10_000)
    wait_for_more_bot_messages(page, before)
    wait_until_idle(page)


def test_red_flag_shows_the_emergency_banner(page: Any):
    skip_without_red_flags()
    send(page, RED_FLAG_MESSAGE)

    banner = page.locator("#clinic-alert")
    banner.wait_for(state="visible", timeout=60_000)
    assert EMERGENCY_NUMBER in banner.inner_text()
    call = page.locator("#clinic-alert a.clinic-alert-call")
    assert call.get_attribute("href") == f"tel:{EMERGENCY_NUMBER}"
    wait_until_idle(page)
    assert EMERGENCY_NUMBER in " ".join(bot_texts(page))


def test_conversation_survives_a_reload(page: Any, browser: Any):
    ARTIFACTS.mkdir(exist_ok=True)
    wait_until_idle(page)
    page.screenshot(path=str(ARTIFACTS / "widget-desktop.png"))
    texts_before = bot_texts(page)
    banner_before = page.locator("#clinic-alert").is_visible()

    page.reload()
    open_chat(page)
    page.locator(".rw-client", has_text=QUESTION).wait_for(state="visible", timeout=30_000)
    assert bot_texts(page)[: len(texts_before)] == texts_before
    assert page.locator("#clinic-alert").is_visible() == banner_before

    # The same conversation on a phone-sized screen (same browser storage).
    phone = browser.new_context(storage_state=page.context.storage_state(), **PHONE)
    phone_page = phone.new_page()
    phone_page.goto(page.url)
    open_chat(phone_page)
    phone_page.locator(".rw-client", has_text=QUESTION).wait_for(state="visible", timeout=30_000)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    phone_page.locator(".rw-new-message").wait_for(state="visible")
    box = phone_page.locator(".rw-new-message").bounding_box()
    assert box is not None and box["y"] + box["height"] <= 844
    wait_until_idle(phone_page)
    phone_page.screenshot(path=str(ARTIFACTS / "widget-phone.png"))
    phone.close()
