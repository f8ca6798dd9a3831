"""The Rasa actions of red-flag escalation.

- `action_escalate_case`: records (or updates) the conversation's case BEFORE any notification,
  enqueues one delivery per configured target in the same transaction, starts a delivery
  attempt in the background (the reply never waits for a slow target; the worker retries what
  fails), and sends one message: a short text for the patient plus the widget's marker
  `custom: {"escalation": {"urgency", "flags", "case_id"}}`. No other message carries that key.
  If the database fails, the patient is told to follow the advice (call the emergency number,
  see a doctor today, contact the clinic), an error without patient data is logged, and the
  marker is still sent, with `case_id: null`, so that the widget shows the banner without
  pointing at a case that does not exist.
- `validate_callback_form`: name, phone number (international formats, normalised to E.164),
  explicit consent; "no"/"stop" at any question ends the form.
- `action_submit_callback`: stores the consented contact details on the case (or opens a `soon`
  case for a patient who asked for a human) and enqueues a delivery of the update.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, List, Optional, Set

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.escalation import runtime
from actions.escalation import urgency as urgency_levels
from actions.escalation.contact import (
    clean_name,
    consent_value,
    display_phone,
    parse_phone,
    wants_to_stop,
)
from actions.escalation.conversation import (
    latest_text,
    reported_flags,
    reported_urgency,
    transcript,
)
from actions.escalation.flags import default_catalogue

logger = logging.getLogger(__name__)

#: The key of the widget's marker; only `action_escalate_case` sends it.
MARKER_KEY = "escalation"

#: Background delivery attempts in flight. They run in their own small thread pool, so that slow
#: targets never hold up the database work of new escalations (which uses asyncio's default
#: pool); beyond `MAX_BACKGROUND` attempts in flight, new ones are left to the worker.
_background: Set[asyncio.Future[None]] = set()
_pool: Optional[ThreadPoolExecutor] = None
_pool_lock = threading.Lock()
MAX_BACKGROUND = 16


def _delivery_pool() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="escalation-delivery")
        return _pool


def escalation_marker(
    urgency: str, flags: List[str], case_id: Optional[str]
) -> Dict[str, Dict[str, Any]]:
    """Builds the widget's marker: exactly `{"escalation": {"urgency", "flags", "case_id"}}`."""
    return {MARKER_KEY: {"urgency": urgency, "flags": list(flags), "case_id": case_id}}


def _act_now(urgency: str, emergency_number: str) -> str:
    if urgency == urgency_levels.EMERGENCY:
        return (
            f"Please don't wait for a call back: call {emergency_number} now or go to the "
            "nearest emergency department."
        )
    if urgency == urgency_levels.URGENT:
        return (
            "Please still make sure a doctor sees you today, and call "
            f"{emergency_number} if it gets much worse."
        )
    return (
        "Please book an appointment in the next few days, and call "
        f"{emergency_number} if it gets much worse."
    )


def recorded_text(urgency: str, case_id: str, notified: bool, emergency_number: str) -> str:
    """The patient's text once the case is recorded.

    Args:
        urgency: The case's urgency.
        case_id: The case id (the patient's reference).
        notified: Whether any notification target is configured.
        emergency_number: The local emergency number.

    Returns:
        The text.
    """
    if notified:
        who = (
            "the clinic's on-call doctor"
            if urgency in (urgency_levels.EMERGENCY, urgency_levels.URGENT)
            else "the clinic's doctors"
        )
        first = f"I've passed this on to {who} (your reference: {case_id})."
    else:
        first = (
            f"I've recorded this for the clinic (your reference: {case_id}), but I can't alert "
            "a doctor from here right now."
        )
    return f"{first} {_act_now(urgency, emergency_number)}"


