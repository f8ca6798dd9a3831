"""A patient's "delete my data": cases stripped at once, the conversation deleted just after.

In the chat, "delete my data" (and its usual variants), once confirmed, runs
`action_erase_data`, which calls `erase_cases`. In one transaction:
- every case of the conversation loses the patient's words (the triggering message, the words
  of each report, the transcript), the contact details and the conversation id, and is closed;
  what the clinic must keep of a red-flag case stays: id, urgency, flags, times, deliveries;
- a notification not yet delivered loses them too (the doctor still hears of the red flag);
- an erasure record is written: a receipt code for the patient, the time, how many cases.
The conversation itself is in Rasa's tracker store, which Rasa writes after the action has run,
so the delivery worker deletes it a few seconds later (`complete_erasures`), and keeps deleting
whatever a turn in flight wrote back for two minutes; then the erasure record forgets the
conversation id too. Deleted rows are overwritten (SQLite `secure_delete`), and SQLite's
write-ahead log is checkpointed, so no copy stays in the database files.
"""

from __future__ import annotations

import json
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Dict, Final, List, Optional

from sqlalchemy import select

from escalation import rules
from escalation.db import PENDING, SENDING, Case, Delivery, Erasure, checkpoint
from escalation.store import CaseStore

logger = logging.getLogger(__name__)

RECEIPT_PREFIX: Final = "DEL-"
_ALPHABET: Final = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32, as case ids
#: The worker deletes the conversation this long after the request (Rasa has saved the turn).
SETTLE: Final = timedelta(seconds=3)
#: And deletes again what reappears for this long (a turn in flight during the deletion).
WATCH: Final = timedelta(minutes=2)
#: Events up to this long after the request belong to the erased conversation (the receipt).
WINDOW: Final = timedelta(seconds=5)
#: Of a report, what a case keeps after an erasure (not the words).
REPORT_KEPT: Final = ("at", "flags", "urgency")


@dataclass(frozen=True)
class ErasureResult:
    """What `erase_cases` did: the patient's receipt code and how many cases it stripped."""

    receipt: str
    cases: int


def new_receipt() -> str:
    """A new receipt code such as `DEL-7K2M9QXR` (40 random bits)."""
    return RECEIPT_PREFIX + "".join(secrets.choice(_ALPHABET) for _ in range(8))


def _strip(case: Case, receipt: str, now: datetime) -> Dict[str, Any]:
    """Removes the patient's words and contact from a case; returns the fields removed."""
    reports = json.loads(case.reports or "[]")
    kept = [{k: r[k] for k in REPORT_KEPT if k in r} for r in reports if isinstance(r, dict)]
    case.trigger_message = None
    case.reports = json.dumps(kept)
    case.transcript = "[]"
    case.contact_name = None
    case.contact_phone = None
    case.contact_consent_at = None
    case.conversation_id = f"erased:{receipt}"
    if case.open_key is not None:
        case.open_key = None
        case.closed_at = now
    case.updated_at = now
    return {
        "conversation_id": case.conversation_id,
        "trigger_message": None,
        "reports": kept,
        "transcript": [],
        "contact": None,
        "erased": True,
    }


def erase_cases(
    store: CaseStore, conversation_id: str, now: Optional[datetime] = None
) -> ErasureResult:
    """Strips the conversation's cases and records the erasure (see the module docstring).

    Args:
        store: The case store.
        conversation_id: Rasa sender id of the patient's conversation.
        now: The current time (tests).

    Returns:
        The receipt and the number of cases stripped.

    Raises:
        StoreError: The database could not be used (nothing was changed).
    """
    moment = now or rules.utcnow()
    receipt = new_receipt()

    def write() -> ErasureResult:
        with store.db.transaction() as session:
            cases = list(
                session.execute(select(Case).where(Case.conversation_id == conversation_id))
                .scalars()
                .all()
            )
            for case in cases:
                erased = _strip(case, receipt, moment)
                waiting = session.execute(
                    select(Delivery).where(
                        Delivery.case_id == case.id, Delivery.status.in_([PENDING, SENDING])
                    )
                ).scalars()
                for delivery in waiting:
                    snapshot = json.loads(delivery.payload or "{}")
                    snapshot.update(erased)
                    delivery.payload = json.dumps(snapshot, ensure_ascii=False)
            session.add(
                Erasure(
                    receipt=receipt,
                    conversation_id=conversation_id,
                    requested_at=moment,
                    cases=len(cases),
                )
            )
            return ErasureResult(receipt, len(cases))

    result = store.db.retrying(write)
    checkpoint(store.db.engine)
    logger.info("Erasure %s: %d case(s) stripped.", result.receipt, result.cases)
    return result


EraseEvents = Callable[[str, float], int]


def complete_erasures(
    store: CaseStore, erase_events: Optional[EraseEvents], now: Optional[datetime] = None
) -> int:
    """Deletes the erased conversations from the tracker store (the worker calls it).

    Args:
        store: The case store.
        erase_events: `(conversation id, up to epoch seconds) -> rows deleted` over the tracker
            store; None when there is none (conversations in memory only).
        now: The current time (tests).

    Returns:
        How many erasures were completed in this pass.

    Raises:
        StoreError: A database could not be used (the erasure is tried again next pass).
    """
    moment = now or rules.utcnow()
    with store.db.transaction() as session:
        open_ones: List[Erasure] = list(
            session.execute(select(Erasure).where(Erasure.completed_at.is_(None))).scalars()
        )
    completed = 0
    for erasure in open_ones:
        if moment - erasure.requested_at < SETTLE:
            continue
        if erase_events is not None and erasure.conversation_id:
            up_to = (erasure.requested_at + WINDOW).replace(tzinfo=timezone.utc).timestamp()
            deleted = erase_events(erasure.conversation_id, up_to)
            if deleted:
                logger.info("Erasure %s: %d event(s) deleted.", erasure.receipt, deleted)
        if moment - erasure.requested_at >= WATCH:
            with store.db.transaction() as session:
                session.execute(
                    Erasure.__table__.update()
                    .where(Erasure.receipt == erasure.receipt)
                    .values(completed_at=moment, conversation_id=None)
                )
            completed += 1
    if completed:
        checkpoint(store.db.engine)
    return completed
