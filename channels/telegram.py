"""Telegram channel that checks Telegram's webhook secret token.

Differences from Rasa 3.6's `telegram` connector:
- Every update must carry the header `X-Telegram-Bot-Api-Secret-Token` with the configured
  secret; a missing or wrong one gets 403 and is not processed. The webhook is registered with
  that secret (and only for messages and button taps) when the server starts.
- The Bot API base URL is a setting (`api_base_url`), so tests can use a fake Bot API.
- No `getMe` call per update, no webhook registration each time an output channel is made, no
  unauthenticated `/set_webhook` route.
- Only private chats are answered (a group would show health questions to its members).
- Each update is handled once (Telegram re-delivers when it gets no answer in time).
- Buttons are inline keyboards, one button per row; a payload too long for Telegram's 64-byte
  callback data is kept on the server and the button carries a short reference.
- The escalation marker becomes a plain-text alert with the emergency number.
- `/start` opens the conversation (greeting); other `/commands` cannot force an intent.

credentials (credentials/telegram.yml; scripts/run.sh includes it when the variables are set):
    channels.telegram.SecureTelegramInput:
      access_token: ${TELEGRAM_BOT_TOKEN}
      webhook_url: ${TELEGRAM_WEBHOOK_URL}        # https://<public host>/webhooks/telegram/webhook
      secret_token: ${TELEGRAM_WEBHOOK_SECRET}    # 16-256 characters: A-Z a-z 0-9 _ -
      api_base_url: ${TELEGRAM_API_BASE_URL}      # default https://api.telegram.org
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
from collections import OrderedDict
from typing import Any, Awaitable, Callable, Dict, List, Optional, Tuple

from aiogram import Bot
from aiogram.bot.api import TelegramAPIServer
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.telegram import TelegramInput, TelegramOutput
from rasa.shared.exceptions import InvalidConfigException
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.common import (
    RecentKeys,
    alert_text,
    as_bool,
    clean_user_text,
    emergency_number,
    parse_escalation,
)
from clinic.contract import MARKER_KEY

logger = logging.getLogger(__name__)

DEFAULT_API_BASE_URL = "https://api.telegram.org"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 (a header name)
SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,256}$")
MAX_CALLBACK_DATA_BYTES = 64
PAYLOAD_REF_PREFIX = "p:"
MAX_MESSAGE_CHARS = 2000
ALLOWED_UPDATES = ["message", "callback_query"]
COMMANDS = {
    "/start": "/greet",
    "/help": "What can you help me with?",
}


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


class SecureTelegramInput(TelegramInput):
    """Telegram input channel that checks the webhook secret (see the module docstring).

    Args:
        access_token: The bot token from @BotFather.
        verify: The bot's username (optional; checked once at start, a mismatch is logged).
        webhook_url: Public HTTPS URL of this channel's webhook.
        secret_token: The webhook secret token.
        api_base_url: Bot API base URL.
        register_webhook: Whether to register the webhook when the server starts.
    """

    @classmethod
    def name(cls) -> str:
        """Returns the channel name, which is also its URL prefix."""
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> InputChannel:
        """Creates the channel from its credentials section.

        Args:
            credentials: The section (see the module docstring).

        Returns:
            The channel.

        Raises:
            InvalidConfigException: When a required setting is missing or invalid.
        """
        if not credentials:
            cls.raise_missing_credentials_exception()
        credentials = credentials or {}
        return cls(
            access_token=str(credentials.get("access_token") or ""),
            verify=credentials.get("verify") or None,
            webhook_url=str(credentials.get("webhook_url") or ""),
            secret_token=str(credentials.get("secret_token") or ""),
            api_base_url=str(credentials.get("api_base_url") or DEFAULT_API_BASE_URL),
            register_webhook=as_bool(
                credentials.get("register_webhook"), default=True, name="register_webhook"
            ),
        )

    def __init__(
        self,
        access_token: str,
        verify: Optional[str],
        webhook_url: str,
        secret_token: str = "",
        api_base_url: str = DEFAULT_API_BASE_URL,
        register_webhook: bool = True,
    ) -> None:
        super().__init__(access_token, verify, webhook_url, debug_mode=False)
        if not access_token or ":" not in access_token:
            raise InvalidConfigException("Telegram: access_token (TELEGRAM_BOT_TOKEN) is missing.")
        if not webhook_url:
            raise InvalidConfigException("Telegram: webhook_url (TELEGRAM_WEBHOOK_URL) is missing.")
        if not SECRET_PATTERN.match(secret_token or ""):
            raise InvalidConfigException(
                "Telegram: secret_token (TELEGRAM_WEBHOOK_SECRET) must be 16-256 characters "
                "of A-Z, a-z, 0-9, '_' and '-' (e.g. the output of `openssl rand -hex 32`)."
            )
        self.secret_token = secret_token
        self.api_base_url = api_base_url.rstrip("/")
        self.register_webhook = register_webhook
        self.payloads = PayloadStore()
        self.updates = RecentKeys(ttl_seconds=24 * 3600)
        self._output: Optional[SecureTelegramOutput] = None

    def get_output_channel(self) -> SecureTelegramOutput:
        """Returns the output channel (one per process; it does not touch the webhook)."""
        if self._output is None:
            self._output = SecureTelegramOutput(
                self.access_token or "", self.api_base_url, self.payloads
            )
        return self._output

    def is_authentic(self, request: Request) -> bool:
        """Tells whether an update carries the configured secret token.

        Args:
            request: The incoming request.

        Returns:
            True if the secret header matches.
        """
        provided = request.headers.get(SECRET_HEADER, "")
        return hmac.compare_digest(provided.encode("utf-8"), self.secret_token.encode("utf-8"))

    def _message_from_update(self, update: Dict[str, Any]) -> Optional[Tuple[str, str, str]]:
        """Extracts (chat id, text, callback query id or "") from an update, if it is for us."""
        callback = update.get("callback_query")
        if isinstance(callback, dict):
            message = callback.get("message") or {}
            chat = message.get("chat") or {}
            data = callback.get("data")
            if chat.get("type") != "private" or not isinstance(data, str):
                return None
            payload = self.payloads.payload(data)
            if payload is None:
                payload = _button_title(message, data)
            if not payload:
                return None
            return str(chat.get("id")), payload, str(callback.get("id") or "")
        message = update.get("message")
        if not isinstance(message, dict):
            return None  # edited messages, channel posts, ... are not answered
        chat = message.get("chat") or {}
        text = message.get("text")
        if chat.get("type") != "private" or chat.get("id") is None:
            logger.info("Ignored a Telegram update from a %s chat.", chat.get("type"))
            return None
        if not isinstance(text, str) or not text.strip():
            return None
        return str(chat["id"]), clean_user_text(text[:MAX_MESSAGE_CHARS], COMMANDS), ""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Creates the webhook routes and the start-up webhook registration.

        Args:
            on_new_message: Rasa's handler for incoming messages.

        Returns:
            The blueprint Rasa mounts.
        """
        telegram_webhook = Blueprint("telegram_webhook", __name__)

        @telegram_webhook.listener("after_server_start")
        async def register(_: Sanic, __: Any) -> None:
            if not self.register_webhook:
                return
            output = self.get_output_channel()
            try:
                if await output.register_webhook(self.webhook_url or "", self.secret_token):
                    logger.info("Telegram webhook registered for %s", self.webhook_url)
                else:
                    logger.error("Telegram did not accept the webhook %s", self.webhook_url)
            except Exception as error:
                logger.error("Could not register the Telegram webhook: %s", type(error).__name__)
            if self.verify:
                try:
                    me = await output.get_me()
                    if me.username != self.verify:
                        logger.warning("Telegram: the token belongs to @%s", me.username)
                except Exception as error:
                    logger.warning("Telegram getMe failed: %s", type(error).__name__)

        @telegram_webhook.listener("before_server_stop")
        async def close(_: Sanic, __: Any) -> None:
            if self._output is not None:
                await self._output.close_session()

        @telegram_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @telegram_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if not self.is_authentic(request):
                logger.warning("Rejected a Telegram update without the right secret token.")
                return response.json({"error": "forbidden"}, status=403)
            try:
                update = json.loads(request.body or b"")
            except ValueError:
                return response.json({"error": "invalid JSON"}, status=400)
            if not isinstance(update, dict):
                return response.json({"error": "invalid update"}, status=400)
            update_id = update.get("update_id")
            if update_id is not None and self.updates.seen(str(update_id)):
                return response.json({"status": "duplicate"})
            extracted = self._message_from_update(update)
            if extracted is None:
                return response.json({"status": "ignored"})
            chat_id, text, callback_id = extracted
            output = self.get_output_channel()
            if callback_id:
                try:
                    await output.answer_callback_query(callback_id)
                except Exception as error:
                    logger.debug("answerCallbackQuery failed: %s", type(error).__name__)
            try:
                await on_new_message(
                    UserMessage(
                        text,
                        output,
                        chat_id,
                        input_channel=self.name(),
                        metadata={"telegram_update_id": update_id},
                    )
                )
            except Exception:
                logger.exception("Could not handle a Telegram message.")
            return response.json({"status": "ok"})

        return telegram_webhook


def _button_title(message: Dict[str, Any], callback_data: str) -> Optional[str]:
    """Finds the title of the tapped button in the message's inline keyboard."""
    markup = message.get("reply_markup") or {}
    for row in markup.get("inline_keyboard") or []:
        for button in row:
            if isinstance(button, dict) and button.get("callback_data") == callback_data:
                title = button.get("text")
                return str(title) if title else None
    return None
