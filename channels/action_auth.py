"""The action server answers the Rasa server only: a shared token on every request.

Rasa sends endpoints.yml's `action_endpoint: token: ${ACTION_SERVER_TOKEN}` as the query
parameter `?token=` with every call of the action server. The action server (through rasa-sdk's
plugin hook `attach_sanic_app_extensions`, see `channels.action_server`) checks it before
rasa-sdk reads the request: a request without the right token gets 401 and runs no action, so a
process that merely reaches the port cannot page the doctor or rewrite a conversation's contact
details. Only `/health` stays open (it says nothing but "ok").

The token comes from the environment only (`ACTION_SERVER_TOKEN`, at least 16 characters;
scripts/run.sh makes a random one per run when none is set); without one the action server does
not start. Refusals are logged with the path only, never the token or the request body.
"""

from __future__ import annotations

import hmac
import logging
from typing import Final, FrozenSet, Mapping, Optional

from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from clinic.contract import (
    ACTION_SERVER_TOKEN_PARAM,
    ENV_ACTION_SERVER_TOKEN,
    MIN_ACTION_SERVER_TOKEN_CHARS,
)
from clinic.env import env_text

logger = logging.getLogger(__name__)

#: Paths answered without the token.
OPEN_PATHS: Final[FrozenSet[str]] = frozenset({"/health"})


class MissingTokenError(RuntimeError):
    """ACTION_SERVER_TOKEN is unset or too short (the message never holds the value)."""


def action_server_token(env: Optional[Mapping[str, str]] = None) -> str:
    """Returns the shared token from `ACTION_SERVER_TOKEN`.

    Args:
        env: Variables to read; defaults to `os.environ`.

    Raises:
        MissingTokenError: When it is unset or shorter than 16 characters.
    """
    token = env_text(ENV_ACTION_SERVER_TOKEN, env=env)
    if len(token) < MIN_ACTION_SERVER_TOKEN_CHARS:
        raise MissingTokenError(
            f"{ENV_ACTION_SERVER_TOKEN} must be set to a secret of at least "
            f"{MIN_ACTION_SERVER_TOKEN_CHARS} characters (the same for the Rasa server, which "
            "reads it in endpoints.yml); e.g. `openssl rand -hex 32`."
        )
    return token


def require_token(app: Sanic, token: Optional[str] = None) -> Sanic:
    """Makes every request but `/health` carry the shared token, else 401.

    Args:
        app: The action server's Sanic app.
        token: The expected token; defaults to `action_server_token()`.

    Returns:
        The same app.

    Raises:
        MissingTokenError: When no token is given and none is configured.
    """
    expected = (token if token is not None else action_server_token()).encode("utf-8")

    async def check_action_server_token(request: Request) -> Optional[HTTPResponse]:
        if request.path in OPEN_PATHS:
            return None
        given = str(request.args.get(ACTION_SERVER_TOKEN_PARAM) or "").encode("utf-8")
        if hmac.compare_digest(given, expected):
            return None
        logger.warning(
            "Action server: %s %s refused (no valid token).", request.method, request.path
        )
        return response.json({"error": "Unauthorized"}, status=401)

    app.register_middleware(check_action_server_token, "request")
    return app
