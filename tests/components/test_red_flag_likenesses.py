"""Likenesses, idioms and everyday causes: what a sign is compared to is not what caused it.

Round 45's dev part (reworded here): a lost feeling told as "like I had no backside", pins and
needles "like after sitting cross-legged" that do not wear off, "pooping myself" about an
appointment, a toddler's kicks, legs like jelly after a long rehearsal.
"""

from __future__ import annotations

import pytest

from components.red_flag_decision import Outcome
from components.red_flag_engine import RedFlagEngine
from tests.components.helpers import reported


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        # "no" inside the likeness is the lost feeling itself, not a denial
        (
            "on the tractor it felt like I had no backside at all, numb where the seat touches",
            "saddle_numbness",
        ),
        # a likeness to an everyday cause, which does not wear off like it
        (
            "my right leg has gone tingly and numb to the ankle, like pins and needles after "
            "sitting cross-legged, except it stays",
            "one_leg_nerve_symptoms",
        ),
        # "from the knees down", said of both
        ("he says both are numb from the knees down since tea time", "both_legs_weak_or_numb"),
        # the foot slaps with a hedge between, and the toe caught more than once
        ("my left foot kind of slaps down when I walk", "progressive_leg_weakness"),
        (
            "I keep catching my toe, caught my toe on the kitchen floor twice",
            "progressive_leg_weakness",
        ),
    ],
)
def test_a_sign_told_through_a_likeness_is_a_report(
    engine: RedFlagEngine, text: str, flag: str
) -> None:
    decision = reported(engine, text)
    assert decision.outcome == Outcome.REPORT and flag in decision.flags


@pytest.mark.parametrize(
    "text",
    [
        "honestly pooping myself about the scan next week, back spasm since Monday",
        "my toddler kicked me in the back all night in our bed, now it aches",
        "the baby kicked me so hard last night my back went into spasm",
        "both legs like jelly after a three hour dance rehearsal, back tight too",
        "I caught my toe on the stairs and stubbed it, does that matter for my back",
    ],
)
def test_an_idiom_or_an_everyday_cause_is_no_report(engine: RedFlagEngine, text: str) -> None:
    assert reported(engine, text).outcome != Outcome.REPORT


def test_heat_or_ice_asked_about_is_not_what_numbed_the_seat(engine: RedFlagEngine) -> None:
    text = "it feels sort of numb round my bottom when I sit, and is heat or ice better now"
    assert "saddle_numbness" in reported(engine, text).flags
    # the ice pack as the cause still explains it
    assert "saddle_numbness" not in reported(engine, "numb bum from the ice pack").flags


def test_a_bladder_problem_fine_ever_since_is_past(engine: RedFlagEngine) -> None:
    text = "years ago after the birth I had some trouble peeing, all fine ever since"
    assert "bladder_bowel_control" not in reported(engine, text).flags
    # fine only since this morning is not long over
    text = "since the spasm I have trouble peeing, had a little leak"
    assert "bladder_bowel_control" in reported(engine, text).flags


def test_whats_new_is_told_not_asked(engine: RedFlagEngine) -> None:
    text = "What's new is a tingling down the outside of my right leg since Wednesday."
    assert "one_leg_nerve_symptoms" in reported(engine, text).flags
    assert "saddle_numbness" not in reported(engine, "what's cauda equina?").flags


def test_is_it_normal_after_another_question_is_still_the_patients_own(
    engine: RedFlagEngine,
) -> None:
    text = (
        "My back has been in spasm since Saturday. Questions: when can I go back to work, is "
        "it normal that the loo seat feels odd, sort of numb round my bottom?"
    )
    assert "saddle_numbness" in reported(engine, text).flags


def test_asking_which_sign_ones_own_is_is_no_report(engine: RedFlagEngine) -> None:
    # Live test, round 45 (reworded): after telling that the pain woke her once and settled,
    # "so is mine the night pain one or not?" was escalated as night pain.
    text = "that list scares me. so is mine the night pain one or not?"
    assert "weight_loss_or_night_pain" not in reported(engine, text).flags
    text = "is it the night pain sign? it wakes me every night and nothing eases it"
    assert "weight_loss_or_night_pain" in reported(engine, text).flags
