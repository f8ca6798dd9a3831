"""Slack channel: signed requests only, each message answered once.

Differences from Rasa 3.6's `slack` connector:
- The signature check rejects (401) unsigned, wrongly signed and stale requests (older or newer
  than five minutes), before the body is read as JSON; the URL check (`url_verification`) is
  answered only when signed.
- Each event is answered once: Slack's retries (same `event_id`) and the pair `app_mention` +
  `message` that Slack sends for one message mentioning the bot (same channel and `ts`) are
  recognised. A retry of an event that never arrived is answered, as it should be.
- Edits, deletions, joins and other message subtypes, and messages from bots, are ignored.
- The Web API base URL is a setting (`api_base_url`), so tests can use a fake Slack API.
- Messages are posted as the app (no legacy `as_user`); buttons are Block Kit buttons; the
  escalation marker becomes a Block Kit alert (header + the emergency number) that stands out.
- A message cannot force an intent by starting with "/".

credentials (credentials/slack.yml; scripts/run.sh includes it when the variables are set):
    channels.slack.SecureSlackInput:
      slack_token: ${SLACK_BOT_TOKEN}                  # xoxb-...
      slack_signing_secret: ${SLACK_SIGNING_SECRET}
      api_base_url: ${SLACK_API_BASE_URL}              # default https://slack.com/api/
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from typing import Any, Awaitable, Callable, Dict, Optional
from urllib.parse import parse_qs

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.slack import SlackInput
from rasa.shared.exceptions import InvalidConfigException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.common import (
    RecentKeys,
    as_bool,
    clean_user_text,
)
from channels.slack_output import DEFAULT_API_BASE_URL, SecureSlackOutput
from channels.webhook import BackgroundHandover, add_health_route, json_object

logger = logging.getLogger(__name__)

MAX_REQUEST_AGE_SECONDS = 5 * 60
MAX_MESSAGE_CHARS = 2000


def verify_signature(
    signing_secret: str,
    timestamp: Optional[str],
    body: bytes,
    signature: Optional[str],
    now: Optional[float] = None,
    max_age: int = MAX_REQUEST_AGE_SECONDS,
) -> bool:
    """Checks Slack's request signature (v0, HMAC-SHA256 of `v0:<timestamp>:<body>`).

    Args:
        signing_secret: The app's signing secret.
        timestamp: Header X-Slack-Request-Timestamp.
        body: The raw request body.
        signature: Header X-Slack-Signature.
        now: Current Unix time (default: the clock).
        max_age: Largest allowed difference between the timestamp and now, in seconds.

    Returns:
        True when the signature is valid and fresh.
    """
    if not signing_secret or not timestamp or not signature:
        return False
    try:
        sent_at = int(timestamp)
    except ValueError:
        return False
    current = time.time() if now is None else now
    if abs(current - sent_at) > max_age:
        return False
    base = b"v0:" + str(sent_at).encode("ascii") + b":" + body
    expected = "v0=" + hmac.new(signing_secret.encode("utf-8"), base, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode("ascii"), signature.encode("utf-8", "replace"))


class SecureSlackInput(SlackInput):
    """Slack input channel: signed requests only, each message answered once.

    Args:
        slack_token: Bot token (xoxb-...).
        slack_signing_secret: The app's signing secret.
        slack_channel: Channel where plain (non-mention) messages are answered, if any.
        proxy: HTTP proxy, if any.
        use_threads: Answer in a thread under the patient's message.
        conversation_granularity: `sender`, `channel` or `thread`.
        api_base_url: Web API base URL.
    """

    @classmethod
    def name(cls) -> str:
        """Returns the channel name, which is also its URL prefix."""
        return "slack"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> InputChannel:
        """Creates the channel from its credentials section.

        Args:
            credentials: The section (see the module docstring).

        Returns:
            The channel.
        """
        if not credentials:
            cls.raise_missing_credentials_exception()
        credentials = credentials or {}
        return cls(
            slack_token=str(credentials.get("slack_token") or ""),
            slack_signing_secret=str(credentials.get("slack_signing_secret") or ""),
            slack_channel=credentials.get("slack_channel") or None,
            proxy=credentials.get("proxy") or None,
            use_threads=as_bool(credentials.get("use_threads"), name="use_threads"),
            conversation_granularity=credentials.get("conversation_granularity") or "sender",
            api_base_url=str(credentials.get("api_base_url") or DEFAULT_API_BASE_URL),
        )

    def __init__(
        self,
        slack_token: str,
        slack_signing_secret: str,
        slack_channel: Optional[str] = None,
        proxy: Optional[str] = None,
        use_threads: bool = False,
        conversation_granularity: str = "sender",
        api_base_url: str = DEFAULT_API_BASE_URL,
    ) -> None:
        if not slack_token:
            raise InvalidConfigException("Slack: slack_token (SLACK_BOT_TOKEN) is missing.")
        super().__init__(
            slack_token,
            slack_channel=slack_channel,
            proxy=proxy,
            use_threads=use_threads,
            slack_signing_secret=slack_signing_secret,
            conversation_granularity=conversation_granularity,
        )
        self.api_base_url = api_base_url if api_base_url.endswith("/") else api_base_url + "/"
        self.events = RecentKeys(ttl_seconds=3600)
        self.messages = RecentKeys(ttl_seconds=3600)
        self.background = BackgroundHandover("Slack")

    def get_output_channel(
        self, channel: Optional[str] = None, thread_id: Optional[str] = None
    ) -> OutputChannel:
        """Returns an output channel answering in `channel` (and `thread_id`).

        Args:
            channel: Slack channel id.
            thread_id: Thread timestamp, if answers go to a thread.

        Returns:
            The output channel.
        """
        return SecureSlackOutput(
            self.slack_token,
            channel or self.slack_channel,
            thread_id,
            self.proxy,
            self.api_base_url,
        )

    def is_authentic(self, request: Request) -> bool:
        """Checks the request's Slack signature and age.

        Args:
            request: The incoming request.

        Returns:
            True if it was signed by Slack within the last five minutes.
        """
        return verify_signature(
            self.slack_signing_secret,
            request.headers.get("X-Slack-Request-Timestamp"),
            request.body or b"",
            request.headers.get("X-Slack-Signature"),
        )

    def _handle(
        self,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        text: str,
        sender: str,
        channel: Optional[str],
        thread_ts: Optional[str],
    ) -> None:
        """Answers in the background, so Slack gets its 200 within three seconds."""
        conversation_id = self._get_conversation_id(sender, channel, thread_ts)
        output = self.get_output_channel(channel, thread_ts if self.use_threads else None)
        message = UserMessage(
            text,
            output,
            conversation_id,
            input_channel=self.name(),
            metadata={"out_channel": channel, "thread_id": thread_ts},
        )
        self.background.start(on_new_message, message)

    def _event_text(self, envelope: Dict[str, Any]) -> Optional[str]:
        """Returns the patient's text if the event is a message we answer, else None."""
        event = envelope.get("event") or {}
        kind = event.get("type")
        if kind not in ("message", "app_mention"):
            return None
        if event.get("subtype") or event.get("bot_id") or not event.get("user"):
            return None
        text = event.get("text")
        if not isinstance(text, str) or not text.strip():
            return None
        direct = event.get("channel_type") == "im"
        in_configured_channel = bool(self.slack_channel) and event.get("channel") == (
            self.slack_channel
        )
        if kind == "message" and not (direct or in_configured_channel):
            return None
        bot_users = [
            auth.get("user_id")
            for auth in envelope.get("authorizations") or []
            if isinstance(auth, dict) and auth.get("user_id")
        ] + list(envelope.get("authed_users") or [])
        text = self._sanitize_user_message(text[:MAX_MESSAGE_CHARS], bot_users)
        return clean_user_text(text)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Creates the webhook routes (events and interactivity share one URL).

        Args:
            on_new_message: Rasa's handler for incoming messages.

        Returns:
            The blueprint Rasa mounts.
        """
        slack_webhook = Blueprint("slack_webhook", __name__)

        add_health_route(slack_webhook)

        @slack_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if not self.is_authentic(request):
                logger.warning("Rejected a Slack request with a missing, bad or stale signature.")
                return response.json({"error": "invalid signature"}, status=401)
            content_type = (request.headers.get("content-type") or "").split(";")[0].strip()
            if content_type == "application/json":
                return await self._on_event(request, on_new_message)
            if content_type == "application/x-www-form-urlencoded":
                return self._on_interaction(request, on_new_message)
            return response.json({"error": "unsupported content type"}, status=415)

        return slack_webhook

    async def _on_event(
        self, request: Request, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> HTTPResponse:
        envelope = json_object(request.body, "event")
        if isinstance(envelope, HTTPResponse):
            return envelope
        if envelope.get("type") == "url_verification":
            return response.json({"challenge": envelope.get("challenge")})
        no_retry = {"X-Slack-No-Retry": "1"}
        event_id = envelope.get("event_id")
        if event_id and self.events.seen(str(event_id)):
            logger.info(
                "Slack event delivered again (retry %s, %s): already answered.",
                request.headers.get("X-Slack-Retry-Num"),
                request.headers.get("X-Slack-Retry-Reason"),
            )
            return response.json({"status": "duplicate"}, headers=no_retry)
        text = self._event_text(envelope)
        if not text:
            return response.json({"status": "ignored"})
        event = envelope.get("event") or {}
        channel = event.get("channel")
        message_key = f"{channel}:{event.get('ts')}"
        if event.get("ts") and self.messages.seen(message_key):
            return response.json({"status": "duplicate"}, headers=no_retry)
        thread_ts = event.get("thread_ts") or event.get("ts")
        self._handle(on_new_message, text, str(event["user"]), channel, thread_ts)
        return response.json({"status": "ok"})

    def _on_interaction(
        self, request: Request, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> HTTPResponse:
        form = parse_qs((request.body or b"").decode("utf-8", "replace"))
        try:
            payload = json.loads(form.get("payload", [""])[0])
        except ValueError:
            return response.json({"error": "invalid payload"}, status=400)
        if not isinstance(payload, dict) or not self._is_interactive_message(payload):
            return response.json({"status": "ignored"})
        action = payload["actions"][0]
        value = self._get_interactive_response(action)
        user = (payload.get("user") or {}).get("id")
        if not value or not user:
            return response.json({"status": "ignored"})
        key = f"{user}:{action.get('action_ts') or payload.get('trigger_id')}"
        if self.events.seen(key):
            return response.json({"status": "duplicate"})
        channel = (payload.get("channel") or {}).get("id")
        message = payload.get("message") or {}
        thread_ts = message.get("thread_ts") or message.get("ts")
        self._handle(on_new_message, clean_user_text(str(value)), str(user), channel, thread_ts)
        return response.json({"status": "ok"})
