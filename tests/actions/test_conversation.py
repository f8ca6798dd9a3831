import pytest

from actions.conversation import (
    latest_text,
    reported_flags,
    reported_urgency,
    states_no_warning_signs,
    transcript,
)
from tests.escalation.helpers import PATIENT_MESSAGE, flag_entities, make_tracker


def test_flags_come_from_the_slot_and_the_latest_entities():
    tracker = make_tracker(
        slots={"red_flags": ["saddle_anaesthesia"]},
        entities=flag_entities("bladder_bowel_dysfunction", "saddle_anaesthesia"),
    )
    assert reported_flags(tracker) == ["saddle_anaesthesia", "bladder_bowel_dysfunction"]
    assert reported_flags(make_tracker(slots={"red_flags": "x"})) == ["x"]
    assert reported_flags(make_tracker()) == []


def test_urgency_is_the_highest_reported(catalogue):
    tracker = make_tracker(
        slots={"red_flag_urgency": "urgent"}, entities=flag_entities("a", urgency="emergency")
    )
    assert reported_urgency(tracker, ["a"], catalogue) == "emergency"


def test_urgency_falls_back_to_the_catalogue_then_to_urgent(catalogue):
    tracker = make_tracker()
    assert reported_urgency(tracker, ["saddle_anaesthesia"], catalogue) == "emergency"
    assert reported_urgency(tracker, ["never_heard_of"], catalogue) == "urgent"
    assert reported_urgency(tracker, [], catalogue) is None


def test_transcript_keeps_the_last_messages_in_order():
    history = [
        {"event": "user", "text": f"message {i}", "timestamp": 1700000000 + i} for i in range(30)
    ]
    history.append({"event": "slot", "name": "x", "value": 1})
    history.append({"event": "bot", "text": None, "timestamp": 1700000100})
    messages = transcript(make_tracker(history=history), 5)
    assert [m["speaker"] for m in messages] == [
        "patient",
        "patient",
        "assistant",
        "patient",
        "assistant",
    ]
    assert messages[3]["text"] == PATIENT_MESSAGE
    assert messages[0]["at"].endswith("Z")
    assert transcript(make_tracker(), 0) == []


def test_latest_text():
    assert latest_text(make_tracker()) == PATIENT_MESSAGE
    assert latest_text(make_tracker(text="  ")) is None


@pytest.mark.parametrize(
    ("text", "denies"),
    [
        # Round 44 dev (reworded): signs denied as what is normal, then "only the back".
        ("no problems with my legs, nothing numb, toilet's normal. just the back", True),
        ("legs are fine and peeing is ok", True),
        ("no numbness. only the back", True),
        ("no it's just in my back not my legs", True),
        # Round 51 dev (reworded): a carer telling what is as always for her son.
        ("her legs are no different to usual, and the bladder thing is nothing new", True),
        ("legs the same as always and nothing new with the pads", True),
        ("no numbness", False),  # one sign denied is not the list
        ("legs are fine, is that normal?", False),  # a question
    ],
)
def test_what_is_not_wrong_told_in_words(text, denies):
    assert states_no_warning_signs(make_tracker(text=text, intent="faq"), text) is denies
