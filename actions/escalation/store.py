"""The case database: escalation cases and their deliveries (a transactional outbox).

Tables (SQLAlchemy 1.4, any database SQLAlchemy supports; SQLite file by default):

- `escalation_cases`: one row per case. A case belongs to one conversation and one *episode*:
  while the case is open (`open_key` = conversation id), every further red flag or contact
  detail of that conversation updates the same case instead of opening a new one. A case is
  closed (and a later flag opens a new case) once it has had no update for
  `ESCALATION_EPISODE_HOURS` (default 12). `revision` starts at 1 and goes up by one each time
  the doctor must hear about a change: urgency raised, a new flag, contact details added.
- `escalation_deliveries`: one row per (case, target, revision): the outbox. It is written in the
  same transaction as the case change it announces, so a recorded change is never left without
  its notifications. `payload` holds the case snapshot to send (cleared once delivered);
  `status` is `pending`, `sending` (claimed by a worker until `lease_expires_at`), `delivered`
  or `superseded` (a newer revision of the same case for the same target carries everything it
  had, so it is not sent separately).

Nothing connects at import time: the engine is created on first use, and for SQLite the
directory of the database file is created then too.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, TypeVar

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    and_,
    create_engine,
    delete,
    event,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, declarative_base, sessionmaker

from actions.escalation import urgency as urgency_levels

logger = logging.getLogger(__name__)

Base: Any = declarative_base()

PENDING = "pending"
SENDING = "sending"
DELIVERED = "delivered"
SUPERSEDED = "superseded"

REASON_RED_FLAG = "red_flag"
REASON_CALLBACK = "callback_request"

CHANGE_OPENED = "opened"
CHANGE_URGENCY_RAISED = "urgency_raised"
CHANGE_FLAGS_ADDED = "flags_added"
CHANGE_CONTACT_ADDED = "contact_added"

MAX_REPORTS = 20
MAX_TEXT = 2000
_CASE_ID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
_ATTEMPTS = 3
_T = TypeVar("_T")


def utcnow() -> datetime:
    """Returns the current time in UTC, naive (how every time is stored)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def iso(moment: Optional[datetime]) -> Optional[str]:
    """Formats a stored (naive UTC) time as ISO 8601 with a `Z`, or None."""
    if moment is None:
        return None
    return moment.replace(microsecond=0).isoformat() + "Z"


def new_case_id() -> str:
    """Returns a new random case id such as `ESC-7K2M9QXR` (40 random bits)."""
    return "ESC-" + "".join(secrets.choice(_CASE_ID_ALPHABET) for _ in range(8))


class Case(Base):
    """One escalation case (see the module docstring)."""

    __tablename__ = "escalation_cases"

    id = Column(String(32), primary_key=True)
    conversation_id = Column(String(255), nullable=False, index=True)
    # The conversation id while the case is open, NULL once closed: at most one open case per
    # conversation (a unique column allows many NULLs in SQLite and PostgreSQL alike).
    open_key = Column(String(255), unique=True, nullable=True)
    channel = Column(String(64), nullable=True)
    reason = Column(String(32), nullable=False, default=REASON_RED_FLAG)
    urgency = Column(String(16), nullable=False)
    flags = Column(Text, nullable=False, default="[]")  # JSON list of flag ids
    trigger_message = Column(Text, nullable=True)  # the message that opened the case
    reports = Column(Text, nullable=False, default="[]")  # JSON: every triggering message
    transcript = Column(Text, nullable=False, default="[]")  # JSON: recent messages
    contact_name = Column(String(200), nullable=True)
    contact_phone = Column(String(32), nullable=True)  # E.164
    contact_consent_at = Column(DateTime, nullable=True)
    revision = Column(Integer, nullable=False, default=1)
    created_at = Column(DateTime, nullable=False)
    updated_at = Column(DateTime, nullable=False, index=True)
    closed_at = Column(DateTime, nullable=True)


