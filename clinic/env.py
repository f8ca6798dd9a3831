"""The one parser of environment variables, read the same way everywhere.

Settings, the launcher, the channels and scripts/run.sh (through `python -m clinic.env`) all
use it for text, numbers and true/false.

True is `1`, `true`, `yes` or `on`; false is `0`, `false`, `no` or `off` (any case, spaces
ignored); anything else is reported and the default is used.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Final, FrozenSet, Mapping, Optional

logger = logging.getLogger(__name__)

TRUE_WORDS: Final[FrozenSet[str]] = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS: Final[FrozenSet[str]] = frozenset({"0", "false", "no", "off"})


def _source(env: Optional[Mapping[str, str]]) -> Mapping[str, str]:
    return os.environ if env is None else env


def env_text(name: str, default: str = "", env: Optional[Mapping[str, str]] = None) -> str:
    """Returns a variable's value without surrounding spaces, or the default when it is empty.

    Args:
        name: Variable name.
        default: Value for an unset or blank variable.
        env: Variables to read; defaults to `os.environ`.
    """
    return _source(env).get(name, "").strip() or default


def env_bool(name: str, default: bool, env: Optional[Mapping[str, str]] = None) -> bool:
    """Reads a true/false variable.

    Args:
        name: Variable name.
        default: Value for an unset, blank or unreadable variable.
        env: Variables to read; defaults to `os.environ`.

    Returns:
        The value; an unreadable one is logged (by name only) and gives the default.
    """
    raw = env_text(name, env=env).lower()
    if raw in TRUE_WORDS:
        return True
    if raw in FALSE_WORDS:
        return False
    if raw:
        logger.warning("%s should be true or false; using %s.", name, default)
    return default


def env_int(
    name: str, default: int, minimum: int = 0, env: Optional[Mapping[str, str]] = None
) -> int:
    """Reads a whole-number variable of at least `minimum` (else the default, with a warning)."""
    raw = env_text(name, env=env)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        logger.warning("%s is not a whole number; using %s.", name, default)
        return default
    if value < minimum:
        logger.warning("%s must be at least %s; using %s.", name, minimum, default)
        return default
    return value


def env_float(
    name: str, default: float, minimum: float = 0.0, env: Optional[Mapping[str, str]] = None
) -> float:
    """Reads a number variable of at least `minimum` (else the default, with a warning)."""
    raw = env_text(name, env=env)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        logger.warning("%s is not a number; using %s.", name, default)
        return default
    if value < minimum:
        logger.warning("%s must be at least %s; using %s.", name, minimum, default)
        return default
    return value


def main(argv: Optional[list] = None) -> int:
    """`python -m clinic.env bool NAME DEFAULT`: prints `true` or `false` (for shell scripts)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 3 or args[0] != "bool":
        print("usage: python -m clinic.env bool NAME true|false", file=sys.stderr)
        return 2
    default = args[2].strip().lower() in TRUE_WORDS
    print("true" if env_bool(args[1], default) else "false")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
