"""Checking the contact details of the callback form: name, phone number, consent, "stop"."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import List, Optional

import phonenumbers

MAX_NAME_LENGTH = 80
MAX_NAME_WORDS = 6

_NAME_PREFIX = re.compile(
    # "hi its sarah jones 07700 900123": a greeting first
    r"^\s*(?:(?:hi|hello|hey|hiya)\b[\s,!.]*)?"
    r"(?:(?:my\s+)?name\s+is|(?:my\s+)?name'?s|name\s*[:=]|i\s+am|i'?m|it'?s|it\s+is|this\s+is|"
    r"call\s+me|you\s+can\s+call\s+me|(?:just\s+)?(?:put|say)(?:\s+it'?s)?)\s+",
    re.IGNORECASE,
)
#: A yes or an ok that may come before a name the bot asked for ("ok. Lucía", "sure, Tom",
#: "go on then, Ana"): one list for every place that reads a name.
REPLY_ACK = (
    r"(?:ok|okay|k|sure|yes|yeah|yeh|yep|yup|fine|right|alright|all\s+right|go\s+on(?:\s+then)?|"
    r"very\s+well|of\s+course|certainly)"
)
_REPLY_PREFIX = re.compile(rf"^\s*(?:{REPLY_ACK}\b[\s,!.:;-]*)+", re.IGNORECASE)
_PHONE_PREFIX = re.compile(
    r"^\s*(?:(?:my\s+)?(?:phone\s+)?(?:number|phone|mobile|tel|telephone)\s*(?:is|[:=])?|"
    r"tel:|it'?s|call\s+me\s+on)\s*",
    re.IGNORECASE,
)
_PHONE_CHARS = re.compile(r"^[0-9+()\-./\s]+$")
#: One number inside a short sentence ("my landline is 0161 496 0123, after 5 pls").
#: Words that introduce the number after the name: "fatima begum. its 07700 900382".
_NUMBER_INTRO = re.compile(
    r"[\s,.;:-]+(?:and\s+)?(?:it'?s|its|it\s+is|(?:my\s+)?(?:phone\s+|mobile\s+)?number(?:'?s|\s+is)?|"
    r"(?:my\s+)?mobile(?:'?s|\s+is)?|(?:call|ring)\s+(?:me\s+)?on|on)\s*[:=]?\s*$",
    re.IGNORECASE,
)
_PHONE_RUN = re.compile(r"(?<![\w+])\+?\(?\d[\d\s\-./()]{5,}\d(?!\w)")
#: Words around a number that still make the message a phone number, not something else
#: ("sorry 07700 988512. will it be a doctor? I'm on a call 2-3 so not then!").
_MAX_WORDS_AROUND_NUMBER = 30
_STOP = re.compile(
    r"^\s*(?:no|nope|nah|stop|cancel|quit|exit|never\s*mind|nevermind|forget\s+it|"
    r"i'?d\s+rather\s+not|rather\s+not|don'?t|do\s+not|not\s+now|no\s+thanks?|no\s+thank\s+you)"
    r"\b[\s.!,]*(?:thanks?|thank\s+you)?[\s.!]*$",
    re.IGNORECASE,
)
#: A change of mind with more said after it ("actually nah forget it, I'll ring them myself").
_CHANGE_OF_MIND = re.compile(
    r"^\W*(?:(?:actually|oh|hmm+|sorry|wait|on second thoughts?|on reflection|thinking about it|"
    r"i\s+think|what|huh|eh|um+|erm?|uh|ugh|ok(?:ay)?|right|fine|alright)"
    r"[\s,.!?]+)*(?:no[\s,.!]+)?"
    r"(?:nah|stop|forget\s+it|never\s*mind|nevermind|cancel(?:\s+(?:that|it))?|don'?t\s+bother|"
    r"no\s+need|i\s+said\s+(?:no|stop)|no\s+call[\s-]*backs?|"
    r"(?:i\s+)?(?:don'?t|do\s+not)\s+(?:want|need)\s+(?:a\s+|the\s+|any\s+)?(?:call|ring|phone)|"
    # "on reflection, I think I'll ring my surgery myself on Monday"
    r"i'?ll\s+(?:just\s+)?(?:ring|call|phone|contact)\s+(?:my|the|our)\s+"
    r"(?:surgery|gp|doctor|practice)(?:\s+myself)?)\b",
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
    r"definitely|go ahead|please do|fine by me)\b"
)
_ANY_NO = re.compile(r"\b(no|not|don'?t|do not|nope|nah|never)\b")

#: Intents with which a patient ends the callback form (as the NLU data names them).
STOP_INTENTS = {"stop", "deny", "cancel", "decline_callback", "goodbye"}


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


#: Words of a reply, not of a name ("cheers", "go on then", "yes please"), even capitalised:
#: taken as a name they would be read to the doctor. "ta" and "k" only on their own.
_REPLY_WORDS = frozenset(
    """
    yes yeah yep yup sure no nope please pls thanks thank cheers ok okay alright fine hi
    hello hey bye goodbye idk dunno sorry help maybe later stop call put
    """.split()
)
_SHORT_REPLIES = frozenset({"k", "ta"})
#: Exclamations ("Oh gosh.", "Crikey", "Oh my god"): not a name when they are all it says;
#: "Ana Lord" and "Helen Dear" are names.
_EXCLAMATIONS = frozenset(
    """
    oh ah gosh crikey blimey goodness golly jeez jeezo geez wow whoa woah yikes eek omg omfg
    my god lord christ heavens crumbs cripes damn dammit hell bloody really seriously what huh
    hmm hm erm um uh ugh oops dear me no way right well so anyway
    """.split()
)
#: Words of a sentence, not of a name ("its getting worse", "im alone in my flat"): English
#: function words and the words of a complaint. (Not spaCy's list: importing spaCy would load
#: TensorFlow into the action server.) "will", "may" and "bill" are first names too: left out.
_SENTENCE_WORDS = _REPLY_WORDS | frozenset(
    """
    a about after again all also am an and any are as at be been before being but by can
    cannot could did do does doing don't done down for from get gets getting go goes going gone
    got had has have having he her here him his how i i'm im if in into is isn't it it's its
    just like me more my myself no not now of off on once only or other our out over really
    same she should so some still such than that that's the their them then there these they
    this those through to too under until up very was we were what when where which while who
    why with won't would you your
    pain hurts hurting hurt worse better sore bad numb calling coming good great ambulance
    doctor back spasm spasms legs leg chest alone
    enough fair great cool lovely perfect brilliant awesome nice hmm huh wait thx
    hes he's shes she's theyre they're thats whats dont doesnt didnt cant couldnt wont isnt
    wasnt ive youre hasnt havent says said refusing refuses refused wants tho though
    """.split()
)
#: Words after "it's" or "I'm" that are not a name ("yes please. It's Monday", "I'm Worried").
_NOT_A_NAME = _SENTENCE_WORDS | frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday today tonight tomorrow morning
    afternoon evening worried scared fine ok okay here home urgent
    """.split()
)


