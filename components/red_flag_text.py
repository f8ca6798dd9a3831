"""Normalises raw patient text before matching, keeping a map back to the original offsets.

Patients type on phones and paste from anywhere: curly quotes, HTML, control characters,
"numbbbb", or megabytes of junk. This module makes that safe and uniform for the matchers:
- only the first `max_chars` characters are looked at (the caller chooses a generous limit);
- HTML tags become a space and HTML entities their character;
- typographic quotes and dashes become ASCII; control and unassigned characters become spaces;
- text is lower-cased (character by character, so offsets still line up);
- a letter repeated three times or more is cut to two ("numbbbb" -> "numbb");
- "since <weekday>" (or "started last <weekday>") becomes "for <n> days", counted from today
  (`clinic.weekdays`).
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Callable, List, Optional, Tuple

from clinic.spoken import SPOKEN_PUNCTUATION, typed_mark
from clinic.weekdays import (
    HOURS_SAID,
    ON_WEEKDAY,
    SINCE_WEEKDAY,
    says_today,
    since_weekday,
    stated_today,
)

_TAG = re.compile(r"<[^<>]{0,200}>")
#: A numbered item of a list ("1) ... 2) ... 3) my junk has had zero feeling"): each item is a
#: sentence of its own, not part of the question before it.
#: "feet all pins-and-needles": one symptom, however hyphenated (the tokenizer splits
#: hyphens off, and a hyphen ends a clause).
_PINS_AND_NEEDLES = re.compile(r"\bpins?-(?:and|n|&)-needles?(?:-(?:y|ey|ish))?\b", re.IGNORECASE)
#: Learners' double negative: "I don't feel nothing on the bottom" is "I can't feel anything"
#: (read as written, its "don't" would deny the symptom).
_FEEL_NOTHING = re.compile(
    r"\b(?:don'?t|do not|didn'?t|did not|can'?t|cannot|can not)\s+feel\s+"
    r"(?:nothing|nothin'?|nuthin)\b",
    re.IGNORECASE,
)
#: "I need to no what to do", "dont no if": the typo for "know", not a denial ("no" after a
#: symptom reads as "... ? no").
_KNOW_TYPO = re.compile(
    r"(?:(?<=\bto )|(?<=\bi )|(?<=\bdont )|(?<=\bdon't )|(?<=\bdidnt )|(?<=\bdidn't ))no"
    r"(?= (?:what|wat|wot|how|if|whether|why|when|where|who)\b)",
    re.IGNORECASE,
)
#: A form's question label ("Q: fever? A: no") ends what came before; its answer label is
#: dropped, so that the answer reads as the reply to the question ("fever? no").
_QUESTION_LABEL = re.compile(r"(?:(?<=\s)|^)q\s*:", re.IGNORECASE)
_ANSWER_LABEL = re.compile(
    r"(?<=\?)\s*(?:a|ans|answer)\s*[:=-]\s*(?=(?:no|nope|none|nil|negative|yes|yep|yeah)\b)",
    re.IGNORECASE,
)
_LIST_ITEM = re.compile(r"(?<=\s)(?:\d{1,2}|[a-e])\)(?=\s)")
_ENTITY = re.compile(r"&(#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z]{2,10});")
#: Double quotes round a word ('his backside feels "dead"'): dropped, so that the quoted word
#: reads as part of its clause (only where a space or punctuation is on the other side).
_DOUBLE_QUOTE = re.compile(r'(?:(?<=\s)|^)["\u201c\u201e]|["\u201d](?=[\s.,!?;:)]|$)')
_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u00b4\u0060"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_BAD_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
#: "since the 2nd and it's now the 7th", "started on the 3rd, it's now the 10th".
_SINCE_ORDINAL = re.compile(
    # "went into spasm on the 1st and today is the 13th" too (round 40's in-process dev run)
    r"\b(?:since|from|on|(?:started|starting|began|begun)(?:\s+on)?)\s+the\s+(\d{1,2})(?:st|nd|rd|th)\b"
    r"(?P<rest>[^.!?]{0,40}?\b(?:now|today\s+is|today'?s|it'?s)\s+(?:now\s+)?the\s+"
    r"(?P<now>\d{1,2})(?:st|nd|rd|th)\b)",
    re.IGNORECASE,
)


def _since_ordinal(phrase: str) -> str:
    match = _SINCE_ORDINAL.fullmatch(phrase)
    if match is None:  # pragma: no cover - the pattern found it
        return phrase
    days = int(match.group("now")) - int(match.group(1))
    return f"for {days} days{match.group('rest')}" if 0 <= days <= 31 else phrase


@dataclass(frozen=True)
class NormalisedText:
    """Text ready for matching.

    Attributes:
        text: The normalised text.
        offsets: For each character of `text`, its offset in the original text.
        truncated: Whether the original was longer than the limit.
    """

    text: str
    offsets: Tuple[int, ...]
    truncated: bool

    def original_span(self, start: int, end: int) -> Tuple[int, int]:
        """Maps a character span of the normalised text back to the original text.

        Args:
            start: Start offset in `text`.
            end: End offset in `text` (exclusive).

        Returns:
            The corresponding (start, end) in the original text.
        """
        if not self.offsets or start >= end:
            return 0, 0
        start = min(max(start, 0), len(self.offsets) - 1)
        end = min(max(end, start + 1), len(self.offsets))
        return self.offsets[start], self.offsets[end - 1] + 1


#: `_map_char` for ASCII: upper case lowered, control characters (but tab and newline) a space,
#: the backtick a quote.
_ASCII_MAP = {
    **{code: " " for code in [*range(0x20), 0x7F] if chr(code) not in "\n\t"},
    **{code: chr(code).lower() for code in range(ord("A"), ord("Z") + 1)},
    ord("`"): "'",
}
#: An ASCII letter repeated three times or more (squeezed to two).
_ASCII_LETTER_RUN = re.compile(r"([a-z])\1\1")


@functools.lru_cache(maxsize=4096)
def _map_char(char: str) -> str:
    if char in _SINGLE_QUOTES:
        return "'"
    if char in _DOUBLE_QUOTES:
        return '"'
    if char in _DASHES:
        return "-"
    if char in "\n\t":
        return char
    if unicodedata.category(char) in _BAD_CATEGORIES or char == "\u00a0":
        return " "
    lower = char.lower()
    return lower if len(lower) == 1 else char


def _replace(
    text: str, offsets: List[int], pattern: re.Pattern[str], replacement: Callable[[str], str]
) -> Tuple[str, List[int]]:
    """`text` with `pattern`'s matches replaced, and the offsets of the result."""
    if not pattern.search(text):
        return text, offsets
    parts: List[str] = []
    mapped: List[int] = []
    last = 0
    for match in pattern.finditer(text):
        parts.append(text[last : match.start()])
        mapped.extend(offsets[last : match.start()])
        replaced = replacement(match.group())
        first, last_offset = offsets[match.start()], offsets[match.end() - 1]
        # The replacement spans the whole original: its last character maps to the last one.
        parts.append(replaced)
        mapped.extend(
            last_offset if index == len(replaced) - 1 else first for index in range(len(replaced))
        )
        last = match.end()
    parts.append(text[last:])
    mapped.extend(offsets[last:])
    return "".join(parts), mapped


