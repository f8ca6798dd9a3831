"""Every sentence of escalation lives in `domain/`, and every one there is used."""

import re
from pathlib import Path

from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from clinic.contract import (
    DOMAIN_PATH,
    PROJECT_ROOT,
    RESPONSE_NOTHING_KEPT,
    RESPONSE_NOTHING_KEPT_CASE,
    SLOT_CONTACT_CONSENT,
    SLOT_EMERGENCY_CALLED,
    URGENCIES,
)
from clinic.responses import load_responses, placeholders
from escalation import rules
from escalation.messages import DOCTOR_RESPONSES_PATH, PREFIX

ESCALATION_RESPONSES = DOMAIN_PATH / "escalation.yml"
CHANGES = [
    rules.CHANGE_OPENED,
    rules.CHANGE_URGENCY_RAISED,
    rules.CHANGE_FLAGS_ADDED,
    rules.CHANGE_CONTACT_ADDED,
    rules.CHANGE_NOTE_ADDED,
]


def source(path: str) -> str:
    return (PROJECT_ROOT / path).read_text(encoding="utf-8")


def names_with(prefix: str, path: Path) -> set:
    return {name for name in load_responses(path) if name.startswith(prefix)}


def test_every_doctor_response_is_used_and_every_used_one_exists():
    code = source("escalation/messages.py")
    used = {PREFIX + key for key in re.findall(r"say\(\s*[\"']([a-z_]+)[\"']", code)}
    used |= {f"{PREFIX}advice_given_{u}" for u in URGENCIES}
    used |= {f"{PREFIX}headline_{u}" for u in URGENCIES}
    used |= {f"{PREFIX}change_{c}" for c in CHANGES}
    assert names_with(PREFIX, DOCTOR_RESPONSES_PATH) == used


def test_every_patient_response_of_the_actions_is_used_and_exists():
    code = "".join(
        source(f"actions/{module}.py")
        for module in ("escalation", "callback_form", "callback_submit")
    )
    static = set(re.findall(r'"(utter_escalation_[a-z_]+)"', code))
    used = {name for name in static if not name.endswith("_")}
    # named in clinic/contract.py: the call-back offer reads them too
    used |= {RESPONSE_NOTHING_KEPT, RESPONSE_NOTHING_KEPT_CASE}
    for kind in ("recorded", "not_recorded", "callback_saved"):
        used |= {f"utter_escalation_{kind}_{u}" for u in URGENCIES}
    for kind in ("recorded", "callback_saved"):
        used |= {f"utter_escalation_{kind}_no_alert_{u}" for u in URGENCIES}
    # A new emergency sign after the emergency number was called (actions/escalation.py).
    used |= {f"utter_escalation_recorded_{alert}call_again" for alert in ("", "no_alert_")}
    # A correction of a more urgent report (actions/escalation.py).
    used |= {
        f"utter_escalation_recorded_{alert}{said}"
        for alert in ("", "no_alert_")
        for said in ("correction", "again")
    }
    used |= {
        f"utter_escalation_callback_saved_{alert}emergency_underway" for alert in ("", "no_alert_")
    }
    assert names_with("utter_escalation_", ESCALATION_RESPONSES) == used


def test_patient_responses_use_only_the_variables_the_actions_pass():
    allowed = {"case_id", "emergency_number", "name", "phone", "phone_example"}
    for name, variations in load_responses(ESCALATION_RESPONSES).items():
        if name.startswith("utter_escalation_"):
            for variation in variations:
                assert placeholders(variation["text"]) <= allowed, name


def test_no_patient_or_doctor_sentence_is_left_in_the_code():
    for path in (
        "actions/escalation.py",
        "actions/callback_form.py",
        "actions/callback_submit.py",
        "escalation/messages.py",
    ):
        code = source(path)
        for sentence in ("I've passed this on", "Please call", "Told to", "No phone number"):
            assert sentence not in code, (path, sentence)


async def test_a_new_emergency_sign_after_a_booked_call_back_gets_no_second_offer():
    domain = Domain.load(str(DOMAIN_PATH))
    nlg = TemplatedNaturalLanguageGenerator(domain.responses)

    async def offer(consent: object, called: object = None) -> str:
        events = [SlotSet(SLOT_CONTACT_CONSENT, consent), SlotSet(SLOT_EMERGENCY_CALLED, called)]
        tracker = DialogueStateTracker.from_events("patient", events, slots=domain.slots)
        sent = await nlg.generate(
            "utter_offer_callback_after_emergency", tracker, "rest", emergency_number="999"
        )
        return sent["text"]

    assert "already has your name and number" in await offer(True)
    for consent in (None, False):  # never asked, or declined: the offer stands
        assert "Would you like a call back as well?" in await offer(consent)
    # A new sign after the emergency number was called: a short reminder, unless booked.
    assert "already has your name and number" in await offer(True, called=True)
    for consent in (None, False):
        assert (await offer(consent, called=True)).startswith("If you'd also like the clinic")
