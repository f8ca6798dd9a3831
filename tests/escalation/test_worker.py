import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

from clinic.settings import Settings
from escalation import worker as worker_module
from escalation.rules import utcnow
from escalation.store import CaseStore
from tests.escalation.helpers import PATIENT_MESSAGE, SECRET, SLACK_CHANNEL, SLACK_TOKEN

ROOT = Path(__file__).resolve().parents[2]


def escalate(store, conversation="conv-1", now=None):
    return store.record_escalation(
        conversation_id=conversation,
        urgency="emergency",
        flags=["saddle_anaesthesia"],
        message=PATIENT_MESSAGE,
        transcript=[],
        channel="rest",
        targets=["webhook", "slack"],
        now=now,
    )


def env_for(db_url, webhook, slack, **extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("ESCALATION_", "SLACK_", "CASE_"))
    }
    env.update(
        ESCALATION_DB_URL=db_url,
        ESCALATION_WEBHOOK_URL=webhook.url,
        ESCALATION_WEBHOOK_SECRET=SECRET,
        SLACK_ESCALATION_TOKEN=SLACK_TOKEN,
        SLACK_ESCALATION_CHANNEL=SLACK_CHANNEL,
        SLACK_API_BASE_URL=slack.api_base_url,
        ESCALATION_WORKER_POLL_SECONDS="0.1",
        ESCALATION_RETRY_BASE_SECONDS="0.1",
        ESCALATION_RETRY_MAX_SECONDS="0.2",
        **extra,
    )
    return env


def test_once_delivers_pending_cases_and_purges(monkeypatch, db_url, webhook, slack):
    store = CaseStore(db_url)
    case = escalate(store)
    old = escalate(store, "old", now=utcnow() - timedelta(days=45))
    # The old case's deliveries went out long ago.
    for delivery in store.claim_due("w", ["webhook", "slack"], 60, limit=5, case_id=old.case_id):
        store.mark_delivered(delivery.id)
    for key, value in env_for(db_url, webhook, slack).items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr(worker_module, "get_settings", lambda: Settings.from_env())

    assert worker_module.main(["--once"]) == 0

    assert [d["status"] for d in store.get_case(case.case_id)["deliveries"]] == ["delivered"] * 2
    assert store.get_case(old.case_id) is None
    assert len(webhook.deliveries()) == 1 and len(slack.posts()) == 1
    store.dispose()


def test_once_reports_an_unusable_database(monkeypatch, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    settings = Settings(escalation_db_url=f"sqlite:///{blocker}/db.sqlite")
    monkeypatch.setattr(worker_module, "get_settings", lambda: settings)
    assert worker_module.main(["--once"]) == 1


def test_loop_delivers_retries_and_stops_on_request(db_url, webhook, slack):
    settings = Settings.from_env(env_for(db_url, webhook, slack))
    stop = threading.Event()
    worker = worker_module.build_worker(settings, stop)
    webhook.down()
    thread = threading.Thread(target=worker.run)
    thread.start()
    try:
        case = escalate(worker.store)
        slack.wait_for(1)
        time.sleep(0.3)  # a few failed webhook attempts
        webhook.up()
        webhook.wait_for(1)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            statuses = [d["status"] for d in worker.store.get_case(case.case_id)["deliveries"]]
            if statuses == ["delivered", "delivered"]:
                break
            time.sleep(0.05)
        assert statuses == ["delivered", "delivered"]
    finally:
        stop.set()
        thread.join(timeout=5)
    assert not thread.is_alive()
    worker.store.dispose()


def test_worker_process_delivers_after_restart_and_stops_on_sigterm(db_url, webhook, slack):
    store = CaseStore(db_url)
    case = escalate(store)  # recorded while no worker runs
    process = subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
        [sys.executable, "-m", "escalation.worker"],
        cwd=ROOT,
        env=env_for(db_url, webhook, slack),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        webhook.wait_for(1, timeout=20)
        slack.wait_for(1, timeout=20)
        time.sleep(0.3)
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0
    assert "Escalation worker stopped." in stderr
    for secret in (PATIENT_MESSAGE, "zebra-quartz"):
        assert secret not in stderr
    assert [d["status"] for d in store.get_case(case.case_id)["deliveries"]] == ["delivered"] * 2
    store.dispose()
