"""Punctuation said aloud to voice typing: "my bottom is numb full stop is heat ok question mark".

A patient dictating on a phone may get the words instead of the marks. A sentence ends there as
typed punctuation would end it, both for the red-flag detector's clauses
(components/red_flag_text.py) and for the questions the answers look for
(actions/topic_hints.py), so the one pattern lives here.
"""

from __future__ import annotations

import re
from typing import Dict, Final, Pattern

#: A mark said aloud, with the spaces around it.
SPOKEN_PUNCTUATION: Final[Pattern[str]] = re.compile(
    r"\s*\b(full stop|new line|new paragraph|question mark|exclamation mark|exclamation point)"
    r"\b\s*",
    re.IGNORECASE,
)
_MARKS: Final[Dict[str, str]] = {
    "question mark": "? ",
    "exclamation mark": "! ",
    "exclamation point": "! ",
}


def typed_mark(spoken: str) -> str:
    """The typed mark (with a space after it) for a match of `SPOKEN_PUNCTUATION`.

    Args:
        spoken: The matched words, with or without the spaces around them.

    Returns:
        "? " or "! " for those marks, ". " for a full stop or a new line or paragraph.
    """
    return _MARKS.get(" ".join(spoken.lower().split()), ". ")


def written(text: str) -> str:
    """The text with every mark said aloud typed as punctuation.

    Args:
        text: The patient's message.

    Returns:
        The message with "full stop", "question mark" and the like replaced by their marks.
    """
    return SPOKEN_PUNCTUATION.sub(lambda match: typed_mark(match.group()), text)
