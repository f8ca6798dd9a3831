"""Read-only access to the clinic's knowledge files in `knowledge/`."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Dict, Optional

import yaml

KNOWLEDGE_DIR = Path(__file__).resolve().parent.parent / "knowledge"

FollowUps = Dict[str, Dict[str, str]]


@lru_cache(maxsize=1)
def load_followups(directory: Path = KNOWLEDGE_DIR / "followups") -> FollowUps:
    """Loads the follow-up answers of every topic group.

    Args:
        directory: Folder of `<group>.yml` files mapping topic -> kind -> answer text.

    Returns:
        Topic id -> follow-up kind (`duration`, `howto`) -> answer text.
    """
    followups: FollowUps = {}
    for path in sorted(directory.glob("*.yml")):
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for topic, answers in content.items():
            followups.setdefault(topic, {}).update(answers or {})
    return followups


def followup_answer(topic: str, kind: str) -> Optional[str]:
    """Returns the short answer to a follow-up question about a topic, if there is one.

    Args:
        topic: FAQ topic id, e.g. `ice`.
        kind: Follow-up kind, `duration` or `howto`.

    Returns:
        The answer text, or None when the articles give no such detail for the topic.
    """
    return load_followups().get(topic, {}).get(kind)
