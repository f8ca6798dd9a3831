"""The wording the channels add around the assistant's replies, read from the domain.

Every sentence a patient reads that a channel builds (the escalation alert in Telegram, Slack
and the website banner, the widget's labels) is a response in `domain/channels.yml`, so a
clinician reviews all wording in `domain/`. `clinic.responses` reads them the way Rasa does: the
variation for the channel (`channel: socketio` for the website) when there is one, else the
one without a channel, with `{emergency_number}` filled in.
"""

from __future__ import annotations

from typing import Any, Dict, Optional, Tuple

from clinic.contract import DOMAIN_PATH, SOON, URGENCIES, is_urgency
from clinic.responses import ResponseError, render

#: The domain file with the channels' responses.
CHANNEL_RESPONSES_PATH = DOMAIN_PATH / "channels.yml"
#: The name of the website widget's channel (`ClinicSocketIOInput.name()`).
WIDGET_CHANNEL = "socketio"
#: Prefix of the responses in `domain/channels.yml`.
PREFIX = "utter_channel_"

#: A response the channels need is missing, or one of its variables was not given.
WordingError = ResponseError


def text(name: str, channel: Optional[str] = None, **values: str) -> str:
    """Returns one of the channels' responses for a channel, with its variables filled in.

    Args:
        name: Response name, e.g. `utter_channel_alert_emergency_headline`.
        channel: The output channel's name (e.g. `socketio`, `telegram`, `slack`), if any.
        **values: Variables, e.g. `emergency_number="112"`.

    Returns:
        The text.

    Raises:
        WordingError: When the response is missing or a variable was not given.
    """
    return render(CHANNEL_RESPONSES_PATH, name, channel, **values)


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
