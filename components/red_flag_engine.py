"""Red-flag detection without Rasa: text in, findings out.

For each flag of the rules file the engine collects candidate mentions (direct patterns, and
term combinations within a clause, sentence or message), drops those cancelled by the flag's
`unless` terms, classifies each with `red_flag_scope` (report, uncertain, question,
hypothetical, negated) and keeps the most report-like one. It also works out which term
modifiers hold ("tingling down my leg ... getting worse"). Whether a finding is finally a
report, given the ML intent, is `red_flag_decision`'s job.
"""

from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, FrozenSet, List, Optional, Sequence, Set, Tuple, Union

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from clinic.contract import raise_urgency as raise_to
from components.language import looks_english
from components.red_flag_findings import Detection, Finding
from components.red_flag_matching import CompiledRules, Hits, Span
from components.red_flag_rules import Combo, FlagRule, RuleSet, load_rules, resolve_path
from components.red_flag_scope import DocScope, ScopeAnalyzer, Status
from components.red_flag_status import (
    asks_rather_than_reports,
    denies_anything,
    doubts_anything,
    mention_status,
)
from components.red_flag_text import NormalisedText, normalise

logger = logging.getLogger(__name__)

#: Characters of a message that are always examined (flags beyond this are not looked for).
DEFAULT_MAX_CHARS = 5000
#: Default spaCy pipeline: the one Rasa's SpacyNLP loads (config.yml).
DEFAULT_SPACY_MODEL = ".spacy/en_backspasm"
#: How many recently read texts the engine keeps parsed.
RECENT_TEXTS = 8
#: A text as the engine reads it: normalised, then its doc and scope (None when empty).
_Analyzed = Tuple[NormalisedText, Optional[Tuple[Doc, DocScope]]]
#: At most this many hits per combo element are tried, to bound the work per clause.
_MAX_HITS_PER_ELEMENT = 8


@dataclass(frozen=True)
class _Candidate:
    status: Status
    start: int
    end: int
    sentences: FrozenSet[int]


def load_pipeline(model: Union[str, Path] = DEFAULT_SPACY_MODEL) -> Language:
    """Loads the spaCy pipeline Rasa uses, or rebuilds an equivalent one.

    Args:
        model: Path of the pipeline (scripts/build_spacy_model.py builds it).

    Returns:
        A pipeline with the English tokenizer and, when available, lookup lemmas.
    """
    path = resolve_path(model)
    try:
        return spacy.load(path)
    except OSError:
        logger.warning("spaCy pipeline %s not found; building a blank English one.", path)
    nlp = spacy.blank("en")
    try:
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()
    except (ValueError, OSError, ImportError):  # pragma: no cover - depends on packages
        logger.warning("No lookup lemmas available: LEMMA patterns will not match.")
        nlp = spacy.blank("en")
    return nlp


