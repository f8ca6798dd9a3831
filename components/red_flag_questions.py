"""The shape of a clause: does it ask a question, and is it a bare "no" answering one?

Used by `red_flag_scope` when it reads a message's clauses. Word lists live in `red_flag_cues`.
"""

from __future__ import annotations

from typing import List

from components.red_flag_cues import (
    ANSWER_NEGATIONS,
    AUX_QUESTION,
    MODAL_POSSIBILITY,
    OPENING_FILLERS,
    QUESTION_SUBJECTS,
    WH,
)

#: Subjects after "when" in a time clause that tells rather than asks ("when I sat down").
_TOLD_TIME_SUBJECTS = frozenset({"i", "he", "she", "we", "they", "my", "his", "her", "our"})


#: "And the car crash?", "also that fall?": a follow-up question without a verb.
_FOLLOW_UP_OPENERS = frozenset({"and", "also", "plus", "or"})
_FOLLOW_UP_DETERMINERS = frozenset({"the", "that", "this", "those", "these"})


def first_word(lowers: List[str], start: int, end: int) -> int:
    """Index of the clause's first word (skipping punctuation and opening fillers), or `start`."""
    first = start
    for i in range(start, end):
        if lowers[i][:1].isalnum():
            first = i
            break
    while first + 1 < end and lowers[first] in OPENING_FILLERS and lowers[first + 1][:1].isalnum():
        first += 1
    return first


def starts_question(lowers: List[str], norms: List[str], start: int, end: int) -> bool:
    """Whether the clause opens like a question ("what ...", "is it ...", "have you ...")."""
    first = first_word(lowers, start, end)
    if first >= end:
        return False
    word = lowers[first]
    following = norms[first + 1] if first + 1 < end else ""
    words = [w for w in lowers[start:end] if w[:1].isalpha()]
    if (
        words[:1]
        and words[0] in _FOLLOW_UP_OPENERS
        and words[1:2]
        and (words[1] in _FOLLOW_UP_DETERMINERS)
    ):
        # "And the car crash?": a follow-up asked about something told before
        return "?" in lowers[start:end]
    if word in WH:
        asked = "?" in lowers[start:end]
        if word == "what" and not asked and _tells_what(lowers, first, end):
            return False
        # "When I sat down I noticed I couldn't feel the chair": a time, told, not asked
        return not (word == "when" and following in _TOLD_TIME_SUBJECTS and not asked)
    if word in AUX_QUESTION:
        if following == "not":
            return False
        if word in ("has", "have", "was", "were"):
            # "Mum's 82 and has osteoporosis.": the subject's verb after "and", told
            joined = first > start and lowers[first - 1] in ("and", "but")
            if joined and "?" not in lowers[start:end]:
                return False
            # "was desperate for a wee ...": a statement with its "I" left out
            return following in QUESTION_SUBJECTS
        return True
    return False


#: Verbs of noticing or having something, by their start: "what I'm noticing now is ...".
_TOLD_WHAT_VERBS = (
    "notic", "feel", "felt", "get", "got", "had", "have", "see", "saw", "found", "realis",
    "realiz", "experienc",
)  # fmt: skip
#: What may come between "what I" and that verb.
_TOLD_WHAT_BETWEEN = frozenset({"'m", "am", "m", "'ve", "ve", "really", "actually", "also", "now"})


def _tells_what(lowers: List[str], first: int, end: int) -> bool:
    """Whether "what ..." tells what the writer notices rather than asks.

    "What I'm noticing now is numbness ...", "what I have is ..." tell; "what I have to do"
    still asks.
    """
    words = lowers[first + 1 : end]
    if not words or words[0] not in ("i", "we"):
        return False
    rest = words[1:]
    while rest and rest[0] in _TOLD_WHAT_BETWEEN:
        rest = rest[1:]
    return bool(rest) and rest[0].startswith(_TOLD_WHAT_VERBS) and rest[1:2] != ["to"]


def modal_question(lowers: List[str], norms: List[str], start: int, end: int) -> bool:
    """Whether the clause asks about a possibility ("could I lose ...", "can you get ...")."""
    first = first_word(lowers, start, end)
    if first >= end:
        return False
    position = first + 1 if lowers[first] in WH else first
    if position + 1 >= end:
        return False
    return (
        norms[position] in MODAL_POSSIBILITY
        and lowers[position] in MODAL_POSSIBILITY
        and norms[position + 1] != "not"
        and lowers[position + 1] in QUESTION_SUBJECTS
    )


#: Words that may follow the "no" of a checklist's answer ("cancer: never had it").
_ANSWER_TAIL = frozenset({"had", "have", "it", "one", "any", "at", "all", "ever"})


def is_answer_negation(lowers: List[str], start: int, end: int) -> bool:
    """Whether the clause is only a bare "no" / "nope" (an answer to a question).

    "never had it", "none at all": a "no" with a few words that say nothing else.
    """
    words = [word for word in lowers[start:end] if word[:1].isalnum()]
    if not 0 < len(words) <= 4 or words[0] not in ANSWER_NEGATIONS:
        return False
    return all(word in ANSWER_NEGATIONS or word in _ANSWER_TAIL for word in words[1:])
