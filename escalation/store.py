"""Escalation cases in the database: record red flags and contact details, read, purge.

Each write is one short transaction that finds the conversation's open case (closing it first
if its episode is over), applies the case rules (`escalation.rules`), and, when the doctor has
something new to hear, enqueues one delivery per target in the same transaction
(`escalation.queue`), so a recorded change is never left without its notifications.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Dict, List, Optional, Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from clinic.contract import urgency_rank
from escalation import rules
from escalation.db import PENDING, SENDING, Case, Database, Delivery
from escalation.queue import DeliveryQueue

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CaseRecord:
    """The state of a case after a write.

    Attributes:
        case_id: The case id.
        revision: Its revision after the write.
        urgency: Its urgency (the highest reported in the episode).
        flags: All flag ids of the episode, in the order first reported.
        created: Whether the write opened the case.
        changes: What changed that the doctor is told about (empty: nothing new).
        deliveries: Targets a delivery was enqueued for.
        contact_phone: The contact phone number on the case (E.164), if any.
    """

    case_id: str
    revision: int
    urgency: str
    flags: List[str]
    created: bool
    changes: List[str] = field(default_factory=list)
    deliveries: List[str] = field(default_factory=list)
    contact_phone: Optional[str] = None


def _loads_list(text: Optional[str]) -> List[Any]:
    if not text:
        return []
    value = json.loads(text)
    return value if isinstance(value, list) else []


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _facts(case: Case) -> rules.CaseFacts:
    return rules.CaseFacts(
        urgency=case.urgency,
        flags=tuple(_loads_list(case.flags)),
        reason=case.reason,
        contact_name=case.contact_name,
        contact_phone=case.contact_phone,
    )


def snapshot_of(
    case: Case, changes: Sequence[str], previous_urgency: Optional[str] = None
) -> Dict[str, Any]:
    """Returns the case as the JSON-ready snapshot that deliveries carry.

    Args:
        case: The case row.
        changes: What changed in this revision.
        previous_urgency: The urgency before this revision, when it was raised.

    Returns:
        The snapshot (see `messages.webhook_body` for how it is sent).
    """
    contact = None
    if case.contact_phone:
        contact = {
            "name": case.contact_name,
            "phone": case.contact_phone,
            "consent_at": rules.iso(case.contact_consent_at),
        }
    return {
        "case_id": case.id,
        "revision": case.revision,
        "changes": list(changes),
        "previous_urgency": previous_urgency,
        "reason": case.reason,
        "urgency": case.urgency,
        "flags": _loads_list(case.flags),
        "conversation_id": case.conversation_id,
        "channel": case.channel,
        "trigger_message": case.trigger_message,
        "reports": _loads_list(case.reports),
        "transcript": _loads_list(case.transcript),
        "contact": contact,
        "opened_at": rules.iso(case.created_at),
        "updated_at": rules.iso(case.updated_at),
    }


class CaseStore:
    """Reads and writes cases; its `queue` holds their deliveries.

    Args:
        url: SQLAlchemy URL of the database.
        episode_hours: How long a case stays open without updates.
        timeout: Seconds to wait for the database.
        transcript_limit: Most recent transcript messages kept per case.
    """

    def __init__(
        self,
        url: str,
        episode_hours: float = 12,
        timeout: float = 5.0,
        transcript_limit: int = 20,
    ) -> None:
        self.url = url
        self.episode = timedelta(hours=episode_hours)
        self.transcript_limit = transcript_limit
        self.db = Database(url, timeout)
        self.queue = DeliveryQueue(self.db)
        # The outbox, the worker and tests reach the queue through the store.
        self.claim_due = self.queue.claim_due
        self.mark_delivered = self.queue.mark_delivered
        self.mark_failed = self.queue.mark_failed
        self.backlog = self.queue.backlog

    @property
    def engine(self) -> Engine:
        """The engine, created (and the tables with it) on first use."""
        return self.db.engine

    def dispose(self) -> None:
        """Closes the engine's connections (a new engine is made on next use)."""
        self.db.dispose()

    # -- writes -------------------------------------------------------------------------------

    def _open_case(self, session: Session, conversation_id: str, now: datetime) -> Optional[Case]:
        """Returns the conversation's open case, closing it first if its episode is over."""
        # FOR UPDATE serialises updates of one case on server databases (SQLite ignores it
        # and serialises every write transaction with BEGIN IMMEDIATE instead).
        case = session.execute(
            select(Case).where(Case.open_key == conversation_id).with_for_update()
        ).scalar_one_or_none()
        if case is not None and rules.episode_is_over(case.updated_at, now, self.episode):
            case.open_key = None
            case.closed_at = now
            session.flush()
            return None
        return case

    @staticmethod
    def _new_case(
        session: Session, conversation_id: str, channel: Optional[str], now: datetime
    ) -> Case:
        case = Case(
            id=rules.new_case_id(),
            conversation_id=conversation_id,
            open_key=conversation_id,
            channel=channel,
            flags="[]",
            reports="[]",
            transcript="[]",
            revision=1,
            created_at=now,
            updated_at=now,
        )
        session.add(case)
        return case

    def _write(
        self,
        session: Session,
        case: Case,
        outcome: rules.Outcome,
        transcript: Optional[Sequence[Dict[str, Any]]],
        targets: Sequence[str],
        now: datetime,
    ) -> CaseRecord:
        """Ends a case write: facts, transcript, revision, outbox rows (only for changes)."""
        facts = outcome.facts
        case.urgency = facts.urgency
        case.flags = _dumps(list(facts.flags))
        case.reason = facts.reason
        if (facts.contact_name, facts.contact_phone) != (case.contact_name, case.contact_phone):
            case.contact_name = facts.contact_name
            case.contact_phone = facts.contact_phone
            case.contact_consent_at = now
        kept = rules.keep_transcript(transcript, self.transcript_limit)
        if kept is not None:
            case.transcript = _dumps(kept)
        case.updated_at = now
        case.revision = rules.next_revision(case.revision, outcome.changes, outcome.created)
        session.flush()
        enqueued = self.queue.enqueue(
            session,
            case.id,
            case.revision,
            urgency_rank(case.urgency),
            snapshot_of(case, outcome.changes, outcome.previous_urgency),
            targets if outcome.changes else [],
            now,
        )
        return CaseRecord(
            case_id=case.id,
            revision=case.revision,
            urgency=case.urgency,
            flags=list(facts.flags),
            created=outcome.created,
            changes=list(outcome.changes),
            deliveries=enqueued,
            contact_phone=case.contact_phone,
        )

    def record_escalation(
        self,
        conversation_id: str,
        urgency: str,
        flags: Sequence[str],
        message: Optional[str],
        transcript: Optional[Sequence[Dict[str, Any]]],
        channel: Optional[str],
        targets: Sequence[str],
        now: Optional[datetime] = None,
    ) -> CaseRecord:
        """Opens or updates the conversation's case for a red-flag report.

        In one transaction: finds the open case of the conversation (or opens one), raises its
        urgency if needed, merges the flags, appends the patient's words, replaces the recent
        transcript, and, if the doctor has something new to hear, bumps the revision and
        enqueues one delivery per target.

        Args:
            conversation_id: Rasa sender id.
            urgency: `emergency`, `urgent` or `soon`.
            flags: Flag ids reported now (may be empty).
            message: The patient's triggering message.
            transcript: Recent messages, oldest first (`at`, `speaker`, `text`).
            channel: Input channel name.
            targets: Configured notification targets.
            now: The current time (tests); defaults to now.

        Returns:
            The case after the write.

        Raises:
            StoreError: The database could not be used.
            ValueError: `urgency` is not a known level.
        """
        level = rules.report_red_flag(None, urgency, flags).facts.urgency  # refuses unknown ones
        reported = list(dict.fromkeys(f for f in flags if f))

        def write() -> CaseRecord:
            moment = now or rules.utcnow()
            with self.db.transaction() as session:
                case = self._open_case(session, conversation_id, moment)
                current = _facts(case) if case is not None else None
                outcome = rules.report_red_flag(current, level, reported)
                if case is None:
                    case = self._new_case(session, conversation_id, channel, moment)
                if case.trigger_message is None:
                    case.trigger_message = rules.clip(message)
                if channel and not case.channel:
                    case.channel = channel
                reports = _loads_list(case.reports)
                case.reports = _dumps(rules.add_report(reports, message, reported, level, moment))
                return self._write(session, case, outcome, transcript, targets, moment)

        return self.db.retrying(write)

    def record_contact(
        self,
        conversation_id: str,
        name: str,
        phone: str,
        channel: Optional[str],
        transcript: Optional[Sequence[Dict[str, Any]]],
        targets: Sequence[str],
        case_id: Optional[str] = None,
        now: Optional[datetime] = None,
    ) -> CaseRecord:
        """Stores consented contact details on the conversation's case.

        Uses the conversation's open case (whatever `case_id` the conversation remembers),
        else opens a `soon` case with no flags (a patient asking for a human). Enqueues a
        delivery of the new revision when the details are new.

        Args:
            conversation_id: Rasa sender id.
            name: The patient's name.
            phone: Their phone number in E.164.
            channel: Input channel name.
            transcript: Recent messages, oldest first.
            targets: Configured notification targets.
            case_id: The case id the conversation knows (slot `escalation_case_id`), if any.
            now: The current time (tests); defaults to now.

        Returns:
            The case after the write.

        Raises:
            StoreError: The database could not be used.
        """

        def write() -> CaseRecord:
            moment = now or rules.utcnow()
            with self.db.transaction() as session:
                case = self._open_case(session, conversation_id, moment)
                if case is not None and case_id and case.id != case_id:
                    logger.info("Case id of the conversation differs; using its open case.")
                current = _facts(case) if case is not None else None
                outcome = rules.report_contact(current, name, phone)
                if case is None:
                    case = self._new_case(session, conversation_id, channel, moment)
                return self._write(session, case, outcome, transcript, targets, moment)

        return self.db.retrying(write)

    def record_note(
        self,
        conversation_id: str,
        transcript: Optional[Sequence[Dict[str, Any]]],
        targets: Sequence[str],
        now: Optional[datetime] = None,
    ) -> Optional[CaseRecord]:
        """Sends the conversation's open case again with a note the transcript now holds.

        Args:
            conversation_id: Rasa sender id.
            transcript: Recent messages, oldest first (the note among them).
            targets: Configured notification targets.
            now: The current time (tests); defaults to now.

        Returns:
            The case after the write, or None when the conversation has no open case.

        Raises:
            StoreError: The database could not be used.
        """

        def write() -> Optional[CaseRecord]:
            moment = now or rules.utcnow()
            with self.db.transaction() as session:
                case = self._open_case(session, conversation_id, moment)
                if case is None:
                    return None
                outcome = rules.report_note(_facts(case))
                return self._write(session, case, outcome, transcript, targets, moment)

        return self.db.retrying(write)

    # -- reads and housekeeping ----------------------------------------------------------------

    def get_case(self, case_id: str) -> Optional[Dict[str, Any]]:
        """Returns a case's snapshot (with `deliveries`: each one's status), or None.

        Raises:
            StoreError: The database could not be used.
        """
        with self.db.transaction() as session:
            case = session.get(Case, case_id)
            if case is None:
                return None
            snapshot = snapshot_of(case, [])
            snapshot["open"] = case.open_key is not None
            deliveries = session.execute(
                select(Delivery).where(Delivery.case_id == case_id).order_by(Delivery.id)
            ).scalars()
            snapshot["deliveries"] = [
                {
                    "target": d.target,
                    "revision": d.revision,
                    "status": d.status,
                    "attempts": d.attempts,
                    "last_error": d.last_error,
                    "delivered_at": rules.iso(d.delivered_at),
                }
                for d in deliveries
            ]
            return snapshot

    def purge(self, retention_days: int, now: Optional[datetime] = None) -> int:
        """Deletes cases (and their deliveries) not updated for `retention_days` days.

        A case with a delivery still pending is kept (and logged) however old it is, so that
        no case is lost before the doctor has heard of it.

        Args:
            retention_days: Retention period in days.
            now: The current time (tests).

        Returns:
            How many cases were deleted.

        Raises:
            StoreError: The database could not be used.
        """
        moment = now or rules.utcnow()
        cutoff = moment - timedelta(days=retention_days)
        with self.db.transaction() as session:
            undelivered = select(Delivery.case_id).where(Delivery.status.in_([PENDING, SENDING]))
            old = select(Case.id).where(Case.updated_at < cutoff)
            ids = [row[0] for row in session.execute(old.where(Case.id.not_in(undelivered))).all()]
            kept = session.execute(
                select(func.count())
                .select_from(Case)
                .where(Case.updated_at < cutoff, Case.id.in_(undelivered))
            ).scalar_one()
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                session.execute(delete(Delivery).where(Delivery.case_id.in_(chunk)))
                session.execute(delete(Case).where(Case.id.in_(chunk)))
        if kept:
            logger.error("%d expired case(s) kept: their notification is still pending.", kept)
        return len(ids)
