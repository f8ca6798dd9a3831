"""Retention of the conversations in Rasa's SQL tracker store.

Rasa keeps every conversation (messages, slots, forms) in its SQL tracker store, configured in
endpoints.yml from `TRACKER_STORE_URL`: a SQLite file under var/ by default (scripts/run.sh),
PostgreSQL by URL. Rasa never deletes anything there, so this module does, like the case
retention: a conversation whose last event is older than `CONVERSATION_RETENTION_DAYS` is
deleted whole (all its events). A patient's "delete my data" deletes theirs
(`erase_conversation`, called by the worker: `escalation.erasure`). The delivery worker runs the
purge once a day; by hand:

    python -m escalation.conversations purge [--days N]

Only Rasa's `events` table (columns `sender_id` and `timestamp`, seconds since the epoch) is
used, through SQLAlchemy core; nothing of Rasa is imported. Nothing is logged but counts.
"""

from __future__ import annotations

import argparse
import logging
import time
from contextlib import contextmanager
from typing import Final, Iterator, List, Optional

from sqlalchemy import (
    Column,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    delete,
    func,
    inspect,
    select,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from clinic import log_privacy
from clinic.settings import get_settings
from escalation.db import StoreError, checkpoint, create_db_engine

logger = logging.getLogger(__name__)

#: Rasa 3.6's `SQLTrackerStore.SQLEvent` table, the columns used here.
EVENTS: Final = Table(
    "events",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False, index=True),
    Column("timestamp", Float),
)
_CHUNK: Final = 500
SECONDS_PER_DAY: Final = 86400


@contextmanager
def _tracker_store(url: str, timeout: float) -> Iterator[Optional[Engine]]:
    """An engine over the tracker store, or None when Rasa has not created its table yet."""
    try:
        engine = create_db_engine(url, timeout)
    except (SQLAlchemyError, OSError) as error:
        raise StoreError(f"tracker store unavailable ({type(error).__name__})") from None
    try:
        yield engine if inspect(engine).has_table(EVENTS.name) else None
        checkpoint(engine)
    except SQLAlchemyError as error:
        raise StoreError(f"tracker store unavailable ({type(error).__name__})") from None
    finally:
        engine.dispose()


def purge_conversations(
    url: str, retention_days: int, now: Optional[float] = None, timeout: float = 5.0
) -> int:
    """Deletes the conversations whose last event is older than `retention_days` days.

    Args:
        url: SQLAlchemy URL of the tracker store (`TRACKER_STORE_URL`).
        retention_days: Retention period in days.
        now: The current time in seconds since the epoch (tests).
        timeout: Seconds to wait for the database (connection, SQLite lock).

    Returns:
        How many conversations were deleted (0 when Rasa has not created its table yet).

    Raises:
        StoreError: The database could not be used (no URL or data in the message).
    """
    cutoff = (time.time() if now is None else now) - retention_days * SECONDS_PER_DAY
    with _tracker_store(url, timeout) as engine:
        if engine is None:
            return 0
        with engine.begin() as connection:
            expired = (
                select(EVENTS.c.sender_id)
                .group_by(EVENTS.c.sender_id)
                .having(func.max(EVENTS.c.timestamp) < cutoff)
            )
            senders: List[str] = [row[0] for row in connection.execute(expired)]
            for start in range(0, len(senders), _CHUNK):
                chunk = senders[start : start + _CHUNK]
                connection.execute(delete(EVENTS).where(EVENTS.c.sender_id.in_(chunk)))
        return len(senders)


def erase_conversation(url: str, conversation_id: str, up_to: float, timeout: float = 5.0) -> int:
    """Deletes one conversation's events up to a time (a patient's "delete my data").

    Args:
        url: SQLAlchemy URL of the tracker store.
        conversation_id: Rasa sender id.
        up_to: Events up to this time (seconds since the epoch) are deleted; later ones (a new
            conversation after the erasure) are kept.
        timeout: Seconds to wait for the database.

    Returns:
        How many events were deleted.

    Raises:
        StoreError: The database could not be used.
    """
    with _tracker_store(url, timeout) as engine:
        if engine is None:
            return 0
        with engine.begin() as connection:
            result = connection.execute(
                delete(EVENTS).where(
                    EVENTS.c.sender_id == conversation_id, EVENTS.c.timestamp <= up_to
                )
            )
        return int(result.rowcount or 0)


def main(argv: Optional[List[str]] = None) -> int:
    """`python -m escalation.conversations purge [--days N]`: one purge, then exit.

    Returns:
        0 when done, 1 when the tracker store could not be used, 2 when none is configured.
    """
    parser = argparse.ArgumentParser(description="Delete expired conversations.")
    parser.add_argument("command", choices=["purge"])
    parser.add_argument(
        "--days", type=int, default=None, help="retention in days (CONVERSATION_RETENTION_DAYS)"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    log_privacy.install()
    settings = get_settings()
    if not settings.tracker_store_url:
        logger.error("TRACKER_STORE_URL is not set: no tracker store to purge.")
        return 2
    days = settings.conversation_retention_days if args.days is None else max(1, args.days)
    try:
        deleted = purge_conversations(
            settings.tracker_store_url, days, timeout=settings.escalation_db_timeout
        )
    except StoreError as error:
        logger.error("Conversation purge failed: %s", error)
        return 1
    logger.info("Retention: %d conversation(s) older than %d days deleted.", deleted, days)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
