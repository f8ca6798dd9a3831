"""scripts/run.sh, the production launcher: other ports than the defaults, and supervision.

A new user who sets RASA_PORT, ACTIONS_PORT and WEBCHAT_PORT (e.g. because 5005 is taken) must
get a working assistant: the Rasa server reaches the action server through endpoints.yml's
`${ACTION_SERVER_URL}` (derived from ACTIONS_PORT), and the page points the widget at RASA_PORT.
A red-flag message proves it: the case id in its escalation marker is recorded by the action
server.

Every server runs under supervisord: when one is killed (SIGKILL), the others keep answering and
it is back within seconds. A red flag reported while the action server is down still gets the
emergency advice, still becomes a case (the Rasa server runs the action itself) and still
reaches the doctor. `scripts/health.py` (`make health`) reports each program.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import sqlite3
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest

from escalation.service import DELIVERY_THREADS
from tests.e2e.e2e_support import (
    EMERGENCY_NUMBER,
    RED_FLAG_MESSAGE,
    ROOT,
    FakeServiceProcess,
    Proc,
    clean_env,
    free_port,
    http_get,
    rest_chat,
    skip_without_red_flags,
    wait_until,
)
from tests.e2e.load_run import count, run_load

pytestmark = [pytest.mark.e2e]

READY = "The assistant is running"
BUNDLE = ROOT / "web" / "node_modules" / "rasa-webchat" / "lib" / "index.js"
#: A killed server must answer again within this many seconds.
RESTART_SECONDS = 30
#: How long `make health` may take to report all well again after a server was restarted.
HEALTH_SECONDS = 60
#: A notification waiting this long is stranded (the action server's watchdog acts).
STRANDED_SECONDS = 4
RESULTS = ROOT / "results"


@dataclass
class Launched:
    """One `scripts/run.sh` instance and what the tests need of it."""

    run: Proc
    env: Dict[str, str]
    work: Path
    webhook: FakeServiceProcess
    rasa_url: str
    actions_url: str
    web_port: int

    @property
    def cases_db(self) -> Path:
        return self.work / "escalations.db"

    @property
    def run_dir(self) -> Path:
        return ROOT / ".run" / f"instance-{self.env['RASA_PORT']}"

    def pids(self) -> Dict[str, int]:
        """Program name -> pid, from the instance's supervisord."""
        sys.path.insert(0, str(ROOT))
        from scripts.health import program_states

        states = program_states(self.run_dir) or []
        return {info["name"]: int(info["pid"]) for info in states if info["pid"]}

    def supervisor(self) -> Any:
        """The instance's supervisord, over its control socket (XML-RPC)."""
        import xmlrpc.client

        from supervisor.xmlrpc import SupervisorTransport

        transport = SupervisorTransport(None, None, f"unix://{self.run_dir / 'supervisor.sock'}")
        return xmlrpc.client.ServerProxy("http://127.0.0.1", transport=transport).supervisor

    def health(self) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603 - our own script
            [sys.executable, str(ROOT / "scripts" / "health.py")],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )


