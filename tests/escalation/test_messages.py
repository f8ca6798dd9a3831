import json
from pathlib import Path

from escalation.flags import FlagCatalogue
from escalation.messages import (
    SCHEMA,
    how_to_reach,
    slack_message,
    webhook_body,
    webhook_document,
)
from tests.escalation.helpers import PATIENT_MESSAGE


def snapshot(**changes):
    base = {
        "case_id": "ESC-ABCDEFGH",
        "revision": 1,
        "changes": ["opened"],
        "previous_urgency": None,
        "reason": "red_flag",
        "urgency": "emergency",
        "flags": ["saddle_anaesthesia", "unknown_flag"],
        "conversation_id": "conv-1",
        "channel": "socketio",
        "trigger_message": PATIENT_MESSAGE,
        "reports": [{"at": "2026-01-01T10:00:00Z", "text": PATIENT_MESSAGE, "flags": []}],
        "transcript": [
            {"at": "2026-01-01T09:59:00Z", "speaker": "assistant", "text": "Hello!"},
            {"at": "2026-01-01T10:00:00Z", "speaker": "patient", "text": PATIENT_MESSAGE},
        ],
        "contact": None,
        "opened_at": "2026-01-01T10:00:00Z",
        "updated_at": "2026-01-01T10:00:00Z",
    }
    base.update(changes)
    return base


def test_webhook_document_says_everything_the_doctor_needs(catalogue):
    document = webhook_document(snapshot(), catalogue)

    assert document["schema"] == SCHEMA and document["event"] == "case_opened"
    assert document["case_id"] == "ESC-ABCDEFGH" and document["revision"] == 1
    assert document["urgency"] == "emergency"
    assert "emergency" in document["advice_given"].lower()
    assert document["flags"][0] == {
        "id": "saddle_anaesthesia",
        "label": "Numbness in the saddle area",
        "may_indicate": "cauda equina syndrome",
        "urgency": "emergency",
    }
    # A flag the catalogue does not know is still listed, by id.
    assert document["flags"][1]["id"] == "unknown_flag"
    assert document["flags"][1]["may_indicate"] is None
    assert document["patient_words"][0]["text"] == PATIENT_MESSAGE
    assert document["transcript"][1]["speaker"] == "patient"
    assert document["conversation_id"] == "conv-1" and document["channel"] == "socketio"
    assert document["contact"] is None and "No phone number" in document["how_to_reach"]
    assert document["opened_at"] and document["updated_at"]


def test_missing_red_flags_file_gives_flag_ids_only(tmp_path: Path):
    document = webhook_document(snapshot(), FlagCatalogue(tmp_path / "absent.yml"))
    assert [f["id"] for f in document["flags"]] == ["saddle_anaesthesia", "unknown_flag"]
    assert all(f["may_indicate"] is None for f in document["flags"])


def test_update_with_contact(catalogue):
    contact = {"name": "Ann", "phone": "+442079460958", "consent_at": "2026-01-01T10:05:00Z"}
    data = snapshot(revision=3, changes=["contact_added"], contact=contact)
    document = webhook_document(data, catalogue)
    assert document["event"] == "case_updated" and document["changes"] == ["contact_added"]
    assert document["contact"] == contact
    assert "+442079460958" in how_to_reach(data) and "Ann" in how_to_reach(data)


def test_webhook_body_is_deterministic_compact_utf8_json(catalogue):
    data = snapshot(reports=[{"at": "x", "text": "Schmerzen im Rücken"}])
    body = webhook_body(data, catalogue)
    assert body == webhook_body(data, catalogue)
    assert "Rücken".encode() in body
    assert json.loads(body)["patient_words"][0]["text"] == "Schmerzen im Rücken"


def test_slack_message_keeps_patient_words_out_of_the_notification_text(catalogue):
    message = slack_message(snapshot(), "C1", catalogue, mention="<!here>")

    assert message["channel"] == "C1"
    assert PATIENT_MESSAGE not in message["text"]
    assert message["text"].startswith("<!here> :rotating_light: EMERGENCY")
    assert "ESC-ABCDEFGH" in message["text"] and "cauda equina syndrome" in message["text"]
    blocks = json.dumps(message["blocks"])
    assert PATIENT_MESSAGE in blocks
    assert "may indicate _cauda equina syndrome_" in blocks
    assert "How to reach them" in blocks and "Recent conversation" in blocks
    for block in message["blocks"]:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000
    assert "thread_ts" not in message


def test_slack_message_escapes_patient_text():
    data = snapshot(reports=[{"at": "x", "text": "<!channel> see <http://evil|here> & more"}])
    blocks = json.dumps(slack_message(data, "C1")["blocks"])
    assert "<!channel>" not in blocks and "&lt;!channel&gt;" in blocks
    assert "&amp; more" in blocks


def test_slack_mention_only_for_emergency_and_urgent():
    assert not slack_message(snapshot(urgency="soon"), "C1", mention="<!here>")["text"].startswith(
        "<!here>"
    )
    assert slack_message(snapshot(urgency="urgent"), "C1", mention="<!here>")["text"].startswith(
        "<!here>"
    )


def test_slack_update_goes_to_the_thread_and_broadcasts_urgency_rises():
    raised = snapshot(revision=2, changes=["urgency_raised"], previous_urgency="urgent")
    message = slack_message(raised, "C1", thread_ts="1700000000.000001")
    assert message["thread_ts"] == "1700000000.000001" and message["reply_broadcast"] is True
    assert "update of ESC-ABCDEFGH" in message["text"]
    assert "raised from urgent" in json.dumps(message["blocks"])

    contact = snapshot(revision=3, changes=["contact_added"])
    assert slack_message(contact, "C1", thread_ts="1.2")["reply_broadcast"] is False


def test_long_transcripts_are_cut_to_slack_limits():
    transcript = [{"at": "t", "speaker": "patient", "text": "x" * 900} for _ in range(30)]
    message = slack_message(snapshot(transcript=transcript, reports=transcript), "C1")
    for block in message["blocks"]:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000


def test_callback_case_without_flags():
    data = snapshot(reason="callback_request", urgency="soon", flags=[], reports=[])
    message = slack_message(data, "C1")
    assert "asks for a call back" in message["text"]
    assert "none reported" in json.dumps(message["blocks"])
