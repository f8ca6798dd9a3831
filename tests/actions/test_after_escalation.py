"""Questions after emergency advice: a taxi, medicine, what to say, two at once (issue 8)."""

from __future__ import annotations

import pytest

from actions.after_escalation import question_kind, question_kinds
from actions.faq import ActionAnswerFaq
from tests.actions.test_fallback import emergency_then, responses, run


@pytest.mark.parametrize(
    "text, kind",
    [
        ("would an uber be ok", "driven"),
        ("shall I have some tramadol while I wait for them", "waiting"),
        ("what do I tell them when they pick up", "what_to_say"),
        ("should i mention my prostate cancer to the paramedics", "what_to_say"),
        ("dont need a call back, the paramedics are on their way", "ok"),
    ],
)
def test_what_a_question_after_emergency_advice_is_about(text, kind):
    assert question_kind(text) == kind


async def test_two_questions_after_emergency_advice_get_two_answers():
    text = "can a cab take me or not?? and can i take my co-codamol first"
    assert question_kinds(text)[:2] == ["driven", "waiting"]
    events = emergency_then(text, [("faq", 0.9)])
    messages, _ = await run(ActionAnswerFaq, events, red_flag_urgency="emergency")
    assert responses(messages) == [
        "utter_escalation_after_driven_emergency",
        "utter_escalation_after_waiting_emergency",
    ]
