import asyncio
import logging
import time
from pathlib import Path
from typing import Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.callback_form import ValidateCallbackForm
from actions.callback_offer import number_with_a_report
from actions.callback_submit import ActionSubmitCallback
from actions.escalation import ActionEscalateCase, wait_for_background_deliveries
from clinic.contract import DOMAIN_PATH
from clinic.responses import load_responses
from clinic.settings import Settings
from escalation.notifiers import build_notifiers
from escalation.service import EscalationService, get_service, set_service
from escalation.store import CaseStore
from tests.actions.domain_dispatcher import DomainDispatcher
from tests.actions.test_fallback import action, emergency_then, parse, user
from tests.escalation.helpers import (
    PATIENT_MESSAGE,
    PATIENT_NAME,
    PATIENT_PHONE_E164,
    PATIENT_PHONE_TYPED,
    SENSITIVE,
    bot_event,
    flag_entities,
    make_tracker,
)

ASKING_NAME = {"requested_slot": "contact_name"}
FORM_DOMAIN = {
    "forms": {
        "callback_form": {"required_slots": ["contact_name", "contact_phone", "contact_consent"]}
    },
    "slots": {
        "contact_name": {"type": "text", "mappings": [{"type": "from_text"}]},
        "contact_phone": {"type": "text", "mappings": [{"type": "from_text"}]},
        "contact_consent": {
            "type": "bool",
            "mappings": [{"type": "from_intent", "value": True, "intent": "affirm"}],
        },
    },
}


def emergency_tracker(**kwargs):
    return make_tracker(
        slots={"red_flag_urgency": "emergency", "red_flags": ["saddle_anaesthesia"]},
        entities=flag_entities("saddle_anaesthesia", urgency="emergency"),
        **kwargs,
    )


def markers(dispatcher):
    return [m["custom"] for m in dispatcher.messages if "escalation" in (m.get("custom") or {})]


async def escalate(tracker):
    dispatcher = DomainDispatcher()
    events = await ActionEscalateCase().run(dispatcher, tracker, {})
    await wait_for_background_deliveries()
    return dispatcher, events


@pytest.mark.asyncio
async def test_escalation_records_then_sends_one_message_with_the_marker(
    configured, store, webhook, slack
):
    dispatcher, events = await escalate(emergency_tracker())

    [message] = dispatcher.messages
    case_id = events[0]["value"]
    assert events == [
        SlotSet("escalation_case_id", case_id),
        SlotSet("red_flags", ["saddle_anaesthesia"]),
    ]
    assert message["custom"] == {
        "escalation": {"urgency": "emergency", "flags": ["saddle_anaesthesia"], "case_id": case_id}
    }
    assert set(message["custom"]) == {"escalation"}
    assert set(message["custom"]["escalation"]) == {"urgency", "flags", "case_id"}
    assert "on-call doctor" in message["text"] and case_id in message["text"]
    assert "don't wait for a call back" in message["text"] and "999" in message["text"]

    case = store.get_case(case_id)
    assert case["urgency"] == "emergency" and case["trigger_message"] == PATIENT_MESSAGE
    assert case["channel"] == "socketio" and case["conversation_id"] == "patient-1"
    assert [m["speaker"] for m in case["transcript"]] == ["assistant", "patient", "assistant"]
    # The background attempt delivered to both targets.
    assert [d["status"] for d in case["deliveries"]] == ["delivered", "delivered"]
    assert webhook.deliveries()[0]["case_id"] == case_id
    assert slack.posts()[0]["channel"] == "C0ONCALL"


@pytest.mark.asyncio
async def test_second_flag_updates_the_case_and_the_marker(configured, store):
    _, first = await escalate(
        make_tracker(slots={"red_flag_urgency": "urgent", "red_flags": ["fever_with_back_pain"]})
    )
    dispatcher, second = await escalate(emergency_tracker(text="and now I wet myself"))

    assert first[0] == second[0]  # the same case
    # The slot holds the episode's flags, not only this message's ("what do I tell them?").
    assert second[1] == SlotSet("red_flags", ["fever_with_back_pain", "saddle_anaesthesia"])
    case_id = second[0]["value"]
    assert dispatcher.messages[0]["custom"]["escalation"] == {
        "urgency": "emergency",
        "flags": ["fever_with_back_pain", "saddle_anaesthesia"],
        "case_id": case_id,
    }
    assert store.get_case(case_id)["revision"] == 2


@pytest.mark.asyncio
async def test_a_correction_to_a_lower_urgency_is_added_to_the_case_and_acknowledged(
    configured, store
):
    # Live test, round 38: "sorry no I typed that wrong, it's only my LEFT leg" after emergency
    # advice for both legs got "call 999 now" again and no word about the correction.
    _, first = await escalate(
        make_tracker(
            slots={"red_flag_urgency": "emergency", "red_flags": ["both_legs_weak_or_numb"]},
            entities=flag_entities("both_legs_weak_or_numb", urgency="emergency"),
        )
    )
    tracker = make_tracker(
        text="sorry I typed that wrong, only my left leg is tingly",
        slots={"red_flag_urgency": "soon", "red_flags": ["one_leg_nerve_symptoms"]},
        entities=flag_entities("one_leg_nerve_symptoms", urgency="soon"),
    )
    tracker.latest_message["red_flag_detection"] = {"outcome": "report", "corrects": True}
    dispatcher, second = await escalate(tracker)
    assert second[0] == first[0]
    [message] = dispatcher.messages
    assert message["response"] == "utter_escalation_recorded_correction"
    case = store.get_case(first[0]["value"])
    assert case["urgency"] == "emergency"  # the doctor decides; both messages are on the case
    assert case["revision"] == 2
    # The same message again without the detector's mark adds nothing: it is already there.
    tracker.latest_message.pop("red_flag_detection")
    dispatcher, _ = await escalate(tracker)
    assert dispatcher.messages[0]["response"] == "utter_escalation_recorded_again"


def _a_second_sign(called_reply: Optional[str] = None):
    """A new emergency sign after the first; `called_reply`: the bot's reply to "we called"."""
    history = []
    if called_reply:
        said = "Good, you've done the right thing."
        history.append(bot_event(said, time.time() - 30, response=called_reply))
    return make_tracker(
        text="and now he has wet himself too",
        slots={"red_flag_urgency": "emergency", "red_flags": ["saddle_anaesthesia"]},
        entities=flag_entities("bladder_bowel_dysfunction", urgency="emergency"),
        history=history,
    )


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "reply",
    ["utter_escalation_after_underway_emergency", "utter_escalation_after_arrived_emergency"],
)
async def test_a_new_emergency_sign_after_the_call_says_call_again(configured, store, reply):
    await escalate(emergency_tracker())
    dispatcher, events = await escalate(_a_second_sign(reply))

    [message] = dispatcher.messages
    assert "999 again now" in message["text"] and "added this to your case" in message["text"]
    assert SlotSet("emergency_called", True) in events
    assert message["custom"]["escalation"]["flags"] == [
        "saddle_anaesthesia",
        "bladder_bowel_dysfunction",
    ]


