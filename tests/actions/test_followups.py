"""Follow-ups on the last topic (actions/followups.py)."""

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import followups
from actions.followups import ActionAnswerFollowup, asked_detail, followup_kind, last_faq_topic
from tests.actions.test_faq import tracker_with, user_event


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
    monkeypatch.setattr(followups, "followup_answer", lambda topic, kind: f"{topic}:{kind} answer")
    dispatcher = CollectingDispatcher()
    events = [user_event("faq", "ice"), user_event("ask_followup_duration")]
    await ActionAnswerFollowup().run(dispatcher, tracker_with(events), {})
    assert [m["text"] for m in dispatcher.messages] == ["ice:duration answer"]


async def test_follow_up_repeats_the_topic_answer_when_articles_give_no_detail(
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.setattr(followups, "followup_answer", lambda topic, kind: None)
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
    from actions.followups import followup_kind, resolve_followup

    assert followup_kind("and after that?") == "switch"
    assert "heat" in (resolve_followup("ice", "then what, once the 3 days are up") or "")
    assert resolve_followup("stretch_pelvic_tilt", "and after that?") is None


def test_which_ones_after_stretch_safety_and_when_to_swap_after_a_bath_are_answered():
    # Round 33 dev (reworded): "which ones exactly" with a reason after it, and "when do i swap"
    # after the warm bath answer, got "I can't help with that".
    from actions.followups import followup_kind, resolve_followup

    assert followup_kind("ok which ones exactly cos i dont want to get it wrong") == "names"
    assert "pelvic tilt" in (resolve_followup("stretch_safety", "which ones?") or "")
    assert "72 hours" in (resolve_followup("warm_bath", "when do i swap over") or "")


def test_two_short_follow_ups_in_one_message_are_still_a_follow_up():
    # Live test, round 35 (reworded): after the ice answer, this got how long spasms last.
    assert followup_kind("ok and how long each go? and how many goes a day?") == "duration"
    assert followup_kind("ok and how long each go? and is it bad if I fall asleep on it") is None


def test_fair_enough_is_no_question_of_how_much():
    # Live test, round 52 (reworded): "lol fair enough, bye" after the water answer got the
    # amount again.
    from actions.followups import followup_kind

    assert followup_kind("lol fair enough, bye") is None
    # round 49 dev (reworded): when to do it again is how often
    assert followup_kind("ok when should i do it again?") == "duration"
    assert followup_kind("is 6 glasses enough?") == "duration"


def test_how_to_do_it_and_how_many_times_gets_the_whole_answer():
    # Live test, round 42 (reworded): only the repetitions were sent.
    text = "How do I actually do the pelvic tilt then? And how many times in a row?"
    assert asked_detail("stretch_pelvic_tilt", text) is None
    started = "I've started the pelvic tilt, how many times in a row?"
    assert asked_detail("stretch_pelvic_tilt", started)


def test_how_long_each_time_after_alternating_hot_and_cold_gives_the_times():
    # Round 43 dev (reworded): "so how long each time" after the alternating answer got the
    # alternating answer again, with no time in it.
    from actions.followups import resolve_followup_any

    answer = resolve_followup_any(("hot_cold_alternating",), "ok so how long for each one")
    assert answer is not None and "15 to 20 minutes" in answer


def test_a_desk_set_up_is_no_question_of_sets():
    # Round 44 dev (reworded): "... - desk set up tips?" got the breaks' duration answer.
    assert followup_kind("desk set up tips?") is None
    assert (
        asked_detail("ergonomics", "Long shifts on the ward - any tips for the desk set-up?")
        is None
    )
    assert followup_kind("how many sets?") == "reps"
