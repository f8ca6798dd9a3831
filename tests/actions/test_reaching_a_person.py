"""Asking to book or for a person reaches the call back (issue 8)."""

from __future__ import annotations

from actions.callback_offer import ActionOfferCallback
from actions.fallback import ActionDefaultFallback
from actions.faq import ActionAnswerFaq
from tests.actions.test_fallback import action, parse, responses, run, user


async def test_asking_to_book_offers_the_call_back():
    message = parse("do you do sports massage there? want to book in", [("faq", 0.6)])
    _, result = await run(ActionAnswerFaq, [user(message)])
    assert any(e.get("name") == "utter_offer_callback" for e in result)


async def test_asking_for_a_real_person_offers_the_call_back():
    message = parse("can I just speak to a nurse", [("nlu_fallback", 0.55)])
    _, result = await run(ActionDefaultFallback, [user(message)])
    assert any(e.get("name") == "utter_offer_callback" for e in result)


async def test_a_call_back_asked_for_after_urgent_advice_comes_with_a_short_reminder():
    # The whole advice again read as the bot repeating itself (live test, round 35): the
    # reminder says the call back does not replace being seen today.
    report = parse("shivery and feverish with this back pain", [("report_red_flag", 1.0)])
    ring = parse("could the clinic ring me about it", [("request_human", 0.9)])
    events = [user(report), action("utter_urgent_advice"), user(ring)]
    messages, _ = await run(ActionOfferCallback, events, red_flag_urgency="urgent")
    assert responses(messages) == ["utter_escalation_after_callback_urgent"]


async def test_cancelling_a_call_back_already_passed_on_says_it_cannot_be_withdrawn_here():
    from actions.question_too import ActionAnswerQuestionToo
    from tests.actions.test_fallback import parse, responses, run, user

    text = "actually can you cancel that, ill ring the clinic myself"
    events = [user(parse(text, [("stop", 0.9)]))]
    messages, _ = await run(ActionAnswerQuestionToo, events, contact_consent=True)
    assert responses(messages) == ["utter_escalation_callback_already_passed"]
    # Nothing passed on yet: the "OK" of the stop rule is the whole answer.
    messages, _ = await run(ActionAnswerQuestionToo, events)
    assert responses(messages) == []
