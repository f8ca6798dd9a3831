"""The call-back offer: a name typed straight after it is taken as a yes.

"Would you like a doctor to call you back?" - "Margaret Ellis": the patient answered the next
question before it was asked. `action_take_contact_name` keeps the name and starts the call-back
form, which then asks for the phone number. Other contact details are a yes too (the form asks
for each detail); an unsure message that is not a name gets the fallback (actions/fallback.py).
"""

from __future__ import annotations

import re
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from clinic.contract import SLOT_CONTACT_NAME

_NAME_WORD = re.compile(r"^[^\W\d_]+(['\u2019.\-][^\W\d_]+)*\.?$")
#: Words that make a short message something other than a name.
_NOT_NAME_WORDS = frozenset(
    """
    yes yeah yep no nope ok okay sure please thanks thank you hi hello hey bye what why how when
    where who which can could would will should is are do does did my back pain spasm doctor
    call me not maybe later now help stop the a an it i and or but
    """.split()
)
MAX_NAME_WORDS = 4


def looks_like_name(text: str) -> bool:
    """Whether a message is just a person's name ("Margaret Ellis", "dan o'neill").

    Args:
        text: The message.

    Returns:
        True for one to four name-like words and nothing else.
    """
    words = text.strip().rstrip(".!").replace(",", " ").split()
    if not 1 <= len(words) <= MAX_NAME_WORDS:
        return False
    if any(word.lower() in _NOT_NAME_WORDS for word in words):
        return False
    return all(_NAME_WORD.match(word) for word in words)


class ActionTakeContactName(Action):
    """Takes a name typed right after the call-back offer as a yes, and starts the form."""

    def name(self) -> str:
        """Returns the action's name."""
        return "action_take_contact_name"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[str, Any],
    ) -> List[EventType]:
        """Runs the action (see `rasa_sdk.Action.run`)."""
        text = str(tracker.latest_message.get("text") or "")
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if looks_like_name(text):
            name = text.strip().rstrip(".!")
            return [SlotSet(SLOT_CONTACT_NAME, name), FollowupAction("callback_form")]
        if intent == "inform_contact":
            # Contact details of another shape ("dan, and it's 07700 ..."): still a yes; the form
            # asks for each detail in turn.
            return [FollowupAction("callback_form")]
        return [FollowupAction("action_default_fallback")]
