"""Conversations survive a Rasa restart (the SQL tracker store) and expire with their retention.

Real processes on 127.0.0.1: the action server and the Rasa server with the project's
endpoints.yml (`tracker_store: type: SQL, url: ${TRACKER_STORE_URL}`), a SQLite tracker store and
a SQLite case database in a temporary directory. A patient is in the middle of the call-back form
when the Rasa server is killed and started again: the form goes on where it was, and the contact
details reach the case. Then the retention command deletes only conversations past their days.
"""

from __future__ import annotations

import sqlite3
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest

from escalation.store import CaseStore
from tests.e2e.e2e_support import (
    EMERGENCY_NUMBER,
    ROOT,
    Proc,
    build_credentials,
    clean_env,
    free_port,
    python_module,
    rasa_server,
    rest_chat,
    skip_without_red_flags,
    tracker_store_url,
    write_endpoints,
)

pytestmark = [pytest.mark.e2e]

URGENT_MESSAGE = "I've got a fever and my back is really sore"
CALLBACK_OFFER = "would you like a doctor from the clinic to call you back"
ASK_NAME = "what name should the doctor ask for"
ASK_PHONE = "what phone number should they call"
ASK_CONSENT = "do you agree that the clinic keeps your name and phone number"
NAME, PHONE = "Sarah Jones", "+44 20 7946 0958"
REPLY_TIMEOUT = 90.0


@dataclass
class RestartableRasa:
    rasa_url: str
    rasa: Proc
    args: List[str]
    env: Dict[str, str]
    work: Path
    tracker_db: Path
    store: CaseStore
    starts: int = 1

    def restart(self, kill: bool = True) -> None:
        """Kills the Rasa server (as a crash would) and starts it again on the same port."""
        if kill:
            self.rasa.kill()
        else:
            self.rasa.stop()
        self.starts += 1
        self.rasa = Proc(f"rasa-{self.starts}", self.args, self.env, self.work).start()
        self.rasa.wait_http(f"{self.rasa_url}/", 300)


@pytest.fixture(scope="module")
def rasa_stack(
    require_model: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RestartableRasa]:
    skip_without_red_flags()
    work = tmp_path_factory.mktemp("e2e-tracker-store")
    rasa_port, actions_port = free_port(), free_port()
    db_url = f"sqlite:///{work / 'escalations.db'}"
    tracker_db = work / "conversations.db"
    env = clean_env(
        {
            "EMERGENCY_NUMBER": EMERGENCY_NUMBER,
            "ESCALATION_DB_URL": db_url,
            "TRACKER_STORE_URL": tracker_store_url(tracker_db),
        }
    )
    credentials, endpoints = work / "credentials.yml", work / "endpoints.yml"
    build_credentials(credentials, env)
    write_endpoints(endpoints, actions_port)
    args = rasa_server(require_model, rasa_port, credentials, endpoints)
    store = CaseStore(db_url, timeout=10)
    actions = Proc(
        "action-server",
        python_module(
            "channels.action_server", "--actions", "actions", "--port", str(actions_port)
        ),
        env,
        work,
    ).start()
    stack = RestartableRasa(
        f"http://127.0.0.1:{rasa_port}",
        Proc("rasa", args, env, work).start(),
        args,
        env,
        work,
        tracker_db,
        store,
    )
    try:
        actions.wait_http(f"http://127.0.0.1:{actions_port}/health", 90)
        stack.rasa.wait_http(f"{stack.rasa_url}/", 300)
        yield stack
    finally:
        stack.rasa.stop()
        actions.stop()
        store.dispose()


def texts(messages: List[Dict[str, Any]]) -> str:
    return "\n".join(str(m.get("text") or "") for m in messages).lower()


def events_of(tracker_db: Path, sender: str) -> int:
    with sqlite3.connect(tracker_db) as connection:
        row = connection.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (sender,))
        return int(row.fetchone()[0])


def purge(env: Dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (fixed command)
        python_module("escalation.conversations", "purge", *args),
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def test_rasa_restarted_mid_callback_form_the_form_continues(rasa_stack: RestartableRasa):
    stack = rasa_stack
    sender = f"e2e-restart-{uuid.uuid4().hex[:12]}"
    first = rest_chat(stack.rasa_url, sender, URGENT_MESSAGE, REPLY_TIMEOUT)
    assert CALLBACK_OFFER in texts(first), first
    assert ASK_NAME in texts(rest_chat(stack.rasa_url, sender, "yes", REPLY_TIMEOUT))
    stored = events_of(stack.tracker_db, sender)
    assert stored > 0, "the conversation is not in the SQL tracker store"

    stack.restart(kill=True)

    # The form asked for the name before the crash; the answer is still taken as the name.
    after = rest_chat(stack.rasa_url, sender, NAME, REPLY_TIMEOUT)
    assert ASK_PHONE in texts(after), after
    assert ASK_CONSENT in texts(rest_chat(stack.rasa_url, sender, PHONE, REPLY_TIMEOUT))
    done = rest_chat(stack.rasa_url, sender, "yes", REPLY_TIMEOUT)
    assert f"thank you, {NAME.lower()}" in texts(done), done
    cases = [c for c in (stack.store.get_case(i) for i in _case_ids(stack.store, sender)) if c]
    assert len(cases) == 1 and cases[0]["contact"] is not None, cases
    assert cases[0]["contact"]["name"] == NAME
    assert events_of(stack.tracker_db, sender) > stored


def test_retention_deletes_only_conversations_past_their_days(rasa_stack: RestartableRasa):
    stack = rasa_stack
    old, recent = (f"e2e-retention-{uuid.uuid4().hex[:12]}" for _ in range(2))
    for sender in (old, recent):
        rest_chat(stack.rasa_url, sender, "How do I use ice for a back spasm?", REPLY_TIMEOUT)
        assert events_of(stack.tracker_db, sender) > 0
    with sqlite3.connect(stack.tracker_db) as connection:
        connection.execute(
            "UPDATE events SET timestamp = timestamp - 31 * 86400 WHERE sender_id = ?", (old,)
        )

    result = purge({**stack.env, "CONVERSATION_RETENTION_DAYS": "30"})

    assert events_of(stack.tracker_db, old) == 0
    assert events_of(stack.tracker_db, recent) > 0
    assert "conversation(s) older than 30 days deleted" in result.stderr
    assert "ice" not in result.stderr.lower()  # counts only, no patient text
    # A conversation kept by `--days 40` when 31 days old.
    rest_chat(stack.rasa_url, old, "hello", REPLY_TIMEOUT)
    with sqlite3.connect(stack.tracker_db) as connection:
        connection.execute(
            "UPDATE events SET timestamp = timestamp - 31 * 86400 WHERE sender_id = ?", (old,)
        )
    purge(stack.env, "--days", "40")
    assert events_of(stack.tracker_db, old) > 0


def _case_ids(store: CaseStore, conversation_id: str) -> List[str]:
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from escalation.db import Case

    with Session(store.engine) as session:
        rows = session.execute(select(Case.id).where(Case.conversation_id == conversation_id))
        return [row[0] for row in rows]
