"""A load run against a launched instance while its servers are killed.

`users` patients chat at once over REST for `duration` seconds, each waiting for the reply
before writing again; about `red_flag_share` of the messages report an emergency. Meanwhile
the action server and the worker are each killed once (SIGKILL). Afterwards it counts what
issue 10 asks for: red flags without a case, duplicate deliveries to the doctor's webhook and
patient messages without a reply. The messages are this module's own (not an evaluation set).

A duplicate is a case revision the doctor's receiver would show twice: accepted again without
being recognisable as a repeat (another `Idempotency-Key`, or none). A send cut off by a kill
after the receiver accepted it but before it was recorded is sent again with the same key, and
the receiver drops it; those are counted apart (`resent_same_key`), since no sender can close
that window (docs/escalation.md, "Once per (case, target, revision)").
"""

from __future__ import annotations

import json
import random
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

from tests.e2e.e2e_support import rest_chat

ORDINARY = (
    "hi",
    "should I use ice or heat on my back",
    "what stretches help a back spasm",
    "can I take ibuprofen for it",
    "how long do back spasms usually last",
    "what causes back spasms",
    "how do I stop it coming back",
    "is it ok to go to work",
    "thanks, that helps",
    "when should I see a doctor",
)
RED_FLAGS = (
    "I can't control my bladder since this morning and it's numb between my legs",
    "my back hurts and I have crushing chest pain going into my arm",
    "fell off a ladder onto my back and now both legs feel weak",
)


@dataclass
class Sent:
    """One message and what came back."""

    sender: str
    text: str
    red_flag: bool
    replied: bool = False
    case_id: Optional[str] = None
    error: str = ""


@dataclass
class LoadFigures:
    """What the run counted."""

    messages: int = 0
    red_flags: int = 0
    without_reply: int = 0
    red_flags_without_case: int = 0
    cases: int = 0
    deliveries: int = 0
    duplicate_deliveries: int = 0
    resent_same_key: int = 0
    undelivered: int = 0
    kills: List[str] = field(default_factory=list)
    details: List[str] = field(default_factory=list)

    def as_dict(self) -> Dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "details"}


def _user(
    rasa_url: str,
    index: int,
    until: float,
    share: float,
    sent: List[Sent],
    lock: threading.Lock,
) -> None:
    rng = random.Random(index)
    conversation = 0
    sender = f"load-{index}-{conversation}"
    while time.monotonic() < until:
        red_flag = rng.random() < share
        text = rng.choice(RED_FLAGS if red_flag else ORDINARY)
        record = Sent(sender, text, red_flag)
        try:
            replies = rest_chat(rasa_url, sender, text, timeout=60)
            record.replied = any((m.get("text") or "").strip() for m in replies)
            for message in replies:
                custom = message.get("custom")
                if isinstance(custom, dict) and isinstance(custom.get("escalation"), dict):
                    record.case_id = custom["escalation"].get("case_id")
        except Exception as error:  # counted as a message without a reply
            record.error = type(error).__name__
        with lock:
            sent.append(record)
        if red_flag:  # a new patient after an emergency, as a new conversation
            conversation += 1
            sender = f"load-{index}-{conversation}"


def run_load(
    rasa_url: str,
    kill: Callable[[str], None],
    users: int = 20,
    duration: float = 60.0,
    red_flag_share: float = 0.05,
    kills: Tuple[Tuple[float, str], ...] = ((0.33, "actions"), (0.66, "worker")),
) -> Tuple[List[Sent], List[str]]:
    """Runs the load; `kill(program)` is called at each fraction of `duration` in `kills`.

    Returns:
        The messages sent, and the programs killed.
    """
    sent: List[Sent] = []
    lock = threading.Lock()
    start = time.monotonic()
    until = start + duration
    threads = [
        threading.Thread(
            target=_user, args=(rasa_url, i, until, red_flag_share, sent, lock), daemon=True
        )
        for i in range(users)
    ]
    for thread in threads:
        thread.start()
    killed = []
    for fraction, program in kills:
        time.sleep(max(0.0, start + fraction * duration - time.monotonic()))
        kill(program)
        killed.append(program)
    for thread in threads:
        thread.join(timeout=duration + 120)
    return sent, killed


def count(
    sent: List[Sent], killed: List[str], cases_db: Path, webhook_requests: List[Dict[str, Any]]
) -> LoadFigures:
    """Counts the outcome from the replies, the case database and the webhook's requests."""
    figures = LoadFigures(messages=len(sent), kills=killed)
    figures.red_flags = sum(1 for s in sent if s.red_flag)
    for record in sent:
        if not record.replied:
            figures.without_reply += 1
            figures.details.append(f"no reply: {record.sender} ({record.error or 'empty'})")
    with sqlite3.connect(cases_db) as connection:
        cases = dict(connection.execute("SELECT conversation_id, id FROM escalation_cases"))
        statuses = connection.execute("SELECT status FROM escalation_deliveries").fetchall()
    figures.cases = len(cases)
    for record in sent:
        if record.red_flag and (not record.case_id or record.sender not in cases):
            figures.red_flags_without_case += 1
            figures.details.append(f"red flag without a case: {record.sender}")
    figures.undelivered = sum(
        1 for (status,) in statuses if status not in ("delivered", "superseded")
    )
    shown: Dict[Tuple[str, int], int] = {}
    for request in webhook_requests:
        extra = request.get("extra") or {}
        if not extra.get("accepted"):
            continue
        body = json.loads(request.get("body") or "{}")
        if "case_id" not in body:
            continue  # an operations alert
        if extra.get("duplicate"):
            figures.resent_same_key += 1
            continue
        revision = (body["case_id"], int(body.get("revision") or 0))
        shown[revision] = shown.get(revision, 0) + 1
    figures.deliveries = sum(shown.values())
    figures.duplicate_deliveries = sum(n - 1 for n in shown.values() if n > 1)
    return figures
