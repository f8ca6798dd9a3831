"""Tests for actions.callback_form: when the patient would like the call, a corrected name."""

from typing import Any, Dict, List, Tuple

import pytest

from actions.callback_form import TIME_WISH


@pytest.mark.parametrize(
    "text",
    [
        "after 5 is best",
        "0141 496 0018 but not during school hours pls",
        "mornings are easier",
        "any time before 7pm",
        "not between 2 and 3, im at the school gate",
        "weekends only",
    ],
)
def test_a_time_wish_is_read(text: str) -> None:
    assert TIME_WISH.search(text)


@pytest.mark.parametrize(
    "text",
    ["I'm not in pain right now", "as I said before", "after I fell it got worse", "yes"],
)
def test_words_of_time_in_a_sentence_are_no_wish(text: str) -> None:
    assert not TIME_WISH.search(text)


async def test_a_corrected_name_at_a_later_question_replaces_the_kept_one() -> None:
    # Live test, stop 44: "My name isn't Actually! It's Priya Shah" at the phone question was
    # ignored, and the doctor would have asked for "Actually".
    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher

    from actions.callback_form import ValidateCallbackForm

    def tracker(text: str, requested: str) -> Tracker:
        slots = {"requested_slot": requested, "contact_name": "Actually"}
        latest = {"text": text, "intent": {"name": "inform", "confidence": 0.9}}
        return Tracker("p", slots, latest, [], False, None, {}, "action_listen")

    form = ValidateCallbackForm()
    dispatcher = CollectingDispatcher()
    text = "My name isn't Actually! It's Rosa Diaz. The number is 07700 900 456"
    slots = await form.extract_contact_name(dispatcher, tracker(text, "contact_phone"), {})
    assert slots == {"contact_name": "Rosa Diaz"}
    assert dispatcher.messages[0]["response"] == "utter_escalation_name_changed"
    # a day to call is no new name
    dispatcher = CollectingDispatcher()
    day = tracker(
        "Could they call me Monday? Wrong name by the way, it's Monday I'm free", "contact_consent"
    )
    assert await form.extract_contact_name(dispatcher, day, {}) == {}
    # a number alone changes nothing
    dispatcher = CollectingDispatcher()
    slots = await form.extract_contact_name(
        dispatcher, tracker("07700 900 456", "contact_phone"), {}
    )
    assert slots == {} and dispatcher.messages == []


