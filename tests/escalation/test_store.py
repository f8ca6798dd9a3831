import threading
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from escalation.db import DELIVERED, PENDING, SENDING, SUPERSEDED, Delivery, StoreError
from escalation.rules import utcnow
from escalation.store import CaseStore
from tests.escalation.helpers import PATIENT_MESSAGE

TARGETS = ["webhook", "slack"]
TRANSCRIPT = [{"at": "2026-01-01T10:00:00Z", "speaker": "patient", "text": PATIENT_MESSAGE}]


def escalate(
    store,
    conversation="conv-1",
    urgency="urgent",
    flags=("fever_with_back_pain",),
    message=PATIENT_MESSAGE,
    targets=TARGETS,
    now=None,
):
    return store.record_escalation(
        conversation_id=conversation,
        urgency=urgency,
        flags=list(flags),
        message=message,
        transcript=TRANSCRIPT,
        channel="socketio",
        targets=targets,
        now=now,
    )


def statuses(store, case_id):
    return [
        (d["target"], d["revision"], d["status"]) for d in store.get_case(case_id)["deliveries"]
    ]


def test_nothing_is_created_before_first_use(tmp_path: Path):
    db = tmp_path / "var" / "escalations.db"
    store = CaseStore(f"sqlite:///{db}")
    assert not db.parent.exists()
    escalate(store)
    assert db.exists()
    assert oct(db.stat().st_mode & 0o777) == "0o600"
    store.dispose()


def test_first_flag_opens_a_case_with_one_delivery_per_target(store):
    record = escalate(store)

    assert record.created and record.revision == 1 and record.changes == ["opened"]
    assert record.case_id.startswith("ESC-") and len(record.case_id) == 12
    assert record.deliveries == TARGETS
    case = store.get_case(record.case_id)
    assert case["urgency"] == "urgent"
    assert case["flags"] == ["fever_with_back_pain"]
    assert case["trigger_message"] == PATIENT_MESSAGE
    assert case["reports"][0]["text"] == PATIENT_MESSAGE
    assert case["transcript"] == TRANSCRIPT
    assert case["channel"] == "socketio" and case["conversation_id"] == "conv-1"
    assert case["open"] is True
    assert statuses(store, record.case_id) == [("webhook", 1, PENDING), ("slack", 1, PENDING)]


def test_second_flag_updates_the_same_case_raising_urgency_and_merging_flags(store):
    first = escalate(store)
    second = escalate(store, urgency="emergency", flags=["saddle_anaesthesia"], message="worse now")

    assert second.case_id == first.case_id and not second.created
    assert second.revision == 2
    assert second.urgency == "emergency"
    assert second.flags == ["fever_with_back_pain", "saddle_anaesthesia"]
    assert second.changes == ["urgency_raised", "flags_added"]
    # The new revision carries everything; the unsent first revision is not sent separately.
    assert statuses(store, first.case_id) == [
        ("webhook", 1, SUPERSEDED),
        ("slack", 1, SUPERSEDED),
        ("webhook", 2, PENDING),
        ("slack", 2, PENDING),
    ]
    assert [r["text"] for r in store.get_case(first.case_id)["reports"]] == [
        PATIENT_MESSAGE,
        "worse now",
    ]


def test_repeated_or_lower_flag_does_not_notify_again(store):
    first = escalate(store, urgency="emergency", flags=["saddle_anaesthesia"])
    again = escalate(store, urgency="soon", flags=["saddle_anaesthesia"], message="still numb")

    assert again.case_id == first.case_id
    assert again.revision == 1 and again.changes == [] and again.deliveries == []
    assert again.urgency == "emergency"  # never lowered
    assert len(store.get_case(first.case_id)["deliveries"]) == 2
    assert len(store.get_case(first.case_id)["reports"]) == 2


def test_a_new_flag_at_the_same_urgency_is_an_update(store):
    first = escalate(store, flags=["fever_with_back_pain"])
    second = escalate(store, flags=["unexplained_weight_loss"])
    assert second.case_id == first.case_id
    assert second.changes == ["flags_added"] and second.revision == 2


def test_episode_ends_after_quiet_hours_and_a_new_case_opens(store):
    start = utcnow() - timedelta(hours=13)
    old = escalate(store, now=start)
    new = escalate(store, urgency="soon")

    assert new.case_id != old.case_id and new.created and new.revision == 1
    assert store.get_case(old.case_id)["open"] is False
    assert store.get_case(new.case_id)["open"] is True


def test_episode_is_kept_open_by_updates(store):
    start = utcnow() - timedelta(hours=20)
    first = escalate(store, now=start)
    escalate(store, now=start + timedelta(hours=10))  # keeps it open
    later = escalate(store, now=start + timedelta(hours=20))
    assert later.case_id == first.case_id


def test_conversations_have_separate_cases(store):
    assert escalate(store, "a").case_id != escalate(store, "b").case_id


def test_unknown_urgency_is_refused(store):
    with pytest.raises(ValueError):
        escalate(store, urgency="whenever")


def test_contact_details_update_the_case_once(store):
    case = escalate(store)
    record = store.record_contact(
        "conv-1", "Ann Example", "+442079460958", "socketio", None, TARGETS, case.case_id
    )
    assert record.case_id == case.case_id and record.revision == 2
    assert record.changes == ["contact_added"] and record.deliveries == TARGETS
    contact = store.get_case(case.case_id)["contact"]
    assert contact["name"] == "Ann Example" and contact["phone"] == "+442079460958"
    assert contact["consent_at"]

    same = store.record_contact(
        "conv-1", "Ann Example", "+442079460958", "socketio", None, TARGETS, case.case_id
    )
    assert same.revision == 2 and same.deliveries == []


