"""Slack end to end: real Rasa server, fake Slack Web API on loopback."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from typing import Dict, Optional
from urllib.parse import urlencode

import pytest

from tests.e2e.e2e_fakes import FakeSlackAPI, dumps, slack_event
from tests.e2e.e2e_support import (
    EMERGENCY_NUMBER,
    RED_FLAG_MESSAGE,
    Stack,
    http_post,
    skip_without_red_flags,
)

pytestmark = [pytest.mark.e2e]

_ids = itertools.count(1)


def _sign(secret: str, body: bytes, timestamp: Optional[int] = None) -> Dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


def _post(stack: Stack, body: bytes, headers: Dict[str, str], json_body: bool = True) -> int:
    content_type = "application/json" if json_body else "application/x-www-form-urlencoded"
    status, _ = http_post(
        f"{stack.rasa_url}/webhooks/slack/webhook", body, {"Content-Type": content_type, **headers}
    )
    return status


def _new_ids() -> tuple[str, str, str]:
    n = next(_ids)
    return f"Ev{n:06d}", f"U{n:06d}", f"D{n:06d}"


def _settle(fake: FakeSlackAPI, channel: str, seconds: float = 4.0) -> int:
    """Waits until no new message arrives in `channel` for `seconds`; returns the count."""
    count, quiet_since = len(fake.messages(channel)), time.monotonic()
    while time.monotonic() - quiet_since < seconds:
        time.sleep(0.25)
        now = len(fake.messages(channel))
        if now != count:
            count, quiet_since = now, time.monotonic()
    return count


def _wait_answer(fake: FakeSlackAPI, channel: str, timeout: float = 60.0) -> None:
    """Waits until an FAQ answer (it names its source) has been posted in `channel`.

    Slack events are answered in the background, the disclaimer first: waiting for the answer
    itself, not for a pause, keeps a slow machine from being mistaken for a missing answer.
    """
    fake.recorder.wait_for(
        lambda c: c.method == "chat.postMessage"
        and c.data.get("channel") == channel
        and "source" in c.data.get("text", "").lower(),
        timeout=timeout,
    )


def test_url_verification_needs_a_signature(stack: Stack):
    body = dumps({"type": "url_verification", "challenge": "abc123", "token": "x"})
    status, reply = http_post(
        f"{stack.rasa_url}/webhooks/slack/webhook",
        body,
        {"Content-Type": "application/json", **_sign(stack.slack_signing_secret, body)},
    )
    assert status == 200 and json.loads(reply)["challenge"] == "abc123"
    assert _post(stack, body, {}) == 401


def test_signed_message_is_answered(stack: Stack, fake_slack: FakeSlackAPI):
    event_id, user, channel = _new_ids()
    body = dumps(slack_event(event_id, user, channel, "Should I use ice or heat for a back spasm?"))

    assert _post(stack, body, _sign(stack.slack_signing_secret, body)) == 200

    calls = fake_slack.recorder.wait_for(
        lambda c: c.method == "chat.postMessage" and c.data.get("channel") == channel, timeout=60
    )
    assert calls[0].headers["Authorization"] == "Bearer xoxb-test-token-for-the-fake-api"
    assert "as_user" not in calls[0].data
    _wait_answer(fake_slack, channel)
    text = " ".join(c.data.get("text", "") for c in fake_slack.messages(channel)).lower()
    assert "ice" in text or "heat" in text


def test_greeting_buttons_are_block_kit_buttons(stack: Stack, fake_slack: FakeSlackAPI):
    event_id, user, channel = _new_ids()
    body = dumps(slack_event(event_id, user, channel, "hello"))
    assert _post(stack, body, _sign(stack.slack_signing_secret, body)) == 200
    calls = fake_slack.recorder.wait_for(
        lambda c: c.method == "chat.postMessage"
        and c.data.get("channel") == channel
        and any(b.get("type") == "actions" for b in c.data.get("blocks") or []),
        timeout=60,
    )
    actions = next(b for b in calls[0].data["blocks"] if b["type"] == "actions")
    assert actions["elements"] and all(e["type"] == "button" for e in actions["elements"])

    # A click on a button arrives as a signed interactivity payload and gets an answer.
    before = _settle(fake_slack, channel, 2.0)
    button = actions["elements"][0]
    payload = {
        "type": "block_actions",
        "user": {"id": user},
        "channel": {"id": channel},
        "message": {"ts": "1700000000.000100"},
        "actions": [{**button, "action_ts": f"{time.time():.6f}"}],
    }
    form = urlencode({"payload": json.dumps(payload)}).encode()
    assert _post(stack, form, _sign(stack.slack_signing_secret, form), json_body=False) == 200
    fake_slack.recorder.wait_for(
        lambda c: c.method == "chat.postMessage" and c.data.get("channel") == channel,
        count=before + 1,
        timeout=60,
    )


@pytest.mark.parametrize(
    "case", ["unsigned", "wrong secret", "tampered body", "stale", "from the future", "bad header"]
)
def test_unsigned_bad_or_stale_requests_are_rejected(
    stack: Stack, fake_slack: FakeSlackAPI, case: str
):
    event_id, user, channel = _new_ids()
    body = dumps(slack_event(event_id, user, channel, "hello"))
    secret = stack.slack_signing_secret
    headers = {
        "unsigned": {},
        "wrong secret": _sign("not-the-signing-secret", body),
        "tampered body": _sign(secret, body.replace(b"hello", b"hellO")),
        "stale": _sign(secret, body, int(time.time()) - 6 * 60),
        "from the future": _sign(secret, body, int(time.time()) + 6 * 60),
        "bad header": {"X-Slack-Request-Timestamp": "soon", "X-Slack-Signature": "v0=00"},
    }[case]

    assert _post(stack, body, headers) == 401
    time.sleep(1.0)
    assert fake_slack.messages(channel) == []


def test_retry_is_not_answered_twice(stack: Stack, fake_slack: FakeSlackAPI):
    event_id, user, channel = _new_ids()
    body = dumps(slack_event(event_id, user, channel, "What causes back spasms?"))
    assert _post(stack, body, _sign(stack.slack_signing_secret, body)) == 200
    _wait_answer(fake_slack, channel)
    answered = _settle(fake_slack, channel)

    for attempt in (1, 2):
        retry_headers = {
            **_sign(stack.slack_signing_secret, body),
            "X-Slack-Retry-Num": str(attempt),
            "X-Slack-Retry-Reason": "http_timeout",
        }
        assert _post(stack, body, retry_headers) == 200
    assert _settle(fake_slack, channel, 3.0) == answered


def test_app_mention_with_its_message_is_answered_once(stack: Stack, fake_slack: FakeSlackAPI):
    n = next(_ids)
    user, channel, ts = f"U{n:06d}", f"C{n:06d}", f"{time.time():.6f}"
    text = "<@UBOT> What causes back spasms?"
    mention = slack_event(f"EvA{n:06d}", user, channel, text, kind="app_mention", ts=ts)
    message = slack_event(f"EvM{n:06d}", user, channel, text, kind="message", ts=ts)
    message["event"]["channel_type"] = "im"  # even where the message event is one we answer

    for envelope in (mention, message):
        body = dumps(envelope)
        assert _post(stack, body, _sign(stack.slack_signing_secret, body)) == 200
    _wait_answer(fake_slack, channel)
    once = _settle(fake_slack, channel)

    # The same question asked by itself in a new conversation gets as many messages.
    event_id, user2, channel2 = _new_ids()
    body = dumps(slack_event(event_id, user2, channel2, "What causes back spasms?"))
    assert _post(stack, body, _sign(stack.slack_signing_secret, body)) == 200
    _wait_answer(fake_slack, channel2)
    assert once == _settle(fake_slack, channel2)


def test_bot_messages_and_edits_are_ignored(stack: Stack, fake_slack: FakeSlackAPI):
    event_id, user, channel = _new_ids()
    from_bot = slack_event(event_id, user, channel, "hello")
    from_bot["event"]["bot_id"] = "B0001"
    edited = slack_event(event_id + "e", user, channel, "hello")
    edited["event"]["subtype"] = "message_changed"
    for envelope in (from_bot, edited):
        body = dumps(envelope)
        assert _post(stack, body, _sign(stack.slack_signing_secret, body)) == 200
    time.sleep(2.0)
    assert fake_slack.messages(channel) == []


def test_red_flag_advice_stands_out(stack: Stack, fake_slack: FakeSlackAPI):
    skip_without_red_flags()
    event_id, user, channel = _new_ids()
    body = dumps(slack_event(event_id, user, channel, RED_FLAG_MESSAGE))
    assert _post(stack, body, _sign(stack.slack_signing_secret, body)) == 200
    alerts = fake_slack.recorder.wait_for(
        lambda c: c.method == "chat.postMessage"
        and c.data.get("channel") == channel
        and any(b.get("type") == "header" for b in c.data.get("blocks") or []),
        timeout=60,
    )
    header = next(b for b in alerts[0].data["blocks"] if b["type"] == "header")
    assert f"call {EMERGENCY_NUMBER} now" in header["text"]["text"].lower()