def has_non_name_word(text: str) -> bool:
    """Whether a text holds a word that is no name after "it's" or "I'm" ("it's Saturday").

    Args:
        text: The words after the intro.

    Returns:
        True when one of them is a sentence word, a day, a time or a state.
    """
    return any(word.strip(".,!?").lower() in _NOT_A_NAME for word in text.split())


def reads_as_sentence(text: str, capitalised_is_name: bool = True) -> bool:
    """Whether a short message is words of a sentence rather than a name.

    A capitalised "Will Smith" or "May Lee" is a name; "its getting worse" and "Yes Please"
    are not.

    Args:
        text: The message (a name prefix such as "my name is" already removed).
        capitalised_is_name: Whether every word capitalised makes sentence words a name
            (when the bot asked for a name); False where a name is only guessed.

    Returns:
        True for a reply word, or a sentence word unless every word is capitalised.
    """
    words = [word.strip(".,!?'\u2019").lower().replace("\u2019", "'") for word in text.split()]
    if words == [word for word in words if word in _SHORT_REPLIES] or _REPLY_WORDS & set(words):
        return True
    if all(word in _EXCLAMATIONS for word in words):
        return True
    capitalised = [word[:1].isupper() for word in text.split()]
    if capitalised_is_name and len(words) > 1 and all(capitalised):
        return False
    return any(word in _SENTENCE_WORDS for word in words)


