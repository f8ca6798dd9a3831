"""The wording the channels add around the assistant's replies, read from the domain.

Every sentence a patient reads that a channel builds (the escalation alert in Telegram, Slack
and the website banner, the widget's labels) is a response in `domain/channels.yml`, so a
clinician reviews all wording in `domain/`. Responses are chosen like Rasa chooses them: the
variation for the channel (`channel: socketio` for the website) when there is one, else the
one without a channel; `{emergency_number}` and other variables are filled in.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Mapping, Optional, Tuple

import yaml

from clinic.contract import DOMAIN_PATH, SOON, URGENCIES, is_urgency

#: The domain file with the channels' responses.
CHANNEL_RESPONSES_PATH = DOMAIN_PATH / "channels.yml"
#: The name of the website widget's channel (`ClinicSocketIOInput.name()`).
WIDGET_CHANNEL = "socketio"
#: Prefix of the responses in `domain/channels.yml`.
PREFIX = "utter_channel_"

Variations = Tuple[Mapping[str, Any], ...]


class WordingError(LookupError):
    """A response the channels need is missing from the domain."""


@lru_cache(maxsize=4)
def load_responses(path: Path = CHANNEL_RESPONSES_PATH) -> Mapping[str, Variations]:
    """Reads the channels' responses (cached: the file is read once per process).

    Args:
        path: The domain file.

    Returns:
        Response name -> its variations.

    Raises:
        WordingError: When the file cannot be read or has no responses.
    """
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise WordingError(f"cannot read the channels' wording in {path}: {error}") from error
    responses = content.get("responses") if isinstance(content, dict) else None
    if not isinstance(responses, dict) or not responses:
        raise WordingError(f"{path} has no responses")
    return {
        str(name): tuple(v for v in variations if isinstance(v, dict))
        for name, variations in responses.items()
        if isinstance(variations, list)
    }


def fill(template: str, values: Mapping[str, str]) -> str:
    """Replaces `{name}` by its value for each given variable (other braces stay as they are).

    Args:
        template: The response text.
        values: Variable name -> value.

    Returns:
        The text.
    """
    for name, value in values.items():
        template = template.replace("{" + name + "}", value)
    return template


def text(
    name: str,
    channel: Optional[str] = None,
    path: Path = CHANNEL_RESPONSES_PATH,
    **values: str,
) -> str:
    """Returns a response's text for a channel, with its variables filled in.

    Args:
        name: Response name, e.g. `utter_channel_alert_emergency_headline`.
        channel: The output channel's name (e.g. `socketio`, `telegram`, `slack`), if any.
        path: The domain file.
        **values: Variables, e.g. `emergency_number="112"`.

    Returns:
        The text.

    Raises:
        WordingError: When the response (or a variation without a channel) is missing.
    """
    variations = load_responses(path).get(name, ())
    chosen = [v for v in variations if channel and v.get("channel") == channel] or [
        v for v in variations if not v.get("channel")
    ]
    if not chosen or not isinstance(chosen[0].get("text"), str):
        raise WordingError(f"response {name} is missing from {path}")
    return fill(str(chosen[0]["text"]), values)


def alert_lines(urgency: str, number: str, channel: Optional[str] = None) -> Tuple[str, str]:
    """Returns the headline and the detail of the alert shown for an escalation.

    Args:
        urgency: `emergency`, `urgent` or `soon` (anything else gets the `soon` wording).
        number: The emergency number.
        channel: The output channel's name, for its own variation if it has one.

    Returns:
        (headline, detail), both plain text.
    """
    level = urgency if is_urgency(urgency) else SOON
    return (
        text(f"{PREFIX}alert_{level}_headline", channel, emergency_number=number),
        text(f"{PREFIX}alert_{level}_detail", channel, emergency_number=number),
    )


def widget_texts(number: str) -> Dict[str, Any]:
    """Returns what the website widget shows, for its configuration (`/chat-config.json`).

    Args:
        number: The emergency number.

    Returns:
        `urgencies` (most pressing first), `alerts` (urgency -> headline and detail) and
        `texts` (the widget's labels), all filled in.
    """
    alerts = {}
    for level in URGENCIES:
        headline, detail = alert_lines(level, number, WIDGET_CHANNEL)
        alerts[level] = {"headline": headline, "detail": detail}
    labels = {
        "callButton": "widget_call_button",
        "closeLabel": "widget_close_label",
        "title": "widget_title",
        "subtitle": "widget_subtitle",
        "inputHint": "widget_input_hint",
        "connecting": "widget_connecting",
    }
    return {
        "urgencies": list(URGENCIES),
        "alerts": alerts,
        "texts": {
            key: text(PREFIX + name, WIDGET_CHANNEL, emergency_number=number)
            for key, name in labels.items()
        },
    }
