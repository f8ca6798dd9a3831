"""Urgency levels of red flags and how they combine.

The three levels come from `red-flags.md`: `emergency` (call the emergency number now),
`urgent` (a doctor today) and `soon` (an appointment within days). A message with several
flags gets the most pressing level; modifiers can raise a flag's level, never lower it.
"""

from __future__ import annotations

from typing import Iterable, Optional

EMERGENCY = "emergency"
URGENT = "urgent"
SOON = "soon"

#: Urgency levels, most pressing first.
URGENCIES = (EMERGENCY, URGENT, SOON)

_RANK = {EMERGENCY: 3, URGENT: 2, SOON: 1}


def is_urgency(value: object) -> bool:
    """Tells whether a value is one of the three urgency levels.

    Args:
        value: Any value, e.g. read from YAML.

    Returns:
        True for `emergency`, `urgent` or `soon`.
    """
    return isinstance(value, str) and value in _RANK


def rank(level: Optional[str]) -> int:
    """Orders urgency levels.

    Args:
        level: An urgency level, or None.

    Returns:
        3 for emergency, 2 for urgent, 1 for soon, 0 for None or an unknown value.
    """
    return _RANK.get(level or "", 0)


def highest(levels: Iterable[Optional[str]]) -> Optional[str]:
    """Returns the most pressing of some urgency levels.

    Args:
        levels: Levels; None and unknown values are ignored.

    Returns:
        The most pressing level, or None when there is none.
    """
    best: Optional[str] = None
    for level in levels:
        if rank(level) > rank(best):
            best = level
    return best


def raise_to(current: str, candidate: Optional[str]) -> str:
    """Raises an urgency level to another one if that is more pressing.

    Args:
        current: The level so far.
        candidate: A level a modifier asks for.

    Returns:
        The more pressing of the two (never lower than `current`).
    """
    return candidate if candidate is not None and rank(candidate) > rank(current) else current
