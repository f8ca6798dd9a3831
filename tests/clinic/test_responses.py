"""Domain responses read without Rasa are filled in exactly as Rasa fills them."""

from pathlib import Path

import pytest
from rasa.core.nlg.interpolator import interpolate_text

from clinic.contract import DOMAIN_PATH
from clinic.responses import ResponseError, fill, load_responses, placeholders, render, variation

VALUES = {
    "case_id": "ESC-ABCDEFGH",
    "emergency_number": "999",
    "name": "Ann",
    "phone": "+44 20 7946 0958",
    "headline": ":warning: URGENT",
    "count": "2",
}


@pytest.mark.parametrize("domain_file", ["escalation.yml", "doctor.yml"])
def test_filled_like_rasa(domain_file: str) -> None:
    for name, variations in load_responses(DOMAIN_PATH / domain_file).items():
        for candidate in variations:
            template = candidate["text"]
            values = {key: VALUES.get(key, f"<{key}>") for key in placeholders(template)}
            assert fill(template, values) == interpolate_text(template, values), name


def test_channel_variations_and_missing_values(tmp_path: Path) -> None:
    path = tmp_path / "domain.yml"
    path.write_text(
        'responses:\n  utter_x:\n    - text: "Call {number}."\n'
        '    - text: "Ring {number}!"\n      channel: slack\n',
        encoding="utf-8",
    )
    assert render(path, "utter_x", None, number="112") == "Call 112."
    assert render(path, "utter_x", "slack", number="112") == "Ring 112!"
    assert variation(path, "utter_x", "telegram")["text"] == "Call {number}."
    with pytest.raises(ResponseError):
        render(path, "utter_x")
    with pytest.raises(ResponseError):
        render(path, "utter_missing", None, number="1")
