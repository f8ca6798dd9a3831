import random
import threading
import time
from datetime import datetime, timedelta

import pytest

from escalation.db import StoreError
from escalation.notifiers import SendResult, SlackNotifier, WebhookNotifier
from escalation.outbox import RECORD_PAUSES, Outbox, RetryPolicy
from escalation.rules import utcnow
from escalation.store import CaseStore
from tests.escalation.helpers import PATIENT_MESSAGE, SECRET, SLACK_CHANNEL, SLACK_TOKEN


class Clock:
    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def escalate(
    store, conversation="conv-1", urgency="urgent", flags=("fever",), targets=None, now=None
):
    return store.record_escalation(
        conversation_id=conversation,
        urgency=urgency,
        flags=list(flags),
        message=PATIENT_MESSAGE,
        transcript=[],
        channel="rest",
        targets=targets or ["webhook"],
        now=now,
    )


def webhook_notifier(webhook):
    return WebhookNotifier(webhook.url, SECRET, timeout=(0.5, 1.0))


def slack_notifier(slack):
    return SlackNotifier(SLACK_TOKEN, SLACK_CHANNEL, slack.api_base_url, timeout=(0.5, 1.0))


def deliveries(store, case_id):
    return store.get_case(case_id)["deliveries"]


def test_retry_policy_is_exponential_jittered_and_capped():
    policy = RetryPolicy(base=2, cap=60)
    rng = random.Random(1)
    for attempt, ceiling in [(1, 2), (2, 4), (3, 8), (4, 16), (5, 32), (6, 60), (20, 60)]:
        for _ in range(20):
            assert ceiling / 2 <= policy.delay(attempt, rng=rng) <= ceiling
    assert policy.delay(1, retry_after=30, rng=rng) >= 30
    assert policy.delay(1, retry_after=10**9, rng=rng) <= 3600


def test_receiver_down_then_up_delivers_exactly_once(store, webhook):
    clock = Clock()
    case = escalate(store, now=clock())
    outbox = Outbox(store, {"webhook": webhook_notifier(webhook)}, RetryPolicy(5, 60), clock=clock)
    webhook.down()

    run = outbox.run_once()
    assert (run.delivered, run.failed) == (0, 1)
    [row] = deliveries(store, case.case_id)
    assert row["status"] == "pending" and row["attempts"] == 1
    assert row["last_error"] == "connection_error"

    assert outbox.run_once().attempted == 0  # not due yet: backing off
    clock.advance(5)
    assert outbox.run_once().failed == 1  # still down
    clock.advance(10)
    webhook.up()
    assert outbox.run_once().delivered == 1
    clock.advance(3600)
    assert outbox.run_once().attempted == 0  # never resent

    [request] = webhook.requests
    assert request.headers["idempotency-key"] == f"{case.case_id}:1"
    assert request.json()["patient_words"][0]["text"] == PATIENT_MESSAGE
    [row] = deliveries(store, case.case_id)
    assert row["status"] == "delivered" and row["attempts"] == 3 and row["delivered_at"]


def test_failing_receiver_keeps_the_delivery_and_uses_retry_after(store, webhook):
    clock = Clock()
    case = escalate(store, now=clock())
    webhook.set_mode("fail", retry_after=120)
    outbox = Outbox(store, {"webhook": webhook_notifier(webhook)}, RetryPolicy(1, 5), clock=clock)
    for _ in range(6):
        outbox.run_once()
        clock.advance(30)
    # Retry-After 120 s: one attempt every 120 s at most, over 180 s of trying.
    assert len(webhook.requests) == 2
    webhook.set_mode("ok")
    clock.advance(120)
    assert outbox.run_once().delivered == 1
    assert deliveries(store, case.case_id)[0]["status"] == "delivered"


def test_restart_new_outbox_picks_pending_deliveries_up(db_url, webhook, slack):
    first_store = CaseStore(db_url)
    case = escalate(first_store, targets=["webhook", "slack"])
    webhook.down()
    slack.down()
    Outbox(
        first_store,
        {"webhook": webhook_notifier(webhook), "slack": slack_notifier(slack)},
        RetryPolicy(0.01, 0.01),
    ).run_once()
    first_store.dispose()  # the process stops

    webhook.up()
    slack.up()
    restarted = CaseStore(db_url)
    outbox = Outbox(
        restarted, {"webhook": webhook_notifier(webhook), "slack": slack_notifier(slack)}
    )
    time.sleep(0.05)  # the 0.01 s backoff has passed
    assert outbox.run_once().delivered == 2
    assert [d["status"] for d in deliveries(restarted, case.case_id)] == ["delivered"] * 2
    assert len(webhook.deliveries()) == 1 and len(slack.posts()) == 1
    restarted.dispose()


def test_lease_expiry_resends_with_the_same_idempotency_key(store, webhook):
    clock = Clock()
    case = escalate(store, now=clock())
    # A worker claimed, sent, and died before recording the outcome.
    [claimed] = store.claim_due("dead-worker", ["webhook"], 60, now=clock())
    assert webhook_notifier(webhook).send(claimed).ok

    outbox = Outbox(store, {"webhook": webhook_notifier(webhook)}, lease_seconds=60, clock=clock)
    assert outbox.run_once().attempted == 0  # the lease still holds
    clock.advance(61)
    assert outbox.run_once().delivered == 1
    first, second = webhook.requests
    key = f"{case.case_id}:1"
    assert first.headers["idempotency-key"] == second.headers["idempotency-key"] == key
    assert second.extra["duplicate"] is True  # the receiver can drop it
    assert first.body == second.body


