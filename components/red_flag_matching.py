"""Compiles the red-flag rules into spaCy matchers and finds term and flag hits in a message.

Everything is compiled once (a `Matcher` for token patterns, a `PhraseMatcher` on NORM for
phrases); each message is then matched in one pass over its tokens. Two things keep that pass
fast (issue 9: detection under 5 ms per message): patterns are grouped by what their first
token must be (one word, after a first token's `IN` list is written out word by word, or a
REGEX), and a group runs only on messages that have that word or where that regex occurs. spaCy
otherwise tries all 2,000 patterns at every token. A group whose patterns are at most N tokens
long runs only on the N tokens from each place its word occurs (spaCy's Matcher walks every token
of what it is given, so a long story cost each group a pass over all of it). Where a group's word
occurs is read from one `Doc.to_array` of hashes, not token by token.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional, Tuple

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


class _Group:
    """Patterns that all start with the same word or regex, and the longest match they allow.

    Args:
        matcher: An empty matcher for the group's patterns.
    """

    def __init__(self, matcher: Matcher) -> None:
        self._matcher = matcher
        #: The most tokens one of its matches spans (None: unbounded, "*" or "+").
        self.reach: Optional[int] = 0

    def add(self, key: str, pattern: List[Dict[str, object]]) -> None:
        """Adds one token pattern under `key`."""
        self._matcher.add(key, [pattern])
        reach = pattern_reach(pattern)
        self.reach = None if reach is None or self.reach is None else max(reach, self.reach)

    def matches(self, doc: Doc, starts: List[int]) -> List[Tuple[int, int, int]]:
        """The group's matches in `doc`, given the tokens its first token matches (ascending)."""
        found: List[Tuple[int, int, int]] = []
        for start, end in _windows(starts, self.reach, len(doc)):
            found.extend((key, start + s, start + e) for key, s, e in self._matcher(doc[start:end]))
        return found


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
        self._vocab = nlp.vocab
        self._matcher = Matcher(nlp.vocab, validate=True)
        # Patterns that start with a typo-tolerant REGEX: one group per regex, run only on
        # messages where the regex occurs at all (most messages have none of them).
        self._gated: Dict[str, Tuple[re.Pattern[str], re.Pattern[str], _Group]] = {}
        # Patterns whose first token is one word: one group per (attribute, word), run only on
        # messages with a token that has it.
        self._by_word: Dict[Tuple[str, str], _Group] = {}
        self._phrases = PhraseMatcher(nlp.vocab, attr="NORM")
        for term in rules.terms.values():
            self._add(nlp, _TERM + term.name, term.match)
            if term.exclude:
                self._add(nlp, _EXCLUDE + term.name, term.exclude)
        for flag in rules.flags:
            direct = [p for p in flag.patterns if isinstance(p, Phrase | Tokens)]
            if direct:
                self._add(nlp, _FLAG + flag.id, direct)
        # The same groups by the hash of their word, one table per attribute, in the order of
        # `_LITERAL_COLUMNS`: a message's token values are read as one array, not token by token.
        self._by_hash: List[Dict[int, _Group]] = [{} for _ in _LITERAL_COLUMNS]
        for (attr, word), group in self._by_word.items():
            column = _LITERAL_COLUMNS.index(attr)
            self._by_hash[column][nlp.vocab.strings.add(word)] = group

    def _add(self, nlp: Language, key: str, items: Iterable[object]) -> None:
        token_patterns = []
        phrase_docs = []
        for item in items:
            if isinstance(item, Phrase):
                phrase_docs.append(nlp.make_doc(item.text.lower()))
            elif isinstance(item, Tokens):
                token_patterns.extend(spell_out_first_token([dict(t) for t in item.pattern]))
        try:
            for pattern in token_patterns:
                self._add_pattern(key, pattern)
        except (ValueError, KeyError, re.error) as error:
            raise RuleFileError(f"invalid token pattern in {key}: {error}") from error
        if phrase_docs:
            self._phrases.add(key, phrase_docs)

    def _add_pattern(self, key: str, pattern: List[Dict[str, object]]) -> None:
        word = _first_token_word(pattern)
        regex = _first_token_regex(pattern)
        if word is not None:
            self._by_word.setdefault(word, _Group(Matcher(self._vocab, validate=True)))
            self._by_word[word].add(key, pattern)
        elif regex is not None:
            if regex not in self._gated:
                # Unanchored, the token's regex finds at least every token it matches in the
                # text; spaCy's REGEX searches each token's text.
                gate = re.compile(re.sub(r"(?<!\\)\$$", "", re.sub(r"^\^", "", regex)))
                group = _Group(Matcher(self._vocab, validate=True))
                self._gated[regex] = (gate, re.compile(regex), group)
            self._gated[regex][2].add(key, pattern)
        else:
            self._matcher.add(key, [pattern])

    def matches(self, doc: Doc) -> List[Tuple[str, int, int]]:
        """Every match of every pattern: (key, start, end), keys as `T:`/`X:`/`F:` + name."""
        strings = doc.vocab.strings
        lowered = doc.text.lower()
        found = list(self._matcher(doc)) + list(self._phrases(doc))
        words: Optional[List[str]] = None
        for gate, token_regex, group in self._gated.values():
            if gate.search(lowered):
                words = [token.lower_ for token in doc] if words is None else words
                starts = [i for i, word in enumerate(words) if token_regex.search(word)]
                found.extend(group.matches(doc, starts))
        positions: Dict[_Group, List[int]] = defaultdict(list)
        if len(doc):
            columns = doc.to_array(list(_LITERAL_COLUMNS)).T.tolist()
            for table, values in zip(self._by_hash, columns, strict=True):
                for index, value in enumerate(values):
                    if value in table:
                        positions[table[value]].append(index)
        for word_group, starts in positions.items():
            found.extend(word_group.matches(doc, starts))
        return [(strings[match_id], start, end) for match_id, start, end in found]

    def find(self, doc: Doc) -> Hits:
        """Runs the matchers over a message.

        Args:
            doc: The tokenised, normalised message.

        Returns:
            The term and flag hits.
        """
        found: Dict[str, List[Span]] = defaultdict(list)
        for key, start, end in self.matches(doc):
            found[key].append((start, end))
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


