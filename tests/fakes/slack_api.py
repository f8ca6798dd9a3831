"""A fake of the Slack Web API's `chat.postMessage`.

`POST <base_url>/chat.postMessage` with `Authorization: Bearer <token>` and a JSON body answers
like Slack: HTTP 200 `{"ok": true, "channel": ..., "ts": ...}`, or HTTP 200 `{"ok": false,
"error": "invalid_auth" | "channel_not_found" | "not_authed" ...}`. Extra modes: `error`
(HTTP 200 with `ok: false` and `error_code`), `ratelimit` (HTTP 429 with `Retry-After`), plus
`fail`, `slow` and `down()` from `http_fake`. Run alone: `python -m tests.fakes.slack_api
--token T [--port P]`.
"""

from __future__ import annotations

import argparse
import itertools
import json
import signal
import threading
from typing import Any, Dict, List, Optional

from tests.fakes.http_fake import FakeHttpService, RecordedRequest, Response, json_response


class FakeSlackApi(FakeHttpService):
    """The fake Slack Web API.

    Args:
        token: The bot token it accepts.
        host: Loopback address.
        port: Port (0 = any free one).
    """

    def __init__(
        self,
        token: str = "xoxb-fake",  # noqa: S107 - a fake token for a fake API
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        super().__init__(host, port)
        self.token = token
        self.error_code = "channel_not_found"
        self._ts = itertools.count(1)

    @property
    def api_base_url(self) -> str:
        """The base URL to configure (`SLACK_API_BASE_URL`)."""
        return self.base_url + "/api"

    def answer(self, request: RecordedRequest) -> Response:
        """Answers `chat.postMessage` like Slack does."""
        if request.path != "/api/chat.postMessage":
            return json_response(404, {"ok": False, "error": "unknown_method"})
        if self.mode == "ratelimit":
            retry = str(int(self.retry_after if self.retry_after is not None else 1))
            return json_response(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": retry})
        auth = request.headers.get("authorization", "")
        if not auth:
            return json_response(200, {"ok": False, "error": "not_authed"})
        if auth != f"Bearer {self.token}":
            return json_response(200, {"ok": False, "error": "invalid_auth"})
        if self.mode == "error":
            return json_response(200, {"ok": False, "error": self.error_code})
        body = request.json()
        if not isinstance(body, dict) or not body.get("channel"):
            return json_response(200, {"ok": False, "error": "channel_not_found"})
        if not body.get("text") and not body.get("blocks"):
            return json_response(200, {"ok": False, "error": "no_text"})
        ts = f"1700000000.{next(self._ts):06d}"
        request.extra["ts"] = ts
        return json_response(
            200, {"ok": True, "channel": body["channel"], "ts": ts, "message": {"text": "..."}}
        )

    def posts(self) -> List[Dict[str, Any]]:
        """The JSON bodies of the messages Slack accepted, oldest first."""
        return [r.json() for r in self.requests if "ts" in r.extra]


def main(argv: Optional[List[str]] = None) -> int:
    """Serves the fake until SIGTERM/SIGINT; prints `{"api_base_url": ...}` first."""
    parser = argparse.ArgumentParser(description="Fake Slack Web API (chat.postMessage).")
    parser.add_argument("--token", default="xoxb-fake")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    fake = FakeSlackApi(token=args.token, port=args.port).up()
    print(
        json.dumps({"api_base_url": fake.api_base_url, "control": fake.base_url + "/_fake/"}),
        flush=True,
    )
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    fake.down()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