@pytest.mark.asyncio
async def test_a_new_emergency_sign_before_any_call_gets_the_first_alert(configured, store):
    await escalate(emergency_tracker())
    dispatcher, events = await escalate(_a_second_sign())

    assert "again" not in dispatcher.messages[0]["text"]
    assert "emergency_called" not in [e.get("name") for e in events]


@pytest.mark.asyncio
async def test_the_same_sign_again_after_the_call_is_no_new_call(configured, store):
    await escalate(emergency_tracker())
    called = "Good, you've done the right thing."
    history = [bot_event(called, time.time() - 30, "utter_escalation_after_underway_emergency")]
    dispatcher, _ = await escalate(emergency_tracker(history=history))

    assert "again" not in dispatcher.messages[0]["text"]


@pytest.mark.asyncio
async def test_a_question_that_tells_the_signs_again_is_answered(configured, store):
    # Round 44 dev (reworded): "what do I tell them, 'a car hit me but I'm fine'?" after the
    # emergency advice got the advice and "already recorded", and no answer.
    first, _ = await escalate(emergency_tracker())
    history = [{"event": "action", "name": "utter_emergency_advice"}]
    text = 'what do I even say to them, "numb down below but otherwise fine"?'
    tracker = make_tracker(
        text=text,
        history=history,
        slots={
            "red_flag_urgency": "emergency",
            "red_flags": ["saddle_anaesthesia"],
        },
        entities=flag_entities("saddle_anaesthesia", urgency="emergency"),
    )
    # (CollectingDispatcher: Rasa fills the number from the slot in the answer's template)
    again = CollectingDispatcher()
    await ActionEscalateCase().run(again, tracker, {})
    await wait_for_background_deliveries()
    sent = [message["response"] for message in again.messages]
    assert sent[0] == "utter_escalation_recorded_again"
    assert "utter_escalation_after_what_to_say_emergency" in sent


@pytest.mark.asyncio
async def test_the_same_signs_told_again_are_not_passed_on_a_second_time(configured, store):
    # Live test, round 40: "no numbness, no problems peeing ... just the fever and the back"
    # after same-day advice got "I've passed this on" again, word for word.
    tracker = make_tracker(slots={"red_flag_urgency": "urgent", "red_flags": ["fever"]})
    first, _ = await escalate(tracker)
    assert first.messages[0]["response"] == "utter_escalation_recorded_urgent"
    again, _ = await escalate(tracker)
    assert again.messages[0]["response"] == "utter_escalation_recorded_again"
    assert "already" in again.messages[0]["text"]
    case_id = first.messages[0]["custom"]["escalation"]["case_id"]
    assert again.messages[0]["custom"]["escalation"]["case_id"] == case_id


@pytest.mark.asyncio
async def test_urgent_and_soon_texts(configured):
    dispatcher, _ = await escalate(
        make_tracker(slots={"red_flag_urgency": "urgent", "red_flags": ["x"]}, sender_id="u")
    )
    assert "on-call doctor" in dispatcher.messages[0]["text"]
    assert "today" in dispatcher.messages[0]["text"]
    dispatcher, _ = await escalate(
        make_tracker(slots={"red_flag_urgency": "soon", "red_flags": ["y"]}, sender_id="s")
    )
    assert "clinic's doctors" in dispatcher.messages[0]["text"]
    assert "next few days" in dispatcher.messages[0]["text"]


@pytest.mark.asyncio
async def test_database_failure_still_advises_and_marks_without_a_case_id(tmp_path: Path, caplog):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    settings = Settings(emergency_number="911", escalation_db_url=f"sqlite:///{blocker}/e.db")
    set_service(EscalationService(settings))

    dispatcher, events = await escalate(emergency_tracker())

    assert events == []
    [message] = dispatcher.messages
    assert message["custom"] == {
        "escalation": {"urgency": "emergency", "flags": ["saddle_anaesthesia"], "case_id": None}
    }
    assert "couldn't pass this on" in message["text"] and "call 911 now" in message["text"]
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors and "StoreError" in errors[0].getMessage()


@pytest.mark.asyncio
async def test_no_target_configured_is_said_honestly(db_url, store):
    set_service(EscalationService(Settings(escalation_db_url=db_url), store=store, notifiers={}))
    dispatcher, events = await escalate(emergency_tracker())
    assert "can't alert a doctor" in dispatcher.messages[0]["text"]
    assert store.get_case(events[0]["value"])["deliveries"] == []


@pytest.mark.asyncio
async def test_without_a_flag_nothing_is_escalated(configured):
    dispatcher, events = await escalate(make_tracker(intent="greet"))
    assert dispatcher.messages == [] and events == []


@pytest.mark.asyncio
async def test_the_reply_does_not_wait_for_a_slow_target(configured, store, webhook):
    webhook.set_mode("slow", delay=0.8)
    dispatcher = DomainDispatcher()
    started = time.monotonic()
    events = await ActionEscalateCase().run(dispatcher, emergency_tracker(), {})
    assert time.monotonic() - started < 0.5
    await wait_for_background_deliveries()
    statuses = {d["target"]: d["status"] for d in store.get_case(events[0]["value"])["deliveries"]}
    assert statuses["slack"] == "delivered"


@pytest.mark.asyncio
async def test_a_failed_immediate_attempt_is_left_for_the_worker(configured, store, webhook):
    webhook.down()
    _, events = await escalate(emergency_tracker())
    statuses = {d["target"]: d["status"] for d in store.get_case(events[0]["value"])["deliveries"]}
    assert statuses == {"webhook": "pending", "slack": "delivered"}


# -- callback form ---------------------------------------------------------------------------


def validator_call(method, value, text=None, intent="inform"):
    dispatcher = DomainDispatcher()
    tracker = make_tracker(text=text if text is not None else str(value), intent=intent)
    result = getattr(ValidateCallbackForm(), method)(value, dispatcher, tracker, FORM_DOMAIN)
    return result, dispatcher.messages


def test_name_validation(configured):
    assert validator_call("validate_contact_name", "my name is Ann Lee")[0] == {
        "contact_name": "Ann Lee"
    }
    result, messages = validator_call("validate_contact_name", "12345")
    assert result == {"contact_name": None} and "name" in messages[0]["text"]


