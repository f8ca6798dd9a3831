"""Starts the action server locked down: `python -m channels.action_server --actions actions`.

Same options as `rasa run actions`, with these differences:
- It listens on 127.0.0.1 unless SANIC_HOST says otherwise (rasa-sdk's default is 0.0.0.0). Only
  the Rasa server on the same machine calls it.
- Its error replies do not echo the request. rasa-sdk 3.6 answers any exception with
  `{"error": str(exception), "request_body": <the request>}`, and the request holds the whole
  conversation (tracker, slots, messages). Here the reply is a generic message and the exception
  goes to the log (without the request body).
- Every request but `/health` must carry the token it shares with the Rasa server
  (`ACTION_SERVER_TOKEN`, sent by Rasa as `?token=`), else 401: see `channels.action_auth`.
- It watches the doctor's notifications: a backlog the worker leaves stranded is logged as an
  error, reported to the targets and sent from here (`channels.delivery_watch`).
- No log line carries what patients write (rasa-sdk's, sanic's or the actions'), even with
  `--debug`: `clinic.log_privacy` is installed at start and again once rasa-sdk has set up its
  logging (in the plugin hook).

The error handler is attached through rasa-sdk 3.6's plugin hook `attach_sanic_app_extensions`
(pluggy, project "rasa_sdk"): rasa-sdk imports the package `rasa_sdk_plugins` and calls its
`init_hooks(manager)`, which registers this module (`rasa_sdk_plugins/__init__.py` at the
project root). `main` also registers it directly, so the launcher does not depend on the working
directory, and refuses to start on a rasa-sdk release the hook was not written for.
"""

from __future__ import annotations

import logging
import os
import sys
from http import HTTPStatus
from typing import Optional, Sequence

import pluggy
from sanic import Sanic, response
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse

from channels import delivery_watch
from channels.action_auth import MissingTokenError, action_server_token, require_token
from channels.patches import UnsupportedVersionError, check_rasa_sdk_version
from clinic import log_privacy

logger = logging.getLogger(__name__)

LOOPBACK = "127.0.0.1"
hookimpl = pluggy.HookimplMarker("rasa_sdk")


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


@hookimpl
def attach_sanic_app_extensions(app: Sanic) -> None:
    """rasa-sdk's plugin hook: hardens the action server's app before it runs.

    Error replies do not echo the request (`harden`), every request but `/health` must carry
    the token shared with the Rasa server (`channels.action_auth`; no token set = no start), and
    the delivery watchdog runs with the server (`channels.delivery_watch`), and the logs, set
    up by rasa-sdk by now, carry no patient data (`protect_logs`).

    Args:
        app: The action server's Sanic app.
    """
    harden(app)
    require_token(app)
    delivery_watch.attach(app)
    protect_logs()


def protect_logs() -> None:
    """Installs `clinic.log_privacy` (again: rasa-sdk may have added handlers since)."""
    log_privacy.install()


def register(manager: pluggy.PluginManager) -> None:
    """Registers this module's hook with rasa-sdk's plugin manager (once).

    Args:
        manager: `rasa_sdk.plugin.plugin_manager()`.
    """
    import channels.action_server as plugin  # the module, also when run as __main__

    if not manager.is_registered(plugin):
        manager.register(plugin)


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
    try:
        check_rasa_sdk_version()
    except UnsupportedVersionError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        action_server_token()
    except MissingTokenError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    protect_logs()
    import rasa_sdk.__main__
    import rasa_sdk.endpoint
    from rasa_sdk.plugin import plugin_manager

    register(plugin_manager())

    parser = rasa_sdk.endpoint.create_argument_parser()
    args = parser.parse_args(sys.argv[1:] if argv is None else list(argv))
    rasa_sdk.__main__.main_from_args(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