def _at_consent(text: str, intent: str) -> Tuple[Dict[str, Any], List[str]]:
    """Validates `text` at the consent question (heat ranked first): (slots, responses)."""
    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher

    from actions.callback_form import ValidateCallbackForm

    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "response_selector": {
            "faq": {"ranking": [{"intent_response_key": "faq/heat", "confidence": 0.95}]}
        },
    }
    slots = {
        "requested_slot": "contact_consent",
        "contact_name": "Rosa",
        "contact_phone": "+447700900456",
    }
    tracker = Tracker("p", slots, latest, [], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    result = ValidateCallbackForm().validate_contact_consent(text, dispatcher, tracker, {})
    return result, [m["response"] for m in dispatcher.messages]


async def test_a_question_after_the_yes_to_consent_is_answered() -> None:
    # Live test, round 37 (reworded): "Yes that's fine. Should I bring my tablets?" got only
    # the confirmation.
    result, responses = _at_consent("Yes, go ahead. Is a hot water bottle ok tonight?", "affirm")
    assert result == {"contact_consent": True}
    assert responses == ["utter_faq/heat"]


async def test_a_change_of_mind_at_consent_stops_the_form_and_answers_the_question() -> None:
    # Round 47 dev (reworded): "actually no dont worry, ill try the heat first. how long do i
    # leave it on" got the heat answer and the consent question again, twice.
    text = "oh no don't worry, I'll try the heat pad first. how long should it stay on?"
    result, responses = _at_consent(text, "faq")
    assert result["requested_slot"] is None and result["contact_consent"] is False
    assert result["contact_name"] is None and result["contact_phone"] is None
    assert "utter_escalation_consent_unclear" not in responses


@pytest.mark.parametrize(
    ("text", "slots"),
    [
        # Live test, round 37 (reworded): the name in the yes that starts the form was asked
        # for again.
        ("yes a call back later please. Name: Dr Kemi Ade", {"contact_name": "Dr Kemi Ade"}),
        # live test, stop 48 (reworded): the title's full stop, a remark in brackets
        (
            "Yes to the call back. Name: Dr. Ian Moss (a retired vet, not a medic). Phone: later",
            {"contact_name": "Dr. Ian Moss"},
        ),
        (
            "yes please, my name is Jo Bell and my number is 07700 900123",
            {"contact_name": "Jo Bell"},
        ),
        ("yes, whats the name of the doctor?", {}),
    ],
)
async def test_a_name_said_in_the_yes_that_starts_the_form_is_kept(text: str, slots) -> None:
    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher

    from actions.callback_form import ValidateCallbackForm

    latest = {"text": text, "intent": {"name": "affirm", "confidence": 0.9}}
    tracker = Tracker("p", {"requested_slot": None}, latest, [], False, None, {}, "action_listen")
    result = await ValidateCallbackForm().extract_contact_name(CollectingDispatcher(), tracker, {})
    assert result == slots


@pytest.mark.parametrize(
    ("text", "slots"),
    [
        # Live test, stop 46 (reworded): the number in the yes that starts the form was asked
        # for again.
        (
            "yes pls, it's Sam Reid, 07700 900321",
            {"contact_phone": "yes pls, it's Sam Reid, 07700 900321"},
        ),
        ("yes please call me after 2", {}),
    ],
)
async def test_a_number_said_in_the_yes_that_starts_the_form_is_kept(text: str, slots) -> None:
    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher

    from actions.callback_form import ValidateCallbackForm

    latest = {"text": text, "intent": {"name": "affirm", "confidence": 0.9}}
    tracker = Tracker("p", {"requested_slot": None}, latest, [], False, None, {}, "action_listen")
    result = await ValidateCallbackForm().extract_contact_phone(CollectingDispatcher(), tracker, {})
    assert result == slots


@pytest.mark.parametrize(("replies", "stops"), [(1, False), (2, True)])
async def test_the_form_lets_go_after_replies_with_no_name(replies: int, stops: bool) -> None:
    # R38 dev (reworded): a patient who moved on was told "I couldn't read that as a name"
    # at every message.
    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher

    from actions.callback_form import ValidateCallbackForm

    text = "been a couple of days, not getting worse, just a nuisance"
    events = [{"event": "active_loop", "name": "callback_form"}]
    events += [{"event": "user", "text": text}] * replies
    latest = {"text": text, "intent": {"name": "inform", "confidence": 0.9}}
    slots = {"requested_slot": "contact_name"}
    tracker = Tracker("p", slots, latest, events, False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    result = ValidateCallbackForm().validate_contact_name(text, dispatcher, tracker, {})
    if stops:
        assert result["requested_slot"] is None and result["contact_consent"] is False
        assert dispatcher.messages == []
    else:
        assert result == {"contact_name": None}
        assert [m["response"] for m in dispatcher.messages] == ["utter_escalation_invalid_name"]


@pytest.mark.parametrize(
    ("asked", "text", "intent"),
    [
        # Round 39 dev (reworded): "Why do you require my telephone number?" (answered), then
        # the number in words at the name question: the form let her go ("I won't pass on any
        # contact details").
        (
            "Why do you need my telephone number at all?",
            "Very well. It is oh seven seven double oh, nine double oh, one two three.",
            "inform",
        ),
        # Live test, round 45 (reworded): "how long till they ring" (no question mark), then
        # "my back still hurts" at the name question ended the form as if the patient had said
        # stop.
        ("how long till they ring me", "my back still hurts", "nlu_fallback"),
    ],
)
async def test_a_question_then_a_reply_without_a_name_do_not_end_the_form(
    asked: str, text: str, intent: str
) -> None:
    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher

    from actions.callback_form import ValidateCallbackForm

    events = [{"event": "active_loop", "name": "callback_form"}]
    events += [{"event": "user", "text": asked}, {"event": "user", "text": text}]
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.9}}
    tracker = Tracker(
        "p", {"requested_slot": "contact_name"}, latest, events, False, None, {}, "action_listen"
    )
    result = ValidateCallbackForm().validate_contact_name(text, CollectingDispatcher(), tracker, {})
    assert result == {"contact_name": None}


