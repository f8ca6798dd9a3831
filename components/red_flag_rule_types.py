"""The red-flag rules as immutable objects (what `red_flag_rules` parses the file into)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Mapping, Optional, Tuple, Union

TokenPattern = Tuple[Dict[str, Any], ...]


class RuleFileError(ValueError):
    """The rules file is missing, unreadable or inconsistent."""


@dataclass(frozen=True)
class Phrase:
    """A phrase matched token by token on the NORM attribute.

    Attributes:
        text: The phrase, e.g. "can't feel".
    """

    text: str


@dataclass(frozen=True)
class Tokens:
    """A spaCy Matcher token pattern.

    Attributes:
        pattern: One mapping per token, as spaCy's Matcher expects.
    """

    pattern: TokenPattern


@dataclass(frozen=True)
class Combo:
    """Term groups that together make a mention.

    Attributes:
        elements: One tuple per required element; an element is satisfied by any of its terms.
        scope: Where the elements must all occur: `clause`, `sentence` or `message`.
        window: Largest distance in tokens from the first to the last element, or None.
        unless: Terms that cancel this combination when in the same sentence.
    """

    elements: Tuple[Tuple[str, ...], ...]
    scope: str = "clause"
    window: Optional[int] = None
    unless: Tuple[str, ...] = ()


PatternItem = Union[Phrase, Tokens]
FlagPattern = Union[Phrase, Tokens, Combo]


@dataclass(frozen=True)
class Term:
    """A named group of words and phrases shared by several flags.

    Attributes:
        name: Upper-case name, e.g. `NUMB`.
        match: What counts as the term.
        exclude: Phrases that contain a match but do not count ("numbing cream").
        description: What the term stands for.
    """

    name: str
    match: Tuple[PatternItem, ...]
    exclude: Tuple[PatternItem, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class Modifier:
    """Raises a flag's urgency when something else is reported too.

    Attributes:
        urgency: The level to raise to.
        when_flags: Any of these flags reported in the same message.
        when_terms: Any of these terms affirmed in the scope.
        scope: `sentence` or `message`, for `when_terms`.
        reason: Why, for the doctor and the reviewers.
    """

    urgency: str
    when_flags: Tuple[str, ...] = ()
    when_terms: Tuple[str, ...] = ()
    scope: str = "message"
    reason: str = ""


@dataclass(frozen=True)
class FlagRule:
    """One red flag.

    Attributes:
        id: Stable id, e.g. `saddle_numbness` (the `red_flag` entity value).
        reference: The flag's row in `red-flags.md` (first column), verbatim.
        description: What the patient reports, in plain words.
        urgency: `emergency`, `urgent` or `soon`.
        may_indicate: What it may indicate; for the doctor only, never told to the patient.
        guidance: Ids of the guidance documents it rests on.
        patterns: What counts as a mention.
        unless: Terms that, in the same sentence, cancel a mention ("ice pack", "years ago").
        advice: Extra advice for the patient, e.g. `no_driving` for suspected cauda equina.
        modifiers: Rules that raise the urgency.
        label: Short name for the doctor's message.
        model_needs: What the message must contain for the learned model to report the flag on
            its own: one of these alternatives, each a set of terms that must all be there
            (the reference's "minor fall or lifting strain with osteoporosis" is neither
            osteoporosis alone nor a fall alone).
        model_unless: Terms that keep the learned model from reporting the flag on its own, and
            a "yes" from confirming it ("lost 3 stone on purpose").
    """

    id: str
    reference: str
    description: str
    urgency: str
    may_indicate: str
    guidance: Tuple[str, ...]
    patterns: Tuple[FlagPattern, ...]
    unless: Tuple[str, ...] = ()
    advice: Optional[str] = None
    modifiers: Tuple[Modifier, ...] = ()
    label: str = ""
    model_needs: Tuple[Tuple[str, ...], ...] = ()
    model_unless: Tuple[str, ...] = ()


@dataclass(frozen=True)
class RuleSet:
    """The whole rules file.

    Attributes:
        flags: The flags, in file order.
        terms: Term groups by name.
        guidance_sources: Guidance document id -> title.
    """

    flags: Tuple[FlagRule, ...]
    terms: Mapping[str, Term]
    guidance_sources: Mapping[str, str] = field(default_factory=dict)

    def flag(self, flag_id: str) -> FlagRule:
        """Returns the flag with this id.

        Args:
            flag_id: A flag id.

        Returns:
            The flag.

        Raises:
            KeyError: If there is no such flag.
        """
        for rule in self.flags:
            if rule.id == flag_id:
                return rule
        raise KeyError(flag_id)