def test_a_name_given_with_a_question_is_not_asked_about(configured):
    dispatcher = DomainDispatcher()
    text = "name Yusuf Haddad. number you need also?"
    tracker = make_tracker(text=text, intent="inform_contact", slots=ASKING_NAME)
    result = ValidateCallbackForm().validate_contact_name(text, dispatcher, tracker, FORM_DOMAIN)
    assert result == {"contact_name": "Yusuf Haddad"}
    assert not any("first name is enough" in m["text"] for m in dispatcher.messages)


@pytest.mark.parametrize("text", ["do you need my full name", "can I just give my nickname?"])
def test_a_question_about_the_name_is_answered_where_the_name_is_asked(configured, text):
    dispatcher = DomainDispatcher()
    tracker = make_tracker(text=text, intent="ask_callback_details", slots=ASKING_NAME)
    form = ValidateCallbackForm()
    result = form.validate_contact_name(text, dispatcher, tracker, FORM_DOMAIN)
    assert result == {"contact_name": None}
    assert "first name is enough" in dispatcher.messages[0]["text"]


def _after(advice: str, method: str, value, text: str, intent: str = "inform"):
    """Validates a form answer right after escalation advice (responses by name)."""
    dispatcher = CollectingDispatcher()
    history = [{"event": "action", "name": advice}]
    slots = {"non_emergency_service": "111"}
    tracker = make_tracker(text=text, intent=intent, history=history, slots=slots)
    result = getattr(ValidateCallbackForm(), method)(value, dispatcher, tracker, FORM_DOMAIN)
    return result, dispatcher.messages


def test_a_question_about_the_advice_at_the_name_question_gets_the_advice(configured):
    text = "ok thanks what number do i ring"
    result, messages = _after("utter_urgent_advice", "validate_contact_name", text, text)
    assert result == {"contact_name": None}
    assert messages[0]["response"] == "utter_escalation_after_urgent_service"


def test_going_to_call_at_the_name_question_ends_the_form(configured):
    text = "ok i call. thank you"
    result, messages = _after("utter_emergency_advice", "validate_contact_name", text, text)
    assert result["contact_consent"] is False
    assert messages[0]["response"].startswith("utter_escalation_after_")


def test_a_short_number_after_emergency_advice_is_told_it_is_no_number(configured):
    # Live test, round 24: "12345" at the phone question got the emergency paragraph again.
    result, messages = _after("utter_emergency_advice", "validate_contact_phone", "12345", "12345")
    assert result == {"contact_phone": None}
    # (the configured region decides which: no region, then a country code is asked for)
    assert [m["response"] for m in messages] in (
        ["utter_escalation_invalid_phone"],
        ["utter_escalation_phone_needs_country_code"],
    )


def test_agreeing_to_call_the_emergency_line_is_no_consent_to_pass_on_details(configured):
    text = "ok fine i'll call 999"
    result, messages = _after(
        "utter_emergency_advice", "validate_contact_consent", True, text, intent="affirm"
    )
    assert result == {"contact_consent": None}
    assert messages[0]["response"] == "utter_escalation_consent_unclear"


def test_going_to_call_the_emergency_line_at_the_phone_question_ends_the_form(configured):
    number = configured.emergency_number
    result, _ = validator_call("validate_contact_phone", f"thanks, I call {number} now")
    assert result["contact_consent"] is False and result["contact_phone"] is None
    # A number that is not the service's is still checked as a number.
    result, messages = validator_call("validate_contact_phone", "call me on 12345")
    assert result == {"contact_phone": None} and messages


def test_a_name_and_a_number_typed_together_are_both_kept(configured):
    result, _ = validator_call("validate_contact_name", "priya shah +44 7911 123456, after 6")
    assert result == {"contact_name": "priya shah", "contact_phone": "+447911123456"}
    result, _ = validator_call("validate_contact_name", "call me on +44 7911 123456")
    assert result == {"contact_name": None, "contact_phone": "+447911123456"}
    # A name the sentence reader finds on its own keeps its number too.
    result, _ = validator_call("validate_contact_name", "Tom Reyes +44 7700 900123")
    assert result == {"contact_name": "Tom Reyes", "contact_phone": "+447700900123"}
    # The number introduced after the name: "fatima begum. its ..." (round 21).
    result, _ = validator_call(
        "validate_contact_name", "ana lopes. its +44 7911 123456, text first"
    )
    assert result == {"contact_name": "ana lopes", "contact_phone": "+447911123456"}


def test_a_name_given_with_a_question_is_taken_and_the_question_answered(configured):
    result, messages = validator_call(
        "validate_contact_name", "its Jade. roughly when would someone phone me back?"
    )
    assert result == {"contact_name": "Jade"}
    assert "exact time" in messages[0]["text"]


@pytest.mark.parametrize("method", ["validate_contact_name", "validate_contact_phone"])
def test_a_question_about_the_call_inside_the_form_is_answered(configured, method):
    result, messages = validator_call(method, "roughly when would someone phone me back?")
    assert result in ({"contact_name": None}, {"contact_phone": None})
    assert "exact time" in messages[0]["text"]


@pytest.mark.parametrize(
    ("typed", "e164"),
    [
        ("+44 20 7946 0958", "+442079460958"),
        ("+1 (202) 555-0143", "+12025550143"),
        ("+49 30 901820", "+4930901820"),
        ("0033 1 42 68 53 00", "+33142685300"),
        ("+91 98765 43210", "+919876543210"),
    ],
)
def test_phone_validation_accepts_international_numbers(configured, typed, e164):
    assert validator_call("validate_contact_phone", typed)[0] == {"contact_phone": e164}


@pytest.mark.parametrize("typed", ["12345", "+44 123", "not a phone", "+1 900 555 0100"])
def test_phone_validation_refuses_bad_numbers(configured, typed):
    result, messages = validator_call("validate_contact_phone", typed)
    assert result == {"contact_phone": None} and messages


def test_a_time_that_suits_given_with_the_number_is_said_back(configured):
    # Live test, round 30 (reworded): "after 6pm", "not during school hours" were not confirmed.
    result, messages = validator_call("validate_contact_phone", "+44 7700 900461, best after 6pm")
    assert result == {"contact_phone": "+447700900461"}
    assert "noted when suits you" in messages[-1]["text"]
    _, plain = validator_call("validate_contact_phone", "+44 7700 900461")
    assert not any("suits you" in m["text"] for m in plain)


def test_an_extension_given_with_the_number_is_said_to_go_with_the_case(configured):
    # Live test, stop 44: "its the home landline 01632 960123 ext 24" lost the extension
    # without a word.
    result, messages = validator_call("validate_contact_phone", "landline +44 20 7946 0123 ext 24")
    assert result == {"contact_phone": "+442079460123"}
    assert "extension" in messages[-1]["text"]


