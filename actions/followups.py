"""Follow-ups on the last topic: "how long?", "how do I do it?", "and after that?".

`action_answer_followup` answers the follow-ups of knowledge/followups/ about the topic the
patient just asked about; the functions here also let `action_answer_faq` and the fallback
read a short unsure message against the last topic.
"""

from __future__ import annotations

import re
from typing import Any, Dict, FrozenSet, List, Optional, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.after_escalation import recent_escalation, reply_after_escalation
from actions.answers import SLOT_FAQ_TOPIC, answer_topic
from actions.cautions import persons_in, send_answer
from actions.conversation import previous_turn_responses
from actions.knowledge import followup_answer
from actions.topic_hints import asks, clauses
from actions.topics import TOPIC_SURE, decide_topic, topic_label, topic_ranking
from clinic.contract import EMERGENCY

FOLLOWUP_KINDS = {
    "ask_followup_duration": "duration",
    "ask_followup_howto": "howto",
}

#: Painkillers patients name, for "ibuprofen with paracetamol".
_MEDICINE = (
    r"ibuprofen|paracetamol|acetaminophen|naproxen|aspirin|co-?codamol|codeine|nurofen|"
    r"tylenol|advil|panadol|diclofenac"
)
#: Words that say which detail a short follow-up asks about, most specific first.
FOLLOWUP_CUES: Tuple[Tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.I))
    for kind, pattern in (
        (
            "combine",
            r"\bboth\b|\btogether\b|\bcombin|\bmix(ing)?\b|\bsame time\b"
            # "can i take ibuprofen with paracetamol?"
            rf"|\b({_MEDICINE})\b[^.?!]{{0,20}}\b(with|and|plus|alongside|on top of)\b"
            rf"[^.?!]{{0,12}}\b({_MEDICINE})\b"
            # with alcohol: "can i take ibuprofen if i was drinking last night?"
            r"|\b(after|with|on top of)\s+(drinking|alcohol|a drink|drinks|beer|wine|booze|"
            r"a few pints)\b|\b(was|been|were|i'?ve been) drinking\b|\bhung ?over\b|\bhangover\b"
            # "can I drink if I'm taking the ibuprofen", "naproxen and a beer ok?"
            r"|\b(drink|a drink|drinks|alcohol|a beer|beers|wine|booze|a pint|pints)\b[^.?!]{0,25}"
            rf"\b(taking|on|with)\b[^.?!]{{0,12}}\b({_MEDICINE}|them|these|the tablets|the pills)\b"
            rf"|\b({_MEDICINE})\b[^.?!]{{0,20}}\b(with|and|plus)\s+"
            r"(a drink|drinks|drinking|alcohol|a beer|beers|wine|booze|a pint|pints)\b",
        ),
        (
            "switch",
            r"\bswitch|\bswap|\bchange (over|to)\b|\bthe other one\b"
            r"|\bstart (using )?(the )?heat\b",
        ),
        ("names", r"\bcalled\b|\bnames?\b|\bbrands?\b|\bwhich ones?\b|\bwhat are they\b"),
        ("foods", r"\bfoods?\b|\beat(ing)?\b|\bdiet\b|\bwhere do i get\b"),
        (
            "temperature",
            r"\bhow (hot|warm|cold)\b|\btemperature\b|\btoo hot\b"
            # "wrapped or straight on skin": the cloth between it and the skin
            r"|\bwrapped\b|\b(straight|directly|right) on(to)? (the |my |bare )?skin\b"
            r"|\bon (bare|naked) skin\b|\bin a (towel|cloth|tea ?towel)\b",
        ),
        # "how many sets?"; not "desk set up tips?"
        (
            "reps",
            r"\breps?\b|\brepetitions?\b|\bsets?\b(?!\s*-?\s*up\b)"
            r"|\bhow many (times|of them|goes)\b",
        ),
        (
            "duration",
            r"\bhow long\b|\bminutes?\b|\bmins?\b|\bhow often\b|\btimes a day\b"
            # "is that enough?", not "fair enough" (live test, round 52: "haha fair enough. bye!"
            # got the water amount again)
            r"|\bhow (far|much|many)\b|\b(aim|go) for\b|(?<!\bfair )\benough\b"
            # "it's 11am now, when do I do it again" (round 49 dev)
            r"|\bwhen (do|should|can|shall) (i|we) (do|use|put|apply|try) (it|that|this|them) "
            r"(again|next)\b",
        ),
        ("howto", r"\bhow (do|should|would) (i|you) (do|use|apply)\b|\bshow me\b|\bsteps?\b"),
        # "and after that?" right after the ice answer: what comes next is the heat
        ("switch", r"\bafter (that|those|this)\b|\bafterwards\b|\bthen what\b"),
    )
)
#: A follow-up is short: longer messages are questions of their own.
FOLLOWUP_MAX_WORDS = 9
_COMMA = re.compile(r"[,\u2013\u2014]| - ")
#: Where a reason starts after a follow-up ("which ones bc i dont wanna look stupid").
_REASON = re.compile(r"\s(?:bc|b/c|because|becuz|cos|coz|cuz|cause)\s", re.I)
#: Details a question about a topic may ask for instead of the whole answer.
DETAIL_KINDS = frozenset({"duration", "reps"})
_COMBINE = frozenset({"combine"})
#: A detail the topic does not have may be in another kind ("how many reps" -> duration).
FOLLOWUP_ALTERNATIVES = {"reps": ("duration",), "temperature": ("howto",)}


