"""actions.callback_time: when to call, asked or said, after the call back was stored."""

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.callback_offer import ActionOfferCallback
from actions.callback_questions import ActionAnswerCallbackQuestion
from actions.callback_submit import ActionSubmitCallback
from actions.callback_time import asks_when_called, wishes_a_time
from actions.escalation import wait_for_background_deliveries
from actions.fallback import ActionDefaultFallback
from actions.faq import ActionAnswerFaq
from tests.actions.domain_dispatcher import DomainDispatcher
from tests.actions.test_escalation import callback_slots, emergency_tracker, escalate
from tests.escalation.helpers import make_tracker


@pytest.mark.parametrize(
    ("text", "wish"),
    [
        ("mornings before eleven are best", True),
        ("can they ring after 5?", True),
        ("can they call me back after 5?", True),
        ("any time is fine", True),
        ("what time will they ring?", False),  # asks when, says nothing of when
        ("my back is worse in the mornings, is that normal?", False),  # about the back
        ("can I take ibuprofen in the evening?", False),
        ("ok thanks", False),
    ],
)
def test_a_time_wish_is_told_from_a_question_about_when(text, wish):
    tracker = make_tracker(
        text=text, intent="ask_callback_details", slots={"callback_arranged": True}
    )
    assert wishes_a_time(tracker) is wish
    assert asks_when_called(text) is (text == "what time will they ring?")


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("action", "intent"),
    [
        (ActionAnswerFaq, "faq"),
        (ActionDefaultFallback, "nlu_fallback"),
        (ActionOfferCallback, "request_human"),
    ],
)
async def test_a_time_wish_read_as_another_intent_is_noted_too(configured, store, action, intent):
    # Round 44 live test (reworded): "mornings are best for me" after the call back got the
    # sleep-position answer; "can the doctor ring me in the morning?" the offer again.
    _, escalated = await escalate(emergency_tracker())
    slots = {**callback_slots(escalation_case_id=escalated[0]["value"]), "callback_arranged": True}
    tracker = make_tracker(text="mornings suit me best please", intent=intent, slots=slots)
    dispatcher = DomainDispatcher()
    await action().run(dispatcher, tracker, {})
    await wait_for_background_deliveries()
    assert [m["response"] for m in dispatcher.messages] == ["utter_callback_time_added"]


def test_no_time_wish_before_the_call_back_is_stored_or_inside_the_form():
    text = "mornings before eleven are best"
    assert not wishes_a_time(make_tracker(text=text, intent="ask_callback_details"))
    in_form = make_tracker(
        text=text,
        intent="ask_callback_details",
        slots={"callback_arranged": True},
        active_loop={"name": "callback_form"},
    )
    assert not wishes_a_time(in_form)


@pytest.mark.asyncio
async def test_a_time_said_after_the_call_back_reaches_the_doctor(configured, store, webhook):
    # Live test, round 43: "mornings before eleven" after the form got the fallback, although
    # the call-back replies ask for it ("if a time suits you best, say so here").
    _, escalated = await escalate(emergency_tracker())
    case_id = escalated[0]["value"]
    slots = callback_slots(escalation_case_id=case_id)
    await ActionSubmitCallback().run(DomainDispatcher(), make_tracker(text="yes", slots=slots), {})
    await wait_for_background_deliveries()

    wish = "mornings before eleven are best"
    tracker = make_tracker(
        text=wish, intent="ask_callback_details", slots={**slots, "callback_arranged": True}
    )
    dispatcher = DomainDispatcher()
    events = await ActionAnswerCallbackQuestion().run(dispatcher, tracker, {})
    await wait_for_background_deliveries()

    assert events == []
    [reply] = dispatcher.messages
    assert "added that to your case" in reply["text"] and "can't promise a time" in reply["text"]
    update = webhook.deliveries()[-1]
    assert update["changes"] == ["note_added"]
    assert any(line["text"] == wish for line in update["transcript"])
    assert store.get_case(case_id)["revision"] == 3


@pytest.mark.parametrize(
    ("text", "wish"),
    [
        # Round 44 live test (reworded): after emergency advice, waiting for the call instead
        # of going was taken for a time to call.
        ("she won't go, says she'll wait for your doctor to ring after 6. what now", False),
        ("he'd rather wait till the doctor calls this evening", False),
        ("mornings are best for me", True),  # a time, nothing put off
    ],
)
def test_waiting_for_the_call_instead_of_going_is_no_time_wish(text, wish):
    history = [{"event": "action", "name": "utter_emergency_advice"}]
    tracker = make_tracker(
        text=text, intent="faq", slots={"callback_arranged": True}, history=history
    )
    assert wishes_a_time(tracker) is wish


@pytest.mark.asyncio
async def test_a_time_for_the_call_after_same_day_advice_keeps_the_visit(configured, store):
    # Second live test, round 44 (reworded): "best time is tomorrow morning" after "see a
    # doctor today" was only added to the case.
    _, escalated = await escalate(emergency_tracker())
    slots = {**callback_slots(escalation_case_id=escalated[0]["value"]), "callback_arranged": True}
    history = [{"event": "action", "name": "utter_urgent_advice"}]
    tracker = make_tracker(
        text="tomorrow morning suits me best", intent="faq", slots=slots, history=history
    )
    dispatcher = CollectingDispatcher()
    await ActionAnswerFaq().run(dispatcher, tracker, {})
    await wait_for_background_deliveries()
    sent = [m["response"] for m in dispatcher.messages]
    assert sent[0] == "utter_callback_time_added" and len(sent) == 2
    assert sent[1].startswith("utter_escalation_after_callback")