#: Attributes whose `IN` lists spaCy can compare in compiled code once written out one by one.
_LITERAL_ATTRS = frozenset({"LOWER", "NORM", "LEMMA", "ORTH"})
#: The same attributes as the columns of `Doc.to_array`.
_LITERAL_COLUMNS: Tuple[str, ...] = ("LOWER", "NORM", "LEMMA", "ORTH")


def spell_out_first_token(pattern: List[Dict[str, object]]) -> List[List[Dict[str, object]]]:
    """The same pattern, one per word of its first token's `IN` list (the same matches).

    spaCy checks every token of a message against every pattern's first token; an `IN` list
    there is a Python call per token, a single word is a hash compared in compiled code. Written
    out, the matcher takes half the time (issue 9: detection under 5 ms per message).
    """
    first = pattern[0] if pattern else {}
    if len(first) != 1:
        return [pattern]
    ((attr, value),) = first.items()
    if attr not in _LITERAL_ATTRS or not isinstance(value, dict) or list(value) != ["IN"]:
        return [pattern]
    return [[{attr: word}, *pattern[1:]] for word in value["IN"]]


def _first_token_word(pattern: List[Dict[str, object]]) -> Optional[Tuple[str, str]]:
    """(attribute, word) that a pattern's first token must equal, if that is all it says."""
    first = pattern[0] if pattern else {}
    if len(first) != 1:
        return None
    ((attr, value),) = first.items()
    if attr in _LITERAL_ATTRS and isinstance(value, str):
        return (attr, value)
    return None


#: The longest run a `*` or `+` over a word list or class matches in a window: a run of filler
#: words ("a bit really so ...") longer than this is not a phrase anyone writes. With it, the
#: groups of common first words ("be", "have", "i") read a few tokens, not the whole story.
MAX_RUN = 12


def pattern_reach(pattern: List[Dict[str, object]]) -> Optional[int]:
    """The most tokens a token pattern can match; None when unbounded.

    A `*` or `+` on a constrained token counts as `MAX_RUN` tokens; on any token at all
    (`{"OP": "*"}`), and "{n,}", it is unbounded.
    """
    reach = 0
    for token in pattern:
        op = token.get("OP")
        if op in (None, "!", "?", "1"):
            reach += 1
            continue
        if op in ("*", "+") and len(token) > 1:
            reach += MAX_RUN
            continue
        bounded = re.fullmatch(r"\{(?:\d*,)?(\d+)\}", str(op))
        if bounded is None:
            return None
        reach += int(bounded.group(1))
    return reach


def _windows(starts: List[int], reach: Optional[int], length: int) -> List[Span]:
    """Token ranges that hold every match starting at `starts` of patterns up to `reach` long.

    Overlapping ranges are merged, so a match is found once.
    """
    if not starts:
        return []
    if reach is None:
        return [(starts[0], length)]
    windows: List[Span] = []
    for start in starts:
        end = min(length, start + reach)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def _first_token_regex(pattern: List[Dict[str, object]]) -> Optional[str]:
    """The REGEX on LOWER that a pattern's first token must match, if that is all it says."""
    first = pattern[0] if pattern else {}
    value = first.get("LOWER") if len(first) == 1 else None
    if isinstance(value, dict) and list(value) == ["REGEX"] and isinstance(value["REGEX"], str):
        return value["REGEX"]
    return None


def _overlaps_any(span: Span, others: List[Span]) -> bool:
    start, end = span
    return any(start < o_end and o_start < end for o_start, o_end in others)
