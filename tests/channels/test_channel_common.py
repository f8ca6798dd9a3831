"""Unit tests of channels.common: markers, alerts, text cleaning, duplicate filter."""

from __future__ import annotations

import pytest

from channels.common import (
    RecentKeys,
    alert_lines,
    alert_text,
    as_bool,
    clean_user_text,
    emergency_number,
    parse_escalation,
    split_list,
)


def test_parse_escalation_reads_the_contract_marker():
    marker = parse_escalation(
        {"escalation": {"urgency": "emergency", "flags": ["saddle_anaesthesia"], "case_id": "c1"}}
    )
    assert marker is not None
    assert marker.urgency == "emergency"
    assert marker.flags == ("saddle_anaesthesia",)
    assert marker.case_id == "c1"


@pytest.mark.parametrize(
    "message",
    [
        None,
        "text",
        {},
        {"text": "hello"},
        {"escalation": "emergency"},
        {"escalation": {"urgency": "critical"}},
        {"escalation": {"flags": ["x"]}},
    ],
)
def test_parse_escalation_ignores_anything_else(message):
    assert parse_escalation(message) is None


@pytest.mark.parametrize("urgency", ["emergency", "urgent", "soon"])
def test_alerts_name_the_number_and_no_diagnosis(urgency):
    headline, detail = alert_lines(urgency, "999")
    text = alert_text(urgency, "999")
    assert "999" in detail and text == f"{headline}\n{detail}"
    assert "cauda" not in text.lower() and "diagnos" not in text.lower()


def test_emergency_alert_says_call_now():
    headline, detail = alert_lines("emergency", "112")
    assert "call 112 now" in headline.lower()
    assert "do not wait" in detail.lower()


def test_emergency_number_comes_from_the_environment():
    assert emergency_number({"EMERGENCY_NUMBER": " 999 "}) == "999"
    assert emergency_number({"EMERGENCY_NUMBER": ""}) == "112"
    assert emergency_number({}) == "112"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("How do I stretch?", "How do I stretch?"),
        ("  /greet  ", "greet"),
        ('/report_red_flag{"red_flag": "x"}', 'report_red_flag{"red_flag": "x"}'),
        ("//restart", "restart"),
        ("/ /session_start", "session_start"),
        ("/", ""),
        ("ice/heat?", "ice/heat?"),
    ],
)
def test_clean_user_text_cannot_force_an_intent(text, expected):
    assert clean_user_text(text) == expected


def test_clean_user_text_maps_known_commands():
    commands = {"/start": "/greet", "/help": "What can you help me with?"}
    assert clean_user_text("/start", commands) == "/greet"
    assert clean_user_text("/start campaign42", commands) == "/greet"
    assert clean_user_text("/START@clinic_bot", commands) == "/greet"
    assert clean_user_text("/help", commands) == "What can you help me with?"
    assert clean_user_text("/greet", commands) == "greet"


def test_recent_keys_remembers_for_a_while():
    now = [0.0]
    keys = RecentKeys(ttl_seconds=10, clock=lambda: now[0])
    assert keys.seen("a") is False
    assert keys.seen("a") is True
    now[0] = 11
    assert keys.seen("a") is False


def test_recent_keys_is_bounded():
    keys = RecentKeys(ttl_seconds=100, max_keys=3, clock=lambda: 0.0)
    for key in "abcd":
        keys.seen(key)
    assert len(keys) == 3
    assert keys.seen("a") is False  # the oldest was forgotten
    assert keys.seen("d") is True


def test_settings_helpers():
    assert split_list("a, b  c") == ["a", "b", "c"]
    assert split_list(["x", " ", "y"]) == ["x", "y"]
    assert split_list(None) == []
    assert as_bool("true") and as_bool("1") and as_bool(True)
    assert not as_bool("false") and not as_bool(None) and as_bool("", default=True)
