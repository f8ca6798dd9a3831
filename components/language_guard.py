"""An NLU component that answers messages in other languages honestly instead of guessing.

Placed after the red-flag classifier (which names the language of the clinic's patients'
languages) and before the red-flag detector: when the classifier names one of
`PATIENT_LANGUAGES`, or `components.language.is_other_language` says a message is not English,
the intent becomes `other_language` (the bot says it only understands English and gives the
emergency number) whatever DIET guessed from character n-grams. The
red-flag detector still runs after it, so an English symptom report in a mixed message still
escalates.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.message import Message

from clinic.contract import PATIENT_LANGUAGES, PROPERTY_LANGUAGE, PROPERTY_LANGUAGE_GUESS
from components.language import MAX_ENGLISH_SHARE, english_share, is_other_language

logger = logging.getLogger(__name__)

INTENT = "other_language"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class LanguageGuard(GraphComponent):
    """Sets the intent `other_language` on messages that are not in English."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """The component's default config."""
        return {"intent": INTENT}

    def __init__(self, config: Dict[str, Any]) -> None:
        """Builds the guard.

        Args:
            config: The component config (defaults merged in).
        """
        self._intent = str({**self.get_default_config(), **config}["intent"])

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

    def process(self, messages: List[Message]) -> List[Message]:
        """Relabels messages in other languages.

        Args:
            messages: Parsed messages.

        Returns:
            The same messages.
        """
        for message in messages:
            text = message.get("text")
            if not isinstance(text, str):
                continue
            if not self._other_language(message, text):
                continue
            intent = {"name": self._intent, "confidence": 1.0}
            ranking = [
                i for i in message.get("intent_ranking") or [] if i.get("name") != self._intent
            ]
            message.set("intent", intent, add_to_output=True)
            message.set("intent_ranking", [intent, *ranking], add_to_output=True)
            logger.debug("message in another language: intent set to %s", self._intent)
        return messages