def _event_topic(event: Dict[str, Any]) -> Optional[str]:
    """The topic a user event's FAQ answer was about, if it was sure."""
    parse_data = event.get("parse_data") or {}
    if (parse_data.get("intent") or {}).get("name") != "faq":
        return None
    selected = (parse_data.get("response_selector") or {}).get("faq") or {}
    key = str((selected.get("response") or {}).get("intent_response_key") or "")
    if not key.startswith("faq/"):
        return None
    if "ranking" not in selected and "confidence" not in (selected.get("response") or {}):
        return key.split("/", 1)[1]  # no scores to doubt it
    return decide_topic(topic_ranking(parse_data), text=str(event.get("text") or "")).answer


def _asked_topics(event: Dict[str, Any]) -> Tuple[str, ...]:
    """The two topics of a `faq` message the bot asked about ("Do you mean A or B?")."""
    parse_data = event.get("parse_data") or {}
    if (parse_data.get("intent") or {}).get("name") != "faq":
        return ()
    return decide_topic(topic_ranking(parse_data), text=str(event.get("text") or "")).choices


def recent_topics(tracker: Tracker, before_latest: bool = False) -> Tuple[str, ...]:
    """The last topic answered, or the two topics the bot last asked about.

    Args:
        tracker: The conversation.
        before_latest: Only before the latest message (not the topic it asks about).

    Returns:
        One topic, two (after "Do you mean A or B?" without a sure topic before), or none.
    """
    asked: Tuple[str, ...] = ()
    events = list(tracker.events)
    if before_latest:
        users = [i for i, event in enumerate(events) if event.get("event") == "user"]
        events = events[: users[-1]] if users else events
    for event in reversed(events):
        kind = event.get("event")
        if kind == "session_started":
            break
        if kind == "slot" and event.get("name") == SLOT_FAQ_TOPIC and event.get("value"):
            return (str(event["value"]),)
        if kind == "user":
            topic = _event_topic(event)
            if topic:
                return (topic,)
            asked = asked or _asked_topics(event)
            if asked and before_latest:
                return asked  # "Do you mean A or B?" was the last thing asked
    return asked


#: The responses that answer an FAQ topic: `utter_faq/<topic>`.
_FAQ_RESPONSE_PREFIX = "utter_faq/"


def topics_answered_last_turn(tracker: Tracker) -> Tuple[str, ...]:
    """The FAQ topics the bot's previous reply answered, latest first.

    "1) ice or heat 2) ibuprofen 3) gym tonight?" gets three answers; "wrapped or straight on
    skin" next is about the first of them, not only the last.

    Args:
        tracker: The conversation (its latest event is the patient's message).

    Returns:
        The topic ids, without duplicates.
    """
    names = previous_turn_responses(tracker)
    return tuple(
        dict.fromkeys(
            name[len(_FAQ_RESPONSE_PREFIX) :]
            for name in names
            if name.startswith(_FAQ_RESPONSE_PREFIX)
        )
    )


