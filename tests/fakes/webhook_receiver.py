"""A fake of the clinic's escalation webhook receiver.

Answers 200 to a POST whose `X-Escalation-Signature` verifies under the secret (401 otherwise,
when a secret is set), notes for each request whether the signature was valid and whether its
`Idempotency-Key` was seen before (a duplicate is answered 200, as a real receiver should), and
can fail, be slow or be down (see `http_fake`). Run alone:
`python -m tests.fakes.webhook_receiver --secret S [--port P]`.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import signal
import threading
from typing import Any, Dict, List, Optional, Set

from tests.fakes.http_fake import FakeHttpService, RecordedRequest, Response, json_response


class FakeWebhookReceiver(FakeHttpService):
    """The fake webhook receiver.

    Args:
        secret: The shared secret; empty = signatures are not checked.
        host: Loopback address.
        port: Port (0 = any free one).
        path: The webhook's path.
    """

    def __init__(
        self, secret: str = "", host: str = "127.0.0.1", port: int = 0, path: str = "/escalations"
    ) -> None:
        super().__init__(host, port)
        self.secret = secret
        self.path = path
        self._seen: Set[str] = set()

    @property
    def url(self) -> str:
        """The webhook URL to configure (`ESCALATION_WEBHOOK_URL`)."""
        return self.base_url + self.path

    def signature_valid(self, request: RecordedRequest) -> bool:
        """Checks a request's signature against the secret (over the exact raw body)."""
        expected = (
            "sha256="
            + hmac.new(self.secret.encode("utf-8"), request.body, hashlib.sha256).hexdigest()
        )
        return hmac.compare_digest(expected, request.headers.get("x-escalation-signature", ""))

    def reset(self) -> None:
        """Forgets requests and seen idempotency keys; back to mode `ok`."""
        super().reset()
        self._seen.clear()

    def answer(self, request: RecordedRequest) -> Response:
        """Verifies, dedups and accepts a delivery."""
        valid = self.signature_valid(request)
        request.extra["signature_valid"] = valid
        if self.secret and not valid:
            return json_response(401, {"error": "bad signature"})
        key = request.headers.get("idempotency-key", "")
        request.extra["duplicate"] = key in self._seen
        self._seen.add(key)
        request.extra["accepted"] = True
        return json_response(200, {"received": True, "duplicate": request.extra["duplicate"]})

    def deliveries(self) -> List[Dict[str, Any]]:
        """The accepted deliveries' JSON bodies, duplicates included, oldest first."""
        return [r.json() for r in self.requests if r.extra.get("accepted")]


def main(argv: Optional[List[str]] = None) -> int:
    """Serves the fake until SIGTERM/SIGINT; prints `{"url": ...}` first."""
    parser = argparse.ArgumentParser(description="Fake escalation webhook receiver.")
    parser.add_argument("--secret", default="")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    fake = FakeWebhookReceiver(secret=args.secret, port=args.port).up()
    print(json.dumps({"url": fake.url, "control": fake.base_url + "/_fake/"}), flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    fake.down()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
