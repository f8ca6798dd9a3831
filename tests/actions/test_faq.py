from typing import Any, Dict, List, Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import faq
from actions.faq import ActionAnswerFollowup, last_faq_topic


def user_event(intent: str, topic: Optional[str] = None, text: str = "...") -> Dict[str, Any]:
    parse_data: Dict[str, Any] = {"intent": {"name": intent, "confidence": 0.9}, "text": text}
    if topic is not None:
        parse_data["response_selector"] = {
            "faq": {"response": {"intent_response_key": f"faq/{topic}"}}
        }
    return {"event": "user", "text": text, "parse_data": parse_data}


def tracker_with(events: List[Dict[str, Any]]) -> Tracker:
    latest = events[-1]["parse_data"] if events and events[-1]["event"] == "user" else {}
    return Tracker("patient-1", {}, latest, events, False, None, {}, "action_listen")


def test_last_faq_topic_is_the_most_recent_faq_question():
    events = [
        user_event("faq", "ice"),
        {"event": "bot", "text": "ice answer"},
        user_event("faq", "heat"),
        {"event": "bot", "text": "heat answer"},
        user_event("ask_followup_duration"),
    ]
    assert last_faq_topic(tracker_with(events)) == "heat"


def test_last_faq_topic_skips_follow_ups_and_chit_chat():
    events = [
        user_event("faq", "stretch_bridge"),
        user_event("thank"),
        user_event("ask_followup_howto"),
    ]
    assert last_faq_topic(tracker_with(events)) == "stretch_bridge"


def test_last_faq_topic_stops_at_a_new_session():
    events = [
        user_event("faq", "ice"),
        {"event": "session_started"},
        user_event("ask_followup_howto"),
    ]
    assert last_faq_topic(tracker_with(events)) is None


