"""The call-back offer: a name, or a yes the NLU was unsure of, straight after it is a yes.

"Would you like a doctor to call you back?" - "Margaret Ellis": the patient answered the next
question before it was asked. `action_take_contact_name` keeps the name and starts the call-back
form, which then asks for the phone number. Other contact details are a yes too (the form asks
for each detail); an unsure message that is not a name gets the fallback (actions/fallback.py).
A yes or a request to be called that the NLU did not read as `affirm` ("Yes, I would like the
doctor to telephone me", "actually yeah go on then get the gp to call") starts the form from the
FAQ answer or the fallback (`call_back_step`), also after the call back was declined. A request
to be called is a yes at any time (`action_offer_callback`); asking for a doctor or a person
without asking to be called gets the offer; right after the offer it is a yes unless it says no
(`action_answer_callback_request`).
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.advice_questions import asks_to_call_help_for_them, question_kinds
from actions.after_escalation import (
    call_back_after_emergency_response,
    declines_call_back,
    recent_escalation,
    remind_call_back_is_not_a_visit,
    reply_after_escalation,
)
from actions.callback_time import note_time_wish
from actions.conversation import previous_turn_responses
from actions.topic_hints import hints
from clinic.contact_questions import (
    asks_about_the_clinic,
    asks_to_book_here,
    complains_of_waiting,
)
from clinic.contract import (
    ACTION_DEFAULT_FALLBACK,
    ACTION_LISTEN,
    EMERGENCY,
    FORM_CALLBACK,
    RESPONSE_CALLBACK_BOOKING_NOT_HERE,
    RESPONSE_CALLBACK_DECLINED,
    RESPONSE_CALLBACK_DECLINED_AFTER_EMERGENCY,
    RESPONSE_CLINIC_CONTACT,
    RESPONSE_NOTHING_KEPT,
    RESPONSE_NOTHING_KEPT_CASE,
    RESPONSE_OFFER_CALLBACK,
    RESPONSE_OFFER_CALLBACK_AFTER_EMERGENCY,
    SLOT_CONTACT_NAME,
    SLOT_CONTACT_PHONE,
    URGENT,
)
from escalation.contact import (
    has_non_name_word,
    is_possessive,
    name_before_number,
    reads_as_sentence,
)
from escalation.phones import (
    has_phone_digits,
    parse_phone,
)
from escalation.replies import REPLY_ACK
from escalation.service import get_service

_NAME_WORD = re.compile(r"^[^\W\d_]+(['\u2019.\-][^\W\d_]+)*\.?$")
MAX_NAME_WORDS = 4
#: The bot's questions a yes answers by starting the call-back form.
OFFERS = frozenset(
    {
        RESPONSE_OFFER_CALLBACK,
        RESPONSE_OFFER_CALLBACK_AFTER_EMERGENCY,
        RESPONSE_CALLBACK_DECLINED,
        RESPONSE_CALLBACK_DECLINED_AFTER_EMERGENCY,
        # "oh wait yes I consent, misread sorry" after the consent was refused
        RESPONSE_NOTHING_KEPT,
        RESPONSE_NOTHING_KEPT_CASE,
    }
)
_YES = re.compile(
    r"^\W*(yes|yeah|yep|yup|yea|ye|ya|sure|please|pls|go on|go ahead)\b"
    # "On reflection, I was being silly. Yes, please do pass them on": a later sentence's yes
    r"|[.!?]\s+(yes|yeah|yep|yup)\b[^?]*$"
    # "Oh dear. Yes please, but who will mind the children?": the yes, then a question
    r"|(^|[.!?]\s+)\W*(oh|ok|okay|right|well)?\W*(yes|yeah|yep)\W+(please|pls|go on|ok)\b"
    r"|\b(actually|ok|okay|alright|fine|wait)\W+(yes|yeah|yep|ye|go on|please)\b"
    r"|\bi (do )?(consent|agree)\b",
    re.I,
)
_CALL_ME = re.compile(
    # "ring me back", not "on the phone my back has been at me" (the back that hurts)
    r"\b(call|ring|phone|telephone|contact)\b(?:(?!\bback\b)[\w' ]){0,20}"
    r"\b(me|us|(?<!my )(?<!his )(?<!her )(?<!our )(?<!your )(?<!the )(?<!a )back)\b|\bcall ?back\b"
    # for the patient a relative writes about: "you can call him please? his number ..."
    r"|\b((can|could|will|would) (you|u)( please)?|please|you can) (call|ring|phone) "
    r"(him|her|them)\b"
    # "Can someone phone her?", "could a doctor ring him directly?"
    r"|\b(can|could|will|would) (someone|somebody|a doctor|the doctor|your doctor|a nurse|"
    r"one of your doctors)( please)? (call|ring|phone|speak to|talk to) (him|her|them)\b"
    r"|\b(get|have|ask)\s+(the\s+|a\s+|your\s+)?(gp|doctor|dr|someone|clinic|nurse)\b"
    r"[\w' ]{0,15}\b(call|ring|phone)\b"
    # "It's for my mum, but I'd rather you called me as she's a bit deaf"
    # "yes please take my number anyway", "can you take my name and number for the clinic"
    r"|\btake (down )?(my|our|his|her) (name|number|details|phone number|contact details)\b"
    r"|\b(rather|prefer(?: it if)?|like it if|want) (you|u|they|someone|the doctor|a nurse) "
    r"(called|rang|phoned) (me|us)\b"
    # "I would like the call after all", "please do pass them on" (the details, to the clinic)
    r"|\bi(?:'?d| would) (?:like|want|prefer) (?:the|a) (?:call|phone call|ring)\b"
    r"|\bpass (?:them|it|my details|my number|those) on\b",
    re.I,
)
#: Someone else's call back ("111 said wait for a callback in 4 hours"): not a request.
_OTHERS_CALL = re.compile(
    r"\b(111|nhs|gp|surgery|hospital|a&e|they|he|she|the doctors?)\b[^.?!]{0,30}"
    r"\b(call|ring|phone) ?back\b"
    # "the receptionist said ring back tomorrow": told to call them again
    r"|\b(said|says|told me|told us|asked me)\s+(to\s+)?(ring|call|phone|try)\s+(back|again)\b"
    r"|\bwait\w*\s+(for|on)\s+(a\s+|the\s+|their\s+|his\s+|her\s+)?call ?back\b"
    # "While I wait for them to ring back, warm bath or not?": a call already coming
    r"|\bwait\w*\s+(for\s+)?(them|him|her|someone|the doctor|the clinic|you|u)\s+to\s+"
    r"(call|ring|phone)\b",
    re.I,
)


#: "will the clinic call me?" right after the offer asks whether they will, it is no yes yet.
_WILL_THEY_CALL = re.compile(
    r"^\W*((ok|okay|thanks|thank|you|ta|cheers|right|and|so|but|um|hmm|sorry)\W+){0,3}"
    r"(will|would|do|does)\s+(the clinic|they|you|u|someone|somebody|anyone|"
    r"a doctor|the doctor|a nurse)( from (the|your) clinic)?\s+(call|ring|phone|contact)\s+"
    # "will the clinic ring me or not" (live test, round 54): asked without a question mark
    r"(me|us|her|him)\b[^.!]*(\?|(or not)?\W*$)",
    re.I,
)


def _requests_a_call(text: str) -> bool:
    # "can the clinic call an ambulance for me?" asks for the ambulance, not a call back
    return (
        bool(_CALL_ME.search(text))
        and not _OTHERS_CALL.search(text)
        and not asks_to_call_help_for_them(text)
    )


#: Asking whether there is a call at all: "So no callback then? We wait for the doctor to call?"
_NO_CALL_THEN = re.compile(
    r"\bno (call ?-?back|call|ring ?back)( then| at all| after all)?\s*\?"
    r"|\b(do )?(we|i) (just )?wait for (the |a )?(doctor|clinic|them|someone) to (call|ring)\b",
    re.I,
)


def asks_whether_they_call(text: str) -> bool:
    """Whether a message asks if the clinic will call ("thanks. will the clinic call me?")."""
    return bool(_WILL_THEY_CALL.search(text)) and not _YES.search(text)


def asks_if_no_call(text: str) -> bool:
    """Whether a message asks if there is no call, or to wait for it ("so no callback then?")."""
    return bool(_NO_CALL_THEN.search(text))


#: A bare "ok" after emergency advice is about the advice, not the offer: not in `_YES`.
#: A yes that names the call: "Yes please call me", "ok ring me back".
_YES_CALL = re.compile(
    r"\b(yes|yeah|yep|yup|ok|okay|sure|please)\b\W+((please|just|can|could|you|u|then)\W+){0,3}"
    r"(call|ring|phone)\s+"
    r"(me|us|him|her|them)\b",
    re.I,
)
_NO = re.compile(
    # not the "no" of "yes or no?", "yes/no"
    r"(?<!\bor )(?<!/)\b(no|nah|nope|don'?t|do not|not now|never ?mind|rather not|not going|"
    r"won'?t|will not|"
    r"refuse|nobody|no ?one|cancel\w*|"
    # "Call back isn't needed, thanks"
    r"(isn'?t|is not|not|aren'?t) (needed|necessary|required)|unnecessary)\b",
    re.I,
)


def looks_like_name(text: str) -> bool:
    """Whether a message is just a person's name ("Margaret Ellis", "dan o'neill").

    Args:
        text: The message.

    Returns:
        True for one to four name-like words and nothing else.
    """
    words = text.strip().rstrip(".!").replace(",", " ").split()
    if not 1 <= len(words) <= MAX_NAME_WORDS:
        return False
    if any(is_possessive(word) for word in words):
        return False  # "Today's tricky", "Josh's mum": no name
    if words[0].lower() in _SALUTATIONS:
        return False  # a letter's "Dear Sir," (live test, round 41): no name
    if reads_as_sentence(text, capitalised_is_name=False):
        return False
    return all(_NAME_WORD.match(word) for word in words)


#: How a letter opens or closes ("Dear Sir", "Kind regards"): no name.
_SALUTATIONS = frozenset({"dear", "regards", "sincerely", "faithfully", "yours", "kind"})


#: "my name is ...", "I'm ...", "it's ...": a name follows.
_NAME_INTRO = re.compile(
    rf"^\W*(?:{REPLY_ACK}\W+(?=\S))?"
    r"(?:(?:(?:my|his|her|their)\s+)?name\s+is|it\s+is|my\s+name'?s|name\s*[:=?]|name\s+(?=[A-Z])|"
    # "Name's Dave Pengelly."
    r"name['\u2019]s|"
    r"i\s+am|i'?m|it'?s|this\s+is|"
    r"call\s+me|(?:just\s+)?(?:put|say)(?:\s+it'?s)?|(?<=\W))\s*",
    re.I,
)


def has_contact_details(text: str) -> bool:
    """Whether a message gives a name or a phone number ("Jay", "I'm Jay", "07700 900556").

    "I'm 52 if that matters" or "I'm not going to a doctor" are not contact details, whatever
    the NLU thought: taken as a yes to the call-back offer they would start the form.

    Args:
        text: The message.

    Returns:
        True for a name alone, a name after "my name is" / "I'm", or a phone number.
    """
    if has_phone_digits(text):
        return True
    return contact_name(text) is not None


def name_and_number(text: str) -> Optional[Tuple[str, str]]:
    """A name and a valid phone number typed together ("Tom Reyes 07700 900123").

    Args:
        text: The message.

    Returns:
        (name, E.164 number), or None when either is missing.
    """
    if not has_phone_digits(text):
        return None
    phone = parse_phone(text, get_service().settings.phone_default_region).e164
    name = contact_name(text) or name_before_number(text)
    return (name, phone) if name and phone else None


#: A title typed after the name, in brackets: "Margaret Ellison (Mrs)".
_TITLE_AFTER = re.compile(
    r"^\s*(?P<name>[^()]+?)\s*\((?P<title>mrs|mr|ms|miss|mx|dr|prof)\.?\)\W*$", re.I
)


#: Between a name and the same name said again ("Jones. Mr Jones").
_SAID_AGAIN = re.compile(
    r"(?<=[a-z]{2})(?<!\bMrs)(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bProf)(?<!\bSt)\.\s+(?=[A-Z])"
)


def contact_name(text: str) -> Optional[str]:
    """The name in a message that is only a name, or "I'm ..." / "just put ..." and a name."""
    titled = _TITLE_AFTER.match(text)
    if titled:  # "Margaret Ellison (Mrs)" is "Mrs Margaret Ellison"
        text = f"{titled['title'].capitalize()} {titled['name']}"
    stripped = _NAME_INTRO.sub("", text, count=1)
    if stripped != text and has_non_name_word(stripped):
        return None  # "its saturday", "I'm worried"
    # "name? Jones. Mr Jones.": the name said again, in full, is the one to use
    stripped = _SAID_AGAIN.split(stripped.strip().rstrip(".!"))[-1]
    for candidate in (stripped, text):
        if looks_like_name(candidate):
            return candidate.strip().rstrip(".!")
    return None


#: The first sentence of a message and the rest: "emeka obi. will it be a doctor calling?"
_LEAD = re.compile(r"^\s*([^.,;!?]+?)\s*[.,;!?]+\s+(\S.*)$", re.S)


def details_before_a_question(text: str) -> Optional[Tuple[Optional[str], Optional[str]]]:
    """A name or a number as a message's first sentence, and a question after it.

    At the call-back offer, "emeka obi. will it be the doctor calling me?" or "07700 900456,
    and what can I do tonight?" is a yes with the details: the form starts with them, and the
    question is answered.

    Args:
        text: The message.

    Returns:
        (name, E.164 number), either None, or None when the message is not of that shape.
    """
    match = _LEAD.match(text)
    if match is None:
        return None
    # the question comes right after the details ("Duw, it was only a bag of spuds. Is it
    # really that urgent?" is an exclamation, a remark, then the question: no name)
    first = re.split(r"(?<=[.!?])\s", match.group(2), maxsplit=1)[0]
    if "?" not in first and not _ASKS_ABOUT.match(first):
        return None
    if text[match.end(1) :].lstrip().startswith("?"):
        return None  # "bit much? I rode home fine": a question back, not a name
    lead = match.group(1)
    if has_phone_digits(lead):
        phone = parse_phone(lead, get_service().settings.phone_default_region).e164
        return (None, phone) if phone else None
    name = contact_name(lead)
    if name is None or hints(lead) or has_non_name_word(name):
        return None  # "Today? I have meetings all day": a day, not a name
    if len(name.split()) < 2 and not name[:1].isupper():
        return None
    return (name, None)


#: A question about the call back ("when will they call me?"), not a request for one.
_ASKS_ABOUT = re.compile(
    r"^\W*(?:(?:and|also|oh|but|plus)\s+)?(when|will|would|what|how|who|why(?!\s+not\b)|has|have|did|is|are|do|"
    r"does)\b(?!\s+(you|u)\b)",
    re.I,
)
TAKE_NAME = "action_take_contact_name"


def call_back_step(tracker: Tracker) -> Optional[str]:
    """What a yes or a request to be called, read by the NLU as something else, starts.

    Args:
        tracker: The conversation.

    Returns:
        `callback_form` for a yes right after an offer (or a declined one), or a request to be
        called at any time; `action_take_contact_name` for a name after an earlier offer; None
        otherwise (and for anything with a "no" in it).
    """
    text = str(tracker.latest_message.get("text") or "")
    if _NO.search(text):
        return None
    if OFFERS & set(previous_turn_responses(tracker)):
        if asks_whether_they_call(text):
            return None  # answered, and the offer asked again: the yes is the patient's
        if _YES.search(text) or _requests_a_call(text) or details_before_a_question(text):
            return FORM_CALLBACK
        if name_and_number(text):
            # "kevin doyle 07700 900148, best after 7 or weekends": a yes with both details.
            return TAKE_NAME
        # "kerry ann mills" typed at once, in lower case: the answer to the next question.
        name = contact_name(text)
        if name and hints(text):
            return None  # "hot bath": a question's subject, not a name
        return TAKE_NAME if name and (len(name.split()) > 1 or name[:1].isupper()) else None
    if asks_whether_they_call(text) and _offered_in_session(tracker):
        return None  # "will the clinic ring me or not" later on: answered, the offer asked again
    name = contact_name(text)
    if name and name[:1].isupper() and _offered_in_session(tracker):
        # The offer, a question answered, then the name ("Tom Harrington-Blake"); a word in
        # lower case ("sound") that long after the offer is not taken for one.
        return TAKE_NAME
    return FORM_CALLBACK if asks_to_be_called(text) else None


def number_change(tracker: Tracker) -> List[EventType]:
    """A new number for a call back already arranged: saved on the case by the form again.

    "change my call back number to 07700 900789" after the call back was arranged took the form
    through again with the number it had, and the patient was told the old one was saved.

    Args:
        tracker: The conversation.

    Returns:
        The new number and the form, which checks it and (consent given) saves it on the case;
        no events when the message has no usable number or the same one, or nothing is arranged.
    """
    saved = tracker.get_slot(SLOT_CONTACT_PHONE)
    if not saved or tracker.active_loop:
        return []
    new = _usable_number(tracker)
    if not new or new == saved:
        return []
    return [SlotSet(SLOT_CONTACT_PHONE, new), FollowupAction(FORM_CALLBACK)]


#: After-advice questions that read like asking for a person ("my son can drive me") but are
#: about getting to help.
ABOUT_GETTING_THERE = frozenset(
    {"driven", "drive", "waiting", "what_to_say", "cost", "call_for_me", "ambulance"}
)


def number_with_a_report(tracker: Tracker) -> List[EventType]:
    """A number given with a red flag where the call-back form asks for it, kept.

    The form leaves a red-flag report to the advice (the slot mapping does not read it), then
    asks for the number again: "07700 900123, and my legs have gone numb" lost the number.

    Args:
        tracker: The conversation.

    Returns:
        The number (E.164) for the form to keep and confirm; no events when the form is not
        asking for the number or the message holds no usable one.
    """
    if (tracker.active_loop or {}).get("name") != FORM_CALLBACK:
        return []
    if tracker.get_slot("requested_slot") != SLOT_CONTACT_PHONE:
        return []
    number = _usable_number(tracker)
    return [SlotSet(SLOT_CONTACT_PHONE, number)] if number else []


def _usable_number(tracker: Tracker) -> Optional[str]:
    """The phone number (E.164) in the latest message, if it holds one usable number."""
    text = str(tracker.latest_message.get("text") or "")
    if not has_phone_digits(text):
        return None
    return parse_phone(text, get_service().settings.phone_default_region).e164


def asks_to_be_called(text: str) -> bool:
    """Whether a message asks to be called ("I would like a doctor to ring me please").

    Such a request is its own yes: asking "Would you like a doctor to call you back?" after it
    makes the patient say it twice. A question about the call ("will the doctor call me
    today?"), a "no" in it, or a request for a person without a call ("can I book an
    appointment?") is not one; those get the offer.

    Args:
        text: The message.

    Returns:
        True for a request to be called.
    """
    if not _requests_a_call(text) or _NO.search(text):
        return False
    # "will your doctor ring her? she'd prefer that honestly. yes please": a question about the
    # call with its own yes (live test, round 41)
    return not _ASKS_ABOUT.search(text) or bool(_YES_PLEASE.search(text))


#: An explicit yes in a message that also asks about the call.
_YES_PLEASE = re.compile(
    r"\b(yes|yeah|yep|yup|yess)\W{0,3}(please|pls|plz|thanks|ta)\b|\bplease do\b|"
    r"\bplease arrange\b|\b(i'?d|i would|she'?d|he'?d) (like|love|prefer) (that|one|a call)\b",
    re.IGNORECASE,
)


def answer_clinic_question(tracker: Tracker, dispatcher: CollectingDispatcher) -> List[EventType]:
    """Answers a question about reaching the clinic: how to, or the call-back offer.

    "what time do you open?" asks about the clinic, not for a call: how to reach it (the bot
    does not know the hours). Asked again after the offer ("NO. opening hours?"), the offer
    again would be a loop.

    Args:
        tracker: The conversation.
        dispatcher: The action's dispatcher.

    Returns:
        No events after the contact reply; the offer as the follow-up action otherwise.
    """
    text = str(tracker.latest_message.get("text") or "")
    if asks_about_the_clinic(text) or OFFERS & set(previous_turn_responses(tracker)):
        dispatcher.utter_message(response=RESPONSE_CLINIC_CONTACT)
        return []
    return [FollowupAction(RESPONSE_OFFER_CALLBACK)]


def _offered_in_session(tracker: Tracker) -> bool:
    for event in reversed(tracker.events):
        if event.get("event") == "session_started":
            return False
        if event.get("event") == "action" and event.get("name") in OFFERS:
            return True
    return False


class ActionOfferCallback(Action):
    """Answers a request for a doctor or a person: the call-back form, or (by the rule) the offer.

    Nothing was offered yet: a request to be called starts the form; anything else returns no
    event, and the rule sends `utter_offer_callback` with the booking number. After emergency
    advice it returns no event either: the rule then sends
    `utter_offer_callback_after_emergency`, the call back as well as the emergency call, never
    instead of it; a request that the clinic call the ambulance gets the answer that nobody here
    can, with the emergency number again.
    """

    def name(self) -> str:
        """Returns the action's name."""
        return "action_offer_callback"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[str, Any],
    ) -> List[EventType]:
        """Runs the action (see `rasa_sdk.Action.run`).

        After urgent advice the call back is offered as well as being seen today, never
        instead of it: the advice comes first ("can your clinic ring her instead?").
        """
        if await note_time_wish(dispatcher, tracker) is not None:
            # "can the doctor ring me in the morning?" once the call back is stored: the time
            # goes with the case, not the offer's "already on your case" again
            return [FollowupAction(ACTION_LISTEN)]
        escalation = recent_escalation(tracker)
        text = str(tracker.latest_message.get("text") or "")
        if declines_call_back(text) and not asks_to_be_called(text):
            # "no i dont want a call back, my phone doesnt work abroad anyway": declined, not the
            # offer again; after emergency advice, with the advice's "call now".
            emergency = escalation is not None and escalation.urgency == EMERGENCY
            if asks_to_book_here(text):
                # "id rather just book an appointment myself. can i do it on here?"
                dispatcher.utter_message(response=RESPONSE_CALLBACK_BOOKING_NOT_HERE)
            dispatcher.utter_message(
                response=RESPONSE_CALLBACK_DECLINED_AFTER_EMERGENCY
                if emergency
                else RESPONSE_CALLBACK_DECLINED
            )
            return [FollowupAction(ACTION_LISTEN)]
        if escalation is not None and asks_to_call_help_for_them(text):
            # "can the clinic call an ambulance for me?": nobody here can; no offer after it
            reply_after_escalation(dispatcher, tracker, escalation, text)
            return [FollowupAction(ACTION_LISTEN)]
        if escalation is not None and escalation.urgency == EMERGENCY:
            if _offered_in_session(tracker) and asks_to_be_called(text):
                # "yes to a call back later" a few messages after the offer: the yes, not the
                # offer again; told first that it comes as well as the emergency call.
                dispatcher.utter_message(response=call_back_after_emergency_response(tracker, text))
                return [FollowupAction(FORM_CALLBACK)]
            return []  # the rule offers the call back as well as the emergency call, never instead
        if escalation is not None and escalation.urgency == URGENT:
            # the call back as well as being seen today, said once and briefly (the whole
            # advice again read as the bot repeating itself)
            remind_call_back_is_not_a_visit(dispatcher, tracker)
        if complains_of_waiting(text):
            # sorry, then the rule's offer: the patient says whether to try again
            dispatcher.utter_message(response="utter_callback_complaint")
            return []
        return [FollowupAction(FORM_CALLBACK)] if asks_to_be_called(text) else []


