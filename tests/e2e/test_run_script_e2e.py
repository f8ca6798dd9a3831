"""scripts/run.sh on other ports than the defaults: every server moves, all still find each other.

A new user who sets RASA_PORT, ACTIONS_PORT and WEBCHAT_PORT (e.g. because 5005 is taken) must
get a working assistant: the Rasa server reaches the action server through endpoints.yml's
`${ACTION_SERVER_URL}` (derived from ACTIONS_PORT), and the page points the widget at RASA_PORT.
A red-flag message proves it: the case id in its escalation marker is recorded by the action
server.
"""

from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path
from typing import Any, Dict, List

import pytest

from tests.e2e.e2e_support import (
    EMERGENCY_NUMBER,
    RED_FLAG_MESSAGE,
    ROOT,
    Proc,
    clean_env,
    free_port,
    http_get,
    rest_chat,
    skip_without_red_flags,
    wait_until,
)

pytestmark = [pytest.mark.e2e]

READY = "The assistant is running"
BUNDLE = ROOT / "web" / "node_modules" / "rasa-webchat" / "lib" / "index.js"


def markers(messages: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    return [
        m["custom"]["escalation"]
        for m in messages
        if isinstance(m.get("custom"), dict) and "escalation" in m["custom"]
    ]


def test_run_script_works_on_non_default_ports(
    require_model: Path, tmp_path_factory: pytest.TempPathFactory, log_dir: Path
) -> None:
    skip_without_red_flags()
    work = tmp_path_factory.mktemp("run-sh")
    rasa_port, actions_port, web_port = free_port(), free_port(), free_port()
    assert {rasa_port, actions_port, web_port}.isdisjoint({5005, 5055, 8080})
    env = clean_env(
        {
            "RASA_PORT": str(rasa_port),
            "ACTIONS_PORT": str(actions_port),
            "WEBCHAT_PORT": str(web_port),
            "ACTION_SERVER_URL": "",  # run.sh derives it from ACTIONS_PORT
            "EMERGENCY_NUMBER": EMERGENCY_NUMBER,
            "ESCALATION_DB_URL": f"sqlite:///{work / 'escalations.db'}",
            # run.sh makes the tracker store's URL from the path, and a random action token.
            "TRACKER_STORE_URL": "",
            "TRACKER_STORE_PATH": str(work / "instance" / "conversations.db"),
            "ACTION_SERVER_TOKEN": "",
        }
    )
    run = Proc("run-sh", ["bash", str(ROOT / "scripts" / "run.sh")], env, log_dir).start()
    try:
        wait_until(
            lambda: READY in run.log_text() or run.process.poll() is not None,  # type: ignore[union-attr]
            420,
            "scripts/run.sh to start every server",
            interval=1.0,
        )
        assert run.process is not None and run.process.poll() is None, run.log_tail()
        log = run.log_text()
        rasa_url = f"http://127.0.0.1:{rasa_port}"
        assert f"{rasa_url}/webhooks/rest/webhook" in log
        assert http_get(f"http://127.0.0.1:{actions_port}/health")[0] == 200

        replies = rest_chat(rasa_url, "run-sh-patient", RED_FLAG_MESSAGE, timeout=120)
        found = markers(replies)
        assert len(found) == 1, replies
        assert found[0]["urgency"] == "emergency"
        assert found[0]["case_id"], f"no case recorded by the action server: {replies}"
        assert any(EMERGENCY_NUMBER in str(m.get("text") or "") for m in replies), replies
        # The conversation is in this instance's SQLite tracker store, readable by its owner only.
        tracker = work / "instance" / "conversations.db"
        assert stat.S_IMODE(tracker.stat().st_mode) == 0o600
        with sqlite3.connect(tracker) as connection:
            (count,) = connection.execute(
                "SELECT COUNT(*) FROM events WHERE sender_id = 'run-sh-patient'"
            ).fetchone()
        assert count > 0

        if BUNDLE.is_file():
            status, body = http_get(f"http://127.0.0.1:{web_port}/chat-config.json")
            assert status == 200
            assert json.loads(body)["socketUrl"] == rasa_url
    finally:
        run.stop()
