"""How a mention of a red-flag symptom is meant, read from a message's scope.

`red_flag_scope` splits a message into sentences and clauses and finds the negation,
hypothetical and question cues (`DocScope`); this module answers, for one mention, whether it
is negated, hypothetical, asked or reported (`mention_status`), and whether the whole message
only asks (`asks_rather_than_reports`).
"""

from __future__ import annotations

from typing import FrozenSet

from components.red_flag_scope import (
    FAR_POST_NEGATION_WINDOW,
    LIST_STEP,
    NEGATION_WINDOW,
    POST_NEGATION_WINDOW,
    DocScope,
    Status,
)

#: The longest question (in tokens) read as a checklist of items answered together.
CHECKLIST_MAX_TOKENS = 12


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


def denies_anything(scope: DocScope) -> bool:
    """Tells whether any part of a message denies something ("legs are fine", "no numbness").

    Args:
        scope: The message's scope facts.

    Returns:
        True when the message has a negation cue before or after a mention.
    """
    return bool(
        scope.negation_cues
        or scope.post_negations
        or scope.far_post_negations
        or scope.sentence_post_negations
    )


def doubts_anything(scope: DocScope) -> bool:
    """Tells whether any part of a message denies, supposes or asks.

    A message without any of these ("fell down a manhole at work and now my back's seizing
    up") is a plain statement: the learned model's emergency flags are believed from a lower
    score there than where a cue might be misread ("I don't feel faint", "if I fall off a
    ladder", "are chest pain and back pain together dangerous?").

    Args:
        scope: The message's scope facts.

    Returns:
        True when the message has a negation, a supposition, a warning-sign clause or a question.
    """
    return bool(
        denies_anything(scope)
        or any(scope.strong_hypothetical)
        or any(scope.future)
        or any(scope.meta)
        or any(scope.interrogative_clause)
        or any(scope.interrogative_sentence)
        or any(scope.modal_question)
        or any(scope.question_marks)
    )


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
    excepted = bool(scope.excepted) and all(scope.excepted[i] for i in covered)
    if not excepted and _negated(scope, clause_start, clause_end, end, covered):
        return Status.NEGATED
    sentence = scope.sentence_of[start]
    if scope.normal_question and scope.normal_question[sentence]:
        # "Is it normal to lose feeling down there after a spasm? Happened yesterday.", also
        # after another question in the sentence ("when can I go back to work, is it normal
        # that ...": the "when" supposes nothing about what follows)
        return Status.UNCERTAIN
    if any(scope.strong_hypothetical[i] for i in covered):
        return Status.HYPOTHETICAL
    anchored = scope.anchored[clause]
    if not anchored and (scope.meta[clause] or scope.generic[clause]):
        return Status.HYPOTHETICAL
    if scope.modal_question[clause] or any(scope.future[i] for i in covered):
        return Status.HYPOTHETICAL  # "could I lose ...", "am I going to lose ...": possibilities
    interrogative = scope.interrogative_clause[clause] or scope.interrogative_sentence[sentence]
    if interrogative:
        if scope.generic[clause] and scope.own_anchored and not scope.own_anchored[clause]:
            # "She asked me to ask: can chemo cause back spasms years later?": a cause asked
            # about in general; whom the sentence's other clause names does not have it.
            return Status.QUESTION
        # "is my fever related to the spasm?": about the patient, but asked; the ML may weigh in.
        return Status.UNCERTAIN if anchored else Status.QUESTION
    if not anchored and _asked_about_next(scope, clause):
        # "numbness in the saddle area with back pain, is that a reason to go to a&e": a sign
        # named, then asked about as a warning sign; nobody is said to have it.
        return Status.QUESTION
    return Status.REPORT if anchored else Status.UNCERTAIN


def _asked_about_next(scope: DocScope, clause: int) -> bool:
    """Whether the next clause of the sentence asks about the warning sign named in this one."""
    following = clause + 1
    if following >= len(scope.clauses):
        return False
    start, _ = scope.clauses[following]
    return (
        scope.sentence_of[start] == scope.sentence_of[scope.clauses[clause][0]]
        and scope.interrogative_clause[following]
        and scope.meta[following]
        and not scope.anchored[following]
    )


