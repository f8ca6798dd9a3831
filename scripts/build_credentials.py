"""Writes the effective Rasa credentials: credentials.yml plus each enabled optional channel.

An optional channel is a file in credentials/ whose header says which environment variables it
needs and which have defaults:

    # requires: TELEGRAM_BOT_TOKEN TELEGRAM_WEBHOOK_URL TELEGRAM_WEBHOOK_SECRET
    # defaults: TELEGRAM_API_BASE_URL=https://api.telegram.org

A channel is included when all its required variables are set, left out when none is set, and
refused (exit status 2) when only some are: a half-configured channel is a mistake. Secrets stay
`${VAR}` references in the output, which Rasa resolves when it reads the file; only unset
variables with defaults (non-secret settings such as API base URLs) are written as their default.

Usage: python scripts/build_credentials.py --out .run/credentials.yml
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

ROOT = Path(__file__).resolve().parent.parent
_REQUIRES = re.compile(r"^#\s*requires:\s*(.*)$", re.MULTILINE)
_DEFAULTS = re.compile(r"^#\s*defaults:\s*(.*)$", re.MULTILINE)


class ConfigError(Exception):
    """An optional channel is only partly configured."""


@dataclass(frozen=True)
class OptionalChannel:
    """One file of credentials/ and what it needs."""

    path: Path
    requires: Tuple[str, ...]
    defaults: Tuple[Tuple[str, str], ...]

    @classmethod
    def read(cls, path: Path) -> OptionalChannel:
        """Reads a channel file's header."""
        text = path.read_text(encoding="utf-8")
        requires = tuple(
            name for match in _REQUIRES.findall(text) for name in match.split() if name
        )
        defaults: List[Tuple[str, str]] = []
        for match in _DEFAULTS.findall(text):
            for item in match.split():
                name, _, value = item.partition("=")
                defaults.append((name, value))
        return cls(path, requires, tuple(defaults))

    def state(self, env: Mapping[str, str]) -> bool:
        """True: include; False: leave out; raises ConfigError when only partly configured."""
        present = [name for name in self.requires if env.get(name, "").strip()]
        if not present:
            return False
        missing = [name for name in self.requires if name not in present]
        if missing:
            raise ConfigError(
                f"{self.path.name}: {', '.join(present)} set but {', '.join(missing)} missing; "
                "set all of them to enable the channel, or none to leave it off."
            )
        return True

    def render(self, env: Mapping[str, str]) -> str:
        """Returns the file's text with defaults written in for unset variables."""
        text = self.path.read_text(encoding="utf-8")
        for name, value in self.defaults:
            if not env.get(name, "").strip():
                text = text.replace("${" + name + "}", value)
        return text


def build(base: Path, channel_dir: Path, env: Mapping[str, str]) -> Tuple[str, List[str]]:
    """Builds the effective credentials.

    Args:
        base: credentials.yml (always included).
        channel_dir: Folder of optional channel files.
        env: Environment variables.

    Returns:
        (YAML text, names of the optional channels included).

    Raises:
        ConfigError: When a channel is only partly configured.
    """
    parts = [base.read_text(encoding="utf-8").rstrip() + "\n"]
    enabled: List[str] = []
    for path in sorted(channel_dir.glob("*.yml")):
        channel = OptionalChannel.read(path)
        if channel.state(env):
            parts.append(f"\n# ---- credentials/{path.name}\n")
            parts.append(channel.render(env).rstrip() + "\n")
            enabled.append(path.stem)
    return "".join(parts), enabled


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description="Write the effective Rasa credentials.")
    parser.add_argument("--base", type=Path, default=ROOT / "credentials.yml")
    parser.add_argument("--dir", type=Path, default=ROOT / "credentials")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    env: Dict[str, str] = dict(os.environ)
    try:
        text, enabled = build(args.base, args.dir, env)
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print("optional channels: " + (", ".join(enabled) if enabled else "none"), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
