"""Warms the model up before the Rasa server takes its first message.

TensorFlow builds its graphs on a model's first prediction, which made the first patient
after a (re)start wait about 5 seconds for a reply, longer on a busy machine, and that first
message may report an emergency. This module makes the server parse a few sample messages and
predict on a throwaway conversation while it starts, before it accepts connections, so every
patient gets the warm latency. Nothing is stored and no action runs. `channels.patches.
patch_agent_loading` plugs it into Rasa's start-up.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Optional, Sequence

if TYPE_CHECKING:
    from rasa.core.agent import Agent

logger = logging.getLogger(__name__)

# Made-up messages: a question, a greeting and a red-flag report, so that every classifier and
# the red-flag detector run once.
SAMPLE_MESSAGES: Sequence[str] = (
    "Should I use ice or heat for a back spasm?",
    "hello",
    "I can't feel anything between my legs",
)
WARMUP_SENDER = "warmup"


async def warm_up(agent: Agent, messages: Sequence[str] = SAMPLE_MESSAGES) -> Optional[float]:
    """Runs the NLU and the policies once per sample message, on throwaway trackers.

    Args:
        agent: The loaded agent.
        messages: Texts to parse and predict on.

    Returns:
        The seconds it took, or None when the agent has no model.
    """
    from rasa.core.channels.channel import UserMessage
    from rasa.shared.core.events import ActionExecuted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    processor = agent.processor
    if processor is None:
        return None
    started = time.perf_counter()
    for text in messages:
        parse_data = await processor.parse_message(UserMessage(text, sender_id=WARMUP_SENDER))
        tracker = DialogueStateTracker.from_events(
            WARMUP_SENDER,
            [ActionExecuted("action_listen"), UserUttered(text, parse_data=parse_data)],
            slots=processor.domain.slots,
        )
        processor.predict_next_with_tracker(tracker)
    return time.perf_counter() - started
