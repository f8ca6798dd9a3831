"""The case rules, as pure functions over plain data (no database, no Rasa).

A case belongs to one conversation and one *episode*: while it is open, every further red flag
or contact detail of that conversation updates it. It closes once it has had no update for the
episode length (`ESCALATION_EPISODE_HOURS`), and a later flag opens a new case. Its urgency is
only ever raised, flags are merged in the order first reported, and its revision goes up by one
each time the doctor must hear about a change (`changes` is not empty).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

from clinic.contract import SOON, normalise_urgency, raise_urgency, urgency_rank

REASON_RED_FLAG = "red_flag"
REASON_CALLBACK = "callback_request"

CHANGE_OPENED = "opened"
CHANGE_URGENCY_RAISED = "urgency_raised"
CHANGE_FLAGS_ADDED = "flags_added"
CHANGE_CONTACT_ADDED = "contact_added"
#: The patient added something for the call back ("mornings are best"): in the transcript.
CHANGE_NOTE_ADDED = "note_added"

#: Most patient reports (triggering messages) kept on a case.
MAX_REPORTS = 20
#: Longest stored patient text (characters).
MAX_TEXT = 2000
MAX_NAME = 200
MAX_PHONE = 32
_CASE_ID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U


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


def clip(text: Optional[str]) -> Optional[str]:
    """Returns patient text without surrounding spaces, at most `MAX_TEXT` long; None if empty."""
    if text is None:
        return None
    text = text.strip()
    return text[:MAX_TEXT] if text else None


def episode_is_over(updated_at: datetime, now: datetime, episode: timedelta) -> bool:
    """Tells whether an open case's episode has ended (no update for `episode`).

    Args:
        updated_at: The case's last update.
        now: The current time.
        episode: The episode length.

    Returns:
        True when a new report must open a new case.
    """
    return updated_at < now - episode


def merge_flags(known: Sequence[str], reported: Iterable[str]) -> Tuple[List[str], List[str]]:
    """Merges reported flags into a case's flags, keeping the order they were first reported.

    Args:
        known: The case's flags.
        reported: Flags reported now (duplicates and empty ids are ignored).

    Returns:
        (all flags, the flags that are new).
    """
    added = [f for f in dict.fromkeys(f for f in reported if f) if f not in known]
    return [*known, *added], added


def next_revision(revision: int, changes: Sequence[str], created: bool) -> int:
    """Returns a case's revision after a write: one more when an existing case changed."""
    return revision + 1 if changes and not created else revision


@dataclass(frozen=True)
class CaseFacts:
    """What the rules decide on: a case's urgency, flags, reason and contact details.

    Attributes:
        urgency: `emergency`, `urgent` or `soon`.
        flags: Flag ids in the order first reported.
        reason: `red_flag` or `callback_request`.
        contact_name: The patient's name, if given.
        contact_phone: Their phone number (E.164), if given.
    """

    urgency: str
    flags: Tuple[str, ...] = ()
    reason: str = REASON_RED_FLAG
    contact_name: Optional[str] = None
    contact_phone: Optional[str] = None


@dataclass(frozen=True)
class Outcome:
    """A case's facts after a report, and what the doctor is told changed.

    Attributes:
        facts: The facts after the report.
        changes: What changed (`opened`, `urgency_raised`, ...); empty: nothing new.
        previous_urgency: The urgency before, when it was raised.
    """

    facts: CaseFacts
    changes: Tuple[str, ...] = ()
    previous_urgency: Optional[str] = None

    @property
    def created(self) -> bool:
        """Whether the report opened the case."""
        return CHANGE_OPENED in self.changes


def report_red_flag(current: Optional[CaseFacts], urgency: str, flags: Sequence[str]) -> Outcome:
    """Applies a red-flag report to the conversation's open case, or opens one.

    Args:
        current: The open case's facts, or None when there is no open case.
        urgency: The reported urgency level.
        flags: Flag ids reported now (may be empty).

    Returns:
        The outcome.

    Raises:
        ValueError: `urgency` is not a known level.
    """
    level = normalise_urgency(urgency)
    if level is None:
        raise ValueError("unknown urgency level")
    reported = list(dict.fromkeys(f for f in flags if f))
    if current is None:
        return Outcome(CaseFacts(level, tuple(reported)), (CHANGE_OPENED,))
    changes: List[str] = []
    previous: Optional[str] = None
    raised = raise_urgency(current.urgency, level)
    if urgency_rank(raised) > urgency_rank(current.urgency):
        previous = current.urgency
        changes.append(CHANGE_URGENCY_RAISED)
    merged, added = merge_flags(current.flags, reported)
    if added:
        changes.append(CHANGE_FLAGS_ADDED)
    reason = REASON_RED_FLAG if (reported or changes) else current.reason
    facts = replace(current, urgency=raised, flags=tuple(merged), reason=reason)
    return Outcome(facts, tuple(changes), previous)


def report_contact(current: Optional[CaseFacts], name: str, phone: str) -> Outcome:
    """Applies consented contact details to the open case, or opens a `soon` callback case.

    Args:
        current: The open case's facts, or None.
        name: The patient's name.
        phone: Their phone number (E.164).

    Returns:
        The outcome; details already on the case change nothing.
    """
    kept_name, kept_phone = name[:MAX_NAME], phone[:MAX_PHONE]
    if current is None:
        facts = CaseFacts(SOON, (), REASON_CALLBACK, kept_name, kept_phone)
        return Outcome(facts, (CHANGE_OPENED,))
    if current.contact_name == name and current.contact_phone == phone:
        return Outcome(current)
    facts = replace(current, contact_name=kept_name, contact_phone=kept_phone)
    return Outcome(facts, (CHANGE_CONTACT_ADDED,))


def report_note(current: CaseFacts) -> Outcome:
    """A note for the call back on the open case: nothing changes but the transcript.

    Args:
        current: The open case's facts.

    Returns:
        The outcome, which the doctor is sent (the transcript holds the note).
    """
    return Outcome(current, (CHANGE_NOTE_ADDED,))


def add_report(
    reports: Sequence[Dict[str, Any]],
    text: Optional[str],
    flags: Sequence[str],
    urgency: str,
    at: datetime,
) -> List[Dict[str, Any]]:
    """Adds the patient's words to a case's reports (the newest `MAX_REPORTS` are kept).

    Args:
        reports: The case's reports so far.
        text: The patient's message (clipped); None adds nothing.
        flags: Flags reported with it.
        urgency: Its urgency.
        at: When it was reported.

    Returns:
        The reports.
    """
    kept = list(reports)
    words = clip(text)
    if words:
        kept.append({"at": iso(at), "text": words, "flags": list(flags), "urgency": urgency})
    return kept[-MAX_REPORTS:]


def keep_transcript(
    transcript: Optional[Sequence[Dict[str, Any]]], limit: int
) -> Optional[List[Dict[str, Any]]]:
    """Returns the recent messages a case keeps, or None to keep the stored ones.

    Args:
        transcript: Recent messages, oldest first; empty or None keeps what the case has.
        limit: Most messages kept (0: none).

    Returns:
        The messages to store, or None.
    """
    if not transcript:
        return None
    return list(transcript)[-limit:] if limit else []
