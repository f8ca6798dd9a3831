"""No process writes patient text, names or phone numbers to its log (issue 10, finding 6).

Real processes on 127.0.0.1, every one at DEBUG level: the Rasa server (`channels.server run
--debug`, libraries at DEBUG too), the action server (`channels.action_server --debug`), the
delivery worker (`escalation.worker --log-level DEBUG`, its notification target down) and the
page server. A distinctive sentence, a name and a phone number go through every channel (REST,
the widget's Socket.IO, Telegram and Slack to their fakes) and through the failure paths (the
call-back form, malformed requests to each server, a message over spaCy's 1M-character limit,
messages racing for one conversation's lock, the action server down). After each path, every log
file of every process is searched for the sentence, its rare word, the name and the number (as
typed and digits only). `clinic.log_privacy` is what keeps them out.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple

import pytest
import socketio

from tests.e2e.e2e_fakes import FakeSlackAPI, FakeTelegramAPI, dumps, slack_event, telegram_update
from tests.e2e.e2e_support import (
    EMERGENCY_NUMBER,
    ROOT,
    Proc,
    build_credentials,
    clean_env,
    free_port,
    http_post,
    python_module,
    rasa_server,
    rest_chat,
    wait_until,
)

pytestmark = [pytest.mark.e2e]

# The patient data of these tests: none of it may appear in any log.
RARE_WORD = "Zebrafinchery"
SENTENCE = f"My back went into spasm on the {RARE_WORD} ladder and the pain runs down my left leg"
NAME = "Wilhelmina Quaresma"
PHONE = "+44 7700 900461"
FORBIDDEN = (SENTENCE, RARE_WORD, "Wilhelmina", "Quaresma", "7700 900461", "447700900461")
# Starts the call-back form (urgent red flag, then the offer of a call back).
URGENT_MESSAGE = "I've got a fever and my back is really sore"
# spaCy refuses texts over 1,000,000 characters (E088); Rasa used to log the whole text then.
OVERSIZE_CHARS = 1_000_100
REPLY_TIMEOUT = 90.0

_update_ids = itertools.count(900_000)
_chat_ids = itertools.count(9_000_001)
_slack_ids = itertools.count(1)


@dataclass
class DebugStack:
    """The processes at DEBUG level and how to reach them."""

    rasa_url: str
    web_url: str
    actions_url: str
    telegram_secret: str
    slack_secret: str
    env: Dict[str, str]
    log_dir: Path
    procs: Dict[str, Proc]
    offsets: Dict[str, int] = field(default_factory=dict)


@pytest.fixture(scope="module")
def debug_stack(
    require_model: Path,
    tmp_path_factory: pytest.TempPathFactory,
    fake_telegram: FakeTelegramAPI,
    fake_slack: FakeSlackAPI,
) -> Iterator[DebugStack]:
    work = tmp_path_factory.mktemp("e2e-log-privacy")
    log_dir = work / "logs"
    log_dir.mkdir()
    rasa_port, actions_port, web_port = free_port(), free_port(), free_port()
    web_url = f"http://127.0.0.1:{web_port}"
    telegram_secret, slack_secret = uuid.uuid4().hex, uuid.uuid4().hex
    env = clean_env(
        {
            "EMERGENCY_NUMBER": EMERGENCY_NUMBER,
            "ESCALATION_DB_URL": f"sqlite:///{work / 'escalations.db'}",
            # The clinic's webhook is down: the action server and the worker log failed sends.
            "ESCALATION_WEBHOOK_URL": f"http://127.0.0.1:{free_port()}/escalations",
            "ESCALATION_WEBHOOK_SECRET": uuid.uuid4().hex,
            "ESCALATION_WORKER_POLL_SECONDS": "0.5",
            "ESCALATION_RETRY_BASE_SECONDS": "0.5",
            "ESCALATION_RETRY_MAX_SECONDS": "1",
            "ESCALATION_HTTP_CONNECT_TIMEOUT": "1",
            "ESCALATION_HTTP_READ_TIMEOUT": "1",
            "WEBCHAT_ORIGINS": web_url,
            "WEBCHAT_SOCKET_URL": f"http://127.0.0.1:{rasa_port}",
            "TELEGRAM_BOT_TOKEN": fake_telegram.token,
            "TELEGRAM_WEBHOOK_URL": "https://clinic.example/webhooks/telegram/webhook",
            "TELEGRAM_WEBHOOK_SECRET": telegram_secret,
            "TELEGRAM_API_BASE_URL": fake_telegram.url,  # type: ignore[attr-defined]
            "SLACK_BOT_TOKEN": fake_slack.token,
            "SLACK_SIGNING_SECRET": slack_secret,
            "SLACK_API_BASE_URL": fake_slack.url + "/api",  # type: ignore[attr-defined]
            "ACTION_SERVER_URL": f"http://127.0.0.1:{actions_port}/webhook",
            "TRACKER_STORE_URL": f"sqlite:///{work / 'conversations.db'}",
            # Rasa's own and its libraries' (sanic, socketio, engineio ...) loggers.
            "LOG_LEVEL": "DEBUG",
            "LOG_LEVEL_LIBRARIES": "DEBUG",
        }
    )
    credentials = work / "credentials.yml"
    build_credentials(credentials, env)
    procs: Dict[str, Proc] = {}
    commands = {
        "action-server": python_module(
            "channels.action_server", "--actions", "actions", "--port", str(actions_port), "--debug"
        ),
        "rasa": rasa_server(
            require_model, rasa_port, credentials, ROOT / "endpoints.yml", "--debug"
        ),
        "worker": python_module("escalation.worker", "--log-level", "DEBUG"),
        "webchat": python_module("channels.webchat", "--port", str(web_port)),
    }
    try:
        for name, args in commands.items():
            procs[name] = Proc(name, args, env, log_dir).start()
        procs["action-server"].wait_http(f"http://127.0.0.1:{actions_port}/health", 90)
        procs["webchat"].wait_http(f"{web_url}/healthz", 30)
        procs["rasa"].wait_http(f"http://127.0.0.1:{rasa_port}/", 300)
        yield DebugStack(
            rasa_url=f"http://127.0.0.1:{rasa_port}",
            web_url=web_url,
            actions_url=f"http://127.0.0.1:{actions_port}",
            telegram_secret=telegram_secret,
            slack_secret=slack_secret,
            env=env,
            log_dir=log_dir,
            procs=procs,
        )
    finally:
        for proc in reversed(list(procs.values())):
            proc.stop()


@pytest.fixture
def logs(debug_stack: DebugStack) -> DebugStack:
    """The stack, with the log files' sizes noted: `assert_logs_clean` reads what follows."""
    debug_stack.offsets = {
        path.name: path.stat().st_size for path in debug_stack.log_dir.glob("*.log")
    }
    return debug_stack


