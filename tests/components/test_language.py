"""components.language and the LanguageGuard component."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from components.language import (
    denials,
    denies,
    doubts,
    is_other_language,
    is_thanks,
    supposes,
)
from components.language_guard import LanguageGuard
from components.language_model import LanguageModel


@pytest.mark.parametrize(
    "text",
    [
        "Tengo un espasmo en la espalda, ¿qué hago?",
        "J'ai mal au dos, que faire ?",
        "Ich habe Rückenschmerzen, was soll ich tun?",
        "Mam skurcz pleców, co robić?",
        "ho un dolore alla schiena",
        "我的背很痛",
        "ظهري يؤلمني كثيرا",
        "У меня болит спина",  # noqa: RUF001 - Cyrillic on purpose
    ],
)
def test_other_languages_are_recognised(text: str) -> None:
    assert is_other_language(text)


@pytest.mark.parametrize(
    "text",
    [
        "How do I use ice for a back spasm?",
        "bak spams musle help",  # typos are still English
        "r u a bot",
        "that's fine",
        "let's stop here",
        "my nose won't stop running",
        "what's child's pose",
        "ibuprofen?",
        "ok",
        "no",
        "😀😀",
        "",
        "12345",
        "I wet myself and can't feel anything down there",
        # British chat words some other languages' stop-word lists hold ("nice", "ta").
        "nice one, ta. bye",
        "fine thanks, cheers mate",
    ],
)
def test_english_and_too_little_text_are_not_flagged(text: str) -> None:
    assert not is_other_language(text)


def run(text: str, intent: str = "faq") -> Message:
    message = Message(data={"text": text})
    message.set("intent", {"name": intent, "confidence": 0.9})
    message.set("intent_ranking", [{"name": intent, "confidence": 0.9}])
    LanguageGuard({}).process([message])
    return message


def test_guard_sets_other_language_first_in_the_ranking() -> None:
    message = run("Tengo un espasmo en la espalda, ¿qué hago?")
    assert message.get("intent") == {"name": "other_language", "confidence": 1.0}
    assert [i["name"] for i in message.get("intent_ranking")] == ["other_language", "faq"]


def test_guard_leaves_english_alone() -> None:
    message = run("How do I use heat?")
    assert message.get("intent") == {"name": "faq", "confidence": 0.9}


@pytest.mark.parametrize(
    "text",
    [
        "danke sehr",
        "Gracias doctora!",
        "teşekkür ederim",
        "شكرا جزيلا",
        "thank you, merci",
        "super, bedankt!",  # a short thanks, whatever its other words
        "mil gracias che, me re sirvió",  # round 40 dev: Argentinian fillers
    ],
)
def test_a_thanks_in_another_language_is_small_talk(text: str) -> None:
    assert is_thanks(text)
    assert run(text).get("intent")["name"] == "other_language_thanks"


@pytest.mark.parametrize(
    "text",
    ["thanks a lot", "ok doctor", "gracias, no puedo mover las piernas", "danke, was hilft?"],
)
def test_english_thanks_and_thanks_with_more_are_not(text: str) -> None:
    assert not is_thanks(text)


def test_english_with_a_thanks_in_another_language_is_an_english_thanks() -> None:
    # Round 39 dev (reworded): DIET read "Grazie mille" and the bot said it only understands
    # English, after the patient had called the ambulance.
    message = run("ok we have called the ambulance now. grazie mille", "other_language_thanks")
    assert message.get("intent")["name"] == "thank"
    assert run("grazie mille", "other_language_thanks").get("intent")["name"] == (
        "other_language_thanks"
    )


def test_an_out_of_scope_keyboard_mash_is_not_understood() -> None:
    message = run("fjdkslq wpoeir mvnbx", intent="out_of_scope")
    assert message.get("intent") == {"name": "nlu_fallback", "confidence": 1.0}
    assert [i["name"] for i in message.get("intent_ranking")] == ["nlu_fallback", "out_of_scope"]


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("what's the weather like tomorrow", "out_of_scope"),  # read, and out of scope
        ("spzm bck", "faq"),  # only an out-of-scope verdict is set aside
        ("🙂🙂", "out_of_scope"),  # no word at all to tell by
    ],
)
def test_guard_keeps_intents_it_has_words_for(text: str, intent: str) -> None:
    assert run(text, intent=intent).get("intent")["name"] == intent


def test_guard_tolerates_missing_text() -> None:
    message = Message(data={})
    LanguageGuard({}).process([message])
    assert message.get("intent") is None


def guessed(text: str, guess: str) -> Message:
    message = Message(data={"text": text})
    message.set("intent", {"name": "faq", "confidence": 0.9})
    message.set("language", None)  # the language model was unsure ...
    message.set("language_guess", guess)  # ... but this is its best guess
    LanguageGuard({}).process([message])
    return message


@pytest.mark.parametrize(
    ("text", "guess"),
    [("tomar naproxeno con comida?", "es"), ("warmtekussen of ijszak beter", "nl")],
)
def test_a_guessed_patient_language_with_few_english_words_is_other_language(
    text: str, guess: str
) -> None:
    assert not is_other_language(text)  # too few function words to tell on their own
    assert guessed(text, guess).get("intent")["name"] == "other_language"


@pytest.mark.parametrize(
    ("text", "guess"),
    [
        ("my bak hurts wen i bend over", "nl"),  # English with typos stays English
        ("what abt naproxen n paracetamol together", "es"),
    ],
)
def test_a_guess_alone_does_not_make_english_foreign(text: str, guess: str) -> None:
    assert guessed(text, guess).get("intent")["name"] == "faq"


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("¿y si un día no puedo controlar la orina?", "es", True),
        ("Falls die Beine taub werden, was dann?", "de", True),
        ("no siento las piernas desde esta mañana", "es", False),  # a report
        ("wenn ich mich abwische, spüre ich nichts", "de", False),  # "wenn" also starts reports
        ("¿y si un día no puedo controlar la orina?", None, False),  # English rules decide
        ("tuve un accidente de moto hace años, ahora solo un tirón", "es", True),  # long ago
        ("Was bedeutet Reithosenanästhesie? Habe ich nicht", "de", True),  # asks a meaning
        ("ik ben als kind van een ladder gevallen, nu spit", "nl", True),
        ("en wat als mijn benen ooit slap worden?", "nl", True),  # "what if"
        ("Was wäre wenn ich nichts mehr spüre beim Abwischen?", "de", True),
        ("si alguna vez pierdo fuerza en las piernas, voy a urgencias?", "es", True),  # "if ever"
        # round 40 dev (reworded): saying outright that it supposes
        ("hipotéticamente, espalda y pecho a la vez?", "es", True),
        ("rein hypothetisch, Rücken und Brust zugleich?", "de", True),
        # round 53 dev (reworded): Moroccan Arabic in Latin letters, "and if one day ..."
        ("w ila chi nhar tfeddat rjliya b jouj, chno ndir?", "ar", True),
    ],
)
def test_doubt_cues_are_read_per_language(text: str, language: str, expected: bool) -> None:
    assert doubts(text, language) is expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("no tengo fiebre y orino normal, solo la espalda", "es", True),
        ("ich bin nicht gestürzt, kein Fieber, nur Kreuzweh", "de", True),
        ("geen koorts en geen tintelingen, wel spit", "nl", True),
        ("ateş yok, uyuşma yok, sadece belim tuttu", "tr", True),
        ("ma fi wja3 b sadri, bas dahri", "ar", True),
        ("mi abuelo no tiene dolor de pecho ni le falta el aire", "es", True),  # round 40 dev
        ("daba ma fiya walo, ghir dahri", "ar", True),  # round 53 dev (reworded): "nothing now"
        # losses that are signs themselves, and "is this normal?", deny nothing
        ("no siento nada cuando me limpio", "es", False),
        ("ich habe kein Gefühl mehr zwischen den Beinen", "de", False),
        ("ik heb geen gevoel meer in mijn benen", "nl", False),
        ("bacaklarimda his yok, normal mi", "tr", False),
        ("لا أشعر بمثانتي، هل هذا طبيعي؟", "ar", False),
        ("no tengo fiebre", None, False),  # English rules decide
    ],
)
def test_denial_cues_are_read_per_language(text: str, language: str, expected: bool) -> None:
    assert denies(text, language) is expected


def test_not_short_of_breath_in_dutch_is_a_second_denial() -> None:
    # Round 51 dev (reworded): "geen pijn op de borst en niet benauwd" is a checklist of two
    # signs denied, which needs the surer checklist threshold.
    assert denials("geen pijn op de borst, niet benauwd, wel spit", "nl") == 2


def test_a_guess_without_english_is_the_best_other_language() -> None:
    model = LanguageModel.train(
        [
            ("can I take paracetamol and ibuprofen", "en"),
            ("paracetamol or ibuprofen for back pain", "en"),
            ("is ibuprofen better than paracetamol", "en"),
            ("puedo tomar algo para la espalda", "es"),
            ("tengo dolor de espalda desde ayer", "es"),
            ("kann ich etwas nehmen", "de"),
        ]
    )
    text = "puedo tomar paracetamol para la espalda"
    assert model.guess(text, english=False) == "es"
    assert model.guess("paracetamol and ibuprofen", english=False) != "en"


def test_probabilities_are_scikit_learns_own() -> None:
    """The softmax written out over a message's features is `predict_proba`, only faster."""
    model = LanguageModel.train(
        [
            ("my back hurts since monday", "en"),
            ("can I use heat for a spasm", "en"),
            ("me duele la espalda desde ayer", "es"),
            ("puedo usar calor para el espasmo", "es"),
            ("mein Rücken tut seit Montag weh", "de"),
            ("kann ich Wärme benutzen", "de"),
        ]
    )
    for text in ("me duele mucho la espalda", "Rücken tut weh", "back pain", "zzz qqq"):
        expected = model._model.predict_proba(model._features([text]))[0]
        assert model._probabilities(text) == pytest.approx(expected, abs=1e-12)


def test_a_two_language_model_is_refused() -> None:
    with pytest.raises(ValueError, match="multinomial"):
        LanguageModel.train([("my back hurts", "en"), ("me duele la espalda", "es")])


def test_a_message_that_supposes_outright_needs_the_checklist_certainty() -> None:
    # round 40 dev (reworded): "hipotéticamente, ... = emergencia?" is no report
    assert supposes("hipotéticamente, dolor de espalda y de pecho, es grave?", "es")
    assert supposes("varsayal\u0131m g\u00f6\u011f\u00fcs a\u011fr\u0131s\u0131 da oldu", "tr")
    assert not supposes("me duele el pecho y la espalda desde hoy", "es")
    assert not supposes("hipotéticamente", None)
