"""The call-back form's validation: `validate_callback_form`.

Name, phone number (international formats, normalised to E.164), explicit consent; "no"/"stop"
at any question ends the form; details given with the yes that starts it are kept; a question
typed with the number is answered. What is done with the consented details is in
`actions.callback_submit`.

Every sentence is a response of `domain/escalation.yml`, sent by name with its variables.
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any, Dict, List, Optional, Set

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.advice_questions import ADVICE_KINDS, question_kind
from actions.after_escalation import (
    call_back_after_emergency_response,
    escalation_for,
    recent_escalation,
    reply_after_escalation,
)
from actions.callback_offer import details_before_a_question
from actions.callback_questions import (
    answer_in_form,
    answer_with_the_yes,
    form_question_response,
)
from actions.callback_time import TIME_WISH, asks_when_called, without_time_wish
from actions.conversation import messages_in_form, responses_this_turn
from actions.small_talk import acknowledgement
from clinic.contract import (
    EMERGENCY,
    INTENT_REPORT_RED_FLAG,
    RESPONSE_CALLBACK_NOT_INSTEAD_OF_EMERGENCY,
    RESPONSE_EMERGENCY_HELP_CALLED,
    SLOT_CLINIC_PHONE,
    SLOT_CONTACT_CONSENT,
    SLOT_CONTACT_NAME,
    SLOT_CONTACT_PHONE,
)
from escalation.contact import (
    ContactDetails,
    clean_name,
    details_in_request,
    has_non_name_word,
    name_after_question,
    name_before_number,
    name_in_sentence,
)
from escalation.phones import (
    chosen_number,
    display_phone,
    has_phone_digits,
    parse_phone,
    phone_example,
    spells_a_number,
)
from escalation.replies import (
    asks_something,
    consent_value,
    said_after_stop,
    wants_to_stop,
)
from escalation.service import get_service

logger = logging.getLogger(__name__)


_STOP_FORM: Dict[str, Any] = {
    SLOT_CONTACT_NAME: None,
    SLOT_CONTACT_PHONE: None,
    SLOT_CONTACT_CONSENT: False,
    "requested_slot": None,
}

#: `escalation.phones.PhoneCheck.problem` -> the response that explains it.
_PHONE_PROBLEMS = {
    "needs_country_code": "utter_escalation_phone_needs_country_code",
    "too_short": "utter_escalation_phone_too_short",
    "premium_rate": "utter_escalation_phone_premium_rate",
    "several": "utter_escalation_phone_which",
}


#: The patient says the name kept is wrong ("My name isn't Actually!", "ask for Joy, not Edna").
NAME_CORRECTION = re.compile(
    r"\bmy name (isn'?t|is not|'?s not)\b|\bwrong name\b|\bname (is|was|'?s) wrong\b"
    r"|\b(change|correct|update|fix) (the |my |that )?name\b|\bwhy (did|do) you call me\b"
    r"|\bask for [A-Za-z][\w'-]*,? not\b|\bnot [A-Z][\w'-]*[,!.]+ (it'?s|my name is|i'?m)\b",
    re.I,
)
#: An extension after the number ("01632 960123 ext 24", "x204").
EXTENSION = re.compile(r"\b(ext\.?|extension|x)\s*\d{1,5}\b", re.I)


#: An initial alone ("J", "j.", "JK").
_INITIAL = re.compile(r"^\W*[^\W\d_]{1,2}\W*$")


def _clinic_number(tracker: Tracker, region: str) -> Optional[str]:
    """The clinic's own phone number (slot `clinic_phone`, from CLINIC_PHONE) in E.164."""
    configured = tracker.get_slot(SLOT_CLINIC_PHONE)
    return parse_phone(str(configured), region).e164 if configured else None


#: A message of digits and phone punctuation only ("12345", "+44 77"): a number, however short.
_ONLY_NUMBER = re.compile(r"^\s*\+?[\d\s().\-/]*\d[\d\s().\-/]*$")
#: A digit: what follows a message's last one is asked after the number.
_DIGIT = re.compile(r"\d")


