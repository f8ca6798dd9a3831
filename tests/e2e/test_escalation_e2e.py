"""Red-flag escalation end to end: real processes on 127.0.0.1, settings from the environment.

One stack per module (model loading is the slow part): the Rasa server with the trained model
(`channels.server run`), the action server (`channels.action_server`), the delivery worker
(`escalation.worker`), the fake webhook receiver and the fake Slack Web API
(`tests.fakes`, as processes, controlled over `/_fake/*`), and a SQLite case database in a temp
directory. Patients talk over the REST channel; cases are read back with the project's CaseStore.
See docs/escalation.md for the contract checked here.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from escalation.db import Case
from escalation.store import CaseStore
from tests.e2e.e2e_support import (
    EMERGENCY_NUMBER,
    RED_FLAG_MESSAGE,
    FakeServiceProcess,
    Proc,
    build_credentials,
    clean_env,
    free_port,
    http_get,
    python_module,
    rasa_server,
    rest_chat,
    skip_without_red_flags,
    stays_true,
    wait_until,
    write_endpoints,
)

pytestmark = [pytest.mark.e2e]

SLACK_TOKEN = "xoxb-escalation-e2e-token"
SLACK_CHANNEL = "C0ONCALL01"
SLACK_MENTION = "<!here>"
POLL_SECONDS = 0.5
# Emitted by the detector for RED_FLAG_MESSAGE: both suspected cauda equina (no-driving advice).
CAUDA_EQUINA_FLAGS = {"saddle_numbness", "bladder_bowel_control"}
URGENT_MESSAGE = "I've got a fever and my back is really sore"
CASE_ID = re.compile(r"^ESC-[0-9A-HJKMNP-TV-Z]{8}$")
# Fingerprints of the domain responses (domain/escalation.yml).
EMERGENCY_ADVICE = f"please call {EMERGENCY_NUMBER} now"
NO_DRIVING = "do not drive yourself"
URGENT_ADVICE = "checked by a doctor today"
CALLBACK_OFFER = "would you like a doctor from the clinic to call you back"
# Bounds of the waits (seconds).
REPLY_TIMEOUT = 60.0
DELIVERY_TIMEOUT = 30.0
QUIET_PERIOD = 6 * POLL_SECONDS


@dataclass
class EscalationStack:
    """The running processes and what the tests need to reach them."""

    rasa_url: str
    rasa: Proc
    actions: Proc
    actions_port: int
    worker: Proc
    webhook: FakeServiceProcess
    slack: FakeServiceProcess
    webhook_secret: str
    store: CaseStore
    env: Dict[str, str]
    work: Path
    restarts: int = 0

    def start_actions(self) -> None:
        """(Re)starts the action server on its port, where the Rasa server expects it."""
        self.restarts += 1
        self.actions = _action_server(self.actions_port, self.env, self.work, self.restarts)
        self.actions.wait_http(f"http://127.0.0.1:{self.actions_port}/health", 90)

    def actions_running(self) -> bool:
        return self.actions.process is not None and self.actions.process.poll() is None


def _action_server(port: int, env: Dict[str, str], log_dir: Path, restarts: int = 0) -> Proc:
    name = "action-server" if not restarts else f"action-server-{restarts + 1}"
    args = python_module("channels.action_server", "--actions", "actions", "--port", str(port))
    return Proc(name, args, env, log_dir).start()


@pytest.fixture(scope="module")
def escalation_stack(
    require_model: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[EscalationStack]:
    skip_without_red_flags()
    work = tmp_path_factory.mktemp("e2e-escalation")
    secret = secrets.token_hex(16)
    webhook = FakeServiceProcess(
        "webhook-receiver", "tests.fakes.webhook_receiver", ["--secret", secret], work
    )
    slack = FakeServiceProcess("slack-api", "tests.fakes.slack_api", ["--token", SLACK_TOKEN], work)
    rasa_port, actions_port = free_port(), free_port()
    db_url = f"sqlite:///{work / 'escalations.db'}"
    # The same environment for every process, as scripts/run.sh gives them.
    env = clean_env(
        {
            "EMERGENCY_NUMBER": EMERGENCY_NUMBER,
            "ESCALATION_DB_URL": db_url,
            "ESCALATION_WEBHOOK_URL": f"{webhook.base_url}/escalations",
            "ESCALATION_WEBHOOK_SECRET": secret,
            "SLACK_ESCALATION_TOKEN": SLACK_TOKEN,
            "SLACK_ESCALATION_CHANNEL": SLACK_CHANNEL,
            "SLACK_ESCALATION_MENTION": SLACK_MENTION,
            "SLACK_API_BASE_URL": f"{slack.base_url}/api",
            "ESCALATION_RETRY_BASE_SECONDS": "0.5",
            "ESCALATION_RETRY_MAX_SECONDS": "2",
            "ESCALATION_WORKER_POLL_SECONDS": str(POLL_SECONDS),
            "ESCALATION_HTTP_CONNECT_TIMEOUT": "2",
            "ESCALATION_HTTP_READ_TIMEOUT": "3",
        }
    )
    credentials, endpoints = work / "credentials.yml", work / "endpoints.yml"
    build_credentials(credentials, env)
    write_endpoints(endpoints, actions_port)
    store = CaseStore(db_url, timeout=10)
    procs: List[Proc] = []
    stack: Optional[EscalationStack] = None
    try:
        # The Rasa server first: loading the model is the slow part, the rest starts meanwhile.
        rasa = Proc(
            "rasa",
            rasa_server(require_model, rasa_port, credentials, endpoints),
            env,
            work,
        ).start()
        procs.append(rasa)
        webhook.start()
        slack.start()
        actions = _action_server(actions_port, env, work)
        procs.append(actions)
        worker = Proc("worker", python_module("escalation.worker"), env, work).start()
        procs.append(worker)
        actions.wait_http(f"http://127.0.0.1:{actions_port}/health", 90)
        rasa.wait_http(f"http://127.0.0.1:{rasa_port}/", 300)
        stack = EscalationStack(
            rasa_url=f"http://127.0.0.1:{rasa_port}",
            rasa=rasa,
            actions=actions,
            actions_port=actions_port,
            worker=worker,
            webhook=webhook,
            slack=slack,
            webhook_secret=secret,
            store=store,
            env=env,
            work=work,
        )
        yield stack
    finally:
        if stack is not None:
            procs.append(stack.actions)  # a restarted one
        for proc in reversed(procs):
            proc.stop()
        webhook.stop()
        slack.stop()
        store.dispose()


@pytest.fixture
def esc(escalation_stack: EscalationStack) -> EscalationStack:
    """The module's stack, healthy: targets up and answering, action server and worker running."""
    stack = escalation_stack
    for name, proc in (("rasa", stack.rasa), ("worker", stack.worker)):
        assert (
            proc.process is not None and proc.process.poll() is None
        ), f"{name} exited:\n{proc.log_tail()}"
    for fake in (stack.webhook, stack.slack):
        if not fake.running:
            fake.start()
        fake.set_mode("ok")
    if not stack.actions_running():
        stack.start_actions()
    return stack