#: Keyboard rows: "asdfgh" or "qwerty" is a slip of the fingers, not a name to read out.
_KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


#: Four consonants in a row, typed on one keyboard row ("asdkjh"): not a name ("Peter" and
#: "Hall" are typed on one row too, "Schmidt" has four consonants in a row).
_CONSONANT_RUN = re.compile(r"[^aeiouy\W\d_]{4}")


def _keyboard_mash(text: str) -> bool:
    letters = "".join(ch for ch in text.lower() if ch.isalpha())
    if len(letters) < 4:
        return False
    if any(letters in row or letters in row[::-1] for row in _KEYBOARD_ROWS):
        return True
    one_row = any(set(letters) <= set(row) for row in _KEYBOARD_ROWS)
    return one_row and bool(_CONSONANT_RUN.search(letters))


#: Digits enough for a phone number (`parse_phone` checks the number itself).
MIN_PHONE_DIGITS = 7


def has_phone_digits(text: str) -> bool:
    """Whether a message has digits enough for a phone number ("landline is 0113 496 0721")."""
    return sum(char.isdigit() for char in text) >= MIN_PHONE_DIGITS


#: Number words: four or more in a message spell a number ("oh seven seven double oh nine").
_NUMBER_WORDS = re.compile(
    r"\b(oh|zero|nought|one|two|three|four|five|six|seven|eight|nine|ten|double|triple|"
    r"hundred|thousand)\b",
    re.I,
)
MIN_NUMBER_WORDS = 4


def spells_a_number(text: str) -> bool:
    """Whether a message spells a phone number out in words ("oh seven seven double oh ...").

    Such a number is asked for again in digits: "nine hundred" could be 900 or 9 100.
    """
    return len(_NUMBER_WORDS.findall(text)) >= MIN_NUMBER_WORDS


#: The writer names themself: "I'm Margaret", "my name is Tom Reilly", "hi, this is Jo Bell"
#: (capitalised, 1-3 words).
_INTRODUCED = re.compile(
    r"\b(?:[Ii]'?m|I am|[Mm]y name is|[Mm]y name'?s|[Mm]y name|[Nn]ame is|[Nn]ame['\u2019]s|"
    r"[Hh]i,? this is|[Hh]ello,? this is|"
    # "just put Dee", "put me down as Sam Patel", "ask for Mo", "call me Bex"
    r"[Jj]ust put|[Pp]ut me(?: down)?(?: as)?|[Pp]ut (?:it|that) as|[Pp]ut down|[Aa]sk for|"
    r"[Cc]all me|[Ss]ay it'?s)\s+"
    r"([A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+){0,2})"
)


#: A name introduced right before a number, in any case ("its sarah jones 07700 900123").
_INTRO_BEFORE_NUMBER = re.compile(
    r"\b(?:it'?s|it\u2019s|this is|name is|name'?s|i'?m)\s+([A-Za-z][\w'-]+(?:\s+[A-Za-z][\w'-]+)?)"
    r"\s*[,.:-]?\s*(?=\+?\(?\d)",
    re.IGNORECASE,
)
#: "name is margaret", "my name's tom reilly": a name in lower case, said to be one.
_NAMED_LOWER = re.compile(r"\bname(?:\s+is|'s|\u2019s)\s+([a-z][\w'-]+(?:\s+[a-z][\w'-]+)?)")