def _after_number(text: str) -> str:
    """What follows a message's last digit ("07700 900649. heat or ice?" gives ". heat or ice?")."""
    return _DIGIT.split(text)[-1]


def _after_first_sentence(text: str) -> str:
    """What follows a reply's first sentence ("Yes that's fine. Should I bring ..."), or ""."""
    parts = re.split(r"(?<=[.!?])\s+", text.strip(), maxsplit=1)
    return parts[1] if len(parts) == 2 else ""


def _stop_form(dispatcher: CollectingDispatcher, tracker: Tracker, reply: Any) -> Dict[str, Any]:
    """Ends the form, answering a question after the stop ("never mind. is heat ok?")."""
    if isinstance(reply, str):
        answer_in_form(dispatcher, tracker, said_after_stop(reply), **_number())
    return dict(_STOP_FORM)


#: Replies at the name question with no name in them, after which the form stops asking.
MAX_REPLIES_WITHOUT_A_NAME = 2


def _number() -> Dict[str, str]:
    """The emergency number, for a template sent from the form's validation."""
    return {"emergency_number": get_service().settings.emergency_number}


class ValidateCallbackForm(FormValidationAction):
    """Validates the callback form's name, phone number and consent."""

    def name(self) -> str:
        """Returns the action's name."""
        return "validate_callback_form"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[EventType]:
        """Validates the slots; when the form starts, forgets details of an earlier run.

        Rasa validates the slots already filled when a form starts. A name, number or "no"
        left from a form stopped (or completed) earlier would skip its question, and a consent
        "no" would end the new form at once: they are asked again. A name given in this very
        turn (`action_take_contact_name`) is kept, and so are a name and number typed with the
        yes that starts the form. After emergency advice, the start says once more that the
        call back does not replace the emergency call.
        """
        if (tracker.active_loop or {}).get("name") != self.form_name():
            fresh = _set_since_latest_message(tracker, self.form_name())
            stale = [
                slot
                for slot in (SLOT_CONTACT_NAME, SLOT_CONTACT_PHONE, SLOT_CONTACT_CONSENT)
                if tracker.get_slot(slot) is not None and slot not in fresh
            ]
            _remind_of_the_emergency_call(dispatcher, tracker)
            asked = answer_with_the_yes(dispatcher, tracker)
            given = [] if SLOT_CONTACT_NAME in fresh else _details_given(dispatcher, tracker)
            if stale or given:
                return [SlotSet(slot, None) for slot in stale] + given + asked
            return [*asked, *await super().run(dispatcher, tracker, domain)]
        elif tracker.get_slot("requested_slot") is None and not tracker.get_slot(SLOT_CONTACT_NAME):
            # Started by another action ("my neighbour can take me. yes call me back after,
            # Jade, 07700 900661" answered first), Rasa validates with the loop already active:
            # the details given with the request are still kept, not asked for again.
            given = _details_given(dispatcher, tracker)
            if given:
                return given
        if not tracker.slots_to_validate():
            handed = _handed_over(tracker, self.form_name())
            if handed:
                # Rasa validates only what it extracts after the patient's message. When the
                # form resumes after an action that took the reply as its answer ("Never mind.
                # Is a hot water bottle ok all night?" as a stop, "01632 960118 will that do?"
                # as the number), nothing would check it: it is checked here, as if extracted.
                checked = copy.deepcopy(tracker)
                checked.events.extend(
                    {"event": "slot", "name": slot, "value": value}
                    for slot, value in handed.items()
                )
                return await super().run(dispatcher, checked, domain)
        return await super().run(dispatcher, tracker, domain)

    async def extract_contact_phone(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        """Takes a number typed in the yes that starts the form, or at the consent question.

        "yes to the call back btw, name's Jordan, 07700900654" gives the number with the yes
        (live test, stop 46: it was asked for again); "sorry, it's 07700 ..." at the consent
        question is a new one.
        """
        requested = tracker.get_slot("requested_slot")
        starting = requested is None and tracker.get_slot(SLOT_CONTACT_PHONE) is None
        if (requested != SLOT_CONTACT_CONSENT and not starting) or _reports_a_sign(tracker):
            return {}
        text = str((tracker.latest_message or {}).get("text") or "")
        if not has_phone_digits(text):
            return {}
        return {SLOT_CONTACT_PHONE: text}

    async def extract_contact_name(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        """Takes a name typed after a yes ("sure. Lucía"), which Rasa's mapping skips as affirm.

        At the later questions, a corrected name ("My name isn't Actually! It's Priya Shah")
        replaces the one kept, and the patient is told.
        """
        requested = tracker.get_slot("requested_slot")
        text = str((tracker.latest_message or {}).get("text") or "")
        if requested in (SLOT_CONTACT_PHONE, SLOT_CONTACT_CONSENT) and NAME_CORRECTION.search(text):
            corrected = name_in_sentence(text)
            if (
                corrected
                and not has_non_name_word(corrected)
                and corrected != tracker.get_slot(SLOT_CONTACT_NAME)
            ):
                dispatcher.utter_message(response="utter_escalation_name_changed", name=corrected)
                return {SLOT_CONTACT_NAME: corrected}
        if requested is None and tracker.get_slot(SLOT_CONTACT_NAME) is None:
            # "yes to call back later pls. Name: Sr Amara Okafor": the yes that starts the form
            # names the person too (live test, round 37).
            given = NAME_GIVEN.search(text)
            name = clean_name(given.group(1)) if given else None
            return {SLOT_CONTACT_NAME: name} if name else {}
        if requested != SLOT_CONTACT_NAME:
            return {}
        if _intent(tracker) != "affirm" or tracker.get_slot(SLOT_CONTACT_NAME) is not None:
            return {}
        name = clean_name(str((tracker.latest_message or {}).get("text") or ""))
        return {SLOT_CONTACT_NAME: name} if name else {}

    async def extract_contact_consent(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        """Reads a yes the NLU did not take for one ("ye", "yes, thank you") at the question."""
        if tracker.get_slot("requested_slot") != SLOT_CONTACT_CONSENT or _reports_a_sign(tracker):
            return {}
        if tracker.get_slot(SLOT_CONTACT_CONSENT) is not None:
            return {}  # Rasa mapped the answer (affirm / deny)
        text = str((tracker.latest_message or {}).get("text") or "")
        consent = consent_value(text)
        parting = _intent(tracker) in _PARTING_INTENTS or acknowledgement(text) in _PARTING
        if consent is None and parting:
            # "thank you, have a nice day": nothing is booked without the yes, so the patient
            # is told before the question comes again.
            dispatcher.utter_message(response="utter_escalation_consent_after_thanks")
        elif consent is None and _intent(tracker) in _UNPLACED_INTENTS:
            # "why do you need that?", which the NLU placed nowhere, reaches the form itself:
            # answered here, and the question asked again (no answer to validate).
            about_the_consent = form_question_response(SLOT_CONTACT_CONSENT, text)
            # "k": what it needs said, a yes or a no, before the question comes again
            dispatcher.utter_message(
                response=about_the_consent or "utter_escalation_consent_unclear"
            )
        return {} if consent is None else {SLOT_CONTACT_CONSENT: consent}

    @staticmethod
    def _stops(value: Any, tracker: Tracker) -> bool:
        return wants_to_stop(value, _intent(tracker))

    def validate_contact_name(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[str, Any]:
        """Accepts a sane name; "no"/"stop" ends the form."""
        if self._stops(slot_value, tracker):
            return _stop_form(dispatcher, tracker, slot_value)
        text = str(slot_value)
        name = clean_name(slot_value) or name_in_sentence(text)
        if has_phone_digits(text):
            # "priya shah 07911 123456", "Dev Sharma 07123 456789": both kept. The number
            # alone: kept, and the form asks for the name again.
            region = get_service().settings.phone_default_region
            phone = parse_phone(text, region).e164
            if phone:
                dispatcher.utter_message(
                    response="utter_escalation_phone_noted", phone=display_phone(phone)
                )
                # "Callum Reid, 07700 900649. what do i do tonight, heat or ice": the question
                # after the number is answered too.
                answer_in_form(dispatcher, tracker, _after_number(text), **_number())
                return {
                    SLOT_CONTACT_NAME: name or name_before_number(text),
                    SLOT_CONTACT_PHONE: phone,
                }
        if name is None:
            about_the_name = form_question_response(SLOT_CONTACT_NAME, text)
            if about_the_name is not None:
                # "why do you need my name?" after same-day advice: why, not the advice again.
                dispatcher.utter_message(response=about_the_name)
                # "why do you need my name?? anyway its sam": the name after the question
                return {SLOT_CONTACT_NAME: name_after_question(text)}
            # "it's getting worse" right after the emergency advice is not a bad name: the
            # advice comes again (the form then asks for the name again). After other advice,
            # so is a question about it ("ok thanks what number do i ring").
            escalation = escalation_for(tracker, text)
            kind = question_kind(text)
            # "how long is the call back going to take?" asked for a name after soon advice:
            # about this call back (answered below), not "just say 'call me back'"
            about_this_call = kind == "callback" and asks_when_called(text)
            if _INITIAL.match(text):
                # "J" (live test 50): an initial is too little for the doctor to ask for, and
                # the patient is told so, not given the emergency advice again
                dispatcher.utter_message(response="utter_escalation_name_initial")
            elif (
                escalation is not None
                and not about_this_call
                and (escalation.urgency == EMERGENCY or kind in ADVICE_KINDS or kind == "advice")
            ):
                reply_after_escalation(dispatcher, tracker, escalation, text)
                if kind == "ok" and _GOING.search(text):
                    return dict(_STOP_FORM)  # "ok i call. thank you": off to get help
            elif consent_value(text) is True:
                pass  # "yeh go on then": agreed, the form asks for the name again
            elif not answer_in_form(dispatcher, tracker, text, **_number()):
                # Questions asked in the form ("Why do you require my telephone number?") and a
                # number given first ("It is oh one two three four...") are not moving on.
                # "how long will it take for them to call" asks, question mark or not (live
                # test, round 45: then "my back still hurts" ended the form).
                replies = [m for m in messages_in_form(tracker) if not asks_something(m)]
                if (
                    len(replies) >= MAX_REPLIES_WITHOUT_A_NAME
                    and not spells_a_number(text)
                    and not has_phone_digits(text)
                ):
                    # "been 2 days, its not worse, just annoying" after a question answered in
                    # the form: the patient has moved on; the form lets them go, with the way
                    # back, instead of "I couldn't read that as a name" again and again.
                    return dict(_STOP_FORM)
                dispatcher.utter_message(response="utter_escalation_invalid_name")
            return {SLOT_CONTACT_NAME: None}
        # "its Jade. will whoever rings know about pregnancy stuff?": the name is taken and the
        # question answered before the form asks for the number.
        # Only what follows the name can ask something ("name Yusuf Haddad. number you need
        # also?" asks nothing about the name).
        at = text.lower().find(name.lower())
        answer_in_form(
            dispatcher, tracker, text[at + len(name) :] if at >= 0 else text, **_number()
        )
        return {SLOT_CONTACT_NAME: name}

    def validate_contact_phone(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[str, Any]:
        """Accepts a valid phone number, normalised to E.164; "no"/"stop" ends the form."""
        if self._stops(slot_value, tracker):
            return _stop_form(dispatcher, tracker, slot_value)
        region = get_service().settings.phone_default_region
        check = parse_phone(slot_value, region)
        correcting = tracker.get_slot("requested_slot") == SLOT_CONTACT_CONSENT
        if check.e164 is None and _calls_a_service(str(slot_value), tracker):
            # "thanks, I call 111 now": the patient is off to the service, not giving a number.
            escalation = escalation_for(tracker, str(slot_value))
            if escalation is not None:
                reply_after_escalation(dispatcher, tracker, escalation, str(slot_value))
            return dict(_STOP_FORM)
        if check.e164 is None:
            picked = chosen_number(str(slot_value), _earlier_message(tracker), region)
            if picked:
                # "the mobile" after "my mobile ... or mum's landline ..." and "which one?"
                check = parse_phone(picked, region)
        if check.e164 is None:
            text = str(slot_value)
            # "12345": too short for a number, but meant as one (no words at all); a number in
            # words is asked for in digits.
            number_like = (
                has_phone_digits(text) or bool(_ONLY_NUMBER.match(text)) or spells_a_number(text)
            )
            escalation = None if number_like else escalation_for(tracker, text)
            if escalation is not None and escalation.urgency == EMERGENCY:
                # "will u let the clinic know anyway" after the emergency advice: answered from
                # the advice, not "that doesn't look like a phone number".
                reply_after_escalation(dispatcher, tracker, escalation, text)
            elif number_like or not answer_in_form(dispatcher, tracker, text, **_number()):
                response = _PHONE_PROBLEMS.get(check.problem, "utter_escalation_invalid_phone")
                # "Please include your country code, starting with +": an example that has one
                example = phone_example(region, international=check.problem == "needs_country_code")
                dispatcher.utter_message(response=response, phone_example=example)
            if correcting:  # the number asked about stays until a usable one replaces it
                return {SLOT_CONTACT_PHONE: _slot_before(tracker, SLOT_CONTACT_PHONE)}
            return {SLOT_CONTACT_PHONE: None}
        if check.e164 == _clinic_number(tracker, region):
            # The number the bot gave for booking, typed back: the doctor could not reach the
            # patient on it.
            dispatcher.utter_message(response="utter_escalation_phone_is_the_clinics")
            if correcting:
                return {SLOT_CONTACT_PHONE: _slot_before(tracker, SLOT_CONTACT_PHONE)}
            return {SLOT_CONTACT_PHONE: None}
        if correcting:
            dispatcher.utter_message(
                response="utter_escalation_phone_changed", phone=display_phone(check.e164)
            )
        elif not has_phone_digits(str(slot_value)):
            # "oh seven seven double oh nine ...": read back in digits, for the patient to check
            dispatcher.utter_message(
                response="utter_escalation_phone_noted", phone=display_phone(check.e164)
            )
        else:
            # "07700 988512. will it be a doctor?": the number is kept and the question answered.
            answer_in_form(dispatcher, tracker, without_time_wish(str(slot_value)), **_number())
        if TIME_WISH.search(str(slot_value)):
            # "0141 496 0018 but not during school hours pls": said back, so the patient knows
            # it goes with the case (the message is in its transcript).
            dispatcher.utter_message(response="utter_escalation_time_noted")
        if EXTENSION.search(str(slot_value)):
            # "the home landline 01632 960123 ext 24": the number keeps its digits only; the
            # extension goes with the case's transcript, and the patient is told so.
            dispatcher.utter_message(response="utter_escalation_extension_noted")
        return {SLOT_CONTACT_PHONE: check.e164}

    def validate_contact_consent(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[str, Any]:
        """Accepts only an explicit yes; a no ends the form and forgets the details."""
        consent = consent_value(slot_value)
        text = str((tracker.latest_message or {}).get("text") or "")
        about_the_consent = form_question_response(SLOT_CONTACT_CONSENT, text)
        if about_the_consent is not None:
            # "what happens if I say no?" is no "no": answered, and the question asked again.
            dispatcher.utter_message(response=about_the_consent)
            return {SLOT_CONTACT_CONSENT: None}
        if consent is not True and wants_to_stop(text, _intent(tracker)):
            # "actually no dont worry, ill try the heat first. how long do i leave it on?": a
            # no, and the question after it answered once the form has ended.
            return _stop_form(dispatcher, tracker, text)
        if consent is True and consent_value(text) is None and _GOING.search(text):
            # "ok fine i'll call 999", read as a yes: it agrees to the advice, not to passing on
            # the name and number.
            dispatcher.utter_message(response="utter_escalation_consent_unclear")
            return {SLOT_CONTACT_CONSENT: None}
        if consent is True:
            # "Yes that's fine. Should I bring my tablets with me?": the question after the yes
            # is answered too (live test, round 37).
            answer_in_form(dispatcher, tracker, _after_first_sentence(text), **_number())
            return {SLOT_CONTACT_CONSENT: True}
        if consent is False:
            return dict(_STOP_FORM)
        dispatcher.utter_message(response="utter_escalation_consent_unclear")
        return {SLOT_CONTACT_CONSENT: None}


#: A name said outright in a longer message: "Name: Sr Amara Okafor", "my name is Jo Bell".
#: ("Name: Dr. Alan Whitfield": a title's full stop is not the name's end; live test, stop 48)
NAME_GIVEN = re.compile(
    r"\b(?:my )?name(?:'s| is|:)\s*((?:(?:dr|mr|mrs|ms|mx|miss|prof|sr|rev|fr)\.?\s+)?"
    r"[^.,;!?\d(]+?)(?=\s+(?:and|but|my|&)\b|\s*[.,;!?\d(]|$)",
    re.I,
)
#: Off to get help: "ok i call", "i'll ring 999", "we're going now".
_GOING = re.compile(
    r"\b(i'?ll|i will|i'?m|im|i am|we'?ll|we will|we'?re|we are|i|we)\s+"
    r"(going\s+to\s+|gonna\s+|now\s+)?(call\w*|ring\w*|phon\w*|dial\w*|go|going|head\w*)\b",
    re.I,
)
_CALLING = re.compile(r"\b(call\w*|ring\w*|phon\w*|dial\w*|rang)\b", re.I)


def _calls_a_service(text: str, tracker: Tracker) -> bool:
    """Whether the only number in a message is the emergency or the non-emergency line."""
    services = {get_service().settings.emergency_number, tracker.get_slot("non_emergency_service")}
    numbers = re.findall(r"\d+", text)
    return bool(numbers) and set(numbers) <= services and bool(_CALLING.search(text))


#: A thanks or a goodbye where the form waits for the consent: by intent, or by the words
#: small talk reads ("ok goodnight", which the NLU may not be sure of).
_PARTING_INTENTS = frozenset({"thank", "goodbye", "other_language_thanks"})
_PARTING = frozenset({"utter_thank", "utter_goodbye"})


#: Intents the rules send to the form itself as the answer to its question.
_UNPLACED_INTENTS = frozenset({"nlu_fallback", "out_of_scope"})


def _intent(tracker: Tracker) -> Optional[str]:
    """The intent the pipeline settled on (`intent_ranking` may hold other candidates)."""
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


def _reports_a_sign(tracker: Tracker) -> bool:
    """Whether the latest message reports a red flag.

    "yes that's fine. oh, she's wet herself twice today and didn't feel it": nothing is taken
    from it for the form. The form then rejects the message, the red-flag rule gives the
    advice and escalates, and the form asks its question again (as Rasa's own mappings do,
    `not_intent: report_red_flag`).
    """
    return _intent(tracker) == INTENT_REPORT_RED_FLAG


def _remind_of_the_emergency_call(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """After emergency advice, a call back comes as well as the emergency call, never instead.

    "my mum can take me. can the clinic ring me after to check?" starts the form: the patient
    hears again that the emergency call comes first (once, if the offer's answer said it).
    """
    escalation = recent_escalation(tracker)
    if escalation is None or escalation.urgency != EMERGENCY:
        return
    said = set(responses_this_turn(tracker))
    if {RESPONSE_CALLBACK_NOT_INSTEAD_OF_EMERGENCY, RESPONSE_EMERGENCY_HELP_CALLED} & said:
        return
    text = str(tracker.latest_message.get("text") or "")
    dispatcher.utter_message(
        response=call_back_after_emergency_response(tracker, text), **_number()
    )


#: Patient messages read for a name and number when the form starts: the yes and the two
#: before it.
DETAILS_LOOKBACK_MESSAGES = 3


def _details_given(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """The name and number given with the yes that starts the form, thanked for and kept.

    "yes please get a doctor to call me. Name is Margaret Hale, number 0161 496 0732": the
    form then asks only for what is missing (here, consent). Details given a message or two
    before the yes ("Hi, this is Jo Bell, 07700 900123, my back ...", then the offer, then
    "yes") count too, and so does a name given before a number that comes with the yes.
    """
    region = get_service().settings.phone_default_region
    texts = [
        str(event.get("text") or "")
        for event in reversed(tracker.events)
        if event.get("event") == "user"
    ][:DETAILS_LOOKBACK_MESSAGES]
    details = details_in_request(texts[0] if texts else "", region)
    lead = details_before_a_question(texts[0]) if texts else None
    asked = False
    if lead is not None and not (details.name or details.phone):
        # "emeka obi. will it be a doctor calling?": the details, then a question (answered).
        details, asked = ContactDetails(*lead), True
    for text in texts[1:]:
        if details.name and details.phone:
            break
        # "ok can you book me. my name Paweł Nowak", the offer, then the number alone: the
        # number from the yes, the name from before it.
        earlier = details_in_request(text, region, alone_sentences=False)
        details = ContactDetails(details.name or earlier.name, details.phone or earlier.phone)
    if details.name and details.phone:
        dispatcher.utter_message(
            response="utter_escalation_details_noted",
            name=details.name,
            phone=display_phone(details.phone),
        )
    elif details.name:
        dispatcher.utter_message(response="utter_escalation_name_noted", name=details.name)
    elif details.phone:
        dispatcher.utter_message(
            response="utter_escalation_phone_noted", phone=display_phone(details.phone)
        )
    if asked and not responses_this_turn(tracker):  # not answered already this turn
        answer_in_form(dispatcher, tracker, texts[0], **_number())
    elif details.phone and has_phone_digits(texts[0]) and not responses_this_turn(tracker):
        # "Callum Reid, 07700 900649. what do i do tonight, heat or ice": asked after the number
        answer_in_form(dispatcher, tracker, _after_number(texts[0]), **_number())
    events: List[EventType] = []
    if details.name:
        events.append(SlotSet(SLOT_CONTACT_NAME, details.name))
    if details.phone:
        events.append(SlotSet(SLOT_CONTACT_PHONE, details.phone))
    return events


def _set_since_latest_message(tracker: Tracker, form: str) -> Set[str]:
    """Slots set in this turn before `form` ran (not the copies Rasa adds to validate them)."""
    names: Set[str] = set()
    reached_form = False
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            break
        if kind == "action" and event.get("name") == form:
            reached_form = True
        elif kind == "slot" and reached_form:
            names.add(event.get("name"))
    return names


#: Actions that belong to the form's own turn, not an interruption of it.
_FORM_TURN_ACTIONS = frozenset({"action_listen", "action_extract_slots"})


def _handed_over(tracker: Tracker, form: str) -> Dict[str, Any]:
    """The form's slots another action set in this turn, just before the form resumed."""
    slots: Dict[str, Any] = {}
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "action" and event.get("name") == form and not slots:
            continue  # the form's own run, which Rasa adds before validating
        if kind == "slot":
            if event.get("name") in (SLOT_CONTACT_NAME, SLOT_CONTACT_PHONE, SLOT_CONTACT_CONSENT):
                slots.setdefault(event["name"], event.get("value"))
            continue
        if kind == "action" and event.get("name") not in _FORM_TURN_ACTIONS | {form}:
            return slots
        return {}
    return {}


def _earlier_message(tracker: Tracker) -> str:
    """The patient's message before the latest one ("" if none)."""
    users = [e for e in tracker.events if e.get("event") == "user"]
    return str(users[-2].get("text") or "") if len(users) > 1 else ""


def _slot_before(tracker: Tracker, slot: str) -> Any:
    """The slot's value before the latest user message."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            seen_user = True
        elif seen_user and event.get("event") == "slot" and event.get("name") == slot:
            return event.get("value")
    return None
