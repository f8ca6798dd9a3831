"""Starts a conversation even when the action server cannot.

The assistant's `action_session_start` is a custom action (it shows the disclaimer with the
configured emergency number). When the action server is down, Rasa 3.6 logs the failure and
drops the action's events, so a new conversation has no `session_started` and no
`action_listen`: no rule matches its first message, and a patient whose first words report an
emergency would get "Sorry, I didn't understand" instead of the emergency advice. This module
makes the Rasa server start the session itself in that case, with Rasa's own default session
start, the emergency number from the environment and the disclaimer response from the domain.
`channels.patches.patch_session_start` plugs it into Rasa.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, List

from channels.common import emergency_number
from clinic.contract import SLOT_EMERGENCY_NUMBER

if TYPE_CHECKING:
    from rasa.core.channels.channel import OutputChannel
    from rasa.core.nlg import NaturalLanguageGenerator
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import Event
    from rasa.shared.core.trackers import DialogueStateTracker

logger = logging.getLogger(__name__)

DISCLAIMER = "utter_disclaimer"


async def start_session_locally(
    output_channel: OutputChannel,
    nlg: NaturalLanguageGenerator,
    tracker: DialogueStateTracker,
    domain: Domain,
) -> List[Event]:
    """The events of a session start made without the action server.

    Args:
        output_channel: The channel the conversation is on.
        nlg: The response generator.
        tracker: The conversation.
        domain: The domain.

    Returns:
        Rasa's default session-start events (carried-over slots included), with the emergency
        number slot and the disclaimer inserted before the final `action_listen`.
    """
    from rasa.core.actions.action import ActionSessionStart, create_bot_utterance
    from rasa.shared.core.events import SlotSet

    events = await ActionSessionStart().run(output_channel, nlg, tracker, domain)
    number = emergency_number()
    extra: List[Event] = [SlotSet(SLOT_EMERGENCY_NUMBER, number)]
    message = await nlg.generate(
        DISCLAIMER, tracker, output_channel.name(), emergency_number=number
    )
    if message:
        extra.append(create_bot_utterance(message))
    return events[:-1] + extra + events[-1:]