def _negated(
    scope: DocScope, clause_start: int, clause_end: int, end: int, covered: FrozenSet[int]
) -> bool:
    for cue_start, cue_end in scope.negation_cues:
        if cue_start >= end or (cue_start < clause_start and not _lists(scope, cue_end, end)):
            continue
        if any(index in covered for index in range(cue_start, cue_end)):
            continue
        if any(cue_end <= index < cue_end + _reach(scope, cue_end, index) for index in covered):
            return True
    last = max(covered)
    for cue_start, cue_end in scope.post_negations:
        if last < cue_start < min(clause_end, last + 1 + POST_NEGATION_WINDOW):
            if not any(index in covered for index in range(cue_start, cue_end)):
                return True
    # "can't feel his legs, neither of them": after a loss told with a negation of its own,
    # "neither of them" in the same sentence insists; it answers no checklist.
    echoes = any(
        index in covered for start, stop in scope.negation_cues for index in range(start, stop)
    )
    for cue_start, cue_end in scope.far_post_negations:
        if last < cue_start <= last + FAR_POST_NEGATION_WINDOW and not echoes:
            if scope.sentence_of[cue_start] == scope.sentence_of[last]:
                return True
        if last < cue_start and _answers_sentence_before(scope, last, cue_start, cue_end):
            return True
    for cue_start, _ in scope.sentence_post_negations:
        if last < cue_start and scope.sentence_of[cue_start] == scope.sentence_of[last]:
            return True
    return _answered_no(scope, scope.clause_of[clause_end - 1])


def _answers_sentence_before(scope: DocScope, last: int, cue_start: int, cue_end: int) -> bool:
    """Whether a sentence ending in a checklist answer denies the sentence before it.

    "... saddle numbness, retention, all that. For the record I have none of it.": the answer
    closes its sentence ("none of that helps" does not).
    """
    sentence = scope.sentence_of[cue_start]
    if sentence != scope.sentence_of[last] + 1:
        return False
    _, end = scope.sentences[sentence]
    return cue_end >= end - 1


def _lists(scope: DocScope, cue_end: int, index: int) -> bool:
    """Whether a "denies" cue reads its list on to a token later in its sentence."""
    return bool(scope.list_negations) and (
        scope.list_negations[cue_end - 1]
        and scope.sentence_of[cue_end - 1] == scope.sentence_of[index - 1]
    )


def _reach(scope: DocScope, cue_end: int, index: int) -> int:
    """How far a negation reaches towards a token.

    Further along a list joined by "or", and to the end of its sentence for "denies".
    """
    if _lists(scope, cue_end, index + 1):
        return index - cue_end + 1
    ors = sum(scope.disjunctions[cue_end:index]) if scope.disjunctions else 0
    return NEGATION_WINDOW + LIST_STEP * ors


def _answered_no(scope: DocScope, clause: int) -> bool:
    """Tells whether the next clause only answers "no" ("Numbness? No." "fever - none").

    A short checklist question answers for each of its items: "Fever, weight loss, history of
    cancer? No, no, no."
    """
    clause = _checklist_end(scope, clause)
    while clause + 1 < len(scope.clauses) and _only_question_marks(scope, clause + 1):
        clause += 1  # "cancer?? no!!": the second "?" stands as a sentence of its own
    if clause + 1 >= len(scope.clauses) or not scope.answer_negation[clause + 1]:
        return False
    _, clause_end = scope.clauses[clause]
    next_start, _ = scope.clauses[clause + 1]
    return scope.sentence_of[next_start] == scope.sentence_of[clause_end - 1] or (
        scope.sentence_of[next_start] == scope.sentence_of[clause_end - 1] + 1
        and scope.sentences[scope.sentence_of[clause_end - 1]][1] == next_start
        and _ends_with_question(scope, clause_end)
    )


def _only_question_marks(scope: DocScope, clause: int) -> bool:
    start, end = scope.clauses[clause]
    return all(scope.question_marks[start:end])


def _checklist_end(scope: DocScope, clause: int) -> int:
    """The last clause of a short question whose items are listed in clauses ("a, b, c?").

    Any other clause is its own end.
    """
    sentence = scope.sentence_of[scope.clauses[clause][0]]
    sentence_start, sentence_end = scope.sentences[sentence]
    if sentence_end - sentence_start > CHECKLIST_MAX_TOKENS:
        return clause
    last = clause
    while (
        last + 1 < len(scope.clauses) and scope.sentence_of[scope.clauses[last + 1][0]] == sentence
    ):
        last += 1
    return last if _ends_with_question(scope, scope.clauses[last][1]) else clause


def _ends_with_question(scope: DocScope, clause_end: int) -> bool:
    return scope.question_marks[clause_end - 1]
