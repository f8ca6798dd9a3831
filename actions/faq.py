"""FAQ answers decided from the intent and the topic together, and follow-ups on the last topic.

- `action_answer_faq` answers a `faq` message only when its topic is sure (actions/topics.py);
  when two topics are close it asks "Do you mean ... or ...?", and a short follow-up ("how
  hot?", "what foods have it?") goes to the last topic. Right after escalation advice, the
  advice is repeated first (actions/after_escalation.py).
- `action_answer_followup` answers "how long?", "how do I do it?" and the other follow-ups of
  knowledge/followups/ about the topic the patient just asked about.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.after_escalation import (
    ADVICE_KINDS,
    escalation_for,
    question_kind,
    recent_escalation,
    reply_after_escalation,
)
from actions.callback_offer import call_back_step, number_change
from actions.cautions import send_answer
from actions.clinic_contact import asks_clinic_contact
from actions.conversation import previous_turn_responses
from actions.knowledge import followup_answer
from actions.small_talk import acknowledgement, greeting_question
from actions.topic_hints import asks, clauses, hints, names_only_the_subject
from actions.topics import (
    TOPIC_SURE,
    decide_topic,
    hinted_topic,
    load_topics,
    on_subject,
    topic_buttons,
    topic_label,
    topic_ranking,
)
from clinic.contract import (
    ACTION_ANSWER_FAQ,
    EMERGENCY,
    FORM_CALLBACK,
    INTENT_FAQ,
    INTENT_REPORT_RED_FLAG,
    INTENT_STOP,
    RESPONSE_CALLBACK_DETAILS,
    RESPONSE_OFFER_CALLBACK,
    SLOT_CONTACT_CONSENT,
    SLOT_CONTACT_NAME,
    SLOT_CONTACT_PHONE,
    SOON,
    URGENT,
)
from clinic.settings import get_settings
from escalation.contact import (
    clean_name,
    has_phone_digits,
    name_in_sentence,
    parse_phone,
    wants_to_stop,
)

FOLLOWUP_KINDS = {
    "ask_followup_duration": "duration",
    "ask_followup_howto": "howto",
}
SLOT_FAQ_TOPIC = "faq_topic"

#: Words that say which detail a short follow-up asks about, most specific first.
FOLLOWUP_CUES: Tuple[Tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.I))
    for kind, pattern in (
        ("combine", r"\bboth\b|\btogether\b|\bcombin|\bmix(ing)?\b|\bsame time\b"),
        (
            "switch",
            r"\bswitch|\bswap|\bchange (over|to)\b|\bthe other one\b"
            r"|\bstart (using )?(the )?heat\b",
        ),
        ("names", r"\bcalled\b|\bnames?\b|\bbrands?\b|\bwhich ones?\b|\bwhat are they\b"),
        ("foods", r"\bfoods?\b|\beat(ing)?\b|\bdiet\b|\bwhere do i get\b"),
        ("temperature", r"\bhow (hot|warm|cold)\b|\btemperature\b|\btoo hot\b"),
        ("reps", r"\breps?\b|\brepetitions?\b|\bsets?\b|\bhow many (times|of them|goes)\b"),
        (
            "duration",
            r"\bhow long\b|\bminutes?\b|\bmins?\b|\bhow often\b|\btimes a day\b"
            r"|\bhow (far|much|many)\b|\b(aim|go) for\b|\benough\b",
        ),
        ("howto", r"\bhow (do|should|would) (i|you) (do|use|apply)\b|\bshow me\b|\bsteps?\b"),
        # "and after that?" right after the ice answer: what comes next is the heat
        ("switch", r"\bafter (that|those|this)\b|\bafterwards\b|\bthen what\b"),
    )
)
#: The same question for another person ("and for her?", "what about my nan, she's 86").
_FOR_SOMEONE_ELSE = re.compile(
    r"^\W*(and|but|so|ok|okay)?\W*(what|how)? ?(about|for|abt)\b.{0,30}\b(my|her|him|his|she|he|"
    r"they|them|nan|gran|granny|grandma|grandad|mum|mom|mam|dad|son|daughter|kid|child|baby|"
    r"wife|husband|partner|hubby|teen|pregnan\w*|warfarin|blood thinners?)\b",
    re.IGNORECASE,
)
#: A message that names the back or spasms is a question of its own, not a follow-up.
_NAMES_ITS_SUBJECT = re.compile(r"\b(back|spasm|spine|muscle|cramp)", re.I)
#: A follow-up is short: longer messages are questions of their own.
FOLLOWUP_MAX_WORDS = 9
_COMMA = re.compile(r"[,\u2013\u2014]| - ")
#: Details a question about a topic may ask for instead of the whole answer.
DETAIL_KINDS = frozenset({"duration", "reps"})
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
    """Which detail a short follow-up asks about (`duration`, `reps`, `foods` ...), if any."""
    if len(text.split()) > FOLLOWUP_MAX_WORDS:
        return None
    for kind, pattern in FOLLOWUP_CUES:
        if pattern.search(text):
            return kind
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
    if len(text.split()) <= FOLLOWUP_MAX_WORDS:
        return None
    for clause in clauses(text):
        for part in _COMMA.split(clause):
            if asks(part) and followup_kind(part) in DETAIL_KINDS:
                return resolve_followup(topic, part)
    return None


def resolve_followup_any(
    topics: Tuple[str, ...], text: str, default_kind: str = ""
) -> Optional[str]:
    """`resolve_followup` for the first of several candidate topics that has an answer."""
    for topic in topics:
        answer = resolve_followup(topic, text, default_kind)
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
    if not topic:
        return None
    kind = followup_kind(text) or default_kind
    if not kind:
        return None
    for candidate in (kind, *FOLLOWUP_ALTERNATIVES.get(kind, ())):
        answer = followup_answer(topic, candidate)
        if answer:
            return answer
    return None


#: A message this short, unread right after an answer, is taken as a follow-up to it.
UNSURE_FOLLOWUP_MAX_WORDS = 8
RESPONSE_FOLLOWUP_UNSURE = "utter_followup_unsure"


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
    """Sends a topic's answer again, introduced as a guess (see `topic_to_repeat`)."""
    dispatcher.utter_message(response=RESPONSE_FOLLOWUP_UNSURE, topic_label=topic_label(topic))
    return answer_topic(dispatcher, topic, tracker)


