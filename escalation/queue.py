"""The delivery queue (transactional outbox): enqueue, claim, mark delivered or failed.

A delivery is one (case, target, revision). `status` is `pending`, `sending` (claimed by one
worker until `lease_expires_at`), `delivered`, or `superseded` (a newer revision of the same
case for the same target carries everything it had, so it is not sent separately).

Claiming takes ONE statement per delivery where the database allows it: an
`UPDATE ... WHERE id = (SELECT ... LIMIT 1) RETURNING ...` on SQLite 3.35+ (whose write
transactions are serialised by `BEGIN IMMEDIATE`) and on PostgreSQL, where the inner select
also says `FOR UPDATE SKIP LOCKED`, so concurrent workers never wait for or share a row. Other
databases take a select, a conditional update and a read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Dict, List, Optional, Sequence

from sqlalchemy import DateTime, bindparam, func, select, text, update
from sqlalchemy.orm import Session, aliased

from escalation.db import DELIVERED, PENDING, SENDING, SUPERSEDED, Database, Delivery
from escalation.rules import utcnow


@dataclass(frozen=True)
class ClaimedDelivery:
    """A delivery claimed by one worker until its lease expires.

    Attributes:
        id: Delivery row id.
        case_id: The case.
        target: Target name (`webhook`, `slack`).
        revision: The case revision it announces.
        snapshot: The case snapshot to send.
        attempts: Attempts so far, this one included.
        thread_ref: `external_ref` of this target's latest delivered earlier revision (Slack
            posts updates in that message's thread), or None.
    """

    id: int
    case_id: str
    target: str
    revision: int
    snapshot: Dict[str, Any]
    attempts: int
    thread_ref: Optional[str] = None


# The next due delivery: pending and due, or sending with an expired lease (its worker died);
# not superseded by a newer revision, and no other delivery of its case to its target in flight.
_CANDIDATE = f"""
SELECT d.id FROM escalation_deliveries d
WHERE ((d.status = '{PENDING}' AND d.next_attempt_at <= :now)
       OR (d.status = '{SENDING}' AND d.lease_expires_at <= :now))
  AND d.target IN :targets {{case_filter}}
  AND NOT EXISTS (SELECT 1 FROM escalation_deliveries n
                  WHERE n.case_id = d.case_id AND n.target = d.target
                    AND n.revision > d.revision AND n.status != '{SUPERSEDED}')
  AND NOT EXISTS (SELECT 1 FROM escalation_deliveries f
                  WHERE f.case_id = d.case_id AND f.target = d.target AND f.id != d.id
                    AND f.status = '{SENDING}' AND f.lease_expires_at > :now)
ORDER BY d.priority DESC, d.next_attempt_at, d.id
LIMIT 1 {{lock}}
"""  # noqa: S608 - statuses are constants; every value is a bound parameter

_CLAIM = f"""
UPDATE escalation_deliveries
SET status = '{SENDING}', lease_owner = :owner, lease_expires_at = :until,
    attempts = attempts + 1, updated_at = :now
WHERE id = ({{candidate}})
  AND ((status = '{PENDING}' AND next_attempt_at <= :now)
       OR (status = '{SENDING}' AND lease_expires_at <= :now))
"""

_RETURNED = f"""
id, case_id, target, revision, payload, attempts,
(SELECT t.external_ref FROM escalation_deliveries t
 WHERE t.case_id = escalation_deliveries.case_id AND t.target = escalation_deliveries.target
   AND t.status = '{DELIVERED}' AND t.revision < escalation_deliveries.revision
   AND t.external_ref IS NOT NULL
 ORDER BY t.revision LIMIT 1) AS thread_ref
