"""The question the bot asks before escalating a red flag only the learned model suspects.

The detector marks such a message with `red_flag_advice`: `confirm` for an urgent or soon flag
(`red_flag_suspected` names it), `clarify` when the suspicion is an emergency sign, where no
question may delay the advice. The rules (data/rules/confirmation.yml) answer the patient's own
question first, if there was one, then run `action_ask_red_flag_confirmation`:

- `confirm`: the flag's own yes/no question (`utter_confirm_red_flag`, a variation per flag in
  domain/confirmation.yml). The detector reads the next message as its answer: a yes reports
  the flag, which is then escalated like any other report.
- `clarify`: the clarify reply (details asked, every emergency sign and the number listed);
  but a message that only denies warning signs ("no numbness, my bladder's fine") is thanked,
  with the number, and no call back is offered for it.

Either way `red_flag_advice` is cleared, so the question is asked once, not on every later turn.
Right after advice at least as urgent ("it's getting worse" after the emergency advice), neither
is asked: the advice is given again (actions/after_escalation.py), as for any message then.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.after_escalation import escalation_for, warning_signs_denied
from actions.conversation import denies_warning_signs, reported_flags
from clinic.contract import (
    ACTION_ANSWER_FAQ,
    ACTION_ASK_RED_FLAG_CONFIRMATION,
    ACTION_DEFAULT_FALLBACK,
    ACTION_LISTEN,
    ADVICE_CONFIRM,
    RESPONSE_CONFIRM_RED_FLAG,
    RESPONSE_RED_FLAG_CLARIFY,
    SLOT_RED_FLAG_ADVICE,
    SLOT_RED_FLAG_SUSPECTED,
)


class ActionAskRedFlagConfirmation(Action):
    """Asks the suspected flag's yes/no question, or for details with the emergency signs."""

    def name(self) -> str:
        """Returns the action's name."""
        return ACTION_ASK_RED_FLAG_CONFIRMATION

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[str, Any],
    ) -> List[EventType]:
        """Runs the action (see `rasa_sdk.Action.run` and the module docstring)."""
        confirm = tracker.get_slot(SLOT_RED_FLAG_ADVICE) == ADVICE_CONFIRM
        escalation = escalation_for(tracker, str(tracker.latest_message.get("text") or ""))
        covered = ("emergency", "urgent") if confirm else ("emergency",)
        suspected = str(tracker.get_slot(SLOT_RED_FLAG_SUSPECTED) or "")
        if escalation is not None and (
            escalation.urgency in covered or (confirm and suspected in reported_flags(tracker))
        ):
            # "is it getting worse? well it started monday in my bum cheek ..." after the
            # advice for that leg: its question is not asked again
            if _answered_this_turn(tracker):
                # action_answer_faq has answered, with the emergency advice again if due.
                return [SlotSet(SLOT_RED_FLAG_ADVICE, None)]
            # The fallback gives the advice again; run after this action, it also keeps the
            # next message from being read as the answer to a question never asked.
            return [SlotSet(SLOT_RED_FLAG_ADVICE, None), FollowupAction(ACTION_DEFAULT_FALLBACK)]
        if not confirm and denies_warning_signs(tracker):
            # "no numbness or tingling and my bladder is fine": nothing to ask about, nor a
            # call back to offer for it (the rule's next step).
            dispatcher.utter_message(response=warning_signs_denied(tracker))
            return [SlotSet(SLOT_RED_FLAG_ADVICE, None), FollowupAction(ACTION_LISTEN)]
        if confirm:
            dispatcher.utter_message(response=RESPONSE_CONFIRM_RED_FLAG)
        else:
            dispatcher.utter_message(response=RESPONSE_RED_FLAG_CLARIFY)
        return [SlotSet(SLOT_RED_FLAG_ADVICE, None)]


def _answered_this_turn(tracker: Tracker) -> bool:
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "action" and event.get("name") == ACTION_ANSWER_FAQ:
            return True
    return False
