"""Thanks, goodbyes and "ok" the NLU read as a question or was unsure about.

DIET can be sure that "Thank you so much, very helpful. God bless" is a FAQ question (it has
seen far more questions than thanks); these helpers read the message's form instead, so the
patient is thanked, not sent an article or "say it another way".
"""

from __future__ import annotations

import re
from typing import Any, Dict, Optional

from actions.topic_hints import asks, clauses
from actions.topics import intent_confidence, on_subject, ranked_intents
from clinic.contract import CLOSING, PARTING_WISH, THANKS_WORDS

#: Chit-chat an unsure message can still be: intent -> response.
SMALL_TALK = {
    "goodbye": "utter_goodbye",
    "thank": "utter_thank",
    "greet": "utter_greet",
    "bot_challenge": "utter_iamabot",
    "ask_capabilities": "utter_capabilities",
}
#: An unsure message is small talk when its small-talk intents together reach this.
SMALL_TALK_SHARE = 0.4
#: Thanks in a patient's first language, inside English ("obrigado! have a nice day").
_FOREIGN_THANKS = "|".join(sorted(map(re.escape, THANKS_WORDS), key=len, reverse=True))
#: Thanks in any spelling: a message with one and no question is thanks ("ok fine thx").
THANKS = re.compile(
    r"\b(thanks?|thank (you|u)|thx|thnx|tnx|ty|ta|cheers|much appreciated|appreciate (it|that|you)|"
    r"(very|super|really|most|so|extremely|incredibly) helpful|god bless|"
    r"you'?ve been (great|lovely|very|so)|"
    r"nice one|much obliged|"
    rf"{_FOREIGN_THANKS})\b",
    re.I,
)
_BYE = re.compile(
    rf"{CLOSING}|"
    r"\b(bye|goodbye|good ?night|night night|nighty? night|see (you|ya)|later|laters|ta[ -]?ra|"
    r"ttyl|cya|tchau|ciao|chau|adi[oó]s|"
    # "have a good evening", "take care now"
    rf"{PARTING_WISH}|"
    r"take care|"
    # a parting wish: "ramadan mubarak btw"
    r"(eid|ramadan|ramzan) (mubarak|kareem))\b"
    # "thanks, night", "cheers. nite x": a goodnight cut short, at the end
    r"|(?:^|[,.!]\s{0,2})(?:night|nite|nighty)\W*x*\W*$",
    re.I,
)
#: "hiii is this the back clinic?", "hello, am I talking to the clinic?": a greeting.
GREETING_QUESTION_MAX_WORDS = 14
_WHO_IS_THIS = re.compile(
    r"\b(is this|is that|are (you|u)|am i (talking|speaking|chatting) (to|with))"
    r"( (the|a|ur|your))? ?(back |spine |physio )?(clinic|practice|surgery|centre|center)\b"
    # "Is it all right to ask about a back problem here?", "can I ask something"
    r"|\b(is it|is this) (all ?right|ok|okay|fine|the place) (to|for) (ask|asking)\b"
    r"|\b(can|could|may) i ask (you )?(something|a question|a quick question|you something)\W*$"
    # a question announced, not asked: "question about back spasm", "got a quick q"
    r"|^\W*((i )?(have|'?ve got|got) )?(a |one )?(quick |small |little )?(question|q|query)"
    r"( (about|on|re|regarding))?( (my|a|the|his|her))?( (lower |upper )?back)?( spasms?)?\W*$",
    re.I,
)
#: A short statement that only acknowledges ("ok will book him in", "alright then").
_ACKNOWLEDGES = re.compile(
    r"^\W*(ok(ay)?|k|kk|alright|all right|right|cool|great|fine|sure|will do|got it|understood|"
    r"noted|perfect|sounds good|makes sense|fair( enough)?|lol|haha|nice|brilliant|lovely|"
    r"amazing|awesome|gotcha|yep|yeah|legend|bet|safe|sweet|ace|sound|class|noice|bless|"
    r"ta|nice one|top)\b(?!\s+(to|for|with|if|when|or)\b)",
    re.I,
)
ACKNOWLEDGEMENT_MAX_WORDS = 9
#: A message of approving emoji only ("👍", "👌🏻", "🙏"), skin tones and variation selectors
#: included: the NLU's tokenizer sees no word in it.
_APPROVING_EMOJI = re.compile(
    "^[\\s\U0001f44d\U0001f44c\U0001f44f\U0001f64f\u2705\U0001f642\U0001f60a\u263a"
    "\u2764\U0001f4aa\U0001f91e\u270c\U0001f197\U0001f91d\ufe0f\U0001f3fb-\U0001f3ff]+$"
)
_PRAYING_HANDS = "\U0001f64f"
#: "Grand so, I'll try the ibuprofen and the hot water bottle": what the patient will do.
_PLAN = re.compile(
    r"^\W*((grand|ok(ay)?|right|alright|cool|great|fine|thanks|thx|ta)\W+(so\W+|then\W+)?)*"
    r"(i'?ll|i will|ill|i'?m going to|im going to|gonna|will) (try|give|do|use|start|stick|get|"
    r"go with|have a go)\b",
    re.I,
)
PLAN_MAX_WORDS = 16
#: A question without its question mark after the plan ("... but which one is best").
_QUESTION_WORD = re.compile(
    r"\b(which|what|how|when|where|why|should|can|could|is|are|does|do you|ok\W*$|okay\W*$)\b", re.I
)


