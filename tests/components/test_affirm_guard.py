"""A longer question is not a yes (components/affirm_guard.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rasa.shared.nlu.training_data.message import Message

from components.affirm_guard import AffirmGuard

ROOT = Path(__file__).resolve().parents[2]


def _affirmed(text: str) -> str:
    message = Message(
        data={
            "text": text,
            "intent": {"name": "affirm", "confidence": 0.64},
            "intent_ranking": [{"name": "affirm", "confidence": 0.64}],
        }
    )
    AffirmGuard().process([message])
    return str(message.get("intent")["name"])


@pytest.mark.parametrize(
    "text",
    [
        # Round 43 dev (reworded): a question with "okay" in it, right after the offer.
        "Is it okay to carry on working in the meantime?",
        "can I still go to the gym this week?",
    ],
)
def test_a_longer_question_is_no_yes(text: str) -> None:
    assert _affirmed(text) == "nlu_fallback"


@pytest.mark.parametrize(
    "text",
    [
        "is that ok?",
        "yes, is that ok with you?",
        "ok sure, go ahead",
        # a question that asks for the call is a yes to the offer
        "could a doctor ring me back this afternoon?",
    ],
)
def test_a_yes_or_a_request_for_the_call_stays_a_yes(text: str) -> None:
    assert _affirmed(text) == "affirm"


def test_every_trained_yes_stays_a_yes() -> None:
    texts = []
    for path in (ROOT / "data" / "nlu").rglob("*.yml"):
        for block in yaml.safe_load(path.read_text()).get("nlu") or []:
            if block.get("intent") == "affirm":
                texts += [line[2:].strip() for line in block["examples"].splitlines()]
    assert texts
    assert [text for text in texts if text and _affirmed(text) != "affirm"] == []
