"""escalation.watchdog: a backlog the worker leaves behind is logged, alerted and sent."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import List

import pytest

from escalation.notifiers import ALERT_TYPE, SendResult, build_notifiers
from escalation.rules import utcnow
from escalation.service import outbox_from_settings
from escalation.store import CaseStore
from escalation.watchdog import DeliveryWatchdog, alert_text, check_interval
from tests.escalation.helpers import PATIENT_MESSAGE
from tests.escalation.test_worker import escalate

STRANDED = 300.0


def watchdog_for(settings, store: CaseStore, notifiers=None, clock=None) -> DeliveryWatchdog:
    notifiers = build_notifiers(settings) if notifiers is None else notifiers
    outbox = outbox_from_settings(settings, store, notifiers, "test")
    kwargs = {"clock": clock} if clock else {}
    return DeliveryWatchdog(store, outbox, notifiers, STRANDED, **kwargs)


def test_a_stranded_backlog_is_logged_alerted_and_sent(settings, store, webhook, slack, caplog):
    case = escalate(store, now=utcnow() - timedelta(minutes=10))  # no worker ever sent it

    assert watchdog_for(settings, store).check() is True

    bodies = webhook.deliveries()
    alerts = [b for b in bodies if b.get("type") == ALERT_TYPE]
    assert len(alerts) == 1 and case.case_id in alerts[0]["text"]
    assert [b["case_id"] for b in bodies if "case_id" in b] == [case.case_id]
    slack_texts = [p.get("text") or "" for p in slack.posts()]
    assert any(case.case_id in text and "delivery worker" in text for text in slack_texts)
    assert store.backlog()["pending"] == 0
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any("stranded" in message for message in errors), errors
    assert not any(PATIENT_MESSAGE in p.get("text", "") for p in slack.posts() if "blocks" not in p)


def test_a_recent_backlog_is_left_to_the_worker(settings, store, webhook, slack):
    escalate(store, now=utcnow() - timedelta(seconds=30))
    assert watchdog_for(settings, store).check() is False
    assert webhook.deliveries() == [] and slack.posts() == []
    assert store.backlog()["pending"] == 2


class AlertOnlyTarget:
    """A target that refuses every case (so the backlog stays) and counts the alerts."""

    name = "webhook"

    def __init__(self, alerts_ok: bool) -> None:
        self.alerts_ok = alerts_ok
        self.alerts: List[str] = []

    def send(self, delivery) -> SendResult:
        return SendResult(ok=False, error="http_503")

    def alert(self, text: str) -> SendResult:
        self.alerts.append(text)
        return SendResult(ok=self.alerts_ok, error="" if self.alerts_ok else "http_503")


def test_while_it_stays_stranded_the_targets_hear_of_it_once_per_interval(settings, store):
    escalate(store, now=utcnow() - timedelta(minutes=10))
    target = AlertOnlyTarget(alerts_ok=True)
    now = [1000.0]
    watchdog = watchdog_for(settings, store, {"webhook": target}, clock=lambda: now[0])

    assert watchdog.check() and watchdog.check()
    assert len(target.alerts) == 1
    now[0] += 31 * 60
    assert watchdog.check()
    assert len(target.alerts) == 2


def test_an_alert_no_target_took_is_tried_again_at_the_next_check(settings, store):
    escalate(store, now=utcnow() - timedelta(minutes=10))
    target = AlertOnlyTarget(alerts_ok=False)
    watchdog = watchdog_for(settings, store, {"webhook": target}, clock=lambda: 1000.0)

    assert watchdog.check() and watchdog.check()
    assert len(target.alerts) == 2


def test_the_backlog_names_its_oldest_case(store):
    old = escalate(store, "conv-old", now=utcnow() - timedelta(minutes=5))
    escalate(store, "conv-new", now=utcnow())
    backlog = store.backlog()
    assert backlog["oldest_case"] == old.case_id
    assert backlog["pending"] == 4 and backlog["oldest_seconds"] >= 290


@pytest.mark.parametrize("stranded, expected", [(300, 30.0), (10, 2.0), (1, 0.5)])
def test_it_looks_often_enough_to_notice_in_time(stranded, expected):
    assert check_interval(stranded) == expected


def test_the_alert_holds_counts_and_a_case_id_only():
    text = alert_text(3, 900, "abc123")
    assert "3 notification(s)" in text and "15 min" in text and "abc123" in text
