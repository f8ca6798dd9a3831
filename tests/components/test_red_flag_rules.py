"""The rules file: schema, completeness against red-flags.md, and the loader's checks."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any, Dict, List

import pytest
import yaml

from clinic.contract import URGENCIES
from components.red_flag_rules import (
    Combo,
    RuleFileError,
    RuleSet,
    load_rules,
    parse_rules,
)

ROOT = Path(__file__).resolve().parents[2]
RULES_FILE = ROOT / "knowledge" / "red_flags.yml"
CLINICAL_REFERENCE = ROOT.parent / "shared" / "clinical" / "red-flags.md"


@pytest.fixture(scope="module")
def raw() -> Dict[str, Any]:
    return yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return load_rules(RULES_FILE)


def reference_rows() -> List[Dict[str, str]]:
    """The flag table of red-flags.md: first column, may indicate, urgency."""
    rows = []
    for line in CLINICAL_REFERENCE.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 4 or cells[0] in ("flag", "") or set(cells[0]) <= {"-"}:
            continue
        rows.append({"flag": cells[0], "may_indicate": cells[1], "urgency": cells[2]})
    return rows


def test_every_entry_has_the_required_fields(raw: Dict[str, Any]) -> None:
    for entry in raw["flags"]:
        for key in ("id", "label", "reference", "description", "urgency", "may_indicate"):
            assert isinstance(entry.get(key), str) and entry[key].strip(), (entry.get("id"), key)
        assert entry["urgency"] in URGENCIES
        assert entry["guidance"] and all(g in raw["guidance_sources"] for g in entry["guidance"])
        assert entry["patterns"], entry["id"]


@pytest.mark.skipif(not CLINICAL_REFERENCE.exists(), reason="clinical reference not mounted")
def test_every_flag_of_the_clinical_reference_is_present(rules: RuleSet) -> None:
    rows = reference_rows()
    assert len(rows) == 15
    by_reference = {" ".join(flag.reference.split()): flag for flag in rules.flags}
    for row in rows:
        flag = by_reference.get(" ".join(row["flag"].split()))
        assert flag is not None, f"no rule for: {row['flag']}"
        assert flag.urgency == row["urgency"].split()[0]
        assert row["may_indicate"].split()[0].lower() in flag.may_indicate.lower()
    assert len(rules.flags) == len(rows)


@pytest.mark.skipif(not CLINICAL_REFERENCE.exists(), reason="clinical reference not mounted")
def test_modifiers_of_the_clinical_reference_are_encoded(rules: RuleSet) -> None:
    cancer = rules.flag("cancer_history")
    assert any(m.urgency == "emergency" and m.when_flags for m in cancer.modifiers)
    sciatica = rules.flag("one_leg_nerve_symptoms")
    assert any(m.urgency == "urgent" and "WORSENING" in m.when_terms for m in sciatica.modifiers)


def test_cauda_equina_flags_carry_the_no_driving_advice(rules: RuleSet) -> None:
    no_driving = {flag.id for flag in rules.flags if flag.advice == "no_driving"}
    cauda_equina = {f.id for f in rules.flags if "cauda equina" in f.may_indicate}
    assert no_driving == cauda_equina and len(no_driving) == 4


def test_what_a_flag_may_indicate_is_never_told_to_the_patient() -> None:
    domain = yaml.safe_load((ROOT / "domain" / "escalation.yml").read_text(encoding="utf-8"))
    texts = " ".join(
        variant["text"] for variants in domain["responses"].values() for variant in variants
    ).lower()
    for word in ("cauda equina", "heart attack", "aneurysm", "dissection", "cancer", "fracture"):
        assert word not in texts


def test_combos_only_name_defined_terms(rules: RuleSet) -> None:
    for flag in rules.flags:
        for pattern in flag.patterns:
            if isinstance(pattern, Combo):
                for element in pattern.elements:
                    assert all(name in rules.terms for name in element)


def test_ids_are_stable_snake_case(rules: RuleSet) -> None:
    for flag in rules.flags:
        assert re.fullmatch(r"[a-z][a-z0-9_]+", flag.id)


# ------------------------------------------------------------------------------- loader checks
def broken(raw: Dict[str, Any], change) -> Dict[str, Any]:  # type: ignore[no-untyped-def]
    content = copy.deepcopy(raw)
    change(content)
    return content


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda c: c["flags"][0].pop("may_indicate"), "may_indicate"),
        (lambda c: c["flags"][0].update(urgency="asap"), "unknown urgency"),
        (lambda c: c["flags"][0].update(guidance=[]), "guidance"),
        (lambda c: c["flags"][0].update(guidance=["blog"]), "unknown guidance"),
        (lambda c: c["flags"][0].update(patterns=[]), "patterns"),
        (lambda c: c["flags"][0].update(patterns=[{"all": ["NOPE"]}]), "unknown terms"),
        (lambda c: c["flags"][1].update(id=c["flags"][0]["id"]), "duplicate"),
        (lambda c: c["flags"][0].update(advice="walk"), "advice"),
        (lambda c: c["terms"].update(BAD={"match": [[{"LOWER": {"IN": [False]}}]]}), "boolean"),
        (lambda c: c.pop("guidance_sources"), "guidance_sources"),
    ],
)
def test_loader_refuses_inconsistent_files(raw: Dict[str, Any], change, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleFileError, match=message):
        parse_rules(broken(raw, change))


def test_loader_refuses_unreadable_files(tmp_path: Path) -> None:
    path = tmp_path / "rules.yml"
    path.write_text("flags: [unclosed", encoding="utf-8")
    with pytest.raises(RuleFileError):
        load_rules(path)
    with pytest.raises(RuleFileError):
        load_rules(tmp_path / "missing.yml")


def test_numbers_in_token_lists_become_strings(raw: Dict[str, Any]) -> None:
    content = broken(raw, lambda c: c["terms"].update(N={"match": [{"LOWER": {"IN": [1, 2]}}]}))
    assert parse_rules(content).terms["N"].match[0].pattern[0] == {"LOWER": {"IN": ["1", "2"]}}