"""  # noqa: S608 - statuses are constants


def _statement(sql: str, case_id: Optional[str]) -> Any:
    params = [
        bindparam("now", type_=DateTime),
        bindparam("until", type_=DateTime),
        bindparam("targets", expanding=True),
    ]
    if case_id is not None:
        params.append(bindparam("case_id"))
    used = [p for p in params if f":{p.key}" in sql]
    return text(sql).bindparams(*used)


class DeliveryQueue:
    """Enqueues, claims and marks deliveries.

    Args:
        db: The case database.
    """

    def __init__(self, db: Database) -> None:
        self.db = db

    def enqueue(
        self,
        session: Session,
        case_id: str,
        revision: int,
        priority: int,
        snapshot: Dict[str, Any],
        targets: Sequence[str],
        now: datetime,
    ) -> List[str]:
        """Adds one delivery per target for a case revision, in the caller's transaction.

        The new revision carries the whole case: older revisions not yet sent are superseded.

        Returns:
            The targets a delivery was enqueued for.
        """
        if not targets:
            return []
        payload = json.dumps(snapshot, ensure_ascii=False, separators=(",", ":"))
        for target in targets:
            session.execute(
                update(Delivery)
                .where(
                    Delivery.case_id == case_id,
                    Delivery.target == target,
                    Delivery.status == PENDING,
                    Delivery.revision < revision,
                )
                .values(status=SUPERSEDED, payload=None, updated_at=now)
            )
            session.add(
                Delivery(
                    case_id=case_id,
                    target=target,
                    revision=revision,
                    status=PENDING,
                    priority=priority,
                    payload=payload,
                    attempts=0,
                    next_attempt_at=now,
                    created_at=now,
                    updated_at=now,
                )
            )
        return list(targets)

    def claim(
        self,
        owner: str,
        targets: Sequence[str],
        lease_seconds: float,
        case_id: Optional[str] = None,
        now: Optional[datetime] = None,
    ) -> Optional[ClaimedDelivery]:
        """Claims the most urgent due delivery for one worker until the lease expires.

        Args:
            owner: Worker id (any unique string).
            targets: Targets this worker can send to; deliveries for others stay pending.
            lease_seconds: How long the claim holds (longer than one send can take).
            case_id: Claim only this case's deliveries (the action server's immediate try).
            now: The current time (tests).

        Returns:
            The claimed delivery, or None when nothing is due.

        Raises:
            StoreError: The database could not be used.
        """
        if not targets:
            return None
        moment = now or utcnow()
        values = {
            "owner": owner,
            "now": moment,
            "until": moment + timedelta(seconds=lease_seconds),
            "targets": list(targets),
            "case_id": case_id,
        }
        case_filter = "AND d.case_id = :case_id" if case_id is not None else ""
        lock = "FOR UPDATE SKIP LOCKED" if self.db.backend == "postgresql" else ""
        candidate = _CANDIDATE.format(case_filter=case_filter, lock=lock)
        with self.db.transaction() as session:
            if self.db.supports_returning:
                sql = _CLAIM.format(candidate=candidate) + " RETURNING " + _RETURNED
                row = session.execute(_statement(sql, case_id), values).first()
            else:
                row = self._claim_in_steps(session, candidate, values, case_id)
        if row is None or row.payload is None:
            return None
        return ClaimedDelivery(
            id=row.id,
            case_id=row.case_id,
            target=row.target,
            revision=row.revision,
            snapshot=json.loads(row.payload),
            attempts=row.attempts,
            thread_ref=row.thread_ref,
        )

    def claim_due(
        self,
        owner: str,
        targets: Sequence[str],
        lease_seconds: float,
        limit: int = 20,
        case_id: Optional[str] = None,
        now: Optional[datetime] = None,
    ) -> List[ClaimedDelivery]:
        """Claims up to `limit` due deliveries, most urgent first, one `claim` each."""
        claimed: List[ClaimedDelivery] = []
        while len(claimed) < limit:
            delivery = self.claim(owner, targets, lease_seconds, case_id, now)
            if delivery is None:
                break
            claimed.append(delivery)
        return claimed

    @staticmethod
    def _claim_in_steps(
        session: Session, candidate: str, values: Dict[str, Any], case_id: Optional[str]
    ) -> Any:
        """Claims without RETURNING: select, conditional update, read back (3 statements)."""
        found = session.execute(_statement(candidate, case_id), values).scalar_one_or_none()
        if found is None:
            return None
        sql = _CLAIM.format(candidate=":found")
        claimed = session.execute(
            _statement(sql, None).bindparams(bindparam("found")), {**values, "found": found}
        )
        if claimed.rowcount != 1:
            return None  # another worker claimed it first
        sql = f"SELECT {_RETURNED} FROM escalation_deliveries WHERE id = :found"  # noqa: S608
        return session.execute(text(sql), {"found": found}).first()

    def supersede_stale(self, now: Optional[datetime] = None) -> int:
        """Marks superseded the unsent deliveries that a newer revision replaces.

        Enqueueing supersedes pending ones; this catches those that were being sent meanwhile
        (failed afterwards, or their worker died). Run once per delivery pass, not per claim.

        Returns:
            How many deliveries were superseded.

        Raises:
            StoreError: The database could not be used.
        """
        moment = now or utcnow()
        newer = aliased(Delivery)
        stale = (
            select(newer.id)
            .where(
                newer.case_id == Delivery.case_id,
                newer.target == Delivery.target,
                newer.revision > Delivery.revision,
                newer.status != SUPERSEDED,
            )
            .exists()
        )
        unsent = (Delivery.status == PENDING) | (
            (Delivery.status == SENDING) & (Delivery.lease_expires_at <= moment)
        )
        with self.db.transaction() as session:
            result = session.execute(
                update(Delivery)
                .where(unsent, stale)
                .values(status=SUPERSEDED, payload=None, updated_at=moment)
                .execution_options(synchronize_session=False)
            )
            return int(result.rowcount or 0)

    def mark_delivered(
        self, delivery_id: int, external_ref: Optional[str] = None, now: Optional[datetime] = None
    ) -> None:
        """Records a successful delivery; its payload (patient data) is dropped.

        Args:
            delivery_id: The delivery.
            external_ref: The target's id of the message (Slack `ts`), kept for threading.
            now: The current time (tests).

        Raises:
            StoreError: The database could not be used.
        """
        moment = now or utcnow()
        with self.db.transaction() as session:
            session.execute(
                update(Delivery)
                .where(Delivery.id == delivery_id, Delivery.status != DELIVERED)
                .values(
                    status=DELIVERED,
                    payload=None,
                    delivered_at=moment,
                    updated_at=moment,
                    lease_owner=None,
                    lease_expires_at=None,
                    last_error=None,
                    external_ref=(external_ref or None) and external_ref[:64],
                )
            )

    def mark_failed(
        self,
        delivery_id: int,
        owner: str,
        error: str,
        next_attempt_at: datetime,
        now: Optional[datetime] = None,
    ) -> None:
        """Schedules another attempt of a delivery that failed.

        Only the worker holding the claim can do so; a delivery another worker has meanwhile
        claimed or delivered is left alone.

        Args:
            delivery_id: The delivery.
            owner: The worker that claimed it.
            error: What went wrong (a short code, never patient data).
            next_attempt_at: When to try again.
            now: The current time (tests).

        Raises:
            StoreError: The database could not be used.
        """
        moment = now or utcnow()
        with self.db.transaction() as session:
            session.execute(
                update(Delivery)
                .where(
                    Delivery.id == delivery_id,
                    Delivery.status == SENDING,
                    Delivery.lease_owner == owner,
                )
                .values(
                    status=PENDING,
                    next_attempt_at=next_attempt_at,
                    last_error=error[:200],
                    lease_owner=None,
                    lease_expires_at=None,
                    updated_at=moment,
                )
            )

    def backlog(self, now: Optional[datetime] = None) -> Dict[str, Any]:
        """Counts undelivered deliveries (for the worker's log and `make health`; no patient data).

        Returns:
            `{"pending": n, "oldest_seconds": s or None, "oldest_case": case id or None,
            "by_target": {target: n}}`.

        Raises:
            StoreError: The database could not be used.
        """
        moment = now or utcnow()
        with self.db.transaction() as session:
            rows = session.execute(
                select(Delivery.target, func.count(), func.min(Delivery.created_at))
                .where(Delivery.status.in_([PENDING, SENDING]))
                .group_by(Delivery.target)
            ).all()
            oldest_case = session.execute(
                select(Delivery.case_id)
                .where(Delivery.status.in_([PENDING, SENDING]))
                .order_by(Delivery.created_at, Delivery.id)
                .limit(1)
            ).scalar()
        by_target = {row[0]: int(row[1]) for row in rows}
        oldest = min((row[2] for row in rows if row[2] is not None), default=None)
        return {
            "pending": sum(by_target.values()),
            "oldest_seconds": (moment - oldest).total_seconds() if oldest else None,
            "oldest_case": oldest_case,
            "by_target": by_target,
        }
