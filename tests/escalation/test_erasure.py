"""escalation.erasure: "delete my data" leaves no words or contact in any store."""

from __future__ import annotations

import json
from datetime import timedelta, timezone
from pathlib import Path
from typing import List

from sqlalchemy import create_engine, insert, text

from escalation import rules
from escalation.conversations import erase_conversation
from escalation.db import Erasure
from escalation.erasure import SETTLE, WATCH, WINDOW, complete_erasures, erase_cases
from escalation.store import CaseStore
from tests.escalation.helpers import (
    PATIENT_MESSAGE,
    PATIENT_NAME,
    PATIENT_PHONE_E164,
    SENSITIVE,
)
from tests.escalation.test_conversations import rasa_tracker_db, senders

TARGETS = ["webhook"]


def report(store: CaseStore, conversation: str, now=None):
    record = store.record_escalation(
        conversation_id=conversation,
        urgency="emergency",
        flags=["saddle_anaesthesia"],
        message=PATIENT_MESSAGE,
        transcript=[{"at": "2026-12-01T10:00:00Z", "speaker": "patient", "text": PATIENT_MESSAGE}],
        channel="rest",
        targets=TARGETS,
        now=now,
    )
    store.record_contact(
        conversation_id=conversation,
        name=PATIENT_NAME,
        phone=PATIENT_PHONE_E164,
        channel="rest",
        transcript=None,
        targets=TARGETS,
        case_id=record.case_id,
    )
    return record


def database_bytes(db_url: str) -> bytes:
    path = Path(db_url.replace("sqlite:///", ""))
    files: List[Path] = [path, *path.parent.glob(path.name + "-*")]
    return b"".join(f.read_bytes() for f in files if f.exists())


def test_erasure_strips_the_cases_and_their_waiting_notifications(store, db_url):
    record = report(store, "patient-1")
    report(store, "someone-else")

    result = erase_cases(store, "patient-1")

    assert result.receipt.startswith("DEL-") and result.cases == 1
    case = store.get_case(record.case_id)
    assert case["urgency"] == "emergency" and case["flags"] == ["saddle_anaesthesia"]
    assert case["trigger_message"] is None and case["transcript"] == [] and case["contact"] is None
    assert case["conversation_id"] == f"erased:{result.receipt}" and case["open"] is False
    assert all("text" not in r for r in case["reports"]) and case["reports"]
    with store.db.transaction() as session:
        payloads = [
            p for (p,) in session.execute(text("SELECT payload FROM escalation_deliveries"))
        ]
        erasure = session.get(Erasure, result.receipt)
    waiting = [json.loads(p) for p in payloads if p and record.case_id in p]
    assert waiting and all(p["erased"] and p["contact"] is None for p in waiting)
    assert erasure.conversation_id == "patient-1" and erasure.cases == 1
    # The other patient's case is untouched.
    other = store.get_case(report(store, "someone-else").case_id)
    assert other["contact"]["name"] == PATIENT_NAME and other["trigger_message"]


def test_no_copy_of_the_words_stays_in_the_database_files(store, db_url):
    report(store, "patient-1")
    erase_cases(store, "patient-1")
    raw = database_bytes(db_url)
    for secret in SENSITIVE:
        assert secret.encode("utf-8") not in raw, secret


def test_a_new_red_flag_after_an_erasure_opens_a_new_case(store):
    first = report(store, "patient-1")
    erase_cases(store, "patient-1")
    second = report(store, "patient-1")
    assert second.case_id != first.case_id and second.created


def test_the_worker_deletes_the_conversation_after_rasa_saved_it(store, tmp_path):
    url = rasa_tracker_db(tmp_path / "tracker.db")
    now = rules.utcnow()
    result = erase_cases(store, "patient-1", now=now)
    at = now.replace(tzinfo=timezone.utc).timestamp()
    engine = create_engine(url)
    with engine.begin() as connection:
        from rasa.core.tracker_store import SQLTrackerStore

        table = SQLTrackerStore.SQLEvent.__table__
        for sender, moment in [
            ("patient-1", at - 600),  # the conversation
            ("patient-1", at + 1),  # the receipt, in the same turn
            ("patient-1", at + WINDOW.total_seconds() + 60),  # a new conversation after it
            ("someone-else", at - 600),
        ]:
            connection.execute(
                insert(table).values(
                    sender_id=sender, type_name="user", timestamp=moment, data=PATIENT_MESSAGE
                )
            )
    engine.dispose()

    def erase(conversation_id: str, up_to: float) -> int:
        return erase_conversation(url, conversation_id, up_to)

    assert complete_erasures(store, erase, now=now) == 0  # Rasa may not have saved yet
    assert senders(url) == {"patient-1": 3, "someone-else": 1}
    assert complete_erasures(store, erase, now=now + SETTLE) == 0  # deleted, still watched
    assert senders(url) == {"patient-1": 1, "someone-else": 1}
    assert complete_erasures(store, erase, now=now + WATCH) == 1
    with store.db.transaction() as session:
        erasure = session.get(Erasure, result.receipt)
        assert erasure.conversation_id is None and erasure.completed_at is not None
    assert complete_erasures(store, erase, now=now + WATCH + timedelta(minutes=1)) == 0
    raw = database_bytes(url)
    assert raw.count(PATIENT_MESSAGE.encode()) == 2  # the new conversation's and someone else's