class ActionAnswerCallbackRequest(Action):
    """Answers a request for a doctor or a person right after the offer (or its decline).

    It is a yes: no event, and the rule starts the form; after emergency advice the patient is
    first told that the call back comes as well as the emergency call, never instead of it. With
    a "no" in it, it is not: the call back is declined, or after emergency advice the fallback
    says why the advice matters.
    """

    def name(self) -> str:
        """Returns the action's name."""
        return "action_answer_callback_request"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[str, Any],
    ) -> List[EventType]:
        """Runs the action (see `rasa_sdk.Action.run`)."""
        text = str(tracker.latest_message.get("text") or "")
        offered = set(previous_turn_responses(tracker))
        after_emergency = RESPONSE_OFFER_CALLBACK_AFTER_EMERGENCY in offered
        if (
            recent_escalation(tracker) is not None
            and not asks_to_be_called(text)
            and set(question_kinds(text)) & ABOUT_GETTING_THERE
        ):
            # "my son can drive me, he's here" right after the advice and its offer: how to get
            # there, not a call back. The fallback answers it from the advice.
            return [FollowupAction(ACTION_DEFAULT_FALLBACK)]
        if not _NO.search(text) or (_YES_CALL.search(text) and not declines_call_back(text)):
            # A yes to the offer ("I dont have doctor here. Yes please call me": the "no" is
            # about something else): the rule starts the form ("can someone just call me back
            # instead?" after emergency advice is not a reason to skip the emergency call).
            if after_emergency:
                dispatcher.utter_message(response=call_back_after_emergency_response(tracker, text))
            else:
                # "can someone phone me instead of me going anywhere" after same-day advice
                remind_call_back_is_not_a_visit(dispatcher, tracker)
            return []
        escalation = recent_escalation(tracker)
        if after_emergency and escalation is not None and asks_if_no_call(text):
            # "So no callback then? We wait for the doctor to call?": a question, not a no; the
            # answer is not to wait for any call but to call the emergency number now.
            reply_after_escalation(dispatcher, tracker, escalation, text)
            return [FollowupAction(ACTION_LISTEN)]
        if after_emergency and escalation is not None and declines_call_back(text):
            # "no callback. my flatmate has called 999": the call back declined, not the advice;
            # what they say of the emergency call is answered from the advice.
            if set(question_kinds(text)) - {"callback", "ok"}:
                reply_after_escalation(dispatcher, tracker, escalation, text)
            else:
                dispatcher.utter_message(response=RESPONSE_CALLBACK_DECLINED_AFTER_EMERGENCY)
            return [FollowupAction(ACTION_LISTEN)]
        # "I'm not going to a doctor": not a yes. After emergency advice it is a refusal, which
        # the fallback answers with why the advice matters.
        if not after_emergency and asks_to_book_here(text):
            # "nah id rather just book an appointment myself. can i do it on here?"
            dispatcher.utter_message(response=RESPONSE_CALLBACK_BOOKING_NOT_HERE)
        return [
            FollowupAction(
                ACTION_DEFAULT_FALLBACK if after_emergency else RESPONSE_CALLBACK_DECLINED
            )
        ]


