"""Test data and builders shared by the escalation tests."""

from __future__ import annotations

import time
from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker

SECRET = "test-webhook-secret"
SLACK_TOKEN = "xoxb-test-token"
SLACK_CHANNEL = "C0ONCALL"

#: Patient data used in the tests: none of it may ever appear in a log record.
PATIENT_MESSAGE = "I cannot feel anything down there when I wipe and I wet myself zebra-quartz"
PATIENT_NAME = "Philippa Quagmire-Tester"
PATIENT_PHONE_TYPED = "+44 20 7946 0958"
PATIENT_PHONE_E164 = "+442079460958"
SENSITIVE = [
    PATIENT_MESSAGE,
    "zebra-quartz",
    PATIENT_NAME,
    "Quagmire",
    PATIENT_PHONE_TYPED,
    PATIENT_PHONE_E164,
    "2079460958",
    "7946 0958",
]

RED_FLAGS_YAML = """
flags:
  - id: saddle_anaesthesia
    label: Numbness in the saddle area
    urgency: emergency
    may_indicate: cauda equina syndrome
    patterns: ["numb down there"]
  - id: bladder_bowel_dysfunction
    urgency: emergency
    may_indicate: cauda equina syndrome
  - id: fever_with_back_pain
    urgency: urgent
    may_indicate: spinal infection
  - id: sciatica_one_leg
    urgency: soon
    may_indicate: [nerve root irritation, sciatica]
"""


def user_event(text: str, at: float, channel: str = "socketio", **parse: Any) -> Dict[str, Any]:
    """A tracker `user` event."""
    return {
        "event": "user",
        "text": text,
        "timestamp": at,
        "input_channel": channel,
        "parse_data": {"text": text, **parse},
    }


def bot_event(text: str, at: float, response: Optional[str] = None) -> Dict[str, Any]:
    """A tracker `bot` event (`response`: the `utter_*` name it was sent as)."""
    event: Dict[str, Any] = {"event": "bot", "text": text, "timestamp": at, "data": {}}
    if response:
        event["metadata"] = {"utter_action": response}
    return event


def make_tracker(
    text: str = PATIENT_MESSAGE,
    slots: Optional[Dict[str, Any]] = None,
    entities: Optional[List[Dict[str, Any]]] = None,
    intent: str = "report_red_flag",
    sender_id: str = "patient-1",
    history: Optional[List[Dict[str, Any]]] = None,
    channel: str = "socketio",
    active_loop: Optional[Dict[str, Any]] = None,
) -> Tracker:
    """Builds a rasa-sdk tracker whose latest message is `text`."""
    now = time.time()
    events = list(history or [])
    events += [
        bot_event("Hello! I can answer questions about back muscle spasms.", now - 60),
        user_event(text, now - 2, channel, intent={"name": intent}),
        bot_event("Please call 112 now or go to the nearest emergency department.", now - 1),
    ]
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.97},
        "entities": entities or [],
    }
    return Tracker(
        sender_id, dict(slots or {}), latest, events, False, None, active_loop or {}, None
    )


def flag_entities(*flags: str, urgency: Optional[str] = None) -> List[Dict[str, Any]]:
    """The entities the red-flag detector adds to a message."""
    entities = [{"entity": "red_flag", "value": f, "extractor": "RedFlagDetector"} for f in flags]
    if urgency:
        entities.append(
            {"entity": "red_flag_urgency", "value": urgency, "extractor": "RedFlagDetector"}
        )
    return entities
