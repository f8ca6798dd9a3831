"""Emergency advice and "English only" in the patients' languages: all wording in the domain."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List

import pytest
import yaml

from clinic.contract import PATIENT_LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
RESPONSES = (
    "utter_emergency_advice",
    "utter_emergency_advice_no_driving",
    "utter_emergency_advice_ambulance",
    "utter_other_language",
    "utter_other_language_thanks",
)


def _responses() -> Dict[str, List[Dict[str, Any]]]:
    found: Dict[str, List[Dict[str, Any]]] = {}
    for path in sorted((ROOT / "domain").rglob("*.yml")):
        found.update(
            (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {}
        )
    return found


@pytest.mark.parametrize("name", RESPONSES)
def test_each_language_adds_one_line_under_the_unchanged_english_text(name: str) -> None:
    variations = _responses()[name]
    plain = [v for v in variations if not v.get("condition")]
    assert len(plain) == 1, "one English variation, used when no language is named"
    english = plain[0]["text"]
    assert "{emergency_number}" in english
    by_language = {v["condition"][0]["value"]: v["text"] for v in variations if v.get("condition")}
    assert set(by_language) == set(PATIENT_LANGUAGES)
    for language, text in by_language.items():
        assert text.startswith(english + "\n\n"), language
        assert "{emergency_number}" in text[len(english) :], language


def test_the_language_slot_takes_only_the_patients_languages() -> None:
    domain = yaml.safe_load((ROOT / "domain" / "languages.yml").read_text(encoding="utf-8"))
    slot = domain["slots"]["patient_language"]
    assert slot["values"] == list(PATIENT_LANGUAGES)
    assert slot["mappings"][0]["entity"] == "red_flag_language"
