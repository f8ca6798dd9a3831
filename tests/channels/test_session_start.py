"""channels.session_start: a conversation starts even when the action server cannot."""

from __future__ import annotations

import pytest
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException

from channels import local_actions, patches

DOMAIN = Domain.from_yaml(
    """
version: "3.1"
session_config:
  carry_over_slots_to_new_session: true
slots:
  emergency_number:
    type: text
    initial_value: "112"
    mappings: [{type: custom}]
  contact_name:
    type: text
    mappings: [{type: custom}]
actions: [action_session_start, action_escalate_case]
responses:
  utter_disclaimer:
  - text: "I'm not a doctor. In an emergency, call {emergency_number} now."
"""
)


def make_tracker() -> DialogueStateTracker:
    tracker = DialogueStateTracker.from_events("patient", [], slots=DOMAIN.slots)
    tracker.update(SlotSet("contact_name", "Ann"))
    return tracker


@pytest.fixture(autouse=True)
def restore_remote_run():
    original = RemoteAction.run
    yield
    RemoteAction.run = original


async def run_session_start_without_action_server(monkeypatch, number: str | None):
    """Neither the action server nor the project's actions can run (e.g. the case db is down)."""

    async def broken(*args, **kwargs):
        raise RuntimeError("cannot run here either")

    monkeypatch.setattr(local_actions, "run_locally", broken)
    if number is None:
        monkeypatch.delenv("EMERGENCY_NUMBER", raising=False)
    else:
        monkeypatch.setenv("EMERGENCY_NUMBER", number)
    patches.patch_session_start()
    action = RemoteAction("action_session_start", action_endpoint=None)
    nlg = TemplatedNaturalLanguageGenerator(DOMAIN.responses)
    return await action.run(CollectingOutputChannel(), nlg, make_tracker(), DOMAIN)


async def test_a_failing_remote_session_start_falls_back_to_a_local_one(monkeypatch):
    events = await run_session_start_without_action_server(monkeypatch, "999")

    assert isinstance(events[0], SessionStarted)
    assert events[-1] == ActionExecuted("action_listen")
    assert SlotSet("contact_name", "Ann") in events  # carried over, as Rasa's default does
    assert SlotSet("emergency_number", "999") in events
    disclaimers = [e for e in events if isinstance(e, BotUttered)]
    assert [e.text for e in disclaimers] == ["I'm not a doctor. In an emergency, call 999 now."]


async def test_the_fallback_uses_112_when_no_number_is_configured(monkeypatch):
    events = await run_session_start_without_action_server(monkeypatch, None)
    assert SlotSet("emergency_number", "112") in events


async def test_other_custom_actions_still_fail_loudly(monkeypatch):
    async def broken(*args, **kwargs):
        raise RasaException("cannot run here either")

    monkeypatch.setattr(local_actions, "run_locally", broken)
    patches.patch_session_start()
    action = RemoteAction("action_escalate_case", action_endpoint=None)
    nlg = TemplatedNaturalLanguageGenerator(DOMAIN.responses)
    with pytest.raises(RasaException):
        await action.run(CollectingOutputChannel(), nlg, make_tracker(), DOMAIN)


def test_installing_twice_wraps_once():
    patches.patch_session_start()
    wrapped = RemoteAction.run
    patches.patch_session_start()
    assert RemoteAction.run is wrapped