def small_talk(parse_data: Dict[str, Any], text: str) -> Optional[str]:
    """The small-talk response an unsure message deserves, if it is small talk."""
    ranking = ranked_intents(parse_data)
    share = sum(conf for name, conf in ranking if name in SMALL_TALK)
    if share < SMALL_TALK_SHARE:
        return None
    words = text.lower()
    if "bye" in words or intent_confidence(parse_data, "goodbye") >= 0.2:
        return "utter_goodbye"
    best = next((name for name, _ in ranking if name in SMALL_TALK), None)
    return SMALL_TALK.get(best or "")


def greeting_question(text: str) -> Optional[str]:
    """`utter_greet` for "is this the clinic?" or "is it all right to ask about my back here?"."""
    short = len(text.split()) <= GREETING_QUESTION_MAX_WORDS
    return "utter_greet" if short and _WHO_IS_THIS.search(text) else None


def acknowledgement(text: str) -> Optional[str]:
    """The reply to a short thanks, goodbye or "ok, will do" that asks nothing, if it is one.

    Args:
        text: The patient's message.

    Returns:
        `utter_goodbye`, `utter_thank` or `utter_acknowledge`, or None for anything else
        (a question, a longer message, an "ok" followed by a word of the subject).
    """
    if "?" in text:
        return None
    if _APPROVING_EMOJI.match(text):
        return "utter_thank" if _PRAYING_HANDS in text else "utter_acknowledge"
    if (
        _PLAN.match(text)
        and len(text.split()) <= PLAN_MAX_WORDS
        and not _QUESTION_WORD.search(text)
        and not any(asks(clause) for clause in clauses(text))
    ):
        # "Grand so, I'll try the ibuprofen and the hot water bottle": the patient's own plan
        return "utter_acknowledge"
    if len(text.split()) > ACKNOWLEDGEMENT_MAX_WORDS:
        # "that's not what I asked but never mind. thanks, bye!": a closing sentence of its own
        last = [s for s in re.split(r"(?<=[.!])\s+", text.strip()) if s][-1:]
        if not last or len(last[0].split()) > ACKNOWLEDGEMENT_MAX_WORDS or last[0] == text.strip():
            return None
        # "Thank you, that is very helpful. Have a good evening.": thanks, then a goodbye
        if not (_BYE.search(last[0]) and THANKS.search(text)):
            return None
        text = last[0]
    if any(asks(clause) for clause in clauses(text)):
        return None
    if THANKS.search(text):
        return "utter_goodbye" if _BYE.search(text) else "utter_thank"
    if _BYE.search(text) and not on_subject(text):
        return "utter_goodbye"
    if any(_ACKNOWLEDGES.match(clause) for clause in clauses(text)) and not on_subject(text):
        return "utter_acknowledge"  # "ok", also after something else ("finally. k")
    return None