# -- helpers ------------------------------------------------------------------------------------


def new_sender() -> str:
    return f"e2e-escalation-{uuid.uuid4().hex[:12]}"


def texts(messages: List[Dict[str, Any]]) -> List[str]:
    return [str(m.get("text") or "") for m in messages]


def carries_marker(message: Dict[str, Any]) -> bool:
    custom = message.get("custom")
    return "escalation" in message or (isinstance(custom, dict) and "escalation" in custom)


def the_marker(messages: List[Dict[str, Any]]) -> tuple[int, Dict[str, Any]]:
    """Index and `escalation` value of the one message carrying the marker (fails otherwise)."""
    found = [(i, m) for i, m in enumerate(messages) if carries_marker(m)]
    assert len(found) == 1, f"expected exactly one marker message, got {messages}"
    index, message = found[0]
    custom = message.get("custom")
    assert isinstance(custom, dict) and set(custom) == {"escalation"}, message
    marker = custom["escalation"]
    assert set(marker) == {"urgency", "flags", "case_id"}, marker
    return index, marker


def first_index(messages: List[Dict[str, Any]], fragment: str) -> int:
    for index, text in enumerate(texts(messages)):
        if fragment in text.lower():
            return index
    raise AssertionError(f"no message contains {fragment!r}: {texts(messages)}")


def cases_of(store: CaseStore, conversation_id: str) -> List[Dict[str, Any]]:
    """Every stored case of a conversation (CaseStore snapshots, with their deliveries)."""
    with Session(store.engine) as session:
        ids = session.execute(
            select(Case.id).where(Case.conversation_id == conversation_id).order_by(Case.created_at)
        ).scalars()
        case_ids = list(ids)
    return [snapshot for i in case_ids if (snapshot := store.get_case(i)) is not None]


