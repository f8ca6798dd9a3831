"""The confirming question (or the clarify reply) about a red flag only the model suspects."""

from __future__ import annotations

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import latest_text
from actions.fallback import ActionDefaultFallback
from actions.red_flag_confirmation import ActionAskRedFlagConfirmation
from clinic.contract import DOMAIN_PATH, EMERGENCY, RED_FLAG_RULES_PATH
from clinic.responses import load_responses
from tests.actions.test_fallback import (
    action,
    emergency_then,
    parse,
    responses,
    run,
    slot_events,
    tracker,
    user,
)


async def test_a_suspected_urgent_or_soon_flag_gets_its_yes_no_question_once():
    message = user(parse("my clothes are all loose now", [("report_red_flag", 1.0)]))
    messages, result = await run(
        ActionAskRedFlagConfirmation,
        [message],
        red_flag_advice="confirm",
        red_flag_suspected="cancer_history",
    )
    # The wording is the flag's variation of utter_confirm_red_flag (domain/confirmation.yml).
    assert responses(messages) == ["utter_confirm_red_flag"]
    assert slot_events(result) == {"red_flag_advice": None}


async def test_a_suspected_emergency_sign_gets_the_clarify_reply():
    message = user(parse("something feels off", [("report_red_flag", 1.0)]))
    messages, result = await run(ActionAskRedFlagConfirmation, [message], red_flag_advice="clarify")
    assert responses(messages) == ["utter_red_flag_clarify"]
    assert slot_events(result) == {"red_flag_advice": None}


def denial(text, intents):
    """A message whose every warning sign the detector read as denied."""
    parsed = parse(text, intents)
    parsed["red_flag_detection"] = {
        "outcome": "demote",
        "flags": [],
        "findings": {"saddle_numbness": "negated", "bladder_bowel_control": "negated"},
    }
    return parsed


async def test_a_message_that_only_denies_warning_signs_is_thanked_not_questioned():
    message = user(
        denial("nothing numb down there and my bladder's fine", [("report_red_flag", 1.0)])
    )
    messages, result = await run(ActionAskRedFlagConfirmation, [message], red_flag_advice="clarify")
    assert responses(messages) == ["utter_warning_signs_denied"]
    assert result[-1]["name"] == "action_listen"  # no call-back offer after it
    # The fallback says the same, not "say it another way".
    message = user(denial("she's had none of that, I asked", [("nlu_fallback", 0.4)]))
    messages, _ = await run(ActionDefaultFallback, [message])
    assert responses(messages) == ["utter_warning_signs_denied"]


async def test_a_denial_after_urgent_advice_keeps_the_advice_standing():
    # round 40 dev (reworded): a dragging foot escalated as urgent, then "no pain down the leg,
    # and both sides of my bum feel normal" got "That's reassuring" and ordinary home care.
    report = parse("my left foot keeps catching the kerb, worse today", [("report_red_flag", 1.0)])
    answer = denial("no pain down the leg and my bum feels normal", [("report_red_flag", 1.0)])
    events = [
        user(report),
        action("utter_urgent_advice"),
        action("action_escalate_case"),
        user(answer),
    ]
    messages, _ = await run(ActionAskRedFlagConfirmation, events, red_flag_advice="clarify")
    assert responses(messages) == ["utter_warning_signs_denied_urgent"]
    # the wording exists, for every setting of the non-emergency service
    assert "utter_warning_signs_denied_urgent" in load_responses(DOMAIN_PATH / "escalation.yml")


def test_the_case_keeps_the_words_that_raised_the_question():
    first = user(parse("my clothes are all loose now", [("report_red_flag", 1.0)]))
    yes = user(parse("yes, a stone", [("report_red_flag", 1.0)]))
    asked = [first, action("action_ask_red_flag_confirmation"), action("action_listen"), yes]
    assert latest_text(tracker(asked)) == "my clothes are all loose now / yes, a stone"
    # Not an answer to the question: only the latest message.
    other = [first, action("action_answer_faq"), action("action_listen"), yes]
    assert latest_text(tracker(other)) == "yes, a stone"


