"""A strain told as it happened gets first aid, not how to lift (round 42)."""

from __future__ import annotations

import pytest

from actions.episode import for_an_episode
from actions.topics import TopicDecision


@pytest.mark.parametrize(
    "text",
    [
        # Round 42 dev and live test (reworded).
        "my back went into spasm this morning carrying a wardrobe upstairs",
        "lifting the pushchair into the boot I put my back out, is it a spasm?",
        "back very pain since 3 days, i lift crates at work",
    ],
)
def test_a_strain_told_as_it_happened_gets_first_aid(text):
    assert (
        for_an_episode(TopicDecision(answer="lifting", choices=(), closest=()), text).answer
        == "immediate_relief"
    )


@pytest.mark.parametrize(
    "text",
    [
        "how should I lift heavy boxes at work?",
        "hurt my back lifting yesterday, how do I stop it happening again?",
        "what is the right way to lift a toddler",
    ],
)
def test_how_to_lift_is_still_the_lifting_answer(text):
    assert (
        for_an_episode(TopicDecision(answer="lifting", choices=(), closest=()), text).answer
        == "lifting"
    )


def test_other_topics_are_left_alone():
    decision = TopicDecision(answer="heat", choices=(), closest=())
    assert for_an_episode(decision, "my back went yesterday, heat?") is decision
