"""Reading the phone number of the callback form: any usual format, one rule for every prompt."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Optional

import phonenumbers

_PHONE_PREFIX = re.compile(
    r"^\s*(?:(?:my\s+)?(?:phone\s+)?(?:number|phone|mobile|tel|telephone)\s*(?:is|[:=])?|"
    r"tel:|it'?s|call\s+me\s+on)\s*",
    re.IGNORECASE,
)
_PHONE_CHARS = re.compile(r"^[0-9+()\-./\s]+$")
#: A run of digits long enough to be a phone number (with spaces, dashes, brackets).
PHONE_RUN = re.compile(r"(?<![\w+])\+?\(?\d[\d\s\-./()]{5,}\d(?!\w)")
#: Words around a number that still make the message a phone number, not something else
#: ("sorry 07700 988512. will it be a doctor? I'm on a call 2-3 so not then!").
_MAX_WORDS_AROUND_NUMBER = 30


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


_DIGIT_WORDS = {
    "oh": "0", "o": "0", "zero": "0", "nought": "0", "nil": "0", "one": "1", "two": "2",
    "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
}  # fmt: skip
_REPEATS = {"double": 2, "triple": 3}
#: Words that make a spelled number ambiguous ("nine hundred": 900 or 9 100?).
_AMBIGUOUS_NUMBER_WORDS = re.compile(
    r"\b(ten|eleven|twelve|\w+teen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    r"hundred|thousand)\b",
    re.I,
)


def digits_from_words(text: str) -> Optional[str]:
    """The digits of a number spelled out one digit at a time ("oh seven seven double oh nine").

    Voice typing and some older patients write numbers this way. Only digit words, "double" and
    "triple" (and digits) count, in one run; "nine hundred" could be 900 or 9 100, so a
    message with such a word gives None, as does a run of fewer than `MIN_PHONE_DIGITS`.

    Args:
        text: The message.

    Returns:
        The digits (with a leading "+" after "plus"), or None.
    """
    if _AMBIGUOUS_NUMBER_WORDS.search(text):
        return None
    runs = [""]
    repeat = 1
    for word in re.findall(r"[a-z]+|\d+|\+", text.lower()):
        if word in _REPEATS:
            repeat = _REPEATS[word]
            continue
        if word in ("plus", "+"):
            runs.append("+")  # a country code starts a new run
        elif word in _DIGIT_WORDS or word.isdigit():
            digits = _DIGIT_WORDS.get(word, word)
            runs[-1] += digits[0] * repeat + digits[1:]
        else:
            runs.append("")  # any other word ends the run
        repeat = 1
    best = max(runs, key=lambda run: sum(char.isdigit() for char in run))
    return best if sum(char.isdigit() for char in best) >= MIN_PHONE_DIGITS else None


@dataclass(frozen=True)
class PhoneCheck:
    """The result of reading a phone number.

    Attributes:
        e164: The number in E.164 (`+447400123456`), or None when it is not usable.
        problem: Why not: `needs_country_code`, `too_short` (a digit or more missing),
            `invalid`, `premium_rate` or `several` (more than one number, none said to be the
            one to use); empty when usable.
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
    if not has_phone_digits(value):
        value = digits_from_words(value) or value  # "oh one two two three, four nine six..."
    text = _PHONE_PREFIX.sub("", value.strip()).strip().rstrip(".")
    if text and not _PHONE_CHARS.match(text):
        runs = number_runs(text)
        if len(runs) > 1 and not _number_in_sentence(text):
            if not _CORRECTED.search(text):
                return PhoneCheck(None, "several")  # "07700 900123 or 0161 496 0123": ask which
            # "07700 900 4.. wait hang on thats my old one. 07700 900461": the one after
            text = runs[-1]
        else:
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
    if reason == phonenumbers.ValidationResult.TOO_SHORT:  # "0790 1234": digits missing
        return PhoneCheck(None, "too_short")
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
        return PhoneCheck(None, "too_short")
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


#: The writer corrects the number just typed ("wait", "sorry i mean", "thats my old one").
_CORRECTED = re.compile(
    r"\b(wait|hang on|hold on|sorry|i mean|i meant|meant|my old one|old number|wrong|"
    r"scratch that|typo|correction)\b",
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
    numbers = [parse_phone(run, default_region).e164 for run in number_runs(earlier)]
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


def number_runs(text: str) -> List[str]:
    """The runs of digits in a message long enough to be a phone number ("2-3" is a time)."""
    runs = [run.strip() for run in PHONE_RUN.findall(text)]
    return [run for run in runs if has_phone_digits(run)]


def _number_in_sentence(text: str) -> str:
    """The one phone number in a short sentence around it, or "" (none, or more than one)."""
    runs = number_runs(text)
    if len(runs) > 1:
        # "01632 960 418 thats the landline but we'll be out, mobile is 07700 900 418": the
        # one the writer says to use, if they name exactly one.
        chosen = [m.group("number").strip() for m in _CHOSEN_NUMBER.finditer(text)]
        runs = chosen if len(chosen) == 1 else runs
    if len(runs) != 1:
        return ""
    if _LEADING_NUMBER.match(text):
        return runs[0]  # "07700 900123. Also the pain is worse at night ...": the answer first
    around = PHONE_RUN.sub(" ", text)
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


#: The region whose mobile number shows the international format when none is configured.
EXAMPLE_REGION = "GB"


def phone_example(default_region: str = "", international: bool = False) -> str:
    """An example number as the form accepts it, for the prompts.

    Args:
        default_region: `PHONE_DEFAULT_REGION` ("" when not set).
        international: The example with its country code, for the prompt that asks for one
            ("Please include your country code, starting with +, for example +44 7400 123456").

    Returns:
        A valid mobile number of that region in its national format ("07400 123456"), or, with
        no region or `international`, an international one ("+44 7400 123456").
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
        if region and not international
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, fmt)