def delivery(case: Dict[str, Any], target: str, revision: int) -> Dict[str, Any]:
    rows = [d for d in case["deliveries"] if d["target"] == target and d["revision"] == revision]
    assert len(rows) == 1, case["deliveries"]
    return rows[0]


def wait_delivered(stack: EscalationStack, case_id: str, target: str, revision: int) -> None:
    def delivered() -> bool:
        case = stack.store.get_case(case_id)
        return case is not None and delivery(case, target, revision)["status"] == "delivered"

    wait_until(delivered, DELIVERY_TIMEOUT, f"{target} delivery of {case_id}:{revision} recorded")


def webhook_calls(
    stack: EscalationStack, case_id: str, revision: int, accepted: Optional[bool] = None
) -> List[Dict[str, Any]]:
    """Requests for one (case, revision), by `Idempotency-Key`; all, accepted or refused ones."""
    key = f"{case_id}:{revision}"
    return [
        r
        for r in stack.webhook.requests()
        if r["headers"].get("idempotency-key") == key
        and (accepted is None or bool(r["extra"].get("accepted")) == accepted)
    ]


def slack_posts(stack: EscalationStack, case_id: str) -> List[Dict[str, Any]]:
    """The chat.postMessage calls about a case that the fake accepted (it answered a `ts`)."""
    posts = []
    for request in stack.slack.requests():
        if request["path"] != "/api/chat.postMessage" or "ts" not in request["extra"]:
            continue
        body = json.loads(request["body"])
        if case_id in body.get("text", ""):
            posts.append({**request, "json": body})
    return posts


def wait_webhook(stack: EscalationStack, case_id: str, revision: int) -> Dict[str, Any]:
    calls = wait_until(
        lambda: webhook_calls(stack, case_id, revision, accepted=True),
        DELIVERY_TIMEOUT,
        f"the webhook delivery of {case_id}:{revision}",
    )
    return calls[0]