class RedFlagEngine:
    """Finds red-flag mentions in patient messages.

    Args:
        rules: The parsed rules.
        nlp: The spaCy pipeline to tokenise with (same as Rasa's SpacyNLP).
        max_chars: Characters of each message to examine.
    """

    def __init__(self, rules: RuleSet, nlp: Language, max_chars: int = DEFAULT_MAX_CHARS) -> None:
        self.rules = rules
        self.nlp = nlp
        self.max_chars = max_chars
        self._compiled = CompiledRules(rules, nlp)
        self._scope = ScopeAnalyzer(nlp.vocab)
        # The detector reads one message several times (the rules, then the model's key words
        # of each likely flag, then again in context): parse each text once.
        self._recent: Dict[str, _Analyzed] = {}
        # ... and finds its flags once (the detector reads a message alone and in context).
        self._detections: Dict[str, Detection] = {}
        # Flags the model may add alone only with one of their `model_needs` alternatives.
        self._needy = tuple(flag for flag in rules.flags if flag.model_needs)
        # ... and never with one of their `model_unless` terms.
        self._guarded = tuple(flag for flag in rules.flags if flag.model_unless)

    def _analyze(self, text: str) -> _Analyzed:
        """The normalised text and, unless nothing is left of it, its spaCy doc and scope.

        Each text is normalised and parsed once; the last few texts are kept.
        """
        cached = self._recent.get(text)
        if cached is not None:
            return cached
        normalised = normalise(text, self.max_chars)
        parsed: Optional[Tuple[Doc, DocScope]] = None
        if normalised.text.strip():  # an empty doc has no scope
            doc = self.nlp(normalised.text)
            parsed = (doc, self._scope.analyze(doc))
        if len(self._recent) >= RECENT_TEXTS:
            self._recent.pop(next(iter(self._recent)))
        self._recent[text] = (normalised, parsed)
        return normalised, parsed

    def detect(self, text: str) -> Detection:
        """Finds the flags mentioned in a message and how each is meant.

        Args:
            text: The raw patient message.

        Returns:
            The findings (empty for an empty or flag-free message).
        """
        text = text if isinstance(text, str) else ""
        cached = self._detections.get(text)
        if cached is None:
            cached = self._detect(text)
            if len(self._detections) >= RECENT_TEXTS:
                self._detections.pop(next(iter(self._detections)))
            self._detections[text] = cached
        return cached

    def _detect(self, text: str) -> Detection:
        normalised, parsed = self._analyze(text)
        if parsed is None:
            return Detection(
                findings=(),
                truncated=normalised.truncated,
                unsupported=frozenset(flag.id for flag in self._needy),
            )
        doc, scope = parsed
        hits = self._compiled.find(doc)
        findings = []
        ruled_out: Set[str] = set()
        if hits.terms or hits.flags:
            for flag in self.rules.flags:
                finding = self._find_flag(flag, doc, hits, scope, normalised, ruled_out)
                if finding is not None:
                    findings.append(finding)
        ruled_out.update(
            flag.id
            for flag in self._guarded
            if any(hits.terms.get(term) for term in flag.model_unless)
        )
        needs_unmet = frozenset(
            flag.id
            for flag in self._needy
            if not any(all(hits.terms.get(term) for term in terms) for terms in flag.model_needs)
        )
        return Detection(
            findings=tuple(findings),
            ruled_out=frozenset(ruled_out),
            # The `model_needs` terms are English words: another language has none of them.
            unsupported=needs_unmet if looks_english(text) else frozenset(),
            needs_unmet=needs_unmet,
            truncated=normalised.truncated,
            asks=asks_rather_than_reports(scope),
            plain=not doubts_anything(scope),
            denies=denies_anything(scope),
        )

    def word_status(self, text: str, words: Sequence[str]) -> Optional[Status]:
        """How the given words are meant in a message, by the same scope as rule mentions.

        Used for flags the learned model finds: its heaviest words ("lost", "weight") are read
        with the negation, hypothetical and question scope ("I haven't lost any weight").

        Args:
            text: The raw patient message.
            words: Lower-cased words to look for.

        Returns:
            The most report-like status among their occurrences, or None if none occurs.
        """
        wanted = set(words)
        if not wanted:
            return None
        _, parsed = self._analyze(text if isinstance(text, str) else "")
        if parsed is None:
            return None
        doc, scope = parsed
        # The key words of one sentence form one mention, read as the rules read theirs: from
        # the first to the last ("control my bladder" ... "fine" after it negates it).
        by_sentence: Dict[int, List[int]] = {}
        for token in doc:
            if token.lower_ in wanted:
                by_sentence.setdefault(scope.sentence_of[token.i], []).append(token.i)
        statuses = []
        for indices in by_sentence.values():
            start = _symptom_phrase_start(doc, indices[0])
            end = indices[-1] + 1
            if _ability_affirmed(doc, start, indices[0]):
                statuses.append(Status.NEGATED)
                continue
            statuses.append(mention_status(scope, start, end, frozenset(range(start, end))))
        return max(statuses) if statuses else None

    def _find_flag(
        self,
        flag: FlagRule,
        doc: Doc,
        hits: Hits,
        scope: DocScope,
        text: NormalisedText,
        ruled_out: Set[str],
    ) -> Optional[Finding]:
        """The flag's finding in the message, or None.

        A flag a rule matched but whose every mention an `unless` cancels ("off the bottom
        step", "numb from sitting on it") is added to `ruled_out`.
        """
        candidates: List[_Candidate] = []
        for start, end in hits.flags.get(flag.id, []):
            covered = frozenset(range(start, end))
            status = mention_status(scope, start, end, covered)
            candidates.append(_Candidate(status, start, end, frozenset({scope.sentence_of[start]})))
        explained = False
        for pattern in flag.patterns:
            if isinstance(pattern, Combo):
                found = _combo_candidates(pattern, hits, scope)
                if pattern.unless and found:
                    explained = explained or _explained(found, pattern.unless, hits, scope)
                    blocked = _sentences_with(pattern.unless, hits, scope)
                    found = [c for c in found if not c.sentences & blocked]
                candidates.extend(found)
        if flag.unless and candidates:
            explained = explained or _explained(candidates, flag.unless, hits, scope)
            blocked = _sentences_with(flag.unless, hits, scope)
            candidates = [c for c in candidates if not c.sentences & blocked]
        if not candidates:
            if explained:
                ruled_out.add(flag.id)
            return None
        best = max(candidates, key=lambda c: (c.status, -c.start))
        urgency = flag.urgency
        for modifier in flag.modifiers:
            if modifier.when_terms and _terms_affirmed(
                modifier.when_terms,
                hits,
                scope,
                best.sentences if modifier.scope == "sentence" else None,
            ):
                urgency = raise_to(urgency, modifier.urgency)
        start_char = doc[best.start].idx
        end_char = doc[best.end - 1].idx + len(doc[best.end - 1].text)
        original_start, original_end = text.original_span(start_char, end_char)
        return Finding(
            flag_id=flag.id,
            urgency=urgency,
            status=best.status,
            start=original_start,
            end=original_end,
        )