def test_every_urgent_and_soon_flag_has_its_own_question():
    flags = yaml.safe_load(RED_FLAG_RULES_PATH.read_text(encoding="utf-8"))["flags"]
    askable = {flag["id"] for flag in flags if flag["urgency"] != EMERGENCY}
    variations = load_responses(DOMAIN_PATH / "confirmation.yml")
    asked = {
        condition["value"]
        for variation in variations["utter_confirm_red_flag"]
        for condition in variation.get("condition") or []
        if condition["name"] == "red_flag_suspected"
    }
    assert askable and asked == askable
    for variation in variations["utter_confirm_red_flag"]:
        assert variation["text"].endswith("(yes / no)")


async def test_a_report_that_also_asks_gets_the_answer_after_the_advice():
    from actions.question_too import ActionAnswerQuestionToo

    asked = parse(
        "lost weight without trying, and what stretches help?",
        [("report_red_flag", 1.0), ("faq", 0.93), ("greet", 0.01)],
        [("stretches", 0.9)],
    )
    messages, _ = await run(ActionAnswerQuestionToo, [user(asked)])
    assert responses(messages) == ["utter_faq/stretches"]
    # A report that only reports, or whose topic is unsure, gets nothing more.
    only = parse("lost weight without trying", [("report_red_flag", 1.0), ("greet", 0.6)])
    messages, _ = await run(ActionAnswerQuestionToo, [user(only)])
    assert messages == []
    unsure = parse(
        "lost weight, hmm?",
        [("report_red_flag", 1.0), ("faq", 0.9)],
        [("stretches", 0.2), ("heat", 0.19)],
    )
    messages, _ = await run(ActionAnswerQuestionToo, [user(unsure)])
    assert messages == []


async def test_no_question_right_after_emergency_advice_the_advice_comes_again():
    # "It's getting worse" after the emergency advice: a suspected urgent flag is beside the
    # point; the fallback repeats the emergency advice.
    events = emergency_then("its getting worse", [("report_red_flag", 1.0)])
    messages, result = await run(
        ActionAskRedFlagConfirmation,
        events,
        red_flag_advice="confirm",
        red_flag_suspected="progressive_leg_weakness",
        red_flag_urgency="emergency",
    )
    assert messages == []
    assert slot_events(result) == {"red_flag_advice": None}
    assert [e["name"] for e in result if e["event"] == "followup"] == ["action_default_fallback"]


async def test_after_a_question_already_answered_with_the_advice_nothing_more_is_said():
    events = [
        *emergency_then("should i stretch it", [("faq", 0.9)]),
        action("action_answer_faq"),
    ]
    slots = {"red_flag_advice": "clarify", "red_flag_urgency": "emergency"}
    asked = Tracker("p", slots, events[-2]["parse_data"], events, False, None, {}, "")
    dispatcher = CollectingDispatcher()
    result = await ActionAskRedFlagConfirmation().run(dispatcher, asked, {})
    assert dispatcher.messages == []
    assert [e["event"] for e in result] == ["slot"]


async def test_after_soon_advice_a_suspected_urgent_flag_still_gets_its_question():
    report = parse("spasms for a week now", [("report_red_flag", 1.0)])
    events = [
        user(report),
        action("utter_soon_advice"),
        action("action_escalate_case"),
        user(parse("and i wake up at night with it", [("report_red_flag", 1.0)])),
    ]
    messages, _ = await run(
        ActionAskRedFlagConfirmation,
        events,
        red_flag_advice="confirm",
        red_flag_suspected="weight_loss_or_night_pain",
        red_flag_urgency="soon",
    )
    assert responses(messages) == ["utter_confirm_red_flag"]


async def test_after_soon_advice_for_a_flag_its_own_question_is_not_asked_again():
    # Round 46 dev (reworded): the leg was escalated as "soon"; a long story about how it
    # spread, told next, made the model suspect the same flag, and its yes/no question came.
    report = parse("tingling down the back of my left leg to the calf", [("report_red_flag", 1.0)])
    report["entities"] = [{"entity": "red_flag", "value": "one_leg_nerve_symptoms"}]
    events = [
        user(report),
        action("utter_soon_advice"),
        action("action_escalate_case"),
        user(parse("it went from my bum to behind the knee to the calf", [("faq", 0.8)])),
    ]
    messages, result = await run(
        ActionAskRedFlagConfirmation,
        events,
        red_flag_advice="confirm",
        red_flag_suspected="one_leg_nerve_symptoms",
        red_flag_urgency="soon",
        red_flags=["one_leg_nerve_symptoms"],
    )
    assert messages == []
    assert [e["name"] for e in result if e["event"] == "followup"] == ["action_default_fallback"]
