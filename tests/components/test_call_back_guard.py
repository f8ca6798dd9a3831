"""A call-back request is not a no (components/call_back_guard.py)."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from components.call_back_guard import CallBackGuard


def _intent(text: str, name: str) -> str:
    message = Message(
        data={
            "text": text,
            "intent": {"name": name, "confidence": 0.8},
            "intent_ranking": [{"name": name, "confidence": 0.8}],
        }
    )
    CallBackGuard().process([message])
    return str(message.get("intent")["name"])


@pytest.mark.parametrize(
    ("text", "read_as"),
    [
        # Live test, round 37 (reworded): asked for a doctor twice, got neither.
        ("no hang on, changed my mind, can the doctor ring me back tonight", "stop"),
        ("pharmacy's closed. get the gp to phone me", "nlu_fallback"),
        ("nah. ring me back pls", "deny"),
        # Round 39 dev (reworded): a wife asking for a call for her husband.
        ("hello, could a doctor from the clinic phone my husband about his back?", "nlu_fallback"),
    ],
)
def test_a_call_asked_for_after_a_no_is_a_request(text: str, read_as: str) -> None:
    assert _intent(text, read_as) == "request_human"


@pytest.mark.parametrize(
    "text",
    [
        "no, don't get anyone to ring me",
        "no need to call me back, thanks",
        "stop, I don't want you to call me",
        "when will they call me",
        "no thanks, I'll call them myself",
    ],
)
def test_a_refusal_or_a_question_about_the_call_stays_as_it_was(text: str) -> None:
    assert _intent(text, "deny") == "deny"


def test_other_intents_are_left_alone() -> None:
    assert _intent("can a doctor call me back", "faq") == "faq"


def test_a_report_with_no_flag_that_asks_for_a_call_is_a_request() -> None:
    # Live test, round 39: "yeh go on then ring me. name is kez" at the offer was read as a
    # symptom report (the flag model: 0.22 at most) and got "tell me more about the symptom".
    def read(scores: dict) -> str:
        message = Message(
            data={
                "text": "yeah go on then, ring me. name's jo",
                "intent": {"name": "report_red_flag", "confidence": 0.9},
                "intent_ranking": [{"name": "report_red_flag", "confidence": 0.9}],
                "red_flag_scores": scores,
            }
        )
        CallBackGuard().process([message])
        return str(message.get("intent")["name"])

    assert read({"tearing_pain_or_fainting": 0.22}) == "request_human"
    # With a flag the model finds, the report stays for the detector to weigh.
    assert read({"saddle_numbness": 0.6}) == "report_red_flag"


def test_the_writer_saying_they_are_the_one_to_call_is_a_request_even_as_an_faq() -> None:
    # round 40 dev (reworded): after the offer, a name with who to ring, read as `faq`
    text = "it's about my daughter Amy but I'm the one you need to phone, Dawn Reid"
    assert _intent(text, "faq") == "request_human"
    assert _intent("can you tell me how to stretch my son's back", "faq") == "faq"
    assert _intent("no, you don't need to ring me", "faq") == "faq"


def test_a_complaint_that_nobody_called_is_a_request_again() -> None:
    # round 40 dev (reworded): unsure, it got "Sorry, I didn't quite understand"
    text = "rang you this morning for a call back and nobody has called. ridiculous"
    assert _intent(text, "nlu_fallback") == "request_human"


def test_a_complaint_read_as_an_faq_is_a_request_too() -> None:
    # second live test, stop 48 (reworded): it got the first-aid steps
    text = "i asked for a ring back on monday and nobody has called, my back is still bad"
    assert _intent(text, "faq") == "request_human"
    assert _intent("my back is still bad, what can I do", "faq") == "faq"


@pytest.mark.parametrize(
    ("text", "read_as"),
    [
        # Round 46 dev (reworded): a GP visit told first, with its medicine.
        (
            "Went to the GP on Monday, got co-codamol and was told it's a pulled muscle. I'm not "
            "convinced. Could I have a second opinion from your clinic?",
            "request_human",
        ),
        ("I'd like another opinion from one of your physios", "request_human"),
        # a second opinion told, not asked for
        ("the second opinion said it was muscular too, is heat ok now?", "faq"),
        # Live test, round 47 (reworded): to be booked in, a note only a doctor writes
        ("my back's bad from the desk, I'd like to get booked in with a physio", "request_human"),
        ("I need a fit note for work, can one of your doctors do that?", "request_human"),
        ("I got booked in at the GP for friday, can I use heat till then?", "faq"),
    ],
)
def test_a_second_opinion_booking_or_note_asked_of_the_clinic_is_a_request(
    text: str, read_as: str
) -> None:
    assert _intent(text, "faq") == read_as
