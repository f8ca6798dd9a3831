"""Fake Telegram Bot API, fake Slack Web API and a fake Rasa Socket.IO server, on loopback.

Each runs in a background thread with its own event loop (`BackgroundServer`), so the Rasa
server under test (a separate process) and the synchronous tests can both use it. Calls are
recorded; tests wait for them with `wait_for`.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional

import socketio
from aiohttp import web


@dataclass
class Call:
    """One request the fake received."""

    method: str
    data: Dict[str, Any]
    headers: Dict[str, str] = field(default_factory=dict)


class Recorder:
    """Thread-safe list of calls with a waiting helper."""

    def __init__(self) -> None:
        self._calls: List[Call] = []
        self._lock = threading.Lock()

    def add(self, call: Call) -> None:
        with self._lock:
            self._calls.append(call)

    def calls(self, method: Optional[str] = None) -> List[Call]:
        with self._lock:
            return [c for c in self._calls if method is None or c.method == method]

    def clear(self) -> None:
        with self._lock:
            self._calls.clear()

    def wait_for(
        self,
        predicate: Callable[[Call], bool],
        count: int = 1,
        timeout: float = 60.0,
    ) -> List[Call]:
        """Waits until `count` calls match; returns them (fails the test on timeout)."""
        deadline = time.monotonic() + timeout
        while True:
            matching = [c for c in self.calls() if predicate(c)]
            if len(matching) >= count:
                return matching
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"expected {count} matching call(s) within {timeout:.0f} s, got "
                    f"{len(matching)}; all calls: {[(c.method, c.data) for c in self.calls()]}"
                )
            time.sleep(0.2)


class BackgroundServer:
    """Runs an aiohttp app on 127.0.0.1 in a thread."""

    def __init__(self, app: web.Application, port: int) -> None:
        self.app = app
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._runner: Optional[web.AppRunner] = None
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)

        async def start() -> None:
            self._runner = web.AppRunner(self.app, access_log=None)
            await self._runner.setup()
            await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

        self._loop.run_until_complete(start())
        self._ready.set()
        self._loop.run_forever()

    def start(self) -> BackgroundServer:
        self._thread.start()
        if not self._ready.wait(15):
            raise RuntimeError("fake server did not start")
        return self

    def stop(self) -> None:
        async def shutdown() -> None:
            if self._runner is not None:
                await self._runner.cleanup()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)


class FakeTelegramAPI:
    """Answers Bot API calls at /bot<token>/<method> like Telegram does (the parts we use)."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.recorder = Recorder()
        self._ids = itertools.count(1000)
        self.app = web.Application()
        self.app.router.add_post("/bot{token}/{method}", self.handle)

    async def handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        method = request.match_info["method"]
        if request.content_type == "application/json":
            data = await request.json()
        else:
            form = await request.post()
            data = {key: str(value) for key, value in form.items()}
        self.recorder.add(Call(method, data, dict(request.headers)))
        result: Any = True
        if method == "sendMessage":
            result = {
                "message_id": next(self._ids),
                "date": int(time.time()),
                "chat": {"id": int(data.get("chat_id", 0)), "type": "private"},
                "text": data.get("text", ""),
            }
        elif method == "getMe":
            result = {"id": 1, "is_bot": True, "first_name": "Clinic", "username": "clinic_bot"}
        return web.json_response({"ok": True, "result": result})

    def messages(self, chat_id: int) -> List[Call]:
        return [
            c
            for c in self.recorder.calls("sendMessage")
            if str(c.data.get("chat_id")) == str(chat_id)
        ]


class FakeSlackAPI:
    """Answers Web API calls at /api/<method> like Slack does (the parts we use)."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.recorder = Recorder()
        self._ts = itertools.count(1)
        self.app = web.Application()
        self.app.router.add_post("/api/{method}", self.handle)

    async def handle(self, request: web.Request) -> web.Response:
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return web.json_response({"ok": False, "error": "invalid_auth"})
        method = request.match_info["method"]
        if request.content_type == "application/json":
            data = await request.json()
        else:
            form = await request.post()
            data = {key: str(value) for key, value in form.items()}
        self.recorder.add(Call(method, data, dict(request.headers)))
        return web.json_response(
            {"ok": True, "channel": data.get("channel"), "ts": f"1700000000.{next(self._ts):06d}"}
        )

    def messages(self, channel: str) -> List[Call]:
        return [
            c for c in self.recorder.calls("chat.postMessage") if c.data.get("channel") == channel
        ]


class FakeRasaSocket:
    """A Socket.IO server that answers like the assistant, for testing the page alone.

    "/greet" gets a greeting with two buttons; a message mentioning the bladder gets emergency
    advice and the escalation marker; anything else gets "You asked: ...".
    """

    def __init__(self, allowed_origins: List[str], number: str) -> None:
        self.number = number
        self.sio = socketio.AsyncServer(async_mode="aiohttp", cors_allowed_origins=allowed_origins)
        self.app = web.Application()
        self.sio.attach(self.app)
        self.received: List[Dict[str, Any]] = []
        self.sio.on("session_request", self.session_request)
        self.sio.on("user_uttered", self.user_uttered)

    async def session_request(self, sid: str, data: Any) -> None:
        session_id = (data or {}).get("session_id") or uuid.uuid4().hex
        await self.sio.enter_room(sid, session_id)
        await self.sio.emit("session_confirm", session_id, room=sid)

    async def user_uttered(self, sid: str, data: Dict[str, Any]) -> None:
        self.received.append(data)
        room = data.get("session_id") or sid
        text = str(data.get("message", ""))
        if text == "/greet":
            await self.sio.emit(
                "bot_uttered",
                {
                    "text": "Hello! What would you like to know?",
                    "quick_replies": [
                        {
                            "content_type": "text",
                            "title": "Ice or heat?",
                            "payload": "Ice or heat?",
                        },
                        {
                            "content_type": "text",
                            "title": "Stretches",
                            "payload": "Which stretches help?",
                        },
                    ],
                },
                room=room,
            )
        elif "bladder" in text.lower():
            await self.sio.emit(
                "bot_uttered",
                {"text": f"This could be serious. Call {self.number} now."},
                room=room,
            )
            marker = {"urgency": "emergency", "flags": ["bladder"], "case_id": "case-1"}
            await self.sio.emit("bot_uttered", {"escalation": marker}, room=room)
        else:
            await self.sio.emit("bot_uttered", {"text": f"You asked: {text}"}, room=room)


def telegram_update(update_id: int, chat_id: int, text: str) -> Dict[str, Any]:
    """A private-chat text message update, as Telegram sends it."""
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "from": {"id": chat_id, "is_bot": False, "first_name": "Pat", "language_code": "en"},
            "chat": {"id": chat_id, "first_name": "Pat", "type": "private"},
            "date": int(time.time()),
            "text": text,
        },
    }


def slack_event(
    event_id: str, user: str, channel: str, text: str, kind: str = "message", ts: str = ""
) -> Dict[str, Any]:
    """An Events API envelope for a message, as Slack sends it."""
    ts = ts or f"{time.time():.6f}"
    event: Dict[str, Any] = {
        "type": kind,
        "user": user,
        "text": text,
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
    }
    if kind == "message":
        event["channel_type"] = "im"
    return {
        "token": "verification-token-unused",
        "team_id": "T0001",
        "api_app_id": "A0001",
        "event": event,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "authorizations": [{"team_id": "T0001", "user_id": "UBOT", "is_bot": True}],
    }


def dumps(payload: Any) -> bytes:
    """JSON body bytes, as sent over the wire."""
    return json.dumps(payload).encode("utf-8")