#: Verbs whose negation is the symptom itself ("can't feel the seat", "can't hold my wee").
SYMPTOM_VERBS = frozenset(
    {"feel", "pee", "wee", "urinate", "hold", "control", "move", "walk", "stand", "poo", "sit",
     "breathe", "stop", "lift", "get", "go"}
)  # fmt: skip
_INABILITY = frozenset({"ca", "can", "cannot", "n't", "nt", "not", "could", "unable", "to"})


def _symptom_phrase_start(doc: Doc, index: int) -> int:
    """Where the symptom phrase around a word begins: "can't feel the seat" starts at "can't".

    A negated sensation or function verb (the word itself, or up to three words before it) is
    the symptom, not a negation of it, so it is read as part of the mention.
    """
    for verb in range(index, max(-1, index - 4), -1):
        if doc[verb].lower_ in SYMPTOM_VERBS and not _feels_a_state(doc, verb):
            start = verb
            while start > 0 and doc[start - 1].lower_ in _INABILITY:
                start -= 1
            return start
    return index


#: "feel" + a state: "I don't feel faint" denies the state; "I don't feel my legs" is the symptom.
_FEEL_STATES = frozenset(
    """
    faint dizzy lightheaded light-headed woozy sick unwell ill poorly weak shaky wobbly sweaty
    feverish hot cold breathless nauseous tired bad off
    """.split()
)


def _feels_a_state(doc: Doc, verb: int) -> bool:
    return (
        doc[verb].lower_ in ("feel", "feeling", "felt", "feels")
        and verb + 1 < len(doc)
        and doc[verb + 1].lower_ in _FEEL_STATES
    )


def _ability_affirmed(doc: Doc, start: int, index: int) -> bool:
    """Whether the phrase affirms the function ("I can control my bladder", "can feel it")."""
    words = {token.lower_ for token in doc[start : index + 1]}
    return bool(words & {"can", "could"}) and not words & {"n't", "nt", "not", "cannot"}


def _combo_candidates(combo: Combo, hits: Hits, scope: DocScope) -> List[_Candidate]:
    element_hits: List[List[Span]] = []
    for names in combo.elements:
        spans = sorted({span for name in names for span in hits.terms.get(name, [])})
        if not spans:
            return []
        element_hits.append(spans)
    if combo.scope == "clause":
        return _clause_candidates(element_hits, combo.window, scope)
    return _wide_candidates(element_hits, combo.window, combo.scope, scope)


def _clause_candidates(
    element_hits: List[List[Span]], window: Optional[int], scope: DocScope
) -> List[_Candidate]:
    by_clause: Dict[int, List[List[Span]]] = {}
    for index, spans in enumerate(element_hits):
        for span in spans:
            clause = scope.clause_of[span[0]]
            if scope.clause_of[span[1] - 1] != clause:
                continue
            groups = by_clause.setdefault(clause, [[] for _ in element_hits])
            groups[index].append(span)
    candidates = []
    for groups in by_clause.values():
        if not all(groups):
            continue
        chosen = _tightest([g[:_MAX_HITS_PER_ELEMENT] for g in groups])
        start = min(s for s, _ in chosen)
        end = max(e for _, e in chosen)
        if window is not None and end - start > window:
            continue
        covered = frozenset(i for s, e in chosen for i in range(s, e))
        status = mention_status(scope, start, end, covered)
        candidates.append(_Candidate(status, start, end, frozenset({scope.sentence_of[start]})))
    return candidates


def _tightest(groups: Sequence[Sequence[Span]]) -> Tuple[Span, ...]:
    best: Optional[Tuple[Span, ...]] = None
    best_key: Tuple[int, int] = (0, 0)
    for combination in itertools.product(*groups):
        start = min(s for s, _ in combination)
        end = max(e for _, e in combination)
        key = (end - start, start)
        if best is None or key < best_key:
            best, best_key = combination, key
    assert best is not None  # noqa: S101 - groups are all non-empty
    return best


