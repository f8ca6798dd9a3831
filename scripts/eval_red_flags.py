"""Scores the red-flag detector on the labelled set in tests/red_flags/eval.yml.

Without a model, each message goes through the real `RedFlagDetector` component on the real
spaCy pipeline with a neutral ML intent (so it can run before training). With `--model`, each
message goes through the whole trained NLU pipeline (`Agent.load` + `parse_message`), so the ML
intent takes part exactly as in production.

A positive is a hit when the message is escalated (intent `report_red_flag` with a
`red_flag_urgency` entity), at the expected urgency or higher, with at least one of the
expected flags. A negative escalated at any urgency is a false escalation.

Prints per-urgency recall, overall recall, the false-escalation rate and every miss; exits 1
when emergency recall < 100%, overall recall < 98% or false escalations > 2% of negatives.
(The messages are synthetic test fixtures, not patient data, so printing them is fine.)

Usage:
    python scripts/eval_red_flags.py [--model models/backspasm.tar.gz] [--eval FILE] [-v]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

warnings.simplefilter("ignore")  # third-party deprecation noise would bury the figures
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")

import yaml  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from clinic.contract import (  # noqa: E402
    EMERGENCY,
    ENTITY_RED_FLAG,
    ENTITY_RED_FLAG_URGENCY,
    INTENT_REPORT_RED_FLAG,
    URGENCIES,
)
from clinic.contract import urgency_rank as rank  # noqa: E402

DEFAULT_EVAL = ROOT / "tests" / "red_flags" / "eval.yml"
REPORT_INTENT = INTENT_REPORT_RED_FLAG
POSITIVE = "report"
NEGATIVE_KINDS = ("negated", "hypothetical", "question", "benign")
MIN_EXAMPLES = 220
MIN_POSITIVES_PER_FLAG = 6

EMERGENCY_RECALL_MIN = 1.0
OVERALL_RECALL_MIN = 0.98
FALSE_ESCALATION_MAX = 0.02

Parser = Callable[[str], Dict[str, Any]]


@dataclass(frozen=True)
class Example:
    """One labelled message.

    Attributes:
        text: The message.
        kind: `report` or one of the negative kinds.
        flags: Expected flag ids (positives).
        urgency: Expected urgency (positives).
    """

    text: str
    kind: str
    flags: Tuple[str, ...] = ()
    urgency: Optional[str] = None


@dataclass
class Outcome:
    """What the NLU made of one example."""

    example: Example
    escalated: bool
    urgency: Optional[str]
    flags: Tuple[str, ...]
    intent: Optional[str]


@dataclass
class Scores:
    """Aggregated figures."""

    per_urgency: Dict[str, Tuple[int, int]] = field(default_factory=dict)
    recall: float = 0.0
    false_escalation_rate: float = 0.0
    positives: int = 0
    negatives: int = 0
    hits: int = 0
    false_escalations: int = 0
    over_triage: int = 0


def load_examples(path: Path, known_flags: Sequence[str]) -> List[Example]:
    """Reads and checks the labelled set.

    Args:
        path: The YAML file.
        known_flags: Flag ids of the rules file.

    Returns:
        The examples.

    Raises:
        ValueError: If an entry is malformed.
    """
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    examples = []
    for index, entry in enumerate(content.get("examples") or []):
        text, kind = entry.get("text"), entry.get("kind")
        if not isinstance(text, str) or kind not in (POSITIVE, *NEGATIVE_KINDS):
            raise ValueError(f"example {index}: needs text and a known kind")
        flags = tuple(entry.get("flags") or ())
        urgency = entry.get("urgency")
        if kind == POSITIVE:
            if not flags or urgency not in URGENCIES:
                raise ValueError(f"example {index}: a report needs flags and an urgency")
            unknown = [flag for flag in flags if flag not in known_flags]
            if unknown:
                raise ValueError(f"example {index}: unknown flags {unknown}")
        examples.append(Example(text=text, kind=kind, flags=flags, urgency=urgency))
    return examples


def component_parser(config_path: Path) -> Parser:
    """Builds a parser that runs only the detector component, with a neutral ML intent.

    Args:
        config_path: config.yml, for the component's settings.

    Returns:
        text -> parse result (intent and entities).
    """
    from rasa.shared.nlu.training_data.message import Message

    from components.red_flag_detector import RedFlagDetector

    settings: Dict[str, Any] = {}
    config = yaml.safe_load(config_path.read_text(encoding="utf-8")) or {}
    for item in config.get("pipeline") or []:
        if str(item.get("name", "")).endswith("RedFlagDetector"):
            settings = {k: v for k, v in item.items() if k != "name"}
    detector = RedFlagDetector({**RedFlagDetector.get_default_config(), **settings})

    def parse(text: str) -> Dict[str, Any]:
        message = Message(data={"text": text})
        detector.process([message])
        return {"intent": message.get("intent") or {}, "entities": message.get("entities") or []}

    return parse


def model_parser(model_path: Path) -> Parser:
    """Builds a parser that runs the whole trained NLU pipeline.

    Args:
        model_path: The trained model archive.

    Returns:
        text -> parse result.
    """
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.ERROR)  # Rasa logs parsed text at debug level otherwise

    agent = Agent.load(str(model_path))
    loop = asyncio.new_event_loop()

    def parse(text: str) -> Dict[str, Any]:
        return loop.run_until_complete(agent.parse_message(text))

    return parse


def judge(example: Example, parsed: Dict[str, Any]) -> Outcome:
    """Reads the escalation decision out of a parse result."""
    intent = (parsed.get("intent") or {}).get("name")
    entities = parsed.get("entities") or []
    urgencies = [e.get("value") for e in entities if e.get("entity") == ENTITY_RED_FLAG_URGENCY]
    flags = tuple(e.get("value") for e in entities if e.get("entity") == ENTITY_RED_FLAG)
    escalated = intent == REPORT_INTENT and bool(urgencies)
    return Outcome(
        example=example,
        escalated=escalated,
        urgency=urgencies[0] if urgencies else None,
        flags=flags,
        intent=intent,
    )


def is_hit(outcome: Outcome) -> bool:
    """Tells whether a positive was escalated urgently enough with an expected flag."""
    example = outcome.example
    return (
        outcome.escalated
        and rank(outcome.urgency) >= rank(example.urgency)
        and bool(set(example.flags) & set(outcome.flags))
    )


def score(outcomes: Sequence[Outcome]) -> Scores:
    """Aggregates the outcomes."""
    scores = Scores()
    for level in URGENCIES:
        level_outcomes = [
            o for o in outcomes if o.example.kind == POSITIVE and o.example.urgency == level
        ]
        scores.per_urgency[level] = (sum(is_hit(o) for o in level_outcomes), len(level_outcomes))
    positives = [o for o in outcomes if o.example.kind == POSITIVE]
    negatives = [o for o in outcomes if o.example.kind != POSITIVE]
    scores.positives, scores.negatives = len(positives), len(negatives)
    scores.hits = sum(is_hit(o) for o in positives)
    scores.over_triage = sum(
        is_hit(o) and rank(o.urgency) > rank(o.example.urgency) for o in positives
    )
    scores.false_escalations = sum(o.escalated for o in negatives)
    scores.recall = scores.hits / len(positives) if positives else 1.0
    scores.false_escalation_rate = scores.false_escalations / len(negatives) if negatives else 0.0
    return scores


def report(outcomes: Sequence[Outcome], scores: Scores, verbose: bool) -> List[str]:
    """Prints the figures and misses; returns the failed thresholds."""
    print(f"examples: {len(outcomes)} ({scores.positives} reports, {scores.negatives} negatives)")
    for level, (hits, total) in scores.per_urgency.items():
        share = hits / total if total else 1.0
        print(f"  {level:<9} recall: {hits}/{total} = {share:.1%}")
    print(f"  overall   recall: {scores.hits}/{scores.positives} = {scores.recall:.1%}")
    print(f"  over-triage (higher urgency than expected): {scores.over_triage}")
    print(
        f"  false escalations: {scores.false_escalations}/{scores.negatives} = "
        f"{scores.false_escalation_rate:.1%}"
    )
    kinds = Counter(o.example.kind for o in outcomes if o.example.kind != POSITIVE and o.escalated)
    if kinds:
        print("  false escalations by kind: " + ", ".join(f"{k}={v}" for k, v in kinds.items()))
    for outcome in outcomes:
        example = outcome.example
        if example.kind == POSITIVE and not is_hit(outcome):
            print(
                f"MISS  [{example.urgency}] {example.text!r}: expected {list(example.flags)}, "
                f"got intent={outcome.intent} urgency={outcome.urgency} flags={list(outcome.flags)}"
            )
        elif example.kind != POSITIVE and outcome.escalated:
            print(
                f"FALSE [{example.kind}] {example.text!r}: urgency={outcome.urgency} "
                f"flags={list(outcome.flags)}"
            )
        elif verbose:
            print(f"ok    [{example.kind}] {example.text!r}: {list(outcome.flags)}")
    failed = []
    hits, total = scores.per_urgency.get(EMERGENCY, (0, 0))
    if total and hits / total < EMERGENCY_RECALL_MIN:
        failed.append(f"emergency recall {hits}/{total} is below 100%")
    if scores.recall < OVERALL_RECALL_MIN:
        failed.append(f"overall recall {scores.recall:.1%} is below 98%")
    if scores.false_escalation_rate > FALSE_ESCALATION_MAX:
        failed.append(f"false escalations {scores.false_escalation_rate:.1%} are above 2%")
    return failed


def check_coverage(examples: Sequence[Example], known_flags: Sequence[str]) -> List[str]:
    """Checks that the set is big and varied enough to mean something."""
    problems = []
    if len(examples) < MIN_EXAMPLES:
        problems.append(f"only {len(examples)} examples (need {MIN_EXAMPLES})")
    per_flag = Counter(e.flags[0] for e in examples if e.kind == POSITIVE)
    for flag in known_flags:
        if per_flag[flag] < MIN_POSITIVES_PER_FLAG:
            problems.append(
                f"flag {flag}: {per_flag[flag]} reports (need {MIN_POSITIVES_PER_FLAG})"
            )
    kinds = Counter(e.kind for e in examples)
    for kind in NEGATIVE_KINDS:
        if not kinds[kind]:
            problems.append(f"no `{kind}` examples")
    return problems


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", type=Path, help="trained model archive (full NLU)")
    parser.add_argument("--eval", type=Path, default=DEFAULT_EVAL, help="labelled set")
    parser.add_argument("--config", type=Path, default=ROOT / "config.yml")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every example")
    args = parser.parse_args(argv)
    os.chdir(ROOT)

    from components.red_flag_rules import load_rules

    known_flags = [flag.id for flag in load_rules().flags]
    examples = load_examples(args.eval, known_flags)
    problems = check_coverage(examples, known_flags)
    if args.model:
        if not args.model.exists():
            print(f"error: no model at {args.model}", file=sys.stderr)
            return 2
        print(f"scoring through the trained NLU: {args.model}")
        parse = model_parser(args.model)
    else:
        print("scoring through the RedFlagDetector component (neutral ML intent, no model)")
        parse = component_parser(args.config)
    outcomes = [judge(example, parse(example.text)) for example in examples]
    failed = report(outcomes, score(outcomes), args.verbose) + problems
    for problem in failed:
        print(f"FAIL: {problem}", file=sys.stderr)
    if not failed:
        print("PASS: all thresholds met")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
