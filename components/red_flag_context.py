"""What the red-flag detector reads from earlier turns of the same conversation.

Patients spread a symptom over messages ("my legs feel weird" ... "both of them, and numb") and
answer the bot's "can you tell me more?" with a fragment. The detector reads the current message
with the patient's last few messages of the same session, and reports a flag that only the
combination shows. Flags already reported in those turns are not reported again.

Rasa passes the conversation's tracker to NLU components whose `process` takes a `tracker`
argument (the default recipe's `PLACEHOLDER_TRACKER`); when a message is parsed on its own
(`rasa shell nlu`, `/model/parse`) there is no tracker and no context.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, FrozenSet, List, Optional, Tuple

from clinic.contract import ENTITY_RED_FLAG

#: Earlier patient messages read together with the current one.
MAX_TURNS = 2
#: Earlier messages older than this (seconds, before the newest one) are not read.
MAX_AGE_SECONDS = 30 * 60.0
SESSION_START = "action_session_start"


@dataclass(frozen=True)
class TurnContext:
    """The patient's recent messages of this session.

    Attributes:
        texts: Earlier messages, oldest first (at most `MAX_TURNS`).
        reported: Flags already reported in this session's recent turns.
    """

    texts: Tuple[str, ...] = ()
    reported: FrozenSet[str] = frozenset()

    def joined(self, text: str) -> str:
        """The earlier messages and the current one as one text, one sentence each."""
        parts = [part.strip().rstrip(".") for part in (*self.texts, text) if part.strip()]
        return ". ".join(parts)


def recent_context(tracker: Optional[Any], max_turns: int = MAX_TURNS) -> TurnContext:
    """Reads the patient's recent messages of the current session from a tracker.

    Args:
        tracker: Rasa's `DialogueStateTracker` for the conversation, or None.
        max_turns: How many earlier messages to read.

    Returns:
        The context; empty without a tracker or at the start of a session.
    """
    if tracker is None:
        return TurnContext()
    texts: List[str] = []
    reported: set = set()
    newest: Optional[float] = None
    for event in reversed(list(getattr(tracker, "events", []) or [])):
        name = getattr(event, "action_name", None)
        if name == SESSION_START:
            break
        if getattr(event, "type_name", "") != "user":
            continue
        timestamp = float(getattr(event, "timestamp", 0.0) or 0.0)
        newest = timestamp if newest is None else newest
        if newest - timestamp > MAX_AGE_SECONDS:
            break
        parse_data = getattr(event, "parse_data", None) or {}
        for entity in parse_data.get("entities") or []:
            if isinstance(entity, dict) and entity.get("entity") == ENTITY_RED_FLAG:
                reported.add(str(entity.get("value")))
        text = getattr(event, "text", None)
        if isinstance(text, str) and text.strip() and not text.startswith("/"):
            texts.append(text)
        if len(texts) >= max_turns:
            break
    return TurnContext(texts=tuple(reversed(texts)), reported=frozenset(reported))
