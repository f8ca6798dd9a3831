import json
import time
from email.utils import formatdate

import pytest

from clinic.settings import Settings
from escalation.notifiers import (
    SlackNotifier,
    WebhookNotifier,
    build_notifiers,
    parse_retry_after,
    sign,
    verify_signature,
)
from escalation.queue import ClaimedDelivery
from tests.escalation.helpers import PATIENT_MESSAGE, SECRET, SLACK_CHANNEL, SLACK_TOKEN


def delivery(revision=1, thread_ref=None):
    return ClaimedDelivery(
        id=1,
        case_id="ESC-TESTCASE",
        target="webhook",
        revision=revision,
        snapshot={
            "case_id": "ESC-TESTCASE",
            "revision": revision,
            "changes": ["opened"],
            "urgency": "emergency",
            "flags": ["saddle_anaesthesia"],
            "reports": [{"at": "t", "text": PATIENT_MESSAGE}],
            "transcript": [],
            "conversation_id": "c",
            "channel": "rest",
        },
        attempts=1,
        thread_ref=thread_ref,
    )


def test_webhook_is_signed_and_carries_the_idempotency_key(webhook, catalogue):
    notifier = WebhookNotifier(webhook.url, SECRET, timeout=(1, 2), catalogue=catalogue)
    before = int(time.time())
    result = notifier.send(delivery(revision=3))

    assert result.ok and result.error == ""
    [request] = webhook.requests
    assert request.method == "POST" and request.path == "/escalations"
    assert request.extra["signature_valid"] is True
    assert verify_signature(SECRET, request.body, request.headers["x-escalation-signature"])
    assert request.headers["x-escalation-signature"] == sign(SECRET, request.body)
    assert request.headers["x-escalation-signature"].startswith("sha256=")
    assert request.headers["idempotency-key"] == "ESC-TESTCASE:3"
    assert before <= int(request.headers["x-escalation-timestamp"]) <= int(time.time())
    assert request.headers["content-type"].startswith("application/json")
    body = request.json()
    assert body["case_id"] == "ESC-TESTCASE" and body["flags"][0]["may_indicate"]


def test_signature_fails_for_another_secret_or_body():
    body = b'{"a":1}'
    assert verify_signature("s", body, sign("s", body))
    assert not verify_signature("other", body, sign("s", body))
    assert not verify_signature("s", body + b" ", sign("s", body))
    assert not verify_signature("s", body, None)


def test_webhook_rejection_is_a_failure(webhook):
    result = WebhookNotifier(webhook.url, "wrong-secret", timeout=(1, 2)).send(delivery())
    assert not result.ok and result.error == "http_401"


def test_webhook_down_and_slow_are_failures_within_the_timeout(webhook):
    webhook.set_mode("slow", delay=1.5)
    started = time.monotonic()
    result = WebhookNotifier(webhook.url, SECRET, timeout=(0.5, 0.3)).send(delivery())
    assert not result.ok and result.error == "timeout"
    assert time.monotonic() - started < 1.2

    webhook.down()
    result = WebhookNotifier(webhook.url, SECRET, timeout=(0.5, 0.5)).send(delivery())
    assert not result.ok and result.error == "connection_error"


def test_webhook_503_with_retry_after(webhook):
    webhook.set_mode("fail", retry_after=7)
    result = WebhookNotifier(webhook.url, SECRET, timeout=(1, 2)).send(delivery())
    assert not result.ok and result.error == "http_503" and result.retry_after == 7


def test_slack_post_succeeds_only_with_ok_true(slack, catalogue):
    notifier = SlackNotifier(
        SLACK_TOKEN, SLACK_CHANNEL, slack.api_base_url, timeout=(1, 2), catalogue=catalogue
    )
    result = notifier.send(delivery())
    assert result.ok and result.external_ref == "1700000000.000001"
    [request] = slack.requests
    assert request.path == "/api/chat.postMessage"
    assert request.headers["authorization"] == f"Bearer {SLACK_TOKEN}"
    assert request.json()["channel"] == SLACK_CHANNEL

    slack.set_mode("error")
    result = notifier.send(delivery())
    assert not result.ok and result.error == "slack_channel_not_found"


def test_slack_bad_token_is_a_failure(slack):
    result = SlackNotifier("xoxb-wrong", SLACK_CHANNEL, slack.api_base_url).send(delivery())
    assert not result.ok and result.error == "slack_invalid_auth"


def test_slack_rate_limit_and_server_error(slack):
    notifier = SlackNotifier(SLACK_TOKEN, SLACK_CHANNEL, slack.api_base_url, timeout=(1, 2))
    slack.set_mode("ratelimit", retry_after=30)
    result = notifier.send(delivery())
    assert not result.ok and result.error == "http_429" and result.retry_after == 30
    slack.set_mode("fail", fail_status=500)
    assert notifier.send(delivery()).error == "http_500"
    slack.down()
    assert notifier.send(delivery()).error == "connection_error"


def test_slack_update_is_posted_in_the_thread(slack):
    notifier = SlackNotifier(SLACK_TOKEN, SLACK_CHANNEL, slack.api_base_url, timeout=(1, 2))
    assert notifier.send(delivery(revision=2, thread_ref="1700000000.000009")).ok
    assert slack.requests[0].json()["thread_ts"] == "1700000000.000009"


def test_only_fully_configured_targets_are_built(caplog):
    assert build_notifiers(Settings()) == {}
    both = build_notifiers(
        Settings(
            escalation_webhook_url="https://clinic.example/hook",
            escalation_webhook_secret="s",
            slack_escalation_token="xoxb-1",
            slack_escalation_channel="C1",
        )
    )
    assert sorted(both) == ["slack", "webhook"]
    partial = build_notifiers(
        Settings(escalation_webhook_url="https://clinic.example/hook", slack_escalation_token="x")
    )
    assert partial == {}
    assert "not configured" in caplog.text


def test_plain_http_webhook_outside_loopback_is_warned_about(caplog):
    WebhookNotifier("http://clinic.example/hook", "s")
    assert "not https" in caplog.text


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12", 12.0), (" 0 ", 0.0), ("-3", 0.0), (None, None), ("", None), ("soon", None)],
)
def test_parse_retry_after_seconds(value, expected):
    assert parse_retry_after(value) == expected


def test_parse_retry_after_http_date():
    now = time.time()
    assert 55 <= parse_retry_after(formatdate(now + 60, usegmt=True), now=now) <= 61


def test_webhook_body_bytes_are_what_is_signed(webhook):
    WebhookNotifier(webhook.url, SECRET, timeout=(1, 2)).send(delivery())
    request = webhook.requests[0]
    assert json.loads(request.body)["schema"] == "backspasm.escalation.v1"
