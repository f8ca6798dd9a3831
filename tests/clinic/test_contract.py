"""The shared contract: urgency order and the names everything agrees on."""

from __future__ import annotations

import pytest

from clinic import contract


def test_levels_are_ordered_most_pressing_first() -> None:
    ranks = [contract.urgency_rank(level) for level in contract.URGENCIES]
    assert ranks == sorted(ranks, reverse=True)
    assert contract.urgency_rank(None) == 0
    assert contract.urgency_rank("severe") == 0


@pytest.mark.parametrize(
    ("levels", "expected"),
    [
        (["soon", "emergency", "urgent"], "emergency"),
        ([" Urgent ", None, "soon"], "urgent"),
        (["unknown", None], None),
        ([], None),
    ],
)
def test_highest_urgency(levels: list, expected: object) -> None:
    assert contract.highest_urgency(levels) == expected


def test_raise_never_lowers() -> None:
    assert contract.raise_urgency("urgent", "emergency") == "emergency"
    assert contract.raise_urgency("urgent", "soon") == "urgent"
    assert contract.raise_urgency("soon", None) == "soon"


def test_is_urgency_is_strict_and_normalise_is_lenient() -> None:
    assert contract.is_urgency("soon")
    assert not contract.is_urgency("Soon ")
    assert contract.normalise_urgency("Soon ") == "soon"
    assert contract.normalise_urgency(3) is None


def test_paths_point_into_the_project() -> None:
    assert contract.RED_FLAG_RULES_PATH.is_file()
    assert contract.DOMAIN_PATH.is_dir()
