import re

from actions.session import LOCALE_SLOTS
from clinic.contract import DEFAULT_EMERGENCY_NUMBER, PROJECT_ROOT
from clinic.settings import DEFAULT_ESCALATION_DB_URL, Settings


def test_defaults():
    settings = Settings.from_env({})
    assert settings.escalation_db_url == DEFAULT_ESCALATION_DB_URL
    assert DEFAULT_ESCALATION_DB_URL == f"sqlite:///{PROJECT_ROOT / 'var' / 'escalations.db'}"
    assert settings.slack_api_base_url == "https://slack.com/api"
    assert settings.case_retention_days == 30 and settings.escalation_episode_hours == 12
    assert settings.escalation_immediate_delivery is True
    assert not settings.webhook_configured and not settings.slack_configured


def test_every_escalation_variable_is_read():
    settings = Settings.from_env(
        {
            "ESCALATION_DB_URL": "postgresql://u:p@db/clinic",
            "ESCALATION_WEBHOOK_URL": "https://clinic.example/hook",
            "ESCALATION_WEBHOOK_SECRET": "s3cret",
            "SLACK_ESCALATION_TOKEN": "xoxb-1",
            "SLACK_ESCALATION_CHANNEL": "C1",
            "SLACK_API_BASE_URL": "http://127.0.0.1:9999/api/",
            "SLACK_ESCALATION_MENTION": "<!here>",
            "CASE_RETENTION_DAYS": "7",
            "ESCALATION_EPISODE_HOURS": "4",
            "ESCALATION_TRANSCRIPT_MESSAGES": "10",
            "ESCALATION_HTTP_CONNECT_TIMEOUT": "2",
            "ESCALATION_HTTP_READ_TIMEOUT": "3",
            "ESCALATION_RETRY_BASE_SECONDS": "1",
            "ESCALATION_RETRY_MAX_SECONDS": "60",
            "ESCALATION_WORKER_POLL_SECONDS": "2",
            "ESCALATION_IMMEDIATE_DELIVERY": "false",
            "ESCALATION_DB_TIMEOUT": "9",
            "PHONE_DEFAULT_REGION": "gb",
        }
    )
    assert settings.escalation_db_url == "postgresql://u:p@db/clinic"
    assert settings.webhook_configured and settings.slack_configured
    assert settings.slack_api_base_url == "http://127.0.0.1:9999/api"
    assert settings.slack_escalation_mention == "<!here>"
    assert settings.case_retention_days == 7 and settings.escalation_episode_hours == 4
    assert settings.escalation_transcript_messages == 10
    assert settings.escalation_http_connect_timeout == 2.0
    assert settings.escalation_http_read_timeout == 3.0
    assert settings.escalation_retry_base_seconds == 1.0
    assert settings.escalation_retry_max_seconds == 60.0
    assert settings.escalation_worker_poll_seconds == 2.0
    assert settings.escalation_immediate_delivery is False
    assert settings.escalation_db_timeout == 9.0
    assert settings.phone_default_region == "GB"


def test_bad_numbers_fall_back_to_defaults(caplog):
    settings = Settings.from_env(
        {"CASE_RETENTION_DAYS": "a month", "ESCALATION_EPISODE_HOURS": "0"}
    )
    assert settings.case_retention_days == 30 and settings.escalation_episode_hours == 12
    assert "CASE_RETENTION_DAYS" in caplog.text


def test_repr_hides_secrets():
    settings = Settings(escalation_webhook_secret="s3cret", slack_escalation_token="xoxb-secret")
    assert "s3cret" not in repr(settings) and "xoxb-secret" not in repr(settings)


#: Variables read only by the developer tooling (install, tests), not by the assistant.
TOOLING_VARIABLES = {"CHROMIUM_PATH", "PYENV_ROOT", "PYTHON"}
#: How the code reads a variable: clinic.env's parsers, os.environ, ENV_* constants, ${VAR} in yml.
READS = re.compile(
    r"env_(?:text|bool|int|float)\(\s*\"([A-Z][A-Z0-9_]+)\""
    r"|environ(?:\.get)?[\[(]\s*\"([A-Z][A-Z0-9_]+)\""
    r"|ENV_[A-Z0-9_]+: Final = \"([A-Z][A-Z0-9_]+)\""
    r"|\$\{([A-Z][A-Z0-9_]+)"
)


def test_every_variable_the_code_reads_is_in_env_example():
    sources = [
        *PROJECT_ROOT.glob("endpoints.yml"),
        *PROJECT_ROOT.glob("credentials*.yml"),
        *PROJECT_ROOT.glob("credentials/*.yml"),
    ]
    for package in ("clinic", "actions", "channels", "escalation", "components"):
        sources += (PROJECT_ROOT / package).rglob("*.py")
    names = {
        name
        for path in sources
        for match in READS.finditer(path.read_text(encoding="utf-8"))
        for name in match.groups()
        if name
    }
    names |= set(LOCALE_SLOTS.values())  # read by name from that table
    assert {"EMERGENCY_NUMBER", "ESCALATION_DB_URL", "ACTION_SERVER_URL"} <= names
    example = (PROJECT_ROOT / ".env.example").read_text(encoding="utf-8")
    missing = sorted(
        name for name in names - TOOLING_VARIABLES if not re.search(rf"^#? ?{name}=", example, re.M)
    )
    assert missing == []


def test_emergency_number_defaults_to_112():
    assert Settings.from_env({}).emergency_number == DEFAULT_EMERGENCY_NUMBER == "112"


def test_emergency_number_from_env_is_trimmed():
    assert Settings.from_env({"EMERGENCY_NUMBER": " 999 "}).emergency_number == "999"


def test_blank_emergency_number_falls_back_to_default():
    assert Settings.from_env({"EMERGENCY_NUMBER": "  "}).emergency_number == "112"