def markers(messages: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    return [
        m["custom"]["escalation"]
        for m in messages
        if isinstance(m.get("custom"), dict) and "escalation" in m["custom"]
    ]


@pytest.fixture(scope="module")
def launched(
    require_model: Path, tmp_path_factory: pytest.TempPathFactory, log_dir: Path
) -> Iterator[Launched]:
    skip_without_red_flags()
    work = tmp_path_factory.mktemp("run-sh")
    secret = secrets.token_hex(16)
    webhook = FakeServiceProcess(
        "run-sh-webhook", "tests.fakes.webhook_receiver", ["--secret", secret], log_dir
    ).start()
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
            "ESCALATION_WEBHOOK_URL": f"{webhook.base_url}/escalations",
            "ESCALATION_WEBHOOK_SECRET": secret,
            "ESCALATION_WORKER_POLL_SECONDS": "0.5",
            # The watchdog's threshold, short for the dead-worker test.
            "ESCALATION_STRANDED_SECONDS": str(STRANDED_SECONDS),
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
        yield Launched(
            run=run,
            env=env,
            work=work,
            webhook=webhook,
            rasa_url=f"http://127.0.0.1:{rasa_port}",
            actions_url=f"http://127.0.0.1:{actions_port}",
            web_port=web_port,
        )
    finally:
        run.stop()
        webhook.stop()


def answers(url: str) -> bool:
    try:
        return http_get(url, timeout=1)[0] == 200
    except OSError:
        return False


def webhook_bodies(launched: Launched, refused_too: bool = False) -> List[Dict[str, Any]]:
    """The JSON bodies the webhook target accepted (with `refused_too`, also those it refused)."""
    bodies = []
    for request in launched.webhook.requests():
        if not refused_too and not (request.get("extra") or {}).get("accepted"):
            continue
        try:
            bodies.append(json.loads(request.get("body") or "{}"))
        except ValueError:
            continue
    return bodies


def delivered_cases(launched: Launched) -> List[str]:
    return [body["case_id"] for body in webhook_bodies(launched) if "case_id" in body]


def test_run_script_works_on_non_default_ports(launched: Launched) -> None:
    log = launched.run.log_text()
    rasa_url = launched.rasa_url
    assert f"{rasa_url}/webhooks/rest/webhook" in log
    assert http_get(f"{launched.actions_url}/health")[0] == 200

    replies = rest_chat(rasa_url, "run-sh-patient", RED_FLAG_MESSAGE, timeout=120)
    found = markers(replies)
    assert len(found) == 1, replies
    assert found[0]["urgency"] == "emergency"
    assert found[0]["case_id"], f"no case recorded by the action server: {replies}"
    assert any(EMERGENCY_NUMBER in str(m.get("text") or "") for m in replies), replies
    # The conversation is in this instance's SQLite tracker store, readable by its owner only.
    tracker = launched.work / "instance" / "conversations.db"
    assert stat.S_IMODE(tracker.stat().st_mode) == 0o600
    with sqlite3.connect(tracker) as connection:
        (count,) = connection.execute(
            "SELECT COUNT(*) FROM events WHERE sender_id = 'run-sh-patient'"
        ).fetchone()
    assert count > 0
    # Its run files (credentials, supervisor) are its own, readable by its owner only.
    assert (launched.run_dir / "credentials.yml").is_file()
    assert stat.S_IMODE(launched.run_dir.stat().st_mode) == 0o700

    if BUNDLE.is_file():
        status, body = http_get(f"http://127.0.0.1:{launched.web_port}/chat-config.json")
        assert status == 200
        assert json.loads(body)["socketUrl"] == rasa_url


def test_health_reports_every_server(launched: Launched) -> None:
    report = launched.health()
    assert report.returncode == 0, report.stdout + report.stderr
    for program in ("actions", "worker", "rasa"):
        assert f"{program}" in report.stdout and "RUNNING" in report.stdout
    assert "deliveries:" in report.stdout


def test_a_red_flag_while_the_action_server_is_killed_still_becomes_a_delivered_case(
    launched: Launched,
) -> None:
    before = launched.pids()
    os.kill(before["actions"], signal.SIGKILL)
    wait_until(
        lambda: not answers(f"{launched.actions_url}/health"),
        10,
        "the action server to be gone",
    )

    # The Rasa server keeps answering: advice first, and a case all the same.
    replies = rest_chat(launched.rasa_url, "killed-actions", RED_FLAG_MESSAGE, timeout=60)
    assert any(EMERGENCY_NUMBER in str(m.get("text") or "") for m in replies), replies
    found = markers(replies)
    assert len(found) == 1 and found[0]["case_id"], replies
    wait_until(
        lambda: found[0]["case_id"] in delivered_cases(launched),
        30,
        "the doctor's notification of the case reported while the action server was down",
    )

    # And the action server is back, a new process.
    wait_until(
        lambda: launched.pids().get("actions") not in (None, before["actions"])
        and answers(f"{launched.actions_url}/health"),
        RESTART_SECONDS,
        "the action server to be restarted",
    )
    assert launched.pids()["rasa"] == before["rasa"]  # never went down
    # Each `make health` run starts Python and asks every server; on CI's two busy cores the
    # first all-well report after the restart has taken over 15 s.
    wait_until(
        lambda: launched.health().returncode == 0, HEALTH_SECONDS, "make health to say all is well"
    )


def test_a_killed_worker_is_restarted(launched: Launched) -> None:
    before = launched.pids()
    os.kill(before["worker"], signal.SIGKILL)
    wait_until(
        lambda: launched.pids().get("worker") not in (None, before["worker"]),
        RESTART_SECONDS,
        "the worker to be restarted",
    )
    replies = rest_chat(launched.rasa_url, "killed-worker", RED_FLAG_MESSAGE, timeout=60)
    case_id = markers(replies)[0]["case_id"]
    wait_until(lambda: case_id in delivered_cases(launched), 30, "the delivery of the new case")


def test_a_dead_worker_strands_nothing_silently(launched: Launched) -> None:
    supervisor = launched.supervisor()
    supervisor.stopProcess("worker")  # dead for good, as when restarts give up
    launched.webhook.set_mode("fail")  # the action server's immediate try fails
    try:
        # A watchdog that has not alerted yet. An earlier test killed the action server, maybe
        # while it sent a notification: that one stays claimed until its lease runs out, is
        # stranded, and its alert would hold back the next for ALERT_INTERVAL_SECONDS. While
        # the target refuses, no alert of the new process can be taken before this point.
        supervisor.stopProcess("actions")
        supervisor.startProcess("actions")
        wait_until(
            lambda: answers(f"{launched.actions_url}/health"),
            RESTART_SECONDS,
            "the action server to be back",
        )
        seen = len(webhook_bodies(launched))
        replies = rest_chat(launched.rasa_url, "dead-worker", RED_FLAG_MESSAGE, timeout=60)
        case_id = markers(replies)[0]["case_id"]
        # The immediate try runs in the background after the reply: the target must have
        # refused it before it comes back, or that try (late on a busy machine) delivers the
        # case and nothing is ever stranded.
        wait_until(
            lambda: any(
                body.get("case_id") == case_id
                for body in webhook_bodies(launched, refused_too=True)
            ),
            30,
            "the action server's immediate try",
        )
        assert case_id not in delivered_cases(launched)
        launched.webhook.set_mode("ok")

        # The action server's watchdog: an error in the log, an alert to the target, and the
        # notification sent all the same. The alert names the oldest waiting case, which may be
        # the earlier test's: any alert after this point counts.
        wait_until(
            lambda: any(
                a.get("type") == "operations_alert" for a in webhook_bodies(launched)[seen:]
            ),
            STRANDED_SECONDS + 40,
            "the stranded-backlog alert",
        )
        wait_until(lambda: case_id in delivered_cases(launched), 30, "the stranded delivery")
        assert "Delivery backlog stranded" in launched.run.log_text()
        assert delivered_cases(launched).count(case_id) == 1
    finally:
        launched.webhook.set_mode("ok")
        supervisor.startProcess("worker")


def stored_bytes(*databases: Path) -> bytes:
    """Every byte of the SQLite databases and their journals (-wal, -shm, -journal)."""
    files = [f for db in databases for f in (db, *db.parent.glob(db.name + "-*"))]
    return b"".join(f.read_bytes() for f in files if f.is_file())


def test_delete_my_data_leaves_no_trace_in_any_store(launched: Launched) -> None:
    sender = "erase-me"
    words = "numb between my legs and I wet myself, my name is Wilhelmina Erasetest"
    tracker = launched.work / "instance" / "conversations.db"
    replies = rest_chat(launched.rasa_url, sender, words, timeout=60)
    case_id = markers(replies)[0]["case_id"]
    assert words.encode() in stored_bytes(tracker, launched.cases_db)

    asked = rest_chat(launched.rasa_url, sender, "please delete all my data", timeout=60)
    buttons = [b for m in asked for b in m.get("buttons") or []]
    # The "Yes, delete it" button (a typed "yes" is asked once more).
    assert any(b.get("payload") == "/request_data_erasure" for b in buttons), asked
    done = rest_chat(launched.rasa_url, sender, "/request_data_erasure", timeout=60)
    text = " ".join(str(m.get("text") or "") for m in done)
    receipt = next(word.strip(".;,") for word in text.split() if word.startswith("DEL-"))

    # The worker deletes the conversation once Rasa has saved the turn; then no store holds
    # the words, and the case keeps only that it existed.
    wait_until(
        lambda: b"Erasetest" not in stored_bytes(tracker, launched.cases_db),
        60,
        "the patient's words to be gone from every store",
        interval=1.0,
    )
    with sqlite3.connect(launched.cases_db) as connection:
        row = connection.execute(
            "SELECT conversation_id, trigger_message, transcript, contact_phone, urgency "
            "FROM escalation_cases WHERE id = ?",
            (case_id,),
        ).fetchone()
        erasure = connection.execute(
            "SELECT receipt FROM escalation_erasures WHERE receipt = ?", (receipt,)
        ).fetchone()
    assert row == (f"erased:{receipt}", None, "[]", None, "emergency")
    assert erasure == (receipt,)
    with sqlite3.connect(tracker) as connection:
        (left,) = connection.execute(
            "SELECT COUNT(*) FROM events WHERE sender_id = ?", (sender,)
        ).fetchone()
    assert left == 0


def test_load_while_the_action_server_and_the_worker_are_killed(launched: Launched) -> None:
    """20 patients for 60 s, 5% red flags; the action server and the worker each killed once."""

    def kill(program: str) -> None:
        os.kill(launched.pids()[program], signal.SIGKILL)

    sent, killed = run_load(launched.rasa_url, kill, users=20, duration=60, red_flag_share=0.05)
    wait_until(
        lambda: count(sent, killed, launched.cases_db, launched.webhook.requests()).undelivered
        == 0,
        90,
        "every notification of the load run to be delivered",
        interval=1.0,
    )
    figures = count(sent, killed, launched.cases_db, launched.webhook.requests())
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "load_run.json").write_text(json.dumps(figures.as_dict(), indent=2) + "\n")
    print("load run:", json.dumps(figures.as_dict()))
    assert killed == ["actions", "worker"]
    assert figures.messages >= 200 and figures.red_flags >= 5, figures.as_dict()
    assert figures.without_reply == 0, figures.details
    assert figures.red_flags_without_case == 0, figures.details
    assert figures.duplicate_deliveries == 0, figures.as_dict()
    # Only a send in flight at a kill can be resent: the action server's delivery threads and
    # its watchdog, and the worker's one claim at a time.
    assert figures.resent_same_key <= DELIVERY_THREADS + 2, figures.as_dict()
