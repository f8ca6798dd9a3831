"""Thanks, goodbyes and "ok" read by their form (actions/small_talk.py, issue 8)."""

from __future__ import annotations

import pytest

from actions.faq import ActionAnswerFaq
from actions.small_talk import acknowledgement, greeting_question
from tests.actions.test_fallback import parse, responses, run, user


async def test_thanks_the_model_read_as_a_question_is_thanked():
    message = parse("cheers, really helpful. bless you", [("faq", 0.99)], [("prevention", 0.09)])
    messages, _ = await run(ActionAnswerFaq, [user(message)])
    assert responses(messages) == ["utter_thank"]


@pytest.mark.parametrize(
    "text, reply",
    [
        ("cheers, that's really helpful 👍", "utter_thank"),
        ("lovely, thanks. night night", "utter_goodbye"),
        # Round 43 live test (reworded): a goodbye after the thanks, and a Northern "ta-ra".
        ("Thanks so much, that was really useful. Have a lovely evening.", "utter_goodbye"),
        ("ta very much, ta-ra", "utter_goodbye"),
        ("ok goodnight", "utter_goodbye"),
        ("haha fair enough", "utter_acknowledge"),
        ("about time. ok", "utter_acknowledge"),
        ("ok what about a heat pad then", None),
        ("thanks - is swimming ok?", None),
        ("gracias!! you were a big help", "utter_thank"),
        ("ok tesekkurler, bye", "utter_goodbye"),
        # round 32 dev (reworded): a plan of one's own, a season's wish
        ("right so, I'll give the paracetamol and the heat pad a go", "utter_acknowledge"),
        ("I'll try the stretches but which is the best one", None),
        ("Merry Christmas to you!", "utter_goodbye"),
        # round 37 dev and live test (reworded): formal thanks, "laters", "ta ra"
        ("You have been so helpful. Good evening.", "utter_thank"),
        ("ok laters", "utter_goodbye"),
        ("ta ra then", "utter_goodbye"),
    ],
)
def test_thanks_and_acknowledgements_are_read_by_their_form(text, reply):
    assert acknowledgement(text) == reply


def test_asking_whether_this_is_the_clinic_is_a_greeting():
    assert greeting_question("heyy is this the physio clinic??") == "utter_greet"
    assert greeting_question("hello am i talking to the practice") == "utter_greet"
    assert greeting_question("is this normal for a back spasm?") is None
    # asking whether one may ask: yes, with what the bot can help with
    assert greeting_question("Morning. Is it ok to ask about my back on here?") == "utter_greet"
    assert greeting_question("hiya could i ask you something") == "utter_greet"
    assert greeting_question("can i ask about ibuprofen doses") is None
    # Round 43 dev (reworded): a question announced, not yet asked, is invited.
    assert greeting_question("got a quick question about my back") == "utter_greet"
    assert greeting_question("question about spasms") == "utter_greet"
    assert greeting_question("question about spasms: how long do they last") is None


@pytest.mark.parametrize(
    "text",
    [
        # Live test, round 29 (reworded): a goodbye after a longer sentence, in Spanish, a wish.
        "ok that didn't really cover it but never mind. thanks, bye!",
        "muchas thanks, adiós",
        "thank you, have a lovely weekend",
        # stop 42's live test (reworded): a goodnight cut short
        "cheers, night",
    ],
)
def test_goodbyes_after_other_words_or_as_wishes_are_goodbyes(text):
    assert acknowledgement(text) == "utter_goodbye"


@pytest.mark.parametrize("text", ["legend", "bet 👍", "sweet", "safe"])
def test_slang_acknowledgements_are_acknowledged(text):
    # Round 29 dev: "legend 👍", "bet" and "safe" got an article.
    assert acknowledgement(text) == "utter_acknowledge"


@pytest.mark.parametrize(
    "text, reply",
    [
        # round 46 dev: a thumbs up after an answer; the NLU's tokenizer sees no word in it
        ("👍", "utter_acknowledge"),
        ("👌🏼 👌🏼", "utter_acknowledge"),
        ("🙏", "utter_thank"),
        ("😡", None),
    ],
)
def test_approving_emoji_alone_are_an_acknowledgement_or_thanks(text, reply):
    assert acknowledgement(text) == reply
