"""Reading the patient's short replies in the callback form: yes, no, "stop", a change of mind."""

from __future__ import annotations

import re
from typing import Optional

from escalation.phones import has_phone_digits

#: A yes or an ok that may come before a name the bot asked for ("ok. Lucía", "sure, Tom",
#: "go on then, Ana"): one list for every place that reads a name.
REPLY_ACK = (
    r"(?:ok|okay|k|sure|yes|yeah|yeh|yep|yup|fine|right|alright|all\s+right|go\s+on(?:\s+then)?|"
    r"very\s+well|of\s+course|certainly)"
)
_STOP = re.compile(
    r"^\s*(?:no|nope|nah|stop|cancel|quit|exit|never\s*mind|nevermind|forget\s+it|"
    r"i'?d\s+rather\s+not|rather\s+not|don'?t|do\s+not|not\s+now|no\s+thanks?|no\s+thank\s+you)"
    r"\b[\s.!,]*(?:thanks?|thank\s+you)?[\s.!]*$",
    re.IGNORECASE,
)
#: A change of mind with more said after it ("actually nah forget it, I'll ring them myself").
_CHANGE_OF_MIND = re.compile(
    r"^\W*(?:(?:actually|oh|hmm+|sorry|wait|on second thoughts?|on reflection|thinking about it|"
    r"i\s+think|i\s+believe|what|huh|eh|um+|erm?|uh|ugh|ok(?:ay)?|right|fine|alright|brilliant|great|"
    r"thanks?|cheers|lovely|no)"
    r"[\s,.!?]+)*(?:no[\s,.!]+)?"
    r"(?:nah|stop|forget\s+it|never\s*mind|nevermind|cancel(?:\s+(?:that|it))?|don'?t\s+bother|"
    r"no\s+need|i\s+said\s+(?:no|stop)|no\s+call[\s-]*backs?|"
    # "actually no dont worry, ill try the heat thing first"
    r"(?:no\s+)?(?:don'?t|do\s+not)\s+worry(?:\s+about\s+it)?|"
    r"(?:i\s+)?(?:don'?t|do\s+not)\s+(?:want|need)\s+(?:a\s+|the\s+|any\s+)?(?:call|ring|phone)|"
    # "no actually i dont want you keeping his details"
    r"(?:i\s+)?(?:don'?t|do\s+not)\s+want\s+(?:you\s+|anyone\s+)?(?:to\s+)?(?:keep|keeping|"
    r"store|storing|have|having|save|saving)\s+(?:my|his|her|their|our|the|any)\s+(?:\w+'?s\s+)?(?:details|"
    r"number|name|data|info)|"
    # "on reflection, I think I'll ring my surgery myself on Monday"
    r"(?:i'?ll|i\s+(?:will|shall))\s+(?:just\s+)?(?:ring|call|phone|telephone|contact)\s+"
    r"(?:my|the|our|your)\s+(?:surgery|gp|doctor|practice|clinic)(?:\s+myself)?|"
    # "Please disregard the above."
    r"(?:please\s+)?(?:disregard|ignore)\s+(?:that|this|it|the\s+above|my\s+(?:request|message))"
    r"(?=\W*$)|"
    # "actually let me check with her first and come back to you"
    r"let\s+me\s+(?:just\s+)?(?:check|ask|talk|speak)\s+(?:with|to)\s+(?:her|him|them|my\s+\w+)"
    r"(?:\s+first)?|i'?ll\s+(?:come|get)\s+back\s+to\s+you)\b",
    re.IGNORECASE,
)
#: A reply that opens as a question.
_ASKS_SOMETHING = re.compile(
    r"^\W*(does|do|is|are|will|would|can|could|should|shall|what|when|how|who|why|where|which)\b",
    re.IGNORECASE,
)
_YES = {
    "yes", "y", "yeah", "yep", "sure", "ok", "okay", "i agree", "i consent", "agreed", "true",
    "i do", "i do agree", "i do consent", "alright", "all right", "ok go ahead", "okay go ahead",
}  # fmt: skip
_NO = {
    "no", "n", "nope", "nah", "false", "i do not", "i don't", "don't", "i do not agree",
    "i don't agree", "i disagree",
}  # fmt: skip
#: A yes that starts a longer reply, and any "no" that would make it unclear.
_YES_AND_MORE = re.compile(
    r"^\W*(yes|yeah|yeh|yep|yup|ye|yea|ya|aye|sure|go on|i (do |certainly |fully )?(agree|consent)|"
    r"agreed|of course|that'?s (fine|grand|ok|okay|alright)|that is fine|absolutely|certainly|"
    r"definitely|go ahead|please do|fine by me|"
    # a reluctant yes: "suppose so", "i guess so then"
    r"(i )?(suppose|guess|reckon) so|"
    # "y. paramedics here now"
    r"y(?=\s*[.,!;]))\b"
    # not a question back: "ye serious?", "yeah really?"
    r"(?![\s,]*(serious|seriously|really|for real|you sure|u sure)\s*\?)"
)
_ANY_NO = re.compile(r"\b(no|not|don'?t|do not|nope|nah|never)\b")

