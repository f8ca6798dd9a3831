"""Signs in a pregnancy that need the maternity unit now, not the back articles.

"26 weeks pregnant ... the back pain is coming and going every 10 mins and my bump goes tight
with it" got "Sorry, I didn't quite understand", then "book within a few days" (live test,
round 47). Neither `red-flags.md` nor the articles cover pregnancy; the NHS pages on the signs
of labour and on premature labour tell anyone pregnant with regular tightenings or period-like
pains, bleeding, or waters breaking to call their maternity unit or midwife. Once a pregnancy
is named in the conversation, such a sign (or asking whether to ring the maternity unit after
one) gets that line first. It escalates nothing: it is for the clinical owner to add a flag.
"""

from __future__ import annotations

import re
from typing import Optional

from rasa_sdk import Tracker

from actions.cautions import persons_in
from actions.conversation import session_user_texts

RESPONSE_MATERNITY_NOW = "utter_caution_pregnancy_maternity_now"
#: Asked whether back pain can mean labour, with no sign told: the signs, and the midwife.
RESPONSE_LABOUR_QUESTION = "utter_caution_pregnancy_labour_question"
#: Labour or pregnancy-loss signs as patients write them.
_SIGNS = re.compile(
    r"\b(coming and going|comes and goes|come and go|on and off) every\b"
    r"|\b(pains?|cramp\w*|tighten\w*|comes?|coming|hurts?|contractions?)\b[^.?!]{0,30}"
    r"\bevery \d{1,2} ?(mins?|minutes)\b"
    r"|\b(bump|belly|tummy|stomach|womb)\b[^.?!]{0,25}\b(tight\w*|hard|harden\w*|contract\w*)\b"
    r"|\b(tightenings?|contractions?|braxton ?hicks)\b"
    r"|\b(bleeding|blood|spotting)\b[^.?!]{0,25}\b(down there|vagina\w*|when i wipe|pants|"
    r"knickers|pad)\b"
    r"|\b(my )?waters?\b[^.?!]{0,15}\b(broke|broken|gone|going|leak\w*|gush\w*)\b"
    r"|\bleaking (fluid|water)\b",
    re.IGNORECASE,
)
#: A sign denied just before it: "no bleeding", "bump isn't tight".
_DENIED = re.compile(r"\b(no|not|without|never|isn'?t|hasn'?t|haven'?t|don'?t)\b[^.?!,]{0,12}$")
#: Asking about the maternity unit or midwife ("should i ring the maternity unit instead?").
_MATERNITY = re.compile(
    r"\b(maternity|midwife|midwives|labour ward|labor ward|delivery suite)\b", re.IGNORECASE
)


#: Labour named ("my friend said back pain can mean early labour??").
_LABOUR = re.compile(r"\b(labou?r|premature|preterm|early birth|giving birth)\b", re.IGNORECASE)
#: A denial inside the sign's own words: "my bump isn't tight".
_DENIED_INSIDE = re.compile(r"\b(not|no|isn'?t|hasn'?t|wasn'?t|never)\b", re.IGNORECASE)


def tells_a_sign(text: str) -> bool:
    """Whether a message tells of a sign of labour or bleeding, not denied."""
    return any(
        not _DENIED.search(text[: match.start()]) and not _DENIED_INSIDE.search(match.group())
        for match in _SIGNS.finditer(text)
    )


def maternity_response(tracker: Tracker, text: str) -> Optional[str]:
    """The maternity line a pregnant patient's message needs first, if any.

    The message's own words are read first; the session is read for a pregnancy only when
    they could need a line (most messages do not).

    Args:
        tracker: The conversation (its latest event is the message).
        text: The message.

    Returns:
        `RESPONSE_MATERNITY_NOW` for a sign, or for asking about the maternity unit after one
        was told; `RESPONSE_LABOUR_QUESTION` for a question about labour with none told (round
        48 live test: "back pain can mean early labour?? theres no bleeding or waters" got
        "Sorry, I didn't quite understand"); else None. None when no pregnancy is named this
        session.
    """
    sign = tells_a_sign(text)
    asks_the_unit = bool(_MATERNITY.search(text))
    labour = bool(_LABOUR.search(text))
    if not (sign or asks_the_unit or labour):
        return None
    texts = session_user_texts(tracker)
    if not any("pregnancy" in persons_in(said) for said in [*texts, text]):
        return None
    if sign or (asks_the_unit and any(tells_a_sign(said) for said in texts[:-1])):
        return RESPONSE_MATERNITY_NOW
    return RESPONSE_LABOUR_QUESTION if labour else None
