"""What is done with the call-back form's consented details: `action_submit_callback`.

It stores the details on the case (or opens a `soon` case for a patient who asked for a
human) and enqueues a delivery of the update; a question asked with the last answer ("yes.
ice or heat?") is answered after it. Every sentence is a response of `domain/escalation.yml`.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.advice_questions import ADVICE_KINDS, question_kind
from actions.after_escalation import escalation_for, help_underway, reply_after_escalation
from actions.answers import answer_topic
from actions.callback_time import TIME_WISH, asks_when_called
from actions.conversation import messages_in_form, responses_this_turn, transcript
from actions.topic_hints import asks, clauses
from actions.topics import decide_topic, topic_ranking
from clinic.contract import (
    EMERGENCY,
    RESPONSE_CALLBACK_DETAILS,
    RESPONSE_NOTHING_KEPT,
    RESPONSE_NOTHING_KEPT_CASE,
    SLOT_CALLBACK_ARRANGED,
    SLOT_CASE_ID,
    SLOT_CONTACT_CONSENT,
    SLOT_CONTACT_NAME,
    SLOT_CONTACT_PHONE,
    SLOT_EMERGENCY_NUMBER,
)
from escalation.contact import clean_name
from escalation.phones import display_phone, parse_phone
from escalation.service import get_service

logger = logging.getLogger(__name__)

#: A form's last answer with this many words and a "?" may carry a question as well.
MIN_QUESTION_WORDS = 4
#: The question with the consent is about the call itself ("yes ok. when will they call?").
_ABOUT_THE_CALL = re.compile(r"\b(call|calls|calling|ring|rings|phone|phones|contact|hear)\b", re.I)
#: ... or asks when, with no other subject ("yes. will it be today? I'm at work till 5").
_WHEN_IT_IS = re.compile(
    r"\b(will|would|could|can) (it|that|they|you) be (today|tonight|tomorrow|soon|long|this "
    r"(morning|afternoon|evening))\b|\bhow long (will|would) (it|that|they) (be|take)\b",
    re.I,
)


class ActionSubmitCallback(Action):
    """Stores the consented contact details on the case and notifies the doctor of them."""

    def name(self) -> str:
        """Returns the action's name."""
        return "action_submit_callback"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[EventType]:
        """Runs the action (see `rasa_sdk.Action.run` and the module docstring)."""
        service = get_service()
        # the number of where the patient is: 112 once they said they are abroad
        number = str(tracker.get_slot(SLOT_EMERGENCY_NUMBER) or service.settings.emergency_number)
        case_id = tracker.get_slot(SLOT_CASE_ID)
        consent = tracker.get_slot(SLOT_CONTACT_CONSENT) is True
        name = clean_name(tracker.get_slot(SLOT_CONTACT_NAME))
        region = service.settings.phone_default_region
        phone = parse_phone(tracker.get_slot(SLOT_CONTACT_PHONE), region).e164
        if not (consent and name and phone):
            if isinstance(case_id, str) and case_id:
                dispatcher.utter_message(
                    response=RESPONSE_NOTHING_KEPT_CASE,
                    case_id=case_id,
                    emergency_number=number,
                )
            else:
                dispatcher.utter_message(response=RESPONSE_NOTHING_KEPT, emergency_number=number)
            return [
                SlotSet(SLOT_CONTACT_NAME, None),
                SlotSet(SLOT_CONTACT_PHONE, None),
                SlotSet(SLOT_CONTACT_CONSENT, None),
            ]
        try:
            record = await asyncio.to_thread(
                service.record_contact,
                conversation_id=tracker.sender_id,
                name=name,
                phone=phone,
                channel=tracker.get_latest_input_channel(),
                transcript=transcript(tracker, service.settings.escalation_transcript_messages),
                case_id=case_id if isinstance(case_id, str) else None,
            )
        except Exception as error:
            logger.error("Could not store callback details (%s).", type(error).__name__)
            dispatcher.utter_message(
                response="utter_escalation_callback_not_saved", emergency_number=number
            )
            return []
        if record.deliveries:
            service.deliver_in_background(record.case_id, record.deliveries)
        logger.info(
            "Callback details stored on case %s (revision %d).", record.case_id, record.revision
        )
        alert = "" if service.targets else "no_alert_"
        underway = record.urgency == EMERGENCY and help_underway(
            tracker, str(tracker.latest_message.get("text") or "")
        )
        # "yes. the ambulance is here now": not "call 999 now" with the confirmation
        dispatcher.utter_message(
            response=f"utter_escalation_callback_saved_{alert}{record.urgency}"
            + ("_underway" if underway else ""),
            name=name,
            phone=display_phone(phone),
            case_id=record.case_id,
            emergency_number=number,
        )
        if service.targets and _asked_for_a_time(tracker):
            dispatcher.utter_message(response="utter_escalation_callback_time_noted")
        return [
            SlotSet(SLOT_CASE_ID, record.case_id),
            SlotSet(SLOT_CALLBACK_ARRANGED, True),
            *_answer_question_too(dispatcher, tracker),
        ]


def _asked_for_a_time(tracker: Tracker) -> bool:
    """Whether the patient said, while the form ran, when they would like to be called.

    What they wrote goes to the doctor with the case's transcript; the confirmation says so,
    so that "after 5 is best pls" is not met with silence.
    """
    return any(TIME_WISH.search(text) for text in messages_in_form(tracker))


#: Responses that answer a question: sent this turn, the question asked with the yes is answered.
_ANSWERS = ("utter_faq", "utter_escalation_after_", "utter_callback_", "utter_caution_")


def _answer_question_too(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """Answers a question asked with the last answer ("yes ok. ice or heat?").

    A question about the call itself ("when will they call?") gets the call-back details (one
    that only mentions the call, "until they call, ice or heat?", gets its topic); after
    emergency advice, a question about that advice ("what do I do while I wait for the
    ambulance?") gets its answer, and an article question no article (nothing is added to the
    emergency advice).
    """
    if any(name.startswith(_ANSWERS) for name in responses_this_turn(tracker)):
        return []  # "yes. Can my partner drive me?": the form answered it with the yes
    parse_data = tracker.latest_message or {}
    text = str(parse_data.get("text") or "")
    # "ya grand. what can i take for the pain while i wait for 111, is paracetamol ok": asked
    # without a question mark too
    asking = "?" in text or any(asks(clause) for clause in clauses(text))
    if not asking or len(text.split()) < MIN_QUESTION_WORDS:
        return []
    decision = decide_topic(topic_ranking(parse_data), text=text)
    if _WHEN_IT_IS.search(text) or (
        _ABOUT_THE_CALL.search(text) and (asks_when_called(text) or not decision.named)
    ):
        # "yes ok. when will they call?"; not "until they call, ice still or now warm?"
        number = tracker.get_slot(SLOT_EMERGENCY_NUMBER) or get_service().settings.emergency_number
        dispatcher.utter_message(response=RESPONSE_CALLBACK_DETAILS, emergency_number=number)
        return []
    escalation = escalation_for(tracker, text)
    kind = question_kind(text)
    # "until they call, ice still or now warm?" after "book in the next few days": the wait
    # only times a question the articles answer
    timed_only = kind == "callback" and bool(decision.named)
    about_advice = kind in ADVICE_KINDS and not timed_only
    if escalation is not None and (escalation.urgency == EMERGENCY or about_advice):
        # after other advice, a question about it ("while I wait for 111") is answered from it
        if kind in ADVICE_KINDS:
            reply_after_escalation(dispatcher, tracker, escalation, text)
        return []
    topic = decision.answer
    return answer_topic(dispatcher, topic, tracker) if topic else []