#: Intents with which a patient ends the callback form (as the NLU data names them).
STOP_INTENTS = {"stop", "deny", "cancel", "decline_callback", "goodbye"}


def asks_something(text: str) -> bool:
    """Whether a reply asks something: a question mark, or a question's opening word.

    Args:
        text: The patient's reply.

    Returns:
        True for "how long will it take for them to call" as for "why?".
    """
    return "?" in text or bool(_ASKS_SOMETHING.match(text))


def wants_to_stop(text: object, intent: Optional[str] = None) -> bool:
    """Says whether a reply inside the form means "no / stop".

    Args:
        text: The patient's reply.
        intent: The intent of the reply, if known.

    Returns:
        True for a refusal such as "no thanks", "stop", "never mind", or a stop intent.
    """
    if not isinstance(text, str):
        return intent in STOP_INTENTS
    if _STOP.match(text):
        return True
    if _CHANGE_OF_MIND.match(text) and not has_phone_digits(text):
        # "actually no forget it, i'll just ask here. is it better to rest?": a stop first,
        # then a question (answered once the form has ended).
        return True
    if intent in STOP_INTENTS:
        # "does that mean I don't need to ring the clinic myself?": a question about the call,
        # however much the NLU hears a "no" in it, is not a refusal.
        return not _ASKS_SOMETHING.match(text) and not text.rstrip().endswith("?")
    # A number means contact details follow ("nah it's 07911 123456"): not a refusal; "111" is none.
    return False


def said_after_stop(text: str) -> str:
    """What follows a stop ("never mind. is a hot water bottle ok all night?"), or "".

    Args:
        text: A reply that `wants_to_stop` takes as a stop.

    Returns:
        The rest of the reply after its stop words.
    """
    match = _CHANGE_OF_MIND.match(text) or _STOP.match(text)
    return text[match.end() :] if match else ""


def consent_value(value: object) -> Optional[bool]:
    """Reads an explicit consent answer.

    Args:
        value: The slot value: a bool (mapped from affirm/deny) or the reply's text.

    Returns:
        True for an explicit yes, False for a no, None when unclear.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = " ".join(value.lower().split()).strip(" .!")
        if text in _YES:
            return True
        if text in _NO or wants_to_stop(text):
            return False
        if _YES_AND_MORE.match(text) and not _ANY_NO.search(text):
            return True  # "yes, thank you", "ye", "yes. should i bring his tablets?"
        return _last_sentence_answer(text)
    return None


def _last_sentence_answer(text: str) -> Optional[bool]:
    """A bare yes or no that ends a reply after something else ("not sure I like that. No.").

    A yes counts only when nothing before it says no ("no idea. yes" stays unclear).
    """
    sentences = [part.strip() for part in re.split(r"[.!?]+", text) if part.strip()]
    if len(sentences) < 2:
        return None
    last, before = sentences[-1], " ".join(sentences[:-1])
    if last in _NO:
        return False
    if last in _YES and not _ANY_NO.search(before):
        return True
    return None
