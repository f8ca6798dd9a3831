"""Helpers for the detector tests: run the engine or the Rasa component on one message."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa.shared.nlu.training_data.message import Message

from components.red_flag_decision import Decision, MLIntent, decide
from components.red_flag_detector import RedFlagDetector
from components.red_flag_engine import RedFlagEngine


def reported(engine: RedFlagEngine, text: str, ml: Optional[MLIntent] = None) -> Decision:
    """Decision for a text with a neutral (or given) ML intent."""
    return decide(engine.detect(text), ml or MLIntent(), engine.rules)


def run(
    detector: RedFlagDetector,
    text: Any,
    intent: Optional[Dict[str, Any]] = None,
    ranking: Optional[List[Dict[str, Any]]] = None,
) -> Message:
    """Runs the Rasa component on one message, as the pipeline would."""
    data: Dict[str, Any] = {"text": text}
    if intent is not None:
        data["intent"] = intent
        data["intent_ranking"] = ranking if ranking is not None else [intent]
    message = Message(data=data)
    detector.process([message])
    return message


def entity_values(message: Message, name: str) -> List[str]:
    return [e["value"] for e in message.get("entities") or [] if e["entity"] == name]
