"""A `deny` needs a word of refusal (components/deny_guard.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rasa.shared.nlu.training_data.message import Message

from components.deny_guard import DenyGuard

ROOT = Path(__file__).resolve().parents[2]


def _denied(text: str) -> str:
    message = Message(
        data={
            "text": text,
            "intent": {"name": "deny", "confidence": 0.62},
            "intent_ranking": [{"name": "deny", "confidence": 0.62}],
        }
    )
    DenyGuard().process([message])
    return str(message.get("intent")["name"])


def _examples(intent: str) -> list:
    data = yaml.safe_load((ROOT / "data" / "nlu" / "escalation.yml").read_text())
    block = next(item for item in data["nlu"] if item.get("intent") == intent)
    return [line[2:].strip() for line in block["examples"].splitlines() if line.strip()]


@pytest.mark.parametrize("text", ["it's Hannah", "Jade Whitmore", "07700 900458", "sure, Tom"])
def test_a_deny_that_refuses_nothing_is_unsure(text):
    assert _denied(text) == "nlu_fallback"


def test_every_trained_refusal_stays_a_deny():
    kept = [text for text in _examples("deny") if _denied(text) == "deny"]
    assert kept == _examples("deny")


@pytest.mark.parametrize("text", ["on my own. no car. now what", "no one to take me", "no lift?"])
def test_a_no_before_what_the_patient_lacks_is_no_refusal(text):
    # Live test, round 52 (reworded): "no car" after emergency advice declined the call back.
    assert _denied(text) == "nlu_fallback"


@pytest.mark.parametrize("text", ["nah m8", "I'm good thanks", "maybe later", "I dont want to"])
def test_refusals_in_chat_spelling_stay_a_deny(text):
    assert _denied(text) == "deny"


def test_other_intents_are_left_alone():
    message = Message(data={"text": "it's Hannah", "intent": {"name": "inform_contact"}})
    DenyGuard().process([message])
    assert message.get("intent")["name"] == "inform_contact"
