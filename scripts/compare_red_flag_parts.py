"""Measures the red-flag detector's parts alone and together on an independent single-message set.

Rules alone (spaCy patterns with negation/question scope), the learned per-flag model alone
(probability over a threshold, no scope), and both together as the detector combines them
(`red_flag_decision.decide`), each at a few model thresholds. The ML intent is neutral here (no
Rasa model needed): the full pipeline is scored by `scripts/eval_patients.py`.

Usage:
    python scripts/compare_red_flag_parts.py [--set tests/patients/red_flags_dev.yml]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from clinic.contract import EMERGENCY, urgency_rank  # noqa: E402
from components.red_flag_decision import DecisionConfig, MLIntent, Outcome, decide  # noqa: E402
from components.red_flag_engine import shared_engine  # noqa: E402
from components.red_flag_model import FlagModel, ModelConfig, load_examples  # noqa: E402

TRAINING = [
    ROOT / "knowledge" / "red_flag_examples" / "english.yml",
    ROOT / "knowledge" / "red_flag_examples" / "english_more.yml",
    ROOT / "knowledge" / "red_flag_examples" / "multilingual.yml",
]

#: A detector variant: text -> urgency it escalates at (None: no escalation).
Variant = Callable[[str], Optional[str]]


def score(items: Sequence[Dict], variant: Variant) -> Dict[str, float]:
    """Recall per urgency class and the false-escalation rate of one variant."""
    counts = {"emergency": [0, 0], "urgent_soon": [0, 0], "negatives": [0, 0]}
    for item in items:
        expected = str(item.get("urgency") or "none")
        got = variant(item["text"])
        if expected == "none":
            counts["negatives"][0] += int(got is not None)
            counts["negatives"][1] += 1
        else:
            key = "emergency" if expected == EMERGENCY else "urgent_soon"
            counts[key][0] += int(urgency_rank(got) >= urgency_rank(expected))
            counts[key][1] += 1
    return {key: hits / total if total else 0.0 for key, (hits, total) in counts.items()}


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Prints a table: variant, emergency recall, urgent/soon recall, false escalations."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default=str(ROOT / "tests" / "patients" / "red_flags_dev.yml"))
    parser.add_argument("--regularisation", type=float, default=ModelConfig.regularisation)
    parser.add_argument("--show", help="print the misses of the variant of this name (dev only)")
    args = parser.parse_args(argv)
    items = yaml.safe_load(Path(args.set).read_text(encoding="utf-8"))
    engine = shared_engine()
    rules = engine.rules
    labelled = [example for path in TRAINING for example in load_examples(path)]
    started = time.perf_counter()
    model = FlagModel.train(
        [item.example for item in labelled],
        [flag.id for flag in rules.flags],
        ModelConfig(regularisation=args.regularisation),
    )
    print(f"model trained on {len(labelled)} examples in {time.perf_counter() - started:.1f} s")
    texts = [item["text"] for item in items]
    detections = {text: engine.detect(text) for text in texts}
    all_scores = dict(zip(texts, model.scores_many(texts), strict=True))

    def rules_alone(text: str) -> Optional[str]:
        decision = decide(detections[text], MLIntent(), rules)
        return decision.urgency if decision.outcome == Outcome.REPORT else None

    def model_alone(threshold: float) -> Variant:
        def run(text: str) -> Optional[str]:
            flags = [f for f, p in all_scores[text].items() if p >= threshold]
            levels = [rules.flag(f).urgency for f in flags]
            return max(levels, key=urgency_rank) if levels else None

        return run

    def together(threshold: float) -> Variant:
        config = DecisionConfig(model_threshold=threshold)

        def run(text: str) -> Optional[str]:
            decision = decide(detections[text], MLIntent(), rules, config, all_scores[text])
            return decision.urgency if decision.outcome == Outcome.REPORT else None

        return run

    from components.red_flag_engine import DEFAULT_SPACY_MODEL
    from components.red_flag_experiencer import modifiers, set_aside
    from components.red_flag_model import sentence_spans

    def with_context(
        threshold: float,
        use=frozenset({"family", "historical"}),
        override: float = 1.1,
    ) -> Variant:
        config = DecisionConfig(model_threshold=threshold, model_override_threshold=override)

        def run(text: str) -> Optional[str]:
            decision = decide(detections[text], MLIntent(), rules, config, all_scores[text])
            if decision.outcome != Outcome.REPORT:
                return None
            spans = {f.flag_id: (f.start, f.end) for f in detections[text].findings}
            sents = sentence_spans(text)
            kept = []
            for flag_id, level in decision.urgencies:
                span = spans.get(flag_id)
                if span is None or span == (0, 0):
                    parts = [text[a:b] for a, b in sents]
                    best = max(
                        range(len(parts)),
                        key=lambda i: model.scores(parts[i]).get(flag_id, 0.0),
                    )
                    span = sents[best]
                marks = modifiers(text, [span], DEFAULT_SPACY_MODEL)[0]
                if not set_aside(flag_id, marks, use):
                    kept.append(level)
            return max(kept, key=urgency_rank) if kept else None

        return run

    variants: List[tuple] = [("rules alone", rules_alone)]
    for threshold in (0.3, 0.4, 0.5, 0.6, 0.7):
        variants.append((f"model alone >= {threshold}", model_alone(threshold)))
    for threshold in (0.3, 0.4, 0.5, 0.6, 0.7):
        variants.append((f"together, model >= {threshold}", together(threshold)))
    for threshold in (0.3, 0.4, 0.5):
        variants.append((f"+ConText, model >= {threshold}", with_context(threshold)))
    everything = frozenset({"family", "historical", "negated", "hypothetical"})
    for threshold in (0.3, 0.4):
        variants.append((f"+ConText all, >= {threshold}", with_context(threshold, everything)))
    for override in (0.7, 0.8, 0.9):
        variants.append((f"+ConText, 0.3, over {override}", with_context(0.3, override=override)))
    variants.append(("+ConText, 0.25, over 0.7", with_context(0.25, override=0.7)))
    print(
        f"{'variant':28} {'emergency':>10} {'urgent+soon':>12} {'false esc.':>11}  (n={len(items)})"
    )
    for name, variant in variants:
        result = score(items, variant)
        if args.show == name:
            for item in items:
                got = variant(item["text"])
                expected = str(item.get("urgency") or "none")
                if (expected == "none") != (got is None) or urgency_rank(got) < urgency_rank(
                    expected
                ):
                    print(f"  miss [{expected} -> {got}] {item['text']}")
        print(
            f"{name:28} {result['emergency']:10.1%} {result['urgent_soon']:12.1%}"
            f" {result['negatives']:11.1%}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