async def test_a_driving_question_with_the_yes_after_emergency_advice_is_about_the_advice() -> None:
    # Live test, round 39: "yes. Can my partner drive me to A&E?" after emergency advice got the
    # article on driving with a spasm ("see a doctor if it lasts more than three days") first,
    # then the after-advice answer again after the confirmation.
    import time

    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher

    from actions.callback_form import ValidateCallbackForm
    from actions.callback_submit import _answer_question_too

    text = "yes. Can my partner drive me to A&E?"
    now = time.time()
    events = [
        {"event": "user", "text": "it feels numb when I wipe", "timestamp": now - 9},
        {"event": "action", "name": "utter_emergency_advice_no_driving", "timestamp": now - 8},
        {"event": "user", "text": text, "timestamp": now - 1},
    ]
    latest = {
        "text": text,
        "intent": {"name": "affirm", "confidence": 0.9},
        "response_selector": {
            "faq": {"ranking": [{"intent_response_key": "faq/driving", "confidence": 0.9}]}
        },
    }
    slots = {
        "requested_slot": "contact_consent",
        "contact_name": "Lena",
        "contact_phone": "+447700900456",
        "red_flag_urgency": "emergency",
    }
    tracker = Tracker("p", slots, latest, events, False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    result = ValidateCallbackForm().validate_contact_consent(text, dispatcher, tracker, {})
    assert result == {"contact_consent": True}
    sent = [m["response"] for m in dispatcher.messages]
    assert sent and sent[0].startswith("utter_escalation_after_")
    # The submit that follows in the same turn does not answer it a second time.
    answered = {"event": "bot", "text": "...", "metadata": {"utter_action": sent[0]}}
    tracker.events.append(answered)
    dispatcher = CollectingDispatcher()
    assert _answer_question_too(dispatcher, tracker) == [] and dispatcher.messages == []


async def test_a_yes_with_a_red_flag_at_the_consent_question_is_not_taken() -> None:
    # Round 43 dev (reworded): a sign told with the yes to consent was saved as consent and the
    # form ended, with no advice and no escalation.
    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher

    from actions.callback_form import ValidateCallbackForm

    slots = {"requested_slot": "contact_consent", "contact_name": "Rosa", "contact_phone": None}

    def at_consent(text: str, intent: str) -> Tracker:
        latest = {"text": text, "intent": {"name": intent, "confidence": 0.9}}
        return Tracker("p", slots, latest, [], False, None, {}, "action_listen")

    form = ValidateCallbackForm()
    text = "yes ok. also he wet himself this morning without noticing, 07700 900456"
    for extract in (form.extract_contact_consent, form.extract_contact_phone):
        assert await extract(CollectingDispatcher(), at_consent(text, "report_red_flag"), {}) == {}
    # the same yes with no sign is consent
    plain = at_consent("yes ok", "inform")
    assert await form.extract_contact_consent(CollectingDispatcher(), plain, {}) == {
        "contact_consent": True
    }


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # Round 51 dev (reworded): the time was answered with the article on driving.
        ("07700 900482, ideally after 4pm once I've done the school run", "07700 900482,"),
        ("after 5 please. will it be a doctor?", "will it be a doctor?"),
    ],
)
def test_a_time_wish_beside_a_number_is_no_question(text: str, kept: str) -> None:
    from actions.callback_time import without_time_wish

    assert without_time_wish(text) == kept