def last_faq_topic(tracker: Tracker) -> Optional[str]:
    """Finds the FAQ topic answered most recently in this session.

    Args:
        tracker: The conversation.

    Returns:
        The topic id (e.g. `ice` for `faq/ice`): the last `faq_topic` set by an answer, or the
        last `faq` message whose topic was sure; after "Do you mean A or B?" the likelier one;
        None when no FAQ was asked in this session.
    """
    topics = recent_topics(tracker)
    return topics[0] if topics else None


def followup_kind(text: str) -> Optional[str]:
    """Which detail a short follow-up asks about (`duration`, `reps`, `foods` ...), if any.

    A reason given after it does not make it longer: "k which ones exactly bc i dont wanna
    look stupid at the pool" asks "which ones exactly".
    """
    asked = _REASON.split(text, maxsplit=1)[0]
    if len(asked.split()) <= FOLLOWUP_MAX_WORDS:
        return _cue(asked)
    # "and how long for each time? and how many times a day?": short follow-ups one after the
    # other are still follow-ups, when every one of them is.
    kinds = [
        _cue(part) if len(part.split()) <= FOLLOWUP_MAX_WORDS else None for part in clauses(asked)
    ]
    return kinds[0] if len(kinds) > 1 and all(kinds) else None


def _cue(text: str) -> Optional[str]:
    for kind, pattern in FOLLOWUP_CUES:
        if pattern.search(text):
            return kind
    return None


def _asking_part(text: str, kinds: FrozenSet[str], short: bool = True) -> Optional[Tuple[str, str]]:
    """The first asking clause (or comma part of one) of a message, of a follow-up kind in `kinds`.

    Args:
        text: The message.
        kinds: The follow-up kinds looked for.
        short: Whether the part must be as short as a follow-up.

    Returns:
        The part and its kind, or None.
    """
    for clause in clauses(text):
        for part in _COMMA.split(clause):
            kind = followup_kind(part) if short else _cue(part)
            if kind in kinds and asks(part):
                return part, kind
    return None


def asked_detail(topic: str, text: str) -> Optional[str]:
    """How long, how often or how many times, asked about a topic in a longer message.

    Args:
        topic: The topic the message asks about.
        text: The message.

    Returns:
        The detail's answer when a short asking clause of a longer message names it and the
        topic has it (a short message is its topic's own question, or a follow-up).
    """
    if len(text.split()) <= FOLLOWUP_MAX_WORDS or _HOW_TO_DO.search(text):
        # "How do I do the cat-camel one? And how many times?": the whole answer, which has
        # both (live test, round 42: only the repetitions were sent)
        return None
    found = _asking_part(text, DETAIL_KINDS)
    return resolve_followup(topic, found[0]) if found else None


#: Asking how to do the thing itself, beside a detail ("how do I do it? and how many times?").
_HOW_TO_DO = re.compile(
    r"\bhow (do|should|can|would) (i|you|we|u) (actually |even |properly )?(do|perform|start|"
    r"get into|set up)\b|\bhow (is|are) (it|they|that|this) done\b|\bhow to do\b",
    re.I,
)


def combine_detail(topic: str, text: str) -> Optional[str]:
    """Whether they can be taken together, asked in a clause of a longer message.

    "how long do I ice it, and can I take ibuprofen with paracetamol?": the medicines' answer
    is followed by what the articles say about combining them (that they don't say).

    Args:
        topic: A topic the message is answered with.
        text: The message.

    Returns:
        The topic's `combine` answer when an asking clause asks about combining; else None.
    """
    # "can i take naproxen if i was drinking last night?" is longer than a follow-up
    found = _asking_part(text, _COMBINE, short=False)
    return resolve_followup(topic, found[0], "combine") if found else None


def resolve_followup_any(
    topics: Tuple[str, ...], text: str, default_kind: str = ""
) -> Optional[str]:
    """`resolve_followup` for several candidate topics, latest first.

    The detail asked is looked for in every topic before a stand-in for it: "wrapped or
    straight on skin" after answers on ice and on resting is ice's cloth, not how to rest.
    """
    kind = followup_kind(text) or default_kind
    if not kind:
        return None
    for candidates in ((kind,), FOLLOWUP_ALTERNATIVES.get(kind, ())):
        for topic in topics:
            for candidate in candidates:
                answer = followup_answer(topic, candidate)
                if answer:
                    return answer
    return None