def test_a_note_sends_the_open_case_again_with_its_transcript(store):
    case = escalate(store)
    noted = [*TRANSCRIPT, {"at": "2026-01-01T10:05:00Z", "speaker": "patient", "text": "after 5"}]
    record = store.record_note("conv-1", noted, TARGETS)
    assert record.case_id == case.case_id and record.revision == 2
    assert record.changes == ["note_added"] and record.deliveries == TARGETS
    assert store.get_case(case.case_id)["transcript"][-1]["text"] == "after 5"
    assert store.record_note("conv-2", noted, TARGETS) is None  # no case: nothing to add to


def test_contact_without_a_flag_opens_a_soon_callback_case(store):
    record = store.record_contact("conv-9", "Ann", "+12025550143", "rest", TRANSCRIPT, TARGETS)
    case = store.get_case(record.case_id)
    assert record.created and record.revision == 1 and record.changes == ["opened"]
    assert (
        case["urgency"] == "soon" and case["flags"] == [] and case["reason"] == "callback_request"
    )
    assert case["contact"]["phone"] == "+12025550143"

    # A red flag later in the same episode updates that case and makes it a red-flag case.
    flagged = escalate(store, "conv-9", urgency="urgent")
    assert flagged.case_id == record.case_id and flagged.revision == 2
    assert store.get_case(record.case_id)["reason"] == "red_flag"


def test_no_targets_means_no_deliveries(store):
    record = escalate(store, targets=[])
    assert record.deliveries == [] and store.get_case(record.case_id)["deliveries"] == []


def test_purge_deletes_old_cases_but_keeps_recent_and_undelivered_ones(store):
    now = utcnow()
    old_delivered = escalate(store, "old-1", now=now - timedelta(days=40))
    old_pending = escalate(store, "old-2", now=now - timedelta(days=40))
    recent = escalate(store, "new", now=now - timedelta(days=2))
    for delivery in store.claim_due("w", TARGETS, 60, limit=10, case_id=old_delivered.case_id):
        store.mark_delivered(delivery.id)
    for delivery in store.claim_due("w", TARGETS, 60, limit=10, case_id=recent.case_id):
        store.mark_delivered(delivery.id)

    assert store.purge(30, now=now) == 1
    assert store.get_case(old_delivered.case_id) is None
    assert store.get_case(old_pending.case_id) is not None
    assert store.get_case(recent.case_id) is not None
    with store.engine.connect() as connection:
        left = connection.execute(
            select(Delivery.id).where(Delivery.case_id == old_delivered.case_id)
        ).all()
    assert left == []


def test_delivered_payload_is_dropped(store):
    record = escalate(store)
    claimed = store.claim_due("w", ["webhook"], 60)
    assert [c.case_id for c in claimed] == [record.case_id]
    assert claimed[0].snapshot["trigger_message"] == PATIENT_MESSAGE
    store.mark_delivered(claimed[0].id)
    with store.engine.connect() as connection:
        row = connection.execute(select(Delivery).where(Delivery.id == claimed[0].id)).one()
    assert row.status == DELIVERED and row.payload is None


def test_claim_is_exclusive_until_the_lease_expires(store):
    escalate(store)
    now = utcnow()
    first = store.claim_due("a", ["webhook"], 60, now=now)
    assert len(first) == 1 and first[0].attempts == 1
    assert store.claim_due("b", ["webhook"], 60, now=now) == []
    assert store.get_case(first[0].case_id)["deliveries"][0]["status"] == SENDING
    # Worker "a" died: after the lease, "b" gets it.
    again = store.claim_due("b", ["webhook"], 60, now=now + timedelta(seconds=61))
    assert [d.id for d in again] == [first[0].id] and again[0].attempts == 2
    # "a" can no longer reschedule what "b" holds.
    store.mark_failed(first[0].id, "a", "late", now + timedelta(seconds=5))
    assert store.get_case(first[0].case_id)["deliveries"][0]["status"] == SENDING


def test_unusable_database_raises_store_error(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    store = CaseStore(f"sqlite:///{blocker}/sub/escalations.db")
    with pytest.raises(StoreError) as error:
        escalate(store)
    assert PATIENT_MESSAGE not in str(error.value)


def test_concurrent_writers_share_one_open_case(db_url: str):
    stores = [CaseStore(db_url, timeout=10) for _ in range(4)]
    results = []
    errors = []

    def write(i: int) -> None:
        try:
            results.append(escalate(stores[i % 4], flags=[f"flag_{i}"]))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len({r.case_id for r in results}) == 1
    case = stores[0].get_case(results[0].case_id)
    assert sorted(case["flags"]) == sorted(f"flag_{i}" for i in range(8))
    assert case["revision"] == 8
    for store in stores:
        store.dispose()


def test_concurrent_claims_never_hand_out_a_delivery_twice(db_url: str):
    writer = CaseStore(db_url)
    for i in range(10):
        escalate(writer, f"conv-{i}")
    claimed = []
    lock = threading.Lock()
    stores = [CaseStore(db_url, timeout=10) for _ in range(3)]

    def claim(store: CaseStore, owner: str) -> None:
        while True:
            got = store.claim_due(owner, TARGETS, 60, limit=1)
            if not got:
                return
            with lock:
                claimed.extend(d.id for d in got)

    threads = [threading.Thread(target=claim, args=(s, f"w{i}")) for i, s in enumerate(stores)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(claimed) == 20 and len(set(claimed)) == 20
    for store in [writer, *stores]:
        store.dispose()
