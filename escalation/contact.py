"""Reading the name of the callback form, alone or in a sentence, and the details given with a yes.

The phone number is read by `escalation.phones`, the yes, no and "stop" by `escalation.replies`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import List, Optional

from escalation.phones import PHONE_RUN, number_runs, parse_phone
from escalation.replies import REPLY_ACK

MAX_NAME_LENGTH = 80
MAX_NAME_WORDS = 6
#: Fewer letters than this is an initial, not a name ("J").
MIN_NAME_LETTERS = 2

_REPLY_PREFIX = re.compile(rf"^\s*(?:{REPLY_ACK}\b[\s,!.:;-]*)+", re.IGNORECASE)

#: Words after a name that are not part of it: "Jay then", "Priya please", "Sam, thanks x".
_REPLY_SUFFIX = re.compile(
    r"(?:[\s,.!-]+(?:then|please|pls|plz|thanks|thank you|thx|ta|cheers|x+|mate|ok|okay))+\W*$",
    re.IGNORECASE,
)

_NAME_PREFIX = re.compile(
    # "hi its sarah jones 07700 900123": a greeting first
    r"^\s*(?:(?:hi|hello|hey|hiya)\b[\s,!.]*)?"
    r"(?:(?:my\s+)?name\s+is|(?:my\s+)?name'?s|name\s*[:=]|(?:my\s+)?name|i\s+am|i'?m|it'?s|"
    r"it\s+is|this\s+is|"
    r"call\s+me|you\s+can\s+call\s+me|(?:just\s+)?(?:put|say)(?:\s+it'?s)?)\s+",
    re.IGNORECASE,
)
#: Words that introduce the number after the name: "fatima begum. its 07700 900382".
_NUMBER_INTRO = re.compile(
    r"[\s,.;:-]+(?:and\s+)?(?:it'?s|its|it\s+is|(?:my\s+)?(?:phone\s+|mobile\s+)?number(?:'?s|\s+is)?|"
    r"(?:my\s+)?mobile(?:'?s|\s+is)?|(?:call|ring)\s+(?:me\s+)?on|on)\s*[:=]?\s*$",
    re.IGNORECASE,
)
#: Words of a reply, not of a name ("cheers", "go on then", "yes please"), even capitalised:
#: taken as a name they would be read to the doctor. "ta" and "k" only on their own.
_REPLY_WORDS = frozenset(
    """
    yes yeah yep yup sure no nope please pls thanks thank cheers ok okay alright fine hi
    hello hey bye goodbye idk dunno sorry help maybe later stop call put goodnight night nite
    laters cya aight ait awright alrite aye ye yeh yea yah
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
    ehen ehn haba abeg chai oya ehh ahh arrey arre ayy aiyo aiyoo ay ayyy
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
    actually sorry nearly almost anyway basically honestly maybe probably definitely
    apparently obviously seriously literally right well oh um erm ah so sure
    ehen ehn haba abeg chai oya arrey arre aiyo aiyoo
    """.split()
)
#: Words after "it's" or "I'm" that are not a name ("yes please. It's Monday", "I'm Worried").
_NOT_A_NAME = _SENTENCE_WORDS | frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday today tonight tomorrow morning
    afternoon evening worried scared fine ok okay here home urgent hurry quick quickly asap
    ibuprofen paracetamol naproxen aspirin codeine co-codamol tramadol diazepam nurofen advil
    tylenol aleve voltarol ibuleve
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


#: The writer names themself: "I'm Margaret", "my name is Tom Reilly", "hi, this is Jo Bell"
#: (capitalised, 1-3 words).
_INTRODUCED = re.compile(
    r"\b(?:[Ii]'?m|I am|[Mm]y name is|[Mm]y name'?s|[Mm]y name|[Nn]ame is|[Nn]ame['\u2019]s|"
    r"[Hh]i,? this is|[Hh]ello,? this is|"
    # "Mine then, Margaret Olusanya" (asked whose name to give)
    r"[Mm]ine(?: then| please| is fine| will do)?,|"
    # "just put Dee", "put me down as Sam Patel", "ask for Mo", "call me Bex"
    r"[Jj]ust put|[Pp]ut me(?: down)?(?: as)?|[Pp]ut (?:it|that) as|[Pp]ut down|[Aa]sk for|"
    r"[Cc]all me|[Ss]ay it'?s|"
    # the one who answers, not the patient: "ask for me, Joy", "I'll be the one answering - Sue"
    r"[Aa]sk for me,?|[Ii]'?ll be the one (?:answering|picking up)(?: the phone)?\s*[-:,]?|"
    r"[Ii]t'?ll be me,?|"
    # "ring my wife Linda on 07700 900 222", "i said, Linda"
    r"(?:[Rr]ing|[Cc]all|[Pp]hone|[Aa]sk for) my (?:wife|husband|partner|son|daughter|mum|mom|"
    r"dad|sister|brother|friend|carer),?|[Ii] (?:just |already )?said,?|[Aa]s I said,?)\s+"
    r"([A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+){0,2})"
)


#: The writer's own name said as such ("my name is Arjun", "I'm Kez").
_OWN_NAME = re.compile(
    r"\b(?:[Mm]y name is|[Mm]y name'?s|[Ii]'?m|I am|"
    r"[Mm]ine(?: then| please| is fine| will do)?,)\s+"
    r"([A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+){0,2})"
)


#: A name with "like I said" after it ("Kev like i said").
_NAME_AS_SAID = re.compile(
    r"^\W*([A-Za-z][\w'-]+(?:\s+[A-Za-z][\w'-]+)?),?\s+(?:like|as)\s+i\s+(?:said|told you)\W*$",
    re.IGNORECASE,
)
#: One name or another: "Graham, or Linda if I'm indisposed".
_EITHER_NAME = re.compile(r"^\W*([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)\s*,?\s+or\s+[A-Z][\w'-]+\b")
#: A name introduced right before a number, in any case ("its sarah jones 07700 900123").
_INTRO_BEFORE_NUMBER = re.compile(
    r"\b(?:it'?s|it\u2019s|this is|name is|name'?s|i'?m)\s+([A-Za-z][\w'-]+(?:\s+[A-Za-z][\w'-]+)?)"
    # a phone number follows, not a time ("It's nearly 10pm on a Saturday")
    r"\s*[,.:-]?\s*(?=\+?\(?\d[\d ()-]{5,})",
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


#: A relative's name given as theirs ("Mum is Margaret Okafor", "my dad's called Tom Hale",
#: "Margaret Hughes (daughter of Joan Hughes)").
_RELATIVE_NAMED = re.compile(
    r"\b(?:(?:my|her|his|our)\s+)?(?:mother-in-law|father-in-law|mum|mom|mam|mother|dad|father|"
    r"husband|wife|partner|son|"
    r"daughter|nan|nana|gran|granny|grandma|grandad|grandpa|brother|sister|aunt|auntie|uncle|"
    r"patient)(?:['\u2019]s)?(?:\s+name)?\s+(?:is|called|named|of|for)\s+"
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
    # "my name is Arjun Mehta, her name is Kamla Mehta": the writer's own, who takes the call
    own = [name for name in _OWN_NAME.findall(text) if not is_possessive(name)]
    introductions = own if own and len(introductions) > 1 else introductions
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
    # "Kev like i said": the name, then a remark on having given it
    repeated = _NAME_AS_SAID.match(text)
    if repeated and not any(word.lower() in _NOT_A_NAME for word in repeated.group(1).split()):
        name = clean_name(repeated.group(1))
        if name:
            return name
    # "Graham, or Linda if I'm indisposed": the first name; the other is in the transcript
    either = _EITHER_NAME.match(text)
    if either:
        name = clean_name(either.group(1))
        if name:
            return name
    # "Leon!! i just said", "leon. I told you already": the name, then a remark on having given
    # it; "Sarah, I'm Josh's mum": the name, then who the writer is to the patient.
    first = _PART_BREAK.split(text.strip(), maxsplit=1)[0]
    rest = text.strip()[len(first) :]
    if _SAID_ALREADY.search(rest) or _RELATION.search(rest) or _ASKS_AFTER.search(rest):
        name = _name_alone(first.strip())
        if name:
            return name
    said = _NAME_AFTER_SAID.match(text)
    if said and not any(word.lower() in _NOT_A_NAME for word in said.group(1).split()):
        name = clean_name(said.group(1))
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
    number = PHONE_RUN.search(text)
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
#: A question after the name, in a sentence of its own: "Kev. btw is there parking at the clinic".
_ASKS_AFTER = re.compile(
    r"^\W*((btw|by the way|also|and|oh and|quick q(uestion)?|sorry)\W+)?(is|are|can|could|do|does|"
    r"what|where|when|how|will|would|should|who)\b",
    re.I,
)
#: The name after a remark on having given it: "i just told you, Kev", "said it already: Kev".
_NAME_AFTER_SAID = re.compile(
    r"^\W*(?:i\s+)?(?:just\s+|already\s+)?(?:told|said|gave|wrote)\s+(?:you|u|it)"
    r"(?:\s+(?:already|before|earlier|twice))?\W+([A-Za-z][\w'-]+(?:\s+[A-Za-z][\w'-]+)?)\W*$",
    re.I,
)
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


#: Where a chat sentence ends ("... ring me after. Tom Hargreaves").
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def details_in_request(
    text: str, default_region: str = "", alone_sentences: bool = True
) -> ContactDetails:
    """The name and number a patient gives with their yes to a call back.

    "yes please get a doctor to call me. Name is Margaret Hale, number 0161 496 0732" or
    "yes go on then, call me. its Priya": the patient need not type them again. Only a name the
    writer introduces, one that ends the message after "it's", or a message that is nothing
    but the yes, a name and a number ("Yes. John Smith 07700 900123") counts: "yes, my mum
    Joan Hale fell" gives no name (the doctor may need to ask for the daughter).

    Args:
        text: The message that starts the call-back form.
        default_region: ISO country code for numbers typed without one.
        alone_sentences: Whether a capitalised sentence alone may be the name (in the
            message with the request, not in one before it: "Ibuprofen. Who knew." two
            messages before a yes is no name).

    Returns:
        The name and the E.164 number found, each None when absent or unusable.
    """
    runs = number_runs(text)
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
        rest = _REQUEST_WORDS.sub("", PHONE_RUN.sub(" ", text)).strip(" ,.!")
        words = rest.split()
        if 1 <= len(words) <= 3 and all(word[:1].isupper() for word in words):
            name = None if reads_as_sentence(rest) else clean_name(rest)
    if name is None and alone_sentences:
        # A sentence that is only a name, capitalised, or "its" and a name, around the request:
        # "go on then, have the clinic ring me after. Tom Hargreaves", "Its Mo. Mohammed Ali.
        # yes really lol" (the fuller name, said last, is kept)
        sentences = _SENTENCE_END.split(PHONE_RUN.sub(" ", text).strip(" ,.!"))
        for sentence in sentences if len(sentences) > 1 else []:
            part = sentence.strip(" ,.!")
            introduced = _NAME_PREFIX.sub("", part)
            if introduced == part and not all(word[:1].isupper() for word in part.split()):
                continue
            name = _name_alone(introduced) or name
    if name and any(word.lower() in _NOT_A_NAME for word in name.split()):
        name = None
    if name is None and phone is not None:
        # "thanks. yeah call me back later pls, Leon 07700900950"
        name = name_before_number(text)
    return ContactDetails(name, phone)


_ASIDE = re.compile(r"\([^()]*\)")


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
    text = _REPLY_SUFFIX.sub("", text) or text
    # "Rob (Ellie's dad)": who the writer is to the patient, in brackets, is no part of the name
    text = _ASIDE.sub(" ", text)
    text = " ".join(text.split()).strip(" .,;:!?\"'")
    if not text or len(text) > MAX_NAME_LENGTH or len(text.split()) > MAX_NAME_WORDS:
        return None
    if any(ch.isdigit() for ch in text) or "@" in text or "://" in text or "www." in text.lower():
        return None
    if any(unicodedata.category(ch).startswith("C") for ch in text):
        return None
    if sum(ch.isalpha() for ch in text) < MIN_NAME_LETTERS:
        return None  # "J": an initial is not enough for the doctor to ask for
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
