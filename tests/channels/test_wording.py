"""The channels' wording comes from domain/channels.yml, and the widget gets it from the server."""

from __future__ import annotations

from pathlib import Path

import pytest

from channels import wording
from channels.webchat import chat_config
from clinic.contract import DEFAULT_EMERGENCY_NUMBER, URGENCIES

ROOT = Path(__file__).resolve().parents[2]
WIDGET_JS = ROOT / "web" / "static" / "clinic-chat.js"


@pytest.mark.parametrize("urgency", URGENCIES)
def test_every_urgency_has_an_alert_in_the_domain(urgency):
    headline, detail = wording.alert_lines(urgency, "999")
    assert headline and "999" in detail and "{" not in headline + detail


def test_the_website_has_its_own_headlines_and_shares_the_details():
    chat, _ = wording.alert_lines("urgent", "999", "telegram")
    site, detail = wording.alert_lines("urgent", "999", wording.WIDGET_CHANNEL)
    assert chat == "⚠️ Please see a doctor today" and site == "Please see a doctor today"
    assert detail == wording.alert_lines("urgent", "999", "slack")[1]


def test_a_missing_response_is_an_error_not_an_empty_text():
    with pytest.raises(wording.WordingError, match="utter_channel_nothing"):
        wording.text("utter_channel_nothing")


def test_a_missing_variable_is_an_error_not_a_raw_template():
    with pytest.raises(wording.WordingError, match="emergency_number"):
        wording.text("utter_channel_alert_emergency_detail")


def test_the_page_configuration_carries_the_levels_and_every_text():
    config = chat_config({"EMERGENCY_NUMBER": "0800 555 0100"})
    assert config["urgencies"] == list(URGENCIES)
    assert set(config["alerts"]) == set(URGENCIES)
    assert config["alerts"]["emergency"]["headline"] == "Emergency: call 0800 555 0100 now"
    assert config["texts"]["callButton"] == "Call 0800 555 0100"
    assert config["title"] == "Back care assistant"
    assert chat_config({"CLINIC_CHAT_TITLE": "Spine desk"})["title"] == "Spine desk"


def test_the_widget_keeps_no_copy_of_the_contract_or_the_wording():
    script = WIDGET_JS.read_text(encoding="utf-8")
    for copy in (
        f'"{DEFAULT_EMERGENCY_NUMBER}"',
        *(f"{level}:" for level in URGENCIES),
        "Hide this message",
        "Please book",
        "Connecting...",
    ):
        assert copy not in script, copy


def test_the_page_configuration_can_be_printed_for_another_website(capsys, monkeypatch):
    import json

    from channels import webchat

    monkeypatch.setenv("EMERGENCY_NUMBER", "911")
    assert webchat.main(["--print-config"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["alerts"]["urgent"]["detail"].endswith("call 911.")


def test_the_demo_page_is_served_with_the_configured_number():
    from channels.webchat import render_index

    page = render_index("0800 555 0100").decode()
    assert 'href="tel:08005550100">0800 555 0100</a>' in page
    assert "{{" not in page and DEFAULT_EMERGENCY_NUMBER not in page
