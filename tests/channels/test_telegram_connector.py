"""Unit tests of the Telegram connector (channels.telegram) against an in-process fake API."""

from __future__ import annotations

import json
from typing import Any, Dict, List, Tuple

import pytest
from aiohttp.test_utils import TestServer
from rasa.shared.exceptions import InvalidConfigException

from channels.telegram import PayloadStore, SecureTelegramInput, SecureTelegramOutput
from tests.channels.channel_fakes import telegram_app

TOKEN = "123456:TEST-token"
SECRET = "s3cret-token_0123456789"
TITLE = "When to see a doctor"


@pytest.fixture
async def fake_api():
    calls: List[Tuple[str, Dict[str, Any]]] = []
    server = TestServer(telegram_app(calls), host="127.0.0.1")
    await server.start_server()
    yield str(server.make_url("")).rstrip("/"), calls
    await server.close()


def _channel(**overrides: Any) -> SecureTelegramInput:
    credentials = {
        "access_token": TOKEN,
        "webhook_url": "https://clinic.example/webhooks/telegram/webhook",
        "secret_token": SECRET,
        **overrides,
    }
    channel = SecureTelegramInput.from_credentials(credentials)
    assert isinstance(channel, SecureTelegramInput)
    return channel


def test_credentials_are_checked():
    assert _channel().api_base_url == "https://api.telegram.org"
    assert _channel(api_base_url="http://127.0.0.1:9/").api_base_url == "http://127.0.0.1:9"
    for bad in ["", "short", "has spaces in it 1234", "x" * 257, "ünïcode-0123456789"]:
        with pytest.raises(InvalidConfigException):
            _channel(secret_token=bad)
    with pytest.raises(InvalidConfigException):
        _channel(access_token="")
    with pytest.raises(InvalidConfigException):
        _channel(webhook_url="")


def test_payload_store_keeps_long_payloads_on_the_server():
    store = PayloadStore()
    assert store.callback_data("short payload") == "short payload"
    long = "When should I see a doctor about back spasms that keep coming back every week?"
    data = store.callback_data(long)
    assert len(data.encode()) <= 64 and data != long
    assert store.payload(data) == long
    assert store.payload("p:unknown") is None
    # A payload that looks like a reference is stored too, so it cannot be confused.
    assert store.callback_data("p:abc") != "p:abc"


def _update(chat_type: str = "private", text: Any = "Hello") -> Dict[str, Any]:
    return {
        "update_id": 1,
        "message": {"message_id": 1, "chat": {"id": 42, "type": chat_type}, "text": text},
    }


def test_updates_are_read_for_private_chats_only():
    channel = _channel()
    assert channel._message_from_update(_update()) == ("42", "Hello", "")
    assert channel._message_from_update(_update(text="/start")) == ("42", "/greet", "")
    assert channel._message_from_update(_update(text="/restart")) == ("42", "restart", "")
    assert channel._message_from_update(_update("group")) is None
    assert channel._message_from_update(_update("supergroup")) is None
    assert channel._message_from_update(_update(text=None)) is None
    assert channel._message_from_update({"update_id": 2, "edited_message": {}}) is None


def test_button_taps_use_the_stored_payload_or_the_title():
    channel = _channel()
    long = "Tell me everything about when to see a doctor for back spasms, please, in detail"
    ref = channel.payloads.callback_data(long)
    tap = {
        "update_id": 3,
        "callback_query": {
            "id": "q1",
            "data": ref,
            "message": {"chat": {"id": 42, "type": "private"}},
        },
    }
    assert channel._message_from_update(tap) == ("42", long, "q1")
    forgotten = {
        "update_id": 4,
        "callback_query": {
            "id": "q2",
            "data": "p:0000",
            "message": {
                "chat": {"id": 42, "type": "private"},
                "reply_markup": {"inline_keyboard": [[{"text": TITLE, "callback_data": "p:0000"}]]},
            },
        },
    }
    assert channel._message_from_update(forgotten) == ("42", TITLE, "q2")


async def test_buttons_are_an_inline_keyboard_one_per_row(fake_api):
    url, calls = fake_api
    output = SecureTelegramOutput(TOKEN, url)
    long = "x" * 100
    await output.send_text_with_buttons(
        "42", "Pick", [{"title": "Ice", "payload": "ice?"}, {"title": "Long", "payload": long}]
    )
    await output.close_session()
    method, data = calls[0]
    assert method == "sendMessage" and data["text"] == "Pick"
    keyboard = json.loads(data["reply_markup"])["inline_keyboard"]
    assert [[b["text"] for b in row] for row in keyboard] == [["Ice"], ["Long"]]
    assert keyboard[0][0]["callback_data"] == "ice?"
    assert output.payloads.payload(keyboard[1][0]["callback_data"]) == long


async def test_escalation_marker_becomes_plain_text_with_the_number(fake_api):
    url, calls = fake_api
    output = SecureTelegramOutput(TOKEN, url, number="999")
    marker = {"escalation": {"urgency": "emergency", "flags": ["x"], "case_id": "c"}}
    await output.send_custom_json("42", marker)
    await output.send_custom_json("42", {"escalation": {"urgency": "bogus"}})
    await output.close_session()
    assert len(calls) == 1
    method, data = calls[0]
    assert method == "sendMessage" and "call 999 now" in data["text"].lower()
    assert "parse_mode" not in data


async def test_webhook_is_registered_with_the_secret(fake_api):
    url, calls = fake_api
    output = SecureTelegramOutput(TOKEN, url)
    assert await output.register_webhook("https://clinic.example/hook", SECRET)
    await output.close_session()
    method, data = calls[0]
    assert method == "setWebhook"
    assert data["secret_token"] == SECRET and data["url"] == "https://clinic.example/hook"
    assert json.loads(data["allowed_updates"]) == ["message", "callback_query"]
