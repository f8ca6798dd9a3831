"""Splits an independent round's files into the dev and test parts of `tests/patients/roundN/`.

The writers (tests/patients/briefs/) each write one file and do not split it; this script does,
with a fixed seed, before anyone reads either part:
- reports (`reports.yml`) and negatives (`negatives.yml`): half dev, within each urgency and flag,
  or each style; `red_flags_{dev,test}.yml` holds the reports, then the negatives;
- red-flag conversations (`rf_conversations.yml`): half dev within each urgency;
- natural conversations (`conversations.yml`): half dev within each first escalation;
- other languages (`multilingual.yml`): a quarter of each category in dev, topped up at random to
  `--dev-per-class` reports and ordinary messages per language.

Usage:
    python scripts/split_patient_round.py --round 29 --seed 10029 --source /path/to/writers
"""

from __future__ import annotations

import argparse
import random
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable, Dict, Hashable, List, Optional, Sequence, Tuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
Item = Dict[str, Any]
Parts = Tuple[List[Item], List[Item]]


def split(items: Sequence[Item], key: Callable[[Item], Hashable], share: float, seed: int) -> Parts:
    """Dev and test parts: `share` of each group in dev, the rounding carried between groups."""
    groups: Dict[Hashable, List[Item]] = defaultdict(list)
    for item in items:
        groups[key(item)].append(item)
    rng = random.Random(seed)  # noqa: S311 - a reproducible split, not a secret
    dev: List[Item] = []
    test: List[Item] = []
    carry = 0.0
    for name in sorted(groups, key=str):
        group = groups[name][:]
        rng.shuffle(group)
        exact = len(group) * share + carry
        count = int(round(exact))
        carry = exact - count
        dev += group[:count]
        test += group[count:]
    rng.shuffle(dev)
    rng.shuffle(test)
    return dev, test


def split_languages(items: Sequence[Item], dev_per_class: int, seed: int) -> Parts:
    """Per language and class (report or not): a quarter of each `cat` in dev, then topped up."""
    rng = random.Random(seed)  # noqa: S311 - a reproducible split, not a secret
    dev: List[Item] = []
    test: List[Item] = []
    for language in sorted({item["lang"] for item in items}):
        for emergency in (True, False):
            groups: Dict[str, List[Item]] = defaultdict(list)
            for item in items:
                if item["lang"] == language and bool(item["emergency"]) == emergency:
                    groups[str(item["cat"])].append(item)
            picked: List[Item] = []
            rest: List[Item] = []
            for name in sorted(groups):
                group = groups[name][:]
                rng.shuffle(group)
                picked += group[: len(group) // 4]
                rest += group[len(group) // 4 :]
            rng.shuffle(rest)
            extra = max(0, dev_per_class - len(picked))
            dev += picked + rest[:extra]
            test += rest[extra:]
    rng.shuffle(dev)
    rng.shuffle(test)
    return dev, test


def _first_escalation(conversation: Item) -> str:
    levels = [turn["escalate"] for turn in conversation["turns"] if turn["escalate"] != "none"]
    return str(levels[0]) if levels else "none"


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Writes the dev and test files of the round."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--round", type=int, required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--source", type=Path, required=True, help="the writers' files")
    parser.add_argument("--dev-per-class", type=int, default=10)
    args = parser.parse_args(argv)
    out = ROOT / "tests" / "patients" / f"round{args.round}"
    out.mkdir(parents=True, exist_ok=True)
    header = (
        f"# Written independently (round {args.round}) from red-flags.md and the sources only; "
        f"split seed {args.seed}\n"
    )

    def load(name: str) -> List[Item]:
        return list(yaml.safe_load((args.source / name).read_text(encoding="utf-8")) or [])

    def write(name: str, items: List[Item]) -> None:
        text = yaml.safe_dump(items, allow_unicode=True, sort_keys=False, width=110)
        (out / name).write_text(header + text, encoding="utf-8")
        print(f"{name}: {len(items)}")

    seed = args.seed
    reports = split(load("reports.yml"), lambda i: (i["urgency"], i["flag"]), 0.5, seed)
    negatives = split(load("negatives.yml"), lambda i: i["style"], 0.5, seed + 1)
    write("red_flags_dev.yml", reports[0] + negatives[0])
    write("red_flags_test.yml", reports[1] + negatives[1])
    red_flag_conversations = split(
        load("rf_conversations.yml"), lambda i: i["urgency"], 0.5, seed + 2
    )
    write("red_flag_conversations_dev.yml", red_flag_conversations[0])
    write("red_flag_conversations_test.yml", red_flag_conversations[1])
    conversations = split(load("conversations.yml"), _first_escalation, 0.5, seed + 3)
    write("conversations_dev.yml", conversations[0])
    write("conversations_test.yml", conversations[1])
    languages = split_languages(load("multilingual.yml"), args.dev_per_class, seed + 4)
    write("multilingual_dev.yml", languages[0])
    write("multilingual_test.yml", languages[1])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
