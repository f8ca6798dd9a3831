"""The load run's counting: what the doctor's receiver would show twice."""

import json
import sqlite3
from pathlib import Path

from tests.e2e.load_run import count


def delivery(case_id, revision, key, duplicate):
    return {
        "body": json.dumps({"case_id": case_id, "revision": revision}),
        "headers": {"idempotency-key": key},
        "extra": {"accepted": True, "duplicate": duplicate},
    }


def empty_cases_db(tmp_path: Path) -> Path:
    path = tmp_path / "cases.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE escalation_cases (conversation_id TEXT, id TEXT)")
        connection.execute("CREATE TABLE escalation_deliveries (status TEXT)")
    return path


def test_a_resend_with_the_same_key_is_dropped_by_the_receiver_not_shown_twice(tmp_path):
    requests = [
        delivery("c1", 1, "c1:1", duplicate=False),
        delivery("c1", 1, "c1:1", duplicate=True),
        delivery("c1", 2, "c1:2", duplicate=False),
    ]
    figures = count([], [], empty_cases_db(tmp_path), requests)
    assert (figures.deliveries, figures.duplicate_deliveries, figures.resent_same_key) == (2, 0, 1)


def test_the_same_revision_under_another_key_is_a_duplicate(tmp_path):
    requests = [
        delivery("c1", 1, "c1:1", duplicate=False),
        delivery("c1", 1, "c1:1:retry", duplicate=False),
        {"body": json.dumps({"alert": "stranded"}), "extra": {"accepted": True}},
        {"body": json.dumps({"case_id": "c2", "revision": 1}), "extra": {"accepted": False}},
    ]
    figures = count([], [], empty_cases_db(tmp_path), requests)
    assert (figures.deliveries, figures.duplicate_deliveries, figures.resent_same_key) == (2, 1, 0)
