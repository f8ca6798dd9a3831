"""The Rasa actions of red-flag escalation: thin adapters over `escalation.service`.

- `action_escalate_case`: records (or updates) the conversation's case BEFORE any notification
  (the service enqueues one delivery per configured target in the same transaction), starts a
  delivery attempt in the background (the reply never waits for a slow target; the worker
  retries what fails), and sends one message: a `utter_escalation_recorded_*` response plus the
  widget's marker `custom: {"escalation": {"urgency", "flags", "case_id"}}`. No other message
  carries that key. If the database fails, the patient is told to follow the advice
  (`utter_escalation_not_recorded_*`), an error without patient data is logged, and the marker
  is still sent, with `case_id: null`, so that the widget shows the banner without pointing at
  a case that does not exist.

The call-back form that may follow is in `actions.callback_form`. Every sentence is a response
of `domain/escalation.yml`, sent by name with its variables.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.advice_questions import question_kind
from actions.after_escalation import recent_escalation, reply_after_escalation
from actions.callback_offer import number_with_a_report
from actions.conversation import (
    emergency_called,
    latest_text,
    reported_flags,
    reported_urgency,
    session_user_texts,
    transcript,
)
from actions.pregnancy import maternity_response
from clinic.contract import (
    DETECTION_CORRECTS,
    EMERGENCY,
    MARKER_CASE_ID,
    MARKER_FLAGS,
    MARKER_KEY,
    MARKER_URGENCY,
    PROPERTY_RED_FLAG_DETECTION,
    SLOT_CASE_ID,
    SLOT_EMERGENCY_CALLED,
    SLOT_EMERGENCY_NUMBER,
    SLOT_HAS_NON_EMERGENCY,
    SLOT_NON_EMERGENCY_SERVICE,
    SLOT_RED_FLAGS,
)
from clinic.places import AWAY_EMERGENCY_NUMBER, AWAY_FROM_HOME
from escalation.flags import default_catalogue
from escalation.service import get_service

logger = logging.getLogger(__name__)

#: The local emergency numbers, for a patient away from home (red-flags.md).
RESPONSE_EMERGENCY_ABROAD = "utter_escalation_abroad"


def escalation_marker(
    urgency: str, flags: List[str], case_id: Optional[str]
) -> Dict[str, Dict[str, Any]]:
    """Builds the widget's marker: exactly `{"escalation": {"urgency", "flags", "case_id"}}`."""
    return {
        MARKER_KEY: {MARKER_URGENCY: urgency, MARKER_FLAGS: list(flags), MARKER_CASE_ID: case_id}
    }


async def wait_for_background_deliveries() -> None:
    """Waits until the background delivery attempts started so far have finished (tests)."""
    await asyncio.to_thread(get_service().wait_for_deliveries)