async def test_follow_up_uses_the_specific_answer_when_there_is_one(
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.setattr(faq, "followup_answer", lambda topic, kind: f"{topic}:{kind} answer")
    dispatcher = CollectingDispatcher()
    events = [user_event("faq", "ice"), user_event("ask_followup_duration")]
    await ActionAnswerFollowup().run(dispatcher, tracker_with(events), {})
    assert [m["text"] for m in dispatcher.messages] == ["ice:duration answer"]


async def test_follow_up_repeats_the_topic_answer_when_articles_give_no_detail(
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.setattr(faq, "followup_answer", lambda topic, kind: None)
    dispatcher = CollectingDispatcher()
    events = [user_event("faq", "massage"), user_event("ask_followup_howto")]
    await ActionAnswerFollowup().run(dispatcher, tracker_with(events), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_faq/massage"]


async def test_follow_up_without_a_topic_asks_to_rephrase():
    dispatcher = CollectingDispatcher()
    await ActionAnswerFollowup().run(
        dispatcher, tracker_with([user_event("ask_followup_howto")]), {}
    )
    assert [m["response"] for m in dispatcher.messages] == ["utter_default"]


async def test_real_follow_up_answers_exist_for_ice_and_a_named_stretch():
    dispatcher = CollectingDispatcher()
    events = [user_event("faq", "ice"), user_event("ask_followup_duration")]
    await ActionAnswerFollowup().run(dispatcher, tracker_with(events), {})
    assert "minute" in dispatcher.messages[0]["text"]

    dispatcher = CollectingDispatcher()
    events = [user_event("faq", "stretch_pelvic_tilt"), user_event("ask_followup_howto")]
    await ActionAnswerFollowup().run(dispatcher, tracker_with(events), {})
    assert "Source" in dispatcher.messages[0]["text"]


async def test_a_follow_up_naming_its_topic_gets_that_topics_detail():
    # After another answer, "ice, how many minutes?" is about the ice.
    dispatcher = CollectingDispatcher()
    events = [
        user_event("faq", "exercise_cramp"),
        user_event("ask_followup_duration", None, "and the ice, how many minutes"),
    ]
    await ActionAnswerFollowup().run(dispatcher, tracker_with(events), {})
    assert "ice pack" in dispatcher.messages[0]["text"]


def test_what_comes_after_the_ice_is_the_switch_to_heat():
    from actions.faq import followup_kind, resolve_followup

    assert followup_kind("and after that?") == "switch"
    assert "heat" in (resolve_followup("ice", "then what, once the 3 days are up") or "")
    assert resolve_followup("stretch_pelvic_tilt", "and after that?") is None


def in_callback_form(text: str, topic: str, requested: str = "contact_name") -> Tracker:
    event = user_event("faq", topic, text)
    return Tracker(
        "patient-1",
        {"requested_slot": requested},
        event["parse_data"],
        [event],
        False,
        None,
        {"name": "callback_form"},
        "action_listen",
    )


@pytest.mark.asyncio
async def test_a_name_the_nlu_took_for_a_question_is_taken_as_the_name():
    dispatcher = CollectingDispatcher()
    tracker = in_callback_form("Wilhelmina Quaresma", "yoga_mindfulness")
    events = await faq.ActionAnswerFaq().run(dispatcher, tracker, {})
    assert events[0] == (
        {"event": "slot", "timestamp": None, "name": "contact_name", "value": "Wilhelmina Quaresma"}
    )
    assert dispatcher.messages == []


@pytest.mark.asyncio
async def test_a_name_with_a_number_and_a_note_gives_the_form_both():
    dispatcher = CollectingDispatcher()
    text = "Ann Baker. +44 7700 900418, any time after ten is best"
    events = await faq.ActionAnswerFaq().run(dispatcher, in_callback_form(text, "heat"), {})
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["contact_name"] == "Ann Baker"
    assert slots["contact_phone"] == text  # the form's validation reads the number
    assert dispatcher.messages == []


@pytest.mark.asyncio
async def test_a_number_the_nlu_took_for_a_question_is_taken_as_the_number():
    dispatcher = CollectingDispatcher()
    text = "sorry the dog stood on my keyboard 07700 900123"
    tracker = in_callback_form(text, "aerobic_exercise", requested="contact_phone")
    events = await faq.ActionAnswerFaq().run(dispatcher, tracker, {})
    assert events[0] == {"event": "slot", "timestamp": None, "name": "contact_phone", "value": text}
    assert dispatcher.messages == []  # the form checks the number and asks for consent
    # A usable number and a question about it is the number ("will that do?").
    dispatcher.messages.clear()
    asked = "+44 20 7946 0958 will that do?"
    tracker = in_callback_form(asked, "who_to_see", requested="contact_phone")
    events = await faq.ActionAnswerFaq().run(dispatcher, tracker, {})
    assert events[0]["name"] == "contact_phone" and dispatcher.messages == []
    # A number in a sentence of its own, then a question: the number (the form answers it).
    dispatcher.messages.clear()
    apart = "sorry missed a digit, +44 1632 960712. how long before they ring?"
    tracker = in_callback_form(apart, "who_to_see", requested="contact_phone")
    events = await faq.ActionAnswerFaq().run(dispatcher, tracker, {})
    assert events[0]["name"] == "contact_phone" and dispatcher.messages == []
    # A question with digits in it is still a question.
    tracker = in_callback_form("is 0800 123 4567 free to call?", "who_to_see", "contact_phone")
    await faq.ActionAnswerFaq().run(dispatcher, tracker, {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_faq/who_to_see"]


@pytest.mark.asyncio
async def test_a_question_in_the_form_is_answered_and_the_name_left_unset():
    dispatcher = CollectingDispatcher()
    for text in ("how long do they last?", "how long do they last"):
        dispatcher.messages.clear()
        events = await faq.ActionAnswerFaq().run(dispatcher, in_callback_form(text, "duration"), {})
        assert [m["response"] for m in dispatcher.messages] == ["utter_faq/duration"]
        assert not any(e.get("name") == "contact_name" for e in events)
    # Asked for the phone number, a capitalised question is still a question.
    dispatcher.messages.clear()
    tracker = in_callback_form("Does Heat Help", "heat", requested="contact_phone")
    await faq.ActionAnswerFaq().run(dispatcher, tracker, {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_faq/heat"]


async def test_a_refusal_read_as_a_question_in_the_form_is_the_answer_that_stops_it():
    dispatcher = CollectingDispatcher()
    tracker = in_callback_form("i dont want a call back", "when_to_see_doctor")
    events = await faq.ActionAnswerFaq().run(dispatcher, tracker, {})
    assert dispatcher.messages == []
    assert {"event": "slot", "name": "contact_name", "value": "i dont want a call back"} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events
    ]


async def test_a_question_about_the_call_in_the_form_gets_the_call_back_details():
    dispatcher = CollectingDispatcher()
    tracker = in_callback_form("how long till someone rings me back?", "duration")
    await faq.ActionAnswerFaq().run(dispatcher, tracker, {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_callback_details"]


async def test_a_how_long_follow_up_the_topic_model_calls_duration_is_about_the_last_topic():
    from actions.faq import ActionAnswerFaq
    from tests.actions.test_fallback import parse, run, user

    asked = parse("ice or heat?", [("faq", 0.99)], [("ice_or_heat", 0.95)])
    again = parse("how long do i leave it on for", [("faq", 0.99)], [("duration", 0.9)])
    messages, _ = await run(ActionAnswerFaq, [user(asked), user(again)])
    assert len(messages) == 1 and "minutes" in messages[0]["text"]
    # Naming its own subject, it is the duration topic's question.
    own = parse("how long do back spasms last", [("faq", 0.99)], [("duration", 0.9)])
    messages, _ = await run(ActionAnswerFaq, [user(asked), user(own)])
    assert messages[-1].get("response") == "utter_faq/duration"


async def test_a_follow_up_naming_another_topic_is_about_that_topic():
    from actions.faq import ActionAnswerFaq
    from tests.actions.test_fallback import parse, run, user

    asked = parse(
        "how long to hold the child's pose", [("faq", 0.99)], [("stretch_childs_pose", 0.9)]
    )
    other = parse(
        "and the cat camel, how many reps?", [("faq", 0.99)], [("stretch_cat_camel", 0.8)]
    )
    messages, _ = await run(ActionAnswerFaq, [user(asked), user(other)])
    assert [m.get("response") for m in messages] == ["utter_faq/stretch_cat_camel"]


async def test_a_question_inside_the_form_right_after_emergency_advice_gets_the_advice():
    from actions.faq import ActionAnswerFaq
    from tests.actions.test_fallback import emergency_then

    events = emergency_then("what if i go tomorrow morning", [("faq", 0.9)])
    dispatcher = CollectingDispatcher()
    slots = {"red_flag_urgency": "emergency", "requested_slot": "contact_name"}
    latest = events[-1]["parse_data"]
    tracker = Tracker("p", slots, latest, events, False, None, {"name": "callback_form"}, "")
    await ActionAnswerFaq().run(dispatcher, tracker, {})
    assert [m.get("response") for m in dispatcher.messages] == ["utter_escalation_after_emergency"]


async def test_after_emergency_advice_no_article_is_added_to_the_advice():
    # "can i drive myself to a&e" read surely as the sitting topic added "a short walk or
    # stairs" to a possible heart attack's advice (round-6 live tester).
    from actions.faq import ActionAnswerFaq
    from tests.actions.test_fallback import emergency_then

    events = emergency_then("can i drive myself to a&e then", [("faq", 0.99)])
    events[-1]["parse_data"]["response_selector"] = {
        "faq": {
            "ranking": [{"intent_response_key": "faq/prolonged_sitting", "confidence": 0.99}],
            "response": {"intent_response_key": "faq/prolonged_sitting", "confidence": 0.99},
        }
    }
    slots = {"red_flag_urgency": "emergency"}
    latest = events[-1]["parse_data"]
    tracker = Tracker("p", slots, latest, events, False, None, {}, "")
    dispatcher = CollectingDispatcher()
    await ActionAnswerFaq().run(dispatcher, tracker, {})
    responses = [m.get("response") or "" for m in dispatcher.messages]
    assert responses and not any(r.startswith("utter_faq/") for r in responses), responses