def _full_stop(_: str) -> str:
    return "."


def _pins_and_needles(_: str) -> str:
    return "pins and needles"


def _feel_nothing(_: str) -> str:
    return "can't feel anything"


def _know(_: str) -> str:
    return "know"


def _drop(_: str) -> str:
    return ""


def _tag_to_space(_: str) -> str:
    return " "


def _unescape(entity: str) -> str:
    value = html.unescape(entity)
    return value if len(value) <= 2 else " "


def normalise(text: str, max_chars: int, today: Optional[date] = None) -> NormalisedText:
    """Normalises a message for matching.

    Args:
        text: The raw message (any string; None-safe callers pass "").
        max_chars: How many characters of the original to look at.
        today: The day the message was written (the server's date when None).

    Returns:
        The normalised text with its offset map.
    """
    truncated = len(text) > max_chars
    head = text[:max_chars]
    current, offsets = head, list(range(len(head)))
    if "<" in head:
        current, offsets = _replace(current, offsets, _TAG, _tag_to_space)
    if "&" in head:
        current, offsets = _replace(current, offsets, _ENTITY, _unescape)
    if _DOUBLE_QUOTE.search(head):
        current, offsets = _replace(current, offsets, _DOUBLE_QUOTE, _drop)
    current, offsets = _replace(current, offsets, _LIST_ITEM, _full_stop)
    current, offsets = _replace(current, offsets, SPOKEN_PUNCTUATION, typed_mark)
    current, offsets = _replace(current, offsets, _FEEL_NOTHING, _feel_nothing)
    current, offsets = _replace(current, offsets, _KNOW_TYPO, _know)
    if "?" in head:
        current, offsets = _replace(current, offsets, _ANSWER_LABEL, _tag_to_space)
        current, offsets = _replace(current, offsets, _QUESTION_LABEL, _full_stop)
    if "-" in head:
        current, offsets = _replace(current, offsets, _PINS_AND_NEEDLES, _pins_and_needles)
    day = stated_today(head, today or date.today())
    if not HOURS_SAID.search(head):
        current, offsets = _replace(
            current, offsets, SINCE_WEEKDAY, lambda phrase: since_weekday(phrase, day)
        )
        if says_today(head):
            current, offsets = _replace(
                current, offsets, ON_WEEKDAY, lambda phrase: since_weekday(phrase, day)
            )
    current, offsets = _replace(current, offsets, _SINCE_ORDINAL, _since_ordinal)
    if current.isascii():
        # The common case in one pass: ASCII maps character by character.
        lowered = current.translate(_ASCII_MAP)
        if not _ASCII_LETTER_RUN.search(lowered):
            return NormalisedText(text=lowered, offsets=tuple(offsets), truncated=truncated)
    mapped: List[Tuple[str, int]] = []
    for char, offset in zip(current, offsets, strict=True):
        new = _map_char(char)
        if new.isalpha() and len(mapped) >= 2 and mapped[-1][0] == new and mapped[-2][0] == new:
            continue
        mapped.append((new, offset))
    return NormalisedText(
        text="".join(char for char, _ in mapped),
        offsets=tuple(offset for _, offset in mapped),
        truncated=truncated,
    )
