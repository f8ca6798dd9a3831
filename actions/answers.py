"""Sending a topic's answer, and asking "Do you mean ... or ...?" between two close topics.

Every FAQ path ends here: the answer with the cautions for the person it is about
(actions/cautions.py), or, right after escalation advice, the advice itself when the question
is whether to see a doctor (actions/after_escalation.py). The topic answered is remembered in
`faq_topic` for follow-ups (actions/followups.py).
"""

from __future__ import annotations

from typing import List, Optional, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.after_escalation import recent_escalation, reply_after_escalation
from actions.cautions import send_answer
from actions.topics import load_topics

SLOT_FAQ_TOPIC = "faq_topic"
#: The article answer that must not follow escalation advice as if nothing had been said.
TOPIC_WHEN_TO_SEE_DOCTOR = "when_to_see_doctor"


def answer_topic(
    dispatcher: CollectingDispatcher, topic: str, tracker: Optional[Tracker] = None
) -> List[EventType]:
    """Sends a topic's answer and remembers the topic for follow-ups.

    With the conversation, the cautions for the person the question is about come first (a
    child, an older person, pregnancy, blood thinners: actions/cautions.py).
    """
    asks_doctor = tracker is not None and topic == TOPIC_WHEN_TO_SEE_DOCTOR
    escalation = recent_escalation(tracker) if asks_doctor and tracker is not None else None
    if tracker is not None and escalation is not None:
        # "who do I call?", "do I need a doctor yes or no" right after the advice: the advice
        # in its own words, not the article's "if a spasm stops after a day you may not need
        # a doctor", which contradicts it.
        reply_after_escalation(dispatcher, tracker, escalation)
    elif tracker is not None:
        send_answer(dispatcher, tracker, topic)
    else:
        dispatcher.utter_message(response=f"utter_faq/{topic}")
    return [SlotSet(SLOT_FAQ_TOPIC, topic), *no_choice()]


SLOT_TOPIC_CHOICES = "topic_choices"


def ask_between(topics: Tuple[str, ...]) -> List[EventType]:
    """Sets the slots with which the rules ask "Do you mean A or B?" (utter_clarify_topic).

    Args:
        topics: The two close topics.

    Returns:
        The slot events; the rule that follows sends the question with a button per topic.
    """
    catalogue = load_topics()
    first, second = catalogue[topics[0]], catalogue[topics[1]]
    return [
        SlotSet("topic_a_label", first.label),
        SlotSet("topic_a_question", first.question),
        SlotSet("topic_b_label", second.label),
        SlotSet("topic_b_question", second.question),
        SlotSet(SLOT_TOPIC_CHOICES, f"{first.id} or {second.id}"),
    ]


def no_choice() -> List[EventType]:
    """Clears `topic_choices`: no question follows, the rules wait for the patient."""
    return [SlotSet(SLOT_TOPIC_CHOICES, None)]
