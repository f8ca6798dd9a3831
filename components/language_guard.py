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

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from clinic.contract import (
    INTENT_OUT_OF_SCOPE,
    PATIENT_LANGUAGES,
    PROPERTY_LANGUAGE,
    PROPERTY_LANGUAGE_GUESS,
)
from components.intent_relabel import relabel
from components.language import MAX_ENGLISH_SHARE, english_share, is_other_language, is_thanks

OTHER_LANGUAGE_INTENT = "other_language"
#: A thanks or a goodbye in another language ("danke schön"): "you're welcome", with the
#: emergency number, rather than "I can only understand English".
OTHER_LANGUAGE_THANKS_INTENT = "other_language_thanks"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class LanguageGuard(GraphComponent):
    """Sets the intent `other_language` on messages that are not in English."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """The component's default config."""
        return {"intent": OTHER_LANGUAGE_INTENT, "thanks_intent": OTHER_LANGUAGE_THANKS_INTENT}

    def __init__(self, config: Dict[str, Any]) -> None:
        """Builds the guard.

        Args:
            config: The component config (defaults merged in).
        """
        merged = {**self.get_default_config(), **config}
        self._intent = str(merged["intent"])
        self._thanks_intent = str(merged["thanks_intent"])

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageGuard:
        """Creates the component (see `GraphComponent.create`)."""
        return cls(config)

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
        intent = message.get(INTENT) or {}
        return intent.get(INTENT_NAME_KEY) == INTENT_OUT_OF_SCOPE and english_share(text) == 0.0

    def process(self, messages: List[Message]) -> List[Message]:
        """Relabels messages in other languages, and out-of-scope ones it could not read.

        Args:
            messages: Parsed messages.

        Returns:
            The same messages.
        """
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str):
                continue
            if is_thanks(text):
                relabel(message, self._thanks_intent, 1.0)
            elif self._other_language(message, text):
                relabel(message, self._intent, 1.0)
            elif self._unread(message, text):
                relabel(message, DEFAULT_NLU_FALLBACK_INTENT_NAME, 1.0)
        return messages
