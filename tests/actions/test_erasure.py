"""actions.erasure: a confirmed "delete my data" strips the case and answers with a receipt."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions.erasure import CLEARED, ActionEraseData
from actions.escalation import ActionEscalateCase, wait_for_background_deliveries
from escalation.service import EscalationService, set_service
from tests.actions.domain_dispatcher import DomainDispatcher
from tests.escalation.helpers import PATIENT_MESSAGE, flag_entities, make_tracker


def emergency_tracker():
    return make_tracker(
        slots={"red_flag_urgency": "emergency", "red_flags": ["saddle_anaesthesia"]},
        entities=flag_entities("saddle_anaesthesia", urgency="emergency"),
    )


@pytest.mark.asyncio
async def test_erasure_strips_the_case_and_gives_a_receipt(configured, store):
    events = await ActionEscalateCase().run(DomainDispatcher(), emergency_tracker(), {})
    await wait_for_background_deliveries()
    case_id = events[0]["value"]

    dispatcher = DomainDispatcher()
    events = await ActionEraseData().run(dispatcher, make_tracker(text="yes"), {})

    [message] = dispatcher.messages
    receipt = message["receipt"]
    assert message["response"] == "utter_data_erased" and receipt.startswith("DEL-")
    assert receipt in message["text"]
    assert events == [SlotSet(slot, None) for slot in CLEARED]
    case = store.get_case(case_id)
    assert case["trigger_message"] is None and PATIENT_MESSAGE not in str(case)
    assert case["conversation_id"] == f"erased:{receipt}"


class BrokenStore:
    @property
    def db(self):
        raise RuntimeError("database down")

    def dispose(self) -> None:
        pass


@pytest.mark.asyncio
async def test_a_failed_erasure_says_so(settings):
    set_service(EscalationService(settings, store=BrokenStore(), notifiers={}))  # type: ignore[arg-type]
    dispatcher = DomainDispatcher()
    events = await ActionEraseData().run(dispatcher, make_tracker(text="yes"), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_data_erasure_failed"]
    assert events == []
