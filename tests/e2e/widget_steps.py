"""Steps on the chat widget page (rasa-webchat's DOM), shared by the browser tests."""

from __future__ import annotations

from typing import Any, List

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

BOT_MESSAGE = ".rw-response"
TIMEOUT_MS = 60_000
OPEN_ATTEMPTS = 3
OPEN_WAIT_MS = 10_000


def open_chat(page: Any) -> None:
    """Opens the widget if it is closed.

    After a reload the widget restores its open state while it renders: the launcher is there
    either way, so it is awaited first, and a click that found the chat just opened (and so
    closed it) is made again.
    """
    launcher, box = page.locator(".rw-launcher"), page.locator(".rw-new-message")
    launcher.wait_for(state="attached", timeout=TIMEOUT_MS)
    for _ in range(OPEN_ATTEMPTS):
        if box.count() and box.is_visible():
            return
        launcher.click()
        try:
            box.wait_for(state="visible", timeout=OPEN_WAIT_MS)
            return
        except PlaywrightTimeoutError:
            continue
    box.wait_for(state="visible", timeout=TIMEOUT_MS)


def bot_texts(page: Any) -> List[str]:
    """Texts of the assistant's messages, in order (not the empty "typing" bubble)."""
    texts = [text.strip() for text in page.locator(BOT_MESSAGE).all_inner_texts()]
    return [text for text in texts if text]


def wait_for_bot_text(page: Any, text: str, timeout_ms: int = TIMEOUT_MS) -> None:
    """Waits for an assistant message containing `text`."""
    page.locator(BOT_MESSAGE, has_text=text).first.wait_for(state="visible", timeout=timeout_ms)


def wait_for_more_bot_messages(page: Any, before: int, timeout_ms: int = TIMEOUT_MS) -> None:
    """Waits until there are more than `before` assistant messages."""
    page.wait_for_function(
        "([selector, n]) => document.querySelectorAll(selector).length > n",
        arg=[BOT_MESSAGE, before],
        timeout=timeout_ms,
    )


def wait_until_idle(page: Any, timeout_ms: int = TIMEOUT_MS) -> None:
    """Waits until the widget shows no "typing" indicator (all queued messages are shown)."""
    page.wait_for_function(
        "() => !document.querySelector('.rw-typing-indication')", timeout=timeout_ms
    )
    page.wait_for_timeout(500)


def reply_buttons(page: Any) -> List[Any]:
    """The quick-reply buttons currently offered."""
    page.locator(".rw-replies .rw-reply").first.wait_for(state="visible", timeout=TIMEOUT_MS)
    return page.locator(".rw-replies .rw-reply").all()


def send(page: Any, text: str) -> None:
    """Types a message and sends it."""
    box = page.locator(".rw-new-message")
    box.fill(text)
    box.press("Enter")
