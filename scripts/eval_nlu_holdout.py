"""Scores the trained model on the held-out NLU set (tests/nlu_holdout.yml), never trained on.

A message counts as correct when the predicted label equals the expected one, where the label of
an FAQ message is its topic (`faq/<topic>`, chosen by the ResponseSelector) and of any other
message its intent. Exits 1 when FAQ topic accuracy or overall accuracy is below the threshold.

Usage: python scripts/eval_nlu_holdout.py [--model models/backspasm.tar.gz] [--threshold 0.95]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import logging
import os
import sys
from pathlib import Path
from typing import Any, Dict, List, Tuple

import yaml

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

ROOT = Path(__file__).resolve().parent.parent
# The model's custom components (components.*) are imported by module path, as `rasa` does
# from the project folder.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

HOLDOUT = ROOT / "tests/nlu_holdout.yml"


def load_holdout(path: Path) -> List[Tuple[str, str]]:
    """Reads (text, expected label) pairs from a Rasa NLU YAML file.

    Args:
        path: The held-out file.

    Returns:
        The labelled examples.
    """
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    pairs = []
    for block in content["nlu"]:
        for line in block["examples"].splitlines():
            text = line.strip()
            if text.startswith("- "):
                pairs.append((text[2:].strip(), block["intent"]))
    return pairs


def predicted_label(parse: Dict[str, Any]) -> str:
    """Returns `faq/<topic>` for FAQ predictions, else the intent name."""
    intent = (parse.get("intent") or {}).get("name") or ""
    if intent == "faq":
        selected = (parse.get("response_selector") or {}).get("faq") or {}
        return (selected.get("response") or {}).get("intent_response_key") or "faq"
    return intent


async def score(model: str, examples: List[Tuple[str, str]]) -> List[Tuple[str, str, str]]:
    """Parses every example with the trained model.

    Args:
        model: Path of the trained model archive.
        examples: (text, expected label) pairs.

    Returns:
        (text, expected, predicted) triples.
    """
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.ERROR)  # Rasa logs parsed text at debug level otherwise
    agent = Agent.load(model)
    results = []
    for text, expected in examples:
        parse = await agent.parse_message(text)
        results.append((text, expected, predicted_label(parse)))
    return results


def main() -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="models/backspasm.tar.gz")
    parser.add_argument("--holdout", type=Path, default=HOLDOUT)
    parser.add_argument("--threshold", type=float, default=0.95)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)

    results = asyncio.run(score(args.model, load_holdout(args.holdout)))
    faq = [r for r in results if r[1].startswith("faq/")]
    faq_ok = sum(expected == predicted for _, expected, predicted in faq)
    all_ok = sum(expected == predicted for _, expected, predicted in results)
    faq_acc = faq_ok / len(faq) if faq else 0.0
    all_acc = all_ok / len(results) if results else 0.0

    misses = [r for r in results if r[1] != r[2]]
    per_label = collections.Counter(expected for _, expected, _ in misses)
    for text, expected, predicted in misses:
        print(f"  MISS  expected {expected:<32} got {predicted:<32} | {text}")
    print(f"Labels with misses: {dict(per_label)}")
    print(f"FAQ topic accuracy: {faq_ok}/{len(faq)} = {faq_acc:.1%}")
    print(f"Overall accuracy:   {all_ok}/{len(results)} = {all_acc:.1%}")
    print(f"Threshold:          {args.threshold:.0%}")
    if faq_acc < args.threshold or all_acc < args.threshold:
        print("FAILED: held-out accuracy below threshold")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
