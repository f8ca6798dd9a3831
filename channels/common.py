"""Helpers shared by the connectors: escalation markers, duplicate filters, user-text cleaning.

The marker's names, the urgency levels and the emergency number's default come from
`clinic.contract`; true/false settings are read like environment variables (`clinic.env`).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Callable, List, Mapping, Optional, Sequence, Tuple

from channels import wording
from clinic.contract import (
    DEFAULT_EMERGENCY_NUMBER,
    ENV_EMERGENCY_NUMBER,
    INTENT_PREFIX,
    MARKER_CASE_ID,
    MARKER_FLAGS,
    MARKER_KEY,
    MARKER_URGENCY,
    is_urgency,
)
from clinic.env import env_bool, env_text


def emergency_number(env: Optional[Mapping[str, str]] = None) -> str:
    """Returns the configured emergency number (env var EMERGENCY_NUMBER, default 112).

    Args:
        env: Variables to read; defaults to `os.environ`.

    Returns:
        The number patients are told to call.
    """
    return env_text(ENV_EMERGENCY_NUMBER, DEFAULT_EMERGENCY_NUMBER, env=env)


@dataclass(frozen=True)
class Escalation:
    """The escalation marker a bot message can carry (docs/escalation.md).

    Attributes:
        urgency: `emergency`, `urgent` or `soon`.
        flags: Red-flag ids that triggered it.
        case_id: The clinic's case id, if a case was recorded.
    """

    urgency: str
    flags: Tuple[str, ...] = field(default_factory=tuple)
    case_id: Optional[str] = None


def parse_escalation(json_message: Any) -> Optional[Escalation]:
    """Reads the escalation marker from a custom bot message.

    Args:
        json_message: The `custom` part of a bot message.

    Returns:
        The marker, or None when the message carries none (or a malformed one).
    """
    if not isinstance(json_message, dict):
        return None
    marker = json_message.get(MARKER_KEY)
    if not isinstance(marker, dict):
        return None
    urgency = marker.get(MARKER_URGENCY)
    if not is_urgency(urgency):
        return None
    flags = marker.get(MARKER_FLAGS) or []
    case_id = marker.get(MARKER_CASE_ID)
    return Escalation(
        urgency=str(urgency),
        flags=tuple(str(flag) for flag in flags) if isinstance(flags, list) else (),
        case_id=str(case_id) if case_id else None,
    )


def alert_lines(urgency: str, number: str, channel: Optional[str] = None) -> Tuple[str, str]:
    """Returns the headline and the detail of the alert shown for an escalation.

    The wording (domain/channels.yml) repeats the advice the bot has just given; it never
    names a diagnosis.

    Args:
        urgency: `emergency`, `urgent` or `soon`.
        number: The emergency number.
        channel: The output channel's name, for its own wording if it has one.

    Returns:
        (headline, detail), both plain text.
    """
    return wording.alert_lines(urgency, number, channel)


def alert_text(urgency: str, number: str, channel: Optional[str] = None) -> str:
    """Returns the escalation alert as one plain-text message.

    Args:
        urgency: `emergency`, `urgent` or `soon`.
        number: The emergency number.
        channel: The output channel's name, for its own wording if it has one.

    Returns:
        Headline and detail on two lines.
    """
    headline, detail = alert_lines(urgency, number, channel)
    return f"{headline}\n{detail}"


def clean_user_text(text: str, commands: Optional[Mapping[str, str]] = None) -> str:
    """Cleans a message from a public channel so it cannot force an intent.

    A message whose first word is a known command (e.g. Telegram's `/start`) is replaced by the
    command's text; any other leading "/" is removed, so the NLU pipeline (and the red-flag
    detector) always reads what the patient wrote.

    Args:
        text: The message as received.
        commands: First word -> text to use instead (may itself be an intent like "/greet").

    Returns:
        The text to hand to Rasa.
    """
    stripped = text.strip()
    if commands and stripped:
        first = stripped.split(maxsplit=1)[0].split("@", 1)[0].lower()
        if first in commands:
            return commands[first]
    while stripped.startswith(INTENT_PREFIX):
        stripped = stripped[len(INTENT_PREFIX) :].lstrip()
    return stripped


class RecentKeys:
    """Remembers keys for a while, to answer each event once (retries, duplicates).

    Bounded in size and age; kept in memory, so it covers one server process.

    Args:
        ttl_seconds: How long a key is remembered.
        max_keys: How many keys at most; the oldest are forgotten first.
        clock: Time source (seconds), for tests.
    """

    def __init__(
        self,
        ttl_seconds: float = 3600.0,
        max_keys: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl = ttl_seconds
        self._max = max_keys
        self._clock = clock
        self._keys: OrderedDict[str, float] = OrderedDict()

    def _expire(self, now: float) -> None:
        while self._keys:
            key, seen_at = next(iter(self._keys.items()))
            if now - seen_at <= self._ttl and len(self._keys) <= self._max:
                break
            del self._keys[key]

    def seen(self, key: str) -> bool:
        """Records a key and tells whether it had been recorded already.

        Args:
            key: The event's identity.

        Returns:
            True if the key was seen within the time to live (a duplicate).
        """
        now = self._clock()
        self._expire(now)
        if key in self._keys:
            return True
        self._keys[key] = now
        self._expire(now)
        return False

    def __len__(self) -> int:
        return len(self._keys)


def split_list(value: Any) -> List[str]:
    """Reads a list setting given as a YAML list or a comma/space separated string.

    Args:
        value: The setting.

    Returns:
        The non-empty items.
    """
    if value is None:
        return []
    items: Sequence[Any]
    if isinstance(value, str):
        items = value.replace(",", " ").split()
    elif isinstance(value, list | tuple):
        items = value
    else:
        items = [value]
    return [str(item).strip() for item in items if str(item).strip()]


def as_bool(value: Any, default: bool = False, name: str = "setting") -> bool:
    """Reads a boolean setting given as YAML bool or string, as `clinic.env` reads variables.

    Args:
        value: The setting.
        default: Used when the setting is missing, empty or unreadable (then with a warning).
        name: The setting's name, for the warning.

    Returns:
        The boolean.
    """
    if isinstance(value, bool):
        return value
    return env_bool(name, default, env={name: "" if value is None else str(value)})
