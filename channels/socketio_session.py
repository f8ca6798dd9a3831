"""Web chat sessions bound to the browser that started them (issue 10, finding 7).

Rasa 3.6's Socket.IO connector treats the session id as the conversation and joins any socket
that names it: whoever learns a conversation id (from a log line, a case notification, the
tracker store) reads that conversation's replies and writes into it. Here two things differ:

- The **conversation id** (32 hex characters: Rasa's sender id and the Socket.IO room of the
  replies) is chosen by the server and never enough on its own.
- The **session token** the server sends in `session_confirm` is `<conversation id>.<proof>`, the
  proof being an HMAC-SHA256 of the conversation id under a server secret
  (`WEBCHAT_SESSION_SECRET`). rasa-webchat stores it as its `session_id` (in the browser's
  localStorage or sessionStorage) and sends it back in `session_request` after a reload, so the
  same browser gets its conversation back. A `session_request` without a valid proof (a bare
  conversation id, a forged or outdated proof) gets a new conversation instead.
- A socket writes only into the conversation bound to it by its own `session_request`
  (`SessionBindings`, socket id -> conversation id, dropped on disconnect), whatever a message's
  `session_id` field says, and only bound sockets are in the conversation's room.

The secret comes from the environment only. When it is unset a random one is made per process:
the widget then starts a new conversation after every restart of the Rasa server.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
import uuid
from typing import Dict, Final, Mapping, Optional, Tuple

from rasa.shared.exceptions import InvalidConfigException

from clinic.env import env_text

logger = logging.getLogger(__name__)

#: The server secret the proofs are made with (e.g. `openssl rand -hex 32`).
ENV_SESSION_SECRET: Final = "WEBCHAT_SESSION_SECRET"
#: The shortest secret accepted (a proof is only as strong as its key).
MIN_SESSION_SECRET_CHARS: Final = 32
#: Conversation ids as the server makes them (`uuid4().hex`).
CONVERSATION_ID: Final = re.compile(r"^[0-9a-f]{32}$")
#: Separates the conversation id from its proof in a session token.
TOKEN_SEPARATOR: Final = "."
#: `<conversation id>.<proof>`, the proof being 64 hex characters (HMAC-SHA256).
SESSION_TOKEN: Final = re.compile(r"^([0-9a-f]{32})\.([0-9a-f]{64})$")
#: Domain separation: a proof is only ever valid as a web chat session proof.
_PROOF_CONTEXT: Final = b"clinic-webchat-session:v1:"
#: Characters of a conversation id that logs may show.
LOGGED_ID_CHARS: Final = 6


def short_id(conversation_id: str) -> str:
    """Returns the start of a conversation id, for logs (never the whole id, never a token)."""
    return conversation_id[:LOGGED_ID_CHARS] + "…"


def session_secret(env: Optional[Mapping[str, str]] = None) -> Tuple[str, bool]:
    """Returns the server secret of the session proofs.

    Args:
        env: Variables to read (WEBCHAT_SESSION_SECRET); defaults to `os.environ`.

    Returns:
        (secret, configured): the configured secret, or a random one for this process only
        (configured False) when the variable is unset.

    Raises:
        InvalidConfigException: When the variable is set but shorter than 32 characters (the
            message never holds the value).
    """
    secret = env_text(ENV_SESSION_SECRET, env=env)
    if not secret:
        return secrets.token_hex(32), False
    if len(secret) < MIN_SESSION_SECRET_CHARS:
        raise InvalidConfigException(
            f"{ENV_SESSION_SECRET} must have at least {MIN_SESSION_SECRET_CHARS} characters "
            "(e.g. `openssl rand -hex 32`), or be left empty for a random one per start."
        )
    return secret, True


class SessionKeys:
    """Makes session tokens and checks them (see the module docstring).

    Args:
        secret: The server secret; at least 32 characters.
    """

    def __init__(self, secret: str) -> None:
        if len(secret) < MIN_SESSION_SECRET_CHARS:
            raise InvalidConfigException(
                f"The web chat session secret must have at least {MIN_SESSION_SECRET_CHARS} "
                "characters."
            )
        self._key = secret.encode("utf-8")

    @classmethod
    def from_env(cls, env: Optional[Mapping[str, str]] = None) -> SessionKeys:
        """Creates the keys from WEBCHAT_SESSION_SECRET, or a random secret when it is unset.

        Args:
            env: Variables to read; defaults to `os.environ`.

        Returns:
            The keys.
        """
        secret, configured = session_secret(env)
        if not configured:
            logger.warning(
                "%s is not set: web chat conversations cannot be resumed after a restart.",
                ENV_SESSION_SECRET,
            )
        return cls(secret)

    def _proof(self, conversation_id: str) -> str:
        message = _PROOF_CONTEXT + conversation_id.encode("ascii")
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()

    def token_for(self, conversation_id: str) -> str:
        """Returns the session token of a conversation (only its own browser may get it).

        Args:
            conversation_id: A server-made conversation id (32 hex characters).

        Raises:
            ValueError: When the id is not of that form.
        """
        if not CONVERSATION_ID.match(conversation_id):
            raise ValueError("not a web chat conversation id")
        return conversation_id + TOKEN_SEPARATOR + self._proof(conversation_id)

    def conversation_of(self, token: object) -> Optional[str]:
        """Returns the conversation a session token proves, or None.

        Args:
            token: What a client sent as its session id.

        Returns:
            The conversation id when the proof is valid (compared in constant time); None for
            anything else, a bare conversation id included.
        """
        if not isinstance(token, str):
            return None
        match = SESSION_TOKEN.match(token)
        if not match:
            return None
        conversation_id, proof = match.groups()
        return conversation_id if hmac.compare_digest(proof, self._proof(conversation_id)) else None

    @staticmethod
    def new_conversation() -> str:
        """Returns a new random conversation id."""
        return uuid.uuid4().hex


class SessionBindings:
    """Which conversation each connected socket may read and write (socket id -> conversation)."""

    def __init__(self) -> None:
        self._by_sid: Dict[str, str] = {}

    def bind(self, sid: str, conversation_id: str) -> Optional[str]:
        """Binds a socket to a conversation.

        Args:
            sid: The Socket.IO session id of the connection.
            conversation_id: The conversation it proved (or was given).

        Returns:
            The conversation the socket was bound to before, if another one.
        """
        previous = self._by_sid.get(sid)
        self._by_sid[sid] = conversation_id
        return previous if previous != conversation_id else None

    def conversation_of(self, sid: str) -> Optional[str]:
        """Returns the conversation bound to a socket, or None when it has none."""
        return self._by_sid.get(sid)

    def release(self, sid: str) -> None:
        """Forgets a socket (on disconnect)."""
        self._by_sid.pop(sid, None)

    def __len__(self) -> int:
        return len(self._by_sid)
