"""Tests for escalation.replies: yes, no and "stop" in the callback form."""

import pytest

from escalation.replies import consent_value, wants_to_stop


@pytest.mark.parametrize(
    "typed",
    [
        "no",
        "No thanks",
        "stop",
        "STOP!",
        "cancel",
        "never mind",
        "I'd rather not",
        "nope",
        "actually nah forget it, ill just ring the number u gave me",
        "sorry, never mind, I'll call them myself",
        # A refusal said again, inside the form it already started.
        "i said no call back. bye",
        "I don't want a call, thanks",
        "oh no, forget it, I'll phone the surgery",
        # Surprised by the form, with a question after it.
        "huh? I don't want a call. is a taxi ok",
        # "stop" with more after it, a service's number in it
        "stop. no call please, should i ring 111 or wait",
        # an acknowledgement first, a question after
        "ok stop. can i just ask - should i be doing stretches or resting?",
        "i said stop, thanks",
        # a change of mind told at length (round 30 dev, reworded)
        "Thinking about it, I'll phone the practice myself tomorrow. Thank you anyway.",
        # formally (round 39 dev, reworded)
        "On reflection I shall telephone the clinic myself next week. Kindly disregard the above.",
        "Please ignore my request.",
        # not wanting the details kept (live test, round 43, reworded)
        "no actually I don't want you to keep my mum's details, forget it",
        "no wait, i dont want you storing my number",
    ],
)
def test_refusals_stop_the_form(typed):
    assert wants_to_stop(typed)


@pytest.mark.parametrize(
    "typed",
    [
        "Nora",
        "Noah Stopford",
        "Don",
        "+44 20 7946 0958",
        "yes",
        "nah its 07911 123456",
        "what is the number",
        "ok its 07700 900123",
        "okay, Stella Fine",
        # a correction of the last answer, not of the request
        "ignore that, my name is Jo Bell",
    ],
)
def test_names_and_numbers_are_not_refusals(typed):
    assert not wants_to_stop(typed)


def test_stop_intent_stops_the_form():
    assert wants_to_stop("whatever", intent="deny")
    assert not wants_to_stop("whatever", intent="inform")
    # A question about the call is not a refusal, whatever the NLU hears in it.
    assert not wants_to_stop("so does that mean I don't have to phone them myself?", "deny")
    # A change of mind first, a question after it (live test, round 23): a stop.
    changed = "actually no forget it, i'll just ask here. is it better to rest in bed?"
    assert wants_to_stop(changed, "deny")
    assert wants_to_stop(changed, "faq")
    # round 47 dev (reworded): "don't worry" before the question
    assert wants_to_stop("actually no don't worry, i'll try ice first. how long for?", "faq")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, True),
        (False, False),
        ("yes", True),
        ("Yes.", True),
        ("I agree", True),
        ("no", False),
        ("no thanks", False),
        ("ye", True),
        ("yes, thank you", True),
        ("yes. should i bring his tablets?", True),
        ("I do agree. Thank you for your assistance, you have been most helpful.", True),
        ("that's fine, thanks", True),
        # as people agree (round 30 dev, reworded)
        ("aye go on", True),
        ("absolutely, thanks", True),
        ("yeh go on then", True),
        ("ok fine i'll call 999", None),  # an "ok" to something else is no consent
        ("i do not agree", False),
        ("yes but not now", None),  # a yes with a no in it is not explicit
        # a bare yes or no that ends the reply (live test, stop 44, reworded)
        ("Hmm, I don't much care for that. No.", False),
        ("right, I see. Yes", True),
        ("no idea what that means. yes", None),  # a yes after a no is not explicit
        ("y. paramedics here now", True),  # live test, round 37
        ("y no", None),
        ("ye serious? it's only from kneeling", None),  # a question back (round 37 dev)
        ("yeah really?", None),
        # a reluctant yes (live test, round 50, reworded)
        ("i guess so", True),
        ("suppose so then", True),
        ("i suppose so but not sure", None),  # the "not" makes it unclear
        ("maybe", None),
        ("", None),
        (None, None),
    ],
)
def test_consent_must_be_explicit(value, expected):
    assert consent_value(value) is expected