class ActionEscalateCase(Action):
    """Records the red-flag case, queues the doctor's notifications, tells the patient."""

    def name(self) -> str:
        """Returns the action's name."""
        return "action_escalate_case"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[EventType]:
        """Runs the action (see `rasa_sdk.Action.run` and the module docstring)."""
        service = get_service()
        number = service.settings.emergency_number
        flags = reported_flags(tracker)
        level = reported_urgency(tracker, flags, default_catalogue())
        if level is None:
            logger.warning("action_escalate_case ran without a red flag or urgency: no case.")
            return []
        try:
            record = await asyncio.to_thread(
                service.record_escalation,
                conversation_id=tracker.sender_id,
                urgency=level,
                flags=flags,
                message=latest_text(tracker),
                transcript=transcript(tracker, service.settings.escalation_transcript_messages),
                channel=tracker.get_latest_input_channel(),
            )
        except Exception as error:
            logger.error(
                "Could not record a %s escalation (%s); the patient was told to follow the "
                "advice directly.",
                level,
                type(error).__name__,
            )
            dispatcher.utter_message(
                response=f"utter_escalation_not_recorded_{level}",
                json_message=escalation_marker(level, flags, None),
                emergency_number=number,
            )
            return number_with_a_report(tracker)

        if record.deliveries:
            service.deliver_in_background(record.case_id, record.deliveries)
        elif not service.targets:
            logger.warning(
                "Case %s recorded but no notification target is configured "
                "(ESCALATION_WEBHOOK_URL/SECRET, SLACK_ESCALATION_TOKEN/CHANNEL).",
                record.case_id,
            )
        logger.info(
            "Escalation case %s: %s, revision %d, %s.",
            record.case_id,
            record.urgency,
            record.revision,
            ", ".join(record.changes) or "no change",
        )
        alert = "" if service.targets else "no_alert_"
        # A new emergency sign after "we've called 999": call again and tell them, and the
        # call-back offer that follows is a short reminder (its variation on the slot).
        call_again = (
            record.urgency == EMERGENCY
            and bool(record.changes)
            and not record.created
            and emergency_called(tracker)
        )
        if not record.created and _corrects(tracker):
            # "sorry I typed that wrong, it's only my LEFT leg": the advice just sent is for
            # what the patient says now; the case keeps both messages for the doctor.
            said = "correction"
        elif call_again:
            said = "call_again"
        elif not record.created and not record.changes:
            # "no numbness, no problems peeing ... just the fever and the back": the same signs
            # told again, nothing new for the doctor; not the first alert's words a second time.
            said = "again"
        else:
            said = record.urgency
        # "im on holiday in spain": the clinic's number may not work where the patient is. The
        # emergency advice after this names 112, which works across the EU and from most
        # mobiles elsewhere, and the local number (the slot the replies read).
        away = any(AWAY_FROM_HOME.search(text) for text in session_user_texts(tracker))
        dispatcher.utter_message(
            response=f"utter_escalation_recorded_{alert}{said}",
            json_message=escalation_marker(record.urgency, record.flags, record.case_id),
            case_id=record.case_id,
            emergency_number=AWAY_EMERGENCY_NUMBER if away else number,
        )
        if away and record.urgency == EMERGENCY:
            dispatcher.utter_message(response=RESPONSE_EMERGENCY_ABROAD, emergency_number=number)
        text = latest_text(tracker) or ""
        maternity = maternity_response(tracker, text)
        if maternity:
            # "26 weeks and having pains every 10 mins": the maternity unit too, not only the
            # back's advice
            dispatcher.utter_message(response=maternity)
        if said == "again" and question_kind(text) in _ASKED_WITH_THE_SIGNS_AGAIN:
            # 'what do I even tell them, "I got hit by a van yesterday but I'm fine"?': the
            # signs told again inside a question about the advice; the question is answered.
            escalation = recent_escalation(tracker)
            if escalation is not None:
                reply_after_escalation(dispatcher, tracker, escalation, text)
        # The slot holds what this message reported; the case, every flag of the episode, so
        # that "what do I tell them?" later lists them all.
        return [
            SlotSet(SLOT_CASE_ID, record.case_id),
            SlotSet(SLOT_RED_FLAGS, list(record.flags)),
            *([SlotSet(SLOT_EMERGENCY_CALLED, True)] if call_again else []),
            *([SlotSet(SLOT_EMERGENCY_NUMBER, AWAY_EMERGENCY_NUMBER)] if away else []),
            # nor the clinic's non-emergency line (the UK's 111 to a tourist in Spain): the
            # replies then name an out-of-hours doctor or medical advice service where they are
            *(
                [SlotSet(SLOT_NON_EMERGENCY_SERVICE, None), SlotSet(SLOT_HAS_NON_EMERGENCY, False)]
                if away
                else []
            ),
            *number_with_a_report(tracker),
        ]


#: Questions about the advice that may repeat the signs already reported (`question_kind`).
_ASKED_WITH_THE_SIGNS_AGAIN = frozenset({"what_to_say", "what_happens", "driven", "drive"})


def _corrects(tracker: Tracker) -> bool:
    """Whether the detector read the latest message as correcting a more urgent report."""
    summary = tracker.latest_message.get(PROPERTY_RED_FLAG_DETECTION)
    return isinstance(summary, dict) and summary.get(DETECTION_CORRECTS) is True
