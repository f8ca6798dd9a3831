"""The case database: tables, engine and transactions (SQLAlchemy 1.4, SQLite by default).

Tables:
- `escalation_cases`: one row per case (see `escalation.rules` for the episode rules). While a
  case is open, `open_key` holds its conversation id (unique, so at most one open case per
  conversation); it is NULL once the case is closed.
- `escalation_deliveries`: the outbox, one row per (case, target, revision), written in the
  same transaction as the case change it announces (see `escalation.queue`).
- `escalation_schema`: one row, the schema version this database was created with.

Ready for migrations: every constraint and index has a name from `NAMING_CONVENTION`, and
`SCHEMA_VERSION` is stored; a database with a newer schema than this code is refused.

Nothing connects at import time: the engine is created on first use, and for SQLite the
directory of the database file is created then too.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Dict, Final, Iterator, Optional, TypeVar

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    select,
)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, declarative_base, sessionmaker

from escalation.rules import REASON_RED_FLAG

logger = logging.getLogger(__name__)

#: Version of the tables below; bump it with every migration.
SCHEMA_VERSION: Final = 1

#: Names of constraints and indexes, so that migrations can refer to them on every database.
NAMING_CONVENTION: Final = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

PENDING = "pending"
SENDING = "sending"
DELIVERED = "delivered"
SUPERSEDED = "superseded"

Base: Any = declarative_base(metadata=MetaData(naming_convention=NAMING_CONVENTION))
_T = TypeVar("_T")
_ATTEMPTS = 3


class Case(Base):
    """One escalation case."""

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


class Erasure(Base):
    """A patient's "delete my data": the receipt, and the conversation until it is erased.

    The conversation id is kept only until the worker has deleted the conversation from Rasa's
    tracker store too (`escalation.erasure`); then only the receipt, the time and the number of
    cases erased remain, as the record that an erasure happened.
    """

    __tablename__ = "escalation_erasures"

    receipt = Column(String(16), primary_key=True)
    conversation_id = Column(String(255), nullable=True, index=True)
    requested_at = Column(DateTime, nullable=False)
    cases = Column(Integer, nullable=False, default=0)
    completed_at = Column(DateTime, nullable=True)


class SchemaInfo(Base):
    """The schema version of the database (one row)."""

    __tablename__ = "escalation_schema"

    id = Column(Integer, primary_key=True)
    version = Column(Integer, nullable=False)


class StoreError(Exception):
    """The case database could not be used (the message never holds patient data)."""


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
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
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
            # What this connection deletes is overwritten, not left in free pages (erasure).
            cursor.execute("PRAGMA secure_delete = ON")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(connection: Any) -> None:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    connect_args: Dict[str, Any] = {}
    if backend in ("postgresql", "mysql"):
        connect_args["connect_timeout"] = max(1, int(timeout))
    return create_engine(
        url,
        future=True,
        hide_parameters=True,
        pool_pre_ping=True,
        pool_timeout=timeout,
        connect_args=connect_args,
    )


def checkpoint(engine: Engine) -> None:
    """Folds SQLite's write-ahead log into the database file, so no old page stays in the log.

    For erasures: with `secure_delete` the deleted rows are overwritten in the database, and
    after this their earlier copies are gone from the log too. Other databases: nothing.
    """
    if engine.dialect.name != "sqlite":
        return
    connection = engine.raw_connection()  # outside a transaction (checkpoints need that)
    try:
        cursor = connection.cursor()
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.close()
    finally:
        connection.close()


def _create_schema(engine: Engine) -> None:
    """Creates missing tables, records the schema version, refuses a newer schema."""
    Base.metadata.create_all(engine)
    with engine.begin() as connection:
        stored = connection.execute(select(SchemaInfo.version)).scalar_one_or_none()
        if stored is None:
            connection.execute(SchemaInfo.__table__.insert().values(id=1, version=SCHEMA_VERSION))
        elif stored > SCHEMA_VERSION:
            raise StoreError(f"database schema {stored} is newer than this code's")


class Database:
    """The engine, created with the tables on first use, and short transactions.

    Args:
        url: SQLAlchemy URL of the database.
        timeout: Seconds to wait for the database.
    """

    def __init__(self, url: str, timeout: float = 5.0) -> None:
        self.url = url
        self.timeout = timeout
        self.backend = make_url(url).get_backend_name()
        self._engine: Optional[Engine] = None
        self._sessions: Optional[sessionmaker] = None
        self._lock = threading.Lock()

    @property
    def supports_returning(self) -> bool:
        """Whether `UPDATE ... RETURNING` works: PostgreSQL, and SQLite 3.35 or later."""
        if self.backend == "postgresql":
            return True
        return self.backend == "sqlite" and sqlite3.sqlite_version_info >= (3, 35, 0)

    def _factory(self) -> sessionmaker:
        with self._lock:
            if self._sessions is None:
                try:
                    engine = create_db_engine(self.url, self.timeout)
                    try:
                        _create_schema(engine)
                    except SQLAlchemyError:
                        # The action server and the worker may race to create the tables on
                        # first start: the loser finds them there on a second look.
                        _create_schema(engine)
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
    def transaction(self) -> Iterator[Session]:
        """Yields a session in a transaction, committed at the end, rolled back on error.

        Raises:
            StoreError: The database could not be used.
        """
        factory = self._factory()
        try:
            with factory() as session, session.begin():
                yield session
        except StoreError:
            raise
        except (SQLAlchemyError, OSError) as error:
            raise StoreError(f"database error ({type(error).__name__})") from error

    def retrying(self, write: Callable[[], _T]) -> _T:
        """Runs a write transaction, again after a unique-key race (new case id or episode)."""
        for attempt in range(_ATTEMPTS):
            try:
                return write()
            except StoreError as error:
                if isinstance(error.__cause__, IntegrityError) and attempt + 1 < _ATTEMPTS:
                    continue
                raise
        raise AssertionError("unreachable")  # pragma: no cover
