"""An NLU component that keeps `deny` for messages that say no.

DIET learns `deny` from short messages ("no", "nope", "no thanks") and then reads other short
messages as a no: "it's Hannah", typed when the call-back form asks for a name, was `deny` at
0.62, and the form's "no ends it" rule cancelled the call back. A refusal has a word of
refusal; without one the message is `nlu_fallback`, which the form takes as its answer and
elsewhere the fallback reads with the context.
"""

from __future__ import annotations

import re
from typing import Optional

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.training_data.message import Message

from components.intent_relabel import IntentGuard, intent_name

DENY = "deny"
#: Words that refuse, decline or cancel, in chat spellings.
_REFUSES = re.compile(
    # not "no" before what the patient lacks: "alone. no car. what now" (live test, round 52)
    r"\b(no+(?! (car|lift|ride|transport|one|body|phone|signal|money|credit)\b)|nope|nah+|naw|"
    r"nay|not|never|none|nothing|neither|cancel|stop|don'?t|dont|"
    r"won'?t|wont|rather not|leave it|forget it|skip|pass|changed my mind|never ?mind|nvm|"
    r"all good|(i'?m|im) (fine|good|ok|okay|alright)|maybe later|later|"
    r"\w+n'?t)\b|\bn\b|👎|🙅",
    re.IGNORECASE,
)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class DenyGuard(IntentGuard):
    """Relabels a `deny` without a word of refusal as `nlu_fallback`."""

    def new_intent(self, message: Message, text: str) -> Optional[str]:
        """`nlu_fallback` for a `deny` that refuses nothing."""
        if intent_name(message) == DENY and not _REFUSES.search(text):
            return DEFAULT_NLU_FALLBACK_INTENT_NAME
        return None
