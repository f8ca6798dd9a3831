"""Socket.IO channel for the website widget, with the page origins restricted.

Differences from Rasa 3.6's `socketio` connector:
- Only the configured site origins may connect (Engine.IO checks the Origin header of polling
  and WebSocket requests and answers CORS for those origins only); "*" is refused. A connection
  without an Origin header, which Engine.IO lets through, is refused by the `connect` handler.
- Custom bot messages (e.g. the escalation marker `{"escalation": {...}}`) reach the page as the
  event's payload; Rasa 3.6 passes them to `emit(**json_message)`, which fails.
- A session is bound to the browser that started it (`channels.socketio_session`): the widget
  gets a session token `<conversation id>.<proof>` and needs it to resume the conversation; a
  session id alone (e.g. a conversation id from a log) gets a new conversation. A socket writes
  only into the conversation its own `session_request` bound it to, and replies go only to the
  sockets bound to the conversation. Conversation ids are server-made (32 hex characters), so a
  page cannot reach a conversation of another channel (Telegram chat ids, Slack user ids).
- A message cannot force an intent by starting with "/" (except the widget's "/greet").
- Messages are capped in size.

credentials (all optional):
    channels.socketio.ClinicSocketIOInput:
      user_message_evt: user_uttered
      bot_message_evt: bot_uttered
      session_persistence: true
      cors_allowed_origins: https://www.example-clinic.com   # else env WEBCHAT_ORIGINS
environment: WEBCHAT_SESSION_SECRET (the key of the session proofs; see channels.socketio_session).
"""

from __future__ import annotations

import json
import logging
import os
import re
from typing import Any, Awaitable, Callable, Dict, Final, List, Mapping, Optional

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
from socketio.exceptions import ConnectionRefusedError as SocketRefused

from channels.common import clean_user_text, split_list
from channels.socketio_session import SessionBindings, SessionKeys, short_id
from channels.wording import WIDGET_CHANNEL

logger = logging.getLogger(__name__)

ORIGINS_ENV = "WEBCHAT_ORIGINS"
DEFAULT_ORIGINS = ("http://127.0.0.1:8080", "http://localhost:8080")
MAX_MESSAGE_CHARS = 2000
MAX_HTTP_BUFFER_BYTES = 64 * 1024
#: The WSGI environ key of the Origin header of the connection's first request.
ORIGIN_HEADER: Final = "HTTP_ORIGIN"
#: Why a connection is refused, as the client sees it.
REFUSED_ORIGIN: Final = "origin not allowed"
REFUSED_TOKEN: Final = "token not valid"
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


