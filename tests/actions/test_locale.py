"""The locale slots come from configuration at every session start (issue 8, point 6)."""

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.session import ActionSessionStart


def make_tracker(slots: dict) -> Tracker:
    return Tracker("patient-1", slots, {}, [], False, None, {}, "action_listen")


async def test_the_non_emergency_service_is_set_from_the_environment(monkeypatch):
    monkeypatch.setenv("NON_EMERGENCY_SERVICE", "111")
    events = await ActionSessionStart().run(CollectingDispatcher(), make_tracker({}), {})
    assert SlotSet("non_emergency_service", "111") in events


async def test_no_service_configured_means_none_not_an_old_value(monkeypatch):
    monkeypatch.delenv("NON_EMERGENCY_SERVICE", raising=False)
    tracker = make_tracker({"non_emergency_service": "111"})
    events = await ActionSessionStart().run(CollectingDispatcher(), tracker, {})
    assert SlotSet("non_emergency_service", None) in events
    assert SlotSet("non_emergency_service", "111") not in events


async def test_whether_a_service_is_configured_is_its_own_slot_for_the_responses(monkeypatch):
    monkeypatch.setenv("NON_EMERGENCY_SERVICE", "111")
    events = await ActionSessionStart().run(CollectingDispatcher(), make_tracker({}), {})
    assert SlotSet("has_non_emergency_service", True) in events
    monkeypatch.delenv("NON_EMERGENCY_SERVICE")
    events = await ActionSessionStart().run(CollectingDispatcher(), make_tracker({}), {})
    assert SlotSet("has_non_emergency_service", False) in events


def test_no_response_hard_codes_a_country_service():
    import yaml

    from clinic.contract import DOMAIN_PATH

    for path in DOMAIN_PATH.glob("*.yml"):
        for name, variants in (yaml.safe_load(path.read_text()).get("responses") or {}).items():
            for variant in variants:
                text = variant.get("text") or ""
                assert "111" not in text and "GP practice" not in text, name
