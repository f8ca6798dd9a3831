"""Settings read once from environment variables (see `.env.example`)."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Mapping, Optional

logger = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parent.parent

DEFAULT_EMERGENCY_NUMBER = "112"
DEFAULT_ESCALATION_DB_PATH = PROJECT_ROOT / "var" / "escalations.db"
DEFAULT_ESCALATION_DB_URL = f"sqlite:///{DEFAULT_ESCALATION_DB_PATH}"
DEFAULT_SLACK_API_BASE_URL = "https://slack.com/api"
DEFAULT_CASE_RETENTION_DAYS = 30
DEFAULT_EPISODE_HOURS = 12
DEFAULT_TRANSCRIPT_MESSAGES = 20
DEFAULT_HTTP_CONNECT_TIMEOUT_SECONDS = 5.0
DEFAULT_HTTP_READ_TIMEOUT_SECONDS = 10.0
DEFAULT_RETRY_BASE_SECONDS = 5.0
DEFAULT_RETRY_MAX_SECONDS = 300.0
DEFAULT_WORKER_POLL_SECONDS = 5.0
DEFAULT_DB_TIMEOUT_SECONDS = 5.0

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _text(env: Mapping[str, str], name: str) -> str:
    return env.get(name, "").strip()


def _int(env: Mapping[str, str], name: str, default: int, minimum: int) -> int:
    raw = _text(env, name)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        logger.warning("%s is not a whole number; using %s.", name, default)
        return default
    if value < minimum:
        logger.warning("%s must be at least %s; using %s.", name, minimum, default)
        return default
    return value


def _float(env: Mapping[str, str], name: str, default: float, minimum: float) -> float:
    raw = _text(env, name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        logger.warning("%s is not a number; using %s.", name, default)
        return default
    if value < minimum:
        logger.warning("%s must be at least %s; using %s.", name, minimum, default)
        return default
    return value


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = _text(env, name).lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    if raw:
        logger.warning("%s should be true or false; using %s.", name, default)
    return default


@dataclass(frozen=True)
class Settings:
    """What the actions need to know about the clinic's set-up.

    Attributes:
        emergency_number: Local emergency number told to patients (112, 999, 911 ...).
        escalation_db_url: SQLAlchemy URL of the case database (`ESCALATION_DB_URL`); by
            default a SQLite file `var/escalations.db` in the project.
        escalation_webhook_url: Where the doctor's webhook is POSTed; empty = no webhook target.
        escalation_webhook_secret: HMAC-SHA256 key signing the webhook body; the webhook target
            is configured only when both the URL and the secret are set.
        slack_escalation_token: Slack bot token (`xoxb-...`) with `chat:write`.
        slack_escalation_channel: On-call Slack channel id (or name); the Slack target is
            configured only when both token and channel are set.
        slack_api_base_url: Base URL of the Slack Web API (a fake in tests).
        slack_escalation_mention: Optional mention (`<!here>`, `<@U123>`, `<!subteam^S1>`) put
            in front of emergency and urgent Slack messages so that the on-call doctor is paged.
        case_retention_days: Cases last updated longer ago than this are deleted by the worker.
        escalation_episode_hours: A conversation's case stays open (new flags update it) until
            it has had no update for this many hours; a later flag opens a new case.
        escalation_transcript_messages: How many recent messages of the conversation go into a
            case (and the doctor's message).
        escalation_http_connect_timeout: Connect timeout of every notification request (s).
        escalation_http_read_timeout: Read timeout of every notification request (s).
        escalation_retry_base_seconds: First retry delay of a failed delivery (doubles each try).
        escalation_retry_max_seconds: Longest delay between two delivery attempts.
        escalation_worker_poll_seconds: How often the delivery worker looks for due deliveries.
        escalation_immediate_delivery: Whether the action server tries a delivery at once in
            the background (the worker delivers what it could not).
        escalation_db_timeout: Seconds to wait for the database (connect, SQLite lock).
        phone_default_region: ISO country code (`GB`, `US`, `DE` ...) used to read phone numbers
            typed without a country code; empty = numbers must start with `+` or `00`.
    """

    emergency_number: str = DEFAULT_EMERGENCY_NUMBER
    escalation_db_url: str = DEFAULT_ESCALATION_DB_URL
    escalation_webhook_url: str = ""
    escalation_webhook_secret: str = ""
    slack_escalation_token: str = ""
    slack_escalation_channel: str = ""
    slack_api_base_url: str = DEFAULT_SLACK_API_BASE_URL
    slack_escalation_mention: str = ""
    case_retention_days: int = DEFAULT_CASE_RETENTION_DAYS
    escalation_episode_hours: int = DEFAULT_EPISODE_HOURS
    escalation_transcript_messages: int = DEFAULT_TRANSCRIPT_MESSAGES
    escalation_http_connect_timeout: float = DEFAULT_HTTP_CONNECT_TIMEOUT_SECONDS
    escalation_http_read_timeout: float = DEFAULT_HTTP_READ_TIMEOUT_SECONDS
    escalation_retry_base_seconds: float = DEFAULT_RETRY_BASE_SECONDS
    escalation_retry_max_seconds: float = DEFAULT_RETRY_MAX_SECONDS
    escalation_worker_poll_seconds: float = DEFAULT_WORKER_POLL_SECONDS
    escalation_immediate_delivery: bool = True
    escalation_db_timeout: float = DEFAULT_DB_TIMEOUT_SECONDS
    phone_default_region: str = ""

    def __repr__(self) -> str:
        """Shows the settings with secrets masked (settings may end up in a log)."""
        return (
            f"Settings(emergency_number={self.emergency_number!r}, "
            f"webhook={'set' if self.webhook_configured else 'not set'}, "
            f"slack={'set' if self.slack_configured else 'not set'}, "
            f"case_retention_days={self.case_retention_days})"
        )

    @property
    def webhook_configured(self) -> bool:
        """Whether the webhook target has both its URL and its signing secret."""
        return bool(self.escalation_webhook_url and self.escalation_webhook_secret)

    @property
    def slack_configured(self) -> bool:
        """Whether the Slack target has both its token and its channel."""
        return bool(self.slack_escalation_token and self.slack_escalation_channel)

    @classmethod
    def from_env(cls, env: Optional[Mapping[str, str]] = None) -> Settings:
        """Builds settings from environment variables, with safe defaults.

        Args:
            env: Variables to read; defaults to `os.environ`.

        Returns:
            The settings.
        """
        env = os.environ if env is None else env
        return cls(
            emergency_number=_text(env, "EMERGENCY_NUMBER") or DEFAULT_EMERGENCY_NUMBER,
            escalation_db_url=_text(env, "ESCALATION_DB_URL") or DEFAULT_ESCALATION_DB_URL,
            escalation_webhook_url=_text(env, "ESCALATION_WEBHOOK_URL"),
            escalation_webhook_secret=_text(env, "ESCALATION_WEBHOOK_SECRET"),
            slack_escalation_token=_text(env, "SLACK_ESCALATION_TOKEN"),
            slack_escalation_channel=_text(env, "SLACK_ESCALATION_CHANNEL"),
            slack_api_base_url=(
                _text(env, "SLACK_API_BASE_URL") or DEFAULT_SLACK_API_BASE_URL
            ).rstrip("/"),
            slack_escalation_mention=_text(env, "SLACK_ESCALATION_MENTION"),
            case_retention_days=_int(env, "CASE_RETENTION_DAYS", DEFAULT_CASE_RETENTION_DAYS, 1),
            escalation_episode_hours=_int(
                env, "ESCALATION_EPISODE_HOURS", DEFAULT_EPISODE_HOURS, 1
            ),
            escalation_transcript_messages=_int(
                env, "ESCALATION_TRANSCRIPT_MESSAGES", DEFAULT_TRANSCRIPT_MESSAGES, 0
            ),
            escalation_http_connect_timeout=_float(
                env, "ESCALATION_HTTP_CONNECT_TIMEOUT", DEFAULT_HTTP_CONNECT_TIMEOUT_SECONDS, 0.1
            ),
            escalation_http_read_timeout=_float(
                env, "ESCALATION_HTTP_READ_TIMEOUT", DEFAULT_HTTP_READ_TIMEOUT_SECONDS, 0.1
            ),
            escalation_retry_base_seconds=_float(
                env, "ESCALATION_RETRY_BASE_SECONDS", DEFAULT_RETRY_BASE_SECONDS, 0.01
            ),
            escalation_retry_max_seconds=_float(
                env, "ESCALATION_RETRY_MAX_SECONDS", DEFAULT_RETRY_MAX_SECONDS, 0.01
            ),
            escalation_worker_poll_seconds=_float(
                env, "ESCALATION_WORKER_POLL_SECONDS", DEFAULT_WORKER_POLL_SECONDS, 0.01
            ),
            escalation_immediate_delivery=_bool(env, "ESCALATION_IMMEDIATE_DELIVERY", True),
            escalation_db_timeout=_float(
                env, "ESCALATION_DB_TIMEOUT", DEFAULT_DB_TIMEOUT_SECONDS, 0.1
            ),
            phone_default_region=_text(env, "PHONE_DEFAULT_REGION").upper(),
        )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Returns the process-wide settings, read from the environment on first use."""
    return Settings.from_env()
