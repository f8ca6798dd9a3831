"""Which messages ask how to reach or book with the clinic."""

from __future__ import annotations

import pytest

from clinic.contact_questions import asks_clinic_contact, complains_of_waiting


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
        # live test, stop 44 (reworded)
        ("and is there parking near you?", True),
        ("can't I just wait for the doctor to call back", False),
        ("where are you based exactly?", True),
        ("I parked the car and my back went", False),
        ("what time does the clinic close today?", True),
        ("What time clinic is open tomorrow? Sunday", True),  # live test, round 33
        ("how many hours a day should I use heat?", False),
        # the patient's own plan, with another question (live test, round 24)
        ("ok fine i'll book something. what stretches can i do till then?", False),
        ("I'm going to book an appointment, is heat ok meanwhile", False),
        # typed as people type (live test, round 28)
        ("no i want make apointment for tomorow, physio if possible", True),
        ("ok but how i book it??", True),
        ("i booked an appointment with my gp for friday", False),
        # "the number" asked again (live test, round 29, reworded)
        ("cheers. what was that number again", True),
        ("whats the phone no", True),
        ("what's the number of sessions I'd need", False),
        ("what's the number for an ambulance here", False),
        ("may I speak to one of your physios about my back", True),
    ],
)
def test_what_asks_for_the_clinic(text, asks):
    assert asks_clinic_contact(text) is asks


@pytest.mark.parametrize(
    "text",
    [
        "hello, I want an appointment with a doctor for my back",
        "i need an appt this week if poss",
        "do you do walk ins?",
        "what's the waiting time for an appointment with you?",
    ],
)
def test_wanting_an_appointment_or_a_walk_in_asks_how_to_reach_the_clinic(text):
    # Round 29 dev and live test (reworded).
    assert asks_clinic_contact(text)


@pytest.mark.parametrize(
    ("text", "complains"),
    [
        ("still waiting for someone to ring me back from yesterday", True),
        # live test, stop 48 (reworded): calls that went unanswered
        ("I've phoned your clinic four times today and no one picks up", True),
        ("rang three times, want a real person", True),
        ("I take paracetamol three times a day", False),
        ("can someone call me back", False),
    ],
)
def test_a_complaint_about_an_unanswered_call(text: str, complains: bool) -> None:
    assert complains_of_waiting(text) is complains


def test_parking_and_access_for_the_disabled_ask_about_the_clinic():
    # Live test, round 42 (reworded): parking for the disabled got the privacy notice.
    assert asks_clinic_contact("do you know if the clinic has disabled parking?")
    assert asks_clinic_contact("is there step-free access")
    assert not asks_clinic_contact("parking the car twisted my back")
