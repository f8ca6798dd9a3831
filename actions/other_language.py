"""A message the NLU read as another language: "English only", unless it is a name asked for.

"Nadia El Amrani" typed right after the call-back offer was read as Arabic and got "Sorry, I
can only understand English": a name in capitals, answering the offer, starts the call-back
form instead (as `action_take_contact_name` does for any name there). Anything else gets
`utter_other_language`, with the emergency number in the patient's language.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.callback_offer import TAKE_NAME, call_back_step
from actions.faq import looks_like_name

RESPONSE_OTHER_LANGUAGE = "utter_other_language"


class ActionReplyOtherLanguage(Action):
    """Answers a message in another language, or takes it as the name the offer asked for."""

    def name(self) -> str:
        """Returns the action's name."""
        return "action_reply_other_language"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[str, Any],
    ) -> List[EventType]:
        """Runs the action (see `rasa_sdk.Action.run`)."""
        text = str((tracker.latest_message or {}).get("text") or "")
        if looks_like_name(text) and call_back_step(tracker) == TAKE_NAME:
            return [FollowupAction(TAKE_NAME)]
        dispatcher.utter_message(response=RESPONSE_OTHER_LANGUAGE)
        return []
