"""Telegram output: a configurable Bot API server, readable buttons, the escalation alert as text.

Used by `channels.telegram.SecureTelegramInput`. Buttons are inline keyboards, one button per
row; a payload too long for Telegram's 64-byte callback data is kept on the server and the
button carries a short reference. The alert's wording comes from domain/channels.yml.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import OrderedDict
from typing import Any, Dict, List, Optional

from aiogram import Bot
from aiogram.bot.api import TelegramAPIServer
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from rasa.core.channels.telegram import TelegramOutput

from channels.common import alert_text, emergency_number, parse_escalation
from clinic.contract import MARKER_KEY

logger = logging.getLogger(__name__)

DEFAULT_API_BASE_URL = "https://api.telegram.org"
MAX_CALLBACK_DATA_BYTES = 64
PAYLOAD_REF_PREFIX = "p:"
ALLOWED_UPDATES = ["message", "callback_query"]


class PayloadStore:
    """Keeps button payloads too long for Telegram's callback data, by a short reference.

    Args:
        max_items: How many payloads are kept; the oldest are forgotten first.
    """

    def __init__(self, max_items: int = 5000) -> None:
        self._items: OrderedDict[str, str] = OrderedDict()
        self._max = max_items

    def callback_data(self, payload: str) -> str:
        """Returns the callback data for a button payload.

        Args:
            payload: The payload Rasa should receive when the button is tapped.

        Returns:
            The payload itself when it fits in 64 bytes, else a reference to it.
        """
        if len(payload.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES and not payload.startswith(
            PAYLOAD_REF_PREFIX
        ):
            return payload
        ref = PAYLOAD_REF_PREFIX + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:24]
        self._items[ref] = payload
        self._items.move_to_end(ref)
        while len(self._items) > self._max:
            self._items.popitem(last=False)
        return ref

    def payload(self, callback_data: str) -> Optional[str]:
        """Returns the payload for a button's callback data.

        Args:
            callback_data: What Telegram sent back.

        Returns:
            The payload, or None for a reference this process no longer knows.
        """
        if not callback_data.startswith(PAYLOAD_REF_PREFIX):
            return callback_data
        return self._items.get(callback_data)


class SecureTelegramOutput(TelegramOutput):
    """Telegram output with a configurable Bot API server and readable buttons.

    Args:
        access_token: The bot token from @BotFather.
        api_base_url: Bot API base URL (default https://api.telegram.org).
        payloads: Where long button payloads are kept.
        number: Emergency number used in escalation alerts.
    """

    def __init__(
        self,
        access_token: str,
        api_base_url: str = DEFAULT_API_BASE_URL,
        payloads: Optional[PayloadStore] = None,
        number: Optional[str] = None,
    ) -> None:
        Bot.__init__(self, access_token, server=TelegramAPIServer.from_base(api_base_url))
        self.payloads = payloads or PayloadStore()
        self.number = number or emergency_number()

    async def send_text_with_buttons(
        self,
        recipient_id: str,
        text: str,
        buttons: List[Dict[str, Any]],
        button_type: Optional[str] = "vertical",
        **kwargs: Any,
    ) -> None:
        """Sends text with an inline keyboard, one button per row.

        Args:
            recipient_id: The chat id.
            text: The message.
            buttons: Rasa buttons (`title`, `payload`).
            button_type: `vertical` (default) or `inline` (one row).
            **kwargs: Unused.
        """
        keyboard = InlineKeyboardMarkup()
        keys = [
            InlineKeyboardButton(
                str(button["title"]),
                callback_data=self.payloads.callback_data(str(button["payload"])),
            )
            for button in buttons
            if button.get("title") and button.get("payload")
        ]
        if button_type == "inline":
            keyboard.row(*keys)
        else:
            for key in keys:
                keyboard.row(key)
        await self.send_message(recipient_id, text, reply_markup=keyboard)

    async def send_custom_json(
        self, recipient_id: str, json_message: Dict[str, Any], **kwargs: Any
    ) -> None:
        """Sends a custom message; the escalation marker becomes a plain-text alert.

        Args:
            recipient_id: The chat id.
            json_message: The custom payload.
            **kwargs: Passed on.
        """
        escalation = parse_escalation(json_message)
        if escalation is not None:
            await self.send_message(
                recipient_id, alert_text(escalation.urgency, self.number, self.name())
            )
            return
        if MARKER_KEY in json_message:
            logger.warning("Ignored a malformed escalation marker.")
            return
        await super().send_custom_json(recipient_id, json_message, **kwargs)

    async def register_webhook(self, url: str, secret_token: str) -> bool:
        """Registers the webhook with Telegram, with the secret token.

        Args:
            url: The public HTTPS URL of `/webhooks/telegram/webhook`.
            secret_token: Sent back by Telegram in every update's secret header.

        Returns:
            Telegram's answer (True on success).
        """
        payload = {
            "url": url,
            "secret_token": secret_token,
            "allowed_updates": json.dumps(ALLOWED_UPDATES),
        }
        result = await self.request("setWebhook", payload)
        return bool(result)

    async def close_session(self) -> None:
        """Closes the HTTP session to the Bot API, if one was opened."""
        session = getattr(self, "_session", None)
        if session is not None and not session.closed:
            await session.close()
