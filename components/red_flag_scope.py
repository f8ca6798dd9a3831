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
from typing import Dict, List, Optional, Sequence, Set, Tuple

from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from components.red_flag_cues import (
    ANCHOR_WORDS,
    AS_IF_VERBS,
    CARE_VERBS,
    CASUAL_BECAUSE,
    CLAUSE_CONJ,
    CLAUSE_PUNCT,
    CONDITIONAL_CONJ,
    CONTRAST_ADVERBS,
    CUE_PATTERNS,
    IF_SUBJECT_PRONOUNS,
    INVERTED_PRONOUNS,
    INVERTING_AUX,
    NOT_CONDITIONAL_AFTER_IF,
    NOT_CONDITIONAL_BEFORE_IF,
    OBJECT_CONTEXT,
    OR_WORDS,
    PAST_VERBS,
    POSSESSIVES,
    SENTENCE_END_CHARS,
    SUBJECT_START,
    UNTIL_WORDS,
    VERB_START,
)
from components.red_flag_matching import spell_out_first_token
from components.red_flag_questions import (
    first_word,
    is_answer_negation,
    modal_question,
    starts_question,
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
#: ... and within which "there's none" does, in the same sentence.
FAR_POST_NEGATION_WINDOW = 12
#: Words a negation reaches further for each "or" of a list ("hasn't had any bother with wee
#: or poo or feeling numb").
LIST_STEP = 4
#: Negations that read a whole list to the end of their sentence, as clinicians write them
#: ("Denies numbness, tingling, weakness, bladder/bowel change, trauma, fever.").
LIST_NEGATIONS = frozenset({"denies", "denied", "deny", "denying"})


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
        far_post_negations: (start, end) of post-negations that reach further ("there's none").
        sentence_post_negations: (start, end) of post-negations that answer their whole sentence
            before them ("... and it was no to every one").
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
        disjunctions: Per token: "or" / "nor", which carry a negation along a list.
        list_negations: Per token: a negation that reaches the end of its sentence
            (`LIST_NEGATIONS`).
        normal_question: Per sentence: asks whether something is normal ("is it normal to ...",
            "is this common") or whether the spasm can cause it ("can a back spasm make ..."),
            and another sentence of the message tells when it started ("happened yesterday",
            "started about 2 hours ago"): patients report that way.
        excepted: Per token: inside the clause an exception opens ("other than a lump removed
            in 2019 and chemo after, no"): what it names is affirmed, whatever "no" follows.
        own_anchored: Per clause: mentions a person or a present time itself, before anchors
            are shared between the clauses of a sentence.
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
    normal_question: Tuple[bool, ...] = ()
    disjunctions: Tuple[bool, ...] = ()
    list_negations: Tuple[bool, ...] = ()
    far_post_negations: Tuple[Tuple[int, int], ...] = ()
    sentence_post_negations: Tuple[Tuple[int, int], ...] = ()
    excepted: Tuple[bool, ...] = ()
    own_anchored: Tuple[bool, ...] = ()


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
            self._matcher.add(label, [p for q in patterns for p in spell_out_first_token(q)])

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
        for start, _ in cues["HYP_OPENING"]:
            sent_start, sent_end = sentences[sentence_of[start]]
            if start == sent_start:
                _mark(strong, start, sent_end)
        for start, end in sentences:
            named = _defined_name(lowers, first_word(lowers, start, end), end)
            if named is not None:
                # "what is cauda equina and how would I know if I had it": a name asked about
                _mark(strong, named, min(clauses[clause_of[named]][1], named + _NAME_WITHIN))
        for label in ("REPORTED", "WORRY_SPEC"):
            for start, end in cues[label]:
                if label == "REPORTED" and _told_a_diagnosis(lowers, norms, end):
                    continue  # "I was told I have thinning bones": a diagnosis, a fact
                # "reading about cauda equina, spinal tumours, the works": the list read about
                # runs on past its commas, to the sentence's end
                read_about = label == "REPORTED" and lowers[end - 1] in ("about", "up")
                scope_end = sentences[sentence_of[start]][1] if read_about else None
                _mark(strong, start, scope_end or clauses[clause_of[start]][1])
        for start, _ in cues["FUTURE"]:
            _mark(future, start, clauses[clause_of[start]][1])
        anchored = _anchored_clauses(lowers, norms, clauses, clause_of, cues["ANCHOR"])
        generic = [False] * len(clauses)
        for label in ("GENERIC", "GENERIC_MODAL"):
            for start, _ in cues[label]:
                generic[clause_of[start]] = True
        interrogative_clause = [starts_question(lowers, norms, s, e) for s, e in clauses]
        interrogative_sentence = [starts_question(lowers, norms, s, e) for s, e in sentences]
        meta = [False] * len(clauses)
        for start, _ in cues["META"]:
            meta[clause_of[start]] = True
            sent_start, sent_end = sentences[sentence_of[start]]
            # "problem with pee and back pain, it is dangerous sign?": a question in statement
            # word order, asked about the sentence's own symptoms in its last clause.
            asked_last = lowers[sent_end - 1] == "?" and clause_of[start] == clause_of[sent_end - 1]
            if interrogative_sentence[sentence_of[start]] or asked_last:
                for index in range(clause_of[sent_start], clause_of[sent_end - 1] + 1):
                    meta[index] = True
        modal = [modal_question(lowers, norms, s, e) for s, e in clauses]
        own_anchored = list(anchored)
        _share_anchors(anchored, generic, clauses, sentence_of, interrogative_sentence)
        answer_negation = [is_answer_negation(lowers, s, e) for s, e in clauses]
        normal_question = _normal_questions_told(
            lowers, sentences, clauses, clause_of, interrogative_clause, negation_cues
        )
        return DocScope(
            sentence_of=tuple(sentence_of),
            clause_of=tuple(clause_of),
            clauses=tuple(clauses),
            sentences=tuple(sentences),
            negation_cues=tuple(negation_cues),
            post_negations=tuple(cues["POSTNEG"]),
            far_post_negations=tuple(cues["POSTNEG_FAR"]),
            sentence_post_negations=tuple(cues["POSTNEG_ALL"]),
            strong_hypothetical=tuple(strong),
            future=tuple(future),
            anchored=tuple(anchored),
            generic=tuple(generic),
            meta=tuple(meta),
            interrogative_clause=tuple(interrogative_clause),
            interrogative_sentence=tuple(interrogative_sentence),
            modal_question=tuple(modal),
            answer_negation=tuple(answer_negation),
            question_marks=tuple("?" in token.text for token in doc),
            normal_question=tuple(normal_question),
            disjunctions=tuple(token.lower_ in ("or", "nor") for token in doc),
            list_negations=tuple(token.lower_ in LIST_NEGATIONS for token in doc),
            excepted=tuple(_excepted(lowers, clauses, clause_of)),
            own_anchored=tuple(own_anchored),
        )


#: After "what is", words of the patient's own thing ("what is this numbness", "what's going
#: on with my legs"), not a name asked about.
_OWN_THING = {
    "this", "that", "these", "those", "my", "his", "her", "it", "going", "happening", "wrong",
    "causing", "the", "up", "with", "our", "their",
}  # fmt: skip


#: The writer in a question about a sign: "what does it mean if my legs go numb" is their own.
_FIRST_PERSON_WORDS = {"i", "i'm", "im", "me", "my", "mine", "myself", "we", "our", "us"}

#: How many words from its start the name asked about runs ("cauda equina syndrome").
_NAME_WITHIN = 4


def _defined_name(lowers: List[str], first: int, end: int) -> Optional[int]:
    """Where the name starts in a sentence that asks what it is ("what's cauda equina?")."""
    at = first
    if at + 1 < end and lowers[at] == "what" and lowers[at + 1] in ("does", "do"):
        # "what does saddle numbness actually feel like?": a sign asked about, not told
        tail = lowers[at + 2 : end]
        asks = (
            any(
                word in ("feel", "feels") and tail[k + 1 : k + 2] == ["like"]
                for k, word in enumerate(tail)
            )
            or "mean" in tail
        )
        if not asks or any(word in _FIRST_PERSON_WORDS for word in tail):
            return None
        at += 2
    elif at < end and lowers[at] in ("whats", "what\u2019s"):
        at += 1
    elif at + 3 < end and lowers[at] == "what" and lowers[at + 1 : at + 3] == ["counts", "as"]:
        # "what counts as numb down there exactly?", "what counts as tingling": a sign asked
        # about, not told
        return at + 3
    elif (
        at + 1 < end
        and lowers[at] == "what"
        and lowers[at + 1] in ("is", "are", "s", "'s", "\u2019s")
    ):
        at += 2
    else:
        return None
    if at < end and lowers[at] in ("a", "an"):
        at += 1
    if at >= end or lowers[at] in _OWN_THING or not lowers[at][:1].isalpha():
        return None
    if lowers[at].endswith(("ed", "ing")):
        return None  # "what's changed is that both my legs went numb": a verb, told
    if at + 1 < end and lowers[at + 1] in ("is", "was"):
        return None  # "what's new is a tingling down my leg": told, not a name asked about
    return at


#: Openers of an exception: "other than", "apart from", "except (for)", "besides", "aside from".
_EXCEPTION_OPENERS = {("other", "than"), ("apart", "from"), ("aside", "from"), ("except", "for")}
_EXCEPTION_WORDS = {"except", "besides"}


def _excepted(
    lowers: List[str], clauses: List[Tuple[int, int]], clause_of: List[int]
) -> List[bool]:
    """Per token: inside a clause that an exception opens (see `DocScope.excepted`)."""
    excepted = [False] * len(lowers)
    for i, word in enumerate(lowers):
        pair = (word, lowers[i + 1]) if i + 1 < len(lowers) else (word, "")
        if pair in _EXCEPTION_OPENERS or word in _EXCEPTION_WORDS:
            _mark(excepted, i, clauses[clause_of[i]][1])
    return excepted


#: "is it normal", "is this common", "is that ok", "is normal": the start of such a question.
_NORMAL_SUBJECTS = {"it", "this", "that"}
_NORMAL_WORDS = {"normal", "common", "usual", "ok", "okay", "typical"}
#: Words telling when something happened, which make a message about a present case.
_WHEN_WORDS = {
    "since", "ago", "yesterday", "today", "tonight", "started", "starting", "began", "happened",
    "morning", "hours", "weekend", "overnight", "night", "came",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    # "since Saturday" reaches the scope as "for 3 days" (red_flag_text.py)
    "days", "weeks", "day", "week",
}  # fmt: skip


#: "can a back spasm make ...", "could this cause ...": a question whether the spasm explains it.
_CAUSE_OPENERS = {"can", "could", "does", "do", "would", "will"}
_CAUSE_VERBS = {
    "make", "makes", "cause", "causes", "caused", "give", "gives", "feel", "feels",
    # "could lifting a watering can have done something to my back?"
    "done", "hurt", "damaged", "injured",
    # "can a pulled muscle stop you being able to wee?"
    "stop", "stops", "affect", "affects",
    # "can you break your back just lifting something if you have osteoporosis?"
    "break", "breaks", "fracture", "crack", "snap",
}  # fmt: skip
_CAUSE_WITHIN = 6
#: "is a spasm meant to feel like ripping?", "how long does it last after a fall down the
#: stairs?": asked about the patient's own case when another sentence tells when it happened.
_EXPECTED_WORDS = {"meant", "supposed"}
_AFTER_WITHIN = 8


def _asks_a_cause(words: Sequence[str]) -> bool:
    """Whether a sentence opens by asking if the spasm can cause (or feel like) something."""
    if not words:
        return False
    if words[0] in _CAUSE_OPENERS and any(w in _CAUSE_VERBS for w in words):
        return True
    if words[0] in {"is", "are", "should"} and any(w in _EXPECTED_WORDS for w in words):
        return True
    return words[0] == "how" and "after" in words[:_AFTER_WITHIN]


#: Words after which a sentence's question may start ("Quick q - do back spasms make ...",
#: "probably a daft question, but can a spasm make ...").
_QUESTION_AFTER = {"-", "\u2013", ":", ",", "but", "q", "question"}


def _asks_if_normal(first: Sequence[str]) -> bool:
    """Whether words open an "is it normal ..." question ("is this common", "is normal")."""
    words = [w for w in first if w.isalpha()]
    return (
        len(words) >= 2
        and words[0] == "is"
        and (
            words[1] in _NORMAL_WORDS
            or (words[1] in _NORMAL_SUBJECTS and len(words) > 2 and words[2] in _NORMAL_WORDS)
        )
    )


def _question_starts(lowers: Sequence[str], start: int, end: int) -> List[int]:
    """Where a sentence's question may start: its first word, or after a lead-in."""
    return [start] + [i + 1 for i in range(start, end - 1) if lowers[i] in _QUESTION_AFTER]


def _normal_questions_told(
    lowers: List[str],
    sentences: Sequence[Tuple[int, int]],
    clauses: Sequence[Tuple[int, int]],
    clause_of: Sequence[int],
    interrogative_clause: Sequence[bool],
    negation_cues: Sequence[Tuple[int, int]],
) -> List[bool]:
    """Per sentence: an "is it normal ...?" question in a message that tells when it started."""
    negated = {clause_of[start] for start, _ in negation_cues}
    told = [
        index
        for index, (start, end) in enumerate(clauses)
        if not interrogative_clause[index]
        and index not in negated
        and any(lowers[i] in _WHEN_WORDS for i in range(start, end))
    ]
    result = []
    for start, end in sentences:
        # "Questions: when can I go back to teaching, is it normal that sitting on the loo
        # feels weird, ...": the question may follow a lead-in or another question
        asks = any(
            _asks_if_normal(lowers[at : min(end, at + 3)])
            or _asks_a_cause(lowers[at : min(end, at + _AFTER_WITHIN)])
            for at in _question_starts(lowers, start, end)
        )
        elsewhere = any(not start <= clauses[index][0] < end for index in told)
        # "Is it normal that a back spasm is still this severe after 4 days?": the question
        # itself tells of a case still going on
        ongoing = "still" in lowers[start:end] and any(
            lowers[i] in _WHEN_WORDS for i in range(start, end)
        )
        result.append(asks and (elsewhere or ongoing))
    return result


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
            elif text in CLAUSE_CONJ or (text in CONTRAST_ADVERBS and following in SUBJECT_START):
                cuts.append(i)
            elif text in CASUAL_BECAUSE and following == "i":
                cuts.append(i)
            elif text in CONDITIONAL_CONJ and (
                following in SUBJECT_START or (text == "and" and following in VERB_START)
            ):
                cuts.append(i)
            elif text in UNTIL_WORDS and _past_clause(norms, i + 1, sent_end):
                cuts.append(i)
        cuts.append(sent_end)
        for start, end in itertools.pairwise(cuts):
            if end > start:
                clauses.append((start, end))
    return clauses or [(0, len(doc))]


def _past_clause(norms: List[str], start: int, end: int) -> bool:
    """Whether a subject and a past verb start at `start` ("I felt wet", "she saw blood")."""
    words = norms[start : min(start + 3, end)]
    return (
        len(words) >= 2
        and words[0] in SUBJECT_START
        and any(w in PAST_VERBS or (w.endswith("ed") and len(w) > 4) for w in words[1:])
    )


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


#: What follows "I was told" when it reports a diagnosis ("... I have thinning bones").
_DIAGNOSED_SUBJECTS = frozenset({"i", "he", "she", "we", "they"})
_DIAGNOSED_VERBS = frozenset({"have", "had", "has", "'ve", "got"})


def _told_a_diagnosis(lowers: List[str], norms: List[str], end: int) -> bool:
    """Whether a reported-speech cue ends where a diagnosis follows ("told (that) I have ...").

    "I was told I have osteoporosis" states a fact; "I was told to watch for numbness" and "I
    was told it could be nerves" do not.
    """
    if lowers[end - 1] != "told":
        return False
    i = end + 1 if end < len(lowers) and lowers[end] == "that" else end
    return (
        i + 1 < len(lowers)
        and lowers[i] in _DIAGNOSED_SUBJECTS
        and norms[i + 1] in _DIAGNOSED_VERBS
        and (i + 2 >= len(lowers) or lowers[i + 2] != "to")  # "told I have to rest"
    )


#: After a comma, words that give an example of the condition, still inside it.
_EXAMPLE_AFTER_COMMA = frozenset({"like", "say", "eg", "e.g.", "e.g", "ie", "i.e.", "such"})


#: Words that continue a list after its comma ("..., or weakness in the legs").
_LIST_JOINERS = frozenset({"or", "and", "nor"})
#: A list's item between two commas is at most this many words ("severe, persistent, or ...").
_LIST_ITEM_WORDS = 2


def _list_goes_on(lowers: List[str], start: int, sent_end: int) -> bool:
    """Whether the words after a comma continue a list rather than start a main clause.

    "if X, Y, or Z": an item joined by "or"/"and", or a short item followed by another comma;
    not "if I sit too long, my legs go numb" (a subject or a possessive starts the clause).
    """
    end = start
    while end < sent_end and lowers[end] not in CLAUSE_PUNCT and lowers[end] not in ".!?;":
        end += 1
    item = lowers[start:end]
    if not item or any(w in IF_SUBJECT_PRONOUNS or w in POSSESSIVES for w in item):
        return False
    if item[0] in _LIST_JOINERS:
        return len(item) > 1
    return len(item) <= _LIST_ITEM_WORDS and end < sent_end and lowers[end] == ","


def _if_scopes(
    norms: List[str], lowers: List[str], sentences: List[Tuple[int, int]], sentence_of: List[int]
) -> List[Tuple[int, int]]:
    scopes: List[Tuple[int, int]] = []
    for i, word in enumerate(norms):
        if word != "if":
            continue
        previous = lowers[i - 1] if i > 0 else ""
        following = lowers[i + 1] if i + 1 < len(lowers) else ""
        if previous == "like" and (i < 2 or lowers[i - 2] not in AS_IF_VERBS):
            pass  # "what would mean a&e... like if i lost bladder control?": for example, if
        elif previous in NOT_CONDITIONAL_BEFORE_IF or previous == "what":
            continue
        if following in NOT_CONDITIONAL_AFTER_IF:
            continue  # "if anything it's worse": an aside, not a condition
        sent_end = sentences[sentence_of[i]][1]
        end = sent_end
        seen_subject = False
        for j in range(i + 1, sent_end):
            token = norms[j]
            example_follows = j + 1 < sent_end and lowers[j + 1] in _EXAMPLE_AFTER_COMMA
            if norms[j] == "," and (example_follows or _list_goes_on(lowers, j + 1, sent_end)):
                # "if i ever did get what dad had, like numb bum or cant pee"; "see a doctor
                # if they are severe, persistent, or with numbness, tingling, or weakness"
                continue
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
        first = first_word(lowers, start, end)
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
