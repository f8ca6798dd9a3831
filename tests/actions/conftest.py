"""Fixtures of the action tests: those of the escalation tests (a case store, the fakes)."""

from tests.escalation.fixtures import (  # noqa: F401 - fixtures
    _reset_service,
    catalogue,
    configured,
    db_url,
    no_patient_data_in_logs,
    settings,
    slack,
    store,
    webhook,
)
