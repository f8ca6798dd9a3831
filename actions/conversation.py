"""What a case takes from the Rasa tracker: flags, urgency, the patient's words, the transcript."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker

from clinic.contract import (
    ACTION_ASK_RED_FLAG_CONFIRMATION,
    ENTITY_RED_FLAG,
    ENTITY_RED_FLAG_URGENCY,
    FORM_CALLBACK,
    PROPERTY_RED_FLAG_DETECTION,
    RESPONSES_EMERGENCY_CALLED,
    SLOT_CONTACT_NAME,
    SLOT_RED_FLAG_URGENCY,
    SLOT_RED_FLAGS,
    URGENT,
    highest_urgency,
)
from escalation.flags import FlagCatalogue

MAX_MESSAGE_CHARS = 1000


def _as_list(value: Any) -> List[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [v for v in value if isinstance(v, str)]
    return []


def reported_flags(tracker: Tracker) -> List[str]:
    """Returns the flag ids reported: slot `red_flags` and the latest `red_flag` entities.

    Args:
        tracker: The conversation.

    Returns:
        Flag ids without duplicates, in order.
    """
    flags = _as_list(tracker.get_slot(SLOT_RED_FLAGS))
    flags += _as_list(list(tracker.get_latest_entity_values(ENTITY_RED_FLAG)))
    return list(dict.fromkeys(f.strip() for f in flags if f and f.strip()))


def denies_warning_signs(tracker: Tracker) -> bool:
    """Whether the latest message only denies warning signs ("no numbness, bladder's fine").

    The detector read every red-flag mention in it as negated; such a message answers the
    bot's list of emergency signs, or tells what is not wrong. It needs no "say it another way".

    Args:
        tracker: The conversation.

    Returns:
        True when the message mentions warning signs and denies every one of them.
    """
    summary = (tracker.latest_message or {}).get(PROPERTY_RED_FLAG_DETECTION)
    if not isinstance(summary, dict) or summary.get("flags"):
        return False
    findings = summary.get("findings")
    return isinstance(findings, dict) and bool(findings) and set(findings.values()) == {"negated"}


#: Words that deny having something ("I don't have any of this", "no numbness nothing").
_DENIES = re.compile(
    r"\b(i (don'?t|do not|dont) have|i (haven'?t|have not) got|i'?ve not got|no numbness|"
    r"nothing like that|none of (that|this|those|them)|"
    # "mate i'm fine. no numbness, peeing fine"
    r"(i'?m|im|i am) (fine|ok|okay|well)|peeing (is )?fine)\b",
    re.I,
)


def denies_having_it(tracker: Tracker, text: str) -> bool:
    """Whether a message reports no flag and says, in words, that the patient does not have it.

    "I don't have any of this, I only asked a question! No numbness nothing": "numbness" alone
    names no flag for the detector, so `denies_warning_signs` cannot see the denial.
    """
    summary = (tracker.latest_message or {}).get(PROPERTY_RED_FLAG_DETECTION)
    flags = summary.get("flags") if isinstance(summary, dict) else None
    return not flags and bool(_DENIES.search(text))


#: One sign said to be absent: "no bladder trouble", "he hasn't fallen", "no bleeding".
_DENIED_SIGN = re.compile(
    r"\b(no|nae|not any|without|hasn'?t|haven'?t|hasnt|havent|never|didn'?t|didnt)\b[^.,;!?]{0,25}?"
    r"\b(numb\w*|tingl\w*|pins|weak\w*|bleed\w*|fever\w*|temperature|temp|leak\w*|fallen|falls?|"
    r"fell|bladder|bowels?|pee\w*|wee\w*|poo\w*|waterworks|accidents?|chest pain|weight|"
    r"leg (symptoms|pain|problems|issues|trouble)|problems? with (my |the )?(legs?|bladder|"
    r"bowels?|toilet|waterworks))\b"
    # "toilet is normal", "legs are fine", "peeing ok"
    r"|\b(toilet|toileting|peeing|weeing|bladder|bowels?|waterworks|legs?)( is| are|'s)? "
    r"(normal|fine|ok|okay|all good|all right|alright|no different|not different|the same|"
    r"unchanged|as (normal|usual|always))\b"
    # a long-standing state told unchanged: "nothing new there, same pattern as always"
    r"|\bnothing (new|different|changed)\b|\bsame (pattern|as (always|ever|usual|before))\b"
    # "it's just in my back not my legs"
    r"|\bnot (in )?(my|the|his|her) legs?\b",
    re.I,
)
#: "it's literally just my back", "only a stiff back": nothing else is wrong.
_ONLY_THE_BACK = re.compile(
    r"\b(it'?s|its|it is) (literally |really |honestly |genuinely )?(just|only) (my|his|her|the) "
    r"back\b|\b(just|only) (a|the) (sore|stiff|bad|tight) back\b|"
    # "purely the back muscles"
    r"\b(purely|just|only|simply) (the |my )?(back|lower back) muscles?\b"
    # "... toilet is normal. Only the back"
    r"|\b(just|only) (the|my) (lower )?back\W*$|\b(just|only) in (the|my) (lower )?back\b",
    re.I,
)


def states_no_warning_signs(tracker: Tracker, text: str) -> bool:
    """Whether a message, unasked, tells what is not wrong and asks nothing.

    "He hasn't fallen or anything, no bladder trouble, no numbness, I went through the list";
    "to be clear no bleeding or anything, it's literally just my back": not a question the bot
    failed to understand. Two signs denied, or one and "it's just my back"; no question mark,
    and no flag reported.
    """
    summary = (tracker.latest_message or {}).get(PROPERTY_RED_FLAG_DETECTION)
    if (isinstance(summary, dict) and summary.get("flags")) or "?" in text:
        return False
    denied = len(_DENIED_SIGN.findall(text))
    return denied >= 2 or (denied == 1 and bool(_ONLY_THE_BACK.search(text)))


def tells_what_is_not_wrong(tracker: Tracker, text: str) -> bool:
    """Whether a message only denies warning signs: read by the detector, or told in words."""
    return denies_warning_signs(tracker) or states_no_warning_signs(tracker, text)


def reported_urgency(
    tracker: Tracker, flags: List[str], catalogue: Optional[FlagCatalogue] = None
) -> Optional[str]:
    """Returns the urgency to escalate with.

    The highest of slot `red_flag_urgency` and the latest `red_flag_urgency` entities; failing
    both, the highest urgency `knowledge/red_flags.yml` gives the flags; failing that, `urgent`
    when there are flags (never under-triage a flag of unknown urgency); None without flags.

    Args:
        tracker: The conversation.
        flags: The reported flags.
        catalogue: Flag descriptions.

    Returns:
        `emergency`, `urgent`, `soon` or None.
    """
    level = highest_urgency(
        [
            tracker.get_slot(SLOT_RED_FLAG_URGENCY),
            *tracker.get_latest_entity_values(ENTITY_RED_FLAG_URGENCY),
        ]
    )
    if level is None and flags and catalogue is not None:
        level = catalogue.urgency_of(flags)
    if level is None and flags:
        level = URGENT
    return level


def latest_text(tracker: Tracker) -> Optional[str]:
    """Returns the patient's words that report the red flag, or None.

    The latest message; when it answers the bot's confirming question ("yes"), the message
    that raised the question comes first, so that the doctor reads what was reported.
    """
    text = (tracker.latest_message or {}).get("text")
    if not isinstance(text, str) or not text.strip():
        return None
    question = _confirmed_message(tracker)
    if question:
        text = f"{question} / {text}"
    return text[:MAX_MESSAGE_CHARS]


def _confirmed_message(tracker: Tracker) -> Optional[str]:
    """The message before the confirming question, if the latest message answers it."""
    asked = False
    users = 0
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            users += 1
            if users == 2:
                text = event.get("text")
                return text if asked and isinstance(text, str) and text.strip() else None
        elif kind == "action" and users == 1 and event.get("name") != "action_listen":
            if not asked and event.get("name") != ACTION_ASK_RED_FLAG_CONFIRMATION:
                return None  # another action came after the question
            asked = True
    return None


def _at(timestamp: Any) -> Optional[str]:
    if not isinstance(timestamp, int | float):
        return None
    moment = datetime.fromtimestamp(float(timestamp), tz=timezone.utc).replace(tzinfo=None)
    return moment.replace(microsecond=0).isoformat() + "Z"


def transcript(tracker: Tracker, limit: int) -> List[Dict[str, Any]]:
    """Returns the conversation's last messages, oldest first.

    Args:
        tracker: The conversation.
        limit: How many messages (user and assistant) to keep.

    Returns:
        `{"at": ISO time or None, "speaker": "patient" | "assistant", "text": ...}` items.
    """
    if limit <= 0:
        return []
    messages: List[Dict[str, Any]] = []
    for event in tracker.events:
        kind = event.get("event")
        if kind not in ("user", "bot"):
            continue
        text = event.get("text")
        if not isinstance(text, str) or not text.strip():
            continue
        messages.append(
            {
                "at": _at(event.get("timestamp")),
                "speaker": "patient" if kind == "user" else "assistant",
                "text": text.strip()[:MAX_MESSAGE_CHARS],
            }
        )
    return messages[-limit:]


def _response_name(event: Dict[str, Any]) -> Optional[str]:
    """The `utter_*` response an event sent (a bot message's, or a rule's `utter_` action)."""
    kind = event.get("event")
    if kind == "bot":
        name = (event.get("metadata") or {}).get("utter_action")
        return str(name) if name else None
    if kind == "action" and str(event.get("name") or "").startswith("utter_"):
        return str(event["name"])
    return None


def responses_this_turn(tracker: Tracker) -> List[str]:
    """The response names the bot has sent since the patient's latest message, latest first."""
    names: List[str] = []
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            break
        name = _response_name(event)
        if name:
            names.append(name)
    return names


