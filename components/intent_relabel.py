"""Setting a message's intent after DIET, as the guards of the pipeline do.

The language, deny and small-talk guards each correct DIET's intent for one kind of message;
they all put the new intent first in the ranking, so the dialogue rules and the actions see it.
"""

from __future__ import annotations

import logging
from typing import Optional

from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
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
