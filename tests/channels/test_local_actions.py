"""channels.local_actions: what the action server cannot run, the Rasa server runs itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any, List

import pytest
from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from actions.escalation import wait_for_background_deliveries
from channels import local_actions, patches
from clinic.contract import INTENT_REPORT_RED_FLAG, SLOT_CASE_ID, SLOT_RED_FLAG_URGENCY
from escalation.store import CaseStore
from tests.escalation.fixtures import (  # noqa: F401 - fixtures
    _reset_service,
    configured,
    db_url,
    no_patient_data_in_logs,
    settings,
    slack,
    store,
    webhook,
)
from tests.escalation.helpers import PATIENT_MESSAGE, flag_entities

ROOT = Path(__file__).resolve().parents[2]
#: Nothing listens on the discard port: every call to this "action server" is refused.
DOWN = EndpointConfig("http://127.0.0.1:9/webhook")


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(ROOT / "domain"))


@pytest.fixture(autouse=True)
def restore_remote_run() -> Any:
    original = RemoteAction.run
    yield
    RemoteAction.run = original


def red_flag_tracker(domain: Domain, sender: str) -> DialogueStateTracker:
    message = UserUttered(
        PATIENT_MESSAGE,
        intent={"name": INTENT_REPORT_RED_FLAG, "confidence": 1.0},
        entities=flag_entities("saddle_anaesthesia", urgency="emergency"),
    )
    tracker = DialogueStateTracker.from_events(sender, [message], slots=domain.slots)
    tracker.update(SlotSet(SLOT_RED_FLAG_URGENCY, "emergency"))
    return tracker


async def run(domain: Domain, tracker: DialogueStateTracker, name: str) -> List[Any]:
    patches.patch_session_start()
    output = CollectingOutputChannel()
    nlg = TemplatedNaturalLanguageGenerator(domain.responses)
    events = await RemoteAction(name, DOWN).run(output, nlg, tracker, domain)
    return events


async def test_a_red_flag_becomes_a_case_while_the_action_server_is_down(
    domain: Domain,
    configured: Any,  # noqa: F811 - fixture
    store: CaseStore,  # noqa: F811 - fixture
    webhook: Any,  # noqa: F811 - fixture
):
    events = await run(domain, red_flag_tracker(domain, "patient-down"), "action_escalate_case")
    await wait_for_background_deliveries()

    case_ids = [e.value for e in events if isinstance(e, SlotSet) and e.key == SLOT_CASE_ID]
    assert len(case_ids) == 1, events
    case = store.get_case(case_ids[0])
    assert case is not None and case["urgency"] == "emergency"
    assert case["conversation_id"] == "patient-down"
    # The patient is told the clinic has it, as when the action server runs the action.
    told = [e for e in events if isinstance(e, BotUttered)]
    assert told and told[0].data.get("custom", {}).get("escalation", {}).get("case_id")
    # And the doctor hears of it.
    assert [d for d in webhook.deliveries() if d["case_id"] == case_ids[0]]


async def test_a_form_validation_that_says_no_is_not_run_again(domain: Domain, monkeypatch):
    async def reject(self: RemoteAction, *args: Any, **kwargs: Any) -> List[Any]:
        raise ActionExecutionRejection(self.name(), "not this slot")

    async def must_not_run(*args: Any, **kwargs: Any) -> List[Any]:
        raise AssertionError("a rejection must not be retried locally")

    monkeypatch.setattr(RemoteAction, "run", reject)
    monkeypatch.setattr(local_actions, "run_locally", must_not_run)
    tracker = red_flag_tracker(domain, "patient-form")
    with pytest.raises(ActionExecutionRejection):
        await run(domain, tracker, "validate_callback_form")


async def test_without_a_local_run_the_domain_still_answers(domain: Domain, monkeypatch):
    async def broken(*args: Any, **kwargs: Any) -> List[Any]:
        raise RuntimeError("the case database is down too")

    monkeypatch.setattr(local_actions, "run_locally", broken)
    events = await run(domain, red_flag_tracker(domain, "patient-faq"), "action_default_fallback")
    assert [e for e in events if isinstance(e, BotUttered)], events


async def test_an_action_without_a_stand_in_fails_loudly_when_nothing_can_run_it(
    domain: Domain, monkeypatch
):
    async def broken(*args: Any, **kwargs: Any) -> List[Any]:
        raise RuntimeError("the case database is down too")

    monkeypatch.setattr(local_actions, "run_locally", broken)
    with pytest.raises(RuntimeError):
        await run(domain, red_flag_tracker(domain, "patient-x"), "action_escalate_case")
