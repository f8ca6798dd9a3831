"""The labelled evaluation set passes its thresholds through the real component (no model)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "eval_red_flags.py"


def test_eval_script_passes_without_a_model(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("eval_red_flags", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    assert module.main([]) == 0, capsys.readouterr().out
