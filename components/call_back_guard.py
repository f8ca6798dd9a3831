"""An NLU component that keeps a request for a call back from being read as a no.

DIET learns `stop` and `deny` from "changed my mind" and "no": "no wait changed my mind again
can a doctor call me back this evening" was `stop` at 0.84, and "nah pharmacy shut. get the doc
to ring me" was unsure (`nlu_fallback`), so a patient who asked for a doctor twice got neither
the call-back form nor an answer (live test, round 37). A clause that asks someone to call,
with no refusal in it, is `request_human`; so is asking for a second opinion, to be booked
in, or for a sick note.
"""

from __future__ import annotations

import re
from typing import FrozenSet, Optional

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.training_data.message import Message

from clinic.contact_questions import complains_of_waiting
from clinic.contract import INTENT_FAQ, INTENT_REPORT_RED_FLAG, PROPERTY_RED_FLAG_SCORES
from components.intent_relabel import IntentGuard, intent_name

REQUEST_HUMAN = "request_human"
#: The intents a call-back request is taken back from.
GUARDED: FrozenSet[str] = frozenset({"deny", "stop", DEFAULT_NLU_FALLBACK_INTENT_NAME})
#: ... and a symptom report in which the flag model finds no flag at all ("yeh go on then ring
#: me. name is kez" read as a report at 1.0, flags under 0.25): the detector would only ask
#: for details. A flag the rules find is still reported: the detector runs after this guard.
GUARDED_WITHOUT_A_FLAG: FrozenSet[str] = frozenset({INTENT_REPORT_RED_FLAG})
NO_FLAG_SCORE = 0.3
#: Someone asked to call: "can a doctor call me back", "get the doc to ring me", "pls ring me",
#: "can someone from the clinic call my husband Marco about his back?".
_ASKS_FOR_A_CALL = re.compile(
    r"\b(can|could|would|get|have|ask|please|pls|plz|i'?d like|i want|want|go on|go ahead|"
    r"yes|yeah|yeh|yep)\b[^.?!;]{0,30}?"
    r"\b(call|ring|phone|bell|buzz)\s+(me|us|him|her|them|my \w+)\b"
    r"|\b(call|ring|phone)\s+me\s+back\b",
    re.IGNORECASE,
)
#: The writer says who is to be called: "Its for my son, Jayden, but Im the one you need to
#: ring, Michelle Okafor" (round 40 dev: `faq` at 1.0, and the call-back offer got "Sorry, I
#: can't help with that"). Asked so plainly that even an FAQ reading gives way.
_WHO_TO_CALL = re.compile(
    r"\b(i'?m|im|i am) the one (you|u|the doctor|they|to)\b[^.?!;]{0,20}?\b(call|ring|phone)\b"
    r"|\b(you|u|the doctor|they) (need|should|have|can|will need|'ll need|will have) to "
    r"(call|ring|phone) (me|us)\b",
    re.IGNORECASE,
)
#: A second opinion asked of the clinic: "Can I get a second opinion from one of your doctors?"
#: after a long story of the GP's visit and its medicine (round 46 dev: `faq` at 1.0, the
#: medicines answer, and the form never started).
_SECOND_OPINION = re.compile(
    r"\b(can|could|may|would|i'?d like|i want|want|need|looking for|after)\b[^.?!;]{0,25}?"
    r"\b(second|2nd|another) opinion\b",
    re.IGNORECASE,
)
#: Asking to be booked in, or for a note only a doctor can write: "I'd like to get booked in
#: with someone next week", "need a sick note for work ... can one of ur doctors sort that"
#: (live test, round 47: the physiotherapy article, then "Do you mean ...?").
_BOOKING = re.compile(
    r"\b(get|be|getting)\s+(me\s+|him\s+|her\s+)?booked\s+in\b"
    r"|\b(need|want|get|after|needing|wanting)\s+(a\s+)?(sick|fit)\s+note\b",
    re.IGNORECASE,
)
#: Where a change of mind starts a new clause ("no wait changed my mind again can ...").
_CLAUSE_START = re.compile(
    r"[.,;!?]|\b(wait|actually|changed my mind|on second thoughts?|but|ok|okay|then)\b",
    re.IGNORECASE,
)
#: A refusal in the asking clause: "don't get anyone to ring me", "no need to call me".
_REFUSAL = re.compile(
    r"\b(no|not|don'?t|dont|do not|never|no need|nobody|no one|noone|won'?t|stop)\b",
    re.IGNORECASE,
)


def asks_for_a_call(text: str) -> bool:
    """Whether a message asks, without refusing in the same clause, for someone to call.

    Args:
        text: The message.

    Returns:
        True for "get the doc to ring me", "no wait ... can a doctor call me back"; False for
        "no, don't get anyone to ring me".
    """
    for match in _ASKS_FOR_A_CALL.finditer(text):
        starts = [m.end() for m in _CLAUSE_START.finditer(text, 0, match.start())]
        clause = text[max(starts, default=0) : match.end()]
        if not _REFUSAL.search(clause):
            return True
    return False


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class CallBackGuard(IntentGuard):
    """Relabels a `deny`, `stop` or unsure message that asks for a call as `request_human`."""

    def new_intent(self, message: Message, text: str) -> Optional[str]:
        """`request_human` for a guarded intent whose message asks someone to call."""
        name = intent_name(message)
        guarded = name in GUARDED or (
            name in GUARDED_WITHOUT_A_FLAG and _flag_score(message) < NO_FLAG_SCORE
        )
        if guarded and (asks_for_a_call(text) or complains_of_waiting(text)):
            # ... or "I asked for a call back this morning and NOBODY has rung" (round 40 dev,
            # unsure): sorry, and the offer again (actions/callback_offer.py)
            return REQUEST_HUMAN
        if name == INTENT_FAQ and _WHO_TO_CALL.search(text) and not _REFUSAL.search(text):
            return REQUEST_HUMAN
        if name == INTENT_FAQ and (_SECOND_OPINION.search(text) or _BOOKING.search(text)):
            return REQUEST_HUMAN
        if name == INTENT_FAQ and complains_of_waiting(text):
            # "i asked for a call back YESTERDAY and nobody has rung me. my back is still in
            # spasm" (second live test, stop 48): first aid, and no word about the call
            return REQUEST_HUMAN
        return None


def _flag_score(message: Message) -> float:
    """The flag model's highest score for the message (0 without scores)."""
    scores = message.get(PROPERTY_RED_FLAG_SCORES) or {}
    return max((float(score) for score in scores.values()), default=0.0)
