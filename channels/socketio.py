"""Socket.IO channel for the website widget, with the page origins restricted.

Differences from Rasa 3.6's `socketio` connector:
- Only the configured site origins may connect (Engine.IO checks the Origin header of polling
  and WebSocket requests and answers CORS for those origins only); "*" is refused.
- Custom bot messages (e.g. the escalation marker `{"escalation": {...}}`) reach the page as the
  event's payload; Rasa 3.6 passes them to `emit(**json_message)`, which fails.
- Session ids must look like the ones the server hands out (32 hex characters), so a page cannot
  join or write into a conversation of another channel (Telegram chat ids, Slack user ids).
- A message cannot force an intent by starting with "/" (except the widget's "/greet").
- Messages are capped in size.

credentials (all optional):
    channels.socketio.ClinicSocketIOInput:
      user_message_evt: user_uttered
      bot_message_evt: bot_uttered
      session_persistence: true
      cors_allowed_origins: https://www.example-clinic.com   # else env WEBCHAT_ORIGINS
"""

from __future__ import annotations

import json
import logging
import os
import re
import uuid
from typing import Any, Awaitable, Callable, Dict, List, Optional

from rasa.core.channels.channel import (
    InputChannel,
    OutputChannel,
    UserMessage,
    decode_bearer_token,
)
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from rasa.shared.exceptions import InvalidConfigException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from channels.common import clean_user_text, split_list
from channels.wording import WIDGET_CHANNEL

logger = logging.getLogger(__name__)

ORIGINS_ENV = "WEBCHAT_ORIGINS"
DEFAULT_ORIGINS = ("http://127.0.0.1:8080", "http://localhost:8080")
MAX_MESSAGE_CHARS = 2000
MAX_HTTP_BUFFER_BYTES = 64 * 1024
SESSION_ID = re.compile(r"^[0-9a-f]{32}$")
# The widget opens a new conversation with this payload (web/static/clinic-chat.js).
WIDGET_COMMANDS = {"/greet": "/greet"}
_ORIGIN = re.compile(r"^https?://[A-Za-z0-9.\-\[\]:]+$")


def allowed_origins(configured: Any = None, env: Optional[Dict[str, str]] = None) -> List[str]:
    """Returns the page origins allowed to connect.

    Args:
        configured: `cors_allowed_origins` from the credentials (list or string), if any.
        env: Variables to read (WEBCHAT_ORIGINS); defaults to `os.environ`.

    Returns:
        Origins like `https://www.example-clinic.com`.

    Raises:
        InvalidConfigException: When an origin is "*" or not of the form scheme://host[:port].
    """
    env = dict(os.environ) if env is None else env
    origins = split_list(configured) or split_list(env.get(ORIGINS_ENV)) or list(DEFAULT_ORIGINS)
    origins = [origin.rstrip("/") if origin != "*" else origin for origin in origins]
    for origin in origins:
        if origin == "*" or not _ORIGIN.match(origin):
            raise InvalidConfigException(
                f"Web chat origin {origin!r} is not allowed: list the site origins that embed "
                "the widget, e.g. https://www.example-clinic.com (scheme://host[:port], no '*', "
                "no path)."
            )
    return origins


class ClinicSocketIOOutput(SocketIOOutput):
    """Socket.IO output that sends custom messages as the event payload."""

    async def send_custom_json(
        self, recipient_id: str, json_message: Dict[str, Any], **kwargs: Any
    ) -> None:
        """Sends a custom message (e.g. the escalation marker) to the page.

        Args:
            recipient_id: The conversation (socket.io room).
            json_message: The custom payload. A payload with a `data` key keeps Rasa's
                convention (`data` is what gets emitted).
            **kwargs: Unused.
        """
        if "data" in json_message:
            await self.sio.emit(self.bot_message_evt, json_message["data"], room=recipient_id)
            return
        await self._send_message(recipient_id, json_message)