class Delivery(Base):
    """One notification of one case revision to one target (an outbox row)."""

    __tablename__ = "escalation_deliveries"
    __table_args__ = (
        UniqueConstraint("case_id", "target", "revision", name="uq_delivery_case_target_rev"),
        Index("ix_delivery_due", "status", "next_attempt_at"),
    )

    id = Column(Integer, primary_key=True, autoincrement=True)
    case_id = Column(
        String(32), ForeignKey("escalation_cases.id", ondelete="CASCADE"), nullable=False
    )
    target = Column(String(32), nullable=False)
    revision = Column(Integer, nullable=False)
    status = Column(String(16), nullable=False, default=PENDING)
    priority = Column(Integer, nullable=False, default=0)  # urgency rank: emergency first
    payload = Column(Text, nullable=True)  # JSON case snapshot; NULL once delivered/superseded
    attempts = Column(Integer, nullable=False, default=0)
    next_attempt_at = Column(DateTime, nullable=False)
    lease_owner = Column(String(128), nullable=True)
    lease_expires_at = Column(DateTime, nullable=True)
    last_error = Column(String(200), nullable=True)  # never patient data
    external_ref = Column(String(64), nullable=True)  # e.g. the Slack message `ts`
    created_at = Column(DateTime, nullable=False)
    updated_at = Column(DateTime, nullable=False)
    delivered_at = Column(DateTime, nullable=True)


class StoreError(Exception):
    """The case database could not be used (the message never holds patient data)."""


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


def _loads_list(text: Optional[str]) -> List[Any]:
    if not text:
        return []
    value = json.loads(text)
    return value if isinstance(value, list) else []


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _clip(text: Optional[str]) -> Optional[str]:
    if text is None:
        return None
    text = text.strip()
    return text[:MAX_TEXT] if text else None


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
            "consent_at": iso(case.contact_consent_at),
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
        "opened_at": iso(case.created_at),
        "updated_at": iso(case.updated_at),
    }


def _is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _prepare_sqlite_file(url: str) -> None:
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        # Readable by the clinic's service user only: the file holds patient data.
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def create_db_engine(url: str, timeout: float = 5.0) -> Engine:
    """Creates an engine for the case database (connects lazily, on first use).

    For SQLite: creates the file's directory, uses WAL so that the action server and the worker
    read while the other writes, waits up to `timeout` for a lock, and starts every transaction
    with `BEGIN IMMEDIATE` (no lock upgrade deadlocks). Parameters are hidden from SQLAlchemy's
    error messages and logs, since they hold patient data.

    Args:
        url: SQLAlchemy database URL.
        timeout: Seconds to wait for a connection or a lock.

    Returns:
        The engine.
    """
    if _is_sqlite(url):
        _prepare_sqlite_file(url)
        engine = create_engine(
            url,
            future=True,
            hide_parameters=True,
            connect_args={"timeout": timeout, "check_same_thread": False},
        )
        busy_ms = int(timeout * 1000)

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
            cursor = dbapi_connection.cursor()
            cursor.execute(f"PRAGMA busy_timeout = {busy_ms}")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(connection: Any) -> None:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    connect_args: Dict[str, Any] = {}
    backend = make_url(url).get_backend_name()
    if backend == "postgresql":
        connect_args["connect_timeout"] = max(1, int(timeout))
    elif backend == "mysql":
        connect_args["connect_timeout"] = max(1, int(timeout))
    return create_engine(
        url,
        future=True,
        hide_parameters=True,
        pool_pre_ping=True,
        pool_timeout=timeout,
        connect_args=connect_args,
    )


