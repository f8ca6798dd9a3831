"""Unit tests of the Slack connector (channels.slack) against an in-process fake API."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any, Dict, List, Tuple

import pytest
from aiohttp.test_utils import TestServer
from rasa.shared.exceptions import InvalidConfigException

from channels.slack import SecureSlackInput, SecureSlackOutput, verify_signature
from channels.slack_output import alert_blocks
from tests.channels.channel_fakes import slack_app

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
BODY = b'{"type":"event_callback"}'
NOW = 1_700_000_000


def _signature(body: bytes = BODY, ts: int = NOW, secret: str = SECRET) -> str:
    base = f"v0:{ts}:".encode() + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def test_valid_signature_is_accepted():
    assert verify_signature(SECRET, str(NOW), BODY, _signature(), now=NOW + 10)


@pytest.mark.parametrize(
    ("timestamp", "body", "signature", "now"),
    [
        (str(NOW), BODY, None, NOW),  # unsigned
        (None, BODY, _signature(), NOW),  # no timestamp
        (str(NOW), BODY, _signature(secret="other"), NOW),  # wrong secret
        (str(NOW), BODY + b" ", _signature(), NOW),  # body changed
        (str(NOW), BODY, _signature(), NOW + 301),  # stale
        (str(NOW), BODY, _signature(), NOW - 301),  # from the future
        ("abc", BODY, _signature(), NOW),  # not a number
        (str(NOW), BODY, "v0=zz", NOW),  # garbage
        (str(NOW), BODY, _signature().upper(), NOW),  # case matters
    ],
)
def test_bad_or_stale_signatures_are_refused(timestamp, body, signature, now):
    assert not verify_signature(SECRET, timestamp, body, signature, now=now)


def test_empty_signing_secret_never_verifies():
    assert not verify_signature("", str(NOW), BODY, _signature(secret=""), now=NOW)


def test_credentials_need_a_token_and_a_signing_secret():
    with pytest.raises(InvalidConfigException):
        SecureSlackInput.from_credentials({"slack_token": "xoxb-1", "slack_signing_secret": ""})
    with pytest.raises(InvalidConfigException):
        SecureSlackInput.from_credentials({"slack_token": "", "slack_signing_secret": SECRET})
    channel = SecureSlackInput.from_credentials(
        {"slack_token": "xoxb-1", "slack_signing_secret": SECRET, "api_base_url": "http://x/api"}
    )
    assert isinstance(channel, SecureSlackInput) and channel.api_base_url == "http://x/api/"


def _envelope(**event: Any) -> Dict[str, Any]:
    base = {"type": "message", "user": "U1", "text": "hello", "ts": "1.1", "channel": "D1"}
    base.update(event)
    return {"event": base, "authorizations": [{"user_id": "UBOT"}]}


def test_which_events_are_answered():
    channel = SecureSlackInput("xoxb-1", SECRET)
    assert channel._event_text(_envelope(channel_type="im")) == "hello"
    assert channel._event_text(_envelope(type="app_mention", text="<@UBOT> hi")) == "hi"
    assert channel._event_text(_envelope(channel_type="im", text="/greet")) == "greet"
    assert channel._event_text(_envelope(channel_type="channel")) is None
    assert channel._event_text(_envelope(channel_type="im", bot_id="B1")) is None
    assert channel._event_text(_envelope(channel_type="im", subtype="message_changed")) is None
    assert channel._event_text(_envelope(channel_type="im", text="")) is None
    assert channel._event_text(_envelope(type="reaction_added")) is None


@pytest.fixture
async def fake_api():
    calls: List[Tuple[str, Dict[str, Any], str]] = []
    server = TestServer(slack_app(calls), host="127.0.0.1")
    await server.start_server()
    yield str(server.make_url("/api/")), calls
    await server.close()


async def test_text_and_buttons_are_posted_as_the_app(fake_api):
    url, calls = fake_api
    output = SecureSlackOutput("xoxb-1", "D1", api_base_url=url)
    await output.send_text_message("U1", "One.\n\nTwo.")
    await output.send_text_with_buttons("U1", "Pick", [{"title": "Ice", "payload": "ice?"}])
    assert [c[1]["text"] for c in calls] == ["One.", "Two.", "Pick"]
    assert all("as_user" not in c[1] and c[2] == "Bearer xoxb-1" for c in calls)
    actions = calls[2][1]["blocks"][1]
    assert actions["type"] == "actions"
    assert actions["elements"][0]["value"] == "ice?"


async def test_escalation_marker_becomes_a_block_kit_alert(fake_api):
    url, calls = fake_api
    output = SecureSlackOutput("xoxb-1", "D1", api_base_url=url, number="999")
    await output.send_custom_json(
        "U1", {"escalation": {"urgency": "emergency", "flags": ["x"], "case_id": "c"}}
    )
    ((method, data, _),) = calls
    assert method == "chat.postMessage" and data["channel"] == "D1"
    assert data["blocks"] == alert_blocks("emergency", "999")
    assert data["blocks"][0]["type"] == "header"
    assert "999" in data["blocks"][0]["text"]["text"] and "999" in data["text"]


async def test_answers_go_to_the_thread_when_asked(fake_api):
    url, calls = fake_api
    output = SecureSlackOutput("xoxb-1", "C1", thread_id="1.5", api_base_url=url)
    await output.send_text_message("U1", "Hi")
    assert calls[0][1]["thread_ts"] == "1.5"
