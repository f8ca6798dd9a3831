"""The escalation package stands alone: no Rasa, no network or database at import time."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, pkgutil, socket, sys, importlib

def refuse(*args, **kwargs):
    raise AssertionError("network used at import time")

socket.socket.connect = refuse
import escalation
for module in pkgutil.iter_modules(escalation.__path__):
    importlib.import_module(f"escalation.{module.name}")
rasa = [name for name in sys.modules if name.split(".")[0] in ("rasa", "rasa_sdk")]
print(json.dumps(sorted(rasa)))
"""


def test_escalation_imports_neither_rasa_nor_rasa_sdk(tmp_path: Path):
    result = subprocess.run(  # noqa: S603 - fixed command
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={"PATH": "", "ESCALATION_DB_URL": f"sqlite:///{tmp_path / 'var' / 'e.db'}"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
    assert not (tmp_path / "var").exists()
