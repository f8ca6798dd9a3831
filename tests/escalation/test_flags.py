from pathlib import Path

from escalation.flags import FlagCatalogue, parse_flags


def test_catalogue_reads_may_indicate_and_urgency(catalogue):
    info = catalogue.get("saddle_anaesthesia")
    assert info.label == "Numbness in the saddle area"
    assert info.may_indicate == "cauda equina syndrome" and info.urgency == "emergency"
    assert catalogue.get("sciatica_one_leg").may_indicate == "nerve root irritation; sciatica"
    assert catalogue.get("fever_with_back_pain").label == "fever with back pain"


def test_unknown_flag_is_described_by_its_id(catalogue):
    info = catalogue.get("new_flag")
    assert info.label == "new flag" and info.may_indicate == "" and info.urgency is None


def test_urgency_of_flags(catalogue):
    assert catalogue.urgency_of(["sciatica_one_leg", "fever_with_back_pain"]) == "urgent"
    assert catalogue.urgency_of(["unknown"]) is None


def test_missing_or_broken_file_gives_ids_only(tmp_path: Path):
    assert FlagCatalogue(tmp_path / "none.yml").get("x").label == "x"
    broken = tmp_path / "broken.yml"
    broken.write_text("flags: [unclosed", encoding="utf-8")
    assert FlagCatalogue(broken).describe(["a_b"])[0].label == "a b"


def test_file_is_read_lazily_once(tmp_path: Path):
    path = tmp_path / "red_flags.yml"
    catalogue = FlagCatalogue(path)  # no file yet: nothing read at construction
    path.write_text("- id: a\n  may_indicate: x\n", encoding="utf-8")
    assert catalogue.get("a").may_indicate == "x"
    path.write_text("- id: a\n  may_indicate: y\n", encoding="utf-8")
    assert catalogue.get("a").may_indicate == "x"


def test_accepted_layouts():
    as_list = [{"id": "a", "may_indicate": "x", "urgency": "soon"}]
    as_mapping = {"a": {"may_indicate": "x", "urgency": "soon"}}
    wrapped = {"red_flags": as_list}
    for content in (as_list, as_mapping, wrapped):
        assert parse_flags(content)["a"].may_indicate == "x"
    assert parse_flags(None) == {} and parse_flags("text") == {}
    assert parse_flags([{"patterns": []}, {"id": ""}]) == {}
