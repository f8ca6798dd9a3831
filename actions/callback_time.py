"""When the call back comes: asked ("how long till they ring?") or said ("mornings are best").

A time said while the form runs goes with the case when it is stored (actions/callback_submit.py).
Said after it was stored, it must not meet a greeting or the fallback, since the call-back replies
invite it ("if a time suits you best, say so here"): the case is sent to the doctor again with
the transcript that now holds the wish (`note_time_wish`).
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import List, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.advice_questions import question_kinds
from actions.after_escalation import recent_escalation, remind_call_back_is_not_a_visit
from actions.conversation import transcript
from clinic.contract import EMERGENCY, RESPONSE_CALLBACK_TIME_ADDED, SLOT_CALLBACK_ARRANGED, URGENT
from escalation.service import get_service

logger = logging.getLogger(__name__)

#: The details could not be written: the patient is told to contact the clinic.
RESPONSE_NOT_SAVED = "utter_escalation_callback_not_saved"

#: When the patient would like the call ("after 5 is best", "not during school hours",
#: "mornings"): said back, so the patient knows it goes with the case.
TIME_WISH = re.compile(
    r"\b(after|before|between|until|till|from|not)\s+(\d{1,2}|noon|lunch(time)?|work|school)\b"
    r"|\bnot (during|before|after)\b|\bany ?time\b"
    r"|\b\d{1,2}(:\d\d)?\s*(am|pm|o'?clock)\b"
    r"|\b(mornings?|afternoons?|evenings?|tonight|weekends?|lunch ?time|"
    r"(school|work|office) hours)\b",
    re.I,
)

#: When the call will come ("roughly how long till they ring?", "when will I hear back").
_WHEN_CALLED = re.compile(
    r"\b(how long|when|what time|how soon|how quickly)\b[^.?!]*"
    r"\b(they|them|he|him|she|her|someone|somebody|the doctor|a doctor|the clinic|the team|"
    r"the nurse|you)"
    r"('ll| will| would| to| gonna)?\s+(ring|call|phone|contact|text|get back)"
    r"|\b(when|how long|how soon)\b[^.?!]*\b(i|we)('ll| will| should)? (hear|get a call)\b"
    # "how long is the call back going to take?", "when will the call come?"
    r"|\b(how long|when|how soon)\b[^.?!]*\b(call ?-?back|the call|a call|phone call)\b"
    r"[^.?!]*\b(take|be|come|happen|arrive)\b"
    # who rings: "is it a real doctor that phones or a nurse?", "who will call me?"
    r"|\b(who|which \w+)\s+(will|would|is going to|is gonna)\s+(call|ring|phone)"
    r"|\b(doctor|nurse|gp|physio|someone|person)\s+(that|who)\s+"
    r"(phones|calls|rings|will (call|ring|phone))\b"
    # "Will it be a proper doctor or a nurse?"
    r"|\b(will|would) (it|that) be (a |the )?(proper |real |qualified )?(doctor|dr|gp|nurse)\b",
    re.I,
)
#: What says a time suits the writer ("mornings are best", "can they ring after 5?").
_SUITS = re.compile(
    r"\b(best|better|suits?|good|fine|ok|okay|free|available|works?|prefer\w*|please|pls|plz|"
    r"call|ring|phone|reach)\b",
    re.I,
)
#: ... and what makes it a question about the back ("it's worse in the mornings, is that ok?").
_ABOUT_THE_BACK = re.compile(
    # (not the call's "back": "can they call me back after 5?")
    r"\b((?<!call me )(?<!ring me )(?<!call )(?<!ring )(?<!get )back|spasm\w*|pain\w*|hurts?|"
    r"hurting|ach\w*|stiff\w*|sore|worse|sleep\w*|wake|woke|"
    r"numb\w*|tingl\w*|medicine|tablets?|ibuprofen|paracetamol|stretch\w*)\b",
    re.I,
)


#: Where a message breaks into the parts a time wish may stand alone in.
_PARTS = re.compile(r"(?<=[,.;!?])\s+|\s+-\s+")


def without_time_wish(text: str) -> str:
    """The message without the parts that only say when to call.

    "07700 900482, best after 3pm when I've done the school run" asks nothing: its "best ..."
    is the time, not a question about the school run (round 51 dev); a question beside it
    ("after 5 please. will it be a doctor?") is kept.
    """
    return " ".join(
        part for part in _PARTS.split(text) if "?" in part or not TIME_WISH.search(part)
    )


def asks_when_called(text: str) -> bool:
    """Whether a message asks when the call back will come ("how long till they ring?")."""
    return bool(_WHEN_CALLED.search(text))


def wishes_a_time(tracker: Tracker) -> bool:
    """Whether the latest message says when to call, after the call back was stored.

    "what time will they ring?" asks when; "after 5 is best" and "can they ring after 5?" say
    when.
    """
    if tracker.active_loop or tracker.get_slot(SLOT_CALLBACK_ARRANGED) is not True:
        return False
    text = str((tracker.latest_message or {}).get("text") or "")
    if not (TIME_WISH.search(text) and _SUITS.search(text)) or _ABOUT_THE_BACK.search(text):
        return False
    if asks_when_called(text):
        return False
    escalation = recent_escalation(tracker)
    if escalation is not None and escalation.urgency in (EMERGENCY, URGENT):
        # "he's refusing, says he'll just wait for your doctor to ring after 5": putting the
        # advice off, which its own replies answer (don't wait), not a time for the call
        return not (_PUTS_OFF.search(text) or _DELAY_KINDS.intersection(question_kinds(text)))
    return True


#: After emergency or same-day advice, waiting for the call instead of going.
_PUTS_OFF = re.compile(
    r"\b(wait|waiting|refus\w*|won'?t go|not going|instead|rather|hold off)\b", re.I
)
_DELAY_KINDS = frozenset({"delay", "persuade", "instead", "doctor_later"})


async def note_time_wish(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> Optional[List[EventType]]:
    """Sends the case to the doctor again with the time wish, and says so.

    Args:
        dispatcher: Where the reply goes.
        tracker: The conversation.

    Returns:
        The events of the reply (none), or None when the message is no such wish or the
        conversation has no open case (then the caller answers it as it would any message).
    """
    if not wishes_a_time(tracker):
        return None
    service = get_service()
    number = service.settings.emergency_number
    try:
        record = await asyncio.to_thread(
            service.record_note,
            conversation_id=tracker.sender_id,
            transcript=transcript(tracker, service.settings.escalation_transcript_messages),
        )
    except Exception as error:
        logger.error("Could not add the time wish to the case (%s).", type(error).__name__)
        dispatcher.utter_message(response=RESPONSE_NOT_SAVED, emergency_number=number)
        return []
    if record is None:
        return None
    if record.deliveries:
        service.deliver_in_background(record.case_id, record.deliveries)
    logger.info("Time wish added to case %s (revision %d).", record.case_id, record.revision)
    dispatcher.utter_message(response=RESPONSE_CALLBACK_TIME_ADDED, emergency_number=number)
    # "best time is tomorrow morning" after "see a doctor today": the call is not the visit
    remind_call_back_is_not_a_visit(dispatcher, tracker)
    return []
