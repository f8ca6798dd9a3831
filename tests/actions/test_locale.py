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


async def test_the_clinics_own_booking_details_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("CLINIC_PHONE", "020 7946 0000")
    monkeypatch.delenv("CLINIC_BOOKING_URL", raising=False)
    tracker = make_tracker({"clinic_booking_url": "https://old.example"})
    events = await ActionSessionStart().run(CollectingDispatcher(), tracker, {})
    assert SlotSet("clinic_phone", "020 7946 0000") in events
    assert SlotSet("has_clinic_phone", True) in events
    assert SlotSet("clinic_booking_url", None) in events
    assert SlotSet("has_clinic_booking_url", False) in events
    assert SlotSet("clinic_booking_url", "https://old.example") not in events


def test_exactly_one_offer_variation_fits_each_booking_configuration():
    import itertools

    from clinic.contract import DOMAIN_PATH
    from clinic.responses import load_responses

    responses = load_responses(DOMAIN_PATH / "escalation.yml")
    for name in ("utter_offer_callback", "utter_callback_declined"):
        conditional = [v for v in responses[name] if v.get("condition")]
        for phone, url in itertools.product((True, False), repeat=2):
            slots = {"has_clinic_phone": phone, "has_clinic_booking_url": url}
            slots["callback_arranged"] = False
            fits = [
                v
                for v in conditional
                if all(slots.get(c["name"]) == c["value"] for c in v["condition"])
            ]
            assert len(fits) == (1 if phone or url else 0), (name, phone, url)
            for variation in fits:
                assert ("{clinic_phone}" in variation["text"]) == phone
                assert ("{clinic_booking_url}" in variation["text"]) == url


def test_once_a_call_back_is_arranged_the_offer_says_so_whatever_the_configuration():
    import itertools

    from clinic.contract import DOMAIN_PATH
    from clinic.responses import load_responses

    variations = load_responses(DOMAIN_PATH / "escalation.yml")["utter_offer_callback"]
    for phone, url, alerted in itertools.product((True, False), repeat=3):
        slots = {"has_clinic_phone": phone, "has_clinic_booking_url": url}
        slots.update(callback_arranged=True, doctor_alerted=alerted)
        [fits] = [
            v
            for v in variations
            if v.get("condition")
            and all(slots.get(c["name"]) == c["value"] for c in v["condition"])
        ]
        assert "name and number" in fits["text"] and "nothing more to fill in" in fits["text"]
        assert "(yes / no)" not in fits["text"]
        # With no target that alerts the doctor, no call is promised (live test, round 43).
        assert ("will call you back" in fits["text"]) is alerted


def test_with_no_doctor_alerted_nothing_promises_a_call_back():
    # Live tests, round 43: "I can't alert a doctor from here" and then "a doctor will call you
    # back as soon as they can".
    import itertools

    from clinic.contract import DOMAIN_PATH
    from clinic.responses import load_responses

    responses = {
        **load_responses(DOMAIN_PATH / "escalation.yml"),
        **load_responses(DOMAIN_PATH / "conversation.yml"),
    }
    names = ["utter_callback_details"] + [
        f"utter_escalation_after_callback_{kind}"
        for kind in ("emergency", "underway", "urgent", "urgent_service", "other")
    ]
    for name, phone, consent in itertools.product(names, (True, False), (True, False)):
        slots = {"has_clinic_phone": phone, "contact_consent": consent, "doctor_alerted": False}
        fitting = [
            v
            for v in responses[name]
            if v.get("condition")
            and all(slots.get(c["name"]) == c["value"] for c in v["condition"])
        ]
        assert len(fitting) == 1, name
        assert "can't alert a doctor" in fitting[0]["text"], name
        assert "will call you" not in fitting[0]["text"] and "calls you" not in fitting[0]["text"]


async def test_whether_a_doctor_can_be_alerted_is_set_at_session_start(monkeypatch):
    import actions.session as session
    from clinic.settings import Settings

    for alerted, settings in (
        (False, Settings()),
        (True, Settings(slack_escalation_token="t", slack_escalation_channel="c")),
    ):
        monkeypatch.setattr(session, "get_settings", lambda settings=settings: settings)
        events = await ActionSessionStart().run(CollectingDispatcher(), make_tracker({}), {})
        assert SlotSet("doctor_alerted", alerted) in events
