"""Fakes of the escalation's external services, on loopback, for unit and end-to-end tests.

- `FakeWebhookReceiver` (`tests.fakes.webhook_receiver`): the clinic's webhook (checks the HMAC
  signature, notes duplicate `Idempotency-Key`s).
- `FakeSlackApi` (`tests.fakes.slack_api`): the part of the Slack Web API the escalation uses
  (`chat.postMessage`).

Both record requests, can be switched to fail, to be slow or to be down, and can be run as
processes for end-to-end tests: `python -m tests.fakes.webhook_receiver --secret S` and
`python -m tests.fakes.slack_api --token T` print their URL as JSON and serve until stopped.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "FakeHttpService": "tests.fakes.http_fake",
    "RecordedRequest": "tests.fakes.http_fake",
    "FakeSlackApi": "tests.fakes.slack_api",
    "FakeWebhookReceiver": "tests.fakes.webhook_receiver",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    # Imported on first use, so that `python -m tests.fakes.<module>` runs cleanly.
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(name)
