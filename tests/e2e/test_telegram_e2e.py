"""Telegram end to end: real Rasa server, fake Bot API on loopback."""

from __future__ import annotations

import itertools
import json

import pytest

from tests.e2e.e2e_fakes import FakeTelegramAPI, dumps, telegram_update
from tests.e2e.e2e_support import (
    EMERGENCY_NUMBER,
    RED_FLAG_MESSAGE,
    Stack,
    http_post,
    skip_without_red_flags,
)

pytestmark = [pytest.mark.e2e]

_update_ids = itertools.count(500_000)
_chat_ids = itertools.count(7_000_001)


def _post(stack: Stack, update: dict, secret: str | None) -> int:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    status, _ = http_post(f"{stack.rasa_url}/webhooks/telegram/webhook", dumps(update), headers)
    return status


def test_webhook_is_registered_with_the_secret(stack: Stack, fake_telegram: FakeTelegramAPI):
    calls = fake_telegram.recorder.wait_for(lambda c: c.method == "setWebhook", timeout=30)
    data = calls[0].data
    assert data["url"] == "https://clinic.example/webhooks/telegram/webhook"
    assert data["secret_token"] == stack.telegram_secret
    assert json.loads(data["allowed_updates"]) == ["message", "callback_query"]


def test_update_with_the_right_secret_is_answered(stack: Stack, fake_telegram: FakeTelegramAPI):
    chat_id = next(_chat_ids)
    update = telegram_update(
        next(_update_ids), chat_id, "Should I use ice or heat for a back spasm?"
    )

    assert _post(stack, update, stack.telegram_secret) == 200

    replies = fake_telegram.recorder.wait_for(
        lambda c: c.method == "sendMessage" and str(c.data.get("chat_id")) == str(chat_id),
        timeout=60,
    )
    texts = " ".join(c.data.get("text", "") for c in fake_telegram.messages(chat_id))
    assert replies and texts.strip()
    assert "ice" in texts.lower() or "heat" in texts.lower()


def test_start_greets_with_an_inline_keyboard(stack: Stack, fake_telegram: FakeTelegramAPI):
    chat_id = next(_chat_ids)
    assert (
        _post(stack, telegram_update(next(_update_ids), chat_id, "/start"), stack.telegram_secret)
        == 200
    )

    with_keyboard = fake_telegram.recorder.wait_for(
        lambda c: c.method == "sendMessage"
        and str(c.data.get("chat_id")) == str(chat_id)
        and "reply_markup" in c.data,
        timeout=60,
    )
    keyboard = json.loads(with_keyboard[0].data["reply_markup"])["inline_keyboard"]
    buttons = [button for row in keyboard for button in row]
    assert buttons and all(len(row) == 1 for row in keyboard)
    assert all(b["text"] and len(b["callback_data"].encode()) <= 64 for b in buttons)

    # Tapping a button sends its payload as the patient's message and gets an answer.
    before = len(fake_telegram.messages(chat_id))
    tap = {
        "update_id": next(_update_ids),
        "callback_query": {
            "id": "cbq-1",
            "from": {"id": chat_id, "is_bot": False, "first_name": "Pat"},
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": chat_id, "type": "private"},
                "text": with_keyboard[0].data.get("text", ""),
                "reply_markup": {"inline_keyboard": keyboard},
            },
            "chat_instance": "1",
            "data": buttons[0]["callback_data"],
        },
    }
    assert _post(stack, tap, stack.telegram_secret) == 200
    fake_telegram.recorder.wait_for(
        lambda c: c.method == "answerCallbackQuery" and c.data.get("callback_query_id") == "cbq-1",
        timeout=30,
    )
    fake_telegram.recorder.wait_for(
        lambda c: c.method == "sendMessage" and str(c.data.get("chat_id")) == str(chat_id),
        count=before + 1,
        timeout=60,
    )


@pytest.mark.parametrize("secret", [None, "", "wrong-secret-0123456789", "x"])
def test_update_without_the_right_secret_is_refused(
    stack: Stack, fake_telegram: FakeTelegramAPI, secret: str | None
):
    chat_id = next(_chat_ids)
    update = telegram_update(next(_update_ids), chat_id, "Hello")

    assert _post(stack, update, secret) == 403

    # A correct update for another chat is answered: by then the refused one would have been too.
    probe_chat = next(_chat_ids)
    probe = telegram_update(next(_update_ids), probe_chat, "Hello")
    assert _post(stack, probe, stack.telegram_secret) == 200
    fake_telegram.recorder.wait_for(
        lambda c: c.method == "sendMessage" and str(c.data.get("chat_id")) == str(probe_chat),
        timeout=60,
    )
    assert fake_telegram.messages(chat_id) == []


def test_redelivered_update_is_answered_once(stack: Stack, fake_telegram: FakeTelegramAPI):
    chat_id = next(_chat_ids)
    update = telegram_update(next(_update_ids), chat_id, "What causes back spasms?")
    # The webhook answers Telegram after the replies are sent, so they are all recorded by now.
    assert _post(stack, update, stack.telegram_secret) == 200
    first = len(fake_telegram.messages(chat_id))
    assert first >= 1

    assert _post(stack, update, stack.telegram_secret) == 200
    assert len(fake_telegram.messages(chat_id)) == first


def test_group_chats_are_not_answered(stack: Stack, fake_telegram: FakeTelegramAPI):
    chat_id = -next(_chat_ids)
    update = telegram_update(next(_update_ids), chat_id, "Hello")
    update["message"]["chat"] = {"id": chat_id, "type": "group", "title": "Family"}
    assert _post(stack, update, stack.telegram_secret) == 200
    assert fake_telegram.messages(chat_id) == []


def test_red_flag_advice_is_plain_text_with_the_number(
    stack: Stack, fake_telegram: FakeTelegramAPI
):
    skip_without_red_flags()
    chat_id = next(_chat_ids)
    update = telegram_update(next(_update_ids), chat_id, RED_FLAG_MESSAGE)
    assert _post(stack, update, stack.telegram_secret) == 200
    replies = fake_telegram.messages(chat_id)
    assert all("parse_mode" not in c.data for c in replies)
    texts = [c.data.get("text", "") for c in replies]
    assert any(EMERGENCY_NUMBER in text for text in texts), texts
    assert any(f"call {EMERGENCY_NUMBER} now" in text.lower() for text in texts), texts