class ClinicSocketIOInput(SocketIOInput):
    """Socket.IO input channel for the website widget (see the module docstring)."""

    @classmethod
    def name(cls) -> str:
        """Returns the channel name, which is also its URL prefix."""
        return WIDGET_CHANNEL

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> InputChannel:
        """Creates the channel from its credentials section.

        Args:
            credentials: The section (see the module docstring); may be empty.

        Returns:
            The channel.
        """
        credentials = credentials or {}
        return cls(
            user_message_evt=credentials.get("user_message_evt", "user_uttered"),
            bot_message_evt=credentials.get("bot_message_evt", "bot_uttered"),
            namespace=credentials.get("namespace"),
            session_persistence=credentials.get("session_persistence", True),
            socketio_path=credentials.get("socketio_path", "/socket.io"),
            jwt_key=credentials.get("jwt_key"),
            jwt_method=credentials.get("jwt_method", "HS256"),
            metadata_key=credentials.get("metadata_key", "metadata"),
            cors_allowed_origins=allowed_origins(credentials.get("cors_allowed_origins")),
        )

    def __init__(
        self,
        user_message_evt: str = "user_uttered",
        bot_message_evt: str = "bot_uttered",
        namespace: Optional[str] = None,
        session_persistence: bool = True,
        socketio_path: Optional[str] = "/socket.io",
        jwt_key: Optional[str] = None,
        jwt_method: Optional[str] = "HS256",
        metadata_key: Optional[str] = "metadata",
        cors_allowed_origins: Optional[List[str]] = None,
    ) -> None:
        super().__init__(
            user_message_evt,
            bot_message_evt,
            namespace,
            session_persistence,
            socketio_path,
            jwt_key,
            jwt_method,
            metadata_key,
        )
        self.cors_allowed_origins = (
            list(cors_allowed_origins) if cors_allowed_origins else allowed_origins()
        )

    def get_output_channel(self) -> Optional[OutputChannel]:
        """Returns the output channel (after the blueprint was created)."""
        if self.sio is None:
            return super().get_output_channel()
        return ClinicSocketIOOutput(self.sio, self.bot_message_evt)

    def _sender_id(self, sid: str, data: Dict[str, Any]) -> Optional[str]:
        if not self.session_persistence:
            return sid
        session_id = data.get("session_id")
        if isinstance(session_id, str) and SESSION_ID.match(session_id):
            return session_id
        logger.warning("Ignored a web chat message without a valid session id.")
        return None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Creates the Socket.IO server and its routes.

        Args:
            on_new_message: Rasa's handler for incoming messages.

        Returns:
            The blueprint Rasa mounts.
        """
        sio = AsyncServer(
            async_mode="sanic",
            cors_allowed_origins=self.cors_allowed_origins,
            max_http_buffer_size=MAX_HTTP_BUFFER_BYTES,
        )
        socketio_webhook = SocketBlueprint(sio, self.socketio_path, "socketio_webhook", __name__)
        self.sio = sio
        logger.info("Web chat accepts pages from: %s", ", ".join(self.cors_allowed_origins))

        @socketio_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: str, environ: Dict, auth: Optional[Dict]) -> bool:
            if not self.jwt_key:
                return True
            token = auth.get("token") if isinstance(auth, dict) else None
            if not token:
                return False
            return bool(decode_bearer_token(token, self.jwt_key, self.jwt_algorithm))

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: Optional[Dict]) -> None:
            requested = data.get("session_id") if isinstance(data, dict) else None
            if isinstance(requested, str) and SESSION_ID.match(requested):
                session_id = requested
            else:
                session_id = uuid.uuid4().hex
            if self.session_persistence:
                await sio.enter_room(sid, session_id, namespace=self.namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: Any) -> None:
            if not isinstance(data, dict):
                return
            sender_id = self._sender_id(sid, data)
            if sender_id is None:
                return
            text = data.get("message", "")
            if not isinstance(text, str) or not text.strip():
                return
            text = clean_user_text(text[:MAX_MESSAGE_CHARS], WIDGET_COMMANDS)
            if not text:
                return
            metadata = data.get(self.metadata_key) or {}
            if isinstance(metadata, str):
                try:
                    metadata = json.loads(metadata)
                except ValueError:
                    metadata = {}
            if not isinstance(metadata, dict):
                metadata = {}
            message = UserMessage(
                text,
                ClinicSocketIOOutput(sio, self.bot_message_evt),
                sender_id,
                input_channel=self.name(),
                metadata=metadata,
            )
            await on_new_message(message)

        return socketio_webhook
