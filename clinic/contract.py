"""The contract shared by the NLU components, the actions, the channels, the widget and scripts.

Dependency-free on purpose (standard library only), like Home Assistant's `const.py`: every
module imports its names from here instead of writing them again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Dict, Final, FrozenSet, Iterable, Optional, Tuple

# --- Urgency levels (../shared/clinical/red-flags.md) -----------------------------------------

EMERGENCY: Final = "emergency"
URGENT: Final = "urgent"
SOON: Final = "soon"

#: Urgency levels, most pressing first.
URGENCIES: Final[Tuple[str, ...]] = (EMERGENCY, URGENT, SOON)

_RANK: Final[Dict[str, int]] = {EMERGENCY: 3, URGENT: 2, SOON: 1}


def is_urgency(value: object) -> bool:
    """Tells whether a value is exactly one of the three urgency levels.

    Args:
        value: Any value, e.g. read from YAML or a message.

    Returns:
        True for `emergency`, `urgent` or `soon`.
    """
    return isinstance(value, str) and value in _RANK


def normalise_urgency(value: object) -> Optional[str]:
    """Returns a known urgency level from a loosely written one, or None.

    Args:
        value: A slot or entity value such as `"Emergency "`.

    Returns:
        `emergency`, `urgent` or `soon`; None for anything else.
    """
    if not isinstance(value, str):
        return None
    level = value.strip().lower()
    return level if level in _RANK else None


def urgency_rank(level: Optional[str]) -> int:
    """Orders urgency levels.

    Args:
        level: An urgency level, or None.

    Returns:
        3 for emergency, 2 for urgent, 1 for soon, 0 for None or an unknown value.
    """
    return _RANK.get(level or "", 0)


def highest_urgency(levels: Iterable[object]) -> Optional[str]:
    """Returns the most pressing of some urgency levels.

    Args:
        levels: Levels; None and unknown values are ignored, case and spaces are not significant.

    Returns:
        The most pressing known level, or None when there is none.
    """
    best: Optional[str] = None
    for value in levels:
        level = normalise_urgency(value)
        if urgency_rank(level) > urgency_rank(best):
            best = level
    return best


def raise_urgency(current: str, candidate: Optional[str]) -> str:
    """Raises an urgency level to another one if that is more pressing (never lowers it).

    Args:
        current: The level so far.
        candidate: A level a modifier asks for.

    Returns:
        The more pressing of the two.
    """
    if candidate is not None and urgency_rank(candidate) > urgency_rank(current):
        return candidate
    return current


# --- NLU: intents and entities the red-flag detector sets -------------------------------------

INTENT_REPORT_RED_FLAG: Final = "report_red_flag"
ENTITY_RED_FLAG: Final = "red_flag"
ENTITY_RED_FLAG_URGENCY: Final = "red_flag_urgency"
ENTITY_RED_FLAG_ADVICE: Final = "red_flag_advice"
#: The patient's language when an emergency is reported in one of `PATIENT_LANGUAGES`.
ENTITY_RED_FLAG_LANGUAGE: Final = "red_flag_language"
#: An urgent or soon flag only the model finds, not surely: the bot asks one yes/no question.
ENTITY_RED_FLAG_SUSPECTED: Final = "red_flag_suspected"
#: The number an emergency report written from abroad is told to call ("we're on holiday in
#: Majorca and he fell off a ladder"): it fills the `emergency_number` slot before the advice.
ENTITY_LOCAL_EMERGENCY_NUMBER: Final = "local_emergency_number"
#: "false" for a report written from abroad: the clinic's non-emergency line (111) does not
#: work there, so the advice names none (it fills `has_non_emergency_service`).
ENTITY_NON_EMERGENCY_SERVICE_REACHABLE: Final = "non_emergency_service_reachable"

#: `red_flag_advice` values: which advice response the dialogue rules pick.
ADVICE_STANDARD: Final = "standard"
ADVICE_NO_DRIVING: Final = "no_driving"
#: Heart attack, tearing aorta, bleeding inside: an ambulance, not a lift to hospital.
ADVICE_AMBULANCE: Final = "ambulance"
ADVICE_CLARIFY: Final = "clarify"
#: Ask the confirming question of `red_flag_suspected`; a yes escalates that flag.
ADVICE_CONFIRM: Final = "confirm"

#: The action that asks it; the detector reads the next message as its answer.
ACTION_ASK_RED_FLAG_CONFIRMATION: Final = "action_ask_red_flag_confirmation"
#: Whether a notification target can alert the on-call doctor (set at session start).
SLOT_DOCTOR_ALERTED: Final = "doctor_alerted"
#: The clinic's non-emergency line (NON_EMERGENCY_SERVICE) and whether it has one.
SLOT_NON_EMERGENCY_SERVICE: Final = "non_emergency_service"
SLOT_HAS_NON_EMERGENCY: Final = "has_non_emergency_service"
#: The yes/no question that action asks (sent only when the evidence is partial).
RESPONSE_CONFIRM_RED_FLAG: Final = "utter_confirm_red_flag"
#: Intents of a plain yes / no (DIET's), which answer that question.
INTENT_AFFIRM: Final = "affirm"
INTENT_DENY: Final = "deny"
INTENT_FAQ: Final = "faq"
INTENT_INFORM_CONTACT: Final = "inform_contact"
INTENT_STOP: Final = "stop"
#: An English thanks (DIET's; a thanks in another language is `other_language_thanks`).
INTENT_THANK: Final = "thank"
#: A question about something else than backs (answered by the fallback).
INTENT_OUT_OF_SCOPE: Final = "out_of_scope"
#: "Delete my data" (domain/privacy.yml) and the action that erases it (actions/erasure.py).
INTENT_REQUEST_DATA_ERASURE: Final = "request_data_erasure"
ACTION_ERASE_DATA: Final = "action_erase_data"
#: Actions and responses the actions start or look for in the conversation.
ACTION_DEFAULT_FALLBACK: Final = "action_default_fallback"
#: Rasa's own: wait for the patient's next message.
ACTION_LISTEN: Final = "action_listen"
ACTION_ANSWER_FAQ: Final = "action_answer_faq"
FORM_CALLBACK: Final = "callback_form"
RESPONSE_OFFER_CALLBACK: Final = "utter_offer_callback"
RESPONSE_OFFER_CALLBACK_AFTER_EMERGENCY: Final = "utter_offer_callback_after_emergency"
RESPONSE_CALLBACK_DECLINED: Final = "utter_callback_declined"
#: "can i do it on here?": the chat cannot book appointments.
RESPONSE_CALLBACK_BOOKING_NOT_HERE: Final = "utter_callback_booking_not_here"
RESPONSE_CALLBACK_DECLINED_AFTER_EMERGENCY: Final = "utter_callback_declined_after_emergency"
#: Consent refused at the end of the form: nothing kept (a "yes, I consent" after it reopens it).
RESPONSE_NOTHING_KEPT: Final = "utter_escalation_callback_nothing_kept"
RESPONSE_NOTHING_KEPT_CASE: Final = "utter_escalation_callback_nothing_kept_case"
RESPONSE_CALLBACK_NOT_INSTEAD_OF_EMERGENCY: Final = "utter_callback_not_instead_of_emergency"
#: After emergency advice, once the patient says the ambulance is called: what to do meanwhile.
RESPONSE_EMERGENCY_HELP_CALLED: Final = "utter_escalation_after_underway_emergency"
#: Replies that take it as said that the emergency number is called (or help is there): a new
#: emergency sign after one of them means "call again", not the first alert.
RESPONSES_EMERGENCY_CALLED: Final = frozenset(
    {
        RESPONSE_EMERGENCY_HELP_CALLED,
        "utter_escalation_after_call_again_emergency",
        "utter_escalation_after_arrived_emergency",
        "utter_escalation_after_medicine_underway",
        "utter_escalation_after_comfort_underway",
    }
)
#: What the patient's details are kept and used for (domain/privacy.yml).
RESPONSE_DATA_USE: Final = "utter_data_use"
#: How to reach the clinic (its phone and booking page), asked in the call-back form.
RESPONSE_CLINIC_CONTACT: Final = "utter_clinic_contact"
#: Who calls back and when, as far as the bot can say.
RESPONSE_CALLBACK_DETAILS: Final = "utter_callback_details"
#: "mornings before eleven are best" after the call back was stored (actions.callback_time).
RESPONSE_CALLBACK_TIME_ADDED: Final = "utter_callback_time_added"
#: Which number the call comes from ("will it be a withheld number?").
RESPONSE_CALLBACK_CALLER_ID: Final = "utter_callback_caller_id"
RESPONSE_CALLBACK_COST: Final = "utter_callback_cost"
RESPONSE_CALLBACK_ONLY_NAME_AND_NUMBER: Final = "utter_callback_only_name_and_number"
RESPONSE_CALLBACK_NAME_HELP: Final = "utter_callback_name_help"
RESPONSE_CALLBACK_PHONE_HELP: Final = "utter_callback_phone_help"
RESPONSE_CALLBACK_WHY_PHONE: Final = "utter_callback_why_phone"
RESPONSE_CALLBACK_CONSENT_HELP: Final = "utter_callback_consent_help"
RESPONSE_CALLBACK_CONSENT_PROXY: Final = "utter_callback_consent_proxy"
RESPONSE_CALLBACK_CONSENT_WHY: Final = "utter_callback_consent_why"
RESPONSE_CALLBACK_NOT_A_DOCTOR: Final = "utter_callback_not_a_doctor"
RESPONSE_CALLBACK_ASKED_AGAIN: Final = "utter_callback_asked_again"
#: A message that only denies warning signs ("no numbness, bladder's fine").
RESPONSE_WARNING_SIGNS_DENIED: Final = "utter_warning_signs_denied"
#: Details asked for, with every emergency sign and the number listed.
RESPONSE_RED_FLAG_CLARIFY: Final = "utter_red_flag_clarify"

#: Message properties the red-flag classifier adds for the detector (no patient text in them).
PROPERTY_RED_FLAG_SCORES: Final = "red_flag_scores"
#: The same for the current message read with the patient's previous ones.
PROPERTY_RED_FLAG_CONTEXT_SCORES: Final = "red_flag_context_scores"
#: For messages in another language: the probability that they report any emergency flag.
PROPERTY_EMERGENCY_SCORE: Final = "red_flag_emergency_score"
#: Internal (not in the parse output): the model's heaviest words and sentence per likely flag.
PROPERTY_RED_FLAG_KEY_WORDS: Final = "red_flag_key_words"
PROPERTY_RED_FLAG_SPANS: Final = "red_flag_spans"
PROPERTY_LANGUAGE: Final = "language"
#: The detector's summary in the parse output: outcome, flags, urgency, `findings` (flag id ->
#: how it was meant: "report", "negated", ...).
PROPERTY_RED_FLAG_DETECTION: Final = "red_flag_detection"
#: Set (True) in that summary when the message corrects an earlier, more urgent report ("sorry I
#: typed that wrong, it's only my left leg"): it replaces the earlier turns' urgency.
DETECTION_CORRECTS: Final = "corrects"
#: The language model's best guess when it is unsure of the language (`language` is None).
PROPERTY_LANGUAGE_GUESS: Final = "language_guess"

# --- Languages --------------------------------------------------------------------------------

ENGLISH: Final = "en"
#: Languages of the clinic's patients whose emergency reports are recognised and answered with
#: a line in their language (issue 9); other languages still get the emergency number.
PATIENT_LANGUAGES: Final[Tuple[str, ...]] = ("tr", "nl", "de", "es", "ar")
#: A wish that ends a conversation ("have a good evening", "enjoy your weekend"): a goodbye for
#: the small-talk guard (components/small_talk_guard.py) and the actions (actions/small_talk.py).
PARTING_WISH: Final = (
    r"(have|enjoy) (a |your )?(good|nice|lovely|great|wonderful)? ?(evening|day|night|weekend)"
    # "Most kind. Good day to you."
    r"|good (day|evening|night) to (you|ye|ya)"
    # "Happy Christmas!", "merry xmas", "happy new year to you all"
    r"|(happy|merry|blessed) (christmas|xmas|new year|easter|holidays?|diwali|eid|hanukkah|"
    r"thanksgiving)|season'?s greetings"
)
#: Words that close a conversation with a thanks ("ok cheers, I'll take breaks. bye", "thanks,
#: that's everything"): the thanks is a goodbye (components/small_talk_guard.py and
#: actions/small_talk.py).
CLOSING: Final = (
    r"\b(bye|goodbye|bye bye|byee+|see (you|ya)|ttyl|cya)\b"
    r"|\b(that'?s|thats|that is) (everything|all( i needed)?|me( done)?|it)( for (now|today))?\W*$"
)
#: Words that are by themselves a thanks or a goodbye in the patients' languages and the common
#: Latin-script ones: a message of these alone is small talk (components/language.py), and one
#: inside English ("obrigado! have a nice day") is a thanks (actions/small_talk.py).
THANKS_WORDS: Final[FrozenSet[str]] = frozenset(
    {
        "gracias", "adiós", "adios",  # es
        "danke", "dankeschön", "dank", "tschüss", "tschüs", "tschuess", "wiedersehen",  # de
        "bedankt", "dankjewel", "dankuwel", "doei", "ziens",  # nl
        "teşekkürler", "teşekkür", "tesekkurler", "tesekkur", "sağol", "sağolun", "sagol",
        "sagolun", "eyvallah", "hoşça", "hosca",  # tr
        "شكرا", "شكراً", "مشكور", "مشكورة", "تسلم", "تسلمي", "يسلمو", "جزاك", "العافية",
        "السلامة", "shukran", "shukraan", "shokran", "choukran", "jazakallah", "jazakillah",
        "jazak", "khair", "khayr", "khairan",  # ar, in Arabic script and Arabizi
        "merci", "grazie", "obrigado", "obrigada", "dziękuję", "dziekuje", "dzięki", "dzieki",
        "spasibo", "arigato", "dhanyavad", "dhanyavaad",
    }
)  # fmt: skip

# --- Slots ------------------------------------------------------------------------------------

SLOT_RED_FLAG_URGENCY: Final = "red_flag_urgency"
SLOT_RED_FLAG_ADVICE: Final = "red_flag_advice"
SLOT_RED_FLAGS: Final = "red_flags"
SLOT_RED_FLAG_SUSPECTED: Final = "red_flag_suspected"
SLOT_CASE_ID: Final = "escalation_case_id"
SLOT_EMERGENCY_CALLED: Final = "emergency_called"
SLOT_CONTACT_NAME: Final = "contact_name"
SLOT_CONTACT_PHONE: Final = "contact_phone"
SLOT_CONTACT_CONSENT: Final = "contact_consent"
#: True once a call back is stored on the case: the offer is not made again in the session.
SLOT_CALLBACK_ARRANGED: Final = "callback_arranged"
SLOT_EMERGENCY_NUMBER: Final = "emergency_number"
#: The clinic's own phone number, from CLINIC_PHONE (actions/session.py).
SLOT_CLINIC_PHONE: Final = "clinic_phone"

# --- The escalation marker (docs/escalation.md) -----------------------------------------------

#: Key of the `custom` payload that exactly one message of an escalation turn carries:
#: `{"escalation": {"urgency": ..., "flags": [...], "case_id": ...}}`.
MARKER_KEY: Final = "escalation"
MARKER_URGENCY: Final = "urgency"
MARKER_FLAGS: Final = "flags"
MARKER_CASE_ID: Final = "case_id"

#: Rasa reads a message starting with this as an intent with entities ("/greet"), which skips
#: the NLU pipeline and so the red-flag detector; public channels clean it away.
INTENT_PREFIX: Final = "/"

# --- Defaults ---------------------------------------------------------------------------------

DEFAULT_EMERGENCY_NUMBER: Final = "112"
ENV_EMERGENCY_NUMBER: Final = "EMERGENCY_NUMBER"

# --- Files ------------------------------------------------------------------------------------

PROJECT_ROOT: Final = Path(__file__).resolve().parent.parent
RED_FLAG_RULES_PATH: Final = PROJECT_ROOT / "knowledge" / "red_flags.yml"
DOMAIN_PATH: Final = PROJECT_ROOT / "domain"
DEFAULT_ESCALATION_DB_PATH: Final = PROJECT_ROOT / "var" / "escalations.db"
SPACY_MODEL_PATH: Final = PROJECT_ROOT / ".spacy" / "en_backspasm"

# --- Action server --------------------------------------------------------------------------

#: The secret shared by the Rasa server and the action server (endpoints.yml's action_endpoint
#: `token`); Rasa sends it as the query parameter `ACTION_SERVER_TOKEN_PARAM` on every call.
ENV_ACTION_SERVER_TOKEN: Final = "ACTION_SERVER_TOKEN"
ACTION_SERVER_TOKEN_PARAM: Final = "token"
#: The shortest token the action server accepts (e.g. `openssl rand -hex 32` gives 64).
MIN_ACTION_SERVER_TOKEN_CHARS: Final = 16

# --- Input limits -----------------------------------------------------------------------------

#: The longest text the NLU pipeline (spaCy) reads at once; a longer message is read in parts of
#: at most this many characters, each through the NLU and the red-flag detector
#: (`channels.input_gate`). spaCy refuses texts over 1,000,000 characters (E088).
MAX_NLU_CHARS: Final = 10_000
#: How many characters consecutive parts share, so that a symptom across a cut is still read.
NLU_CHUNK_OVERLAP_CHARS: Final = 300