def test_the_clinics_own_number_is_not_taken_as_the_patients(configured):
    dispatcher = DomainDispatcher()
    typed = "+44 (0)20 7946 0000"
    tracker = make_tracker(text=typed, intent="inform", slots={"clinic_phone": "+44 20 7946 0000"})
    result = ValidateCallbackForm().validate_contact_phone(typed, dispatcher, tracker, FORM_DOMAIN)

    assert result == {"contact_phone": None}
    assert "clinic's own number" in dispatcher.messages[0]["text"]


def test_national_number_needs_a_country_code_or_a_default_region(settings, store):
    set_service(EscalationService(settings, store=store))
    result, messages = validator_call("validate_contact_phone", "020 7946 0958")
    assert result == {"contact_phone": None} and "country code" in messages[0]["text"]
    regional = Settings(**{**settings.__dict__, "phone_default_region": "GB"})
    set_service(EscalationService(regional, store=store))
    assert validator_call("validate_contact_phone", "020 7946 0958")[0] == {
        "contact_phone": "+442079460958"
    }


@pytest.mark.parametrize("method", ["validate_contact_name", "validate_contact_phone"])
def test_stop_at_any_question_ends_the_form(configured, method):
    result, _ = validator_call(method, "no thanks")
    assert result["requested_slot"] is None and result["contact_consent"] is False
    result, _ = validator_call(method, "whatever", intent="deny")
    assert result["requested_slot"] is None


def test_consent_must_be_explicit(configured):
    assert validator_call("validate_contact_consent", True)[0] == {"contact_consent": True}
    declined, _ = validator_call("validate_contact_consent", False)
    assert declined == {
        "contact_name": None,
        "contact_phone": None,
        "contact_consent": False,
        "requested_slot": None,
    }
    unclear, messages = validator_call("validate_contact_consent", "maybe")
    assert unclear == {"contact_consent": None} and "yes or no" in messages[0]["text"]


@pytest.mark.asyncio
async def test_form_validation_runs_through_rasa_sdk(configured):
    tracker = make_tracker(
        text=PATIENT_PHONE_TYPED,
        slots={"contact_phone": PATIENT_PHONE_TYPED, "requested_slot": "contact_phone"},
        active_loop={"name": "callback_form"},
    )
    tracker.events.append({"event": "slot", "name": "contact_phone", "value": PATIENT_PHONE_TYPED})
    events = await ValidateCallbackForm().run(DomainDispatcher(), tracker, FORM_DOMAIN)
    assert SlotSet("contact_phone", PATIENT_PHONE_E164) in events


# -- submitting the callback -------------------------------------------------------------------


def callback_slots(**extra):
    return {
        "contact_name": PATIENT_NAME,
        "contact_phone": PATIENT_PHONE_E164,
        "contact_consent": True,
        **extra,
    }


async def submit(tracker):
    dispatcher = DomainDispatcher()
    events = await ActionSubmitCallback().run(dispatcher, tracker, {})
    await wait_for_background_deliveries()
    return dispatcher, events


@pytest.mark.asyncio
async def test_callback_details_are_added_to_the_case_and_sent(configured, store, webhook, slack):
    _, escalated = await escalate(emergency_tracker())
    case_id = escalated[0]["value"]
    dispatcher, events = await submit(
        make_tracker(text="yes", intent="affirm", slots=callback_slots(escalation_case_id=case_id))
    )

    assert events == [SlotSet("escalation_case_id", case_id), SlotSet("callback_arranged", True)]
    [message] = dispatcher.messages
    assert "+44 20 7946 0958" in message["text"] and case_id in message["text"]
    assert "don't wait" in message["text"]
    assert markers(dispatcher) == []  # only action_escalate_case sends the marker
    case = store.get_case(case_id)
    assert case["contact"]["phone"] == PATIENT_PHONE_E164 and case["revision"] == 2
    update = webhook.deliveries()[-1]
    assert update["changes"] == ["contact_added"] and update["contact"]["name"] == PATIENT_NAME
    assert slack.posts()[-1]["thread_ts"]  # threaded under the first Slack post


@pytest.mark.asyncio
async def test_the_saved_details_name_the_number_of_where_the_patient_is(configured, store):
    # Live test, round 49: on holiday in Spain, the confirmation said "call 999 now".
    _, escalated = await escalate(emergency_tracker())
    case_id = escalated[0]["value"]
    slots = callback_slots(escalation_case_id=case_id, emergency_number="112")
    dispatcher, _ = await submit(make_tracker(text="yes", intent="affirm", slots=slots))
    [message] = dispatcher.messages
    assert "call 112 now" in message["text"] and "999" not in message["text"]


@pytest.mark.asyncio
async def test_request_human_without_a_flag_opens_a_soon_case(configured, store, webhook):
    dispatcher, events = await submit(
        make_tracker(text="yes", intent="affirm", slots=callback_slots(), sender_id="human-1")
    )
    case = store.get_case(events[0]["value"])
    assert case["urgency"] == "soon" and case["flags"] == []
    assert case["reason"] == "callback_request"
    assert webhook.deliveries()[0]["reason"] == "callback_request"
    assert markers(dispatcher) == []


@pytest.mark.asyncio
async def test_an_article_question_asked_with_the_consent_is_answered_too(configured, store):
    text = "yes ok. quick q while i wait, ice or heat?"
    tracker = make_tracker(text=text, intent="affirm", slots=callback_slots(), sender_id="q-1")
    tracker.latest_message = parse(text, [("affirm", 0.9)], [("ice", 0.95), ("heat", 0.02)])
    dispatcher, events = await submit(tracker)
    assert "+44 20 7946 0958" in dispatcher.messages[0]["text"]  # saved first ...
    assert "first 72 hours" in dispatcher.messages[-1]["text"]  # ... then the answer
    # "until they call" only times the question (round 34 dev, reworded): the article.
    text = "yes fine. until they ring, still ice or heat?"
    tracker = make_tracker(text=text, intent="affirm", slots=callback_slots(), sender_id="q-3")
    tracker.latest_message = parse(text, [("affirm", 0.9)], [("ice", 0.95), ("heat", 0.02)])
    dispatcher, events = await submit(tracker)
    assert "first 72 hours" in dispatcher.messages[-1]["text"]
    # ... after "book in the next few days" too (round 34 dev, reworded)
    text = "ok yes. till the doctor calls, ice or heat?"
    tracker = make_tracker(
        text=text,
        intent="affirm",
        slots=callback_slots(),
        sender_id="q-4",
        history=[{"event": "action", "name": "utter_soon_advice"}],
    )
    tracker.latest_message = parse(text, [("affirm", 0.9)], [("ice", 0.95), ("heat", 0.02)])
    dispatcher, events = await submit(tracker)
    assert "first 72 hours" in dispatcher.messages[-1]["text"]
    # A plain yes gets no article.
    dispatcher, _ = await submit(
        make_tracker(text="yes", intent="affirm", slots=callback_slots(), sender_id="q-2")
    )
    assert len(dispatcher.messages) == 1