#: A name said as "it's Jade." or "this is Dean Hale," or "Dean here": one or two capitalised
#: words, then the end of the clause.
_ITS_NAME = re.compile(
    r"(?:^|(?<=[\s.,!?]))(?:[Ii]t'?s|[Ii]t\u2019s|[Ii]t is|[Tt]his is)\s+"
    r"([A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+)?)(?=\s*(?:[.,!?;:]|$))|"
    r"(?:^|(?<=[.!?]\s))([A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+)?)\s+here(?=\s*(?:[.,!?;:]|$))"
)


#: A relative's name given as theirs ("Mum is Margaret Okafor", "my dad's called Tom Hale").
_RELATIVE_NAMED = re.compile(
    r"\b(?:(?:my|her|his|our)\s+)?(?:mother-in-law|father-in-law|mum|mom|mam|mother|dad|father|"
    r"husband|wife|partner|son|"
    r"daughter|nan|nana|gran|granny|grandma|grandad|grandpa|brother|sister|aunt|auntie|uncle|"
    r"patient)(?:['\u2019]s)?(?:\s+name)?\s+(?:is|called|named)\s+"
    r"[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+){0,2}",
    re.IGNORECASE,
)


#: What may come between a question and the name that follows it ("?? anyway its sam").
_AFTER_QUESTION = re.compile(r"^\W*((anyway|anyways|but|so|ok|okay|btw|well)\b\W*)*", re.IGNORECASE)


def name_after_question(text: str) -> Optional[str]:
    """The name given after a question about it ("why do you need my name?? anyway its sam").

    Args:
        text: The message.

    Returns:
        The name after the last question mark, or None.
    """
    if "?" not in text:
        return None
    after = _AFTER_QUESTION.sub("", text.rsplit("?", 1)[-1])
    return clean_name(after) or name_in_sentence(after)


def name_in_sentence(text: str) -> Optional[str]:
    """The name in a sentence that gives one.

    The last name the writer introduces themself with ("I'm Margaret", "name is Tom Reilly"),
    else the last run of two or three capitalised words within a sentence: "It would be me,
    her mum, Nadia Rahman" gives "Nadia Rahman"; "I Hurt My Back" gives nothing (sentence
    words); "Margaret. Ask for me" is no name.

    Args:
        text: The message.

    Returns:
        The name, or None.
    """
    # "I'm Josh's mum" names the patient's relation, not the writer: no introduction.
    introductions = [name for name in _INTRODUCED.findall(text) if not is_possessive(name)]
    introduced = clean_name(introductions[-1]) if introductions else None
    if not introduced:
        # "its 07555 010203, name is margaret": said to be the name, in lower case
        lowered = _NAMED_LOWER.findall(text)
        words = lowered[-1].split() if lowered else []
        words = words[:1] if len(words) > 1 and words[1] in _SENTENCE_WORDS else words
        introduced = clean_name(" ".join(words)) if words else None
    if introduced:
        return introduced  # "mum is Joan Hale, I'm Margaret. Ask for me" gives "Margaret"
    # "its Jade. will whoever rings know about pregnancy?", "Dean here, quick question"
    for found in reversed(_ITS_NAME.findall(text)):
        named = found[0] or found[1]
        if not any(word.lower() in _NOT_A_NAME for word in named.split()):
            name = clean_name(named)
            if name:
                return name
    # "Leon!! i just said", "leon. I told you already": the name, then a remark on having given
    # it; "Sarah, I'm Josh's mum": the name, then who the writer is to the patient.
    first = _PART_BREAK.split(text.strip(), maxsplit=1)[0]
    rest = text.strip()[len(first) :]
    if _SAID_ALREADY.search(rest) or _RELATION.search(rest):
        name = _name_alone(first.strip())
        if name:
            return name
    if _shouted(text):
        return None  # "WHAT DOES CONSENT MEAN HERE": every word is capitalised, none is a name
    # "Sandra Okafor, I'm her daughter. Mum is Margaret Okafor": the relative's name is not the
    # writer's.
    text = _RELATIVE_NAMED.sub(" ", text)
    runs: List[List[str]] = [[]]
    for word in re.split(r"[\s,;:!?()\"]+", text):
        if word[:1].isupper() and word.lower() not in _SENTENCE_WORDS and word != "I":
            runs[-1].append(word.rstrip("."))
            if word.endswith(".") and len(word) > 2:
                runs.append([])  # a sentence ends: "Margaret. Ask for me" is no name
        elif runs[-1]:
            runs.append([])
    for run in reversed(runs):
        if 2 <= len(run) <= 3:
            name = clean_name(" ".join(run))
            if name:
                return name
    return None