class ActionTakeContactName(Action):
    """Takes a name typed right after the call-back offer as a yes, and starts the form.

    A name and a phone number typed when nothing asked for them ("Tom Reyes 07700 900123")
    are a request for a call back too: the form starts with both, and asks the consent.
    """

    def name(self) -> str:
        """Returns the action's name."""
        return "action_take_contact_name"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[str, Any],
    ) -> List[EventType]:
        """Runs the action (see `rasa_sdk.Action.run`)."""
        text = str(tracker.latest_message.get("text") or "")
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        both = name_and_number(text)
        if both:
            return [
                SlotSet(SLOT_CONTACT_NAME, both[0]),
                SlotSet(SLOT_CONTACT_PHONE, both[1]),
                FollowupAction(FORM_CALLBACK),
            ]
        if not _offered_in_session(tracker):
            # A name alone, when nothing asked for it, may be anything ("Sciatica").
            return [FollowupAction(ACTION_DEFAULT_FALLBACK)]
        name = contact_name(text)
        if name:
            return [SlotSet(SLOT_CONTACT_NAME, name), FollowupAction(FORM_CALLBACK)]
        if intent == "inform_contact" and has_contact_details(text):
            # Contact details of another shape ("dan, and it's 07700 ..."): still a yes; the form
            # asks for each detail in turn.
            return [FollowupAction(FORM_CALLBACK)]
        return [FollowupAction(ACTION_DEFAULT_FALLBACK)]
