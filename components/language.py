"""Tells whether a message is written in a language other than English.

The assistant only understands English. Character n-grams make a message in another language
look like some English topic ("Tengo un espasmo" resembles "TENS"), so such messages are
recognised before the dialogue answers them: by script (mostly non-Latin letters), or by
function words of the common Latin-script languages (spaCy's official stop-word lists)
outnumbering English ones. Typos and medical words do not make English look foreign: only
function words count.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from functools import lru_cache
from typing import Dict, FrozenSet, Optional, Tuple

from clinic.contract import THANKS_WORDS

#: Latin-script languages whose function words are recognised (spaCy ships their lists).
OTHER_LANGUAGES: Tuple[str, ...] = ("es", "fr", "de", "it", "pt", "nl", "pl", "tr", "sv", "ro")
MIN_LETTERS = 3
MIN_FOREIGN_WORDS = 2
#: A message the language model only guesses is foreign counts as foreign under this share of
#: English words.
MAX_ENGLISH_SHARE = 0.5
_WORD = re.compile(r"[^\W\d_]+")
#: Characters past Latin Extended-B: a letter among them is another script.
_BEYOND_LATIN = re.compile("[^\x00-\u024f]")
#: English words of patients' chat that other languages' stop-word lists also hold ("nice one,
#: ta. bye" is English): they count as English. Not the patient languages' own function words
#: ("want" and "door" are Dutch, "war" German, "son" Spanish).
ENGLISH_CHAT_WORDS = frozenset(
    {"ta", "bye", "nice", "cheers", "mate", "thanks", "thx", "ty", "lol", "ok", "okay", "hiya",
     "yeah", "yep", "nope", "nah", "pls", "plz", "fine", "care", "come", "stop", "till", "hit",
     "sex", "face", "total", "state", "press", "possible", "exact", "final", "local", "car", "cat"}
)  # fmt: skip


@lru_cache(maxsize=1)
def _stop_words() -> Tuple[FrozenSet[str], FrozenSet[str]]:
    from spacy.lookups import load_lookups

    english = (
        frozenset(importlib.import_module("spacy.lang.en.stop_words").STOP_WORDS)
        | ENGLISH_CHAT_WORDS
    )
    lemmas = load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")
    other: set = set()
    for code in OTHER_LANGUAGES:
        other |= importlib.import_module(f"spacy.lang.{code}.stop_words").STOP_WORDS
    # Single letters ("s" of "that's", "u" of "r u") and words that are also English ("stop",
    # "fine", "me", "no") say nothing about the language.
    return english, frozenset(
        w for w in other if len(w) > 1 and w not in english and w not in lemmas
    )


def is_other_language(text: str) -> bool:
    """Whether the text is written in a language other than English.

    Args:
        text: The message.

    Returns:
        True for mostly non-Latin letters, or when at least two function words of another
        language outnumber the English ones; False for English, and for too little text to
        tell (emoji, numbers, one word).
    """
    letters = [c for c in text if c.isalpha()]
    if len(letters) < MIN_LETTERS:
        return False
    latin = sum(1 for c in letters if unicodedata.name(c, "").startswith("LATIN"))
    if latin * 2 < len(letters):
        return True
    english, other = _stop_words()
    words = _WORD.findall(text.lower())
    foreign = sum(1 for w in words if w in other)
    return foreign >= MIN_FOREIGN_WORDS and foreign > sum(1 for w in words if w in english)


@lru_cache(maxsize=1)
def _english_words() -> FrozenSet[str]:
    from spacy.lookups import load_lookups

    table = load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")
    english, _ = _stop_words()
    return frozenset(english) | frozenset(table.keys()) | frozenset(table.values())


def english_share(text: str) -> float:
    """The share of a message's words (two letters or more) that are English words.

    Args:
        text: The message.

    Returns:
        From 0.0 to 1.0; 1.0 when it has no such word.
    """
    words = [w for w in _WORD.findall(text.lower()) if len(w) > 1]
    if not words:
        return 1.0
    known = _english_words()
    return sum(1 for w in words if w in known) / len(words)


#: Words by which a message in a patient language supposes or asks about a symptom ("what if",
#: "in case", "the difference", "to prevent", "is it true") rather than reports it: there the
#: other-language emergency model must be surer (the English rules' scope cannot read these).
#: Words that also start reports ("when I wipe...", "I don't know if...") are left out.
DOUBT_CUES: Dict[str, Tuple[str, ...]] = {
    "es": ("qué pasa si", "que pasa si", "y si", "por si", "diferencia", "evitar", "prevenir",
           "es verdad", "qué hago si", "que hago si", "si alguna vez", "si algún día",
           "si algun dia", "en caso de que",
           # long ago, read about it, what does it mean
           "hace años", "años atrás", "de pequeño", "de pequeña", "de niño", "de niña",
           "cuando era pequeño", "cuando era pequeña", "me recuperé", "qué significa",
           "que significa", "lo leí", "leí que", "vi en", "por curiosidad"),
    "de": ("falls", "angenommen", "was wäre wenn", "unterschied", "vermeiden", "vorbeugen",
           "wenn jemals", "sollte jemals",
           "was macht man", "was tun wenn", "stimmt es",
           "vor jahren", "jahre her", "als kind", "interessehalber", "nur interesse",
           "was bedeutet", "gelesen", "aus neugier"),
    "nl": ("stel dat", "wat als", "verschil", "voorkomen", "klopt het", "wat moet je doen als",
           "als ooit", "mocht ik ooit",
           "jaar geleden", "jaren geleden", "als kind", "vroeger", "wat betekent", "gelezen",
           "uit nieuwsgierigheid"),
    "tr": ("olursa", "eğer", "fark\u0131", "önlemek", "doğru mu", "ne yapmak gerekir",
           "y\u0131l önce", "y\u0131llar önce", "çocukken", "ne demek", "okudum", "merak ettim"),
    "ar": ("إذا", "اذا", "لو", "الفرق", "أتجنب", "اتجنب", "لتجنب", "ازاي أتجنب",
           "منذ سنوات", "من سنوات", "قبل سنوات", "لما كنت صغير", "وأنا صغير", "وانا صغير",
           "قرأت", "ما معنى", "شو يعني", "يعني ايه",
           # Moroccan in Latin letters: "w ila chi nhar ..." ("and if one day ...")
           "ila chi nhar", "ila kan", "ila wqe3", "ila w9e3"),
}  # fmt: skip


#: Words that say outright the message supposes ("hypothetically", "in theory"): a report
#: never has them, so there the other-language model must be as sure as for a checklist of
#: denials.
SUPPOSING_CUES: Dict[str, Tuple[str, ...]] = {
    "es": ("hipotéticamente", "hipoteticamente", "en teoría", "en teoria", "supongamos"),
    "de": ("hypothetisch", "rein theoretisch", "theoretisch gefragt", "nur mal angenommen"),
    "nl": ("hypothetisch", "puur theoretisch", "theoretisch gezien"),
    "tr": ("varsayal\u0131m", "varsayalim", "teorik olarak", "farazi olarak"),
    "ar": ("افتراضيا", "افتراضياً", "سؤال افتراضي", "نظريا", "نظرياً"),
}  # fmt: skip


def _has_cue(text: str, cues: Optional[Tuple[str, ...]]) -> bool:
    if not cues:
        return False
    lowered = " " + " ".join(_WORD.findall(text.lower())) + " "
    return any(f" {cue} " in lowered for cue in cues)


def supposes(text: str, language: Optional[str]) -> bool:
    """Whether a message in a patient language says outright that it supposes.

    Args:
        text: The message.
        language: Its language (`tr`, `nl`, `de`, `es`, `ar`).

    Returns:
        True when one of the language's `SUPPOSING_CUES` stands in it as a word or phrase.
    """
    return _has_cue(text, SUPPOSING_CUES.get(language or ""))


def doubts(text: str, language: Optional[str]) -> bool:
    """Whether a message in a patient language asks about or supposes rather than reports.

    Args:
        text: The message.
        language: Its language (`tr`, `nl`, `de`, `es`, `ar`).

    Returns:
        True when one of the language's `DOUBT_CUES` stands in it as a word or phrase.
    """
    return _has_cue(text, DOUBT_CUES.get(language or "")) or supposes(text, language)


#: How a message in a patient language says a sign is absent ("no chest pain", "kein Unfall",
#: "geen tintelingen", "uyuşma yok", "ما عندي"): there too the other-language emergency model
#: must be surer, as it reads the sign's words and not their denial. Not the losses that are
#: themselves signs ("kein Gefühl", "geen gevoel", "his yok" would be; none is listed), nor
#: "is this normal?" ("normal mi", "هل هذا طبيعي؟").
DENIAL_CUES: Dict[str, re.Pattern[str]] = {
    language: re.compile(pattern, re.IGNORECASE)
    for language, pattern in {
        # "no tiene dolor de pecho ni le falta el aire" (a relative's)
        "es": r"\bno (tengo|tiene|hay|he tenido|ha tenido|noto|me duele|le duele|siento dolor)\b"
              r"(?! (sensibilidad|control|fuerza))|\bni (hormigueo|dolor|fiebre|mareo)\b"
              r"|\bsin (dolor|fiebre|hormigueo|caída|caida|golpe)\b|\bnada raro\b"
              r"|\b(ni|no) (me|le) falta el aire\b"
              r"|\borino normal\b|\b(todo|está|esta) normal\b|\bestán bien\b|\bpiernas bien\b",
        "de": r"\bkein(e|en)? (unfall|sturz|fieber|schmerz\w*|taubheit\w*|kribbeln|atemnot|"
              r"problem\w*)\b|\bnicht (gestürzt|gefallen|taub|kurzatmig)\b"
              r"|\balles normal\b|\bganz normal\b",
        "nl": r"\bgeen (pijn|koorts|tinteling\w*|ongeluk|val|problemen|klachten|doof\w*)\b"
              r"|\bniet (kortademig|benauwd|misselijk|gevallen|doof)\b|\balles normaal\b"
              r"|\bgewoon (plassen|plast)\b",
        "tr": r"\b(uyuşma|uyusma|ağr\u0131|agri|ateş|ates|sorun|problem|his kayb\u0131|"
              r"his kaybi)\w* yok\b"
              r"|\bdüşmedim\b|\bdusmedim\b|\bnormal\b(?! ?m[i\u0131]\b)",
        "ar": r"ما عندي|ما فيني|ما في |مافي |لا يوجد|\bma 3ande\b|\bma 3andi\b|\bma fi\b"
              r"|\bma fish\b|\bmafi\b|\bwala\b|\b(mafiya|ma fiya|mafia) walo\b"
              r"|(?<!هل هذا )طبيعي(?!\s*[؟?])"
              r"|\btabi3i\b(?!\s*[؟?])",
    }.items()
}  # fmt: skip


def denials(text: str, language: Optional[str]) -> int:
    """How many signs a message in a patient language says are absent ("sin fiebre, sin ...").

    Args:
        text: The message.
        language: Its language (`tr`, `nl`, `de`, `es`, `ar`).

    Returns:
        The number of the language's `DENIAL_CUES` found in it.
    """
    cues = DENIAL_CUES.get(language or "")
    return len(cues.findall(text)) if cues else 0


def denies(text: str, language: Optional[str]) -> bool:
    """Whether a message in a patient language says that some sign is absent.

    Args:
        text: The message.
        language: Its language (`tr`, `nl`, `de`, `es`, `ar`).

    Returns:
        True when the language's `DENIAL_CUES` pattern is found in it.
    """
    cues = DENIAL_CUES.get(language or "")
    return bool(cues and cues.search(text))


#: Other words a short thanks (`THANKS_WORDS`) may have ("great, thanks!" in any language).
THANKS_MAX_OTHER_WORDS = 2
#: Words that go with a thanks or a goodbye ("many", "very", "see you", "God reward you").
THANKS_FILLERS: FrozenSet[str] = frozenset(
    {
        "muchas", "muchísimas", "muchisimas", "mil", "hasta", "luego", "pronto", "muy",
        "amable", "doctor", "doctora", "vielen", "herzlichen", "schön", "schoen", "sehr", "auf",
        "je", "wel", "hartelijk", "heel", "erg", "dag", "tot", "ederim", "çok", "cok", "kal",
        "kal\u0131n", "allah", "raz\u0131", "razi", "olsun",
        "جزيلا", "جزيلاً", "كتير", "الله", "خير", "خيرا", "خيراً", "يعطيك", "مع",
        "baraka", "allahu", "fik", "ma", "salama", "beaucoup", "bien", "mille", "bardzo", "thank",
        "lot", "bro", "again",
        # "mil gracias che, me re sirvió"
        "che", "re", "sirvió", "sirvio", "ayudó", "ayudo", "genial", "vale",
    }
)  # fmt: skip


def is_thanks(text: str) -> bool:
    """Whether a message is only a thanks or a goodbye in another language.

    Args:
        text: The message.

    Returns:
        True when it has a word of `THANKS_WORDS` and every other word is a filler of
        `THANKS_FILLERS` or an English function or chat word ("so", "ok"), or when it is a
        thanks word with at most `THANKS_MAX_OTHER_WORDS` words of any kind and no question
        ("super, danke!").
    """
    words = _WORD.findall(text.lower())
    if not any(w in THANKS_WORDS for w in words):
        return False
    if len(words) <= THANKS_MAX_OTHER_WORDS + 1 and "?" not in text:
        return True
    english, _ = _stop_words()
    return all(w in THANKS_WORDS or w in THANKS_FILLERS or w in english for w in words)


def looks_english(text: str) -> bool:
    """Whether a message is plainly English (a cheap first check before the language model).

    Plainly English: Latin letters, two or more English function words, none of another
    language's.

    Args:
        text: The message.

    Returns:
        True when it is plainly English; False when unsure.
    """
    english, other = _stop_words()
    words = _WORD.findall(text.lower())
    if sum(1 for w in words if w in english) < MIN_FOREIGN_WORDS:
        return False
    if any(w in other for w in words):
        return False
    return not any(char.isalpha() for char in _BEYOND_LATIN.findall(text))