def _wide_candidates(
    element_hits: List[List[Span]], window: Optional[int], scope_name: str, scope: DocScope
) -> List[_Candidate]:
    units: Dict[int, List[List[Span]]] = {}
    for index, spans in enumerate(element_hits):
        for span in spans:
            unit = scope.sentence_of[span[0]] if scope_name == "sentence" else 0
            units.setdefault(unit, [[] for _ in element_hits])[index].append(span)
    candidates = []
    for spans_of in units.values():
        if not all(spans_of):
            continue
        groups = [
            [
                (
                    mention_status(
                        scope,
                        start,
                        end,
                        frozenset(range(start, end)) | {t for t in borrowed if t < start},
                    ),
                    (start, end),
                )
                for start, end in spans
            ]
            for spans, borrowed in zip(
                spans_of, _cues_in_other_elements(scope, spans_of), strict=True
            )
        ]
        chosen = [max(group, key=lambda item: (item[0], -item[1][0])) for group in groups]
        start = min(span[0] for _, span in chosen)
        end = max(span[1] for _, span in chosen)
        if window is not None and end - start > window:
            continue
        statuses = [status for status, _ in chosen]
        candidates.append(
            _Candidate(
                status=_combined_status(statuses),
                start=start,
                end=end,
                sentences=frozenset(scope.sentence_of[span[0]] for _, span in chosen),
            )
        )
    return candidates


def _cues_in_other_elements(scope: DocScope, spans_of: List[List[Span]]) -> List[Set[int]]:
    """Per element of a rule, the negation-cue tokens inside the rule's other elements.

    "can't tell if I've finished on the loo": "can't tell" is the symptom, and its "n't"
    does not deny "finished" (read before it), as the clause-wide reading of the same words
    already holds.
    """
    cue_tokens = {
        t for cue_start, cue_end in scope.negation_cues for t in range(cue_start, cue_end)
    }
    inside = [
        {t for span_start, span_end in spans for t in range(span_start, span_end)} & cue_tokens
        for spans in spans_of
    ]
    return [
        set().union(*(tokens for other, tokens in enumerate(inside) if other != index))
        for index in range(len(spans_of))
    ]


#: `unless` terms that say whose symptom it is, not what explains it away: a relative's mention
#: may be the patient's own (a relative writing for them), which the experiencer and the model
#: decide (`red_flag_experiencer`); every other `unless` term rules the flag out.
WHOSE_TERMS = frozenset({"FAMILY_OR_OTHERS"})


def _explained(
    candidates: Sequence[_Candidate], unless: Sequence[str], hits: Hits, scope: DocScope
) -> bool:
    """Whether an `unless` term that explains the symptom away cancels a candidate.

    Such terms are "30cm" after a fall, "from sitting on it" after numbness.
    """
    explaining = [name for name in unless if name not in WHOSE_TERMS]
    if not explaining:
        return False
    blocked = _sentences_with(explaining, hits, scope)
    return any(c.sentences & blocked for c in candidates)


def _combined_status(statuses: Sequence[Status]) -> Status:
    """Status of a mention made of parts in different clauses.

    A negated, hypothetical or questioned part makes the whole so; otherwise one anchored part
    anchors the whole ("I have osteoporosis. Slipped on the ice and felt a crack.").
    """
    for status in (Status.NEGATED, Status.HYPOTHETICAL, Status.QUESTION):
        if status in statuses:
            return status
    return Status.REPORT if Status.REPORT in statuses else Status.UNCERTAIN


def _sentences_with(names: Sequence[str], hits: Hits, scope: DocScope) -> FrozenSet[int]:
    return frozenset(
        scope.sentence_of[start] for name in names for start, _ in hits.terms.get(name, [])
    )


def _terms_affirmed(
    names: Sequence[str], hits: Hits, scope: DocScope, sentences: Optional[FrozenSet[int]]
) -> bool:
    for name in names:
        for start, end in hits.terms.get(name, []):
            if sentences is not None and scope.sentence_of[start] not in sentences:
                continue
            status = mention_status(scope, start, end, frozenset(range(start, end)))
            if status >= Status.UNCERTAIN:
                return True
    return False


@lru_cache(maxsize=4)
def shared_engine(
    rules_path: str = "knowledge/red_flags.yml",
    spacy_model: str = DEFAULT_SPACY_MODEL,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> RedFlagEngine:
    """Returns an engine for these settings, built once per process.

    Args:
        rules_path: The rules file.
        spacy_model: The spaCy pipeline.
        max_chars: Characters of each message to examine.

    Returns:
        The engine.
    """
    return RedFlagEngine(load_rules(rules_path), load_pipeline(spacy_model), max_chars)