def messages_in_form(tracker: Tracker) -> List[str]:
    """The patient's messages since the call-back form last started, latest first."""
    texts: List[str] = []
    for event in reversed(tracker.events):
        if event.get("event") == "active_loop" and event.get("name") == FORM_CALLBACK:
            break  # the form's start: nothing before it counts
        if event.get("event") == "user":
            texts.append(str(event.get("text") or ""))
    return texts


def actions_this_turn(tracker: Tracker) -> List[str]:
    """The actions run since the patient's latest message (not the running one), latest first."""
    names: List[str] = []
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            break
        if event.get("event") == "action" and event.get("name"):
            names.append(str(event["name"]))
    return names


def previous_turn_responses(tracker: Tracker) -> List[str]:
    """The response names the bot sent between the previous patient message and this one.

    Args:
        tracker: The conversation (its latest event is the patient's message).

    Returns:
        The `utter_*` names, latest first.
    """
    names: List[str] = []
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_user:
                break
            seen_user = True
        elif seen_user:
            name = _response_name(event)
            if name:
                names.append(name)
    return names


def call_back_in_play(tracker: Tracker) -> bool:
    """Whether the conversation has spoken of a call back: offered, asked for or under way.

    Args:
        tracker: The conversation.

    Returns:
        True once a call back was offered or its form ran, or a contact detail is known.
    """
    if tracker.active_loop or tracker.get_slot(SLOT_CONTACT_NAME):
        return True
    return any(
        (_response_name(event) or "").startswith(("utter_offer_callback", "utter_callback"))
        or (event.get("event") == "active_loop" and event.get("name"))
        for event in tracker.events
    )


def emergency_called(tracker: Tracker) -> bool:
    """Whether the bot has taken it as said, this session, that the emergency number is called.

    Args:
        tracker: The conversation.

    Returns:
        True after a reply such as "Good, you've done the right thing. Until help arrives...".
    """
    for event in reversed(tracker.events):
        if event.get("event") == "session_started":
            return False
        if _response_name(event) in RESPONSES_EMERGENCY_CALLED:
            return True
    return False


def session_user_texts(tracker: Tracker) -> List[str]:
    """What the patient has written this session, oldest first.

    Args:
        tracker: The conversation.

    Returns:
        The text of every user message since the session started.
    """
    texts: List[str] = []
    for event in reversed(tracker.events):
        if event.get("event") == "session_started":
            break
        if event.get("event") == "user":
            texts.append(str(event.get("text") or ""))
    return texts[::-1]