@pytest.mark.asyncio
async def test_when_the_call_comes_asked_with_the_consent_gets_the_call_details(configured, store):
    # Live test, stop 44: "yes. will it be today? I'm at work till 5" got an article on
    # sitting at work.
    text = "yes. will it be today? I'm at work till 5"
    tracker = make_tracker(text=text, intent="affirm", slots=callback_slots(), sender_id="q-5")
    tracker.latest_message = parse(text, [("affirm", 0.9)], [("ergonomics", 0.6)])
    dispatcher, _ = await submit(tracker)
    assert "exact time" in dispatcher.messages[-1]["text"]


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("advice", "text", "expected"),
    [
        # Live test, round 28: the question was dropped and the patient had to ask again.
        (
            "utter_emergency_advice",
            "yes thats fine. what should i do while i wait for the ambulance?",
            "utter_escalation_after_waiting_emergency",
        ),
        # Live test, round 33 (reworded): asked without a question mark, after same-day advice.
        (
            "utter_urgent_advice",
            "ya fine. what can i take while i wait for 111, is paracetamol ok",
            "utter_escalation_after_waiting_other",
        ),
    ],
)
async def test_a_waiting_question_with_the_consent_after_the_advice_is_answered(
    configured, store, advice, text, expected
):
    history = [{"event": "action", "name": advice}]
    tracker = make_tracker(
        text=text, intent="affirm", history=history, slots=callback_slots(), sender_id="w-1"
    )
    dispatcher = CollectingDispatcher()
    await ActionSubmitCallback().run(dispatcher, tracker, {})
    await wait_for_background_deliveries()
    sent = [message["response"] for message in dispatcher.messages]
    assert sent[0].startswith("utter_escalation_callback_saved")  # saved first ...
    assert sent[-1] == expected  # ... then the answer


@pytest.mark.asyncio
async def test_declined_callback_stores_nothing_and_forgets_the_details(configured, store):
    dispatcher, events = await submit(
        make_tracker(text="no", intent="deny", slots=callback_slots(contact_consent=False))
    )
    assert "won't pass on" in dispatcher.messages[0]["text"]
    assert SlotSet("contact_phone", None) in events and SlotSet("contact_name", None) in events
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("select count(*) from escalation_cases").scalar() == 0


@pytest.mark.asyncio
async def test_callback_database_failure_tells_the_patient_to_call(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    set_service(EscalationService(Settings(escalation_db_url=f"sqlite:///{blocker}/e.db")))
    dispatcher, events = await submit(make_tracker(text="yes", slots=callback_slots()))
    assert events == []
    assert "contact the clinic directly" in dispatcher.messages[0]["text"]


# -- privacy ---------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_no_log_record_carries_the_patients_words_name_or_number(
    settings, db_url, webhook, slack, caplog, tmp_path
):
    caplog.set_level(logging.DEBUG)
    store = CaseStore(db_url)
    set_service(EscalationService(settings, store=store, notifiers=build_notifiers(settings)))
    webhook.set_mode("fail")  # failures and retries log too
    _, escalated = await escalate(emergency_tracker())
    validator_call("validate_contact_name", PATIENT_NAME)
    validator_call("validate_contact_phone", PATIENT_PHONE_TYPED)
    await submit(make_tracker(slots=callback_slots(escalation_case_id=escalated[0]["value"])))
    webhook.set_mode("ok")
    await asyncio.sleep(0.3)  # past the retry backoff
    get_service().outbox.run_once()
    # ... and when the database is down.
    blocker = tmp_path / "file"
    blocker.write_text("x")
    set_service(EscalationService(Settings(escalation_db_url=f"sqlite:///{blocker}/e.db")))
    await escalate(emergency_tracker())
    await submit(make_tracker(slots=callback_slots()))
    store.dispose()

    assert len(caplog.records) > 5  # the flow did log
    for record in caplog.records:
        text = record.getMessage() + str(record.exc_info or "")
        for secret in SENSITIVE:
            assert secret not in text, record.name


def after_emergency_advice(text, intent):
    """A tracker where the form asks right after the emergency advice and its offer."""
    report = parse("I wet myself and can't feel it", [("report_red_flag", 1.0)])
    latest = parse(text, [(intent, 0.9)])
    events = [
        user(report),
        action("utter_emergency_advice"),
        action("utter_offer_callback_after_emergency"),
        user(latest),
    ]
    slots = {"red_flag_urgency": "emergency", "emergency_number": "999"}
    return Tracker("p", slots, latest, events, False, None, {}, "")


def test_a_sentence_for_a_name_right_after_emergency_advice_gets_the_advice_again(configured):
    dispatcher = CollectingDispatcher()
    tracker = after_emergency_advice("its getting worse", "inform_contact")
    result = ValidateCallbackForm().validate_contact_name(
        "its getting worse", dispatcher, tracker, FORM_DOMAIN
    )
    assert result == {"contact_name": None}
    assert [m["response"] for m in dispatcher.messages] == ["utter_escalation_after_emergency"]


def test_a_question_for_a_number_right_after_emergency_advice_is_answered_from_it(configured):
    text = "will u let the clinic know anyway"
    dispatcher = CollectingDispatcher()
    tracker = after_emergency_advice(text, "ask_callback_details")
    result = ValidateCallbackForm().validate_contact_phone(text, dispatcher, tracker, FORM_DOMAIN)
    assert result == {"contact_phone": None}
    sent = [m["response"] for m in dispatcher.messages]
    assert sent == ["utter_escalation_after_callback_emergency"]


def form_tracker(events, slots, text, active_loop=None):
    latest = {"text": text, "intent": {"name": "inform_contact", "confidence": 0.9}}
    return Tracker("patient-1", slots, latest, events, False, None, active_loop or {}, None)


def slot_event(name, value):
    return {"event": "slot", "name": name, "value": value}


OLD_DETAILS = {"contact_name": "Sam Patel", "contact_phone": "+447700900789"}