def assert_logs_clean(stack: DebugStack) -> None:
    """No log line written since the test began carries patient data."""
    time.sleep(1.0)  # the last lines of a turn (worker, background Slack hand-over)
    assert_no_patient_data(stack.log_dir, stack.offsets)


# -- checks -------------------------------------------------------------------------------------


def leaks(log_dir: Path, start: Dict[str, int]) -> List[str]:
    """Log lines (written after `start`'s offsets) that carry any of the patient data."""
    found = []
    for path in sorted(log_dir.glob("*.log")):
        with path.open("rb") as log:
            log.seek(start.get(path.name, 0))
            text = log.read().decode("utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), 1):
            hits = [secret for secret in FORBIDDEN if secret.lower() in line.lower()]
            if hits:
                found.append(f"{path.name} (+{number}) {hits}: {line[:300]}")
    return found


def assert_no_patient_data(log_dir: Path, start: Dict[str, int]) -> None:
    found = leaks(log_dir, start)
    assert not found, f"{len(found)} log line(s) carry patient data:\n" + "\n".join(found[:15])


def reply_texts(messages: List[Dict[str, Any]]) -> str:
    return " ".join(str(m.get("text") or "") for m in messages).lower()


def new_sender() -> str:
    return f"e2e-privacy-{uuid.uuid4().hex[:12]}"


# -- channels -----------------------------------------------------------------------------------


def test_the_servers_log_at_debug_level(debug_stack: DebugStack):
    rest_chat(debug_stack.rasa_url, new_sender(), "hello", REPLY_TIMEOUT)
    for name in ("rasa", "action-server"):
        assert " DEBUG " in debug_stack.procs[name].log_text(), name


def test_rest(logs: DebugStack):
    sender = new_sender()
    for text in (SENTENCE, NAME, PHONE):
        assert rest_chat(logs.rasa_url, sender, text, REPLY_TIMEOUT)
    assert_logs_clean(logs)


def test_socketio(logs: DebugStack):
    replies = asyncio.run(_widget_chat(logs.rasa_url, logs.web_url, ["/greet", SENTENCE, NAME]))
    assert replies, "the widget got no answer"
    assert_logs_clean(logs)


async def _widget_chat(rasa_url: str, origin: str, texts: List[str]) -> List[Dict[str, Any]]:
    """Talks to the Rasa server as the widget does; returns the bot's messages."""
    client = socketio.AsyncClient()
    received: List[Dict[str, Any]] = []
    confirmed, answered = asyncio.Event(), asyncio.Event()
    session: Dict[str, str] = {}

    @client.on("session_confirm")
    async def on_confirm(session_id: Any) -> None:
        session["id"] = str(session_id)
        confirmed.set()

    @client.on("bot_uttered")
    async def on_bot(data: Any) -> None:
        received.append(data if isinstance(data, dict) else {"text": str(data)})
        answered.set()

    await client.connect(
        rasa_url, headers={"Origin": origin}, transports=["polling"], socketio_path="/socket.io/"
    )
    try:
        await client.emit("session_request", {"session_id": None})
        await asyncio.wait_for(confirmed.wait(), 30)
        for text in texts:
            answered.clear()
            await client.emit("user_uttered", {"message": text, "session_id": session["id"]})
            await asyncio.wait_for(answered.wait(), REPLY_TIMEOUT)
            await asyncio.sleep(1.0)  # the rest of the turn's messages
    finally:
        await client.disconnect()
    return received


def _telegram(stack: DebugStack, update: Dict[str, Any]) -> int:
    status, _ = http_post(
        f"{stack.rasa_url}/webhooks/telegram/webhook",
        dumps(update),
        {
            "Content-Type": "application/json",
            "X-Telegram-Bot-Api-Secret-Token": stack.telegram_secret,
        },
        timeout=REPLY_TIMEOUT,
    )
    return status


def test_telegram(logs: DebugStack, fake_telegram: FakeTelegramAPI):
    chat_id = next(_chat_ids)
    for text in (SENTENCE, NAME, PHONE):
        # The webhook answers Telegram once the replies are sent.
        assert _telegram(logs, telegram_update(next(_update_ids), chat_id, text)) == 200
    assert fake_telegram.messages(chat_id)
    assert_logs_clean(logs)


def _slack_headers(secret: str, body: bytes) -> Dict[str, str]:
    ts = str(int(time.time()))
    digest = hmac.new(secret.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    return {
        "Content-Type": "application/json",
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": f"v0={digest}",
    }


def _slack(stack: DebugStack, envelope: Dict[str, Any]) -> int:
    body = dumps(envelope)
    status, _ = http_post(
        f"{stack.rasa_url}/webhooks/slack/webhook", body, _slack_headers(stack.slack_secret, body)
    )
    return status


def test_slack(logs: DebugStack, fake_slack: FakeSlackAPI):
    n = next(_slack_ids)
    user, channel = f"UPRIV{n:04d}", f"DPRIV{n:04d}"
    for i, text in enumerate((SENTENCE, NAME, PHONE)):
        before = len(fake_slack.messages(channel))
        assert _slack(logs, slack_event(f"EvPriv{n:04d}{i}", user, channel, text)) == 200
        fake_slack.recorder.wait_for(
            lambda c: c.method == "chat.postMessage" and c.data.get("channel") == channel,
            count=before + 1,
            timeout=REPLY_TIMEOUT,
        )
    assert_logs_clean(logs)


# -- failure paths ------------------------------------------------------------------------------


def test_callback_form_with_name_and_phone(logs: DebugStack):
    sender = new_sender()
    offer = rest_chat(logs.rasa_url, sender, URGENT_MESSAGE, REPLY_TIMEOUT)
    assert "call you back" in reply_texts(offer), offer
    assert "name" in reply_texts(rest_chat(logs.rasa_url, sender, "yes", REPLY_TIMEOUT))
    assert "phone" in reply_texts(rest_chat(logs.rasa_url, sender, NAME, REPLY_TIMEOUT))
    assert "agree" in reply_texts(rest_chat(logs.rasa_url, sender, PHONE, REPLY_TIMEOUT))
    saved = reply_texts(rest_chat(logs.rasa_url, sender, "yes", REPLY_TIMEOUT))
    assert "your reference" in saved, saved  # the bot repeats the name and number here
    # The worker tries to send the case (with the contact details) to the webhook, which is down.
    wait_until(lambda: "ESC-" in logs.procs["worker"].log_text(), 30, "the worker's attempt")
    assert_logs_clean(logs)


def test_malformed_requests(logs: DebugStack, fake_telegram: FakeTelegramAPI):
    rest = f"{logs.rasa_url}/webhooks/rest/webhook"
    as_json = {"Content-Type": "application/json"}
    data = {"text": SENTENCE, "name": NAME, "phone": PHONE}
    # Not JSON at all, and a message that is not a string (Rasa's REST channel fails on it).
    status, _ = http_post(rest, f'{{"sender": "x", "message": "{SENTENCE} {NAME}'.encode(), as_json)
    assert status == 400
    body = json.dumps({"sender": new_sender(), "message": data}).encode()
    assert http_post(rest, body, as_json, timeout=REPLY_TIMEOUT)[0] in (200, 500)
    # Telegram: an update whose text is not a string, and a broken one.
    update = telegram_update(next(_update_ids), next(_chat_ids), SENTENCE)
    update["message"]["text"] = data
    assert _telegram(logs, update) == 200
    broken = telegram_update(next(_update_ids), next(_chat_ids), SENTENCE)
    broken["message"]["chat"] = NAME
    assert _telegram(logs, broken) in (200, 400, 500)
    # Slack: a signed event whose text is not a string.
    n = next(_slack_ids)
    event = slack_event(f"EvBad{n:04d}", f"UBAD{n:04d}", f"DBAD{n:04d}", SENTENCE)
    event["event"]["text"] = data
    assert _slack(logs, event) in (200, 400)
    # The action server, called with its token but nonsense (the version is read and logged).
    token = logs.env["ACTION_SERVER_TOKEN"]
    call = {
        "next_action": "action_submit_callback",
        "version": SENTENCE,
        "sender_id": NAME,
        "tracker": {"sender_id": NAME, "slots": {"contact_name": NAME, "contact_phone": PHONE}},
        "domain": PHONE,
    }
    for body in (dumps(call), SENTENCE.encode()):
        status, _ = http_post(f"{logs.actions_url}/webhook?token={token}", body, as_json)
        assert status != 401  # past the token check: rasa-sdk read it
    assert_logs_clean(logs)


def test_oversize_message(logs: DebugStack):
    text = (SENTENCE + " ") * (OVERSIZE_CHARS // (len(SENTENCE) + 1) + 1)
    assert len(text) > OVERSIZE_CHARS
    assert rest_chat(logs.rasa_url, new_sender(), text, timeout=300)
    # The widget's cap (2,000 characters) on an oversize widget message.
    assert asyncio.run(_widget_chat(logs.rasa_url, logs.web_url, [text[:5000]]))
    assert_logs_clean(logs)


def test_messages_racing_for_one_conversation(logs: DebugStack):
    sender = new_sender()
    results: List[Tuple[int, bytes]] = []

    def send(text: str) -> None:
        body = json.dumps({"sender": sender, "message": text}).encode()
        results.append(
            http_post(
                f"{logs.rasa_url}/webhooks/rest/webhook",
                body,
                {"Content-Type": "application/json"},
                timeout=REPLY_TIMEOUT,
            )
        )

    threads = [threading.Thread(target=send, args=(t,)) for t in (SENTENCE, NAME, PHONE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(REPLY_TIMEOUT + 10)
    assert [status for status, _ in results] == [200, 200, 200]
    assert_logs_clean(logs)


def test_action_server_down(logs: DebugStack, fake_telegram: FakeTelegramAPI):
    logs.procs["action-server"].stop()
    sender = new_sender()
    for text in ("hello", SENTENCE, NAME, PHONE):
        assert rest_chat(logs.rasa_url, sender, text, REPLY_TIMEOUT)
    chat_id = next(_chat_ids)
    assert _telegram(logs, telegram_update(next(_update_ids), chat_id, SENTENCE)) == 200
    assert fake_telegram.messages(chat_id)
    assert_logs_clean(logs)


def test_no_log_of_any_process_carries_patient_data(debug_stack: DebugStack):
    time.sleep(3.0)  # the worker's retries
    assert_no_patient_data(debug_stack.log_dir, {})
