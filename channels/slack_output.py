"""Slack output: messages posted as the app, buttons as Block Kit, the escalation alert as blocks.

Used by `channels.slack.SecureSlackInput`. The Web API base URL is a setting (`api_base_url`), so
tests can use a fake Slack API. The alert's wording comes from domain/channels.yml.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional

from rasa.core.channels.slack import SlackBot
from slack_sdk.web.async_client import AsyncWebClient

from channels.common import alert_lines, emergency_number, parse_escalation
from clinic.contract import MARKER_KEY

logger = logging.getLogger(__name__)

DEFAULT_API_BASE_URL = "https://slack.com/api/"
MAX_BUTTONS = 25  # Slack's limit for one actions block
MAX_BUTTON_TITLE = 75


def alert_blocks(urgency: str, number: str, channel: str = "slack") -> List[Dict[str, Any]]:
    """Builds the Block Kit alert shown for an escalation.

    Args:
        urgency: `emergency`, `urgent` or `soon`.
        number: The emergency number.
        channel: The output channel's name (its wording, if it has its own).

    Returns:
        Blocks: a header and a section.
    """
    headline, detail = alert_lines(urgency, number, channel)
    return [
        {"type": "header", "text": {"type": "plain_text", "text": headline, "emoji": True}},
        {"type": "section", "text": {"type": "mrkdwn", "text": f"*{detail}*"}},
    ]


class SecureSlackOutput(SlackBot):
    """Slack output that posts as the app, to a configurable Web API.

    Args:
        token: Bot token (xoxb-...).
        slack_channel: Channel to post to (default: where the message came from).
        thread_id: Thread to answer in, if any.
        proxy: HTTP proxy, if any.
        api_base_url: Web API base URL.
        number: Emergency number used in escalation alerts.
    """

    def __init__(
        self,
        token: str,
        slack_channel: Optional[str] = None,
        thread_id: Optional[str] = None,
        proxy: Optional[str] = None,
        api_base_url: str = DEFAULT_API_BASE_URL,
        number: Optional[str] = None,
    ) -> None:
        super().__init__(token, slack_channel, thread_id, proxy)
        self.client = AsyncWebClient(token=token, base_url=api_base_url, proxy=proxy)
        self.number = number or emergency_number()

    async def _post_message(self, channel: str, **kwargs: Any) -> None:
        kwargs.pop("as_user", None)  # legacy; new Slack apps post as the app
        if self.thread_id:
            kwargs["thread_ts"] = self.thread_id
        await self.client.chat_postMessage(channel=channel, **kwargs)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        """Sends text, one Slack message per paragraph.

        Args:
            recipient_id: The conversation (used when no channel is set).
            text: The message.
            **kwargs: Unused.
        """
        channel = self.slack_channel or recipient_id
        for part in text.strip().split("\n\n"):
            await self._post_message(channel=channel, text=part)

    async def send_text_with_buttons(
        self,
        recipient_id: str,
        text: str,
        buttons: List[Dict[str, Any]],
        **kwargs: Any,
    ) -> None:
        """Sends text with Block Kit buttons.

        Args:
            recipient_id: The conversation (used when no channel is set).
            text: The message.
            buttons: Rasa buttons (`title`, `payload`).
            **kwargs: Unused.
        """
        channel = self.slack_channel or recipient_id
        elements = [
            {
                "type": "button",
                "text": {"type": "plain_text", "text": str(button["title"])[:MAX_BUTTON_TITLE]},
                "value": str(button["payload"])[:2000],
                "action_id": f"rasa_button_{index}",
            }
            for index, button in enumerate(buttons[:MAX_BUTTONS])
            if button.get("title") and button.get("payload")
        ]
        blocks: List[Dict[str, Any]] = [
            {"type": "section", "text": {"type": "plain_text", "text": text}}
        ]
        if elements:
            blocks.append({"type": "actions", "elements": elements})
        await self._post_message(channel=channel, text=text, blocks=blocks)

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        """Sends an image.

        Args:
            recipient_id: The conversation (used when no channel is set).
            image: The image URL.
            **kwargs: Unused.
        """
        channel = self.slack_channel or recipient_id
        block = {"type": "image", "image_url": image, "alt_text": "image"}
        await self._post_message(channel=channel, text=image, blocks=[block])

    async def send_attachment(
        self, recipient_id: str, attachment: Dict[str, Any], **kwargs: Any
    ) -> None:
        """Sends a legacy attachment.

        Args:
            recipient_id: The conversation (used when no channel is set).
            attachment: The attachment.
            **kwargs: Unused.
        """
        channel = self.slack_channel or recipient_id
        await self._post_message(channel=channel, attachments=[attachment])

    async def send_custom_json(
        self, recipient_id: str, json_message: Dict[str, Any], **kwargs: Any
    ) -> None:
        """Sends a custom message; the escalation marker becomes a Block Kit alert.

        Args:
            recipient_id: The conversation (used when no channel is set).
            json_message: The custom payload (else passed to chat.postMessage as is).
            **kwargs: Unused.
        """
        escalation = parse_escalation(json_message)
        channel = self.slack_channel or recipient_id
        if escalation is not None:
            headline, detail = alert_lines(escalation.urgency, self.number, self.name())
            await self._post_message(
                channel=channel,
                text=f"{headline}: {detail}",
                blocks=alert_blocks(escalation.urgency, self.number, self.name()),
            )
            return
        if MARKER_KEY in json_message:
            logger.warning("Ignored a malformed escalation marker.")
            return
        message = dict(json_message)
        channel = message.pop("channel", channel)
        await self._post_message(channel=channel, **message)
