"""Settings read once from environment variables (see `.env.example`)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping, Optional

DEFAULT_EMERGENCY_NUMBER = "112"


@dataclass(frozen=True)
class Settings:
    """What the actions need to know about the clinic's set-up.

    Attributes:
        emergency_number: Local emergency number told to patients (112, 999, 911 ...).
    """

    emergency_number: str = DEFAULT_EMERGENCY_NUMBER

    @classmethod
    def from_env(cls, env: Optional[Mapping[str, str]] = None) -> Settings:
        """Builds settings from environment variables, with safe defaults.

        Args:
            env: Variables to read; defaults to `os.environ`.

        Returns:
            The settings.
        """
        env = os.environ if env is None else env
        return cls(
            emergency_number=env.get("EMERGENCY_NUMBER", "").strip() or DEFAULT_EMERGENCY_NUMBER,
        )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Returns the process-wide settings, read from the environment on first use."""
    return Settings.from_env()