#: Words in a message in capitals: with this many, it is shouted, not a run of names.
MIN_SHOUTED_WORDS = 4


def _shouted(text: str) -> bool:
    words = [word for word in re.findall(r"[^\W\d_]+", text) if len(word) > 1]
    return len(words) >= MIN_SHOUTED_WORDS and all(word.isupper() for word in words)


def name_before_number(text: str) -> Optional[str]:
    """The name typed just before a phone number, where the bot asked for a name.

    "priya shah 07911 123456, evenings are best" gives "priya shah" (as typed); "call me on
    07911 123456" and "my number is 07911 123456" give nothing.

    Args:
        text: The message.

    Returns:
        The name, or None.
    """
    number = _PHONE_RUN.search(text)
    if number is None:
        return None
    before = _NUMBER_INTRO.sub("", text[: number.start()])
    # "yeah call me back later pls, Leon 07700900950", "my name Tomasz Nowak, number 0770...":
    # the whole, else the last part the punctuation leaves that is not empty.
    parts = [before, *reversed([p for p in _PART_BREAK.split(before) if p.strip(" -")][-2:])]
    for part in parts:
        name = _name_alone(_NAME_PREFIX.sub("", part.strip()).strip(" ,.;:-"))
        if name is not None:
            return name
    return None


_PART_BREAK = re.compile(r"[,.;:!?]")
#: A name's possessive ("Josh's", with either apostrophe).
_POSSESSIVE = re.compile(r"['\u2019]s$", re.I)


def is_possessive(word: str) -> bool:
    """Whether a word is a possessive ("Josh's", "Today's"): a relation or a day, no name."""
    return bool(_POSSESSIVE.search(word))


#: Who the writer is to the patient: "I'm Josh's mum", "im his daughter".
_RELATION = re.compile(
    r"\b(i'?m|im|i am)\s+(his|her|their|the|[\w-]+['\u2019]s)\s+(mum|mom|mam|mother|dad|father|"
    r"wife|husband|partner|son|daughter|sister|brother|carer|friend|neighbou?r|aunt|auntie|uncle|"
    r"gran|nan|grandma|grandad|granddaughter|grandson|niece|nephew|girlfriend|boyfriend)\b",
    re.I,
)
#: A remark on a detail given before ("i just said", "told you already", "as I said").
_SAID_ALREADY = re.compile(
    r"\b(i|i'?ve|ive)\s+(just\s+|already\s+)?(said|told|wrote|typed|gave|put)\b"
    r"|\b(told|said)\s+(you|u|that|it)\b|\bas\s+i\s+said\b",
    re.I,
)


def _name_alone(text: str) -> Optional[str]:
    """The text as a name when it is one to three words that are not a sentence's."""
    words = text.split()
    if not 1 <= len(words) <= 3 or reads_as_sentence(text):
        return None
    if any(word.lower() in _NOT_A_NAME for word in words):
        return None
    return clean_name(text)


@dataclass(frozen=True)
class ContactDetails:
    """A name and a normalised phone number, either of which may be missing."""

    name: Optional[str]
    phone: Optional[str]


#: "... its Priya", "this is Dev Patel": a name that ends the message.
_NAMED_AT_END = re.compile(
    r"\b(?:it'?s|its|this is|it is)\s+([A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+){0,2})\W*$"
)
#: What a request to be called starts with ("yes please", "ok go on then, call me back").
_REQUEST_WORDS = re.compile(
    r"^(?:\W*\b(?:yes|yeah|yep|yup|ok|okay|sure|please|pls|go on|then|call me|ring me|back)\b)+\W*",
    re.IGNORECASE,
)