def unrecorded_text(urgency: str, emergency_number: str) -> str:
    """The patient's text when the case could not be recorded (database down)."""
    if urgency == urgency_levels.EMERGENCY:
        advice = f"call {emergency_number} now or go to the nearest emergency department."
    elif urgency == urgency_levels.URGENT:
        advice = (
            "contact the clinic or an out-of-hours doctor today, and call "
            f"{emergency_number} if it gets much worse."
        )
    else:
        advice = (
            "contact the clinic to book an appointment in the next few days, and call "
            f"{emergency_number} if it gets much worse."
        )
    return (
        "I'm sorry, I couldn't pass this on to the clinic just now, so please follow the advice "
        f"above: {advice}"
    )


def _deliver_case(case_id: str, target: str) -> None:
    try:
        runtime.get_outbox().run_once(case_id=case_id, targets=[target])
    except Exception as error:  # the worker retries; the reply has already gone
        logger.warning(
            "Immediate delivery of case %s failed (%s); the worker will retry.",
            case_id,
            type(error).__name__,
        )


def deliver_in_background(case_id: str, targets: List[str]) -> None:
    """Starts a delivery attempt of a case's pending deliveries without waiting for it.

    One thread per target (the notifiers use blocking HTTP with timeouts), so a slow target
    does not hold up another; whatever fails stays pending for the worker
    (`python -m actions.escalation.worker`).

    Args:
        case_id: The case.
        targets: The targets deliveries were enqueued for.
    """
    if not runtime.settings().escalation_immediate_delivery:
        return
    loop = asyncio.get_running_loop()
    for target in targets:
        if len(_background) >= MAX_BACKGROUND:
            logger.warning("Delivery attempts backed up: case %s is left to the worker.", case_id)
            return
        future = loop.run_in_executor(_delivery_pool(), _deliver_case, case_id, target)
        _background.add(future)
        future.add_done_callback(_background.discard)


async def wait_for_background_deliveries() -> None:
    """Waits until the background delivery attempts started so far have finished (tests)."""
    while _background:
        await asyncio.gather(*list(_background), return_exceptions=True)


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
        settings = runtime.settings()
        catalogue = default_catalogue()
        flags = reported_flags(tracker)
        level = reported_urgency(tracker, flags, catalogue)
        if level is None:
            logger.warning("action_escalate_case ran without a red flag or urgency: no case.")
            return []
        try:
            store = runtime.get_store()
            targets = list(runtime.get_notifiers())
            record = await asyncio.to_thread(
                store.record_escalation,
                conversation_id=tracker.sender_id,
                urgency=level,
                flags=flags,
                message=latest_text(tracker),
                transcript=transcript(tracker, settings.escalation_transcript_messages),
                channel=tracker.get_latest_input_channel(),
                targets=targets,
            )
        except Exception as error:
            logger.error(
                "Could not record a %s escalation (%s); the patient was told to follow the "
                "advice directly.",
                level,
                type(error).__name__,
            )
            dispatcher.utter_message(
                text=unrecorded_text(level, settings.emergency_number),
                json_message=escalation_marker(level, flags, None),
            )
            return []

        if record.deliveries:
            deliver_in_background(record.case_id, record.deliveries)
        elif not targets:
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
        dispatcher.utter_message(
            text=recorded_text(
                record.urgency, record.case_id, bool(targets), settings.emergency_number
            ),
            json_message=escalation_marker(record.urgency, record.flags, record.case_id),
        )
        return [SlotSet("escalation_case_id", record.case_id)]


_STOP_FORM: Dict[str, Any] = {
    "contact_name": None,
    "contact_phone": None,
    "contact_consent": False,
    "requested_slot": None,
}

_PHONE_PROBLEMS = {
    "needs_country_code": (
        "Please include your country code, for example +44 20 7946 0958 or +1 202 555 0143."
    ),
    "premium_rate": "I can't use a premium-rate number. Please give a number the clinic can call.",
    "invalid": (
        "That doesn't look like a phone number I can use. Please type it with the country "
        'code, for example +44 20 7946 0958. You can also say "stop".'
    ),
}