def check_signed_webhook(stack: EscalationStack, call: Dict[str, Any]) -> Dict[str, Any]:
    """Verifies the call's signature as a receiver would (HMAC-SHA256 of the raw body)."""
    raw = call["body"].encode("utf-8")
    expected = "sha256=" + hmac.new(stack.webhook_secret.encode(), raw, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(expected, call["headers"]["x-escalation-signature"])
    assert call["extra"]["signature_valid"] is True
    assert call["headers"]["content-type"].startswith("application/json")
    assert call["headers"]["x-escalation-timestamp"].isdigit()
    return json.loads(raw)


def assert_exactly_once(stack: EscalationStack, case_id: str, revision: int) -> None:
    """One accepted webhook call for (case, revision), and no other for a few worker polls."""
    stays_true(
        lambda: len(webhook_calls(stack, case_id, revision, accepted=True)) == 1,
        QUIET_PERIOD,
        f"one webhook delivery of {case_id}:{revision}",
    )


# -- tests --------------------------------------------------------------------------------------


def test_emergency_is_advised_recorded_and_delivered(esc: EscalationStack):
    sender = new_sender()

    messages = rest_chat(esc.rasa_url, sender, RED_FLAG_MESSAGE, REPLY_TIMEOUT)

    # The patient: emergency advice with the configured number and "do not drive", then the
    # one marker message.
    advice = first_index(messages, EMERGENCY_ADVICE)
    assert NO_DRIVING in texts(messages)[advice].lower()
    assert "112" not in texts(messages)[advice]
    marker_at, marker = the_marker(messages)
    assert advice < marker_at
    case_id = marker["case_id"]
    assert marker["urgency"] == "emergency"
    assert set(marker["flags"]) == CAUDA_EQUINA_FLAGS and len(marker["flags"]) == 2
    assert isinstance(case_id, str) and CASE_ID.match(case_id), case_id
    told = first_index(messages, "on-call doctor")
    assert advice < told and case_id in texts(messages)[told]

    # The case, recorded before the reply.
    (case,) = cases_of(esc.store, sender)
    assert case["case_id"] == case_id and case["open"] is True
    assert case["urgency"] == "emergency" and case["flags"] == marker["flags"]
    assert case["reason"] == "red_flag" and case["channel"] == "rest"
    assert case["trigger_message"] == RED_FLAG_MESSAGE
    assert [r["text"] for r in case["reports"]] == [RED_FLAG_MESSAGE]
    speakers = [(m["speaker"], m["text"]) for m in case["transcript"]]
    asked = speakers.index(("patient", RED_FLAG_MESSAGE))
    assert any(
        who == "assistant" and EMERGENCY_ADVICE in text.lower() and NO_DRIVING in text.lower()
        for who, text in speakers[asked + 1 :]
    ), speakers

    # The doctor: a signed webhook ...
    body = check_signed_webhook(esc, wait_webhook(esc, case_id, 1))
    assert body["schema"] == "backspasm.escalation.v1"
    assert body["event"] == "case_opened" and body["changes"] == ["opened"]
    assert body["case_id"] == case_id and body["revision"] == 1
    assert body["urgency"] == "emergency" and body["previous_urgency"] is None
    assert [f["id"] for f in body["flags"]] == marker["flags"]
    assert {f["may_indicate"] for f in body["flags"]} == {"cauda equina syndrome"}
    assert [w["text"] for w in body["patient_words"]] == [RED_FLAG_MESSAGE]
    assert body["conversation_id"] == sender and body["channel"] == "rest"
    assert body["contact"] is None

    # ... and a Slack post in the on-call channel, paging for an emergency, no patient words
    # in its notification text.
    (post,) = wait_until(lambda: slack_posts(esc, case_id), DELIVERY_TIMEOUT, "the Slack post")
    assert post["headers"]["authorization"] == f"Bearer {SLACK_TOKEN}"
    slack = post["json"]
    assert slack["channel"] == SLACK_CHANNEL
    assert slack["text"].startswith(SLACK_MENTION) and "EMERGENCY" in slack["text"]
    assert "numb" not in slack["text"] and "bladder" not in slack["text"]
    assert "*Urgency:* EMERGENCY" in slack["blocks"][0]["text"]["text"]
    assert "thread_ts" not in slack

    for target in ("webhook", "slack"):
        wait_delivered(esc, case_id, target, 1)
    assert_exactly_once(esc, case_id, 1)
    assert len(slack_posts(esc, case_id)) == 1

    # Logs of our processes hold no patient words (docs/escalation.md, Privacy).
    for proc in (esc.actions, esc.worker):
        assert "bladder" not in proc.log_text(), proc.name


@pytest.mark.parametrize("outage", ["answers 503", "stopped"])
def test_webhook_outage_delays_but_does_not_lose_the_notification(
    esc: EscalationStack, outage: str
):
    if outage == "stopped":
        esc.webhook.stop()
    else:
        esc.webhook.set_mode("fail")
    sender = new_sender()

    messages = rest_chat(esc.rasa_url, sender, RED_FLAG_MESSAGE, REPLY_TIMEOUT)

    assert NO_DRIVING in texts(messages)[first_index(messages, EMERGENCY_ADVICE)].lower()
    _, marker = the_marker(messages)
    case_id = marker["case_id"]
    assert marker["urgency"] == "emergency" and CASE_ID.match(case_id)
    (case,) = cases_of(esc.store, sender)
    assert case["case_id"] == case_id
    # Slack is up: it gets the case at once, whatever the webhook does.
    wait_delivered(esc, case_id, "slack", 1)

    # The worker keeps trying while the receiver is down.
    def retried() -> Optional[Dict[str, Any]]:
        case = esc.store.get_case(case_id)
        assert case is not None
        row = delivery(case, "webhook", 1)
        assert row["status"] in ("pending", "sending"), row
        return row if row["attempts"] >= 3 else None

    row = wait_until(retried, DELIVERY_TIMEOUT, "three failed webhook attempts")
    expected_error = "http_503" if outage == "answers 503" else "connection_error"
    assert row["last_error"] == expected_error, row

    if outage == "stopped":
        esc.webhook.start()  # on the same port, with no requests recorded yet
    else:
        assert webhook_calls(esc, case_id, 1, accepted=True) == []
        assert len(webhook_calls(esc, case_id, 1, accepted=False)) >= 3
        esc.webhook.set_mode("ok")

    call = wait_webhook(esc, case_id, 1)
    body = check_signed_webhook(esc, call)
    assert body["case_id"] == case_id and body["urgency"] == "emergency"
    assert call["extra"]["duplicate"] is False
    wait_delivered(esc, case_id, "webhook", 1)
    assert_exactly_once(esc, case_id, 1)
    assert len(slack_posts(esc, case_id)) == 1


@pytest.mark.parametrize("when", ["down before the conversation", "killed during it"])
def test_without_the_action_server_the_advice_still_comes(esc: EscalationStack, when: str):
    sender = new_sender()
    if when == "killed during it":
        assert rest_chat(esc.rasa_url, sender, "hello", REPLY_TIMEOUT)
        esc.actions.kill()
    else:
        esc.actions.stop()

    messages = rest_chat(esc.rasa_url, sender, RED_FLAG_MESSAGE, REPLY_TIMEOUT)

    advice = texts(messages)[first_index(messages, EMERGENCY_ADVICE)]
    assert NO_DRIVING in advice.lower() and "112" not in advice
    # The Rasa server ran action_escalate_case itself (channels/local_actions.py): the red flag
    # is a case all the same, and the patient is told so (issue 10, finding 3).
    assert any(carries_marker(m) for m in messages), messages
    assert len(cases_of(esc.store, sender)) == 1

    # The Rasa server is still up and answers the same conversation.
    assert esc.rasa.process is not None and esc.rasa.process.poll() is None
    assert http_get(f"{esc.rasa_url}/")[0] == 200
    again = rest_chat(esc.rasa_url, sender, "How do I use ice for a back spasm?", REPLY_TIMEOUT)
    assert any(texts(again)), again
    assert esc.rasa.process.poll() is None, esc.rasa.log_tail()


@pytest.mark.parametrize(
    "text",
    ["no numbness and I can control my bladder fine", "what if I lose bladder control?"],
)
def test_negated_or_hypothetical_symptoms_are_not_escalated(esc: EscalationStack, text: str):
    sender = new_sender()

    messages = rest_chat(esc.rasa_url, sender, text, REPLY_TIMEOUT)

    assert messages and not any(carries_marker(m) for m in messages), messages
    said = " ".join(texts(messages)).lower()
    assert NO_DRIVING not in said and "your reference" not in said, said
    assert cases_of(esc.store, sender) == []


def test_urgent_flag_then_emergency_updates_the_same_case(esc: EscalationStack):
    sender = new_sender()

    first = rest_chat(esc.rasa_url, sender, URGENT_MESSAGE, REPLY_TIMEOUT)

    advice = first_index(first, URGENT_ADVICE)
    assert EMERGENCY_NUMBER in texts(first)[advice]
    marker_at, marker = the_marker(first)
    offer = first_index(first, CALLBACK_OFFER)
    assert advice < marker_at < offer
    case_id = marker["case_id"]
    assert marker == {"urgency": "urgent", "flags": ["infection_signs"], "case_id": case_id}
    assert CASE_ID.match(case_id)
    first_body = check_signed_webhook(esc, wait_webhook(esc, case_id, 1))
    assert first_body["urgency"] == "urgent" and first_body["event"] == "case_opened"
    for target in ("webhook", "slack"):
        wait_delivered(esc, case_id, target, 1)
    (first_post,) = slack_posts(esc, case_id)
    assert "URGENT" in first_post["json"]["text"]

    second = rest_chat(esc.rasa_url, sender, RED_FLAG_MESSAGE, REPLY_TIMEOUT)

    advice = first_index(second, EMERGENCY_ADVICE)
    assert NO_DRIVING in texts(second)[advice].lower()
    marker_at, marker = the_marker(second)
    assert advice < marker_at
    assert marker["case_id"] == case_id and marker["urgency"] == "emergency"
    assert marker["flags"][0] == "infection_signs"
    assert set(marker["flags"][1:]) == CAUDA_EQUINA_FLAGS and len(marker["flags"]) == 3

    (case,) = cases_of(esc.store, sender)
    assert case["case_id"] == case_id and case["revision"] == 2
    assert case["urgency"] == "emergency" and case["flags"] == marker["flags"]
    assert case["trigger_message"] == URGENT_MESSAGE
    assert [r["text"] for r in case["reports"]] == [URGENT_MESSAGE, RED_FLAG_MESSAGE]

    body = check_signed_webhook(esc, wait_webhook(esc, case_id, 2))
    assert body["event"] == "case_updated" and body["revision"] == 2
    assert set(body["changes"]) == {"urgency_raised", "flags_added"}
    assert body["urgency"] == "emergency" and body["previous_urgency"] == "urgent"
    for target in ("webhook", "slack"):
        wait_delivered(esc, case_id, target, 2)
    posts = slack_posts(esc, case_id)
    assert len(posts) == 2, posts
    update = posts[1]["json"]
    assert update["thread_ts"] == first_post["extra"]["ts"] and update["reply_broadcast"] is True
    assert "EMERGENCY" in update["text"] and "update of" in update["text"]
    for revision in (1, 2):
        assert len(webhook_calls(esc, case_id, revision, accepted=True)) == 1
