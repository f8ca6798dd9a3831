"""The patient's answer to the bot's confirming question about a suspected red flag.

The bot asks one yes/no question about an urgent or soon flag only the learned model suspects
(`action_ask_red_flag_confirmation`; `red_flag_context.TurnContext.asked_flag` names the flag
when that question was the bot's last action). A yes reports the flag; a no keeps the model,
or the earlier turns read together, from reporting it anyway. A rule's own finding still counts.
"""

from __future__ import annotations

from typing import FrozenSet, Optional

from clinic.contract import INTENT_AFFIRM, INTENT_DENY
from components.red_flag_context import TurnContext
from components.red_flag_cues import ANSWER_AFFIRMATION, ANSWER_DENIAL
from components.red_flag_decision import Decision, Outcome, report
from components.red_flag_findings import Detection, Finding
from components.red_flag_rules import RuleSet
from components.red_flag_scope import Status


def confirmed(
    text: str,
    ml_intent: Optional[str],
    context: TurnContext,
    rules: RuleSet,
    ruled_out: FrozenSet[str] = frozenset(),
) -> Optional[Decision]:
    """A "yes" to the confirming question: the report of the flag it asked about.

    Args:
        text: The patient's message.
        ml_intent: DIET's intent for it.
        context: The conversation's recent turns.
        rules: The rules (the flag's urgency and advice).
        ruled_out: Flags the message itself rules out ("yeah, fully intentional" to the
            weight-loss question): a yes to them is no report.

    Returns:
        The report, or None when the message is no yes to such a question.
    """
    flag_id = context.asked_flag
    known = {flag.id for flag in rules.flags}
    if not flag_id or flag_id in context.reported or flag_id not in known:
        return None
    if flag_id in ruled_out:
        return None
    if ml_intent != INTENT_AFFIRM and not ANSWER_AFFIRMATION.match(text):
        return None
    return report([Finding(flag_id, rules.flag(flag_id).urgency, Status.UNCERTAIN, 0, 0)], rules)


def denied(
    text: str,
    ml_intent: Optional[str],
    context: TurnContext,
    detection: Detection,
    decision: Decision,
) -> bool:
    """Whether a "no" to the confirming question should silence the decision.

    True when the message answers no ("no weight same, it hurts when I turn in bed") and the
    decision is only about the flag asked about, found by the model or the context alone.

    Args:
        text: The patient's message.
        ml_intent: DIET's intent for it.
        context: The conversation's recent turns.
        detection: The rules' findings in the message.
        decision: What the detector would do otherwise.

    Returns:
        Whether to leave the message unchanged instead.
    """
    flag_id = context.asked_flag
    if not flag_id or decision.outcome == Outcome.UNCHANGED:
        return False
    if ml_intent != INTENT_DENY and not ANSWER_DENIAL.match(text):
        return False
    if set(decision.flags) - {flag_id} or (decision.suspected or flag_id) != flag_id:
        return False  # another flag: read as usual
    return not any(f.flag_id == flag_id and f.span_known for f in detection.findings)
