"""Urgency levels, their combination, modifiers and the advice they lead to."""

from __future__ import annotations

import pytest

from clinic.contract import ADVICE_AMBULANCE, EMERGENCY, SOON, URGENT
from clinic.contract import highest_urgency as highest
from clinic.contract import raise_urgency as raise_to
from clinic.contract import urgency_rank as rank
from components.red_flag_decision import ADVICE_NO_DRIVING, ADVICE_STANDARD, Outcome
from components.red_flag_engine import RedFlagEngine
from tests.components.helpers import reported


def test_levels_are_ordered() -> None:
    assert rank(EMERGENCY) > rank(URGENT) > rank(SOON) > rank(None) == rank("unknown") == 0


@pytest.mark.parametrize(
    ("levels", "expected"),
    [
        ([SOON, URGENT], URGENT),
        ([SOON, EMERGENCY, URGENT], EMERGENCY),
        ([None, "whatever", SOON], SOON),
        ([], None),
    ],
)
def test_highest(levels: list, expected: object) -> None:
    assert highest(levels) == expected


def test_modifiers_only_raise() -> None:
    assert raise_to(SOON, URGENT) == URGENT
    assert raise_to(EMERGENCY, SOON) == EMERGENCY
    assert raise_to(URGENT, None) == URGENT


def test_several_flags_take_the_highest_urgency_and_list_the_most_urgent_first(
    engine: RedFlagEngine,
) -> None:
    decision = reported(engine, "tingling down my leg and I've had a fever since yesterday")
    assert decision.urgency == URGENT
    assert decision.flags == ("infection_signs", "one_leg_nerve_symptoms")


def test_cancer_history_with_nerve_symptoms_is_an_emergency(engine: RedFlagEngine) -> None:
    alone = reported(engine, "I had breast cancer and now my back hurts")
    assert alone.urgency == URGENT
    with_nerves = reported(engine, "I had breast cancer and now there's tingling down my leg")
    assert with_nerves.urgency == EMERGENCY
    assert dict(with_nerves.urgencies)["cancer_history"] == EMERGENCY
    assert dict(with_nerves.urgencies)["one_leg_nerve_symptoms"] == SOON


def test_one_leg_symptoms_getting_worse_are_urgent(engine: RedFlagEngine) -> None:
    assert reported(engine, "numbness in my right leg").urgency == SOON
    assert reported(engine, "the numbness in my right leg is getting worse").urgency == URGENT
    assert reported(engine, "numbness in my right leg, not getting worse").urgency == SOON


@pytest.mark.parametrize(
    "text",
    [
        "my bum is numb",
        "I wet myself",
        "can't get an erection since my back went",
        "legs like jelly",
    ],
)
def test_suspected_cauda_equina_gets_the_no_driving_advice(
    engine: RedFlagEngine, text: str
) -> None:
    decision = reported(engine, text)
    assert decision.urgency == EMERGENCY and decision.advice == ADVICE_NO_DRIVING


@pytest.mark.parametrize(
    "text",
    [
        "my chest is tight",
        "sudden ripping pain through to my back",
        "sudden agony in my back and belly, I feel faint",
        # with cauda equina signs too: the ambulance advice, which says not to drive as well
        "my chest is tight and I wet myself",
    ],
)
def test_heart_and_aorta_signs_get_the_ambulance_advice(engine: RedFlagEngine, text: str) -> None:
    # Live test, stop 44: "the wife can drive me, it's quicker" after chest pain was first told a
    # lift is fine if quicker, then "an ambulance rather than a car" (NHS: call 999).
    decision = reported(engine, text)
    assert decision.urgency == EMERGENCY and decision.advice == ADVICE_AMBULANCE


@pytest.mark.parametrize(
    "text",
    ["fell off a ladder", "I have a fever", "tingling down my leg"],
)
def test_other_flags_get_the_standard_advice(engine: RedFlagEngine, text: str) -> None:
    decision = reported(engine, text)
    assert decision.outcome == Outcome.REPORT and decision.advice == ADVICE_STANDARD
