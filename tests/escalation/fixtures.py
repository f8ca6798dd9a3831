"""Fixtures of the escalation and action tests: a SQLite case store, the fakes, settings."""

from __future__ import annotations

import logging
import traceback
from pathlib import Path
from typing import Iterator

import pytest

from clinic.settings import Settings
from escalation.flags import FlagCatalogue
from escalation.notifiers import build_notifiers
from escalation.service import EscalationService, set_service
from escalation.store import CaseStore
from tests.escalation.helpers import RED_FLAGS_YAML, SECRET, SENSITIVE, SLACK_CHANNEL, SLACK_TOKEN
from tests.fakes import FakeSlackApi, FakeWebhookReceiver


@pytest.fixture(autouse=True)
def no_patient_data_in_logs(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Fails any test during which a log record carried patient data in clear."""
    caplog.set_level(logging.DEBUG)
    yield
    for record in caplog.records:
        text = record.getMessage()
        if record.exc_info:
            text += "".join(traceback.format_exception(*record.exc_info))
        for secret in SENSITIVE:
            assert secret not in text, f"patient data in a log record from {record.name}"


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'var' / 'escalations.db'}"


@pytest.fixture
def store(db_url: str) -> Iterator[CaseStore]:
    case_store = CaseStore(db_url, episode_hours=12, timeout=5)
    yield case_store
    case_store.dispose()


@pytest.fixture
def catalogue(tmp_path: Path) -> FlagCatalogue:
    path = tmp_path / "red_flags.yml"
    path.write_text(RED_FLAGS_YAML, encoding="utf-8")
    return FlagCatalogue(path)


@pytest.fixture
def webhook() -> Iterator[FakeWebhookReceiver]:
    fake = FakeWebhookReceiver(secret=SECRET).up()
    yield fake
    fake.down()


@pytest.fixture
def slack() -> Iterator[FakeSlackApi]:
    fake = FakeSlackApi(token=SLACK_TOKEN).up()
    yield fake
    fake.down()


@pytest.fixture
def settings(db_url: str, webhook: FakeWebhookReceiver, slack: FakeSlackApi) -> Settings:
    return Settings(
        emergency_number="999",
        escalation_db_url=db_url,
        escalation_webhook_url=webhook.url,
        escalation_webhook_secret=SECRET,
        slack_escalation_token=SLACK_TOKEN,
        slack_escalation_channel=SLACK_CHANNEL,
        slack_api_base_url=slack.api_base_url,
        escalation_http_connect_timeout=0.5,
        escalation_http_read_timeout=1.0,
        escalation_retry_base_seconds=0.05,
        escalation_retry_max_seconds=0.2,
        phone_default_region="",
    )


@pytest.fixture
def configured(settings: Settings, store: CaseStore) -> Iterator[Settings]:
    """Makes the actions use a service over the test store, the fakes and the test settings."""
    set_service(EscalationService(settings, store=store, notifiers=build_notifiers(settings)))
    yield settings
    set_service(None)


@pytest.fixture(autouse=True)
def _reset_service() -> Iterator[None]:
    yield
    set_service(None)
