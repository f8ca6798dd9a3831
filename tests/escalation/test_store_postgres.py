"""The case store on PostgreSQL (run when ESCALATION_TEST_PG_URL points at a scratch database).

Example: `ESCALATION_TEST_PG_URL=postgresql://postgres@127.0.0.1:55432/escalations_test`.
The tables are dropped before and after.
"""

import os
import threading
from datetime import timedelta

import pytest
from sqlalchemy import event

from escalation.db import Base
from escalation.notifiers import WebhookNotifier
from escalation.outbox import Outbox
from escalation.rules import utcnow
from escalation.store import CaseStore
from tests.escalation.helpers import SECRET

PG_URL = os.environ.get("ESCALATION_TEST_PG_URL", "")

pytestmark = pytest.mark.skipif(not PG_URL, reason="ESCALATION_TEST_PG_URL is not set")

TARGETS = ["webhook", "slack"]


@pytest.fixture
def pg_store():
    store = CaseStore(PG_URL, timeout=5)
    Base.metadata.drop_all(store.engine)
    store.dispose()
    store = CaseStore(PG_URL, timeout=5)
    yield store
    Base.metadata.drop_all(store.engine)
    store.dispose()


def escalate(store, conversation="conv-1", urgency="urgent", flags=("a",), now=None):
    return store.record_escalation(
        conversation_id=conversation,
        urgency=urgency,
        flags=list(flags),
        message="words",
        transcript=[],
        channel="rest",
        targets=TARGETS,
        now=now,
    )


def test_upsert_episode_and_purge(pg_store):
    first = escalate(pg_store)
    second = escalate(pg_store, urgency="emergency", flags=["b"])
    assert second.case_id == first.case_id and second.revision == 2
    assert second.flags == ["a", "b"]
    later = escalate(pg_store, now=utcnow() + timedelta(hours=13))
    assert later.case_id != first.case_id
    contact = pg_store.record_contact("conv-1", "Ann", "+442079460958", "rest", None, TARGETS)
    assert contact.case_id == later.case_id and contact.changes == ["contact_added"]
    for delivery in pg_store.claim_due("w", TARGETS, 60, limit=10):
        pg_store.mark_delivered(delivery.id)
    assert pg_store.purge(30, now=utcnow() + timedelta(days=31)) == 2


def test_concurrent_writers_and_claimers(pg_store, webhook):
    stores = [CaseStore(PG_URL, timeout=10) for _ in range(4)]
    results, errors = [], []

    def write(i):
        try:
            results.append(escalate(stores[i % 4], flags=[f"f{i}"]))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and len({r.case_id for r in results}) == 1
    case = pg_store.get_case(results[0].case_id)
    assert len(case["flags"]) == 8 and case["revision"] == 8

    for i in range(10):
        escalate(pg_store, f"other-{i}")
    outboxes = [
        Outbox(s, {"webhook": WebhookNotifier(webhook.url, SECRET, timeout=(1, 2))}, owner=f"w{i}")
        for i, s in enumerate(stores)
    ]
    threads = [threading.Thread(target=o.run_once) for o in outboxes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    keys = [r.headers["idempotency-key"] for r in webhook.requests]
    assert len(keys) == 11 and len(set(keys)) == 11
    for store in stores:
        store.dispose()


def test_a_claim_is_one_statement_with_skip_locked(pg_store):
    escalate(pg_store)
    seen = []
    event.listen(
        pg_store.engine,
        "before_cursor_execute",
        lambda _c, _cur, sql, _p, _ctx, _many: seen.append(sql),
    )
    assert pg_store.queue.claim("w", TARGETS, 60) is not None
    [sql] = [s for s in seen if s.split()[0].upper() not in ("BEGIN", "COMMIT")]
    assert sql.lstrip().upper().startswith("UPDATE") and "FOR UPDATE SKIP LOCKED" in sql
    assert "RETURNING" in sql
