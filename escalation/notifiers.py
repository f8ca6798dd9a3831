"""Notification targets: a signed JSON webhook and the Slack Web API.

Each notifier sends one delivery (or an operations alert, which holds no patient data) and says
whether it got through; it never raises for a failed send and never logs patient data. A target
is configured only when its settings are present: the webhook needs `ESCALATION_WEBHOOK_URL`
and `ESCALATION_WEBHOOK_SECRET`, Slack needs `SLACK_ESCALATION_TOKEN` and
`SLACK_ESCALATION_CHANNEL`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any, Callable, Dict, Optional, Protocol, Tuple
from urllib.parse import urlsplit

import requests

from clinic.settings import Settings
from escalation.flags import FlagCatalogue
from escalation.messages import slack_message, webhook_body
from escalation.queue import ClaimedDelivery

logger = logging.getLogger(__name__)

WEBHOOK = "webhook"
SLACK = "slack"

SIGNATURE_HEADER = "X-Escalation-Signature"
TIMESTAMP_HEADER = "X-Escalation-Timestamp"
IDEMPOTENCY_HEADER = "Idempotency-Key"
USER_AGENT = "backspasm-escalation/1"
#: The webhook body's `type` of an operations alert (a case has no `type` field).
ALERT_TYPE = "operations_alert"

Timeout = Tuple[float, float]


@dataclass(frozen=True)
class SendResult:
    """The outcome of one delivery attempt.

    Attributes:
        ok: Whether the target accepted the delivery.
        error: A short error code when it did not (`timeout`, `http_503`, `slack_invalid_auth`).
        retry_after: Seconds the target asked us to wait (HTTP `Retry-After`), if any.
        external_ref: The target's id of the posted message (Slack `ts`), if any.
    """

    ok: bool
    error: str = ""
    retry_after: Optional[float] = None
    external_ref: Optional[str] = None


class Notifier(Protocol):
    """Sends a delivery to one target."""

    name: str

    def send(self, delivery: ClaimedDelivery) -> SendResult:
        """Sends one delivery (see `SendResult`); never raises for a failed send."""
        ...  # pragma: no cover

    def alert(self, text: str) -> SendResult:
        """Sends an operations alert (no patient data); never raises for a failed send."""
        ...  # pragma: no cover


def sign(secret: str, body: bytes) -> str:
    """Returns the `X-Escalation-Signature` value for a body.

    Args:
        secret: The shared secret (`ESCALATION_WEBHOOK_SECRET`).
        body: The exact raw request body.

    Returns:
        `sha256=<hex HMAC-SHA256 of body under secret>`.
    """
    digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def verify_signature(secret: str, body: bytes, header: Optional[str]) -> bool:
    """Checks a webhook signature in constant time (what a receiver does).

    Args:
        secret: The shared secret.
        body: The exact raw request body received.
        header: The `X-Escalation-Signature` header value.

    Returns:
        Whether the signature is valid.
    """
    return bool(header) and hmac.compare_digest(sign(secret, body), str(header))


def parse_retry_after(value: Optional[str], now: Optional[float] = None) -> Optional[float]:
    """Reads an HTTP `Retry-After` header (seconds or an HTTP date).

    Args:
        value: The header value.
        now: The current Unix time (tests).

    Returns:
        Seconds to wait (at least 0), or None when absent or unreadable.
    """
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    current = datetime.fromtimestamp(time.time() if now is None else now, tz=timezone.utc)
    return max(0.0, (moment - current).total_seconds())


def _request_error(error: requests.RequestException) -> str:
    if isinstance(error, requests.Timeout):
        return "timeout"
    if isinstance(error, requests.ConnectionError):
        return "connection_error"
    return f"request_error:{type(error).__name__}"


def _post(session: Optional[requests.Session], url: str, **kwargs: Any) -> requests.Response:
    """POSTs with the given session, or with a fresh one (sessions are not thread-safe)."""
    if session is not None:
        return session.post(url, **kwargs)
    with requests.Session() as fresh:
        return fresh.post(url, **kwargs)


def _is_loopback(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return host in ("localhost", "::1") or host.startswith("127.")


class WebhookNotifier:
    """POSTs the case as signed JSON to the clinic's webhook.

    Headers: `Content-Type: application/json`, `X-Escalation-Signature: sha256=<hex>` (HMAC-SHA256
    of the exact raw body under the secret), `X-Escalation-Timestamp` (Unix seconds of this
    attempt), `Idempotency-Key: <case_id>:<revision>`. Any 2xx means delivered; redirects are not
    followed (they count as failures).

    Args:
        url: The webhook URL.
        secret: The signing secret.
        timeout: (connect, read) timeouts in seconds.
        catalogue: Flag descriptions for the body.
        session: HTTP session to reuse; by default a fresh one per send (thread-safe).
        clock: Unix time source (tests).
    """

    name = WEBHOOK

    def __init__(
        self,
        url: str,
        secret: str,
        timeout: Timeout = (5.0, 10.0),
        catalogue: Optional[FlagCatalogue] = None,
        session: Optional[requests.Session] = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.url = url
        self._secret = secret
        self.timeout = timeout
        self._catalogue = catalogue
        self._session = session
        self._clock = clock
        if urlsplit(url).scheme != "https" and not _is_loopback(url):
            logger.warning(
                "ESCALATION_WEBHOOK_URL is not https: patient data would be unencrypted."
            )

    def send(self, delivery: ClaimedDelivery) -> SendResult:
        """POSTs one delivery (see the class docstring)."""
        body = webhook_body(delivery.snapshot, self._catalogue)
        return self._post(body, f"{delivery.case_id}:{delivery.revision}")

    def alert(self, text: str) -> SendResult:
        """POSTs an operations alert: `{"type": "operations_alert", "text": ...}`, signed."""
        body = json.dumps({"type": ALERT_TYPE, "text": text}).encode("utf-8")
        return self._post(body, f"alert:{int(self._clock())}")

    def _post(self, body: bytes, idempotency_key: str) -> SendResult:
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": USER_AGENT,
            SIGNATURE_HEADER: sign(self._secret, body),
            TIMESTAMP_HEADER: str(int(self._clock())),
            IDEMPOTENCY_HEADER: idempotency_key,
        }
        try:
            response = _post(
                self._session,
                self.url,
                data=body,
                headers=headers,
                timeout=self.timeout,
                allow_redirects=False,
            )
        except requests.RequestException as error:
            return SendResult(ok=False, error=_request_error(error))
        try:
            if 200 <= response.status_code < 300:
                return SendResult(ok=True)
            return SendResult(
                ok=False,
                error=f"http_{response.status_code}",
                retry_after=parse_retry_after(response.headers.get("Retry-After")),
            )
        finally:
            response.close()


class SlackNotifier:
    """Posts the case to the on-call Slack channel with `chat.postMessage`.

    Success only when Slack answers `"ok": true`; HTTP 429 and Slack's `ratelimited` honour
    `Retry-After`. Updates of a case already posted go into the first post's thread.

    Args:
        token: Bot token (`xoxb-...`) with the `chat:write` scope.
        channel: Channel id.
        base_url: Slack Web API base URL (`https://slack.com/api`, or a fake).
        mention: Mention for emergency and urgent cases (`<!here>`), or empty.
        timeout: (connect, read) timeouts in seconds.
        catalogue: Flag descriptions.
        session: HTTP session to reuse; by default a fresh one per send (thread-safe).
    """

    name = SLACK

    def __init__(
        self,
        token: str,
        channel: str,
        base_url: str = "https://slack.com/api",
        mention: str = "",
        timeout: Timeout = (5.0, 10.0),
        catalogue: Optional[FlagCatalogue] = None,
        session: Optional[requests.Session] = None,
    ) -> None:
        self._token = token
        self.channel = channel
        self.url = base_url.rstrip("/") + "/chat.postMessage"
        self.mention = mention
        self.timeout = timeout
        self._catalogue = catalogue
        self._session = session

    def send(self, delivery: ClaimedDelivery) -> SendResult:
        """Posts one delivery (see the class docstring)."""
        payload = slack_message(
            delivery.snapshot,
            self.channel,
            catalogue=self._catalogue,
            mention=self.mention,
            thread_ts=delivery.thread_ref,
        )
        return self._post(payload)

    def alert(self, text: str) -> SendResult:
        """Posts an operations alert to the channel (plain text, no patient data)."""
        return self._post({"channel": self.channel, "text": text})

    def _post(self, payload: Dict[str, Any]) -> SendResult:
        headers = {
            "Authorization": f"Bearer {self._token}",
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": USER_AGENT,
        }
        try:
            response = _post(
                self._session,
                self.url,
                json=payload,
                headers=headers,
                timeout=self.timeout,
                allow_redirects=False,
            )
        except requests.RequestException as error:
            return SendResult(ok=False, error=_request_error(error))
        try:
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            if response.status_code == 429:
                return SendResult(ok=False, error="http_429", retry_after=retry_after)
            if not 200 <= response.status_code < 300:
                return SendResult(ok=False, error=f"http_{response.status_code}")
            try:
                answer = response.json()
            except ValueError:
                return SendResult(ok=False, error="bad_response")
            if not isinstance(answer, dict) or answer.get("ok") is not True:
                code = answer.get("error") if isinstance(answer, dict) else None
                code = re.sub(r"[^a-z0-9_]", "", str(code or "unknown").lower())[:40]
                return SendResult(ok=False, error=f"slack_{code}", retry_after=retry_after)
            ts = answer.get("ts")
            return SendResult(ok=True, external_ref=str(ts) if ts else None)
        finally:
            response.close()


def build_notifiers(
    settings: Settings, catalogue: Optional[FlagCatalogue] = None
) -> Dict[str, Notifier]:
    """Builds the notifiers whose settings are present.

    Args:
        settings: The settings.
        catalogue: Flag descriptions (defaults to `knowledge/red_flags.yml`).

    Returns:
        Target name -> notifier; empty when no target is configured.
    """
    timeout = (settings.escalation_http_connect_timeout, settings.escalation_http_read_timeout)
    notifiers: Dict[str, Notifier] = {}
    if settings.webhook_configured:
        notifiers[WEBHOOK] = WebhookNotifier(
            settings.escalation_webhook_url,
            settings.escalation_webhook_secret,
            timeout=timeout,
            catalogue=catalogue,
        )
    elif settings.escalation_webhook_url or settings.escalation_webhook_secret:
        logger.warning(
            "The webhook target needs both ESCALATION_WEBHOOK_URL and ESCALATION_WEBHOOK_SECRET; "
            "it is not configured."
        )
    if settings.slack_configured:
        notifiers[SLACK] = SlackNotifier(
            settings.slack_escalation_token,
            settings.slack_escalation_channel,
            base_url=settings.slack_api_base_url,
            mention=settings.slack_escalation_mention,
            timeout=timeout,
            catalogue=catalogue,
        )
    elif settings.slack_escalation_token or settings.slack_escalation_channel:
        logger.warning(
            "The Slack target needs both SLACK_ESCALATION_TOKEN and SLACK_ESCALATION_CHANNEL; "
            "it is not configured."
        )
    return notifiers
