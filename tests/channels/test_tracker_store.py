"""channels.tracker_store: the SQL tracker store that keeps saved trackers in memory.

Each test compares it with what Rasa's own SQLTrackerStore reads and writes on the same
database, so that keeping trackers changes how fast a turn is, never what a turn sees.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import List

import pytest
from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.utils.endpoints import read_endpoint_config
from sqlalchemy import create_engine, text

from channels.tracker_store import CachedSQLTrackerStore
from escalation.conversations import erase_conversation

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = Domain.from_yaml(
    """
version: "3.1"
slots:
  topic:
    type: text
    mappings:
    - type: custom
"""
)


def url_of(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'conversations.db'}"


def cached(tmp_path: Path, **kwargs) -> CachedSQLTrackerStore:
    return CachedSQLTrackerStore(domain=DOMAIN, host=url_of(tmp_path), **kwargs)


def plain(tmp_path: Path) -> SQLTrackerStore:
    return SQLTrackerStore(domain=DOMAIN, host=url_of(tmp_path))


def a_turn(text_: str, topic: str) -> list:
    return [
        UserUttered(text_, {"name": "faq", "confidence": 0.9}),
        SlotSet("topic", topic),
        ActionExecuted("action_answer_faq"),
        BotUttered(f"about {topic}"),
        ActionExecuted("action_listen"),
    ]


def stored_rows(tmp_path: Path, sender: str) -> List[tuple]:
    engine = create_engine(url_of(tmp_path))
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT type_name, data FROM events WHERE sender_id = :s ORDER BY id"),
            {"s": sender},
        ).all()
    engine.dispose()
    return [tuple(row) for row in rows]


async def talk(store: TrackerStore, sender: str, *turns: tuple) -> None:
    for text_, topic in turns:
        tracker = await store.get_or_create_tracker(sender)
        for event in a_turn(text_, topic):
            tracker.update(event)
        await store.save(tracker)


async def test_writes_the_same_rows_as_rasas_sql_tracker_store(tmp_path):
    turns = [("ice or heat?", "ice_heat"), ("and stretches?", "stretches"), ("thanks", "none")]
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    await talk(cached(tmp_path / "a"), "p1", *turns)
    await talk(plain(tmp_path / "b"), "p1", *turns)

    def without_timestamps(rows):
        return [(kind, data.split('"timestamp"')[0]) for kind, data in rows]

    kept, reference = stored_rows(tmp_path / "a", "p1"), stored_rows(tmp_path / "b", "p1")
    assert len(kept) == len(reference) == 1 + 3 * 5
    assert without_timestamps(kept) == without_timestamps(reference)


async def test_hands_out_the_saved_tracker_without_reading_the_events(tmp_path, monkeypatch):
    store = cached(tmp_path)
    await talk(store, "p1", ("ice or heat?", "ice_heat"))
    saved = await store.retrieve("p1")

    def no_read(*args, **kwargs):
        raise AssertionError("the events were read back")

    monkeypatch.setattr(store, "_event_query", no_read)
    assert await store.retrieve("p1") is saved
    assert saved.get_slot("topic") == "ice_heat"


async def test_reads_the_database_when_a_tracker_changed_without_being_saved(tmp_path):
    store = cached(tmp_path)
    await talk(store, "p1", ("ice or heat?", "ice_heat"))
    tracker = await store.retrieve("p1")
    tracker.update(SlotSet("topic", "never saved"))

    again = await store.retrieve("p1")

    assert again is not tracker
    assert again.get_slot("topic") == "ice_heat"
    assert len(again.events) == len(tracker.events) - 1


async def test_sees_an_erasure_by_the_worker(tmp_path):
    store = cached(tmp_path)
    await talk(store, "p1", ("my name is Ann", "callback"))
    erase_conversation(url_of(tmp_path), "p1", up_to=time.time() + 1)

    assert await store.retrieve("p1") is None
    await talk(store, "p1", ("hello again", "greet"))
    assert [kind for kind, _ in stored_rows(tmp_path, "p1")].count("user") == 1


async def test_sees_what_another_process_wrote_to_the_conversation(tmp_path):
    here, elsewhere = cached(tmp_path), cached(tmp_path)
    await talk(here, "p1", ("ice or heat?", "ice_heat"))
    await talk(elsewhere, "p1", ("and stretches?", "stretches"))

    tracker = await here.retrieve("p1")

    assert tracker.get_slot("topic") == "stretches"
    assert len(tracker.events) == 1 + 2 * 5


async def test_a_new_session_is_read_back_as_rasas_store_reads_it(tmp_path):
    store = cached(tmp_path)
    await talk(store, "p1", ("ice or heat?", "ice_heat"))
    tracker = await store.retrieve("p1")
    for event in [ActionExecuted("action_session_start"), SessionStarted()]:
        tracker.update(event)
    for event in a_turn("back again", "stretches"):
        tracker.update(event)
    await store.save(tracker)

    kept, reference = await store.retrieve("p1"), await plain(tmp_path).retrieve("p1")

    assert kept is not tracker
    assert [e.as_dict()["event"] for e in kept.events] == [
        e.as_dict()["event"] for e in reference.events
    ]


async def test_a_new_domain_drops_the_kept_trackers(tmp_path):
    store = cached(tmp_path)
    await talk(store, "p1", ("ice or heat?", "ice_heat"))
    saved = await store.retrieve("p1")

    store.domain = DOMAIN

    assert await store.retrieve("p1") is not saved


@pytest.mark.parametrize("size, kept", [(0, []), (2, ["p2", "p3"])])
async def test_keeps_at_most_cache_size_conversations(tmp_path, size, kept):
    store = cached(tmp_path, cache_size=size)
    for sender in ["p1", "p2", "p3"]:
        await talk(store, sender, ("ice or heat?", "ice_heat"))

    assert list(store._kept) == kept
    for sender in ["p1", "p2", "p3"]:
        assert (await store.retrieve(sender)).get_slot("topic") == "ice_heat"


async def test_drops_conversations_idle_for_keep_seconds(tmp_path, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr("channels.tracker_store.time.monotonic", lambda: clock[0])
    store = cached(tmp_path, keep_seconds=600)
    await talk(store, "p1", ("ice or heat?", "ice_heat"))
    clock[0] += 300
    await talk(store, "p2", ("ice or heat?", "ice_heat"))
    clock[0] += 301

    assert (await store.retrieve("p2")).get_slot("topic") == "ice_heat"

    assert list(store._kept) == ["p2"]


def test_endpoints_yml_selects_this_store(tmp_path, monkeypatch):
    """Rasa falls back to an in-memory store, silently, on a module path it cannot import."""
    monkeypatch.setenv("TRACKER_STORE_URL", url_of(tmp_path))
    monkeypatch.setenv("ACTION_SERVER_URL", "http://127.0.0.1:5055/webhook")
    monkeypatch.setenv("ACTION_SERVER_TOKEN", "not-used-here")
    config = read_endpoint_config(str(ROOT / "endpoints.yml"), "tracker_store")

    store = TrackerStore.create(config, domain=DOMAIN)

    inner = getattr(store, "_tracker_store", store)
    inner = getattr(inner, "_tracker_store", inner)
    assert isinstance(inner, CachedSQLTrackerStore)
    assert inner._cache_size == 512
