import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, socket

def refuse(*args, **kwargs):
    raise AssertionError("network used at import time")

socket.socket.connect = refuse
socket.create_connection = refuse

from rasa_sdk.executor import ActionExecutor

executor = ActionExecutor()
executor.register_package("actions")
print(json.dumps(sorted(executor.actions)))
"""


def test_rasa_sdk_registers_the_actions_without_touching_database_or_network(tmp_path: Path):
    database = tmp_path / "var" / "escalations.db"
    env = {**os.environ, "ESCALATION_DB_URL": f"sqlite:///{database}"}
    result = subprocess.run(  # noqa: S603 - fixed command
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    names = json.loads(result.stdout.strip().splitlines()[-1])
    for name in ("action_escalate_case", "validate_callback_form", "action_submit_callback"):
        assert name in names
    assert not database.parent.exists()
