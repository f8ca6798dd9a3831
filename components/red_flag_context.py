"""What the red-flag detector reads from earlier turns of the same conversation.

Patients spread a symptom over messages ("my legs feel weird" ... "both of them, and numb") and
answer the bot's "can you tell me more?" with a fragment. The detector reads the current message
with the patient's last few messages of the same session, and reports a flag that only the
combination shows. Flags already reported in those turns are not reported again. When the
bot's last action was the confirming question about a suspected flag
(`action_ask_red_flag_confirmation`), the context names that flag, so that a "yes" reports it.

Rasa passes the conversation's tracker to NLU components whose `process` takes a `tracker`
argument (the default recipe's `PLACEHOLDER_TRACKER`); when a message is parsed on its own
(`rasa shell nlu`, `/model/parse`) there is no tracker and no context.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, FrozenSet, List, Optional, Tuple

from clinic.contract import (
    ACTION_ASK_RED_FLAG_CONFIRMATION,
    DETECTION_CORRECTS,
    ENTITY_RED_FLAG,
    ENTITY_RED_FLAG_SUSPECTED,
    ENTITY_RED_FLAG_URGENCY,
    PROPERTY_RED_FLAG_DETECTION,
    RESPONSE_CONFIRM_RED_FLAG,
    SLOT_RED_FLAG_SUSPECTED,
    highest_urgency,
)

#: Earlier patient messages read together with the current one.
MAX_TURNS = 2
#: A sentence of an older message of the session that says what makes a later back pain a red
#: flag (red-flags.md: cancer, osteoporosis, long-term steroids, a weak immune system, injected
#: drugs) is read too: "mum has osteoporosis" in the first message and "she slipped and sat
#: down hard" four messages later are a fragility fracture.
_BACKGROUND = re.compile(
    r"\b(osteopor\w*|osteopenia|brittle bones?|cancer|tumou?rs?|chemo\w*|radiotherapy|"
    r"myeloma|lymphoma|leuka?emia|carcinoma|melanoma|metasta\w*|oncolog\w*|steroids?|"
    r"prednis\w*|transplant|immunosuppress\w*|hiv|inject\w* drugs?)\b",
    re.I,
)
#: Most background sentences read.
MAX_BACKGROUND = 3
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
#: Earlier messages older than this (seconds, before the newest one) are not read.
MAX_AGE_SECONDS = 30 * 60.0
SESSION_START = "action_session_start"
ACTION_LISTEN = "action_listen"


@dataclass(frozen=True)
class TurnContext:
    """The patient's recent messages of this session.

    Attributes:
        texts: Earlier messages, oldest first (at most `MAX_TURNS`), after the background
            sentences of older ones (`_BACKGROUND`).
        reported: Flags already reported in this session's recent turns.
        reported_earlier: Flags reported in the older messages the background comes from.
        asked_flag: The flag the bot's confirming question, its last action, was about.
        in_form: Whether a form (the call-back form) is asking its questions: no confirming
            question is asked then, since the form's own "yes" would answer it.
        session_urgency: The highest urgency reported earlier in this session: a later flag
            never gets a lower urgency's advice ("see a doctor today" while the family drives
            to A&E, "book within days" after same-day advice).
        reported_urgency: The highest urgency reported in the recent turns: a flag reported
            there is reported again when the turns together now make it more urgent
            ("tingling down my left leg" ... "it's getting worse").
    """

    texts: Tuple[str, ...] = ()
    reported: FrozenSet[str] = frozenset()
    reported_earlier: FrozenSet[str] = frozenset()
    asked_flag: Optional[str] = None
    in_form: bool = False
    session_urgency: Optional[str] = None
    reported_urgency: Optional[str] = None

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
    background: List[str] = []
    reported: set = set()
    reported_earlier: set = set()
    urgencies: List[str] = []
    newest: Optional[float] = None
    last_action: Optional[str] = None
    asked_flag: Optional[str] = None
    asked = False
    seen_user = False
    for event in reversed(list(getattr(tracker, "events", []) or [])):
        name = getattr(event, "action_name", None)
        if name == SESSION_START:
            break
        if name and name != ACTION_LISTEN and last_action is None and not seen_user:
            last_action = name
        metadata = getattr(event, "metadata", None) or {}
        if not seen_user and metadata.get("utter_action") == RESPONSE_CONFIRM_RED_FLAG:
            asked = True
        if getattr(event, "type_name", "") != "user":
            continue
        if not seen_user and last_action == ACTION_ASK_RED_FLAG_CONFIRMATION and asked:
            # (the action asks nothing when the advice already covers the flag: "yes please
            # get the doctor to call me" next is no yes to a question)
            # The question may come a turn after the suspicion (after "Do you mean A or B?"):
            # the slot keeps the flag it is about.
            asked_flag = _slot(tracker, SLOT_RED_FLAG_SUSPECTED) or _entity_value(
                event, ENTITY_RED_FLAG_SUSPECTED
            )
        seen_user = True
        timestamp = float(getattr(event, "timestamp", 0.0) or 0.0)
        newest = timestamp if newest is None else newest
        if newest - timestamp > MAX_AGE_SECONDS:
            break
        text = getattr(event, "text", None)
        text = text if isinstance(text, str) and not text.startswith("/") else ""
        if len(texts) >= max_turns:
            found = [part for part in _SENTENCE_END.split(text) if _BACKGROUND.search(part)]
            if found:
                background[:0] = found
                reported_earlier.update(_flags(event))
            if len(background) >= MAX_BACKGROUND:
                break
            continue
        reported.update(_flags(event))
        urgencies.append(_entity_value(event, ENTITY_RED_FLAG_URGENCY) or "")
        if text.strip():
            texts.append(text)
        if _corrects(event):
            break  # "sorry, I typed that wrong": the turns before it are not read with it
    return TurnContext(
        texts=tuple(background[-MAX_BACKGROUND:]) + tuple(reversed(texts)),
        reported=frozenset(reported),
        reported_earlier=frozenset(reported_earlier),
        asked_flag=asked_flag,
        in_form=bool(getattr(tracker, "active_loop_name", None)),
        session_urgency=_urgency_in_session(tracker),
        reported_urgency=highest_urgency(urgencies),
    )


def _flags(event: Any) -> List[str]:
    """The `red_flag` entity values of a user event."""
    parse_data = getattr(event, "parse_data", None) or {}
    return [
        str(entity.get("value"))
        for entity in parse_data.get("entities") or []
        if isinstance(entity, dict) and entity.get("entity") == ENTITY_RED_FLAG
    ]


def _urgency_in_session(tracker: Any) -> Optional[str]:
    """The highest urgency a patient message of the current session was reported with."""
    urgencies: List[str] = []
    for event in reversed(list(getattr(tracker, "events", []) or [])):
        if getattr(event, "action_name", None) == SESSION_START:
            break
        if getattr(event, "type_name", "") == "session_started":
            break
        if getattr(event, "type_name", "") == "user":
            urgencies.append(_entity_value(event, ENTITY_RED_FLAG_URGENCY) or "")
            if _corrects(event):
                break  # the urgency before a correction is not the floor any more
    return highest_urgency(urgencies)


def _corrects(event: Any) -> bool:
    """Whether a user event corrected an earlier, more urgent report (the detector said so)."""
    parse_data = getattr(event, "parse_data", None) or {}
    summary = parse_data.get(PROPERTY_RED_FLAG_DETECTION)
    return isinstance(summary, dict) and summary.get(DETECTION_CORRECTS) is True


def _slot(tracker: Any, name: str) -> Optional[str]:
    """A slot's value as text, if the tracker has it set."""
    get_slot = getattr(tracker, "get_slot", None)
    value = get_slot(name) if callable(get_slot) else None
    return str(value) if value else None


def _entity_value(event: Any, name: str) -> Optional[str]:
    """The value of the user event's first entity called `name`, if any."""
    parse_data = getattr(event, "parse_data", None) or {}
    for entity in parse_data.get("entities") or []:
        if isinstance(entity, dict) and entity.get("entity") == name and entity.get("value"):
            return str(entity["value"])
    return None
