"""A patient always gets the emergency advice, even when the assistant cannot answer.

Rasa's `Agent.handle_message` ignores a message, with no reply at all, when the agent has no
model (the model failed to load: a missing file, a rule file the red-flag detector refused, a
model still being fetched), and a message whose handling raises ends with no reply either (the
REST channel answers `[]`, the widget shows nothing). A patient who writes "I can't feel down
below and I've wet myself" at that moment must not meet silence.

`patch_unavailable_reply` wraps `Agent.handle_message`: in both cases it sends, through the
message's own output channel (REST, the website widget, Telegram, Slack), the response
`utter_channel_unavailable` of `domain/channels.yml`: the assistant cannot answer now, the
emergency signs and the emergency number, and to try again in a few minutes. The domain file is
read when the reply is needed; if even that fails, a fixed English line with the number is sent.

Nothing of the message is logged: only the channel and, for a failure, the exception as
`clinic.log_privacy` keeps it (type and traceback).
"""

from __future__ import annotations

import logging
from typing import Any, Dict, Final, List, Optional

from channels import wording
from channels.common import emergency_number

logger = logging.getLogger(__name__)

#: The response sent when the assistant cannot answer (`domain/channels.yml`).
UNAVAILABLE_RESPONSE: Final = f"{wording.PREFIX}unavailable"
#: Sent when even the domain file cannot be read.
LAST_RESORT_TEXT: Final = (
    "Sorry, I can't answer right now. If this is an emergency, call {emergency_number} now. "
    "Otherwise please try again in a few minutes."
)


def unavailable_text(channel: Optional[str] = None) -> str:
    """Returns what a patient reads when the assistant cannot answer.

    Args:
        channel: The output channel's name, for its own variation if it has one.

    Returns:
        The response `utter_channel_unavailable` with the emergency number; a fixed line with
        the number when the domain cannot be read.
    """
    number = emergency_number()
    try:
        return wording.text(UNAVAILABLE_RESPONSE, channel, emergency_number=number)
    except Exception:  # the reply must go out whatever is broken
        logger.exception("The response %s could not be read.", UNAVAILABLE_RESPONSE)
        return LAST_RESORT_TEXT.format(emergency_number=number)


async def send_unavailable(message: Any) -> None:
    """Sends the unavailable reply to the message's sender through its own channel.

    Args:
        message: Rasa's `UserMessage`.
    """
    output = getattr(message, "output_channel", None)
    if output is None:
        return
    channel = getattr(output, "name", lambda: None)()
    try:
        await output.send_text_message(message.sender_id, unavailable_text(channel))
    except Exception:  # nothing more can be done for this message
        logger.exception("The unavailable reply could not be sent (channel %s).", channel)


def patch_unavailable_reply() -> None:
    """Makes `Agent.handle_message` answer when the agent has no model or handling fails (once)."""
    from rasa.core.agent import Agent

    original = Agent.handle_message
    if getattr(original, "_with_unavailable_reply", False):
        return

    async def handle_message(self: Agent, message: Any) -> Optional[List[Dict[str, Any]]]:
        channel = getattr(message, "input_channel", None)
        if not self.is_ready():
            logger.error(
                "A message (channel %s) arrived while no model is loaded: the patient was told "
                "to try again and given the emergency number.",
                channel,
            )
            await send_unavailable(message)
            return None
        try:
            return await original(self, message)
        except Exception:
            logger.exception(
                "Handling a message (channel %s) failed: the patient was told to try again and "
                "given the emergency number.",
                channel,
            )
            await send_unavailable(message)
            return None

    handle_message._with_unavailable_reply = True  # type: ignore[attr-defined]
    Agent.handle_message = handle_message
