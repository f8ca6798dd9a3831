"""Trains the NLU with alternative pipelines and scores each on the held-out set.

Used to choose the pipeline: the spaCy tokenizer with lookup lemmas (config.yml) against
Rasa's WhitespaceTokenizer with the same featurizers and classifiers. Prints a table of
held-out accuracy and NLU training time; the dialogue part is not trained.

Usage: python scripts/compare_pipelines.py [--out results/compare]
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Dict, List

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from eval_nlu_holdout import HOLDOUT, load_holdout, score

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")


def whitespace_variant(config: Dict[str, Any]) -> Dict[str, Any]:
    """The same pipeline with the spaCy components replaced by a WhitespaceTokenizer."""
    variant = copy.deepcopy(config)
    pipeline: List[Dict[str, Any]] = []
    for component in variant["pipeline"]:
        if component["name"] == "SpacyNLP":
            continue
        if component["name"] == "SpacyTokenizer":
            component = {"name": "WhitespaceTokenizer"}
        pipeline.append(component)
    variant["pipeline"] = pipeline
    return variant


def train_and_score(name: str, config: Dict[str, Any], out: Path) -> Dict[str, Any]:
    """Trains an NLU model for one pipeline and scores it on the held-out set."""
    config_path = out / f"config_{name}.yml"
    config_path.write_text(yaml.safe_dump(config, sort_keys=False))
    started = time.monotonic()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "rasa",
            "train",
            "nlu",
            "--config",
            str(config_path),
            "--domain",
            "domain",
            "--out",
            str(out),
            "--fixed-model-name",
            f"nlu_{name}",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    seconds = time.monotonic() - started
    results = asyncio.run(score(str(out / f"nlu_{name}.tar.gz"), load_holdout(HOLDOUT)))
    faq = [r for r in results if r[1].startswith("faq/")]
    return {
        "name": name,
        "faq": sum(r[1] == r[2] for r in faq) / len(faq),
        "all": sum(r[1] == r[2] for r in results) / len(results),
        "seconds": seconds,
        "misses": [r for r in results if r[1] != r[2]],
    }


def main() -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("results/compare"))
    parser.add_argument("--config", type=Path, default=Path("config.yml"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    config = yaml.safe_load(args.config.read_text())
    rows = [
        train_and_score("spacy", config, args.out),
        train_and_score("whitespace", whitespace_variant(config), args.out),
    ]
    print("| pipeline | FAQ topic accuracy | overall accuracy | NLU training time |")
    print("|---|---|---|---|")
    for row in rows:
        print(f"| {row['name']} | {row['faq']:.1%} | {row['all']:.1%} | {row['seconds']:.0f} s |")
    for row in rows:
        print(f"\n{row['name']} misses:")
        for text, expected, predicted in row["misses"]:
            print(f"  expected {expected:<30} got {predicted:<30} | {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
