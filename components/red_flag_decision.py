"""Combines the detector's findings with the ML intent: neither alone decides.

Detector finding (best per flag)       ML intent (DIET)                         Outcome
-------------------------------------  ---------------------------------------  ---------
REPORT: a statement about the patient  anything                                 report
UNCERTAIN: affirmed, not anchored or   anything                                 report
  asked ("numb down there", "fever",
  "is my fever from the spasm?")
QUESTION ("are numb legs serious?")    report_red_flag >= rescue threshold      report
QUESTION                               anything else                            unchanged
HYPOTHETICAL or NEGATED                anything                                 unchanged
(any non-report mention)               report_red_flag                          demote
no mention; the message only asks      report_red_flag                          demote
no mention; a statement                report_red_flag                          clarify
model only, unsure, urgent or soon     anything                                 confirm
model only, unsure, an emergency       anything                                 clarify

"Model only, unsure": the learned model's flags under `model_report_threshold`, no rule finding.
`confirm` asks one targeted yes/no question about the likeliest flag; the answer is read with
it (`red_flag_context.TurnContext.asked_flag`), and a yes escalates that flag.

The ML can raise, never lower: it can rescue a question-shaped report, it demotes its own
`report_red_flag` when every mention is negated or hypothetical (or a question it was not
confident about), and an ML `report_red_flag` without any pattern never escalates: it keeps
its intent with `red_flag_advice=clarify`, so the bot asks the patient to describe the symptom
and lists the emergency signs. An affirmed mention is never vetoed by the ML: DIET labels many
symptom statements as FAQ questions with high confidence ("day 4 of this spasm and it's no
better" looks like the `duration` topic), and on the evaluation set such a veto lost 8 of 156
reports while preventing no false escalation.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Callable, List, Mapping, Optional, Tuple

from clinic.contract import (
    ADVICE_AMBULANCE,
    ADVICE_CLARIFY,
    ADVICE_CONFIRM,
    ADVICE_NO_DRIVING,
    ADVICE_STANDARD,
    EMERGENCY,
    INTENT_REPORT_RED_FLAG,
)
from clinic.contract import highest_urgency as highest
from clinic.contract import raise_urgency as raise_to
from clinic.contract import urgency_rank as rank
from components.red_flag_findings import Detection, Finding
from components.red_flag_rules import RuleSet
from components.red_flag_scope import Status


class Outcome(str, Enum):
    """What the detector does to the message."""

    REPORT = "report"
    CLARIFY = "clarify"
    DEMOTE = "demote"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class MLIntent:
    """The ML classifier's top intent, as seen by the detector.

    Attributes:
        name: Intent name, or None when there is no model (neutral).
        confidence: Its confidence.
    """

    name: Optional[str] = None
    confidence: float = 0.0


#: Under this, a model-only flag is dropped beside a sure finding whose rules raise it to
#: that flag's urgency themselves.
FAINT_MODEL_SCORE = 0.5
#: Under this, a model-only emergency guess does not ride along beside a sure finding ("pain
#: very strong since 3 days" sent to 999 on a 0.2 guess of saddle numbness). Stop 25, on every
#: dev part of rounds 1-16 and the regression set: urgent or soon reports raised to emergency
#: 43 -> 25, no emergency lost, two urgent reports now "soon" (a weight loss and a worsening
#: sciatica the rules did not read); at 0.5 two emergencies were lost.
FAINT_EMERGENCY_SCORE = 0.4


@dataclass(frozen=True)
class DecisionConfig:
    """Thresholds and intent names of the combination.

    Attributes:
        report_intent: The intent of a red-flag report.
        rescue_threshold: ML confidence needed to make a question-shaped mention a report.
        model_threshold: Per-flag model probability at which a flag counts as reported
            (unless the rules read that flag's mention as negated, hypothetical or asked, or
            the whole message only asks).
        model_override_threshold: Probability at which the model's flag counts even where the
            rules read a question or a supposition, or the message also asks something ("can a
            spasm make my chest tight? mine is doing that now"); a negation still wins.
        model_question_threshold: In a message that asks, a flag none of whose key words
            occurs ("can I take both together?" is not about both legs) needs this much.
        model_report_threshold: A message whose only flags come from the model, all urgent or
            soon and under this, gets the clarify reply (details asked, emergency signs and
            number listed) instead of an escalation; the patient's answer is then read with it
            (`red_flag_context`).
        emergencies_never_asked: Model-only emergencies escalate whatever their score (off in
            config.yml: at the scores that would allow it, the model's false alarms on the
            regression set were 7-21%).
        emergency_report_threshold: In a plain statement (nothing denied, supposed or asked),
            a model-only emergency flag escalates from this score (None: only from
            `model_report_threshold`, as every flag); under it, the clarify reply.
        affirmed_report_threshold: A flag only the model finds, whose heaviest words the rules'
            scope reads as an affirmed statement about someone present ("my bum feels like
            nothing"), escalates from this (None: `model_report_threshold`, as every flag).
        affirmed_emergency_threshold: An emergency flag only the model finds, whose heaviest
            words read as an affirmed statement, escalates from this even where something else
            in the message is denied ("I don't want to lose the overtime") (None: only in a
            message that denies nothing).
        rules_only_flags: Flags the model does not report on its own: how long a spasm has
            lasted is a matter of dates, which the rules read ("since Monday", from today).
    """

    report_intent: str = INTENT_REPORT_RED_FLAG
    rescue_threshold: float = 0.8
    model_threshold: float = 0.5
    model_override_threshold: float = 0.85
    model_question_threshold: float = 0.9
    model_report_threshold: float = 0.5
    emergencies_never_asked: bool = True
    emergency_report_threshold: Optional[float] = None
    affirmed_report_threshold: Optional[float] = None
    affirmed_emergency_threshold: Optional[float] = None
    rules_only_flags: Tuple[str, ...] = ()


@dataclass(frozen=True)
class Decision:
    """The detector's verdict on one message.

    Attributes:
        outcome: Report, clarify, demote or unchanged.
        flags: Reported flag ids, most urgent first.
        urgency: The highest urgency of the reported flags.
        advice: `standard`, `no_driving`, `ambulance`, `clarify` or `confirm` (None when
            nothing to say).
        urgencies: (flag id, final urgency) of each reported flag.
        suspected: With `confirm`: the urgent or soon flag the bot asks one yes/no question
            about (red-flags.md: confirming questions for urgent and soon flags only).
    """

    outcome: Outcome
    flags: Tuple[str, ...] = ()
    urgency: Optional[str] = None
    advice: Optional[str] = None
    urgencies: Tuple[Tuple[str, str], ...] = ()
    suspected: Optional[str] = None


def _reported(finding: Finding, ml: MLIntent, config: DecisionConfig) -> bool:
    if finding.status in (Status.REPORT, Status.UNCERTAIN):
        return True
    if finding.status == Status.QUESTION:
        return ml.name == config.report_intent and ml.confidence >= config.rescue_threshold
    return False


def model_findings(
    detection: Detection,
    scores: Mapping[str, float],
    rules: RuleSet,
    config: DecisionConfig,
    word_statuses: Optional[Mapping[str, Status]] = None,
) -> List[Finding]:
    """The flags the learned model reports that the rules did not already find.

    The model reads wording nobody wrote a rule for; the rules' scope still has the last word on
    what they understood: a flag whose mention the rules read as negated, hypothetical or asked
    is not taken from the model, nor is anything in a message that only asks or supposes.

    Args:
        detection: The engine's findings.
        scores: Flag id -> the model's probability.
        rules: The rules (for each flag's own urgency).
        config: Thresholds.
        word_statuses: Flag id -> how the model's heaviest words for it are meant, by the
            rules' scope (for flags the rules did not find).

    Returns:
        One uncertain finding (no span) per flag the model adds, at the flag's own urgency.
    """
    statuses = {finding.flag_id: finding.status for finding in detection.findings}
    known = {flag.id for flag in rules.flags}
    found: List[Finding] = []
    for flag_id, score in scores.items():
        if flag_id not in known or flag_id in config.rules_only_flags:
            continue
        if flag_id in detection.ruled_out:
            continue  # a rule matched it and its own exception cancelled it ("30 cm")
        if flag_id in detection.unsupported:
            continue  # what the flag needs is not said ("I have osteoporosis": no fall)
        if score < config.model_threshold:
            continue
        status = statuses.get(flag_id)
        if status in (Status.REPORT, Status.UNCERTAIN):
            continue  # the rules report it already
        if status is None:
            status = (word_statuses or {}).get(flag_id)
        if status == Status.NEGATED:
            continue  # the rules read it (or the model's own words for it) as negated
        doubted = status in (Status.HYPOTHETICAL, Status.QUESTION) or detection.asks
        if doubted and score < config.model_override_threshold:
            continue
        if status is None and detection.asks and score < config.model_question_threshold:
            continue  # no word of the flag read at all, in a message that asks ("both together?")
        urgency = rules.flag(flag_id).urgency
        # REPORT when the model's own words read as an affirmed statement (`_sure`); QUESTION
        # when the rules read the flag's own mention as asked or supposed in a message that only
        # asks ("why is losing weight without trying on the list?"): an urgent or soon flag is
        # then asked about, not escalated on the model's word alone (an emergency is never
        # asked about: `_ask`).
        kept = Status.REPORT if status == Status.REPORT and not detection.asks else Status.UNCERTAIN
        doubted_by_rule = statuses.get(flag_id) in (Status.HYPOTHETICAL, Status.QUESTION)
        if doubted_by_rule and detection.asks and urgency != EMERGENCY:
            kept = Status.QUESTION
        found.append(Finding(flag_id, urgency, kept, 0, 0))
    return found


def reported_findings(
    detection: Detection,
    ml: MLIntent,
    rules: RuleSet,
    config: DecisionConfig,
    scores: Optional[Mapping[str, float]] = None,
    word_statuses: Optional[Mapping[str, Status]] = None,
) -> List[Finding]:
    """The findings that count as reports: the rules' (with the ML's rescue) and the model's.

    Args:
        detection: The engine's findings.
        ml: The ML intent.
        rules: The rules.
        config: Thresholds.
        scores: The per-flag model's probabilities, if any.
        word_statuses: How the model's heaviest words are meant (see `model_findings`).

    Returns:
        The reported findings (possibly none).
    """
    reported = [f for f in detection.findings if _reported(f, ml, config)]
    return reported + model_findings(detection, scores or {}, rules, config, word_statuses)


def decide(
    detection: Detection,
    ml: MLIntent,
    rules: RuleSet,
    config: Optional[DecisionConfig] = None,
    scores: Optional[Mapping[str, float]] = None,
    word_statuses: Optional[Mapping[str, Status]] = None,
    keep: Optional[Callable[[List[Finding]], List[Finding]]] = None,
) -> Decision:
    """Decides whether a message reports red flags, and how urgently.

    Args:
        detection: The engine's findings.
        ml: The ML intent (a neutral `MLIntent()` when there is no model).
        rules: The rules (for flag modifiers and advice).
        config: Thresholds; defaults to `DecisionConfig()`.
        scores: The per-flag model's probabilities (None: rules and ML intent only).
        word_statuses: How the model's heaviest words are meant (see `model_findings`).
        keep: Filters the reported findings (the detector sets aside a relative's own history
            and events long over: `red_flag_experiencer`).

    Returns:
        The decision.
    """
    config = config or DecisionConfig()
    reported = reported_findings(detection, ml, rules, config, scores, word_statuses)
    if reported and keep is not None:
        reported = keep(reported)
    sure = [f for f in reported if _sure(f, scores or {}, config, detection)]
    if reported and not sure:
        return _ask(reported, scores or {})
    if reported:
        # A sure finding whose rules say when it becomes more urgent ("tingling down my right
        # leg": urgent when it gets worse) has the say on that: a faint model guess of the more
        # urgent variant (progressive weakness at 0.28) does not ride along. A faint guess of
        # another kind (weight loss beside a long spasm) still counts; one of an emergency
        # from FAINT_EMERGENCY_SCORE.
        raised = {
            modifier.urgency
            for f in sure
            for modifier in rules.flag(f.flag_id).modifiers
            if modifier.urgency != EMERGENCY
        }
        reported = [
            f
            for f in reported
            if f in sure
            or (
                (f.urgency not in raised or _score(f, scores) >= FAINT_MODEL_SCORE)
                and (f.urgency != EMERGENCY or _score(f, scores) >= FAINT_EMERGENCY_SCORE)
            )
        ]
        return report(reported, rules)
    if ml.name == config.report_intent:
        if detection.findings or detection.asks:
            return Decision(outcome=Outcome.DEMOTE)
        return Decision(outcome=Outcome.CLARIFY, advice=ADVICE_CLARIFY)
    return Decision(outcome=Outcome.UNCHANGED)


def _score(finding: Finding, scores: Optional[Mapping[str, float]]) -> float:
    """The model's probability of a finding's flag (0 without a model)."""
    return (scores or {}).get(finding.flag_id, 0.0)


def _ask(unsure: List[Finding], scores: Mapping[str, float]) -> Decision:
    """What to ask about model-only findings that are not sure enough to escalate.

    Urgent and soon flags get one targeted yes/no question about the likeliest of them (a yes
    escalates it: `red_flag_context`). If any of them is an emergency, no question delays the
    advice: the clarify reply asks for details and lists every emergency sign with the number.
    """
    if any(finding.urgency == EMERGENCY for finding in unsure):
        return Decision(outcome=Outcome.CLARIFY, advice=ADVICE_CLARIFY)
    likeliest = max(unsure, key=lambda f: (rank(f.urgency), scores.get(f.flag_id, 0.0)))
    return Decision(outcome=Outcome.CLARIFY, advice=ADVICE_CONFIRM, suspected=likeliest.flag_id)


def _sure(
    finding: Finding, scores: Mapping[str, float], config: DecisionConfig, detection: Detection
) -> bool:
    """A rule finding, or a model finding sure enough to escalate without asking.

    Model findings: at least `model_report_threshold`; emergencies from
    `emergency_report_threshold` in a plain statement, or where the model's own words read as
    an affirmed statement and nothing in the message is denied ("took a massive hit to my lower
    back, can barely move. heat pack ok?": the question is another one). Red-flags.md: for
    emergencies the advice comes first.
    """
    if finding.span_known:
        return True
    if finding.status == Status.QUESTION:
        return False  # the rules read it as asked or supposed (`model_findings`)
    score = scores.get(finding.flag_id, 0.0)
    threshold = config.model_report_threshold
    affirmed = finding.status == Status.REPORT
    if affirmed and config.affirmed_report_threshold is not None:
        threshold = min(threshold, config.affirmed_report_threshold)
    if finding.urgency == EMERGENCY:
        if config.emergencies_never_asked:
            return True
        believed = detection.plain or (affirmed and not detection.denies)
        if believed and config.emergency_report_threshold is not None:
            return score >= min(config.emergency_report_threshold, threshold)
        if affirmed and config.affirmed_emergency_threshold is not None:
            return score >= min(config.affirmed_emergency_threshold, threshold)
    return score >= threshold


def report(reported: List[Finding], rules: RuleSet) -> Decision:
    """The report decision for some reported findings: urgency with modifiers, and advice.

    Args:
        reported: Findings that count as reports (at least one).
        rules: The rules (modifiers and advice of each flag).

    Returns:
        A `REPORT` decision, most urgent flag first.
    """
    ids = {finding.flag_id for finding in reported}
    urgencies: List[Tuple[str, str]] = []
    for finding in reported:
        urgency = finding.urgency
        for modifier in rules.flag(finding.flag_id).modifiers:
            if ids.intersection(modifier.when_flags):
                urgency = raise_to(urgency, modifier.urgency)
        urgencies.append((finding.flag_id, urgency))
    urgencies.sort(key=lambda item: -rank(item[1]))
    overall = highest(level for _, level in urgencies)
    # The emergency advice of the flags: an ambulance (heart, aorta) before "don't drive"
    # (cauda equina), which the ambulance advice says too, before the standard advice.
    given = {rules.flag(flag_id).advice for flag_id, level in urgencies if level == EMERGENCY}
    advice = next(
        (kind for kind in (ADVICE_AMBULANCE, ADVICE_NO_DRIVING) if kind in given), ADVICE_STANDARD
    )
    return Decision(
        outcome=Outcome.REPORT,
        flags=tuple(flag_id for flag_id, _ in urgencies),
        urgency=overall,
        advice=advice,
        urgencies=tuple(urgencies),
    )
