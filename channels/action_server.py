"""Starts the action server locked down: `python -m channels.action_server --actions actions`.

Same options as `rasa run actions`, with two differences:
- It listens on 127.0.0.1 unless SANIC_HOST says otherwise (rasa-sdk's default is 0.0.0.0). Only
  the Rasa server on the same machine calls it.
- Its error replies do not echo the request. rasa-sdk 3.6 answers any exception with
  `{"error": str(exception), "request_body": <the request>}`, and the request holds the whole
  conversation (tracker, slots, messages). Here the reply is a generic message and the exception
  goes to the log (without the request body).
"""

from __future__ import annotations

import logging
import os
import sys
from http import HTTPStatus
from typing import Any, Optional, Sequence

from sanic import Sanic, response
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)

LOOPBACK = "127.0.0.1"


def harden(app: Sanic) -> Sanic:
    """Replaces rasa-sdk's exception handler by one that does not echo the request.

    Args:
        app: The action server's Sanic app (from `rasa_sdk.endpoint.create_app`).

    Returns:
        The same app.
    """

    @app.exception(Exception)
    async def exception_handler(request: Request, exception: Exception) -> HTTPResponse:
        if isinstance(exception, SanicException):
            status = int(getattr(exception, "status_code", 500) or 500)
            return response.json({"error": HTTPStatus(status).phrase}, status=status)
        logger.error(
            "Action server error on %s %s: %s",
            request.method,
            request.path,
            type(exception).__name__,
            exc_info=exception,
        )
        return response.json({"error": "The action server could not run the action."}, status=500)

    return app


def _install() -> None:
    """Makes rasa-sdk build hardened apps."""
    import rasa_sdk.endpoint

    original = rasa_sdk.endpoint.create_app

    def create_app(*args: Any, **kwargs: Any) -> Sanic:
        return harden(original(*args, **kwargs))

    rasa_sdk.endpoint.create_app = create_app


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Runs the action server.

    Args:
        argv: Arguments after the program name (default: the command line).

    Returns:
        The exit status.
    """
    os.environ.setdefault("SANIC_HOST", LOOPBACK)
    if os.environ["SANIC_HOST"] != LOOPBACK:
        logger.warning("The action server listens on %s, not loopback.", os.environ["SANIC_HOST"])
    _install()
    import rasa_sdk.__main__
    import rasa_sdk.endpoint

    parser = rasa_sdk.endpoint.create_argument_parser()
    args = parser.parse_args(sys.argv[1:] if argv is None else list(argv))
    rasa_sdk.__main__.main_from_args(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