def resolve_followup(topic: Optional[str], text: str, default_kind: str = "") -> Optional[str]:
    """The answer to a short follow-up about `topic`, when the knowledge files have one.

    Args:
        topic: The last topic answered.
        text: The follow-up.
        default_kind: The kind to use when the words name none (from the intent).

    Returns:
        The answer text, or None.
    """
    return resolve_followup_any((topic,), text, default_kind) if topic else None


#: A message this short, unread right after an answer, is taken as a follow-up to it.
UNSURE_FOLLOWUP_MAX_WORDS = 8
RESPONSE_FOLLOWUP_UNSURE = "utter_followup_unsure"
RESPONSE_FOLLOWUP_PERSON = "utter_followup_person"


def topic_to_repeat(tracker: Tracker, text: str) -> Optional[str]:
    """The last topic, for a short follow-up nothing else could read.

    "firm or soft?" after the sleep answer, "like 6-7 hrs lol" after the one on sitting: the
    answer's topic, said to be a guess, is more help than "say it another way". Not twice in
    a row, and not when the last answer was not a topic.

    Returns:
        The topic, or None when the message is not such a follow-up.
    """
    if len(text.split()) > UNSURE_FOLLOWUP_MAX_WORDS:
        return None
    if RESPONSE_FOLLOWUP_UNSURE in previous_turn_responses(tracker):
        return None
    before = recent_topics(tracker, before_latest=True)
    return before[0] if len(before) == 1 else None


def answer_again(dispatcher: CollectingDispatcher, tracker: Tracker, topic: str) -> List[EventType]:
    """Sends a topic's answer again, introduced as a guess (see `topic_to_repeat`).

    A message that only says who the answer is for ("she is on warfarin", "I'm 30 weeks") is
    no guess: it is thanked for, and the answer comes with that person's caution.
    """
    text = str(tracker.latest_message.get("text") or "")
    intro = RESPONSE_FOLLOWUP_PERSON if persons_in(text) else RESPONSE_FOLLOWUP_UNSURE
    dispatcher.utter_message(response=intro, topic_label=topic_label(topic))
    return answer_topic(dispatcher, topic, tracker)


class ActionAnswerFollowup(Action):
    """Answers "how long?", "how do I do it?" and the like about the topic just asked about."""

    def name(self) -> str:
        """Returns the action's name."""
        return "action_answer_followup"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[str, Any],
    ) -> List[EventType]:
        """Runs the action (see `rasa_sdk.Action.run`)."""
        escalation = recent_escalation(tracker)
        if escalation is not None and escalation.urgency == EMERGENCY:
            reply_after_escalation(dispatcher, tracker, escalation)
            return []
        topic = last_faq_topic(tracker)
        if topic is None:
            if escalation is not None:
                # "he says he hasn't got a temperature" read as a follow-up after same-day
                # advice, no topic asked before it: the advice again, never "say it another way"
                reply_after_escalation(dispatcher, tracker, escalation)
            else:
                dispatcher.utter_message(response="utter_default")
            return []
        intent = (tracker.latest_message.get("intent") or {}).get("name") or ""
        text = str(tracker.latest_message.get("text") or "")
        ranking = topic_ranking(tracker.latest_message or {})
        decision = decide_topic(ranking, text=text)
        new_topic = decision.answer
        default_kind = FOLLOWUP_KINDS.get(intent, "")
        if followup_kind(text) is None and new_topic and new_topic != topic:
            if ranking[0][1] >= TOPIC_SURE:
                # "how about breathing through it": a new topic, not a detail of the last one.
                return answer_topic(dispatcher, new_topic, tracker)
        if new_topic and new_topic != topic and new_topic in decision.named:
            # "and the ice, how many minutes?" after another answer: a detail of the topic the
            # message names, not of the last one.
            answer = resolve_followup(new_topic, text, default_kind)
            if answer:
                dispatcher.utter_message(text=answer)
                return []
        answer = resolve_followup_any(recent_topics(tracker), text, default_kind)
        if answer is None:
            answer = followup_answer(topic, default_kind)
        if answer:
            dispatcher.utter_message(text=answer)
        else:
            # The articles give no separate detail: repeat the topic's own answer.
            send_answer(dispatcher, tracker, topic)
        return []