class ValidateCallbackForm(FormValidationAction):
    """Validates the callback form's name, phone number and consent."""

    def name(self) -> str:
        """Returns the action's name."""
        return "validate_callback_form"

    @staticmethod
    def _stops(value: Any, tracker: Tracker) -> bool:
        # The intent the pipeline settled on (`intent_ranking` may hold other candidates).
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        return wants_to_stop(value, intent)

    def validate_contact_name(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[str, Any]:
        """Accepts a sane name; "no"/"stop" ends the form."""
        if self._stops(slot_value, tracker):
            return dict(_STOP_FORM)
        name = clean_name(slot_value)
        if name is None:
            dispatcher.utter_message(
                text='Sorry, I couldn\'t read that as a name. You can also say "stop".'
            )
            return {"contact_name": None}
        return {"contact_name": name}

    def validate_contact_phone(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[str, Any]:
        """Accepts a valid phone number, normalised to E.164; "no"/"stop" ends the form."""
        if self._stops(slot_value, tracker):
            return dict(_STOP_FORM)
        check = parse_phone(slot_value, runtime.settings().phone_default_region)
        if check.e164 is None:
            dispatcher.utter_message(
                text=_PHONE_PROBLEMS.get(check.problem, _PHONE_PROBLEMS["invalid"])
            )
            return {"contact_phone": None}
        return {"contact_phone": check.e164}

    def validate_contact_consent(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[str, Any]:
        """Accepts only an explicit yes; a no ends the form and forgets the details."""
        consent = consent_value(slot_value)
        if consent is True:
            return {"contact_consent": True}
        if consent is False:
            return dict(_STOP_FORM)
        dispatcher.utter_message(
            text="Please answer yes or no: may I pass your name and number to the clinic?"
        )
        return {"contact_consent": None}


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
        settings = runtime.settings()
        number = settings.emergency_number
        case_id = tracker.get_slot("escalation_case_id")
        consent = tracker.get_slot("contact_consent") is True
        name = clean_name(tracker.get_slot("contact_name"))
        phone = parse_phone(tracker.get_slot("contact_phone"), settings.phone_default_region).e164
        if not (consent and name and phone):
            text = "All right, I won't pass on any contact details."
            if isinstance(case_id, str) and case_id:
                text += f" The clinic still has your report (your reference: {case_id})."
            text += (
                f" If anything gets worse, contact the clinic, or call {number} in an emergency."
            )
            dispatcher.utter_message(text=text)
            return [
                SlotSet("contact_name", None),
                SlotSet("contact_phone", None),
                SlotSet("contact_consent", None),
            ]
        try:
            store = runtime.get_store()
            targets = list(runtime.get_notifiers())
            record = await asyncio.to_thread(
                store.record_contact,
                conversation_id=tracker.sender_id,
                name=name,
                phone=phone,
                channel=tracker.get_latest_input_channel(),
                transcript=transcript(tracker, settings.escalation_transcript_messages),
                targets=targets,
                case_id=case_id if isinstance(case_id, str) else None,
            )
        except Exception as error:
            logger.error("Could not store callback details (%s).", type(error).__name__)
            dispatcher.utter_message(
                text=(
                    "I'm sorry, I couldn't pass on your details just now. Please contact the "
                    f"clinic directly, and call {number} now if it's an emergency."
                )
            )
            return []
        if record.deliveries:
            deliver_in_background(record.case_id, record.deliveries)
        logger.info(
            "Callback details stored on case %s (revision %d).", record.case_id, record.revision
        )
        if targets:
            text = (
                f"Thank you, {name}. I've added {display_phone(phone)} to your case (your "
                f"reference: {record.case_id}) so that the clinic can call you back."
            )
        else:
            text = (
                f"Thank you, {name}. I've saved {display_phone(phone)} on your case (your "
                f"reference: {record.case_id}); please also contact the clinic yourself."
            )
        if record.urgency in (urgency_levels.EMERGENCY, urgency_levels.URGENT):
            text += " " + _act_now(record.urgency, number)
        dispatcher.utter_message(text=text)
        return [SlotSet("escalation_case_id", record.case_id)]
