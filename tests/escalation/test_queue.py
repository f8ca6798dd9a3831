"""The delivery queue: one statement per claim, the fallback without RETURNING, schema."""

from datetime import timedelta

import pytest
from sqlalchemy import event, inspect, select

from escalation.db import SCHEMA_VERSION, SchemaInfo, StoreError
from escalation.rules import utcnow
from escalation.store import CaseStore


def escalate(store, conversation="conv-1", urgency="urgent", flags=("fever",), now=None):
    return store.record_escalation(
        conversation_id=conversation,
        urgency=urgency,
        flags=list(flags),
        message="words",
        transcript=[],
        channel="rest",
        targets=["webhook"],
        now=now,
    )


def statements(store):
    seen = []
    event.listen(
        store.engine,
        "before_cursor_execute",
        lambda _c, _cur, sql, _p, _ctx, _many: seen.append(sql.split()[0].upper()),
    )
    return seen


def test_a_claim_is_one_statement_on_sqlite(store):
    assert store.db.supports_returning  # SQLite >= 3.35 in this environment
    record = escalate(store)
    seen = statements(store)
    claimed = store.queue.claim("w", ["webhook"], 60)
    assert claimed is not None and claimed.case_id == record.case_id and claimed.attempts == 1
    assert [s for s in seen if s not in ("BEGIN", "COMMIT")] == ["UPDATE"]
    assert store.queue.claim("w2", ["webhook"], 60) is None


def test_the_fallback_without_returning_claims_the_same(store, monkeypatch):
    monkeypatch.setattr(type(store.db), "supports_returning", property(lambda _self: False))
    first = escalate(store, "a", urgency="soon")
    second = escalate(store, "b", urgency="emergency")
    claimed = store.claim_due("w", ["webhook"], 60, limit=5)
    assert [c.case_id for c in claimed] == [second.case_id, first.case_id]
    assert store.claim_due("w", ["webhook"], 60) == []


def test_a_stale_revision_whose_worker_died_is_superseded(store):
    now = utcnow()
    case = escalate(store, now=now)
    [old] = store.claim_due("dead", ["webhook"], 60, now=now)
    store.record_contact("conv-1", "Ann", "+442079460958", "rest", None, ["webhook"], now=now)
    later = now + timedelta(seconds=61)
    assert store.queue.supersede_stale(now=later) == 1
    [claimed] = store.claim_due("w", ["webhook"], 60, now=later)
    assert claimed.revision == 2 and claimed.id != old.id
    statuses = [d["status"] for d in store.get_case(case.case_id)["deliveries"]]
    assert statuses == ["superseded", "sending"]


def test_the_schema_version_is_recorded_and_a_newer_one_refused(db_url):
    store = CaseStore(db_url)
    with store.engine.connect() as connection:
        assert connection.execute(select(SchemaInfo.version)).scalar_one() == SCHEMA_VERSION
    with store.engine.begin() as connection:
        connection.execute(SchemaInfo.__table__.update().values(version=SCHEMA_VERSION + 1))
    store.dispose()
    with pytest.raises(StoreError):
        escalate(CaseStore(db_url))


def test_constraints_and_indexes_have_conventional_names(store):
    escalate(store)
    schema = inspect(store.engine)
    assert {i["name"] for i in schema.get_indexes("escalation_cases")} == {
        "ix_escalation_cases_conversation_id",
        "ix_escalation_cases_updated_at",
    }
    unique = {c["name"] for c in schema.get_unique_constraints("escalation_cases")}
    assert "uq_escalation_cases_open_key" in unique
    deliveries = {c["name"] for c in schema.get_unique_constraints("escalation_deliveries")}
    assert "uq_delivery_case_target_rev" in deliveries