def details_in_request(text: str, default_region: str = "") -> ContactDetails:
    """The name and number a patient gives with their yes to a call back.

    "yes please get a doctor to call me. Name is Margaret Hale, number 0161 496 0732" or
    "yes go on then, call me. its Priya": the patient need not type them again. Only a name the
    writer introduces, one that ends the message after "it's", or a message that is nothing
    but the yes, a name and a number ("Yes. John Smith 07700 900123") counts: "yes, my mum
    Joan Hale fell" gives no name (the doctor may need to ask for the daughter).

    Args:
        text: The message that starts the call-back form.
        default_region: ISO country code for numbers typed without one.

    Returns:
        The name and the E.164 number found, each None when absent or unusable.
    """
    runs = _number_runs(text)
    phone = parse_phone(runs[0], default_region).e164 if len(runs) == 1 else None
    introductions = _INTRODUCED.findall(text) or _NAMED_AT_END.findall(text)
    name = clean_name(introductions[-1]) if introductions else None
    if name is None:
        # "hi its sarah jones 07700 900123, can the doctor ring me": introduced, just before it
        before = _INTRO_BEFORE_NUMBER.findall(text)
        words = before[-1].split() if before else []
        if words and not any(w.lower() in _NOT_A_NAME for w in words):
            name = clean_name(" ".join(words))
    if name is None:
        rest = _REQUEST_WORDS.sub("", _PHONE_RUN.sub(" ", text)).strip(" ,.!")
        words = rest.split()
        if 1 <= len(words) <= 3 and all(word[:1].isupper() for word in words):
            name = None if reads_as_sentence(rest) else clean_name(rest)
    if name and any(word.lower() in _NOT_A_NAME for word in name.split()):
        name = None
    if name is None and phone is not None:
        # "thanks. yeah call me back later pls, Leon 07700900950"
        name = name_before_number(text)
    return ContactDetails(name, phone)


def clean_name(value: object) -> Optional[str]:
    """Returns a tidy name, or None if the value does not look like a name.

    Accepts names in any script, with hyphens and apostrophes ("Anne-Marie O'Neil", "José",
    "王伟"); strips "my name is"; rejects empty text, digits, e-mail addresses, links and
    over-long text.

    Args:
        value: The slot value.

    Returns:
        The name, or None.
    """
    if not isinstance(value, str):
        return None
    text = unicodedata.normalize("NFC", value)
    # "ok its Chloe 😊": emoji and other symbols are no part of a name
    text = "".join(
        ch
        for ch in text
        if unicodedata.category(ch) not in ("So", "Sk") and ch not in "\u200d\ufe0f"
    )
    text = _NAME_PREFIX.sub("", _REPLY_PREFIX.sub("", text) or text)
    text = " ".join(text.split()).strip(" .,;:!?\"'")
    if not text or len(text) > MAX_NAME_LENGTH or len(text.split()) > MAX_NAME_WORDS:
        return None
    if any(ch.isdigit() for ch in text) or "@" in text or "://" in text or "www." in text.lower():
        return None
    if any(unicodedata.category(ch).startswith("C") for ch in text):
        return None
    if not any(ch.isalpha() for ch in text):
        return None
    if _keyboard_mash(text) or reads_as_sentence(text):
        return None
    if any(is_possessive(word) for word in text.split()[:-1]):
        return None  # "Josh's mum": whose relative the writer is, not a name
    allowed_punctuation = set(" -'\u2019.,")  # \u2019: typographic apostrophe
    if any(
        not (ch.isalpha() or ch in allowed_punctuation or unicodedata.category(ch) == "Mn")
        for ch in text
    ):
        return None
    return text


@dataclass(frozen=True)
class PhoneCheck:
    """The result of reading a phone number.

    Attributes:
        e164: The number in E.164 (`+447400123456`), or None when it is not usable.
        problem: Why not: `needs_country_code`, `invalid`, `premium_rate` or `several` (more
            than one number, none said to be the one to use); empty when usable.
    """

    e164: Optional[str]
    problem: str = ""