class CaseStore:
    """Reads and writes cases and deliveries.

    Args:
        url: SQLAlchemy URL of the database.
        episode_hours: How long a case stays open without updates (see module docstring).
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
        self.timeout = timeout
        self.transcript_limit = transcript_limit
        self._engine: Optional[Engine] = None
        self._sessions: Optional[sessionmaker] = None
        self._lock = threading.Lock()

    # -- plumbing ---------------------------------------------------------------------------

    def _factory(self) -> sessionmaker:
        """Returns the session factory, creating the engine (and the tables) on first use."""
        with self._lock:
            if self._sessions is None:
                try:
                    engine = create_db_engine(self.url, self.timeout)
                    try:
                        Base.metadata.create_all(engine)
                    except SQLAlchemyError:
                        # The action server and the worker may race to create the tables on
                        # first start: the loser finds them there on a second look.
                        Base.metadata.create_all(engine)
                except (SQLAlchemyError, OSError) as error:
                    raise StoreError(f"database unavailable ({type(error).__name__})") from error
                self._engine = engine
                self._sessions = sessionmaker(bind=engine, future=True, expire_on_commit=False)
            return self._sessions

    @property
    def engine(self) -> Engine:
        """The engine, created (and the tables with it) on first use."""
        self._factory()
        if self._engine is None:  # pragma: no cover - dispose() raced with us
            raise StoreError("database engine was disposed")
        return self._engine

    def dispose(self) -> None:
        """Closes the engine's connections (a new engine is made on next use)."""
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
            self._engine = None
            self._sessions = None

    @contextmanager
    def _transaction(self) -> Iterator[Session]:
        factory = self._factory()
        try:
            with factory() as session, session.begin():
                yield session
        except StoreError:
            raise
        except (SQLAlchemyError, OSError) as error:
            raise StoreError(f"database error ({type(error).__name__})") from error

    def _retrying(self, write: Callable[[], _T]) -> _T:
        """Runs a write transaction, again after a unique-key race (new case id or episode)."""
        for attempt in range(_ATTEMPTS):
            try:
                return write()
            except StoreError as error:
                if isinstance(error.__cause__, IntegrityError) and attempt + 1 < _ATTEMPTS:
                    continue
                raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _open_case(self, session: Session, conversation_id: str, now: datetime) -> Optional[Case]:
        """Returns the conversation's open case, closing it first if its episode is over."""
        # FOR UPDATE serialises updates of one case on server databases (SQLite ignores it
        # and serialises every write transaction with BEGIN IMMEDIATE instead).
        case = session.execute(
            select(Case).where(Case.open_key == conversation_id).with_for_update()
        ).scalar_one_or_none()
        if case is not None and case.updated_at < now - self.episode:
            case.open_key = None
            case.closed_at = now
            session.flush()
            return None
        return case

    def _enqueue(
        self,
        session: Session,
        case: Case,
        targets: Sequence[str],
        changes: Sequence[str],
        previous_urgency: Optional[str],
        now: datetime,
    ) -> List[str]:
        """Adds one delivery per target for the case's current revision (same transaction)."""
        if not targets:
            return []
        payload = _dumps(snapshot_of(case, changes, previous_urgency))
        for target in targets:
            # The new revision carries the whole case: older revisions not yet sent are not
            # sent separately.
            session.execute(
                update(Delivery)
                .where(
                    Delivery.case_id == case.id,
                    Delivery.target == target,
                    Delivery.status == PENDING,
                    Delivery.revision < case.revision,
                )
                .values(status=SUPERSEDED, payload=None, updated_at=now)
            )
            session.add(
                Delivery(
                    case_id=case.id,
                    target=target,
                    revision=case.revision,
                    status=PENDING,
                    priority=urgency_levels.rank(case.urgency),
                    payload=payload,
                    attempts=0,
                    next_attempt_at=now,
                    created_at=now,
                    updated_at=now,
                )
            )
        return list(targets)

    def _new_case(
        self,
        session: Session,
        conversation_id: str,
        channel: Optional[str],
        reason: str,
        urgency: str,
        now: datetime,
    ) -> Case:
        case = Case(
            id=new_case_id(),
            conversation_id=conversation_id,
            open_key=conversation_id,
            channel=channel,
            reason=reason,
            urgency=urgency,
            flags="[]",
            reports="[]",
            transcript="[]",
            revision=1,
            created_at=now,
            updated_at=now,
        )
        session.add(case)
        return case

    def _set_transcript(self, case: Case, transcript: Optional[Sequence[Dict[str, Any]]]) -> None:
        if transcript:
            kept = list(transcript)[-self.transcript_limit :] if self.transcript_limit else []
            case.transcript = _dumps(kept)

    # -- writes -------------------------------------------------------------------------------

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
        """Opens or updates the conversation's case for a red flag report.

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
        level = urgency_levels.normalise(urgency)
        if level is None:
            raise ValueError("unknown urgency level")
        reported = list(dict.fromkeys(f for f in flags if f))

        def write() -> CaseRecord:
            moment = now or utcnow()
            with self._transaction() as session:
                case = self._open_case(session, conversation_id, moment)
                created = case is None
                previous_urgency: Optional[str] = None
                changes: List[str] = []
                if case is None:
                    case = self._new_case(
                        session, conversation_id, channel, REASON_RED_FLAG, level, moment
                    )
                    case.trigger_message = _clip(message)
                    case.flags = _dumps(reported)
                    changes.append(CHANGE_OPENED)
                else:
                    if urgency_levels.rank(level) > urgency_levels.rank(case.urgency):
                        previous_urgency = case.urgency
                        case.urgency = level
                        changes.append(CHANGE_URGENCY_RAISED)
                    known = _loads_list(case.flags)
                    added = [f for f in reported if f not in known]
                    if added:
                        case.flags = _dumps(known + added)
                        changes.append(CHANGE_FLAGS_ADDED)
                    if case.reason != REASON_RED_FLAG and (reported or changes):
                        case.reason = REASON_RED_FLAG
                    if case.trigger_message is None:
                        case.trigger_message = _clip(message)
                    if channel and not case.channel:
                        case.channel = channel
                text = _clip(message)
                if text:
                    reports = _loads_list(case.reports)
                    reports.append(
                        {"at": iso(moment), "text": text, "flags": reported, "urgency": level}
                    )
                    case.reports = _dumps(reports[-MAX_REPORTS:])
                return self._finish_write(
                    session, case, transcript, targets, changes, created, previous_urgency, moment
                )

        return self._retrying(write)

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

        Uses the case `case_id` if it is the conversation's open case, else the conversation's
        open case, else opens a `soon` case with no flags (a patient asking for a human).
        Enqueues a delivery of the new revision when the details are new.

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
            moment = now or utcnow()
            with self._transaction() as session:
                case = self._open_case(session, conversation_id, moment)
                if case is not None and case_id and case.id != case_id:
                    logger.info("Case id of the conversation differs; using its open case.")
                created = case is None
                changes: List[str] = []
                if case is None:
                    case = self._new_case(
                        session,
                        conversation_id,
                        channel,
                        REASON_CALLBACK,
                        urgency_levels.SOON,
                        moment,
                    )
                    changes.append(CHANGE_OPENED)
                if case.contact_name != name or case.contact_phone != phone:
                    case.contact_name = name[:200]
                    case.contact_phone = phone[:32]
                    case.contact_consent_at = moment
                    if not created:
                        changes.append(CHANGE_CONTACT_ADDED)
                return self._finish_write(
                    session, case, transcript, targets, changes, created, None, moment
                )

        return self._retrying(write)

    def _finish_write(
        self,
        session: Session,
        case: Case,
        transcript: Optional[Sequence[Dict[str, Any]]],
        targets: Sequence[str],
        changes: List[str],
        created: bool,
        previous_urgency: Optional[str],
        moment: datetime,
    ) -> CaseRecord:
        """Ends a case write: transcript, revision, outbox rows (only for changes), record."""
        self._set_transcript(case, transcript)
        case.updated_at = moment
        if changes and not created:
            case.revision = case.revision + 1
        session.flush()
        enqueued = self._enqueue(
            session, case, targets if changes else [], changes, previous_urgency, moment
        )
        return CaseRecord(
            case_id=case.id,
            revision=case.revision,
            urgency=case.urgency,
            flags=_loads_list(case.flags),
            created=created,
            changes=changes,
            deliveries=enqueued,
            contact_phone=case.contact_phone,
        )

    # -- outbox -------------------------------------------------------------------------------

    def claim_due(
        self,
        owner: str,
        targets: Sequence[str],
        lease_seconds: float,
        limit: int = 20,
        case_id: Optional[str] = None,
        now: Optional[datetime] = None,
    ) -> List[ClaimedDelivery]:
        """Claims deliveries that are due, for one worker, until the lease expires.

        A delivery is due when it is pending and its next attempt time has come, or when it is
        being sent but its lease has expired (the worker sending it died). Each row is claimed
        by a conditional UPDATE, so two workers never hold the same delivery. A delivery whose
        case has a newer revision for the same target is superseded instead; one whose case has
        another delivery to the same target in flight waits (updates go out in order).

        Args:
            owner: Worker id (any unique string).
            targets: Targets this worker can send to; deliveries for others stay pending.
            lease_seconds: How long the claim holds (longer than one send can take).
            limit: Most deliveries claimed at once.
            case_id: Claim only this case's deliveries (the action server's immediate try).
            now: The current time (tests).

        Returns:
            The claimed deliveries, most urgent case first.

        Raises:
            StoreError: The database could not be used.
        """
        if not targets:
            return []
        moment = now or utcnow()
        lease_until = moment + timedelta(seconds=lease_seconds)
        due = or_(
            and_(Delivery.status == PENDING, Delivery.next_attempt_at <= moment),
            and_(Delivery.status == SENDING, Delivery.lease_expires_at <= moment),
        )
        claimed: List[ClaimedDelivery] = []
        with self._transaction() as session:
            query = (
                select(Delivery.id, Delivery.case_id, Delivery.target, Delivery.revision)
                .where(due, Delivery.target.in_(list(targets)))
                .order_by(Delivery.priority.desc(), Delivery.next_attempt_at, Delivery.id)
                .limit(limit + 50)
            )
            if case_id is not None:
                query = query.where(Delivery.case_id == case_id)
            rows = session.execute(query).all()
            for row in rows:
                if len(claimed) >= limit:
                    break
                newer = session.execute(
                    select(func.count())
                    .select_from(Delivery)
                    .where(
                        Delivery.case_id == row.case_id,
                        Delivery.target == row.target,
                        Delivery.revision > row.revision,
                        Delivery.status != SUPERSEDED,
                    )
                ).scalar_one()
                if newer:
                    session.execute(
                        update(Delivery)
                        .where(Delivery.id == row.id, due)
                        .values(status=SUPERSEDED, payload=None, updated_at=moment)
                    )
                    continue
                in_flight = session.execute(
                    select(func.count())
                    .select_from(Delivery)
                    .where(
                        Delivery.case_id == row.case_id,
                        Delivery.target == row.target,
                        Delivery.id != row.id,
                        Delivery.status == SENDING,
                        Delivery.lease_expires_at > moment,
                    )
                ).scalar_one()
                if in_flight:
                    continue
                result = session.execute(
                    update(Delivery)
                    .where(Delivery.id == row.id, due)
                    .values(
                        status=SENDING,
                        lease_owner=owner,
                        lease_expires_at=lease_until,
                        attempts=Delivery.attempts + 1,
                        updated_at=moment,
                    )
                    .execution_options(synchronize_session=False)
                )
                if result.rowcount != 1:
                    continue  # another worker claimed it first
                delivery = session.get(Delivery, row.id, populate_existing=True)
                if delivery is None or delivery.payload is None:  # pragma: no cover - defensive
                    continue
                thread_ref = session.execute(
                    select(Delivery.external_ref)
                    .where(
                        Delivery.case_id == row.case_id,
                        Delivery.target == row.target,
                        Delivery.status == DELIVERED,
                        Delivery.revision < row.revision,
                        Delivery.external_ref.is_not(None),
                    )
                    .order_by(Delivery.revision)
                    .limit(1)
                ).scalar_one_or_none()
                claimed.append(
                    ClaimedDelivery(
                        id=delivery.id,
                        case_id=delivery.case_id,
                        target=delivery.target,
                        revision=delivery.revision,
                        snapshot=json.loads(delivery.payload),
                        attempts=delivery.attempts,
                        thread_ref=thread_ref,
                    )
                )
        return claimed

    def mark_delivered(
        self,
        delivery_id: int,
        external_ref: Optional[str] = None,
        now: Optional[datetime] = None,
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
        with self._transaction() as session:
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
        with self._transaction() as session:
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

    # -- reads and housekeeping ------------------------------------------------------------------

    def get_case(self, case_id: str) -> Optional[Dict[str, Any]]:
        """Returns a case's snapshot (with `deliveries`: each one's status), or None.

        Raises:
            StoreError: The database could not be used.
        """
        with self._transaction() as session:
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
                    "delivered_at": iso(d.delivered_at),
                }
                for d in deliveries
            ]
            return snapshot

    def backlog(self, now: Optional[datetime] = None) -> Dict[str, Any]:
        """Counts undelivered deliveries (for the worker's log; no patient data).

        Returns:
            `{"pending": n, "oldest_seconds": s or None, "by_target": {target: n}}`.

        Raises:
            StoreError: The database could not be used.
        """
        moment = now or utcnow()
        with self._transaction() as session:
            rows = session.execute(
                select(Delivery.target, func.count(), func.min(Delivery.created_at))
                .where(Delivery.status.in_([PENDING, SENDING]))
                .group_by(Delivery.target)
            ).all()
        by_target = {row[0]: int(row[1]) for row in rows}
        oldest = min((row[2] for row in rows if row[2] is not None), default=None)
        return {
            "pending": sum(by_target.values()),
            "oldest_seconds": (moment - oldest).total_seconds() if oldest else None,
            "by_target": by_target,
        }

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
        moment = now or utcnow()
        cutoff = moment - timedelta(days=retention_days)
        with self._transaction() as session:
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
