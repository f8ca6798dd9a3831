"""Compiles the red-flag rules into spaCy matchers and finds term and flag hits in a message.

Everything is compiled once (one `Matcher` for token patterns, one `PhraseMatcher` on NORM for
phrases); each message is then matched in a single pass over its tokens.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Dict, Iterable, List, Tuple

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from components.red_flag_rules import Phrase, RuleFileError, RuleSet, Tokens

Span = Tuple[int, int]

#: Hits kept per term or flag (the earliest ones), to bound the work on pathological input.
MAX_HITS_PER_KEY = 64

_TERM = "T:"
_EXCLUDE = "X:"
_FLAG = "F:"


@dataclass(frozen=True)
class Hits:
    """What the matchers found in one message.

    Attributes:
        terms: Term name -> token spans (start, end); hits overlapping an exclusion are removed.
        flags: Flag id -> token spans of its direct (phrase or token) patterns.
    """

    terms: Dict[str, List[Span]]
    flags: Dict[str, List[Span]]


class CompiledRules:
    """The rules as spaCy matchers.

    Args:
        rules: The parsed rules.
        nlp: The pipeline whose vocabulary and tokenizer the messages use.

    Raises:
        RuleFileError: If a token pattern is not a valid spaCy Matcher pattern.
    """

    def __init__(self, rules: RuleSet, nlp: Language) -> None:
        self.rules = rules
        self._matcher = Matcher(nlp.vocab, validate=True)
        self._phrases = PhraseMatcher(nlp.vocab, attr="NORM")
        for term in rules.terms.values():
            self._add(nlp, _TERM + term.name, term.match)
            if term.exclude:
                self._add(nlp, _EXCLUDE + term.name, term.exclude)
        for flag in rules.flags:
            direct = [p for p in flag.patterns if isinstance(p, Phrase | Tokens)]
            if direct:
                self._add(nlp, _FLAG + flag.id, direct)

    def _add(self, nlp: Language, key: str, items: Iterable[object]) -> None:
        token_patterns = []
        phrase_docs = []
        for item in items:
            if isinstance(item, Phrase):
                phrase_docs.append(nlp.make_doc(item.text.lower()))
            elif isinstance(item, Tokens):
                token_patterns.append([dict(token) for token in item.pattern])
        if token_patterns:
            try:
                self._matcher.add(key, token_patterns)
            except (ValueError, KeyError) as error:
                raise RuleFileError(f"invalid token pattern in {key}: {error}") from error
        if phrase_docs:
            self._phrases.add(key, phrase_docs)

    def find(self, doc: Doc) -> Hits:
        """Runs the matchers over a message.

        Args:
            doc: The tokenised, normalised message.

        Returns:
            The term and flag hits.
        """
        found: Dict[str, List[Span]] = defaultdict(list)
        strings = doc.vocab.strings
        for match_id, start, end in list(self._matcher(doc)) + list(self._phrases(doc)):
            found[strings[match_id]].append((start, end))
        terms: Dict[str, List[Span]] = {}
        flags: Dict[str, List[Span]] = {}
        for key, spans in found.items():
            unique = sorted(set(spans))[:MAX_HITS_PER_KEY]
            if key.startswith(_TERM):
                name = key[len(_TERM) :]
                excluded = found.get(_EXCLUDE + name, [])
                kept = [span for span in unique if not _overlaps_any(span, excluded)]
                if kept:
                    terms[name] = kept
            elif key.startswith(_FLAG):
                flags[key[len(_FLAG) :]] = unique
        return Hits(terms=terms, flags=flags)


def _overlaps_any(span: Span, others: List[Span]) -> bool:
    start, end = span
    return any(start < o_end and o_start < end for o_start, o_end in others)