def parse_phone(value: object, default_region: str = "") -> PhoneCheck:
    """Reads a phone number typed in any usual international or national format.

    `+44 20 7946 0958`, `0044 20 7946 0958`, `(202) 555-0143` with region `US`, and so on.
    Numbers without a country code need `default_region` (`PHONE_DEFAULT_REGION`).

    Args:
        value: The slot value.
        default_region: ISO country code for numbers typed without a country code.

    Returns:
        The normalised number, or why it is not usable.
    """
    if not isinstance(value, str):
        return PhoneCheck(None, "invalid")
    text = _PHONE_PREFIX.sub("", value.strip()).strip().rstrip(".")
    if text and not _PHONE_CHARS.match(text):
        if len(_number_runs(text)) > 1 and not _number_in_sentence(text):
            return PhoneCheck(None, "several")  # "07700 900123 or 0161 496 0123": ask which
        text = _number_in_sentence(text)
    if not text or not _PHONE_CHARS.match(text) or sum(ch.isdigit() for ch in text) < 4:
        return PhoneCheck(None, "invalid")
    compact = re.sub(r"[\s\-./()]", "", text)
    if compact.startswith("00"):
        text = "+" + compact[2:]
    region = default_region.upper() or None
    if not text.startswith("+") and region is None:
        return PhoneCheck(None, "needs_country_code")
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return PhoneCheck(None, "invalid")
    # A possible number (right length for its country) is taken: the library's list of
    # allocated ranges lags behind operators, and refusing a patient's real number loses the
    # call-back ("+44 7911 654321" was refused as not allocated).
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason != phonenumbers.ValidationResult.IS_POSSIBLE:  # local-only or wrong length
        return PhoneCheck(None, "invalid")
    valid = phonenumbers.is_valid_number(number)
    if not valid and not text.startswith("+") and not _with_national_prefix(compact, region):
        # "(614) 555-0142" with region GB: no trunk "0" and no valid UK number, so most likely
        # a number from another country typed without its code (it became "+44 614...").
        return PhoneCheck(None, "needs_country_code")
    if not valid and _shorter_than_usual(number):
        # "0779 12345": possible only as some short area number, and no valid one: a digit
        # or two missing from a mobile, more likely than a new range.
        return PhoneCheck(None, "invalid")
    if phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.PREMIUM_RATE:
        return PhoneCheck(None, "premium_rate")
    return PhoneCheck(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def _with_national_prefix(compact: str, region: Optional[str]) -> bool:
    """Whether digits typed without a country code start with the region's trunk prefix.

    True too where the region has none (then nothing tells a foreign number apart).
    """
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region or "")
    prefix = getattr(metadata, "national_prefix", None) if metadata else None
    return not prefix or compact.startswith(prefix)


#: A number the writer says to use: "mobile is 07700 ...", "best on 0113 ...".
_CHOSEN_NUMBER = re.compile(
    r"\b(?:mobile|mob|cell|best|use|try|ring|call)\b(?:\s+\w+){0,2}?\s*(?:is|on|:)?\s*"
    r"(?P<number>\+?\(?\d[\d\s\-./()]{5,}\d)",
    re.IGNORECASE,
)


#: A number given first, as its own sentence or clause, before anything else is told.
_LEADING_NUMBER = re.compile(r"^\s*\+?\(?\d[\d\s\-./()]{5,}\d\s*(?:[.,;!\n]|$)")


#: Which of two numbers given before: "the mobile", "landline", "the first one", "mine".
_WHICH_NUMBER = re.compile(
    r"^\W*(the\s+|my\s+)?(?P<which>mobile|mob|cell|cellphone|landline|home|house|first|1st|"
    r"second|2nd|last|other)(\s+(one|number|no\.?|phone))?\W*(please|pls|thanks|ta)?\W*$",
    re.I,
)


