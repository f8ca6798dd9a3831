"""Conversation start: the disclaimer and the configured emergency number."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from clinic.contract import SLOT_DOCTOR_ALERTED, SLOT_EMERGENCY_NUMBER, SLOT_NON_EMERGENCY_SERVICE
from clinic.env import env_text
from clinic.settings import get_settings
from escalation.phones import phone_example

#: Locale slots set from the environment at session start (domain/locale.yml), each with its
#: `has_<slot>` companion (Rasa's response conditions compare values, so "is set" is a slot).
LOCALE_SLOTS = {
    SLOT_NON_EMERGENCY_SERVICE: "NON_EMERGENCY_SERVICE",
    "clinic_phone": "CLINIC_PHONE",
    "clinic_booking_url": "CLINIC_BOOKING_URL",
}
#: Slots that always come from the configuration, never carried over from an old session.
CONFIGURED_SLOTS = frozenset(
    {
        SLOT_EMERGENCY_NUMBER,
        "phone_example",
        "has_phone_region",
        SLOT_DOCTOR_ALERTED,
        *LOCALE_SLOTS,
        *(f"has_{slot}" for slot in LOCALE_SLOTS),
    }
)


class ActionSessionStart(Action):
    """Starts a session: carries slots over, sets the emergency number, shows the disclaimer."""

    def name(self) -> str:
        """Returns the action's name."""
        return "action_session_start"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[str, Any],
    ) -> List[EventType]:
        """Runs the action (see `rasa_sdk.Action.run`)."""
        settings = get_settings()
        emergency_number = settings.emergency_number
        events: List[EventType] = [SessionStarted()]
        carry_over = domain.get("session_config", {}).get("carry_over_slots_to_new_session", True)
        if carry_over:
            events.extend(
                SlotSet(name, value)
                for name, value in tracker.current_slot_values().items()
                if value is not None and name not in CONFIGURED_SLOTS
            )
        events.append(SlotSet(SLOT_EMERGENCY_NUMBER, emergency_number))
        for slot, variable in LOCALE_SLOTS.items():
            value = env_text(variable)
            events.append(SlotSet(slot, value or None))
            events.append(SlotSet(f"has_{slot}", bool(value)))
        region = settings.phone_default_region
        events.append(SlotSet("phone_example", phone_example(region)))
        events.append(SlotSet("has_phone_region", bool(region)))
        # Whether a call back can be promised: with no target that alerts the on-call doctor,
        # the replies about it say so (domain/escalation.yml, domain/conversation.yml).
        events.append(SlotSet(SLOT_DOCTOR_ALERTED, settings.alerts_configured))
        dispatcher.utter_message(response="utter_disclaimer", emergency_number=emergency_number)
        events.append(ActionExecuted("action_listen"))
        return events
