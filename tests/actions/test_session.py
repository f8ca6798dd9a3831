from rasa_sdk import Tracker
from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.session import ActionSessionStart
from clinic import settings as config


def make_tracker(slots: dict) -> Tracker:
    return Tracker("patient-1", slots, {}, [], False, None, {}, "action_listen")


async def test_session_start_shows_disclaimer_with_configured_number(monkeypatch):
    monkeypatch.setenv("EMERGENCY_NUMBER", "999")
    config.get_settings.cache_clear()
    dispatcher = CollectingDispatcher()
    events = await ActionSessionStart().run(dispatcher, make_tracker({}), {})
    config.get_settings.cache_clear()

    assert dispatcher.messages[0]["response"] == "utter_disclaimer"
    assert dispatcher.messages[0]["emergency_number"] == "999"
    assert events[0] == SessionStarted()
    assert SlotSet("emergency_number", "999") in events
    assert events[-1] == ActionExecuted("action_listen")


async def test_session_start_carries_slots_over_but_refreshes_the_number(monkeypatch):
    monkeypatch.delenv("EMERGENCY_NUMBER", raising=False)
    config.get_settings.cache_clear()
    tracker = make_tracker({"emergency_number": "911", "contact_name": "Ann", "empty": None})
    events = await ActionSessionStart().run(CollectingDispatcher(), tracker, {})
    config.get_settings.cache_clear()

    assert SlotSet("contact_name", "Ann") in events
    assert SlotSet("emergency_number", "112") in events
    assert SlotSet("emergency_number", "911") not in events
    assert all(getattr(e, "get", lambda k: None)("name") != "empty" for e in events)


async def test_session_start_does_not_carry_over_when_the_domain_says_not_to():
    domain = {"session_config": {"carry_over_slots_to_new_session": False}}
    tracker = make_tracker({"contact_name": "Ann"})
    events = await ActionSessionStart().run(CollectingDispatcher(), tracker, domain)
    assert SlotSet("contact_name", "Ann") not in events
