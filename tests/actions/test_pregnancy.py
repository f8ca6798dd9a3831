"""Signs in a pregnancy that need the maternity unit now (actions/pregnancy.py)."""

from __future__ import annotations

import pytest

from actions.fallback import ActionDefaultFallback
from actions.faq import ActionAnswerFaq
from actions.pregnancy import RESPONSE_LABOUR_QUESTION, RESPONSE_MATERNITY_NOW, tells_a_sign
from tests.actions.test_fallback import parse, responses, run, user


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        # Live test, round 47 (reworded): regular pains with the bump going hard.
        ("the pain comes and goes every 8 mins and my belly goes hard with it", True),
        ("my tummy keeps tightening, is that braxton hicks?", True),
        ("I think my waters are leaking", True),
        ("a bit of bleeding when I wipe", True),
        ("no bleeding, and my bump isn't tight", False),
        ("I do my stretches every 10 minutes at my desk", False),
    ],
)
def test_signs_of_labour_or_bleeding_are_told_apart_from_denials(text: str, sign: bool) -> None:
    assert tells_a_sign(text) is sign


def _pregnant_then(text: str, intent: str = "faq") -> list:
    first = parse("I'm 28 weeks pregnant with back spasms, can I use heat?", [("faq", 0.9)])
    return [user(first), user(parse(text, [(intent, 0.6)], [("ice_or_heat", 0.3)]))]


async def test_a_sign_in_a_pregnancy_gets_the_maternity_unit_first() -> None:
    events = _pregnant_then("the pain comes every 10 mins and my bump goes tight. normal?")
    messages, _ = await run(ActionAnswerFaq, events)
    assert responses(messages) == [RESPONSE_MATERNITY_NOW]
    events = _pregnant_then("bump's gone hard, just braxton hicks probably", "nlu_fallback")
    messages, _ = await run(ActionDefaultFallback, events)
    assert responses(messages) == [RESPONSE_MATERNITY_NOW]


async def test_asking_about_the_maternity_unit_after_a_sign_gets_yes_now() -> None:
    events = _pregnant_then("the pain comes every 10 mins and my bump goes tight")
    events.append(user(parse("should I ring the maternity unit then?", [("faq", 0.9)])))
    messages, _ = await run(ActionAnswerFaq, events)
    assert responses(messages) == [RESPONSE_MATERNITY_NOW]


async def test_without_a_pregnancy_or_a_sign_the_question_is_answered() -> None:
    events = [user(parse("my stomach goes tight when I sit up, ice or heat?", [("faq", 0.9)]))]
    messages, _ = await run(ActionAnswerFaq, events)
    assert RESPONSE_MATERNITY_NOW not in responses(messages)
    events = _pregnant_then("ok and how long should the heat pad stay on?")
    messages, _ = await run(ActionAnswerFaq, events)
    assert RESPONSE_MATERNITY_NOW not in responses(messages)


async def test_a_question_about_labour_with_no_sign_gets_the_signs_and_the_midwife() -> None:
    # Live test, round 48 (reworded): "a friend said back pain can mean early labour?? no
    # bleeding or waters, just the back" got "Sorry, I didn't quite understand".
    text = "my sister says back pain can mean going into labour early?? no bleeding, just my back"
    messages, _ = await run(ActionDefaultFallback, _pregnant_then(text, "nlu_fallback"))
    assert responses(messages) == [RESPONSE_LABOUR_QUESTION]
    # Not pregnant: no labour line ("labour" in another sense).
    events = [user(parse("my back went doing manual labour at work, what helps?", [("faq", 0.9)]))]
    messages, _ = await run(ActionAnswerFaq, events)
    assert RESPONSE_LABOUR_QUESTION not in responses(messages)