def origin_allowed(environ: Mapping[str, Any], origins: List[str]) -> bool:
    """Tells whether a connection comes from an allowed page.

    Engine.IO refuses a wrong Origin header but lets requests without one through (scripts, other
    servers); the connection must name one of `origins` exactly.

    Args:
        environ: The WSGI environ of the connection's first request.
        origins: The allowed origins (`allowed_origins()`).

    Returns:
        True when the Origin header is one of them.
    """
    origin = environ.get(ORIGIN_HEADER)
    return isinstance(origin, str) and origin in origins


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
        session_keys: Optional[SessionKeys] = None,
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
        self.session_keys = session_keys or SessionKeys.from_env()
        self.bindings = SessionBindings()

    def get_output_channel(self) -> Optional[OutputChannel]:
        """Returns the output channel (after the blueprint was created)."""
        if self.sio is None:
            return super().get_output_channel()
        return ClinicSocketIOOutput(self.sio, self.bot_message_evt)

    def _server(self) -> AsyncServer:
        if self.sio is None:
            raise RuntimeError("The web chat's Socket.IO server is made by blueprint().")
        return self.sio

    async def _connect(self, environ: Mapping[str, Any], auth: Optional[Dict]) -> bool:
        """Accepts a connection from an allowed page (and with a valid JWT, if one is required).

        Raises:
            SocketRefused: When it has no allowed Origin header or no valid token.
        """
        if not origin_allowed(environ, self.cors_allowed_origins):
            origin = environ.get(ORIGIN_HEADER)
            logger.warning(
                "Web chat connection refused: Origin %s.",
                repr(origin[:100]) if isinstance(origin, str) else "missing",
            )
            raise SocketRefused(REFUSED_ORIGIN)
        if not self.jwt_key:
            return True
        token = auth.get("token") if isinstance(auth, dict) else None
        if not token or not decode_bearer_token(token, self.jwt_key, self.jwt_algorithm):
            raise SocketRefused(REFUSED_TOKEN)
        return True

    def _conversation_for(self, requested: Any) -> str:
        """Returns the conversation a `session_request` gets: its own if proved, else a new one.

        Without session persistence every `session_request` starts a new conversation.

        Args:
            requested: The `session_id` the client sent (the widget's stored session token).
        """
        if not self.session_persistence:
            return self.session_keys.new_conversation()
        proved = self.session_keys.conversation_of(requested)
        if proved is not None:
            logger.debug("Web chat conversation %s resumed.", short_id(proved))
            return proved
        conversation_id = self.session_keys.new_conversation()
        if requested:
            logger.info(
                "Web chat session_request without a valid proof: new conversation %s.",
                short_id(conversation_id),
            )
        return conversation_id

    async def _session_request(self, sid: str, data: Any) -> None:
        """Binds the socket to its conversation and sends it the session token.

        Only this socket receives the token; the binding is set before anything is awaited, so a
        message the client sends right after is already taken as its conversation's.
        """
        sio = self._server()
        requested = data.get("session_id") if isinstance(data, dict) else None
        conversation_id = self._conversation_for(requested)
        previous = self.bindings.bind(sid, conversation_id)
        if previous is not None:
            await sio.leave_room(sid, previous, namespace=self.namespace)
        await sio.enter_room(sid, conversation_id, namespace=self.namespace)
        token = self.session_keys.token_for(conversation_id)
        await sio.emit("session_confirm", token, room=sid, namespace=self.namespace)

    def _disconnect(self, sid: str) -> None:
        """Forgets the socket's binding (Socket.IO takes it out of its rooms)."""
        self.bindings.release(sid)

    def _metadata(self, data: Dict[str, Any]) -> Dict[str, Any]:
        metadata = data.get(self.metadata_key) or {}
        if isinstance(metadata, str):
            try:
                metadata = json.loads(metadata)
            except ValueError:
                metadata = {}
        return metadata if isinstance(metadata, dict) else {}

    def _user_message(self, sid: str, data: Any) -> Optional[UserMessage]:
        """Turns a `user_uttered` event into a message of the socket's own conversation.

        The conversation is the one the socket's `session_request` bound it to, never the
        `session_id` the event names; a socket without one is ignored.

        Returns:
            The message, or None when there is nothing to pass on.
        """
        if not isinstance(data, dict):
            return None
        conversation_id = self.bindings.conversation_of(sid)
        if conversation_id is None:
            logger.warning("Ignored a web chat message from a socket without a session.")
            return None
        text = data.get("message", "")
        if not isinstance(text, str) or not text.strip():
            return None
        text = clean_user_text(text[:MAX_MESSAGE_CHARS], WIDGET_COMMANDS)
        if not text:
            return None
        return UserMessage(
            text,
            ClinicSocketIOOutput(self._server(), self.bot_message_evt),
            conversation_id,
            input_channel=self.name(),
            metadata=self._metadata(data),
        )

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
            return await self._connect(environ, auth)

        @sio.on("disconnect", namespace=self.namespace)
        async def disconnect(sid: str, *_: Any) -> None:
            self._disconnect(sid)

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: Any = None) -> None:
            await self._session_request(sid, data)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: Any = None) -> None:
            message = self._user_message(sid, data)
            if message is not None:
                await on_new_message(message)

        return socketio_webhook
