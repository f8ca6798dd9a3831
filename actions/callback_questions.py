"""Questions about the call back ("when will they call?", "doctor or nurse?").

The NLU's `ask_callback_details` intent learnt its examples' shape ("will they ...?"), so it
also takes questions like "will heat help?". The answer about the call back is given only when
the message speaks of calling or being contacted; otherwise the message's topic is answered.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.advice_patterns import PARTS
from actions.advice_questions import question_kind
from actions.after_escalation import (
    recent_escalation,
    remind_call_back_is_not_a_visit,
    reply_after_escalation,
)
from actions.answers import answer_topic, no_choice
from actions.callback_offer import OFFERS, asks_whether_they_call, call_back_step
from actions.callback_time import asks_when_called, note_time_wish
from actions.conversation import (
    call_back_in_play,
    previous_turn_responses,
    responses_this_turn,
)
from actions.topic_hints import asks, clauses, hints
from actions.topics import decide_topic, topic_ranking
from clinic.contact_questions import asks_clinic_contact
from clinic.contract import (
    EMERGENCY,
    FORM_CALLBACK,
    RESPONSE_CALLBACK_ASKED_AGAIN,
    RESPONSE_CALLBACK_CALLER_ID,
    RESPONSE_CALLBACK_CONSENT_HELP,
    RESPONSE_CALLBACK_CONSENT_PROXY,
    RESPONSE_CALLBACK_CONSENT_WHY,
    RESPONSE_CALLBACK_COST,
    RESPONSE_CALLBACK_DECLINED,
    RESPONSE_CALLBACK_DECLINED_AFTER_EMERGENCY,
    RESPONSE_CALLBACK_DETAILS,
    RESPONSE_CALLBACK_NAME_HELP,
    RESPONSE_CALLBACK_NOT_A_DOCTOR,
    RESPONSE_CALLBACK_ONLY_NAME_AND_NUMBER,
    RESPONSE_CALLBACK_PHONE_HELP,
    RESPONSE_CALLBACK_WHY_PHONE,
    RESPONSE_CLINIC_CONTACT,
    RESPONSE_DATA_USE,
    SLOT_CONTACT_CONSENT,
    SLOT_CONTACT_NAME,
    SLOT_CONTACT_PHONE,
    SOON,
)

#: Words of being called, whatever came before ("can someone ring me", "will I hear back").
_CALLING_WORDS = (
    r"call|calls|called|calling|ring|rings|phone|phones|telephone|text|texts|contact|"
    r"hear|heard|touch|back to me|get back"
)
_CALLING = re.compile(rf"\b({_CALLING_WORDS})\b", re.I)
#: Words of being called back or contacted, once a call back is in play.
_CONTACT = re.compile(
    rf"\b({_CALLING_WORDS}|request|message|doctor|nurse|gp|clinic|someone|anyone|nobody|they)\b"
    # "will it be today?", "what time?", "will it be a lady doctor?": the call's when and who
    r"|\bwill (it|that) be (today|tonight|tomorrow|soon|this|a|an)\b|\bwhat time\b|\bhow soon\b"
    r"|\b(lady|woman|female|male|man)\s+(doctor|gp|nurse|physio)|\bbe\s+a\s+(lady|woman|man)\b",
    re.I,
)
RESPONSE = RESPONSE_CALLBACK_DETAILS
#: What a question with no call back in sight and no clear topic gets ("am I talking to the
#: clinic?").
RESPONSE_NO_CALL_BACK = "utter_capabilities"
#: A question about the name itself ("do you need my full name?", "can I use my nickname?"),
#: or whose name, when writing for someone else ("is it me or dad you want?").
_RELATIVE = (
    r"(dad|mum|mom|mam|father|mother|husband|wife|partner|son|daughter|nan|gran|grandma|"
    r"grandad|grandpa|brother|sister|him|her|his|hers|the patient)"
)
_ABOUT_THE_NAME = re.compile(
    r"\b((full|real|first|last|sur|whole|proper|nick|middle|maiden)\s?names?|names?)\b"
    rf"|\b(me|mine|myself)\s+or\s+(my\s+|his\s+|her\s+|the\s+)?{_RELATIVE}('?s)?\b"
    rf"|\b(my\s+|his\s+|her\s+|the\s+)?{_RELATIVE}('?s)?\s+or\s+(me|mine|myself)\b"
    r"|\bwho\s+(should|will|do)\s+(they|the doctor|you)\s+ask\s+for\b"
    # "why do you need that?", "what for?" asked at the name
    r"|\b(why|y|wy)\s+(do|does|would|d'?you)\s+(you|u|they|the doctor|the clinic)\s+"
    r"(need|want)\s+"
    r"(that|this|it)\b|^\W*(why|what for)\W*$",
    re.I,
)


#: Whose name, asked when writing for someone else ("It's for Dad, so do you need his name or
#: mine?", "is it me or dad you want?").
_WHOSE_NAME = re.compile(
    rf"\b(me|mine|myself)\s+or\s+(my\s+|his\s+|her\s+|the\s+)?{_RELATIVE}('?s)?\b"
    rf"|\b(my\s+|his\s+|her\s+|the\s+)?{_RELATIVE}('?s)?\s+(name\s+)?or\s+(me|mine|myself)\b"
    r"|\bwhose\s+name\b",
    re.I,
)


def name_question_at_offer(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """Answers "his name or mine?" typed at the call-back offer, and starts the form.

    Asking whose name to give is a yes to the offer (round 42, natural conversations).

    Args:
        dispatcher: Where the answer goes.
        tracker: The conversation.

    Returns:
        The form's start, or nothing when the message is not such a question at the offer.
    """
    text = str(tracker.latest_message.get("text") or "")
    if not (OFFERS & set(previous_turn_responses(tracker)) and _WHOSE_NAME.search(text)):
        return []
    dispatcher.utter_message(response=RESPONSE_CALLBACK_NAME_HELP)
    return [FollowupAction(FORM_CALLBACK)]


#: A question about the number itself ("mobile or landline?", "does it have to be a mobile?").
_ABOUT_THE_NUMBER_KIND = re.compile(
    r"\b(mobile|landline|land line|home (phone|number)|house phone|work (phone|number)|"
    r"which (number|phone)|what (kind|sort|type) of (number|phone))\b",
    re.I,
)
#: Why a number is wanted at the number ("why do you need it?"), at any question when the
#: number is named ("why do you need my number"), or another way asked for ("can't you just
#: email", "cant they just message me on here").
_WHY_THE_NUMBER = re.compile(
    r"\bwhy (do|does|would|d'?you) (you|u|they|the doctor|the clinic) (need|want|require)\b",
    re.I,
)
_WHY_A_NUMBER_AT_ALL = re.compile(
    r"\bwhy (do|does|would|d'?you) (you|u|they|ye|the doctor|the clinic) (need|want|require) "
    r"(my |a |the |his |her |their |your )?(tele)?(phone )?(number|phone|mobile|digits)\b"
    r"|\b(do|must) (i|we) (have to|need to|really have to) give (my |a |the )?(phone )?"
    r"(number|phone)\b"
    r"|\b(e-?mail|whatsapp|dm)\b"
    r"|\b(text|message|msg|reply to|write to|answer) (me|us)\b(?! (back )?(if|when|before))",
    re.I,
)
#: A question about the consent itself ("what happens if I say no?", "who else sees it?").
_ABOUT_THE_CONSENT = re.compile(
    r"\b(what|wat) (happens|if|would happen)\b[^?.!]{0,20}\b(no|not|don'?t|refuse|decline)\b|"
    r"\bif (i|we) (say no|don'?t agree|do not agree|refuse|decline)\b",
    re.I,
)
#: Why the agreement is asked for ("why do you need that?" at the consent question).
_WHY_CONSENT = re.compile(
    r"\bwhy\s+(do|does|would|d'?you|is|are)\s+(you|u|they|it|that|this)\s+"
    r"(need|want|ask|asking|needed|matter)\b|^\W*(why|what for|how come)\W*$"
    r"|\bwhy (should|must|do) (i|we) (agree|say yes|consent)\b"
    # "what mean consent?", "what's consent"
    r"|\bwhat('?s| is| does)? (mean|means) (consent|agree)\b|\bwhat('?s| is) consent\b",
    re.I,
)
#: Who is writing: "is this the doctor?", "am I talking to a nurse?" (at any of the form's steps).
_IS_THIS_A_DOCTOR = re.compile(
    r"\b(is (this|that|it)|are (you|u)|am i (talking|speaking|chatting|texting) (to|with))"
    r"( a| the| an)? (real )?(doctor|dr|gp|nurse|physio|person|human)\b",
    re.I,
)
#: "I have already told you that": the details are asked again (none are kept without a yes).
_ALREADY_TOLD = re.compile(
    r"\b(already|just) (told|gave|given|said|typed|sent)\b"
    r"|\b(told|gave|given|typed|sent|said)( (you|u))?( (it|that|this|them))? "
    r"(already|before|earlier|twice|up there)\b",
    re.I,
)
#: Consent for someone else ("I'm his son. Can I agree for him?"): theirs is asked for.
_FOR_SOMEONE_ELSE = re.compile(
    r"\b(agree|say yes|consent|answer) (for|on behalf of) (him|her|them|my \w+)\b"
    r"|\bon (his|her|their) behalf\b|\b(he|she|they)('d| would| will|'ll)? (not )?agree\b",
    re.I,
)
#: Which number the call will come from ("will it be a withheld number calling?").
_CALLER_ID = re.compile(
    r"\b(withheld|private|unknown|hidden|blocked|no caller)\s+(number|no\.?|id|caller)"
    r"|\bcaller\s?id\b|\bwhat\s+number\s+will\s+(it|they|you|the\s+\w+)\s+(be\s+)?(call|ring|come)",
    re.I,
)
#: "is the call free? i don't have much credit", "will it cost me anything?"
_CALL_COST = re.compile(
    r"\b(is|will) (the |this |that |it |a )?(call|call back|callback)?\s*(be )?(free|charged)\b"
    r"|\b(cost|charge) (me|us|anything|money)\b|\bhave to pay\b|\b(much|enough|any|no) credit\b",
    re.I,
)
#: "do you need her date of birth as well?": only a name and a number are asked for.
_OTHER_DETAILS = re.compile(
    r"\b(date of birth|d\.?o\.?b\b|birth ?date|birthday|address|post ?code|zip ?code|"
    r"nhs (number|no)|insurance (number|details)|hospital number)",
    re.I,
)
_WHO_SEES = re.compile(
    r"\bwho (else )?(sees|see|gets|reads|can see|has access|will see|looks at)\b|"
    # "what will you do with it after?", "what happens to my details afterwards?"
    r"\bwhat (will|do|would|does) (you|u|they|the clinic) do with (it|them|my|this|that)\b|"
    r"\bwhat happens (to|with) (it|them|my|this|that)\b|"
    r"\b(how long|where) (do|will|is|are|would) (you|u|it|they|my details) (be )?"
    r"(keep|kept|stored|store|hold|held)\b|"
    # "WHAT DOES CONSENT MEAN HERE, ARE YOU SELLING MY NUMBER"
    r"\bwhat (does|do|is) (the |this |that )?consent\b|\bconsent (mean|means|for)\b|"
    r"\b(sell|selling|sold|share|sharing|pass|passing) (on )?(my|our|his|her|the) "
    r"(number|details|data|info|information|name)\b|"
    # "whether my details will be shared with anyone else", "will my number be passed on?"
    r"\b(details|number|data|info|information)\b[^.?!]{0,15}\b(shared|passed on|sold)\b",
    re.I,
)
#: Who will ring: "will it be a doctor or a physio who calls?"
_WHO_CALLS = re.compile(
    r"\bwho (will |would |is going to )?(be )?(call|ring|phon)\w*\b|"
    r"\b(doctor|physio|nurse|gp)s? or (a |the )?(doctor|physio|physiotherapist|nurse|gp)\b"
    r"[^.?!]{0,25}\b(call|ring|phon)\w*",
    re.I,
)


def _asked_in_its_sentence(pattern: re.Pattern[str], text: str) -> bool:
    """Whether a sentence that has the pattern asks something ("mobile or landline?").

    "I don't know my mobile number off by heart. ... what should I do meanwhile?" names the
    mobile in a sentence that asks nothing (round 49 dev).
    """
    return any(pattern.search(sentence) and asks(sentence) for sentence in PARTS.split(text))


def form_question_response(requested: Optional[str], text: str) -> Optional[str]:
    """The response to a question about the form's own question, if the message is one.

    "do you need my full name?" at the name, "mobile or landline?" at the number, "what
    happens if I say no?" at the consent; "who else sees it?" or "do you do walk-ins?" at any.

    Args:
        requested: The slot the form asks for.
        text: The message.

    Returns:
        A response name, or None.
    """
    if requested == SLOT_CONTACT_NAME and _ABOUT_THE_NAME.search(text):
        return RESPONSE_CALLBACK_NAME_HELP
    if requested == SLOT_CONTACT_PHONE and _asked_in_its_sentence(_ABOUT_THE_NUMBER_KIND, text):
        return RESPONSE_CALLBACK_PHONE_HELP
    if _WHY_A_NUMBER_AT_ALL.search(text) or (
        requested == SLOT_CONTACT_PHONE and _WHY_THE_NUMBER.search(text)
    ):
        # "why do you need my number, can't they just message me on here": the team replies
        # by phone only
        return RESPONSE_CALLBACK_WHY_PHONE
    if requested == SLOT_CONTACT_CONSENT and _ABOUT_THE_CONSENT.search(text):
        return RESPONSE_CALLBACK_CONSENT_HELP
    if requested == SLOT_CONTACT_CONSENT and _FOR_SOMEONE_ELSE.search(text):
        return RESPONSE_CALLBACK_CONSENT_PROXY
    if requested == SLOT_CONTACT_CONSENT and _WHY_CONSENT.search(text):
        return RESPONSE_CALLBACK_CONSENT_WHY
    if requested and _WHO_CALLS.search(text):
        # "will it be a doctor or a physio who calls?": who rings and when, as far as known
        return RESPONSE_CALLBACK_DETAILS
    if requested and _IS_THIS_A_DOCTOR.search(text):
        return RESPONSE_CALLBACK_NOT_A_DOCTOR
    if requested in (SLOT_CONTACT_NAME, SLOT_CONTACT_PHONE) and _ALREADY_TOLD.search(text):
        return RESPONSE_CALLBACK_ASKED_AGAIN
    if _CALLER_ID.search(text):
        # "will it be a withheld number calling? I don't usually answer those"
        return RESPONSE_CALLBACK_CALLER_ID
    if _CALL_COST.search(text):
        return RESPONSE_CALLBACK_COST
    if _OTHER_DETAILS.search(text):
        return RESPONSE_CALLBACK_ONLY_NAME_AND_NUMBER
    if _WHO_SEES.search(text):
        # "how long do you keep it for?" at any of the form's questions
        return RESPONSE_DATA_USE
    if asks_clinic_contact(text):
        # "do you do walk-ins?", "what's the clinic's number?": how to reach the clinic
        return RESPONSE_CLINIC_CONTACT
    return None


def named_topic(text: str) -> Optional[str]:
    """The one topic the question's own words name ("... prescribe muscle relaxants ...")."""
    named = {hint.topic for clause in clauses(text) if asks(clause) for hint in hints(clause)}
    return named.pop() if len(named) == 1 else None


