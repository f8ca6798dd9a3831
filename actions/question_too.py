"""The question asked in the same message as a red-flag report or a "stop".

"I've lost weight without trying, what stretches help?": after the urgent advice the rules run
`action_answer_question_too`, which answers the question when its topic is clear. A "stop"
right after advice that refuses or puts it off gets the advice again instead.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.advice_questions import question_kind
from actions.after_escalation import escalation_for, reply_after_escalation
from actions.answers import answer_topic
from actions.conversation import reported_flags
from actions.topic_hints import asks, clauses, hints
from actions.topics import decide_topic, topic_ranking
from clinic.contract import INTENT_FAQ, INTENT_REPORT_RED_FLAG, INTENT_STOP, SLOT_CONTACT_CONSENT

#: The ML's own intent must have been `faq` at least this surely for the question to count.
QUESTION_TOO_MIN_CONFIDENCE = 0.5


def question_too(parse_data: Dict[str, Any]) -> Optional[str]:
    """The topic of the question asked in a red-flag report or a "stop", if there was a clear one.

    The detector puts `report_red_flag` first and keeps the ML's own ranking after it; when
    that was `faq` and its topic is sure ("I've lost weight without trying, what stretches
    help?"), the message also asked that question. The same for a message read as `stop` ("ok
    I'll ring 111. should I stop gardening for now?").

    Args:
        parse_data: The report's parse data.

    Returns:
        The topic id, or None.
    """
    text = str(parse_data.get("text") or "")
    if not any(asks(clause) for clause in clauses(text)):
        return None  # a report that asks nothing: no article after the advice
    ranking = [
        item
        for item in parse_data.get("intent_ranking") or []
        if isinstance(item, dict) and item.get("name") not in (INTENT_REPORT_RED_FLAG, INTENT_STOP)
    ]
    unsure = (
        not ranking
        or ranking[0].get("name") != INTENT_FAQ
        or float(ranking[0].get("confidence") or 0.0) < QUESTION_TOO_MIN_CONFIDENCE
    )
    if unsure:
        # The words alone may still name one subject ("should I stop gardening for now?").
        named = hints(text)
        return named[0].topic if len(named) == 1 else None
    return decide_topic(topic_ranking(parse_data), text=text).answer


#: Flags after which stretches and exercise wait for the doctor: a possible broken bone, and a
#: leg or foot getting weaker (stairs or a walk with a dragging foot risks a fall).
MOVEMENT_WAITS_FLAGS = frozenset(
    {"major_trauma", "fragility_fracture_risk", "progressive_leg_weakness"}
)
#: Topics whose answers suggest moving, stretching or exercising the back.
MOVEMENT_TOPICS = frozenset(
    {
        "immediate_relief", "home_remedies", "stretches", "stretch_knee_to_chest",
        "stretch_pelvic_tilt", "stretch_cat_camel", "stretch_childs_pose", "stretch_bridge",
        "stretch_hamstring", "stretch_safety", "aerobic_exercise", "core_strengthening",
        "regular_exercise", "exercise_safety", "yoga_mindfulness", "rest_vs_moving", "massage",
        "chiropractic", "physical_therapy",
    }
)  # fmt: skip


def movement_waits(tracker: Tracker, topic: Optional[str]) -> bool:
    """Whether an answer that suggests moving or exercising must wait for the doctor.

    Args:
        tracker: The conversation.
        topic: The topic about to be answered.

    Returns:
        True when the topic suggests movement and the patient reported a flag it could harm.
    """
    return topic in MOVEMENT_TOPICS and bool(
        MOVEMENT_WAITS_FLAGS.intersection(reported_flags(tracker))
    )


#: A "stop" of these kinds right after advice puts the advice off or refuses it ("i'll drive
#: myself in then" after "don't drive yourself").
REFUSAL_KINDS = frozenset({"why", "delay", "instead", "drive"})

#: Withdrawing a call back ("cancel that", "I don't want the clinic to call me").
CANCELS_THE_CALL = re.compile(
    r"\bcancel\w*\b|\b(don'?t|do not|dont) (want|need) (the clinic|you|them|anyone|a doctor|"
    r"the doctor|the call|a call|the call ?back|a call ?back)\b|\bremove my (number|details)\b",
    re.I,
)


class ActionAnswerQuestionToo(Action):
    """After urgent or soon advice, or a "stop", answers the question the same message asked."""

    def name(self) -> str:
        """Returns the action's name."""
        return "action_answer_question_too"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[str, Any],
    ) -> List[EventType]:
        """Runs the action (see `rasa_sdk.Action.run`)."""
        latest = tracker.latest_message or {}
        text = str(latest.get("text") or "")
        stopped = (latest.get("intent") or {}).get("name") == INTENT_STOP
        escalation = escalation_for(tracker, text) if stopped else None
        if escalation is not None and question_kind(text) in REFUSAL_KINDS:
            # "dont want to go anywhere they'll judge me" read as a "stop" right after the
            # advice: not the end of it, the advice again with why it matters.
            reply_after_escalation(dispatcher, tracker, escalation, text)
            return []
        if stopped and tracker.get_slot(SLOT_CONTACT_CONSENT) and CANCELS_THE_CALL.search(text):
            # "actually can you cancel that" after the call back was passed on: the "OK" above
            # must not read as done.
            dispatcher.utter_message(response="utter_escalation_callback_already_passed")
            return []
        topic = question_too(latest)
        if topic is None:
            return []
        if question_kind(text) in ("why", "drive"):
            # "hot and shivery since yesterday, like flu. is it just a spasm?": an article here
            # ("Yes. Straining ... is one of the biggest causes") would undo the advice just
            # given; why it matters, instead. "Can I still do my rounds in the van?" with a
            # dropping foot: not the article on long sitting, whether to drive (live test,
            # round 52).
            escalation = escalation or escalation_for(tracker, text)
            if escalation is not None:
                reply_after_escalation(dispatcher, tracker, escalation, text)
            return []
        if movement_waits(tracker, topic):
            # "felt a crunch lifting compost, she's on steroids ... what stretches?": no
            # stretches or exercise until a doctor has checked for a break (or the weak leg);
            # how to wait instead.
            dispatcher.utter_message(response="utter_escalation_after_waiting_other")
            return []
        return answer_topic(dispatcher, topic, tracker)