#: A question about the number just typed ("020 7946 0958 will that do?", "... is that ok?").
_ABOUT_THE_NUMBER = re.compile(
    r"\b(will|would|does|is|can)\s+(that|this|it)\s+(do|work|be\s+(ok|okay|fine|alright|enough))\b"
    r"|\b(that|this)\s+(ok|okay|fine|alright|right)\s*\?",
    re.I,
)
_SENTENCES = re.compile(r"(?<=[.!?])\s+")
#: The article answer that must not follow escalation advice as if nothing had been said.
TOPIC_WHEN_TO_SEE_DOCTOR = "when_to_see_doctor"


#: Topics of comfort while waiting to be seen the same day (ice, heat, resting, sleeping).
COMFORT = frozenset(
    {"ice", "heat", "ice_or_heat", "hot_cold_alternating", "rest_positioning", "sleep", "warm_bath"}
)


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


class ActionAnswerFaq(Action):
    """Answers a `faq` message when its topic is sure; otherwise asks, or uses the context."""

    def name(self) -> str:
        """Returns the action's name."""
        return ACTION_ANSWER_FAQ

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[str, Any],
    ) -> List[EventType]:
        """Runs the action (see `rasa_sdk.Action.run`)."""
        parse_data = tracker.latest_message or {}
        text = str(parse_data.get("text") or "")
        if (tracker.active_loop or {}).get("name") == FORM_CALLBACK:
            return self._in_form(dispatcher, tracker, parse_data, text)
        changed = number_change(tracker)  # "change my call back number to ..."
        if changed:
            return changed
        step = call_back_step(tracker)  # "yes, I'd like the doctor to phone me"
        if step:
            return [FollowupAction(step)]
        ranking = topic_ranking(parse_data)
        decision = decide_topic(ranking, text=text)
        escalation = recent_escalation(tracker)
        if asks_clinic_contact(text) and (escalation is None or escalation.urgency != EMERGENCY):
            # "could the clinic arrange that for me" after "book within days" too; after
            # emergency advice the advice itself answers it (call the emergency number first).
            return [*no_choice(), FollowupAction(RESPONSE_OFFER_CALLBACK)]
        if escalation is not None:
            # Right after emergency advice the reply is about that advice only: an article
            # added to it ("a short walk or stairs" after chest pain, painkillers after "can't
            # I wait till morning") dilutes it. After urgent advice a clear question is
            # answered, anything else gets the advice again. "Book in the next few days"
            # leaves the conversation as it was: questions are answered. Putting the advice
            # off ("can it wait till her GP appointment?") is always about the advice.
            sure = bool(decision.answer and ranking and ranking[0][1] >= TOPIC_SURE)
            kind = question_kind(text)
            # "which stretches are ok meanwhile?" after "book in the next few days": waiting
            # days for an appointment, the question is the article's.
            # "should I put ice on it in the meantime?" after "see a doctor today": comfort
            # until then is answered too, with the advice after it.
            comfort = (
                escalation.urgency == URGENT and kind == "waiting" and decision.answer in COMFORT
            )
            about_advice = kind in ADVICE_KINDS and not (
                (escalation.urgency == SOON and kind == "waiting" and decision.answer) or comfort
            )
            if comfort and decision.answer:
                events = answer_topic(dispatcher, decision.answer, tracker)
                dispatcher.utter_message(response="utter_escalation_reminder_urgent")
                return events
            if (
                escalation.urgency == EMERGENCY
                or about_advice
                or (not sure and escalation.urgency != SOON)
            ):
                reply_after_escalation(dispatcher, tracker, escalation, text)
                return no_choice()
        polite = acknowledgement(text) or (greeting_question(text) if not decision.answer else None)
        if polite:
            dispatcher.utter_message(response=polite)
            return no_choice()
        if decision.answer is None:
            before = recent_topics(tracker, before_latest=True)
            answer = resolve_followup_any(before, text)
            if answer:
                dispatcher.utter_message(text=answer)
                return no_choice()
            if len(before) == 1 and _FOR_SOMEONE_ELSE.search(text):
                # "what about for my nan, she's 86 on warfarin": the last answer, for her.
                return answer_topic(dispatcher, before[0], tracker)
            hinted = hinted_topic(text, parse_data)
            if hinted:
                return answer_topic(dispatcher, hinted, tracker)
            if escalation is not None:
                reply_after_escalation(dispatcher, tracker, escalation, text)
                return no_choice()
            again = topic_to_repeat(tracker, text)
            if again is not None and not decision.choices:
                return answer_again(dispatcher, tracker, again)
            if not on_subject(text):
                # "did you see the match last night?": not a question about backs at all.
                dispatcher.utter_message(response="utter_out_of_scope")
                return no_choice()
            if decision.choices:
                return ask_between(decision.choices)
            # A message that only names the subject ("back") gets what the bot can do.
            dead_end = "utter_capabilities" if names_only_the_subject(text) else "utter_default"
            dispatcher.utter_message(response=dead_end, buttons=topic_buttons(decision.closest))
            return no_choice()
        recent = recent_topics(tracker, before_latest=True)
        if (
            recent
            and decision.answer not in recent
            and not _NAMES_ITS_SUBJECT.search(text)
            and decision.answer not in decision.named
        ):
            # "how long do I leave it on for?" right after the ice answer is about the ice, not
            # the `duration` topic (how long spasms last); "and cat camel reps?" after child's
            # pose names its own topic.
            answer = resolve_followup_any(recent, text)
            if answer:
                dispatcher.utter_message(text=answer)
                return no_choice()
        detail = asked_detail(decision.answer, text)
        if detail:
            # "...I'm trying the stretches - how long should I hold them?": the detail asked.
            dispatcher.utter_message(text=detail)
            return [SlotSet(SLOT_FAQ_TOPIC, decision.answer), *no_choice()]
        events = answer_topic(dispatcher, decision.answer, tracker)
        for topic in decision.also:
            send_answer(dispatcher, tracker, topic, cautions=False)
        return events

    @staticmethod
    def _in_form(
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        parse_data: Dict[str, Any],
        text: str,
    ) -> List[EventType]:
        """A question while the call-back form asks: answered (the form then asks again).

        A name the NLU took for a question ("Wilhelmina Quaresma" read as a topic) is taken
        as the name the form asked for instead, and so is a number given with other words
        ("sorry cat walked on keyboard 07400 555210"); the form checks it.
        """
        requested = tracker.get_slot("requested_slot")
        if requested in (SLOT_CONTACT_NAME, SLOT_CONTACT_PHONE) and wants_to_stop(text):
            # "i dont want a call back" read as a question: the answer to the form's question,
            # which its validation takes as a stop.
            return [SlotSet(requested, text), *no_choice()]
        digits = has_phone_digits(text)
        usable = parse_phone(text, get_settings().phone_default_region).e164 if digits else None
        if requested == SLOT_CONTACT_NAME:
            name = clean_name(text) if looks_like_name(text) else name_in_sentence(text)
            if name:
                # "Ann Baker. 07700 900418 - after ten please": the number too (the form
                # checks it), not asked for again.
                phone = [SlotSet(SLOT_CONTACT_PHONE, text)] if usable else []
                return [SlotSet(SLOT_CONTACT_NAME, name), *phone, *no_choice()]
        if requested == SLOT_CONTACT_PHONE and digits:
            # "020 7946 0958 will that do?", "01632 960712. how long before they ring?": a
            # usable number, asked about or in a sentence of its own, is the answer (the form
            # confirms it and answers the question); "is 0800 123 4567 free?" is a question.
            asked_apart = usable and not any(
                "?" in sentence for sentence in _SENTENCES.split(text) if has_phone_digits(sentence)
            )
            if "?" not in text or asked_apart or (usable and _ABOUT_THE_NUMBER.search(text)):
                return [SlotSet(SLOT_CONTACT_PHONE, text), *no_choice()]
        escalation = recent_escalation(tracker)
        if escalation is not None and (
            escalation.urgency == EMERGENCY or question_kind(text) in ADVICE_KINDS
        ):
            # "what if I go tomorrow morning?" while the form asks: the advice again, not a
            # topic's answer (the form then asks its question again); after urgent advice,
            # "should I just call 111 instead?" is about the advice too.
            reply_after_escalation(dispatcher, tracker, escalation, text)
            return no_choice()
        if question_kind(text) == "callback":
            # "how long will it be before they ring?"
            dispatcher.utter_message(response=RESPONSE_CALLBACK_DETAILS)
            return no_choice()
        ranking = topic_ranking(parse_data)
        if ranking:
            return answer_topic(dispatcher, ranking[0][0], tracker)
        return no_choice()


