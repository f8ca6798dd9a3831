"""An NLU component that lets a question or a number through the politeness it comes with.

DIET reads "Brilliant, thank you. And the water?" as `thank` and "hello can i book an
appointment" as `greet`, and the rules answer only the politeness. A greeting, thanks or
goodbye that also asks something is relabelled `faq`, so the question is answered (the FAQ
action reads its words; a greeting alone still gets the greeting), and so is a greeting that
tells of a back in trouble ("yo tweaked my back doing squats"). One that gives a phone
number ("07700 900112 gotta go", "thanks, its 0113 496 0721") is relabelled `inform_contact`:
the number is the answer the call-back form asked for, not a goodbye that ends it. A question
for the clinic's number read as one about the patient's data ("what is phone number of clinic"
as `ask_data_use`) is relabelled `faq`: the FAQ action offers the call back with the number.
A thanks the NLU could not place ("thanks for not telling me I'm dying lol" as `out_of_scope`,
or as a question about warning signs, "cheers for the help" as a question about what the bot can
help with) is relabelled `thank`, and a question about the assistant
that names nothing of it ("Can I drive there? the car's an automatic") `faq`.
"""

from __future__ import annotations

import re
from typing import Optional

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.training_data.message import Message

from clinic.contact_questions import asks_clinic_contact_not_data
from clinic.contract import CLOSING, INTENT_FAQ, INTENT_INFORM_CONTACT, PARTING_WISH
from components.intent_relabel import IntentGuard, intent_name

SMALL_TALK_INTENTS = frozenset({"greet", "thank", "goodbye"})
#: The intent of questions about the patient's data (domain/privacy.yml).
INTENT_DATA_USE = "ask_data_use"
#: An emergency number named: a question about it is not one about the patient's data.
_EMERGENCY_NUMBER = re.compile(r"(?<!\d)(999|911|112|000)(?!\d)")
#: The intent of "what can you help with?".
INTENT_CAPABILITIES = "ask_capabilities"
#: A question after the politeness: a question mark, or a clause that opens like a question.
_ASKS = re.compile(
    r"\?|(^|[.!,;]\s*)(and |also |so |but )?(what|how|is|are|can|could|should|do|does|will|"
    r"would|which|when|where|why|any)\b",
    re.IGNORECASE,
)
#: A phone number: seven digits or more, with spaces, dashes or a leading + between them.
_PHONE = re.compile(r"\+?\d[\d\s().-]{5,}\d")
MIN_PHONE_DIGITS = 7
#: Fewer words than this are politeness alone ("thanks, bye!", "hi how are you").
MIN_WORDS = 4
#: "how are you?", "are you a bot?": small talk asked as a question.
_SMALL_TALK_QUESTION = re.compile(
    r"\bhow are (you|u|ya)\b|\bhow'?s it going\b|\bhow do you do\b"
    r"|\bare (you|u) (a )?(bot|real|human)"
    r"|\b(any ?one|any ?body|you) (there|about|around)\b|\bcan i ask\b",
    re.IGNORECASE,
)


#: A greeting that goes on to tell of a back in trouble ("yo tweaked my back doing squats 2 days
#: ago"): what to do about it, not a hello.
_TELLS_OF_A_BACK = re.compile(
    r"\b(tweaked|pulled|hurt|done|did|put|threw|thrown|strained|twisted|ricked|cricked|wrecked)"
    r"\s+(my|his|her|me)\s+(lower\s+|upper\s+)?back\b"
    r"|\b(my|his|her)\s+(lower\s+|upper\s+)?back\s+(is|has|'s|went|keeps)?\s*"
    r"(killing|locked|seized|spasm\w*|agony|gone|in spasm)",
    re.IGNORECASE,
)
#: What a question about the assistant itself names ("are you a bot?", "am I talking to a real
#: person?"): without any, `bot_challenge` was a question about something else ("Can I drive
#: there? ... the car's an automatic").
_ABOUT_THE_ASSISTANT = re.compile(
    r"\b(bot|robot|chat ?bot|human|person|real|computer|ai|automated|machine|program|software|"
    r"alive|people|someone|somebody|staff|nurse|doctor|talking|speaking|chatting|who|you|u)\b",
    re.IGNORECASE,
)
#: Intents a thanks is read as when the NLU cannot place it (its words sound like a topic).
_UNPLACED_INTENTS = frozenset({"out_of_scope", "nlu_fallback", INTENT_FAQ})
#: More words than this are more than a thanks.
MAX_THANKS_WORDS = 15
#: A thanks in a message the NLU did not place.
_THANKS = re.compile(
    r"\b(thanks|thank (you|u)|thx|ty|cheers|ta|much appreciated|"
    r"(very|most|so|really|extremely) helpful)\b",
    re.I,
)
#: A wish that ends a conversation ("have a good evening", "enjoy your weekend").
_PARTING_WISH = re.compile(rf"\b{PARTING_WISH}\b", re.IGNORECASE)
_CLOSING = re.compile(CLOSING, re.IGNORECASE)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class SmallTalkGuard(IntentGuard):
    """Relabels as `faq` small talk that asks something, or a request for the clinic's number."""

    def new_intent(self, message: Message, text: str) -> Optional[str]:
        """The intent for small talk that also asks or tells something, or None."""
        intent = intent_name(message)
        if intent == INTENT_DATA_USE:
            # "999 is number of England no? I am in Spain now" (live test, round 46): the
            # emergency number, not the patient's data
            asks_number = asks_clinic_contact_not_data(text) or _EMERGENCY_NUMBER.search(text)
            return INTENT_FAQ if asks_number else None
        if intent == "bot_challenge":
            return None if _ABOUT_THE_ASSISTANT.search(text) else INTENT_FAQ
        if intent in _UNPLACED_INTENTS or intent == INTENT_CAPABILITIES:
            # "ok I feel better. thanks for not telling me I'm dying lol": a thanks; "cheers for
            # the help" is no question about what the bot can help with (live test, round 42);
            # "sweet, ill tell mum to chill lol. thanks bye" ends the chat (round 47)
            if not _only_thanks(text):
                return None
            return "goodbye" if _CLOSING.search(text) else "thank"
        if intent not in SMALL_TALK_INTENTS:
            return None
        if _gives_a_number(text):
            return INTENT_INFORM_CONTACT
        if intent == "thank" and _CLOSING.search(text) and "?" not in text:
            return "goodbye"  # "ok cheers, ill take breaks. bye", "thanks thats everything"
        if intent == "greet" and _PARTING_WISH.search(text):
            return "goodbye"  # "Thanks very much, have a good evening": not a hello
        if intent == "greet" and _TELLS_OF_A_BACK.search(text):
            return INTENT_FAQ
        if len(text.split()) < MIN_WORDS or not _ASKS.search(text):
            return None
        if _SMALL_TALK_QUESTION.search(text):
            return None
        return INTENT_FAQ


def _only_thanks(text: str) -> bool:
    """Whether a message thanks and neither asks nor tells of a back in trouble."""
    return (
        bool(_THANKS.search(text))
        and not _ASKS.search(text)
        and not _TELLS_OF_A_BACK.search(text)
        and len(text.split()) <= MAX_THANKS_WORDS
    )


def _gives_a_number(text: str) -> bool:
    """Whether a message holds a phone number (seven digits or more in one run)."""
    return any(
        sum(char.isdigit() for char in match.group()) >= MIN_PHONE_DIGITS
        for match in _PHONE.finditer(text)
    )
