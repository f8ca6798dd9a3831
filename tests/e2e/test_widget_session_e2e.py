"""Web chat sessions are bound to their browser (issue 10, finding 7), over real sockets.

The real web chat connector runs as its own process on 127.0.0.1 with an echo bot instead of the
assistant (`tests.e2e.widget_channel_server`: no model, fast start); python-socketio clients and
the real widget in headless Chromium talk to it. A client that learns a conversation id (as from
a log line or a case notification) must neither receive that conversation's replies nor write
into it; the browser that started the conversation gets it back after a reload; connections
without an allowed Origin header are refused.
"""

from __future__ import annotations

import asyncio
import json
import re
import secrets
from dataclasses import dataclass
from typing import Any, AsyncIterator, Callable, Dict, Iterator, List, Optional

import pytest
import socketio

from tests.e2e.e2e_support import Proc, clean_env, free_port, http_get, python_module
from tests.e2e.widget_channel_server import ECHO_PREFIX, RECEIVED_PATH
from tests.e2e.widget_steps import open_chat, send, wait_for_bot_text

pytestmark = [pytest.mark.e2e]

# aiohttp 3.9 (pinned by Rasa) is too old for python-engineio's WebSocket client: long-polling.
TRANSPORTS = ["polling"]
REPLY_TIMEOUT = 10.0
# How long a reply that must not arrive is waited for, after it reached its own conversation.
SILENCE_SECONDS = 1.5
SESSION_TOKEN = re.compile(r"^[0-9a-f]{32}\.[0-9a-f]{64}$")
WIDGET_STORAGE_KEY = "chat_session"


@dataclass
class ChannelServer:
    """The running connector: its URL, the page origin it allows, and its process."""

    url: str
    origin: str
    proc: Proc

    def received(self) -> List[Dict[str, str]]:
        """The messages the echo bot got, in order."""
        status, body = http_get(self.url + RECEIVED_PATH)
        assert status == 200, status
        return list(json.loads(body))

    def conversation_of(self, text: str) -> str:
        """The conversation a message was written into (what a log or a case would show)."""
        matches = [m["conversation_id"] for m in self.received() if m["text"] == text]
        assert len(matches) == 1, (text, matches)
        return matches[0]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChannelServer]:
    work = tmp_path_factory.mktemp("widget-session")
    port, page_port = free_port(), free_port()
    origin = f"http://127.0.0.1:{page_port}"
    env = clean_env({"WEBCHAT_ORIGINS": origin, "WEBCHAT_SESSION_SECRET": secrets.token_hex(32)})
    args = python_module("tests.e2e.widget_channel_server", "--port", str(port))
    proc = Proc("widget-channel", args, env, work).start()
    try:
        proc.wait_http(f"http://127.0.0.1:{port}/healthz", 120)
        yield ChannelServer(f"http://127.0.0.1:{port}", origin, proc)
    finally:
        proc.stop()


