"""An NLU component that answers messages in other languages honestly instead of guessing.

Placed after the red-flag classifier (which names the language of the clinic's patients'
languages) and before the red-flag detector: when the classifier names one of
`PATIENT_LANGUAGES`, or `components.language.is_other_language` says a message is not English,
the intent becomes `other_language` (the bot says it only understands English and gives the
emergency number) whatever DIET guessed from character n-grams; a thanks or goodbye in another
language becomes `other_language_thanks` ("you're welcome", with the emergency number). The
red-flag detector still runs after it, so an English symptom report in a mixed message still
escalates.

It also keeps a keyboard mash ("fjdkslq wpoeir mvnbx") from being judged: a message the model
puts out of scope without a single English word in it was not read at all, so its intent
becomes `nlu_fallback` ("say it another way"), not "I can't help with that".
"""

from __future__ import annotations

from typing import Any, Dict, Optional

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.training_data.message import Message

from clinic.contract import (
    INTENT_OUT_OF_SCOPE,
    INTENT_THANK,
    PATIENT_LANGUAGES,
    PROPERTY_LANGUAGE,
    PROPERTY_LANGUAGE_GUESS,
)
from components.intent_relabel import IntentGuard, intent_name
from components.language import MAX_ENGLISH_SHARE, english_share, is_other_language, is_thanks

OTHER_LANGUAGE_INTENT = "other_language"
#: A thanks or a goodbye in another language ("danke schön"): "you're welcome", with the
#: emergency number, rather than "I can only understand English".
OTHER_LANGUAGE_THANKS_INTENT = "other_language_thanks"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class LanguageGuard(IntentGuard):
    """Sets the intent `other_language` on messages that are not in English."""

    confidence = 1.0

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """The component's default config."""
        return {"intent": OTHER_LANGUAGE_INTENT, "thanks_intent": OTHER_LANGUAGE_THANKS_INTENT}

    def __init__(self, config: Optional[Dict[str, Any]] = None) -> None:
        """Builds the guard.

        Args:
            config: The component config (defaults merged in).
        """
        merged = {**self.get_default_config(), **(config or {})}
        self._intent = str(merged["intent"])
        self._thanks_intent = str(merged["thanks_intent"])

    @staticmethod
    def _other_language(message: Message, text: str) -> bool:
        """Named a patient language, foreign by its function words, or guessed and not English.

        The third case is a message the language model is unsure of ("puedo tomar ibuprofeno y
        paracetamol juntos?") whose best guess is a patient language and whose words are mostly
        not English: it gets the other-language reply, which carries the emergency number.
        """
        if message.get(PROPERTY_LANGUAGE) in PATIENT_LANGUAGES or is_other_language(text):
            return True
        guess = message.get(PROPERTY_LANGUAGE_GUESS)
        return guess in PATIENT_LANGUAGES and english_share(text) < MAX_ENGLISH_SHARE

    @staticmethod
    def _unread(message: Message, text: str) -> bool:
        """Put out of scope, yet without one English word (two letters or more) to judge by."""
        return intent_name(message) == INTENT_OUT_OF_SCOPE and english_share(text) == 0.0

    def new_intent(self, message: Message, text: str) -> Optional[str]:
        """The intent for a message in another language, or one it could not read, or None."""
        if is_thanks(text):
            return self._thanks_intent
        if intent_name(message) == self._thanks_intent and english_share(text) >= MAX_ENGLISH_SHARE:
            # "Ok I called ambulance. Grazie mille": English, with a thanks in another language.
            return INTENT_THANK
        if self._other_language(message, text):
            return self._intent
        if self._unread(message, text):
            return DEFAULT_NLU_FALLBACK_INTENT_NAME
        return None
