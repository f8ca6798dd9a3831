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

import hmac
import logging
import re
from typing import Any, Awaitable, Callable, Dict, Optional, Tuple

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.telegram import TelegramInput
from rasa.shared.exceptions import InvalidConfigException
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.common import (
    RecentKeys,
    as_bool,
    clean_user_text,
)
from channels.telegram_output import DEFAULT_API_BASE_URL, PayloadStore, SecureTelegramOutput
from channels.webhook import add_health_route, hand_over, json_object

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 (a header name)
SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,256}$")
MAX_MESSAGE_CHARS = 2000
COMMANDS = {
    "/start": "/greet",
    "/help": "What can you help me with?",
}


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

        add_health_route(telegram_webhook)

        @telegram_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if not self.is_authentic(request):
                logger.warning("Rejected a Telegram update without the right secret token.")
                return response.json({"error": "forbidden"}, status=403)
            update = json_object(request.body, "update")
            if isinstance(update, HTTPResponse):
                return update
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
            message = UserMessage(
                text,
                output,
                chat_id,
                input_channel=self.name(),
                metadata={"telegram_update_id": update_id},
            )
            await hand_over(on_new_message, message, "Telegram")
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
