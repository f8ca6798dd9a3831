"""Weekdays in patients' messages: "since Monday" as a number of days, counted from today.

"since Monday" is three days on a Thursday (a spasm over three days needs a doctor) and none
on a Monday; a weekday the writer says is today ("today's Friday") counts instead of the
server's date; not when the writer gives the time in hours ("so about 36hrs now"). Shared by
the red-flag detector's text normaliser and the answers' cautions, so it lives here.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Optional

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: Short weekday names patients type ("since last fri"); "sat" and "sun" only after "last".
_WEEKDAY_ABBREVIATIONS = {
    "mon": "monday", "tue": "tuesday", "tues": "tuesday", "wed": "wednesday",
    "weds": "wednesday", "thu": "thursday", "thur": "thursday", "thurs": "thursday",
    "fri": "friday", "sat": "saturday", "sun": "sunday",
}  # fmt: skip
#: The back going into spasm, said as the day's event: it leads a weekday as "since" does.
_BACK_WENT = (
    r"(?:went|gone)\s+into\s+(?:a\s+)?spasms?|(?:locked|seized)\s+up"
    r"|did\s+(?:it|my\s+back)\s+in|put\s+my\s+back\s+out"
)
SINCE_WEEKDAY = re.compile(
    # "started spasming last thursday"
    r"\b(since|from|(?:started|starting|began|begun|kicked off)"
    r"(?:\s+(?:spasming|spazzing|spazing|hurting|aching|playing up|going off))?(?:\s+on)?"
    # "my back went into a spasm on Thursday", "locked up last fri", "did my back in on monday"
    r"|(?:" + _BACK_WENT + r")(?:\s+on)?)"
    # "since … saturday", "since... monday": a pause typed before the day
    r"(?:\s*(?:\u2026|\.{2,}|-+))?"
    r"\s+(?:(last\s+)?("
    + "|".join(_WEEKDAYS)
    + r"|mon|tues?|weds?|thu|thurs?|fri)|(last\s+)?(sat|sun)"
    # "since sat down at my desk": the verb, not Saturday
    + r"(?!\s+(?:down|up|on|at|in|there|here|for|with|by|still|around|about)\b))"
    + r"\b(\s+(?:night|evening|eve|teatime))?",
    re.IGNORECASE,
)

#: The day it began, told as a story: "on the Monday morning I woke up and my back locked",
#: "monday morning woke up and my lower back was like in a vice". Only with the onset in the
#: past tense right after it ("on Monday I'm seeing the GP" is not).
_ON_WEEKDAY = (
    r"\b(on(?:\s+the)?\s+)?(?:(last\s+)?("
    + "|".join(_WEEKDAYS)
    + r"|mon|tues?|weds?|thu|thurs?|fri)|(last\s+)?(sat|sun))\b"
    + r"(\s+(?:night|evening|eve|teatime))?(?:\s+morning)?"
)
ON_WEEKDAY = re.compile(
    _ON_WEEKDAY
    + r"(?=,?\s+(?:when\s+)?(?:i\s+)?(?:woke|woken|got up|did it|felt it|hurt it|pulled it|"
    r"it (?:started|began|happened|went|locked|seized|kicked off)|"
    r"my (?:lower |upper )?back (?:went|locked|seized|gave)))",
    re.IGNORECASE,
)
_ON_WEEKDAY_PHRASE = re.compile(_ON_WEEKDAY, re.IGNORECASE)

#: The spasm's verb inside a "started ... <weekday>" phrase, kept in its place.
_VERB_SAID = re.compile(
    r"\b(spasming|spazzing|spazing|hurting|aching|playing up|going off|" + _BACK_WENT + r")\b",
    re.I,
)


#: The writer says which day it is: "(today is Sunday)", "today's Friday", "it's thurs now".
_TODAY_IS = re.compile(
    # "today (tuesday) 8/10"
    r"\b(?:today\s+is|today'?s|today\s*\(|it'?s|its|it\s+is)\s*(?:now\s+)?("
    + "|".join(_WEEKDAYS)
    # "it's Thursday night now" names today; "it's Friday night I go out" need not
    + r"|tues?|weds?|thu|thurs?|fri)\b(?!\s+(?:morning|night|evening|afternoon)\b(?!\s+now\b))",
    re.IGNORECASE,
)
#: The time said in hours ("so about 36hrs now"): the writer's own count, which a weekday
#: counted from the server's date must not overrule ("since Sunday, wait no, Monday evening,
#: so about 36hrs now" was written on a Wednesday).
HOURS_SAID = re.compile(
    r"\b(?:about|around|roughly|approx\w*|so|for|nearly|almost|over|just over|only|like)\s+"
    r"\d{1,3}\s*(?:hrs?|hours?|h)\b|\b\d{1,3}\s*(?:hrs?|hours?)\s+(?:now|ago|so far|in)\b",
    re.IGNORECASE,
)


def says_today(text: str) -> bool:
    """Whether the writer names today's weekday ("it's now Saturday")."""
    return bool(_TODAY_IS.search(text))