class ChatClient:
    """A Socket.IO client speaking the widget's protocol (session_request, user_uttered)."""

    def __init__(self, server: ChannelServer) -> None:
        self.server = server
        self.sio = socketio.AsyncClient(reconnection=False)
        self.replies: List[str] = []
        self.session_id: Optional[str] = None
        self._closed = False
        self._confirmed: asyncio.Queue[str] = asyncio.Queue()
        self.sio.on("session_confirm", self._on_confirm)
        self.sio.on("bot_uttered", self._on_bot)

    async def _on_confirm(self, data: Any) -> None:
        # As rasa-webchat reads it: the payload, or its `session_id`.
        session = data.get("session_id") if isinstance(data, dict) else data
        await self._confirmed.put(str(session))

    async def _on_bot(self, data: Any) -> None:
        self.replies.append(str((data or {}).get("text", "")))

    async def connect(self, origin: Optional[str] = "") -> bool:
        """Connects with the allowed Origin, another one, or none (None).

        Returns:
            Whether the server accepted the connection (a refused one is closed at once).
        """
        origin = self.server.origin if origin == "" else origin
        headers = {"Origin": origin} if origin is not None else {}
        outcome: asyncio.Queue[bool] = asyncio.Queue()
        self.sio.on("connect", lambda: outcome.put_nowait(True))
        self.sio.on("connect_error", lambda _: outcome.put_nowait(False))
        try:
            await self.sio.connect(
                self.server.url, headers=headers, transports=TRANSPORTS, wait=False
            )
        except socketio.exceptions.ConnectionError:
            return False  # refused by Engine.IO (the handshake answered 400)
        accepted = await asyncio.wait_for(outcome.get(), REPLY_TIMEOUT)
        if not accepted:
            await self.close()
        return accepted

    async def open(self, session_id: Optional[str] = None) -> str:
        """Connects and asks for a session (resuming `session_id`); returns the one confirmed."""
        assert await self.connect(), "connection refused"
        await self.sio.emit("session_request", {"session_id": session_id})
        self.session_id = await asyncio.wait_for(self._confirmed.get(), REPLY_TIMEOUT)
        return self.session_id

    async def say(self, text: str, session_id: Optional[str] = None) -> None:
        """Sends a message as the widget does, naming `session_id` (default: its own)."""
        await self.sio.emit(
            "user_uttered", {"message": text, "session_id": session_id or self.session_id}
        )

    async def wait_reply(self, text: str) -> None:
        """Waits for the echo of `text`."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + REPLY_TIMEOUT
        while ECHO_PREFIX + text not in self.replies:
            assert loop.time() < deadline, f"no reply to {text!r}: {self.replies}"
            await asyncio.sleep(0.05)

    def got(self, text: str) -> bool:
        return ECHO_PREFIX + text in self.replies

    async def close(self) -> None:
        """Closes the connection at once (a clean close waits for the pending poll, up to 25 s)."""
        if self._closed:
            return
        self._closed = True
        eio = self.sio.eio
        loops = [task for task in (eio.read_loop_task, eio.write_loop_task) if task is not None]
        await eio.disconnect(abort=True)
        for task in loops:
            task.cancel()
        await asyncio.gather(*loops, return_exceptions=True)


@pytest.fixture
async def clients(server: ChannelServer) -> AsyncIterator[Callable[[], ChatClient]]:
    """Makes clients of the server; closes them after the test, also when it failed."""
    made: List[ChatClient] = []

    def make() -> ChatClient:
        made.append(ChatClient(server))
        return made[-1]

    yield make
    for client in made:
        await client.close()


async def test_connection_without_origin_is_refused(clients: Callable[[], ChatClient]):
    assert not await clients().connect(origin=None)


async def test_connection_from_another_origin_is_refused(clients: Callable[[], ChatClient]):
    assert not await clients().connect(origin="https://evil.example")


async def test_connection_from_the_allowed_origin_is_accepted(clients: Callable[[], ChatClient]):
    assert await clients().connect()


async def test_a_known_conversation_id_neither_reads_nor_writes(
    server: ChannelServer, clients: Callable[[], ChatClient]
):
    patient, intruder = clients(), clients()
    await patient.open()
    await patient.say("my back hurts")
    await patient.wait_reply("my back hurts")
    conversation_id = server.conversation_of("my back hurts")

    # The intruder asks for that conversation by its id, and names it in its messages.
    session = await intruder.open(conversation_id)
    await intruder.say("intruder writes", session_id=conversation_id)
    await intruder.wait_reply("intruder writes")
    await patient.say("private symptoms")
    await patient.wait_reply("private symptoms")
    await asyncio.sleep(SILENCE_SECONDS)

    assert not intruder.got("private symptoms"), intruder.replies
    assert not patient.got("intruder writes"), patient.replies
    assert server.conversation_of("intruder writes") != conversation_id
    assert server.conversation_of("private symptoms") == conversation_id
    assert not session.startswith(conversation_id)


async def test_a_socket_without_a_session_cannot_write(
    server: ChannelServer, clients: Callable[[], ChatClient]
):
    patient, intruder = clients(), clients()
    await patient.open()
    await patient.say("hello there")
    await patient.wait_reply("hello there")
    conversation_id = server.conversation_of("hello there")

    # No session_request: only the message's session_id names the conversation.
    assert await intruder.connect()
    await intruder.say("written without a session", session_id=conversation_id)
    await intruder.say("written with the token", session_id=patient.session_id)
    await asyncio.sleep(SILENCE_SECONDS)
    texts = [m["text"] for m in server.received()]
    for written in ["written without a session", "written with the token"]:
        assert written not in texts and not patient.got(written)


async def test_the_same_client_resumes_with_its_session_token(
    server: ChannelServer, clients: Callable[[], ChatClient]
):
    first = clients()
    token = await first.open()
    await first.say("before the reload")
    await first.wait_reply("before the reload")
    conversation_id = server.conversation_of("before the reload")
    await first.close()
    # What the browser keeps is more than the conversation id.
    assert SESSION_TOKEN.match(token) and token != conversation_id

    again = clients()
    assert await again.open(token) == token
    await again.say("after the reload")
    await again.wait_reply("after the reload")
    assert server.conversation_of("after the reload") == conversation_id


# --- The real widget (rasa-webchat) in headless Chromium ---------------------------------------


@pytest.fixture(scope="module")
def page_url(server: ChannelServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo page, at the origin the connector allows, with the widget pointing at it."""
    port = int(server.origin.rsplit(":", 1)[1])
    env = clean_env({"WEBCHAT_SOCKET_URL": server.url})
    args = python_module("channels.webchat", "--port", str(port))
    web = Proc("widget-session-page", args, env, tmp_path_factory.mktemp("page")).start()
    try:
        web.wait_http(f"{server.origin}/healthz", 30)
        yield server.origin
    finally:
        web.stop()


