"""Sending a topic's answer, and asking "Do you mean ... or ...?" between two close topics.

Every FAQ path ends here: the answer with the cautions for the person it is about
(actions/cautions.py), or, right after escalation advice, the advice itself when the question
is whether to see a doctor (actions/after_escalation.py). The topic answered is remembered in
`faq_topic` for follow-ups (actions/followups.py).
"""

from __future__ import annotations

import re
from typing import List, Optional, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.after_escalation import recent_escalation, reply_after_escalation
from actions.cautions import send_answer
from actions.conversation import previous_turn_responses
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
        # "Do you mean Exercising safely or Rest or keep moving?" (not "...moving??")
        SlotSet("topic_a_label", first.label.rstrip("?")),
        SlotSet("topic_a_question", first.question),
        SlotSet("topic_b_label", second.label.rstrip("?")),
        SlotSet("topic_b_question", second.question),
        SlotSet(SLOT_TOPIC_CHOICES, f"{first.id} or {second.id}"),
    ]


def no_choice() -> List[EventType]:
    """Clears `topic_choices`: no question follows, the rules wait for the patient."""
    return [SlotSet(SLOT_TOPIC_CHOICES, None)]


#: The question that offers the choice (data/rules/faq.yml, fallback.yml).
RESPONSE_CLARIFY_TOPIC = "utter_clarify_topic"
#: Words around a typed choice that do not change it ("ok the first one please").
_AROUND = re.compile(
    r"^(ok(ay)?|um+|erm+|uh+|yes|yeah|yep|hmm+|i mean|i meant|sorry)\s+"
    r"|\s+(please|pls|plz|thanks|thank you|ta|lol|i think|i guess)$"
)
_CHOICES = (
    re.compile(
        r"^(the )?(first|1st|1|one|former|top|a|number one|number 1|option 1)( one| option)?$"
    ),
    re.compile(
        r"^(the )?(second|2nd|2|two|latter|bottom|other|b|last|number two|number 2|option 2)"
        r"( one| option)?$"
    ),
)
_BOTH = re.compile(r"^(both|both of them|the two|the two of them|both one|all|either|either one)$")


def typed_choice(tracker: Tracker, text: str) -> Tuple[str, ...]:
    """The topics a typed answer to "Do you mean A or B?" picks ("the first one", "both").

    Args:
        tracker: The conversation (the choice must have been asked in the bot's last turn).
        text: The patient's message.

    Returns:
        The topic or topics chosen, in the order offered; () when the message is no choice.
    """
    choices = str(tracker.get_slot(SLOT_TOPIC_CHOICES) or "")
    if " or " not in choices or RESPONSE_CLARIFY_TOPIC not in previous_turn_responses(tracker):
        return ()
    topics = tuple(choices.split(" or "))
    words = re.sub(r"[^\w\s]", " ", text.lower())
    words = re.sub(r"\s+", " ", words).strip()
    for _ in range(2):
        words = _AROUND.sub("", words).strip()
    if _BOTH.match(words):
        return topics
    catalogue = load_topics()
    for topic, pattern in zip(topics, _CHOICES, strict=False):
        label = re.sub(r"[^\w\s]", " ", catalogue[topic].label.lower()).split()
        if pattern.match(words) or words == " ".join(label):
            return (topic,)
    return ()


def answer_choice(
    dispatcher: CollectingDispatcher, tracker: Tracker, topics: Tuple[str, ...]
) -> List[EventType]:
    """Answers the topics a typed choice picked (`typed_choice`), in order."""
    events: List[EventType] = []
    for topic in topics:
        events = answer_topic(dispatcher, topic, tracker)
    return events
