"""Steps on the chat widget page (rasa-webchat's DOM), shared by the browser tests."""

from __future__ import annotations

from typing import Any, List

BOT_MESSAGE = ".rw-response"
TIMEOUT_MS = 60_000


def open_chat(page: Any) -> None:
    """Opens the widget if it is closed."""
    if page.locator(".rw-new-message").count() and page.locator(".rw-new-message").is_visible():
        return
    page.locator(".rw-launcher").click()
    page.locator(".rw-new-message").wait_for(state="visible", timeout=TIMEOUT_MS)


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
