"""Rasa's SQL tracker store, with the conversations in use kept in memory between messages.

Rasa's `SQLTrackerStore` reads the whole conversation session back from the database for every
message: a query, a JSON decode of every event and a replay of them into a tracker. Before
saving it counts the events already stored, which is a second query. Together that was about a
fifth of a turn's time. This store keeps the tracker it last saved for each conversation. The
next message's tracker then comes from memory, and its save appends the new events without
counting them first.

The database stays the record. Every save is committed before the reply is sent, as before.
A kept tracker is handed out only when:
- nothing has changed it since it was saved (it has the same number of events), and
- the database still holds the number of events it held after that save.

The second check catches the delivery worker's deletions (retention, a patient's erasure) and
another Rasa process writing to the same conversation. In every other case, and for a tracker
that starts a new session, the store reads and saves exactly as `SQLTrackerStore` does.

endpoints.yml selects it by module path (`type: channels.tracker_store.CachedSQLTrackerStore`),
Rasa's supported way to plug in a tracker store. `cache_size` there bounds how many
conversations are kept (least recently used first out), and `keep_seconds` how long a
conversation nobody writes in stays in memory: a patient's words are not held by the process
for longer than that after their last message.
"""

from __future__ import annotations

import itertools
import json
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Dict, Final, Optional

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

#: How many conversations are kept in memory when endpoints.yml does not say.
DEFAULT_CACHE_SIZE: Final = 512
#: How long (seconds) an idle conversation stays in memory when endpoints.yml does not say.
DEFAULT_KEEP_SECONDS: Final = 600.0


@dataclass
class _Kept:
    """A tracker as it was last saved, and what the database held then."""

    tracker: DialogueStateTracker
    #: `len(tracker.events)` when it was saved.
    events: int
    #: The number of rows the database held for the conversation (all sessions) after the save.
    rows: int
    #: `time.monotonic()` when it was saved or last handed out.
    used: float


class CachedSQLTrackerStore(SQLTrackerStore):
    """`SQLTrackerStore` that reuses the tracker it saved last when the database agrees."""

    def __init__(
        self,
        *args: Any,
        cache_size: int = DEFAULT_CACHE_SIZE,
        keep_seconds: float = DEFAULT_KEEP_SECONDS,
        **kwargs: Any,
    ) -> None:
        """Connects like `SQLTrackerStore`.

        Args:
            *args: `SQLTrackerStore`'s arguments.
            cache_size: At most this many conversations are kept (0: none).
            keep_seconds: A conversation is dropped this long after it was last used.
            **kwargs: `SQLTrackerStore`'s keyword arguments.
        """
        self._kept: OrderedDict[str, _Kept] = OrderedDict()
        self._cache_size = max(0, int(cache_size))
        self._keep_seconds = float(keep_seconds)
        super().__init__(*args, **kwargs)

    @property
    def domain(self) -> Domain:
        """The domain trackers are built with."""
        return self._domain

    @domain.setter
    def domain(self, domain: Optional[Domain]) -> None:
        """A new model's domain: trackers kept with the old one's slots are dropped."""
        self._domain = domain or Domain.empty()
        self._kept.clear()

    async def retrieve(self, sender_id: str) -> Optional[DialogueStateTracker]:
        """The conversation's latest session: the kept tracker if still current, else read."""
        self._drop_idle()
        kept = self._kept.get(sender_id)
        if kept is not None:
            if len(kept.tracker.events) == kept.events and self._rows(sender_id) == kept.rows:
                kept.used = time.monotonic()
                self._kept.move_to_end(sender_id)
                return kept.tracker
            del self._kept[sender_id]
        return await super().retrieve(sender_id)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Appends the tracker's new events to the database, then keeps the tracker."""
        await self.stream_events(tracker)
        sender_id = tracker.sender_id
        kept = self._kept.pop(sender_id, None)
        with self.session_scope() as session:
            if kept is not None and kept.tracker is tracker:
                new_events = list(itertools.islice(tracker.events, kept.events, None))
                rows: Optional[int] = kept.rows + len(new_events)
            else:
                new_events = list(self._additional_events(session, tracker))
                rows = None
            session.add_all(self._row(sender_id, event) for event in new_events)
            session.commit()
        if any(isinstance(event, SessionStarted) for event in new_events):
            # A new session: read back from the database, the tracker holds only that session.
            return
        if rows is None:
            rows = self._rows(sender_id)
        self._keep(sender_id, _Kept(tracker, len(tracker.events), rows, time.monotonic()))

    def _keep(self, sender_id: str, kept: _Kept) -> None:
        """Keeps a saved tracker, dropping the least recently used beyond the cache size."""
        self._drop_idle()
        if self._cache_size == 0:
            return
        self._kept[sender_id] = kept
        while len(self._kept) > self._cache_size:
            self._kept.popitem(last=False)

    def _drop_idle(self) -> None:
        """Drops the conversations not used for `keep_seconds` (the oldest are first)."""
        idle_since = time.monotonic() - self._keep_seconds
        while self._kept:
            oldest = next(iter(self._kept.values()))
            if oldest.used > idle_since:
                return
            self._kept.popitem(last=False)

    def _rows(self, sender_id: str) -> int:
        """How many events the database holds for the conversation, over all its sessions."""
        with self.session_scope() as session:
            return int(
                session.query(sa.func.count(self.SQLEvent.id))
                .filter(self.SQLEvent.sender_id == sender_id)
                .scalar()
                or 0
            )

    def _row(self, sender_id: str, event: Event) -> SQLTrackerStore.SQLEvent:
        """The database row of one event, as `SQLTrackerStore.save` writes it."""
        data: Dict[str, Any] = event.as_dict()
        intent = data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY)
        return self.SQLEvent(
            sender_id=sender_id,
            type_name=event.type_name,
            timestamp=data.get("timestamp"),
            intent_name=intent,
            action_name=data.get("name"),
            data=json.dumps(data),
        )
