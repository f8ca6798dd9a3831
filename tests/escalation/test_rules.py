"""The case rules on plain data, without a database."""

from datetime import datetime, timedelta

import pytest

from escalation import rules
from escalation.rules import CaseFacts

NOW = datetime(2026, 1, 1, 12, 0, 0)


def test_a_first_report_opens_a_case():
    outcome = rules.report_red_flag(None, " Urgent ", ["fever", "fever", ""])
    assert outcome.created and outcome.changes == ("opened",)
    assert outcome.facts == CaseFacts("urgent", ("fever",), "red_flag")


def test_urgency_is_raised_never_lowered_and_flags_merge_in_order():
    current = CaseFacts("urgent", ("fever",))
    raised = rules.report_red_flag(current, "emergency", ["saddle", "fever"])
    assert raised.changes == ("urgency_raised", "flags_added")
    assert raised.previous_urgency == "urgent"
    assert raised.facts.urgency == "emergency" and raised.facts.flags == ("fever", "saddle")

    lower = rules.report_red_flag(raised.facts, "soon", ["saddle"])
    assert lower.changes == () and lower.facts.urgency == "emergency" and not lower.created


def test_unknown_urgency_is_refused():
    with pytest.raises(ValueError):
        rules.report_red_flag(None, "whenever", [])


def test_a_red_flag_turns_a_callback_case_into_a_red_flag_case():
    callback = rules.report_contact(None, "Ann", "+12025550143")
    assert callback.facts.reason == "callback_request" and callback.facts.urgency == "soon"
    flagged = rules.report_red_flag(callback.facts, "soon", ["sciatica"])
    assert flagged.facts.reason == "red_flag" and flagged.changes == ("flags_added",)
    assert flagged.facts.contact_phone == "+12025550143"


def test_contact_details_change_the_case_once():
    current = CaseFacts("urgent", ("fever",))
    added = rules.report_contact(current, "Ann", "+442079460958")
    assert added.changes == ("contact_added",) and added.facts.contact_name == "Ann"
    again = rules.report_contact(added.facts, "Ann", "+442079460958")
    assert again.changes == () and again.facts == added.facts


def test_episode_and_revision():
    episode = timedelta(hours=12)
    assert not rules.episode_is_over(NOW - timedelta(hours=11), NOW, episode)
    assert rules.episode_is_over(NOW - timedelta(hours=13), NOW, episode)
    assert rules.next_revision(1, ["opened"], created=True) == 1
    assert rules.next_revision(1, ["flags_added"], created=False) == 2
    assert rules.next_revision(2, [], created=False) == 2


def test_reports_and_transcript_are_bounded():
    reports: list = []
    for i in range(rules.MAX_REPORTS + 5):
        reports = rules.add_report(reports, f" words {i} ", ["a"], "urgent", NOW)
    assert len(reports) == rules.MAX_REPORTS and reports[-1]["text"] == "words 24"
    assert reports[0]["at"] == "2026-01-01T12:00:00Z"
    assert rules.add_report([], "   ", [], "soon", NOW) == []
    assert rules.clip("x" * 3000) == "x" * rules.MAX_TEXT
    assert rules.keep_transcript(None, 5) is None and rules.keep_transcript([{"t": 1}], 0) == []
    assert rules.keep_transcript([{"t": i} for i in range(5)], 2) == [{"t": 3}, {"t": 4}]


def test_case_ids():
    case_id = rules.new_case_id()
    assert case_id.startswith("ESC-") and len(case_id) == 12
    assert not set(case_id[4:]) & set("ILOU")
