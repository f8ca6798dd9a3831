"""Starts `rasa run` locked down: `python -m channels.server run [rasa run options]`.

- The HTTP API (`--enable-api`) is off unless RASA_ENABLE_API=true, and then it needs
  RASA_API_TOKEN (token auth, at least 16 characters) or RASA_JWT_SECRET (JWT auth, with
  RASA_JWT_METHOD, default HS256): without either the server does not start. The secrets are read
  from the environment and handed to Rasa inside the process, so they never appear on a command
  line (`ps`).
- `/` answers "ok" without Rasa's version; `/version` needs the same token or JWT as the API,
  and the API's error replies leave the version out.
- A conversation starts even when the action server is down (`channels.session_start`), so
  the first message of a new conversation still gets the emergency advice it may need.
- The model is warmed up before the server accepts connections (`channels.warmup`), so the
  first patient after a start does not wait for TensorFlow to build its graphs.
- No log line carries what patients write, even with `--debug` (`clinic.log_privacy`, installed
  before Rasa starts and again once Rasa has set up its logging).
- These changes to Rasa are made by `channels.patches`, which refuses to start (exit status 2)
  on a Rasa version they were not written for.

Everything else is `rasa run` as documented (same options, same behaviour).
"""

from __future__ import annotations

import os
import sys
from typing import List, Mapping, Optional, Sequence

from channels import patches
from clinic import log_privacy
from clinic.env import env_bool

MIN_TOKEN_CHARS = 16
_AUTH_OPTIONS = ("--auth-token", "--jwt-secret", "--jwt-private-key")


class LaunchError(Exception):
    """The server must not start with this configuration."""


def _has_option(args: Sequence[str], option: str) -> bool:
    return any(arg == option or arg.startswith(option + "=") for arg in args)


def build_rasa_args(argv: Sequence[str], env: Mapping[str, str]) -> List[str]:
    """Returns the `rasa` command-line arguments, with the API settings from the environment.

    Args:
        argv: Arguments after the program name, e.g. ["run", "--model", "models/x.tar.gz"].
        env: Environment variables (RASA_ENABLE_API, RASA_API_TOKEN, RASA_JWT_SECRET,
            RASA_JWT_METHOD).

    Returns:
        The arguments for `rasa`.

    Raises:
        LaunchError: When the API is asked for without a token or JWT secret, or the token is
            too short, or the command is not `run`.
    """
    args = list(argv)
    if not args or args[0] != "run" or (len(args) > 1 and args[1] == "actions"):
        raise LaunchError("usage: python -m channels.server run [rasa run options]")
    enable_api = env_bool("RASA_ENABLE_API", False, env=env) or _has_option(args, "--enable-api")
    if not enable_api:
        return args
    if not _has_option(args, "--enable-api"):
        args.append("--enable-api")
    token = (env.get("RASA_API_TOKEN") or "").strip()
    jwt_secret = (env.get("RASA_JWT_SECRET") or "").strip()
    if token:
        if len(token) < MIN_TOKEN_CHARS:
            raise LaunchError(
                f"RASA_API_TOKEN must have at least {MIN_TOKEN_CHARS} characters "
                "(e.g. `openssl rand -hex 32`)."
            )
        args += ["--auth-token", token]
    if jwt_secret:
        if len(jwt_secret) < MIN_TOKEN_CHARS:
            raise LaunchError(f"RASA_JWT_SECRET must have at least {MIN_TOKEN_CHARS} characters.")
        args += ["--jwt-secret", jwt_secret]
        args += ["--jwt-method", (env.get("RASA_JWT_METHOD") or "HS256").strip()]
    if not (token or jwt_secret or any(_has_option(args, o) for o in _AUTH_OPTIONS)):
        raise LaunchError(
            "The Rasa HTTP API was asked for (RASA_ENABLE_API=true) without authentication: "
            "set RASA_API_TOKEN or RASA_JWT_SECRET, or leave the API off."
        )
    return args


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Runs `rasa` with the locked-down settings.

    Args:
        argv: Arguments after the program name (default: the command line).

    Returns:
        The exit status (2 when the configuration is refused).
    """
    try:
        args = build_rasa_args(sys.argv[1:] if argv is None else argv, os.environ)
    except LaunchError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        patches.install_server_patches()
    except patches.UnsupportedVersionError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    log_privacy.install()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *args]
    rasa_main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
