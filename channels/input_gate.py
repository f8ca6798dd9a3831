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
detector.

The gate also repairs text that is not valid Unicode (half of a surrogate pair), which spaCy
cannot read. The same gate limits the length of what the NLU reads (spaCy refuses a text over
about 1M characters with E088, and Rasa then logged the whole text). A message longer than
`MAX_NLU_CHARS` is read in parts of at most that many characters (cut between words, each
sharing `NLU_CHUNK_OVERLAP_CHARS` with the next), every part through the whole NLU pipeline, the
red-flag detector included. The part with the most pressing red flag becomes the message (its
words and its reading); without a red flag, the first part. So a red flag at the end of a 2 MB
message still gets the emergency advice, and the tracker keeps at most `MAX_NLU_CHARS`.

Nothing of the text is logged: only counts and the channel.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, Final, FrozenSet, Iterable, List, Optional, Set, Tuple

from clinic.contract import (
    ENTITY_RED_FLAG_URGENCY,
    INTENT_PREFIX,
    INTENT_REPORT_RED_FLAG,
    MAX_NLU_CHARS,
    NLU_CHUNK_OVERLAP_CHARS,
    urgency_rank,
)

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


def encodable(text: str) -> str:
    """Returns the text with surrogate pairs joined and lone surrogates replaced (U+FFFD).

    JSON may carry half of an emoji (a lone surrogate); spaCy cannot read such a text, and the
    message then got no answer at all.

    Args:
        text: The message as the channel handed it over.

    Returns:
        The same text when it is valid Unicode; otherwise the repaired text.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


def split_for_nlu(
    text: str, size: int = MAX_NLU_CHARS, overlap: int = NLU_CHUNK_OVERLAP_CHARS
) -> List[str]:
    """Cuts a text into parts of at most `size` characters, between words where possible.

    Args:
        text: The message.
        size: Longest part.
        overlap: Characters each part shares with the next (fewer than `size` / 2).

    Returns:
        `[text]` when it is short enough; otherwise the parts, covering the whole text.
    """
    if len(text) <= size:
        return [text]
    overlap = max(0, min(overlap, size // 2 - 1))
    parts: List[str] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = text.rfind(" ", start + size // 2, end)
            if cut > start:
                end = cut
        parts.append(text[start:end])
        if end >= len(text):
            break
        next_start = max(end - overlap, start + 1)
        space = text.find(" ", next_start, end)
        start = space + 1 if space != -1 else next_start
    return parts


def red_flag_rank(parse_data: Dict[str, Any]) -> int:
    """How pressing a reading is: -1 no red flag, else 0 (no urgency) to 3 (emergency)."""
    intent = (parse_data.get("intent") or {}).get("name")
    if intent != INTENT_REPORT_RED_FLAG:
        return -1
    levels = [
        urgency_rank(entity.get("value"))
        for entity in parse_data.get("entities") or []
        if isinstance(entity, dict) and entity.get("entity") == ENTITY_RED_FLAG_URGENCY
    ]
    return max(levels, default=0)


async def read_long_message(processor: Any, message: Any, tracker: Any) -> None:
    """Reads a message longer than `MAX_NLU_CHARS` in parts; keeps the most pressing part.

    Sets `message.text` to that part and `message.parse_data` to its reading, so that Rasa
    neither parses nor stores more than `MAX_NLU_CHARS` characters.
    """
    from rasa.core.channels.channel import UserMessage

    full_length = len(message.text)
    parts = split_for_nlu(message.text)
    best: Optional[Tuple[int, str, Dict[str, Any]]] = None
    read: Set[str] = set()
    for part in parts:
        if part in read:  # a repeated part reads the same
            continue
        read.add(part)
        piece = UserMessage(
            part,
            None,
            message.sender_id,
            input_channel=message.input_channel,
            metadata=message.metadata,
        )
        parse_data = await processor.parse_message(piece, tracker)
        rank = red_flag_rank(parse_data)
        if best is None or rank > best[0]:
            best = (rank, part, parse_data)
    if best is None:  # no parts: nothing to read
        return
    rank, part, parse_data = best
    logger.warning(
        "A message of %d characters (channel %s) was read in %d parts of at most %d; "
        "red flag: %s.",
        full_length,
        message.input_channel,
        len(parts),
        MAX_NLU_CHARS,
        "yes" if rank >= 0 else "no",
    )
    message.text = part
    message.parse_data = parse_data


def patch_input_gate() -> None:
    """Gates every message before Rasa's `MessageProcessor` parses it (once).

    `/` payloads only when offered; messages over `MAX_NLU_CHARS` read in parts.
    """
    from rasa.core.processor import MessageProcessor

    original = MessageProcessor._handle_message_with_tracker
    if getattr(original, "_with_input_gate", False):
        return

    async def _handle_message_with_tracker(self: Any, message: Any, tracker: Any) -> None:
        if isinstance(message.text, str):
            message.text = encodable(message.text)
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
        if isinstance(message.text, str) and len(message.text) > MAX_NLU_CHARS:
            await read_long_message(self, message, tracker)
        await original(self, message, tracker)

    _handle_message_with_tracker._with_input_gate = True  # type: ignore[attr-defined]
    MessageProcessor._handle_message_with_tracker = _handle_message_with_tracker
