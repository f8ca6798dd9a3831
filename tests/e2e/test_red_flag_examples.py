"""The examples of the red-flag issue, through the whole trained model (NLU + dialogue).

Each is a message or conversation the old detector got wrong, written for this test (not taken
from the training examples or the independent sets).
"""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from typing import Iterator, List, Optional

import pytest

from scripts.eval_patients import ModelBot


@pytest.fixture(scope="module")
def bot(require_model: Path) -> Iterator[ModelBot]:
    yield ModelBot(str(require_model))


def _first_escalation(bot: ModelBot, turns: List[str]) -> Optional[tuple]:
    sender = f"test-{uuid.uuid4().hex[:8]}"
    for index, text in enumerate(turns, start=1):
        reply = bot.say(sender, text)
        if reply.escalated:
            return index, reply.urgency
    return None


@pytest.mark.parametrize(
    ("text", "urgency"),
    [
        # words between the verb and its object
        ("i honestly really cant feel it at all when i wipe", "emergency"),
        # the saddle area described by what the patient notices when sitting
        ("sitting on the toilet feels weird, like my bottom just isnt there", "emergency"),
        # a past cancer, all clear now, with new back spasms
        ("had bowel cancer 4 years ago, all clear since, now back spasms for 2 weeks", "urgent"),
    ],
)
def test_reports_nobody_wrote_a_rule_for_escalate(bot: ModelBot, text: str, urgency: str) -> None:
    assert _first_escalation(bot, [text]) == (1, urgency)


@pytest.mark.parametrize(
    "text",
    [
        "keep getting these spasms every couple of weeks, is it my posture??",
        # the "back spasm since monday", sent on a Monday: today's own weekday
        f"back spasm since {date.today().strftime('%A').lower()}",
        "my grandad had a heart attack years ago, does stress cause back spasms?",
    ],
)
def test_ordinary_messages_do_not_escalate(bot: ModelBot, text: str) -> None:
    assert _first_escalation(bot, [text]) is None


def _urgencies(bot: ModelBot, turns: List[str]) -> List[Optional[str]]:
    sender = f"test-{uuid.uuid4().hex[:8]}"
    return [bot.say(sender, text).urgency for text in turns]


def test_a_symptom_spread_over_two_turns_ends_in_emergency_advice(bot: ModelBot) -> None:
    # Which part first, then how many sides.
    assert (
        _urgencies(bot, ["it's my legs, they feel weird and heavy", "both of them, numb"])[-1]
        == "emergency"
    )


def test_the_answer_to_tell_me_more_is_read_with_the_question(bot: ModelBot) -> None:
    urgencies = _urgencies(bot, ["my back went into spasm this morning", "down there is numb"])
    assert urgencies == [None, "emergency"]


def test_turkish_emergency_mid_conversation_escalates(bot: ModelBot) -> None:
    sender = f"test-{uuid.uuid4().hex[:8]}"
    bot.say(sender, "hi, what helps a back spasm?")
    reply = bot.say(sender, "bacaklarim uyustu ve idrarimi tutamiyorum")
    assert reply.urgency == "emergency"