def stated_today(text: str, today: date) -> date:
    """The day a message was written: the weekday the writer names, else `today`.

    "Spasm started Thursday, today's Friday" is one day, whatever day the server thinks it is.

    Args:
        text: The message.
        today: The server's date.

    Returns:
        The most recent date, on or before `today`, with the named weekday; `today` when none
        is named.
    """
    match = _TODAY_IS.search(text)
    if match is None:
        return today
    named = match.group(1).lower()
    weekday = _WEEKDAY_ABBREVIATIONS.get(named, named)
    back = (today.weekday() - _WEEKDAYS.index(weekday)) % 7
    return date.fromordinal(today.toordinal() - back)


#: "last <weekday>" up to this many days back means that weekday of the week before.
LAST_MEANS_A_WEEK_BEFORE = 2


def days_since(weekday: str, today: date, last: bool = False) -> int:
    """Days from the most recent `weekday` to `today` (0 when today is that day).

    Args:
        weekday: An English weekday name, any case.
        today: The day the message was written.
        last: "since last Monday": the same weekday as today means a week ago, and so does
            yesterday's or the day before's ("since last Tuesday", written on a Wednesday, is
            the Tuesday of the week before: yesterday would be "yesterday").

    Returns:
        0 to 9.
    """
    days = (today.weekday() - _WEEKDAYS.index(weekday.lower())) % 7
    return days + 7 if last and days <= LAST_MEANS_A_WEEK_BEFORE else days


def _days(match: re.Match[str], today: date) -> int:
    """The days a `SINCE_WEEKDAY` match stands for, counted back from `today`."""
    last = match.group(2) or match.group(4)
    named = (match.group(3) or match.group(5)).lower()
    weekday = _WEEKDAY_ABBREVIATIONS.get(named, named)
    days = days_since(weekday, today, bool(last))
    if match.group(6) and days:
        days -= 1  # "since Monday night", on a Thursday: two days and a bit, not three
    return days


def since_weekday(phrase: str, today: date) -> str:
    """A "since Monday" phrase (`SINCE_WEEKDAY` or `ON_WEEKDAY`) as "for <n> days" from `today`."""
    match = SINCE_WEEKDAY.fullmatch(phrase) or _ON_WEEKDAY_PHRASE.fullmatch(phrase)
    if match is None:  # pragma: no cover - the pattern found it
        return phrase
    days = _days(match, today)
    verb = _VERB_SAID.search(phrase)
    return f"{verb.group(0)} for {days} days" if verb else f"for {days} days"


def days_told(text: str, today: Optional[date] = None) -> Optional[int]:
    """The most days a "since <weekday>" in the text stands for (None when there is none).

    Args:
        text: A patient's message.
        today: The day it was written (the server's date when None).

    Returns:
        The days, or None (also when the writer gives the time in hours).
    """
    if HOURS_SAID.search(text):
        return None
    day = stated_today(text, today or date.today())
    counts = [_days(match, day) for match in SINCE_WEEKDAY.finditer(text)]
    if says_today(text):
        # "on the Monday I woke up ... it's now Saturday": a story's day, counted only from the
        # day the writer names (the server's date may be days after the story was written)
        counts += [_days(match, day) for match in ON_WEEKDAY.finditer(text)]
    return max(counts) if counts else None
