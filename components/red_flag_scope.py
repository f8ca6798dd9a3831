"""Clause, negation, hypothetical and question scope of a symptom mention.

A mention of a red-flag symptom is only a report when the patient says they have it. This
module splits a message into sentences and clauses and tells, for a mention, whether it is:

- `NEGATED`: "no fever", "I don't have any numbness", "my bum isn't numb", "bladder is fine";
- `HYPOTHETICAL`: "what if I lose bladder control?", "if my legs go numb", "is numbness a
  warning sign?", "can you lose feeling down there?", "I read that ...", "scared it's cancer";
- `QUESTION`: a question about the symptom that is not clearly about the patient ("are numb
  legs serious?", "is it normal to have a numb bum?"); the ML intent may still make it a
  report (see `red_flag_decision`); possibility questions ("could I lose bladder control from
  this?") are hypothetical;
- `UNCERTAIN`: affirmed but not anchored to anyone ("numb down there", "fever and chills"),
  or anchored but asked ("is my fever related to the spasm?", "why can't I feel my bum?");
- `REPORT`: a statement anchored to the patient or someone they speak for ("I wet myself",
  "my legs gave way", "he can't pee", "since yesterday").

Negation is NegEx-like: a cue before the mention, in the same clause, within a few tokens,
unless it is a pseudo-negation ("not sure", "won't go away") or part of the symptom phrase
itself ("can't feel", "didn't make it to the toilet"). Clauses end at punctuation and at
"but", "although", "because" ..., and at "and"/"so" followed by a new subject, so that "no fever
but I wet myself" and "no fever and my legs gave way" are reports. The cue words and patterns
are linguistic, not clinical, so they live in `red_flag_cues` rather than in the rules file.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from enum import IntEnum
from typing import Dict, FrozenSet, List, Sequence, Set, Tuple

from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from components.red_flag_cues import (
    ANCHOR_WORDS,
    ANSWER_NEGATIONS,
    AUX_QUESTION,
    CARE_VERBS,
    CLAUSE_CONJ,
    CLAUSE_PUNCT,
    CONDITIONAL_CONJ,
    CUE_PATTERNS,
    IF_SUBJECT_PRONOUNS,
    INVERTED_PRONOUNS,
    INVERTING_AUX,
    MODAL_POSSIBILITY,
    NOT_CONDITIONAL_BEFORE_IF,
    OBJECT_CONTEXT,
    OR_WORDS,
    POSSESSIVES,
    QUESTION_SUBJECTS,
    SENTENCE_END_CHARS,
    SUBJECT_START,
    VERB_START,
    WH,
)


class Status(IntEnum):
    """How a mention is meant, from least to most report-like."""

    NEGATED = 0
    HYPOTHETICAL = 1
    QUESTION = 2
    UNCERTAIN = 3
    REPORT = 4


#: Tokens after a cue within which a symptom is still negated.
NEGATION_WINDOW = 6
#: Tokens after a mention within which a post-negation ("... is fine") applies.
POST_NEGATION_WINDOW = 4


@dataclass(frozen=True)
class DocScope:
    """Scope facts about one message, computed once and queried per mention.

    Attributes:
        sentence_of: Sentence index of each token.
        clause_of: Clause index of each token.
        clauses: (start, end) token offsets of each clause.
        sentences: (start, end) token offsets of each sentence.
        negation_cues: (start, end) of negation cues that are not pseudo-negations.
        post_negations: (start, end) of post-negations ("is fine", "none").
        strong_hypothetical: Per token: inside an if/what-if/reported/speculation scope.
        future: Per token: inside a future or risk scope ("going to lose", "risk of").
        anchored: Per clause: mentions a person or a present time ("my", "he", "since").
        generic: Per clause: generic subject ("you", "people") or generic modal ("can cause").
        meta: Per clause: talks about signs or warnings (the clause, or a question sentence).
        interrogative_clause: Per clause: starts like a question.
        interrogative_sentence: Per sentence: starts like a question.
        modal_question: Per clause: a possibility question ("could I ...", "can spasms ...").
        answer_negation: Per clause: the clause is only a "no"/"none" answer.
        question_marks: Per token: contains a question mark.
    """

    sentence_of: Tuple[int, ...]
    clause_of: Tuple[int, ...]
    clauses: Tuple[Tuple[int, int], ...]
    sentences: Tuple[Tuple[int, int], ...]
    negation_cues: Tuple[Tuple[int, int], ...]
    post_negations: Tuple[Tuple[int, int], ...]
    strong_hypothetical: Tuple[bool, ...]
    future: Tuple[bool, ...]
    anchored: Tuple[bool, ...]
    generic: Tuple[bool, ...]
    meta: Tuple[bool, ...]
    interrogative_clause: Tuple[bool, ...]
    interrogative_sentence: Tuple[bool, ...]
    modal_question: Tuple[bool, ...]
    answer_negation: Tuple[bool, ...]
    question_marks: Tuple[bool, ...]


def _is_sentence_end(text: str) -> bool:
    stripped = text.strip()
    if not stripped:
        return "\n" in text
    return all(char in SENTENCE_END_CHARS for char in stripped)


class ScopeAnalyzer:
    """Finds the scope cues of a message; build once, use for every message.

    Args:
        vocab: The spaCy vocabulary of the pipeline that tokenises messages.
    """

    def __init__(self, vocab: Vocab) -> None:
        self._matcher = Matcher(vocab, validate=True)
        for label, patterns in CUE_PATTERNS.items():
            self._matcher.add(label, patterns)

    def _cues(self, doc: Doc) -> Dict[str, List[Tuple[int, int]]]:
        found: Dict[str, List[Tuple[int, int]]] = {label: [] for label in CUE_PATTERNS}
        for match_id, start, end in self._matcher(doc):
            found[doc.vocab.strings[match_id]].append((start, end))
        return found

    def analyze(self, doc: Doc) -> DocScope:
        """Computes the scope facts of a message.

        Args:
            doc: The tokenised, normalised message.

        Returns:
            The scope facts.
        """
        norms = [token.norm_ for token in doc]
        lowers = [token.lower_ for token in doc]
        cues = self._cues(doc)
        sentences = _sentences(doc)
        sentence_of = _index_of(sentences, len(doc))
        negation_cues = _negation_cues(cues, norms)
        clauses = _clauses(doc, norms, sentences, negation_cues)
        clause_of = _index_of(clauses, len(doc))
        strong = [False] * len(doc)
        future = [False] * len(doc)
        for start, end in _if_scopes(norms, lowers, sentences, sentence_of):
            _mark(strong, start, end)
        for start, _ in cues["HYP_SENTENCE"]:
            _mark(strong, start, sentences[sentence_of[start]][1])
        for label in ("REPORTED", "WORRY_SPEC"):
            for start, _ in cues[label]:
                _mark(strong, start, clauses[clause_of[start]][1])
        for start, _ in cues["FUTURE"]:
            _mark(future, start, clauses[clause_of[start]][1])
        anchored = _anchored_clauses(lowers, norms, clauses, clause_of, cues["ANCHOR"])
        generic = [False] * len(clauses)
        for label in ("GENERIC", "GENERIC_MODAL"):
            for start, _ in cues[label]:
                generic[clause_of[start]] = True
        interrogative_clause = [_starts_question(lowers, norms, s, e) for s, e in clauses]
        interrogative_sentence = [_starts_question(lowers, norms, s, e) for s, e in sentences]
        meta = [False] * len(clauses)
        for start, _ in cues["META"]:
            meta[clause_of[start]] = True
            if interrogative_sentence[sentence_of[start]]:
                sent_start, sent_end = sentences[sentence_of[start]]
                for index in range(clause_of[sent_start], clause_of[sent_end - 1] + 1):
                    meta[index] = True
        modal_question = [_modal_question(lowers, norms, s, e) for s, e in clauses]
        _share_anchors(anchored, generic, clauses, sentence_of, interrogative_sentence)
        answer_negation = [_is_answer_negation(lowers, s, e) for s, e in clauses]
        return DocScope(
            sentence_of=tuple(sentence_of),
            clause_of=tuple(clause_of),
            clauses=tuple(clauses),
            sentences=tuple(sentences),
            negation_cues=tuple(negation_cues),
            post_negations=tuple(cues["POSTNEG"]),
            strong_hypothetical=tuple(strong),
            future=tuple(future),
            anchored=tuple(anchored),
            generic=tuple(generic),
            meta=tuple(meta),
            interrogative_clause=tuple(interrogative_clause),
            interrogative_sentence=tuple(interrogative_sentence),
            modal_question=tuple(modal_question),
            answer_negation=tuple(answer_negation),
            question_marks=tuple("?" in token.text for token in doc),
        )


def _mark(flags: List[bool], start: int, end: int) -> None:
    for index in range(start, min(end, len(flags))):
        flags[index] = True


def _index_of(spans: Sequence[Tuple[int, int]], length: int) -> List[int]:
    index = [0] * length
    for number, (start, end) in enumerate(spans):
        for token in range(start, end):
            index[token] = number
    return index


def _sentences(doc: Doc) -> List[Tuple[int, int]]:
    spans: List[Tuple[int, int]] = []
    start = 0
    for token in doc:
        if _is_sentence_end(token.text):
            spans.append((start, token.i + 1))
            start = token.i + 1
    if start < len(doc) or not spans:
        spans.append((start, len(doc)))
    return spans


def _negation_cues(
    cues: Dict[str, List[Tuple[int, int]]], norms: List[str]
) -> List[Tuple[int, int]]:
    pseudo: Set[int] = set()
    for start, end in cues["PSEUDO"]:
        pseudo.update(range(start, end))
    kept: List[Tuple[int, int]] = []
    for start, end in cues["NEG"]:
        if any(index in pseudo for index in range(start, end)):
            continue
        following = norms[end] if end < len(norms) else ""
        if norms[start] in ("no", "nope", "nah") and end - start == 1:
            # "No, my legs are numb": an answer, not a negation of what follows.
            if not following or not following[0].isalnum():
                continue
        kept.append((start, end))
    return kept


def _clauses(
    doc: Doc,
    norms: List[str],
    sentences: List[Tuple[int, int]],
    negation_cues: List[Tuple[int, int]],
) -> List[Tuple[int, int]]:
    negated_tokens = {start for start, _ in negation_cues}
    clauses: List[Tuple[int, int]] = []
    for sent_start, sent_end in sentences:
        cuts = [sent_start]
        for i in range(sent_start + 1, sent_end):
            text = norms[i]
            following = norms[i + 1] if i + 1 < sent_end else ""
            if text in CLAUSE_PUNCT:
                if text == "," and _continues_negated_list(
                    norms, cuts[-1], i, sent_end, negated_tokens
                ):
                    continue
                cuts.append(i)
            elif text in CLAUSE_CONJ:
                cuts.append(i)
            elif text in CONDITIONAL_CONJ and (
                following in SUBJECT_START or (text == "and" and following in VERB_START)
            ):
                cuts.append(i)
        cuts.append(sent_end)
        for start, end in itertools.pairwise(cuts):
            if end > start:
                clauses.append((start, end))
    return clauses or [(0, len(doc))]


def _continues_negated_list(
    norms: List[str], clause_start: int, comma: int, sent_end: int, negated_tokens: Set[int]
) -> bool:
    """Tells whether "no fever, chills or sweats" goes on negating after the comma."""
    if not any(clause_start <= index < comma for index in negated_tokens):
        return False
    for index in range(comma + 1, sent_end):
        word = norms[index]
        if word in CLAUSE_PUNCT or word in CLAUSE_CONJ:
            return False
        if word in ANCHOR_WORDS:
            return False
        if word in OR_WORDS:
            return True
    return False


def _if_scopes(
    norms: List[str], lowers: List[str], sentences: List[Tuple[int, int]], sentence_of: List[int]
) -> List[Tuple[int, int]]:
    scopes: List[Tuple[int, int]] = []
    for i, word in enumerate(norms):
        if word != "if":
            continue
        previous = lowers[i - 1] if i > 0 else ""
        if previous in NOT_CONDITIONAL_BEFORE_IF or previous == "what":
            continue
        sent_end = sentences[sentence_of[i]][1]
        end = sent_end
        seen_subject = False
        for j in range(i + 1, sent_end):
            token = norms[j]
            if token in CLAUSE_PUNCT or token in (";", "then", "but", "so"):
                end = j
                break
            prev = lowers[j - 1]
            if token in IF_SUBJECT_PRONOUNS:
                if seen_subject and prev not in (
                    "and",
                    "or",
                    "that",
                    "when",
                    "whether",
                    "if",
                    "as",
                ):
                    end = j  # "if I cough I wet myself": the main clause starts here
                    break
                seen_subject = True
            elif token in POSSESSIVES:
                if seen_subject and prev not in OBJECT_CONTEXT and j > i + 2:
                    end = j  # "if I sit too long my legs go numb"
                    break
                seen_subject = True
        scopes.append((i, end))
    return scopes


def _anchored_clauses(
    lowers: List[str],
    norms: List[str],
    clauses: List[Tuple[int, int]],
    clause_of: List[int],
    anchor_cues: List[Tuple[int, int]],
) -> List[bool]:
    anchored = [False] * len(clauses)
    for number, (start, end) in enumerate(clauses):
        first = _first_word(lowers, start, end)
        for i in range(start, end):
            word = lowers[i]
            if word not in ANCHOR_WORDS:
                continue
            if word in INVERTED_PRONOUNS and i > start and i - first <= 3:
                inverted = norms[i - 1] in INVERTING_AUX and norms[i - 1] != "not"
                seeking_care = any(lowers[j] in CARE_VERBS for j in range(i + 1, min(i + 5, end)))
                if inverted and not seeking_care:
                    continue  # "should I ...", "do I ...": the asker, not a report
            anchored[number] = True
            break
    for start, _ in anchor_cues:
        anchored[clause_of[start]] = True
    return anchored


def _share_anchors(
    anchored: List[bool],
    generic: List[bool],
    clauses: List[Tuple[int, int]],
    sentence_of: List[int],
    interrogative_sentence: List[bool],
) -> None:
    """Anchors subject-less clauses of a statement that is about the patient elsewhere.

    "had breast cancer, now my back is killing me": the first clause is the patient's too.
    """
    anchored_sentences = {
        sentence_of[start] for number, (start, _) in enumerate(clauses) if anchored[number]
    }
    for number, (start, _) in enumerate(clauses):
        sentence = sentence_of[start]
        if generic[number] or interrogative_sentence[sentence]:
            continue
        if sentence in anchored_sentences:
            anchored[number] = True


def _first_word(lowers: List[str], start: int, end: int) -> int:
    for i in range(start, end):
        if lowers[i][:1].isalnum():
            return i
    return start


def _starts_question(lowers: List[str], norms: List[str], start: int, end: int) -> bool:
    first = _first_word(lowers, start, end)
    if first >= end:
        return False
    word = lowers[first]
    following = norms[first + 1] if first + 1 < end else ""
    if word in WH:
        return True
    if word in AUX_QUESTION:
        if following == "not":
            return False
        if word in ("has", "have"):
            return following in QUESTION_SUBJECTS
        return True
    return False


def _modal_question(lowers: List[str], norms: List[str], start: int, end: int) -> bool:
    first = _first_word(lowers, start, end)
    if first >= end:
        return False
    position = first + 1 if lowers[first] in WH else first
    if position + 1 >= end:
        return False
    return (
        norms[position] in MODAL_POSSIBILITY
        and lowers[position] in MODAL_POSSIBILITY
        and norms[position + 1] != "not"
        and lowers[position + 1] in QUESTION_SUBJECTS
    )


def _is_answer_negation(lowers: List[str], start: int, end: int) -> bool:
    words = [word for word in lowers[start:end] if word[:1].isalnum()]
    return 0 < len(words) <= 2 and all(word in ANSWER_NEGATIONS for word in words)


def asks_rather_than_reports(scope: DocScope) -> bool:
    """Tells whether a message only asks or wonders, with no statement about the patient.

    Used when the ML says `report_red_flag` but no pattern matched: "is numbness a warning
    sign?" is then demoted, while "something feels really wrong" gets a clarifying question.

    Args:
        scope: The message's scope facts.

    Returns:
        True when some clause asks or supposes and no clause states something about someone.
    """
    asking = False
    for number, (start, end) in enumerate(scope.clauses):
        supposes = (
            any(scope.strong_hypothetical[start:end])
            or scope.meta[number]
            or scope.generic[number]
            or scope.modal_question[number]
        )
        interrogative = (
            scope.interrogative_clause[number]
            or scope.interrogative_sentence[scope.sentence_of[start]]
        )
        if supposes or (interrogative and not scope.anchored[number]):
            asking = True
        elif scope.anchored[number]:
            return False
    return asking


def mention_status(scope: DocScope, start: int, end: int, covered: FrozenSet[int]) -> Status:
    """Classifies one mention.

    Args:
        scope: The message's scope facts.
        start: First token of the mention.
        end: One past its last token.
        covered: Tokens that belong to the symptom words themselves (cues inside them, as in
            "can't feel", do not negate).

    Returns:
        The mention's status.
    """
    clause = scope.clause_of[start]
    clause_start, clause_end = scope.clauses[clause]
    if scope.clause_of[end - 1] != clause:
        clause_end = scope.clauses[scope.clause_of[end - 1]][1]
    if _negated(scope, clause_start, clause_end, end, covered):
        return Status.NEGATED
    if any(scope.strong_hypothetical[i] for i in covered):
        return Status.HYPOTHETICAL
    sentence = scope.sentence_of[start]
    anchored = scope.anchored[clause]
    if not anchored and (scope.meta[clause] or scope.generic[clause]):
        return Status.HYPOTHETICAL
    if scope.modal_question[clause] or any(scope.future[i] for i in covered):
        return Status.HYPOTHETICAL  # "could I lose ...", "am I going to lose ...": possibilities
    interrogative = scope.interrogative_clause[clause] or scope.interrogative_sentence[sentence]
    if interrogative:
        # "is my fever related to the spasm?": about the patient, but asked; the ML may weigh in.
        return Status.UNCERTAIN if anchored else Status.QUESTION
    return Status.REPORT if anchored else Status.UNCERTAIN


def _negated(
    scope: DocScope, clause_start: int, clause_end: int, end: int, covered: FrozenSet[int]
) -> bool:
    for cue_start, cue_end in scope.negation_cues:
        if cue_start < clause_start or cue_start >= end:
            continue
        if any(index in covered for index in range(cue_start, cue_end)):
            continue
        if any(cue_end <= index < cue_end + NEGATION_WINDOW for index in covered):
            return True
    last = max(covered)
    for cue_start, cue_end in scope.post_negations:
        if last < cue_start < min(clause_end, last + 1 + POST_NEGATION_WINDOW):
            if not any(index in covered for index in range(cue_start, cue_end)):
                return True
    return _answered_no(scope, scope.clause_of[clause_end - 1])


def _answered_no(scope: DocScope, clause: int) -> bool:
    """Tells whether the next clause only answers "no" ("Numbness? No." "fever - none")."""
    if clause + 1 >= len(scope.clauses) or not scope.answer_negation[clause + 1]:
        return False
    _, clause_end = scope.clauses[clause]
    next_start, _ = scope.clauses[clause + 1]
    return scope.sentence_of[next_start] == scope.sentence_of[clause_end - 1] or (
        scope.sentence_of[next_start] == scope.sentence_of[clause_end - 1] + 1
        and scope.sentences[scope.sentence_of[clause_end - 1]][1] == next_start
        and _ends_with_question(scope, clause_end)
    )


def _ends_with_question(scope: DocScope, clause_end: int) -> bool:
    return scope.question_marks[clause_end - 1]