async def test_a_new_form_forgets_the_details_of_an_earlier_one(configured):
    # The first form was stopped at the consent question; the patient asks again and gives
    # the name at once: the old number and the old "no" are asked again, the new name is kept.
    earlier = [slot_event(k, v) for k, v in OLD_DETAILS.items()]
    events = [
        *earlier,
        slot_event("contact_consent", False),
        user_event_dict("Sam Patel"),
        {"event": "action", "name": "action_take_contact_name"},
        slot_event("contact_name", "Sam Patel"),
        {"event": "action", "name": "callback_form"},
        *earlier,  # Rasa's copies of the filled slots, to validate them
        slot_event("contact_consent", False),
    ]
    slots = {**OLD_DETAILS, "contact_consent": False}
    result = await ValidateCallbackForm().run(
        DomainDispatcher(), form_tracker(events, slots, "Sam Patel"), FORM_DOMAIN
    )
    assert result == [SlotSet("contact_phone", None), SlotSet("contact_consent", None)]


async def test_a_new_number_at_the_consent_question_replaces_the_old_one(configured):
    asked = [*(slot_event(k, v) for k, v in OLD_DETAILS.items())]
    asked.append(slot_event("requested_slot", "contact_consent"))
    slots = {**OLD_DETAILS, "requested_slot": "contact_consent"}
    active = {"name": "callback_form"}
    for text, expected, said in [
        ("oh wait sorry thats wrong, its +44 7700 900798", "+447700900798", "+44 7700 900798"),
        ("sorry its 0770090", "+447700900789", "country code"),  # unusable: the old one stays
    ]:
        dispatcher = DomainDispatcher()
        events = [*asked, user_event_dict(text)]
        tracker = form_tracker(events, dict(slots), text, active)
        result = await ValidateCallbackForm().run(dispatcher, tracker, FORM_DOMAIN)
        assert SlotSet("contact_phone", expected) in result, text
        assert said in dispatcher.messages[0]["text"], text


async def test_a_thanks_at_the_consent_question_says_nothing_is_booked_yet(configured):
    slots = {**OLD_DETAILS, "requested_slot": "contact_consent"}
    events = [*(slot_event(k, v) for k, v in slots.items()), user_event_dict("thanks, bye")]
    tracker = form_tracker(events, dict(slots), "thanks, bye", {"name": "callback_form"})
    tracker.latest_message["intent"] = {"name": "thank", "confidence": 0.9}
    dispatcher = DomainDispatcher()
    result = await ValidateCallbackForm().run(dispatcher, tracker, FORM_DOMAIN)
    assert SlotSet("contact_consent", True) not in result
    assert "isn't booked" in dispatcher.messages[0]["text"]


def user_event_dict(text):
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": "inform_contact"}}}


def test_a_number_given_for_the_name_is_kept_and_the_name_asked_again(configured):
    result, messages = validator_call("validate_contact_name", "landline is best, +44 113 496 0721")
    assert result == {"contact_name": None, "contact_phone": "+441134960721"}
    assert "+44 113 496 0721" in messages[0]["text"]
    # A name in a sentence is the name.
    result, _ = validator_call("validate_contact_name", "It would be me, her mum, Nadia Rahman")
    assert result == {"contact_name": "Nadia Rahman"}


async def test_a_yes_the_nlu_did_not_read_is_consent_at_the_consent_question(configured):
    asked = [*(slot_event(k, v) for k, v in OLD_DETAILS.items())]
    asked.append(slot_event("requested_slot", "contact_consent"))
    slots = {**OLD_DETAILS, "requested_slot": "contact_consent"}
    for text, consents in [("ye", True), ("yes, thank you", True), ("hmm", False)]:
        events = [*asked, user_event_dict(text)]
        tracker = form_tracker(events, dict(slots), text, {"name": "callback_form"})
        result = await ValidateCallbackForm().run(DomainDispatcher(), tracker, FORM_DOMAIN)
        assert (SlotSet("contact_consent", True) in result) is consents, (text, result)


async def test_the_name_and_number_given_with_the_yes_are_kept(configured):
    # "yes, call me" with the details in the same message: the form asks only for consent.
    text = "ok yes pls get someone to ring me. Name is Rosa Quinn, mobile +44 7700 900452"
    events = [user_event_dict(text), {"event": "action", "name": "callback_form"}]
    dispatcher = DomainDispatcher()
    result = await ValidateCallbackForm().run(
        dispatcher, form_tracker(events, {}, text), FORM_DOMAIN
    )
    assert result == [
        SlotSet("contact_name", "Rosa Quinn"),
        SlotSet("contact_phone", "+447700900452"),
    ]
    assert "Rosa Quinn" in dispatcher.messages[0]["text"]
    assert "+44 7700 900452" in dispatcher.messages[0]["text"]
    # Details given a message before the yes are kept too.
    earlier = "Hi, this is Rosa Quinn, +44 7700 900452, my spasm has lasted a week, what now?"
    events = [
        user_event_dict(earlier),
        {"event": "bot", "text": "Would you like a doctor from the clinic to call you back?"},
        user_event_dict("yes"),
        {"event": "action", "name": "callback_form"},
    ]
    result = await ValidateCallbackForm().run(
        DomainDispatcher(), form_tracker(events, {}, "yes"), FORM_DOMAIN
    )
    assert SlotSet("contact_phone", "+447700900452") in result
    assert SlotSet("contact_name", "Rosa Quinn") in result
    # The name before the offer, the number as the yes (round 34 dev, reworded): both kept.
    events = [
        user_event_dict("ok can you book me in. my name Zofia Kowalczyk"),
        {"event": "bot", "text": "Would you like a doctor from the clinic to call you back?"},
        user_event_dict("+44 7700 900452"),
        {"event": "action", "name": "callback_form"},
    ]
    result = await ValidateCallbackForm().run(
        DomainDispatcher(), form_tracker(events, {}, "+44 7700 900452"), FORM_DOMAIN
    )
    assert SlotSet("contact_phone", "+447700900452") in result
    assert SlotSet("contact_name", "Zofia Kowalczyk") in result
    # A medicine said as its own sentence before the yes is no name (live test, round 52,
    # reworded: "Thank you, Ibuprofen.").
    events = [
        user_event_dict("Naproxen. Amazing. And can you prescribe anything stronger?"),
        {"event": "bot", "text": "Muscle relaxants are prescription medicines ..."},
        user_event_dict("Fine, yes, get a human to ring me"),
        {"event": "action", "name": "callback_form"},
    ]
    result = await ValidateCallbackForm().run(
        DomainDispatcher(),
        form_tracker(events, {}, "Fine, yes, get a human to ring me"),
        FORM_DOMAIN,
    )
    assert not any(e.get("name") == "contact_name" for e in result)
    # A plain yes gives nothing, and nothing is said.
    dispatcher = DomainDispatcher()
    events = [user_event_dict("yes please"), {"event": "action", "name": "callback_form"}]
    result = await ValidateCallbackForm().run(
        dispatcher, form_tracker(events, {}, "yes please"), FORM_DOMAIN
    )
    assert not [event for event in result if event.get("value") is not None]
    assert not dispatcher.messages