def chosen_number(text: str, earlier: str, default_region: str = "") -> Optional[str]:
    """The number a short answer picks among those an earlier message gave, in E.164.

    After "my mobile 07812 345678. or mum's landline 0131 496 0123" and "which one?", "the
    mobile" is the first (a mobile number), "the landline" the second.

    Args:
        text: The answer ("the mobile", "first one").
        earlier: The message with the numbers.
        default_region: `PHONE_DEFAULT_REGION`.

    Returns:
        The chosen number, or None when the answer picks none of them.
    """
    match = _WHICH_NUMBER.match(text)
    numbers = [parse_phone(run, default_region).e164 for run in _number_runs(earlier)]
    usable = [n for n in numbers if n]
    if not match or len(usable) < 2:
        return None
    which = match["which"].lower()
    if which in ("first", "1st"):
        return usable[0]
    if which in ("second", "2nd", "last", "other"):
        return usable[-1]
    types = phonenumbers.PhoneNumberType
    mobile = which in ("mobile", "mob", "cell", "cellphone")
    wanted, other = (types.MOBILE, types.FIXED_LINE) if mobile else (types.FIXED_LINE, types.MOBILE)
    kinds = [phonenumbers.number_type(phonenumbers.parse(n)) for n in usable]
    picked = [n for n, kind in zip(usable, kinds, strict=True) if kind == wanted]
    if not picked:  # a range the library does not know: the one that is not the other kind
        picked = [n for n, kind in zip(usable, kinds, strict=True) if kind != other]
    return picked[0] if len(picked) == 1 else None


def _number_runs(text: str) -> List[str]:
    """The runs of digits in a message long enough to be a phone number ("2-3" is a time)."""
    runs = [run.strip() for run in _PHONE_RUN.findall(text)]
    return [run for run in runs if has_phone_digits(run)]


def _number_in_sentence(text: str) -> str:
    """The one phone number in a short sentence around it, or "" (none, or more than one)."""
    runs = _number_runs(text)
    if len(runs) > 1:
        # "01632 960 418 thats the landline but we'll be out, mobile is 07700 900 418": the
        # one the writer says to use, if they name exactly one.
        chosen = [m.group("number").strip() for m in _CHOSEN_NUMBER.finditer(text)]
        runs = chosen if len(chosen) == 1 else runs
    if len(runs) != 1:
        return ""
    if _LEADING_NUMBER.match(text):
        return runs[0]  # "07700 900123. Also the pain is worse at night ...": the answer first
    around = _PHONE_RUN.sub(" ", text)
    return runs[0] if len(around.split()) <= _MAX_WORDS_AROUND_NUMBER else ""


def _shorter_than_usual(number: phonenumbers.PhoneNumber) -> bool:
    """Whether a number has fewer digits than its country's usual (example) number."""
    if number.country_code is None:
        return False
    region = phonenumbers.region_code_for_country_code(number.country_code)
    example = phonenumbers.example_number(region) if region != "ZZ" else None
    if example is None:
        return False
    national = phonenumbers.national_significant_number
    return len(national(number)) < len(national(example))


def display_phone(e164: str) -> str:
    """Formats an E.164 number for people (`+44 20 7946 0958`)."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


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
    return None


#: The region whose mobile number shows the international format when none is configured.
EXAMPLE_REGION = "GB"


def phone_example(default_region: str = "") -> str:
    """An example number as the form accepts it, for the prompts.

    Args:
        default_region: `PHONE_DEFAULT_REGION` ("" when not set).

    Returns:
        A valid mobile number of that region in its national format ("07400 123456"), or, with
        no region, an international one ("+44 7400 123456").
    """
    region = default_region.upper()
    number = phonenumbers.example_number_for_type(
        region or EXAMPLE_REGION, phonenumbers.PhoneNumberType.MOBILE
    )
    if number is None:  # an unknown region: show the international form
        number = phonenumbers.example_number_for_type(
            EXAMPLE_REGION, phonenumbers.PhoneNumberType.MOBILE
        )
        region = ""
    assert number is not None  # noqa: S101 (phonenumbers ships GB's example)
    fmt = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if region
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, fmt)
