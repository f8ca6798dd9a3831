"""Retention of Rasa's conversations: escalation.conversations on Rasa's own `events` table."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, insert, text

from clinic.settings import Settings
from escalation import conversations
from escalation.conversations import purge_conversations
from escalation.db import StoreError
from escalation.worker import Worker

DAY = 86400.0


def rasa_tracker_db(path: Path) -> str:
    """A SQLite database with the table Rasa 3.6's SQLTrackerStore creates."""
    from rasa.core.tracker_store import SQLTrackerStore

    url = f"sqlite:///{path}"
    engine = create_engine(url)
    SQLTrackerStore.Base.metadata.create_all(engine)
    engine.dispose()
    return url


def add_events(url: str, sender: str, *timestamps: float) -> None:
    from rasa.core.tracker_store import SQLTrackerStore

    engine = create_engine(url)
    with engine.begin() as connection:
        for moment in timestamps:
            connection.execute(
                insert(SQLTrackerStore.SQLEvent.__table__).values(
                    sender_id=sender, type_name="user", timestamp=moment, data="{}"
                )
            )
    engine.dispose()


def senders(url: str) -> dict:
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT sender_id, COUNT(*) FROM events GROUP BY sender_id")
        ).all()
    engine.dispose()
    return {sender: count for sender, count in rows}


def test_deletes_whole_conversations_whose_last_event_is_older_than_retention(tmp_path):
    url = rasa_tracker_db(tmp_path / "conversations.db")
    now = time.time()
    add_events(url, "old", now - 40 * DAY, now - 31 * DAY)
    add_events(url, "still-going", now - 40 * DAY, now - 1 * DAY)
    add_events(url, "new", now)

    assert purge_conversations(url, 30, now=now) == 1

    assert senders(url) == {"still-going": 2, "new": 1}


def test_no_table_yet_means_nothing_to_delete(tmp_path):
    assert purge_conversations(f"sqlite:///{tmp_path / 'empty.db'}", 30) == 0


def test_unusable_database_is_a_store_error_without_the_url(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    url = f"sqlite:///{blocker / 'conversations.db'}"
    with pytest.raises(StoreError) as error:
        purge_conversations(url, 30)
    assert str(blocker) not in str(error.value)


def test_worker_purges_conversations_with_the_cases(tmp_path, db_url):
    url = rasa_tracker_db(tmp_path / "conversations.db")
    add_events(url, "old", time.time() - 8 * DAY)
    add_events(url, "new", time.time())
    settings = Settings.from_env(
        {
            "ESCALATION_DB_URL": db_url,
            "TRACKER_STORE_URL": url,
            "CASE_RETENTION_DAYS": "30",
            "CONVERSATION_RETENTION_DAYS": "7",
        }
    )
    from escalation.worker import build_worker

    worker = build_worker(settings)
    assert isinstance(worker, Worker)
    assert worker.purge(force=True) is True
    assert senders(url) == {"new": 1}
    worker.store.dispose()


def test_settings_conversation_retention_defaults_to_case_retention():
    assert Settings.from_env({}).conversation_retention_days == 30
    assert Settings.from_env({}).tracker_store_url == ""
    settings = Settings.from_env({"CASE_RETENTION_DAYS": "14"})
    assert settings.conversation_retention_days == 14
    settings = Settings.from_env(
        {"CONVERSATION_RETENTION_DAYS": "3", "TRACKER_STORE_URL": "postgresql://u:p@db/c"}
    )
    assert settings.conversation_retention_days == 3
    assert settings.tracker_store_url == "postgresql://u:p@db/c"
    assert "postgresql" not in repr(settings)


def test_purge_command(tmp_path, monkeypatch, caplog):
    url = rasa_tracker_db(tmp_path / "conversations.db")
    add_events(url, "old", time.time() - 40 * DAY)
    monkeypatch.setenv("TRACKER_STORE_URL", url)
    monkeypatch.setattr(conversations, "get_settings", lambda: Settings.from_env())
    caplog.set_level("INFO")
    assert conversations.main(["purge", "--days", "30"]) == 0
    assert senders(url) == {}
    monkeypatch.delenv("TRACKER_STORE_URL")
    assert conversations.main(["purge"]) == 2


@pytest.mark.skipif(
    not os.environ.get("ESCALATION_TEST_PG_URL"), reason="ESCALATION_TEST_PG_URL is not set"
)
def test_purge_on_postgresql():
    """The same on PostgreSQL (a scratch database, as in test_store_postgres.py)."""
    from rasa.core.tracker_store import SQLTrackerStore

    url = os.environ["ESCALATION_TEST_PG_URL"]
    engine = create_engine(url)
    SQLTrackerStore.Base.metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM events WHERE sender_id LIKE 'pg-retention-%'"))
    engine.dispose()
    now = time.time()
    add_events(url, "pg-retention-old", now - 40 * DAY)
    add_events(url, "pg-retention-new", now)
    assert purge_conversations(url, 30, now=now) >= 1
    left = {k: v for k, v in senders(url).items() if k.startswith("pg-retention-")}
    assert left == {"pg-retention-new": 1}