@pytest.mark.asyncio
async def test_a_wish_for_a_time_is_acknowledged_with_the_saved_details(configured, store):
    form_start = {"event": "active_loop", "name": "callback_form"}
    asked = [
        user_event_dict("can i get a call back, mornings are bad for me"),  # before the form
        form_start,
        user_event_dict("07700 900461, after 5 is best pls"),
    ]
    slots = callback_slots()
    dispatcher, _ = await submit(
        make_tracker(text="yes", intent="affirm", slots=slots, history=asked)
    )
    assert "when suits you" in dispatcher.messages[1]["text"]
    # A question about when they ring is no wish.
    question = [asked[1], user_event_dict("how long will it be before they ring? or call 111?")]
    dispatcher, _ = await submit(
        make_tracker(text="yes", intent="affirm", slots=slots, history=question, sender_id="t-3")
    )
    assert len(dispatcher.messages) == 1
    # Only what was said while the form ran counts.
    dispatcher, _ = await submit(
        make_tracker(text="yes", intent="affirm", slots=slots, history=asked[:2], sender_id="t-2")
    )
    assert len(dispatcher.messages) == 1


@pytest.mark.asyncio
async def test_a_question_about_the_call_with_the_consent_is_answered(configured, store):
    dispatcher, _ = await submit(
        make_tracker(
            text="yeah go on. when will they ring me, today?",
            intent="affirm",
            slots=callback_slots(),
        )
    )
    assert [m.get("response") for m in dispatcher.messages][-1] == "utter_callback_details"


def test_a_question_with_the_number_is_answered_and_the_number_kept(configured):
    text = "sorry its +44 7700 900512. will it be a doctor who rings? im in a meeting 2-3"
    result, messages = validator_call("validate_contact_phone", text)
    assert result == {"contact_phone": "+447700900512"}
    assert "clinical team" in messages[0]["text"]
    result, messages = validator_call("validate_contact_phone", "+44 7700 900512")
    assert result == {"contact_phone": "+447700900512"} and not messages


async def test_a_call_back_asked_for_after_emergency_advice_is_not_instead_of_it(configured):
    events = [*emergency_then("mum can take me. can the clinic ring me after?", [("faq", 0.9)])]
    events.append({"event": "action", "name": "callback_form"})
    text = "mum can take me. can the clinic ring me after?"
    dispatcher = DomainDispatcher()
    await ValidateCallbackForm().run(dispatcher, form_tracker(events, {}, text), FORM_DOMAIN)
    assert "can't replace calling" in dispatcher.messages[0]["text"]
    # Said once: not again when the answer to the offer has just said it.
    said = {
        "event": "bot",
        "text": "...",
        "metadata": {"utter_action": "utter_callback_not_instead_of_emergency"},
    }
    dispatcher = DomainDispatcher()
    tracker = form_tracker([*events[:-1], said, events[-1]], {}, text)
    await ValidateCallbackForm().run(dispatcher, tracker, FORM_DOMAIN)
    assert not dispatcher.messages


def test_stopping_the_call_back_after_emergency_advice_does_not_say_wait_and_see():
    variations = load_responses(DOMAIN_PATH / "escalation.yml")["utter_callback_cancelled"]
    after_emergency = [
        v
        for v in variations
        if {"type": "slot", "name": "red_flag_urgency", "value": "emergency"}
        in v.get("condition", [])
    ]
    assert len(after_emergency) == 1
    text = after_emergency[0]["text"]
    assert "now" in text and "gets worse" not in text


def test_a_number_given_with_a_red_flag_where_the_number_is_asked_is_kept(configured):
    # The form's mapping leaves a red-flag report to the advice (so the advice is given);
    # the case action keeps the number for the form, which then asks for consent.
    text = "+44 7700 900412. Also, since Monday the pain wakes me at 3 or 4 every night, 6 weeks in"
    active = {"name": "callback_form"}
    asked = form_tracker([], {"requested_slot": "contact_phone"}, text, active)
    assert number_with_a_report(asked) == [SlotSet("contact_phone", "+447700900412")]
    # Not where the name is asked, nor outside the form.
    name = form_tracker([], {"requested_slot": "contact_name"}, text, active)
    assert number_with_a_report(name) == []
    assert number_with_a_report(form_tracker([], {"requested_slot": "contact_phone"}, text)) == []


async def resumed_after_faq(slot, text, **slots):
    """The form's validation as the form resumes after action_answer_faq set `slot` to `text`."""
    events = [
        slot_event("requested_slot", slot),
        user_event_dict(text),
        {"event": "action", "name": "action_answer_faq"},
        slot_event(slot, text),
        {"event": "action", "name": "callback_form"},
    ]
    tracker = form_tracker(
        events, {**slots, slot: text, "requested_slot": slot}, text, {"name": "callback_form"}
    )
    return await ValidateCallbackForm().run(DomainDispatcher(), tracker, FORM_DOMAIN)


async def test_an_answer_another_action_took_is_checked_when_the_form_resumes(configured):
    # "Never mind. Is a hot water bottle ok all night?" read as a question: action_answer_faq
    # hands it to the form as the name's answer. Rasa validates only what it extracts after
    # the message, so the form's validation checks it: a stop, not a name.
    text = "Never mind. Is it alright to leave a hot water bottle on my back all night?"
    result = await resumed_after_faq("contact_name", text)
    assert SlotSet("contact_consent", False) in result
    assert SlotSet("contact_name", None) in result
    # A number typed with a question, handed over the same way, is normalised.
    typed = "+44 1632 960712. how long before they ring?"
    result = await resumed_after_faq("contact_phone", typed, contact_name="Sam Patel")
    assert SlotSet("contact_phone", "+441632960712") in result


def test_a_question_after_a_stop_is_answered(configured):
    text = "never mind. should I use ice or heat?"
    result, messages = validator_call("validate_contact_name", text)
    assert result["contact_consent"] is False
    assert messages, "the question after the stop got no answer"


def test_two_numbers_at_the_phone_question_get_asked_which_one(configured):
    # Live test, round 27: two numbers got "that doesn't look like a phone number".
    text = "my mobile 07700 900123 or the landline 0161 496 0123"
    result, messages = _after("utter_urgent_advice", "validate_contact_phone", text, text)
    assert result == {"contact_phone": None}
    assert [m["response"] for m in messages] == ["utter_escalation_phone_which"]


