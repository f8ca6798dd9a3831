"""Retention told as "not able to pass any water", weight told in stones, checklists answered
for all of them, a friend's guess followed by the patient's own sign, an old trouble named as a
reason.

Round 46's dev part (reworded here): "haven't been able to pass any water since I woke up",
"gone from 16 stone to 14 and a half ... eating the same as always", a doctor's questions
"- and it was no to every one", "my mate reckons its sciatica cause ive got tingling down my
leg", "anything to avoid because of the old sciatica?" after it healed years ago.
"""

from __future__ import annotations

import pytest

from components.red_flag_decision import Outcome
from components.red_flag_engine import RedFlagEngine
from tests.components.helpers import reported
from tests.components.test_red_flag_experiencer import kept


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("she has not been able to pass any water since lunch", "bladder_bowel_control"),
        ("I can't pass much urine at all today and my back is in spasm", "bladder_bowel_control"),
        (
            "I've gone down from 15 stone to 13 since spring and I'm eating normally",
            "weight_loss_or_night_pain",
        ),
        ("went from 80kg to 71 since june, eating more if anything", "weight_loss_or_night_pain"),
        # a checklist answered for all of it does not take back what the writer has
        ("I can't wee and my legs are weak, no to all the other stuff", "bladder_bowel_control"),
        ("I can't wee and my legs are weak, no to everything else", "both_legs_weak_or_numb"),
        # a friend's guess, then "cause I've got": the writer's own sign
        (
            "my mate reckons it's sciatica cause ive got pins and needles down my left leg",
            "one_leg_nerve_symptoms",
        ),
    ],
)
def test_a_sign_told_in_these_forms_is_a_report(
    engine: RedFlagEngine, text: str, flag: str
) -> None:
    decision = reported(engine, text)
    assert decision.outcome == Outcome.REPORT and flag in decision.flags


@pytest.mark.parametrize(
    "text",
    [
        "the nurse asked about peeing, numbness down there and weak legs - no to everything.",
        "111 went through the list, numb bum, wetting myself, both legs, and I said no to all of "
        "them. just a spasm",
        "the physio ran through the red flags - bladder, saddle numbness, leg weakness - and it "
        "was no to every one",
        "I passed some water earlier no problem, just the back is sore",
        "I'm eating normally, no weight loss, just a stiff back",
        # a cause asked about in general, not the writer's own
        "can a back spasm cause numbness in both legs?",
    ],
)
def test_a_checklist_answered_no_or_a_question_is_no_report(
    engine: RedFlagEngine, text: str
) -> None:
    assert reported(engine, text).outcome != Outcome.REPORT


def test_an_old_trouble_named_as_the_reason_for_a_question_is_not_reported_again(
    engine: RedFlagEngine,
) -> None:
    healed = (
        "years ago i had sciatica down my left leg for ages, did physio, totally gone since. now "
        "just a stiff lower back from digging. anything i should avoid because of the old "
        "sciatica?"
    )
    assert kept(engine, healed) == []
    back = "because of my old sciatica flaring down the leg again I can't sleep"
    assert kept(engine, back) == ["one_leg_nerve_symptoms"]