def looks_like_name(text: str) -> bool:
    """Whether a short message reads as a person's name: no question, every word capitalised."""
    words = text.split()
    return 0 < len(words) <= 4 and "?" not in text and all(w[:1].isupper() for w in words)


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
        if escalation is not None and escalation.urgency == "emergency":
            reply_after_escalation(dispatcher, tracker, escalation)
            return []
        topic = last_faq_topic(tracker)
        if topic is None:
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


#: A "stop" of these kinds right after advice puts the advice off or refuses it.
REFUSAL_KINDS = frozenset({"why", "delay", "instead"})


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
        if stopped and tracker.get_slot(SLOT_CONTACT_CONSENT) and _CANCELS_THE_CALL.search(text):
            # "actually can you cancel that" after the call back was passed on: the "OK" above
            # must not read as done.
            dispatcher.utter_message(response="utter_escalation_callback_already_passed")
            return []
        topic = question_too(latest)
        if topic is None:
            return []
        return answer_topic(dispatcher, topic, tracker)


#: Withdrawing a call back ("cancel that", "I don't want the clinic to call me").
_CANCELS_THE_CALL = re.compile(
    r"\bcancel\w*\b|\b(don'?t|do not|dont) (want|need) (the clinic|you|them|anyone|a doctor|"
    r"the doctor|the call|a call|the call ?back|a call ?back)\b|\bremove my (number|details)\b",
    re.I,
)
