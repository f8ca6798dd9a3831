"""Settings read once from environment variables (see `.env.example`).

Standard library only: the action server, the delivery worker and scripts build the same frozen
`Settings` with `Settings.from_env()`; every variable is read with `clinic.env`, so true/false
and numbers mean the same everywhere, and defaults shared with other parts come from
`clinic.contract`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Final, Mapping, Optional

from clinic.contract import (
    DEFAULT_EMERGENCY_NUMBER,
    DEFAULT_ESCALATION_DB_PATH,
    ENV_EMERGENCY_NUMBER,
)
from clinic.env import env_bool, env_float, env_int, env_text

DEFAULT_ESCALATION_DB_URL: Final = f"sqlite:///{DEFAULT_ESCALATION_DB_PATH}"
DEFAULT_SLACK_API_BASE_URL: Final = "https://slack.com/api"
DEFAULT_CASE_RETENTION_DAYS: Final = 30
DEFAULT_EPISODE_HOURS: Final = 12
DEFAULT_TRANSCRIPT_MESSAGES: Final = 20
DEFAULT_HTTP_CONNECT_TIMEOUT_SECONDS: Final = 5.0
DEFAULT_HTTP_READ_TIMEOUT_SECONDS: Final = 10.0
DEFAULT_RETRY_BASE_SECONDS: Final = 5.0
DEFAULT_RETRY_MAX_SECONDS: Final = 300.0
DEFAULT_WORKER_POLL_SECONDS: Final = 5.0
#: A notification undelivered this long is "stranded": an error, an alert, `make health` fails.
DEFAULT_STRANDED_SECONDS: Final = 300.0
DEFAULT_DB_TIMEOUT_SECONDS: Final = 5.0


@dataclass(frozen=True)
class Settings:
    """What the actions and the escalation service need to know about the clinic's set-up.

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
        escalation_stranded_seconds: A notification waiting longer than this is stranded: the
            action server's watchdog logs an error, alerts the targets and sends it itself.
        phone_default_region: ISO country code (`GB`, `US`, `DE` ...) used to read phone numbers
            typed without a country code; empty = numbers must start with `+` or `00`.
        tracker_store_url: SQLAlchemy URL of Rasa's SQL tracker store (`TRACKER_STORE_URL`,
            which endpoints.yml reads too; scripts/run.sh defaults it to a SQLite file under
            var/); empty = the worker does not purge conversations.
        conversation_retention_days: Conversations whose last event is older than this are
            deleted from the tracker store (`CONVERSATION_RETENTION_DAYS`; default: the case
            retention).
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
    escalation_stranded_seconds: float = DEFAULT_STRANDED_SECONDS
    phone_default_region: str = ""
    tracker_store_url: str = ""
    conversation_retention_days: int = DEFAULT_CASE_RETENTION_DAYS

    def __repr__(self) -> str:
        """Shows the settings with secrets masked (settings may end up in a log)."""
        return (
            f"Settings(emergency_number={self.emergency_number!r}, "
            f"webhook={'set' if self.webhook_configured else 'not set'}, "
            f"slack={'set' if self.slack_configured else 'not set'}, "
            f"case_retention_days={self.case_retention_days}, "
            f"conversation_retention_days={self.conversation_retention_days})"
        )

    @property
    def webhook_configured(self) -> bool:
        """Whether the webhook target has both its URL and its signing secret."""
        return bool(self.escalation_webhook_url and self.escalation_webhook_secret)

    @property
    def slack_configured(self) -> bool:
        """Whether the Slack target has both its token and its channel."""
        return bool(self.slack_escalation_token and self.slack_escalation_channel)

    @property
    def alerts_configured(self) -> bool:
        """Whether any target can alert the on-call doctor (`escalation.notifiers`)."""
        return self.webhook_configured or self.slack_configured

    @classmethod
    def from_env(cls, env: Optional[Mapping[str, str]] = None) -> Settings:
        """Builds settings from environment variables, with safe defaults.

        Args:
            env: Variables to read; defaults to `os.environ`.

        Returns:
            The settings.
        """
        case_retention_days = env_int("CASE_RETENTION_DAYS", DEFAULT_CASE_RETENTION_DAYS, 1, env)
        return cls(
            emergency_number=env_text(ENV_EMERGENCY_NUMBER, DEFAULT_EMERGENCY_NUMBER, env),
            escalation_db_url=env_text("ESCALATION_DB_URL", DEFAULT_ESCALATION_DB_URL, env),
            escalation_webhook_url=env_text("ESCALATION_WEBHOOK_URL", env=env),
            escalation_webhook_secret=env_text("ESCALATION_WEBHOOK_SECRET", env=env),
            slack_escalation_token=env_text("SLACK_ESCALATION_TOKEN", env=env),
            slack_escalation_channel=env_text("SLACK_ESCALATION_CHANNEL", env=env),
            slack_api_base_url=env_text(
                "SLACK_API_BASE_URL", DEFAULT_SLACK_API_BASE_URL, env
            ).rstrip("/"),
            slack_escalation_mention=env_text("SLACK_ESCALATION_MENTION", env=env),
            case_retention_days=case_retention_days,
            escalation_episode_hours=env_int(
                "ESCALATION_EPISODE_HOURS", DEFAULT_EPISODE_HOURS, 1, env
            ),
            escalation_transcript_messages=env_int(
                "ESCALATION_TRANSCRIPT_MESSAGES", DEFAULT_TRANSCRIPT_MESSAGES, 0, env
            ),
            escalation_http_connect_timeout=env_float(
                "ESCALATION_HTTP_CONNECT_TIMEOUT", DEFAULT_HTTP_CONNECT_TIMEOUT_SECONDS, 0.1, env
            ),
            escalation_http_read_timeout=env_float(
                "ESCALATION_HTTP_READ_TIMEOUT", DEFAULT_HTTP_READ_TIMEOUT_SECONDS, 0.1, env
            ),
            escalation_retry_base_seconds=env_float(
                "ESCALATION_RETRY_BASE_SECONDS", DEFAULT_RETRY_BASE_SECONDS, 0.01, env
            ),
            escalation_retry_max_seconds=env_float(
                "ESCALATION_RETRY_MAX_SECONDS", DEFAULT_RETRY_MAX_SECONDS, 0.01, env
            ),
            escalation_worker_poll_seconds=env_float(
                "ESCALATION_WORKER_POLL_SECONDS", DEFAULT_WORKER_POLL_SECONDS, 0.01, env
            ),
            escalation_immediate_delivery=env_bool("ESCALATION_IMMEDIATE_DELIVERY", True, env),
            escalation_db_timeout=env_float(
                "ESCALATION_DB_TIMEOUT", DEFAULT_DB_TIMEOUT_SECONDS, 0.1, env
            ),
            escalation_stranded_seconds=env_float(
                "ESCALATION_STRANDED_SECONDS", DEFAULT_STRANDED_SECONDS, 1.0, env
            ),
            phone_default_region=env_text("PHONE_DEFAULT_REGION", env=env).upper(),
            tracker_store_url=env_text("TRACKER_STORE_URL", env=env),
            conversation_retention_days=env_int(
                "CONVERSATION_RETENTION_DAYS", case_retention_days, 1, env
            ),
        )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Returns the process-wide settings, read from the environment on first use."""
    return Settings.from_env()
