"""The one environment parser: one meaning of true and false everywhere."""

from __future__ import annotations

import logging

import pytest

from clinic import env


@pytest.mark.parametrize("raw", ["1", "true", "TRUE", " yes ", "on", "On"])
def test_true_words(raw: str) -> None:
    assert env.env_bool("X", False, env={"X": raw}) is True


@pytest.mark.parametrize("raw", ["0", "false", "No", " off "])
def test_false_words(raw: str) -> None:
    assert env.env_bool("X", True, env={"X": raw}) is False


def test_unreadable_bool_warns_by_name_only_and_uses_default(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING):
        assert env.env_bool("X", True, env={"X": "maybe-secret"}) is True
    assert "X should be true or false" in caplog.text
    assert "maybe-secret" not in caplog.text


def test_numbers_fall_back_to_defaults() -> None:
    assert env.env_int("N", 5, minimum=1, env={"N": "7"}) == 7
    assert env.env_int("N", 5, minimum=1, env={"N": "0"}) == 5
    assert env.env_int("N", 5, env={"N": "x"}) == 5
    assert env.env_float("F", 1.5, minimum=0.1, env={"F": "2.5"}) == 2.5
    assert env.env_float("F", 1.5, minimum=0.1, env={}) == 1.5


def test_text_strips_and_defaults() -> None:
    assert env.env_text("T", "d", env={"T": "  v "}) == "v"
    assert env.env_text("T", "d", env={"T": "   "}) == "d"


def test_shell_entry_point_prints_the_same_meaning(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("RASA_ENABLE_API", "on")
    assert env.main(["bool", "RASA_ENABLE_API", "false"]) == 0
    assert capsys.readouterr().out.strip() == "true"
    assert env.main(["bogus"]) == 2
