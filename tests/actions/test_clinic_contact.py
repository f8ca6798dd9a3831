"""Asking how to reach or book with the clinic goes to the call-back offer, which names both."""

from __future__ import annotations

import pytest

from actions.clinic_contact import asks_clinic_contact
from actions.fallback import ActionDefaultFallback
from actions.faq import ActionAnswerFaq
from tests.actions.test_fallback import parse, responses, run, user


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("whats the clinic number again sorry", True),
        ("the phone number for the clinic. to book", True),
        ("how do I book an appointment", True),
        ("can i book an appt", True),
        ("what's your website?", True),
        ("how many times a day should I stretch", False),
        ("should I call 999?", False),
        ("what number should I ring in an emergency", False),
        ("how would I book in with you", True),
        ("possible someone from the clinic ring me? easier by phone", True),
        ("right. could somebody at the clinic arrange that", True),
        ("could you book me in for that", True),
        ("can you sort that out for me", True),
        ("can you set a reminder", False),
        ("my back is bad, could you phone me back", True),
        ("when will the doctor ring me back?", False),
        ("has anyone from the clinic called me yet", False),
        ("would it be possible to see a physio at the clinic about this", True),
        ("can I come in and see someone next week", True),
        ("I can see someone waving at the window", False),
        ("whats ur opening hours", True),
        ("what time does the clinic close today?", True),
        ("how many hours a day should I use heat?", False),
        # the patient's own plan, with another question (live test, round 24)
        ("ok fine i'll book something. what stretches can i do till then?", False),
        ("I'm going to book an appointment, is heat ok meanwhile", False),
    ],
)
def test_what_asks_for_the_clinic(text, asks):
    assert asks_clinic_contact(text) is asks


@pytest.mark.parametrize("action_class", [ActionAnswerFaq, ActionDefaultFallback])
async def test_the_call_back_offer_follows(action_class):
    message = parse("whats the clinic number again", [("faq", 0.9)], [("who_to_see", 0.3)])
    messages, result = await run(action_class, [user(message)])
    assert responses(messages) == []
    assert result[-1] == {"event": "followup", "name": "utter_offer_callback", "timestamp": None}
