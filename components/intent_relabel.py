"""Setting a message's intent after DIET, as the guards of the pipeline do.

The language, deny, call-back and small-talk guards each correct DIET's intent for one kind of
message (`IntentGuard.new_intent`); the protocol is written once here: every message with a
text is read, and the new intent is put first in the ranking, so the dialogue rules and the
actions see it.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

logger = logging.getLogger(__name__)


def relabel(message: Message, name: str, confidence: Optional[float] = None) -> None:
    """Sets the message's intent to `name`, first in its ranking.

    Args:
        message: The parsed message.
        name: The intent it gets.
        confidence: Its confidence (default: DIET's for the intent it replaces).
    """
    old = message.get(INTENT) or {}
    if confidence is None:
        confidence = float(old.get(PREDICTED_CONFIDENCE_KEY) or 0.0)
    intent = {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: confidence}
    ranking = [i for i in message.get(INTENT_RANKING_KEY) or [] if i.get(INTENT_NAME_KEY) != name]
    message.set(INTENT, intent, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [intent, *ranking], add_to_output=True)
    logger.debug("intent %s set to %s", old.get(INTENT_NAME_KEY), name)


def intent_name(message: Message) -> Optional[str]:
    """The message's intent as it stands (DIET's, or an earlier guard's)."""
    return (message.get(INTENT) or {}).get(INTENT_NAME_KEY)


class IntentGuard(GraphComponent):
    """A component that corrects DIET's intent for one kind of message.

    Subclasses say which intent a message gets (`new_intent`); this class reads every message
    with a text and relabels it. Register subclasses with `DefaultV1Recipe.register` as
    untrainable intent classifiers.
    """

    #: The confidence given to the new intent (None: DIET's for the intent it replaces).
    confidence: Optional[float] = None

    def __init__(self, config: Optional[Dict[str, Any]] = None) -> None:
        """Args: config: the component config (unused unless a subclass reads it)."""

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> IntentGuard:
        """Creates the component (see `GraphComponent.create`)."""
        return cls(config)

    def new_intent(self, message: Message, text: str) -> Optional[str]:
        """The intent the message should have, or None to leave it as it is."""
        raise NotImplementedError

    def process(self, messages: List[Message]) -> List[Message]:
        """Relabels the messages `new_intent` names an intent for.

        Args:
            messages: Parsed messages.

        Returns:
            The same messages.
        """
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str):
                continue
            name = self.new_intent(message, text)
            if name is not None:
                relabel(message, name, self.confidence)
        return messages
