"""Tests for clinic/spoken.py: punctuation said aloud to voice typing."""

from __future__ import annotations

import pytest

from clinic.spoken import SPOKEN_PUNCTUATION, typed_mark, written


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("is heat ok question mark", "is heat ok? "),
        ("my bottom is numb full stop should I use heat", "my bottom is numb. should I use heat"),
        ("it hurts Exclamation Point help", "it hurts! help"),
        ("ice new line heat", "ice. heat"),
        ("no marks said here", "no marks said here"),
    ],
)
def test_written_types_the_marks(text: str, expected: str) -> None:
    assert written(text) == expected


def test_a_word_that_only_contains_a_mark_is_left_alone() -> None:
    assert written("the full stoppage at work") == "the full stoppage at work"


def test_the_typed_mark_ignores_case_and_spacing() -> None:
    match = SPOKEN_PUNCTUATION.search("why Question Mark ")
    assert match is not None and typed_mark(match.group()) == "? "
    assert typed_mark(" Question Mark ") == "? "
    assert typed_mark("full stop") == ". "
