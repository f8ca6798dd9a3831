"""`action_erase_data`: a patient's confirmed "delete my data".

The conversation's cases lose the patient's words and contact details at once, an erasure is
recorded, and the patient gets its receipt code (`escalation.erasure.erase_cases`); the delivery
worker then deletes the conversation from Rasa's tracker store. The slots that hold the contact
and the case are cleared here too, so nothing of it is used again in this conversation.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from clinic.contract import (
    ACTION_ERASE_DATA,
    SLOT_CASE_ID,
    SLOT_CONTACT_CONSENT,
    SLOT_CONTACT_NAME,
    SLOT_CONTACT_PHONE,
    SLOT_RED_FLAGS,
)
from escalation.erasure import erase_cases
from escalation.service import get_service

logger = logging.getLogger(__name__)

#: Slots that hold the patient's contact or their case.
CLEARED = (
    SLOT_CONTACT_NAME,
    SLOT_CONTACT_PHONE,
    SLOT_CONTACT_CONSENT,
    SLOT_CASE_ID,
    SLOT_RED_FLAGS,
)


class ActionEraseData(Action):
    """Erases the patient's data and gives them the receipt code."""

    def name(self) -> str:
        """Returns the action's name."""
        return ACTION_ERASE_DATA

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[str, Any],
    ) -> List[EventType]:
        """Runs the action (see `rasa_sdk.Action.run` and the module docstring)."""
        service = get_service()
        try:
            result = await asyncio.to_thread(erase_cases, service.store, tracker.sender_id)
        except Exception as error:
            logger.error("Erasure failed (%s); the patient was told.", type(error).__name__)
            dispatcher.utter_message(
                response="utter_data_erasure_failed",
                emergency_number=service.settings.emergency_number,
            )
            return []
        dispatcher.utter_message(response="utter_data_erased", receipt=result.receipt)
        return [SlotSet(slot, None) for slot in CLEARED]
