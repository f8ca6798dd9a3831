"""Thanks or a greeting with a question is the question (components/small_talk_guard.py)."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from components.small_talk_guard import SmallTalkGuard


def _relabelled(text: str, intent: str) -> str:
    message = Message(
        data={
            "text": text,
            "intent": {"name": intent, "confidence": 0.9},
            "intent_ranking": [{"name": intent, "confidence": 0.9}],
        }
    )
    SmallTalkGuard().process([message])
    return str(message.get("intent")["name"])


@pytest.mark.parametrize(
    "text, intent",
    [
        ("cheers for that. and what about magnesium?", "thank"),
        ("morning! is it ok to swim with a spasm", "greet"),
        ("thanks, bye. oh wait, how long should the heat stay on?", "goodbye"),
        # a greeting that tells of the back (live test, round 30, reworded)
        ("hiya, pulled my back at football last night", "greet"),
    ],
)
def test_politeness_with_a_question_is_the_question(text, intent):
    assert _relabelled(text, intent) == "faq"


@pytest.mark.parametrize(
    "text, intent",
    [
        ("thanks so much!", "thank"),
        ("hi how are you?", "greet"),
        ("hello, anyone there?", "greet"),
        ("ok bye?", "goodbye"),
    ],
)
def test_politeness_alone_stays_politeness(text, intent):
    assert _relabelled(text, intent) == intent


def test_other_intents_are_left_alone():
    assert _relabelled("what about magnesium?", "affirm") == "affirm"


@pytest.mark.parametrize(
    "text, intent",
    [
        ("07700 900112 gotta go", "goodbye"),
        ("thanks, its +44 113 496 0721", "thank"),
        ("hi, 07700-900-112 is my mobile", "greet"),
    ],
)
def test_politeness_with_a_phone_number_gives_the_number(text, intent):
    # Read as a goodbye, the number the call-back form asked for was lost (live test round 27).
    assert _relabelled(text, intent) == "inform_contact"


def test_a_few_digits_are_no_phone_number():
    assert _relabelled("thanks, bye, see you at 10.30 on the 12th", "goodbye") == "goodbye"


@pytest.mark.parametrize(
    "text, relabelled",
    [
        # the clinic's number, read as a question about data (live test, round 28)
        ("what is phone number of clinic", "faq"),
        ("whats ur phone number", "faq"),
        # the patient's own data stays a data question
        ("what do you do with my phone number?", "ask_data_use"),
        ("who sees my details at the clinic", "ask_data_use"),
        # an emergency number, asked about abroad (live test, round 46, reworded)
        ("999 is the number for uk right? we are in crete", "faq"),
        ("is my number 07700 900999 saved?", "ask_data_use"),
    ],
)
def test_a_question_for_the_clinics_number_is_no_question_about_data(text, relabelled):
    assert _relabelled(text, "ask_data_use") == relabelled


def test_a_parting_wish_read_as_a_greeting_is_a_goodbye():
    # Live test, round 29: "Thanks very much, have a good evening" got "Hello!".
    assert _relabelled("thanks so much, enjoy your evening", "greet") == "goodbye"
    assert _relabelled("good evening! is heat ok for a spasm?", "greet") == "faq"


def test_a_thanks_that_closes_the_conversation_is_a_goodbye():
    # Live test, round 35 (reworded): these got "Is there anything else you'd like to know?".
    assert _relabelled("great, will try the stretches. bye!", "thank") == "goodbye"
    assert _relabelled("thank you, that's all for today", "thank") == "goodbye"
    assert _relabelled("thanks, that's all. is heat ok though?", "thank") != "goodbye"
    assert _relabelled("thanks a lot", "thank") == "thank"


@pytest.mark.parametrize(
    ("text", "intent", "expected"),
    [
        ("feeling better now, thanks for the reassurance haha", "out_of_scope", "thank"),
        ("cheers, that's put my mind at rest", "nlu_fallback", "thank"),
        ("thanks but what about the gym?", "out_of_scope", "out_of_scope"),  # asks something
        ("who won the match", "out_of_scope", "out_of_scope"),
        ("phew ok, thanks for not scaring me with the warning signs", "faq", "thank"),
        ("thanks, my back is killing me since yesterday", "faq", "faq"),  # tells of a back
        # Live test, round 47 (reworded): a thanks that ends the chat got "anything else?"
        ("nice, I'll tell my dad to relax. cheers bye", "faq", "goodbye"),
    ],
)
def test_a_thanks_the_nlu_could_not_place_is_a_thanks(text, intent, expected):
    assert _relabelled(text, intent) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # round 40 dev (reworded): "automatic" is the car, not the assistant
        ("Can I drive there? My foot's weak but the car's an automatic", "faq"),
        ("are you a bot?", "bot_challenge"),
        ("am I talking to a real person", "bot_challenge"),
        ("is this automated", "bot_challenge"),
    ],
)
def test_a_question_about_the_assistant_names_it(text: str, expected: str) -> None:
    assert _relabelled(text, "bot_challenge") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Second live test, round 42 (reworded): a thanks read as "what can you help with?".
        ("ta for all your help", "thank"),
        ("thanks so much for helping me", "thank"),
        # A question about what the bot can do stays one.
        ("thanks, what else can you help with?", "ask_capabilities"),
        ("what can you help me with", "ask_capabilities"),
    ],
)
def test_a_thanks_for_the_help_is_a_thanks(text: str, expected: str) -> None:
    assert _relabelled(text, "ask_capabilities") == expected