class BusyStore:
    """A case store whose first `busy` attempts to record a delivery fail as a locked database."""

    def __init__(self, store: CaseStore, busy: int) -> None:
        self._store = store
        self.busy = busy

    def __getattr__(self, name):
        return getattr(self._store, name)

    def mark_delivered(self, *args, **kwargs):
        if self.busy > 0:
            self.busy -= 1
            raise StoreError("database error (OperationalError)")
        return self._store.mark_delivered(*args, **kwargs)


def test_a_busy_database_does_not_cost_a_second_notification(store, webhook):
    clock = Clock()
    case = escalate(store, now=clock())
    pauses = []
    busy = BusyStore(store, busy=len(RECORD_PAUSES))
    outbox = Outbox(busy, {"webhook": webhook_notifier(webhook)}, clock=clock, sleep=pauses.append)

    assert outbox.run_once().delivered == 1
    assert pauses == list(RECORD_PAUSES)
    assert [row["status"] for row in deliveries(store, case.case_id)] == ["delivered"]
    clock.advance(3600)
    assert outbox.run_once().attempted == 0
    assert len(webhook.requests) == 1


def test_a_send_that_cannot_be_recorded_is_resent_with_its_key(store, webhook, caplog):
    clock = Clock()
    case = escalate(store, now=clock())
    busy = BusyStore(store, busy=len(RECORD_PAUSES) + 1)
    outbox = Outbox(
        busy, {"webhook": webhook_notifier(webhook)}, lease_seconds=60, clock=clock, sleep=float
    )

    with pytest.raises(StoreError):
        outbox.run_once()
    assert "could not be recorded" in caplog.text
    clock.advance(61)
    assert outbox.run_once().delivered == 1
    first, second = webhook.requests
    assert first.headers["idempotency-key"] == second.headers["idempotency-key"]
    assert second.extra["duplicate"] is True
    assert [row["status"] for row in deliveries(store, case.case_id)] == ["delivered"]


def test_concurrent_workers_do_not_double_send(db_url, webhook):
    writer = CaseStore(db_url)
    for i in range(12):
        escalate(writer, f"conv-{i}")
    stores = [CaseStore(db_url, timeout=10) for _ in range(3)]
    outboxes = [
        Outbox(s, {"webhook": webhook_notifier(webhook)}, owner=f"w{i}")
        for i, s in enumerate(stores)
    ]
    threads = [threading.Thread(target=o.run_once) for o in outboxes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    keys = [r.headers["idempotency-key"] for r in webhook.requests]
    assert len(keys) == 12 and len(set(keys)) == 12
    for s in [writer, *stores]:
        s.dispose()


def test_only_the_latest_revision_is_sent_when_updates_pile_up(store, webhook):
    case = escalate(store, urgency="soon", flags=["a"])
    escalate(store, urgency="urgent", flags=["b"])
    escalate(store, urgency="emergency", flags=["c"])
    outbox = Outbox(store, {"webhook": webhook_notifier(webhook)})
    assert outbox.run_once().delivered == 1
    [request] = webhook.requests
    body = request.json()
    assert body["revision"] == 3 and body["urgency"] == "emergency"
    assert [f["id"] for f in body["flags"]] == ["a", "b", "c"]
    assert [d["status"] for d in deliveries(store, case.case_id)] == [
        "superseded",
        "superseded",
        "delivered",
    ]


def test_updates_after_delivery_are_sent_and_threaded_in_slack(store, slack):
    case = escalate(store, targets=["slack"])
    outbox = Outbox(store, {"slack": slack_notifier(slack)})
    assert outbox.run_once().delivered == 1
    store.record_contact("conv-1", "Ann", "+442079460958", "rest", None, ["slack"], case.case_id)
    assert outbox.run_once().delivered == 1
    first, update = slack.posts()
    assert "thread_ts" not in first
    assert update["thread_ts"] == slack.requests[0].extra["ts"]


def test_emergencies_go_first(store, webhook):
    escalate(store, "soon-case", urgency="soon")
    escalate(store, "emergency-case", urgency="emergency")
    Outbox(store, {"webhook": webhook_notifier(webhook)}).run_once()
    assert [r.json()["urgency"] for r in webhook.requests] == ["emergency", "soon"]


def test_a_crashing_notifier_is_a_failed_attempt(store):
    class Broken:
        name = "webhook"

        def send(self, delivery):
            raise RuntimeError("bug")

    case = escalate(store)
    run = Outbox(store, {"webhook": Broken()}).run_once()
    assert run.failed == 1
    [row] = deliveries(store, case.case_id)
    assert row["status"] == "pending" and row["last_error"] == "exception:RuntimeError"


def test_deliveries_for_unconfigured_targets_wait(store, webhook):
    case = escalate(store, targets=["webhook", "slack"])
    Outbox(store, {"webhook": webhook_notifier(webhook)}).run_once()
    statuses = {d["target"]: d["status"] for d in deliveries(store, case.case_id)}
    assert statuses == {"webhook": "delivered", "slack": "pending"}
    assert Outbox(store, {}).run_once().attempted == 0


def test_case_filter_only_touches_that_case(store, webhook):
    one = escalate(store, "one")
    two = escalate(store, "two")
    Outbox(store, {"webhook": webhook_notifier(webhook)}).run_once(case_id=two.case_id)
    assert deliveries(store, one.case_id)[0]["status"] == "pending"
    assert deliveries(store, two.case_id)[0]["status"] == "delivered"


@pytest.mark.parametrize("result", [SendResult(ok=False, error="x", retry_after=None)])
def test_failed_attempts_are_logged_without_patient_data(store, caplog, result):
    class Failing:
        name = "webhook"

        def send(self, delivery):
            return result

    escalate(store)
    Outbox(store, {"webhook": Failing()}).run_once()
    assert "not delivered to webhook (x, attempt 1)" in caplog.text