def test_the_mobile_after_two_numbers_picks_it(configured):
    # Live test, round 33 (reworded): "the mobile" after "which one?" was "not a number".
    two = "my mobile +44 7700 900123 or mum's landline +44 131 496 0123"
    history = [{"event": "user", "text": two, "parse_data": {"intent": {"name": "inform"}}}]
    tracker = make_tracker(text="the mobile", intent="inform", history=history)
    dispatcher = CollectingDispatcher()
    result = ValidateCallbackForm().validate_contact_phone(
        "the mobile", dispatcher, tracker, FORM_DOMAIN
    )
    assert result == {"contact_phone": "+447700900123"}


def test_a_number_in_words_is_asked_for_in_digits(configured):
    # Live test, round 28: "oh seven seven double oh ..." at the phone question got an article.
    text = "oh seven seven double oh nine hundred four five six"
    result, messages = _after("utter_urgent_advice", "validate_contact_phone", text, text)
    assert result == {"contact_phone": None}
    assert [m["response"] for m in messages] == ["utter_escalation_invalid_phone"]


def test_why_the_name_is_needed_is_answered_at_the_name_question(configured):
    # Live test, round 28: after same-day advice it got the advice again.
    text = "why do you need my name?"
    result, messages = _after("utter_urgent_advice", "validate_contact_name", text, text)
    assert result == {"contact_name": None}
    assert [m["response"] for m in messages] == ["utter_callback_name_help"]


async def test_a_name_typed_after_a_yes_is_taken_at_the_name_question(configured):
    # "sure. Lucía" reads as affirm, which the slot's mapping skips: the form takes the name.
    text = "sure. Lucía"
    events = [slot_event("requested_slot", "contact_name"), user_event_dict(text)]
    tracker = form_tracker(events, dict(ASKING_NAME), text, {"name": "callback_form"})
    tracker.latest_message["intent"] = {"name": "affirm", "confidence": 0.9}
    result = await ValidateCallbackForm().run(DomainDispatcher(), tracker, FORM_DOMAIN)
    assert SlotSet("contact_name", "Lucía") in result


def test_a_yes_at_the_name_question_is_not_told_it_is_no_name(configured):
    result, messages = validator_call("validate_contact_name", "yeh go on then")
    assert result == {"contact_name": None}
    assert not any("couldn't read" in m["text"] for m in messages)


async def test_why_the_consent_is_asked_placed_nowhere_by_the_nlu_is_answered_at_the_form():
    # Live test, round 35 (reworded): "why do you need that?" at the consent question was
    # sent to the form as its answer and got the question again, word for word.
    slots = {"requested_slot": "contact_consent", "contact_consent": None}
    latest = {"text": "why do u need that", "intent": {"name": "nlu_fallback", "confidence": 0.5}}
    tracker = Tracker("patient-1", slots, latest, [], False, None, {"name": "callback_form"}, None)
    dispatcher = CollectingDispatcher()
    found = await ValidateCallbackForm().extract_contact_consent(dispatcher, tracker, {})
    assert found == {}
    assert [m["response"] for m in dispatcher.messages] == ["utter_callback_consent_why"]


async def test_an_answer_placed_nowhere_at_the_consent_is_told_a_yes_or_no_is_needed():
    # Second live test, round 35 (reworded): "k" got the consent question again, with no hint.
    slots = {"requested_slot": "contact_consent", "contact_consent": None}
    latest = {"text": "kk", "intent": {"name": "nlu_fallback", "confidence": 0.4}}
    tracker = Tracker("patient-1", slots, latest, [], False, None, {"name": "callback_form"}, None)
    dispatcher = CollectingDispatcher()
    assert await ValidateCallbackForm().extract_contact_consent(dispatcher, tracker, {}) == {}
    assert [m["response"] for m in dispatcher.messages] == ["utter_escalation_consent_unclear"]


@pytest.mark.asyncio
async def test_a_patient_away_from_home_is_told_the_local_emergency_numbers(configured, store):
    # Live test, round 42: on holiday in Spain, told only "call 999", twice.
    away = make_tracker(
        text="I'm on holiday abroad and I can't feel my bum and I've wet myself",
        slots={"red_flag_urgency": "emergency", "red_flags": ["saddle_anaesthesia"]},
        entities=flag_entities("saddle_anaesthesia", urgency="emergency"),
    )
    dispatcher, events = await escalate(away)
    assert "112" in dispatcher.messages[-1]["text"] and "911" in dispatcher.messages[-1]["text"]
    # ... and the replies after it name 112 or the local number, not the clinic's own.
    assert SlotSet("emergency_number", "112 (or the local emergency number)") in events
    assert "112 (or the local emergency number)" in dispatcher.messages[0]["text"]
    # ... nor the clinic's non-emergency line (live test, round 43: 111 to a tourist in Spain).
    assert SlotSet("has_non_emergency_service", False) in events
    assert SlotSet("non_emergency_service", None) in events
    # At home, the one number of the clinic's country, and the line stays.
    dispatcher, events = await escalate(emergency_tracker(sender_id="patient-2"))
    assert not any("112" in str(m.get("text")) for m in dispatcher.messages)
    assert SlotSet("has_non_emergency_service", False) not in events


async def test_details_given_with_a_request_another_action_answered_first_are_kept(configured):
    # Live test 49 (reworded): the FAQ action answered "my sister will drive me" and started
    # the form; Rasa then validated with the loop already active, and the name was asked for.
    text = "my sister will drive me. yes ring me afterwards, Noor, +44 7700 900662"
    events = [
        user_event_dict(text),
        {"event": "action", "name": "action_answer_faq"},
        {"event": "action", "name": "callback_form"},
        {"event": "active_loop", "name": "callback_form"},
    ]
    tracker = form_tracker(events, {"requested_slot": None}, text, {"name": "callback_form"})
    dispatcher = DomainDispatcher()
    result = await ValidateCallbackForm().run(dispatcher, tracker, FORM_DOMAIN)
    assert SlotSet("contact_name", "Noor") in result
    assert SlotSet("contact_phone", "+447700900662") in result
    assert "Noor" in dispatcher.messages[0]["text"]


def test_a_name_with_then_or_please_is_the_name_and_an_initial_is_told(configured):
    # Live test 50 (reworded): "Kit then" was not taken as a name, "K" got the advice again.
    assert validator_call("validate_contact_name", "Kit then")[0] == {"contact_name": "Kit"}
    assert validator_call("validate_contact_name", "ok Kit please")[0] == {"contact_name": "Kit"}
    result, messages = validator_call("validate_contact_name", "K")
    assert result == {"contact_name": None} and "initial" in messages[0]["text"]
