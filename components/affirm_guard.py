"""An NLU component that keeps `affirm` for messages that say yes.

DIET learns `affirm` from "yes", "ok", "that's fine" and then reads a question with "okay" in
it as a yes: "Is it okay to keep teaching in the meantime?", asked right after the call-back
offer, was `affirm` at 0.64 and started the form (round 43 dev). A question that does not
open with a yes is not one; it is `nlu_fallback`, which the fallback reads with the context
(the topic it asks about). A question that asks for a call ("could a doctor ring me back
today?") is still a yes to the offer.

It runs after the red-flag detector, which reads DIET's own intent (a yes to its confirming
question, "would 5 kilos count? I've lost that"), and changes nothing the detector decided.
"""

from __future__ import annotations

import re
from typing import Optional

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.training_data.message import Message

from components.call_back_guard import asks_for_a_call
from components.intent_relabel import IntentGuard, intent_name

AFFIRM = "affirm"
#: A question's first word: "is it okay to ...", "can I still ...", "should I ...".
_ASKS = re.compile(
    r"^\W*(is|are|was|can|could|should|shall|do|does|did|will|would|what|how|when|why|where|"
    r"which|who|am)\b",
    re.IGNORECASE,
)
#: A question shorter than this is often the yes itself ("is that ok?", "would that work?").
MIN_QUESTION_WORDS = 5


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class AffirmGuard(IntentGuard):
    """Relabels an `affirm` that is a question, opening with no yes, as `nlu_fallback`."""

    def new_intent(self, message: Message, text: str) -> Optional[str]:
        """`nlu_fallback` for a longer question read as a yes."""
        if (
            intent_name(message) == AFFIRM
            and _ASKS.match(text)
            and len(text.split()) >= MIN_QUESTION_WORDS
            and not asks_for_a_call(text)
        ):
            return DEFAULT_NLU_FALLBACK_INTENT_NAME
        return None
