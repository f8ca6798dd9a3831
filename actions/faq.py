"""Short follow-up questions ("and for how long?") about the topic just answered."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.knowledge import followup_answer

FOLLOWUP_KINDS = {
    "ask_followup_duration": "duration",
    "ask_followup_howto": "howto",
}


def last_faq_topic(tracker: Tracker) -> Optional[str]:
    """Finds the FAQ topic of the most recent user message that got an FAQ answer.

    Args:
        tracker: The conversation.

    Returns:
        The topic id (e.g. `ice` for `faq/ice`), or None when no FAQ was asked in this session.
    """
    for event in reversed(tracker.events):
        if event.get("event") == "session_started":
            return None
        if event.get("event") != "user":
            continue
        parse_data = event.get("parse_data") or {}
        if (parse_data.get("intent") or {}).get("name") != "faq":
            continue
        selected = (parse_data.get("response_selector") or {}).get("faq") or {}
        key = (selected.get("response") or {}).get("intent_response_key") or ""
        if key.startswith("faq/"):
            return key.split("/", 1)[1]
    return None


class ActionAnswerFollowup(Action):
    """Answers "how long?" or "how do I do it?" about the topic the patient just asked about."""

    def name(self) -> str:
        """Returns the action's name."""
        return "action_answer_followup"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[str, Any],
    ) -> List[EventType]:
        """Runs the action (see `rasa_sdk.Action.run`)."""
        topic = last_faq_topic(tracker)
        if topic is None:
            dispatcher.utter_message(response="utter_default")
            return []
        intent = (tracker.latest_message.get("intent") or {}).get("name") or ""
        kind = FOLLOWUP_KINDS.get(intent, "")
        answer = followup_answer(topic, kind)
        if answer:
            dispatcher.utter_message(text=answer)
        else:
            # The articles give no separate detail: repeat the topic's own answer.
            dispatcher.utter_message(response=f"utter_faq/{topic}")
        return []
