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


def test_the_day_the_back_went_into_spasm_or_locked_up() -> None:
    # round 47 dev (reworded): "my back went into a spasm on Thursday"
    assert days_told("my back went into a spasm on wednesday, hoovering", SATURDAY) == 3
    assert days_told("it locked up last thurs and no better", SATURDAY) == 9
    assert days_told("did my back in on monday at work", SATURDAY) == 5
    # going out is not the back going
    assert days_told("I went out on monday and danced", SATURDAY) is None


def test_a_story_told_from_the_day_it_began_counts_from_the_day_the_writer_names() -> None:
    # live test, stop 47: "on the Monday morning I woke up and my lower back just locked ...
    # it's now Saturday" is five days; without a named today the story's day is not counted
    # (the server's date may be days after the story).
    story = "on the Monday morning I woke up and my back locked. it's now Saturday"
    assert days_told(story, date(2026, 12, 9)) == 5
    assert days_told("on the Monday morning I woke up and my back locked", SATURDAY) is None
    # a day ahead, not the onset: "on Monday I'm seeing the GP"
    assert days_told("on Monday I'm seeing the GP, it's Saturday now", SATURDAY) is None
    # live test, round 47 (reworded): the day said without "on"
    story = "tuesday morning woke up and my back had seized. its now friday, no better"
    assert days_told(story, SATURDAY) == 3
    assert days_told("tuesday I'm seeing the GP, its friday now", SATURDAY) is None


def test_today_named_with_the_time_of_day_and_now() -> None:
    # round 40 dev (reworded): "since Wednesday morning, it's Thursday night now" is one day
    assert days_told("spasm since wednesday morning, it's thursday night now", SATURDAY) == 1


def test_a_pause_typed_before_the_weekday() -> None:
    # Live test 50 (reworded): "since … saturday (today's wednesday)" was not counted.
    wednesday = date(2026, 12, 2)
    assert days_told("back has been bad since … sunday (it's thursday)", wednesday) == 4
    assert days_told("spasming since... friday", wednesday) == 5
