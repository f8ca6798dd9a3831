"""One input gate for every channel: a `/intent` payload is obeyed only when the bot offered it.

Rasa reads a message that starts with `/` (`/faq/ice`, `/affirm{"x": 1}`) as an intent with its
entities and skips the NLU pipeline, and with it the red-flag detector. Every channel reaches
Rasa's `MessageProcessor`, so the gate sits there (a patch, like the others in
`channels.patches`, installed by `channels.server`): before a message is parsed, a text that
starts with `/` is kept as it is only when

- it is exactly the payload of a button the bot itself sent in this conversation (the
  `BotUttered` events of the tracker), or
- it is exactly one of `ALWAYS_ALLOWED` (the widget's opening `/greet`, also Telegram's `/start`).

Anything else (forged REST messages, forged Telegram `callback_query` data, a patient who
types `/stop`) loses its leading slashes and is read as words, by the NLU and the red-flag
detector. Nothing of the text is logged.
"""

from __future__ import annotations

import logging
from typing import Any, Final, FrozenSet, Iterable, Set

from clinic.contract import INTENT_PREFIX

logger = logging.getLogger(__name__)

#: Payloads obeyed in any conversation: the opening message of the widget and of Telegram.
ALWAYS_ALLOWED: Final[FrozenSet[str]] = frozenset({"/greet"})


def offered_payloads(events: Iterable[Any]) -> Set[str]:
    """The payloads of the buttons (and quick replies) the bot sent in a conversation.

    Args:
        events: The tracker's events (Rasa `Event` objects or their dicts).

    Returns:
        Every button payload of every bot message.
    """
    payloads: Set[str] = set()
    for event in events:
        if isinstance(event, dict):
            if event.get("event") != "bot":
                continue
            data = event.get("data") or {}
        else:
            if getattr(event, "type_name", None) != "bot":
                continue
            data = getattr(event, "data", None) or {}
        if not isinstance(data, dict):
            continue
        for key in ("buttons", "quick_replies"):
            for button in data.get(key) or []:
                if isinstance(button, dict) and isinstance(button.get("payload"), str):
                    payloads.add(button["payload"].strip())
    return payloads


def gate_text(text: str, offered: Iterable[str]) -> str:
    """Returns the text Rasa may read: a `/` payload only if offered, else the words.

    Args:
        text: The message as the channel handed it over.
        offered: Payloads the bot offered in this conversation (`offered_payloads`).

    Returns:
        The text itself when it does not start with `/` or is an offered (or always allowed)
        payload; otherwise the text without its leading slashes.
    """
    stripped = text.strip()
    if not stripped.startswith(INTENT_PREFIX):
        return text
    if stripped in ALWAYS_ALLOWED or stripped in set(offered):
        return stripped
    while stripped.startswith(INTENT_PREFIX):
        stripped = stripped[len(INTENT_PREFIX) :].lstrip()
    return stripped


def patch_input_gate() -> None:
    """Gates every message before Rasa's `MessageProcessor` parses it (once)."""
    from rasa.core.processor import MessageProcessor

    original = MessageProcessor._handle_message_with_tracker
    if getattr(original, "_with_input_gate", False):
        return

    async def _handle_message_with_tracker(self: Any, message: Any, tracker: Any) -> None:
        text = message.text
        if isinstance(text, str) and text.lstrip().startswith(INTENT_PREFIX):
            gated = gate_text(text, offered_payloads(tracker.events))
            if gated != text.strip():
                logger.info(
                    "A message starting with '/' that the bot did not offer is read as words "
                    "(channel %s).",
                    message.input_channel,
                )
                message.parse_data = None
            message.text = gated
        await original(self, message, tracker)

    _handle_message_with_tracker._with_input_gate = True  # type: ignore[attr-defined]
    MessageProcessor._handle_message_with_tracker = _handle_message_with_tracker
