"""Tests for actions.callback_form's reading of when the patient would like the call."""

import pytest

from actions.callback_form import TIME_WISH


@pytest.mark.parametrize(
    "text",
    [
        "after 5 is best",
        "0141 496 0018 but not during school hours pls",
        "mornings are easier",
        "any time before 7pm",
        "not between 2 and 3, im at the school gate",
        "weekends only",
    ],
)
def test_a_time_wish_is_read(text: str) -> None:
    assert TIME_WISH.search(text)


@pytest.mark.parametrize(
    "text",
    ["I'm not in pain right now", "as I said before", "after I fell it got worse", "yes"],
)
def test_words_of_time_in_a_sentence_are_no_wish(text: str) -> None:
    assert not TIME_WISH.search(text)
