"""Tests for clinic.weekdays: "since <weekday>" as days."""

from datetime import date

from clinic.weekdays import days_told

SATURDAY = date(2026, 12, 5)


def test_the_longest_since_a_weekday_is_told() -> None:
    assert days_told("spasm since tuesday, worse since friday", SATURDAY) == 4
    assert days_told("since sat down at my desk it hurts", SATURDAY) is None
    assert days_told("ice or heat?", SATURDAY) is None


def test_the_writers_hours_win_over_a_weekday() -> None:
    assert days_told("since monday evening, so about 36hrs now", SATURDAY) is None


def test_a_verb_between_started_and_the_weekday_and_today_in_brackets() -> None:
    # "started spasming last thursday ... today (tuesday)": five days, whatever the server's day.
    assert (
        days_told("it started spasming last thursday and today (tuesday) it's worse", SATURDAY) == 5
    )
    assert days_told("back started hurting on monday", SATURDAY) == 5