def answer_with_the_yes(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """Answers a question asked in the yes that starts the call-back form.

    "yes pls. oh and is there anything I can change at my desk in the meantime?" (live test,
    round 47): the form asked for the name and the desk question was lost. A question whose
    own words name one topic is answered before the form's first question; not after urgent
    or emergency advice, which the form's start repeats instead.

    Returns:
        The answer's events (none when nothing was answered).
    """
    escalation = recent_escalation(tracker)
    if escalation is not None and escalation.urgency != SOON:
        return []
    if responses_this_turn(tracker):
        return []  # "yes. is it a doctor who calls?": answered already, before the form
    text = str((tracker.latest_message or {}).get("text") or "")
    topic = None if asks_when_called(text) else named_topic(text)
    return answer_topic(dispatcher, topic, tracker) if topic else []


#: A question asked again because it went unanswered ("And the heat pad in the meantime, you
#: didn't answer me"), with no question mark.
_NOT_ANSWERED = re.compile(
    r"\b(you )?(didn'?t|did not|never|haven'?t|have not) (answer|answered|reply|replied|say|said)\b"
    r"|\byou (missed|skipped|ignored) (my|the) (question|bit)\b",
    re.I,
)


def answer_in_form(
    dispatcher: CollectingDispatcher, tracker: Tracker, text: str, **variables: Any
) -> bool:
    """Answers a question typed where the call-back form asked for a name or a number.

    "How long will it be before they ring?" is about the call back; a question with a clear
    topic gets that topic's answer. The form then asks its question again.

    Args:
        dispatcher: Where the answer goes.
        tracker: The conversation (its latest message is the question).
        text: The message.
        **variables: Values for the call-back answer's template (the emergency number).

    Returns:
        Whether the message was a question and was answered.
    """
    unanswered = bool(_NOT_ANSWERED.search(text)) and len({h.topic for h in hints(text)}) == 1
    if not unanswered and not any(asks(clause) for clause in clauses(text)):
        return False
    about_the_form = form_question_response(tracker.get_slot("requested_slot"), text)
    if about_the_form is not None:
        dispatcher.utter_message(response=about_the_form)
        return True
    return _answer(dispatcher, tracker, text, **variables) is not None


def _answer(
    dispatcher: CollectingDispatcher, tracker: Tracker, text: str, **variables: Any
) -> Optional[List[EventType]]:
    """The call-back details for a question about being called, else its topic's answer.

    Returns:
        The events of the answer sent, or None when the question has no clear topic.
    """
    escalation = recent_escalation(tracker)
    kind = question_kind(text) if escalation is not None else ""
    if escalation is not None and (
        kind in ("what_happens", "what_to_say")
        or (
            escalation.urgency == EMERGENCY
            # "that's the ambulance at the door now, do I have to finish this?" (live test,
            # round 54): go with them, not an article
            and kind in ("driven", "drive", "waiting", "transport", "arrived", "underway")
        )
    ):
        # "what will they even do", "I'll ring 111 now. what will they want to know?" after
        # the advice: about the service the advice named, not about the clinic's call back.
        # "Can my partner drive me to A&E?" after emergency advice: not the article on
        # driving with a spasm (which ends "see a doctor if it lasts three days").
        reply_after_escalation(dispatcher, tracker, escalation, text)
        return no_choice()
    topic = None if asks_when_called(text) else named_topic(text)
    if topic is not None and call_back_in_play(tracker):
        # "will the doctor be able to prescribe muscle relaxants over the phone?": about the
        # medicine, not about when the call comes.
        return answer_topic(dispatcher, topic, tracker)
    if _CONTACT.search(text):
        dispatcher.utter_message(response=RESPONSE, **variables)
        # "will they ring today tho" after same-day advice: not instead of being seen today
        remind_call_back_is_not_a_visit(dispatcher, tracker)
        return no_choice()
    return topic_answer(dispatcher, tracker, text)


def topic_answer(
    dispatcher: CollectingDispatcher, tracker: Tracker, text: str
) -> Optional[List[EventType]]:
    """The answer of the message's topic, or None when it has no clear topic."""
    topic = decide_topic(topic_ranking(tracker.latest_message or {}), text=text).answer
    if topic is None:
        # "07700 900715. and ice or hot for now?": the number confuses the topic model; the
        # question's own words name its topic.
        topic = named_topic(text)
    return answer_topic(dispatcher, topic, tracker) if topic else None


#: Whether what was advised is bad or serious: a question about the advice, whatever else the
#: message says of calls.
_ASKS_HOW_BAD = re.compile(
    r"\b(is|was) (that|it|this) (really |that |so |very |actually )?(bad|serious|dangerous)\b",
    re.I,
)
#: Kinds of message after emergency advice that are about the emergency call or the wait for
#: help, however much they say "call" (`actions.advice_questions`).
_NOT_THE_CALL = frozenset(
    {"waiting", "call_for_me", "collapse", "driven", "drive", "underway", "arrived", "number"}
)


#: Replies after which an offer is no longer open.
_OFFER_CLOSED = frozenset(
    {
        RESPONSE_CALLBACK_DECLINED,
        RESPONSE_CALLBACK_DECLINED_AFTER_EMERGENCY,
        "utter_callback_cancelled",
    }
)


def open_offer(tracker: Tracker) -> Optional[str]:
    """The call-back offer of this session still waiting for its yes or no, if any.

    "will the clinic ring me or not", a few messages after the offer after emergency advice
    that the patient never answered (live test, round 54): the offer is asked again.
    """
    for event in reversed(tracker.events):
        if event.get("event") == "session_started":
            return None
        if event.get("event") == "active_loop" and event.get("name"):
            return None  # the form ran: the offer was answered
        name = event.get("name") if event.get("event") == "action" else None
        if name in _OFFER_CLOSED:
            return None
        if name in OFFERS:
            return str(name)
    return None


class ActionAnswerCallbackQuestion(Action):
    """Answers a question about the call back, or the topic of a question that is not one."""

    def name(self) -> str:
        """Returns the action's name."""
        return "action_answer_callback_question"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[str, Any],
    ) -> List[EventType]:
        """Runs the action (see `rasa_sdk.Action.run`)."""
        text = str((tracker.latest_message or {}).get("text") or "")
        escalation = recent_escalation(tracker)
        kind = question_kind(text) if escalation is not None else ""
        if escalation is not None and (
            (escalation.urgency == EMERGENCY and kind in _NOT_THE_CALL)
            or _ASKS_HOW_BAD.search(text)
        ):
            # "ok calling them now. should i unlock the door": about the emergency call, not
            # the clinic's call back; "is that really bad?? I've still got 3 calls this
            # afternoon" (a carer's visits, round 51 dev): about the advice
            reply_after_escalation(dispatcher, tracker, escalation, text)
            return no_choice()
        noted = await note_time_wish(dispatcher, tracker)
        if noted is not None:
            return noted  # "mornings before eleven are best", after the call back was stored
        step = None if tracker.active_loop else call_back_step(tracker)
        if not (_CALLING.search(text) or call_back_in_play(tracker) or recent_escalation(tracker)):
            # Nothing of a call back yet: "clinic" or "they" in a first question is no
            # question about being called.
            answered = topic_answer(dispatcher, tracker, text)
            if answered is not None:
                return answered
            dispatcher.utter_message(response=RESPONSE_NO_CALL_BACK)
            return no_choice()
        events = _answer(dispatcher, tracker, text)
        if events is None:
            dispatcher.utter_message(response=RESPONSE)
            events = no_choice()
        if step == FORM_CALLBACK:
            # "yes. is it a doctor or a receptionist who calls?" right after the offer: the
            # question answered, then the yes starts the form.
            return [*events, FollowupAction(FORM_CALLBACK)]
        offered = [name for name in previous_turn_responses(tracker) if name in OFFERS]
        pending = None if tracker.get_slot(SLOT_CONTACT_CONSENT) else open_offer(tracker)
        if (offered or pending) and not tracker.active_loop and asks_whether_they_call(text):
            # "thanks. will the clinic call me?" right after the offer, or later while it is
            # still unanswered: answered, and the offer asked again; the patient's yes starts
            # the form, not the question.
            dispatcher.utter_message(response=offered[-1] if offered else str(pending))
        return events
