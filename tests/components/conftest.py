"""Shared fixtures: the real rules on the real spaCy pipeline, built once per session."""

from __future__ import annotations

import pytest

from components.red_flag_detector import RedFlagDetector
from components.red_flag_engine import RedFlagEngine, shared_engine


@pytest.fixture(scope="session")
def engine() -> RedFlagEngine:
    return shared_engine()


@pytest.fixture(scope="session")
def detector(engine: RedFlagEngine) -> RedFlagDetector:
    return RedFlagDetector(RedFlagDetector.get_default_config(), engine=engine)
