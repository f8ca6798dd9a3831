"""A small recording HTTP server on loopback, the base of the fake webhook and fake Slack.

It runs in a background thread (`ThreadingHTTPServer`) on 127.0.0.1 with an ephemeral port,
records every request, and can be switched at run time, in-process or over HTTP so that
end-to-end tests driving real Rasa processes can use it too:

- `mode`: `ok` (normal answers), `fail` (HTTP 503, or `fail_status`), `slow` (waits `delay`
  seconds before answering normally), plus modes of the subclass;
- `down()` stops listening (connections are refused) and `up()` listens again on the same port.

Control endpoints (not recorded): `GET /_fake/requests` (the recorded requests as JSON),
`POST /_fake/mode` with `{"mode": ..., "delay": ..., "retry_after": ..., "fail_status": ...}`,
`POST /_fake/reset` (forget the requests, back to `ok`).
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Optional, Tuple


@dataclass
class RecordedRequest:
    """One request the fake received.

    Attributes:
        method: HTTP method.
        path: Request path.
        headers: Headers, names in lower case.
        body: Raw body bytes.
        received_at: Unix time.
        extra: What the subclass noted (e.g. whether the signature was valid).
    """

    method: str
    path: str
    headers: Dict[str, str]
    body: bytes
    received_at: float
    extra: Dict[str, Any] = field(default_factory=dict)

    def json(self) -> Any:
        """Returns the body parsed as JSON (None when it is not JSON)."""
        try:
            return json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return None

    def to_dict(self) -> Dict[str, Any]:
        """Returns a JSON-ready form (the body as text)."""
        return {
            "method": self.method,
            "path": self.path,
            "headers": self.headers,
            "body": self.body.decode("utf-8", errors="replace"),
            "received_at": self.received_at,
            "extra": self.extra,
        }


Response = Tuple[int, Dict[str, str], bytes]


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        return  # a client that timed out and left is expected in "slow" mode


class FakeHttpService:
    """Base class: a recording HTTP server that subclasses give an answer to.

    Args:
        host: Address to listen on (loopback only).
        port: Port; 0 picks a free one (kept across `down()`/`up()`).
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        if not (host.startswith("127.") or host in ("localhost", "::1")):
            raise ValueError("fakes listen on loopback only")
        self.host = host
        self.port = port
        self.mode = "ok"
        self.delay = 0.0
        self.retry_after: Optional[float] = None
        self.fail_status = 503
        self._requests: List[RecordedRequest] = []
        self._lock = threading.Lock()
        self._server: Optional[ThreadingHTTPServer] = None
        self._thread: Optional[threading.Thread] = None

    # -- life cycle ---------------------------------------------------------------------------

    def up(self) -> FakeHttpService:
        """Starts listening (on the same port as before, if it ran already)."""
        if self._server is not None:
            return self
        service = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                return  # quiet: bodies hold (fake) patient data

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                status, headers, payload = service._dispatch(
                    self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body
                )
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = _handle
            do_POST = _handle

        server = _QuietServer((self.host, self.port), Handler)
        self.port = server.server_address[1]
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def down(self) -> None:
        """Stops listening: connections to the port are refused until `up()`."""
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> FakeHttpService:
        return self.up()

    def __exit__(self, *exc: object) -> None:
        self.down()

    @property
    def base_url(self) -> str:
        """`http://127.0.0.1:<port>`."""
        return f"http://{self.host}:{self.port}"

    # -- recording ----------------------------------------------------------------------------

    @property
    def requests(self) -> List[RecordedRequest]:
        """The recorded requests, oldest first (a copy)."""
        with self._lock:
            return list(self._requests)

    def reset(self) -> None:
        """Forgets the requests and goes back to mode `ok`."""
        with self._lock:
            self._requests.clear()
        self.set_mode("ok")

    def set_mode(
        self,
        mode: str,
        delay: float = 0.0,
        retry_after: Optional[float] = None,
        fail_status: int = 503,
    ) -> None:
        """Switches how the fake answers (see the module docstring)."""
        self.mode = mode
        self.delay = delay
        self.retry_after = retry_after
        self.fail_status = fail_status

    def wait_for(self, count: int, timeout: float = 5.0) -> List[RecordedRequest]:
        """Waits until at least `count` requests were recorded.

        Returns:
            The requests.

        Raises:
            TimeoutError: Fewer arrived in time.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            requests = self.requests
            if len(requests) >= count:
                return requests
            time.sleep(0.02)
        raise TimeoutError(f"{len(self.requests)} of {count} requests arrived")

    # -- answering ----------------------------------------------------------------------------

    def _dispatch(self, method: str, path: str, headers: Dict[str, str], body: bytes) -> Response:
        if path.startswith("/_fake/"):
            return self._control(method, path, body)
        request = RecordedRequest(method, path, headers, body, time.time())
        if self.mode == "slow" and self.delay:
            time.sleep(self.delay)
        if self.mode == "fail":
            with self._lock:
                self._requests.append(request)
            extra = {}
            if self.retry_after is not None:
                extra["Retry-After"] = str(int(self.retry_after))
            return self.fail_status, {"Content-Type": "text/plain", **extra}, b"unavailable"
        response = self.answer(request)
        with self._lock:
            self._requests.append(request)
        return response

    def _control(self, method: str, path: str, body: bytes) -> Response:
        if method == "GET" and path == "/_fake/requests":
            return _json(200, [r.to_dict() for r in self.requests])
        if method == "POST" and path == "/_fake/mode":
            options = json.loads(body or b"{}")
            self.set_mode(
                str(options.get("mode", "ok")),
                float(options.get("delay", 0.0)),
                options.get("retry_after"),
                int(options.get("fail_status", 503)),
            )
            return _json(200, {"mode": self.mode})
        if method == "POST" and path == "/_fake/reset":
            self.reset()
            return _json(200, {"mode": self.mode})
        return _json(404, {"error": "unknown control endpoint"})

    def answer(self, request: RecordedRequest) -> Response:
        """Answers a recorded request in a mode other than `fail` (subclasses)."""
        return _json(200, {"ok": True})


def _json(status: int, value: Any, headers: Optional[Dict[str, str]] = None) -> Response:
    return (
        status,
        {"Content-Type": "application/json", **(headers or {})},
        json.dumps(value).encode("utf-8"),
    )


json_response = _json
