"""The three urgency levels of a red flag, from most to least pressing."""

from __future__ import annotations

from typing import Iterable, Optional

EMERGENCY = "emergency"
URGENT = "urgent"
SOON = "soon"

#: Urgency levels, most pressing first.
URGENCIES = (EMERGENCY, URGENT, SOON)

_RANK = {EMERGENCY: 3, URGENT: 2, SOON: 1}


def normalise(value: object) -> Optional[str]:
    """Returns a known urgency level, or None.

    Args:
        value: A slot or entity value such as `"Emergency "`.

    Returns:
        `emergency`, `urgent` or `soon`; None for anything else.
    """
    if not isinstance(value, str):
        return None
    level = value.strip().lower()
    return level if level in _RANK else None


def rank(level: str) -> int:
    """Returns a number that orders urgency levels (higher = more pressing; unknown = 0)."""
    return _RANK.get(level, 0)


def highest(levels: Iterable[Optional[str]]) -> Optional[str]:
    """Returns the most pressing of some urgency levels.

    Args:
        levels: Levels; unknown values and None are ignored.

    Returns:
        The most pressing known level, or None if there is none.
    """
    known = [level for level in (normalise(v) for v in levels) if level]
    return max(known, key=rank) if known else None