def stored_session(page: Any) -> str:
    """The session id rasa-webchat keeps in the browser's storage."""
    return str(
        page.evaluate(f"JSON.parse(localStorage.getItem('{WIDGET_STORAGE_KEY}')).session_id")
    )


@pytest.mark.browser
def test_the_widget_resumes_after_a_reload_and_a_known_id_gets_nothing(
    browser: Any, page_url: str, server: ChannelServer
):
    patient = browser.new_context().new_page()
    patient.goto(page_url)
    open_chat(patient)
    wait_for_bot_text(patient, ECHO_PREFIX + "/greet", timeout_ms=20_000)
    send(patient, "widget question one")
    wait_for_bot_text(patient, ECHO_PREFIX + "widget question one", timeout_ms=20_000)
    conversation_id = server.conversation_of("widget question one")
    token = stored_session(patient)

    patient.reload()
    open_chat(patient)
    send(patient, "widget question two")
    wait_for_bot_text(patient, ECHO_PREFIX + "widget question two", timeout_ms=20_000)
    assert server.conversation_of("widget question two") == conversation_id
    assert stored_session(patient) == token

    # Another browser whose widget storage names the conversation id (the patient's settings,
    # not the messages, not the session token): it gets a conversation of its own.
    stored = json.loads(patient.evaluate(f"localStorage.getItem('{WIDGET_STORAGE_KEY}')"))
    intruder_session = json.dumps({**stored, "session_id": conversation_id, "conversation": []})
    intruder_context = browser.new_context()
    intruder_context.add_init_script(
        f"localStorage.setItem('{WIDGET_STORAGE_KEY}', {json.dumps(intruder_session)})"
    )
    intruder = intruder_context.new_page()
    intruder.goto(page_url)
    open_chat(intruder)
    send(intruder, "widget intruder")
    wait_for_bot_text(intruder, ECHO_PREFIX + "widget intruder", timeout_ms=20_000)
    send(patient, "widget question three")
    wait_for_bot_text(patient, ECHO_PREFIX + "widget question three", timeout_ms=20_000)
    intruder.wait_for_timeout(1000)

    assert "widget question three" not in intruder.content()
    assert "widget intruder" not in patient.content()
    assert server.conversation_of("widget intruder") != conversation_id
    assert stored_session(intruder) != conversation_id
    # What the patient's browser keeps is the conversation id with its proof.
    assert SESSION_TOKEN.match(token) and token.startswith(conversation_id + ".")
    intruder_context.close()
    patient.context.close()
