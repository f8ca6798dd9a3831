"""Scores the running bot, over its REST channel, on the independently written patient sets.

The sets in `tests/patients/` were written by helpers who saw only the clinical reference and the
articles, never the rules, the training data or the code (tests/patients/README.md). Each has a
dev part (read while working) and a test part (scored once, at the end, for the report).

What counts is what a patient receives, so everything goes through the real stack:
- red-flag messages, one fresh conversation each: a report must escalate (the escalation marker
  in the replies) at its urgency or higher; a negative must not escalate;
- other-language messages: every reply names the emergency number; reports escalate as
  emergencies, ordinary messages do not;
- red-flag conversations: the first escalation comes at the expected turn (or never);
- natural conversations: each turn's replies hold every `must` group (one word of each),
  nothing of `must_not`, the expected escalation (met by this reply's, or by the conversation's
  escalation at that level earlier: advice repeated after it opens no second case); no fallback
  where the articles answer, and no fallback or empty reply after an escalation (a dead end).

Usage:
    python scripts/eval_patients.py --url http://127.0.0.1:5005 --part dev [--only NAME] [-v]
Exits 1 when a figure is under its target (`TARGETS`). Test messages are printed only with -v:
they are written fixtures, not patient data.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from clinic.contract import (  # noqa: E402
    ENTITY_RED_FLAG_URGENCY,
    INTENT_REPORT_RED_FLAG,
    MARKER_KEY,
    MARKER_URGENCY,
    urgency_rank,
)

SETS = ROOT / "tests" / "patients"
#: Replies that mean "I did not understand" or "no article answers that" (read from the domain,
#: so wording can change): neither answers a question the articles answer.
FALLBACK_RESPONSES = ("utter_default", "utter_out_of_scope", "utter_not_covered")

#: name -> (minimum or maximum, value).
TARGETS: Dict[str, Tuple[str, float]] = {
    "emergency_recall": ("min", 1.0),
    "urgent_soon_recall": ("min", 0.97),
    "false_escalations": ("max", 0.02),
    "conversation_escalation_right": ("min", 0.95),
    "language_report_recall": ("min", 0.95),
    "language_number_given": ("min", 1.0),
    "language_false_escalations": ("max", 0.0),
    "turns_right": ("min", 0.92),
    "dead_ends_after_escalation": ("max", 0.0),
    "needless_fallbacks": ("max", 0.03),
}


@dataclass
class Reply:
    """What the bot sent back for one patient message."""

    text: str
    urgency: Optional[str]

    @property
    def escalated(self) -> bool:
        """Whether the turn carried the escalation marker."""
        return self.urgency is not None


@dataclass
class Score:
    """Counts behind one figure, and the misses (indices into the set)."""

    hits: int = 0
    total: int = 0
    misses: List[str] = field(default_factory=list)

    def add(self, ok: bool, label: str) -> None:
        """Counts one case."""
        self.total += 1
        self.hits += int(ok)
        if not ok:
            self.misses.append(label)

    @property
    def rate(self) -> float:
        """Share of hits (1.0 for an empty score)."""
        return self.hits / self.total if self.total else 1.0


class ModelBot:
    """The trained model in this process (no action server): escalation is read from the NLU.

    A turn escalates when its parsed intent is `report_red_flag` with an urgency entity, which
    the dialogue rules turn into the advice and the case; the reply text is not available, so
    the emergency number counts as given when the intent's responses carry it
    (`NUMBER_INTENTS`).
    """

    def __init__(self, model: str) -> None:
        """Args: model: path of the trained model archive."""
        import asyncio
        import logging

        from rasa.core.agent import Agent
        from rasa.utils.log_utils import configure_structlog

        configure_structlog(logging.ERROR)  # Rasa logs parsed text at debug level otherwise
        # Without an action server every custom action fails; those errors are expected here.
        logging.getLogger("rasa").setLevel(logging.CRITICAL)

        self._loop = asyncio.new_event_loop()
        self._agent = Agent.load(model)

    def say(self, sender: str, text: str) -> Reply:
        """Handles one message in the sender's conversation; reads the parse it got."""
        from rasa.core.channels.channel import UserMessage

        from channels.input_gate import encodable  # as every channel's gate does

        async def run() -> Dict[str, Any]:
            await self._agent.handle_message(UserMessage(encodable(text), sender_id=sender))
            tracker = await self._agent.tracker_store.retrieve(sender)
            return dict(tracker.latest_message.parse_data) if tracker else {}

        parse = self._loop.run_until_complete(run())
        intent = (parse.get("intent") or {}).get("name")
        urgency = None
        if intent == INTENT_REPORT_RED_FLAG:
            urgency = next(
                (
                    e.get("value")
                    for e in parse.get("entities") or []
                    if e.get("entity") == ENTITY_RED_FLAG_URGENCY
                ),
                None,
            )
        number = NUMBER_STANDIN if intent in NUMBER_INTENTS else ""
        return Reply(text=number, urgency=urgency)


#: Intents whose responses all name the emergency number (tests/test_language_lines.py checks).
NUMBER_INTENTS = (INTENT_REPORT_RED_FLAG, "other_language", "other_language_thanks")
#: What a `ModelBot` reply holds when the turn's responses name the emergency number.
NUMBER_STANDIN = "<emergency number>"


class Bot:
    """A REST client of the running bot."""

    def __init__(self, url: str, timeout: float = 60.0) -> None:
        """Args: url: the Rasa server's base URL; timeout: seconds per message."""
        self._url = url.rstrip("/") + "/webhooks/rest/webhook"
        self._timeout = timeout

    def say(self, sender: str, text: str) -> Reply:
        """Sends one message and collects the turn's replies."""
        body = json.dumps({"sender": sender, "message": text}).encode("utf-8")
        request = urllib.request.Request(
            self._url, data=body, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=self._timeout) as response:
            messages = json.loads(response.read())
        texts: List[str] = []
        urgency: Optional[str] = None
        for message in messages:
            texts.append(str(message.get("text") or ""))
            for button in message.get("buttons") or []:
                texts.append(str(button.get("title") or ""))
            custom = message.get("custom")
            if isinstance(custom, dict) and isinstance(custom.get(MARKER_KEY), dict):
                urgency = custom[MARKER_KEY].get(MARKER_URGENCY)
        return Reply(text="\n".join(t for t in texts if t), urgency=urgency)


def _sender() -> str:
    return f"eval-{uuid.uuid4().hex[:12]}"


def fallback_texts() -> List[str]:
    """The fallback replies' texts, from the domain."""
    texts: List[str] = []
    for path in sorted((ROOT / "domain").rglob("*.yml")):
        responses = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses")
        for name in FALLBACK_RESPONSES:
            for variation in (responses or {}).get(name) or []:
                texts.append(str(variation.get("text") or "")[:60].lower())
    return [t for t in texts if t]


#: Where the sets are read from (`--sets`: another round of independent sets, same file names).
_sets_dir = SETS


def _load(name: str, part: str) -> List[Dict[str, Any]]:
    path = _sets_dir / f"{name}_{part}.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) or [] if path.is_file() else []


def _parallel(items: Sequence[Any], work: Callable[[Any], Any], workers: int) -> List[Any]:
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(work, items))


def score_red_flags(bot: Bot, part: str, workers: int) -> Dict[str, Score]:
    """Single red-flag messages: recall by urgency and false escalations."""
    items = _load("red_flags", part)
    replies = _parallel(items, lambda item: bot.say(_sender(), item["text"]), workers)
    scores = {
        "emergency_recall": Score(),
        "urgent_soon_recall": Score(),
        "false_escalations": Score(),
    }
    for index, (item, reply) in enumerate(zip(items, replies, strict=True)):
        expected = str(item.get("urgency") or "none")
        label = f"red_flags[{index}] expected {expected}, got {reply.urgency or 'none'}"
        if expected == "none":
            # Counted as a rate of false alarms: a "hit" is a false escalation.
            scores["false_escalations"].add(not reply.escalated, label)
        else:
            caught = urgency_rank(reply.urgency) >= urgency_rank(expected)
            key = "emergency_recall" if expected == "emergency" else "urgent_soon_recall"
            scores[key].add(caught, label)
    return scores


def score_languages(
    bot: Bot, part: str, workers: int, number: str, by_language: bool = False
) -> Dict[str, Score]:
    """Other-language messages: emergency advice, the number always, no false alarm.

    With `by_language`, each figure also per language (`language_report_recall[tr]`).
    """
    items = _load("multilingual", part)
    replies = _parallel(items, lambda item: bot.say(_sender(), item["text"]), workers)
    scores = {
        "language_report_recall": Score(),
        "language_number_given": Score(),
        "language_false_escalations": Score(),
    }
    for index, (item, reply) in enumerate(zip(items, replies, strict=True)):
        label = f"multilingual[{index}] {item.get('lang')} escalated={reply.urgency}"
        names = ["language_number_given"]
        if item.get("emergency"):
            names.append("language_report_recall")
            ok = reply.urgency == "emergency"
        else:
            names.append("language_false_escalations")
            ok = not reply.escalated
        for name, hit in zip(names, (number in reply.text, ok), strict=True):
            keys = [name, f"{name}[{item.get('lang')}]"] if by_language else [name]
            for key in keys:
                scores.setdefault(key, Score()).add(hit, label)
    return scores


def score_red_flag_conversations(bot: Bot, part: str, workers: int) -> Dict[str, Score]:
    """Multi-turn red-flag conversations: the first escalation at the right turn."""
    items = _load("red_flag_conversations", part)

    def run(item: Dict[str, Any]) -> Optional[int]:
        sender = _sender()
        for turn, text in enumerate(item["turns"], start=1):
            if bot.say(sender, text).escalated:
                return turn
        return None

    firsts = _parallel(items, run, workers)
    score = Score()
    for item, first in zip(items, firsts, strict=True):
        expected = item.get("expect_escalation_at")
        score.add(first == expected, f"{item.get('id')}: expected {expected}, got {first}")
    return {"conversation_escalation_right": score}


def _turn_right(
    turn: Dict[str, Any], reply: Reply, fallbacks: Sequence[str], escalated: Optional[str] = None
) -> bool:
    """Whether a reply is right for its turn.

    `escalated` is the highest urgency the conversation has been escalated with up to this
    reply: a turn after the escalation ("is that bad?") needs the advice again (its `must`
    words), not a second case, so the case already opened meets its expected escalation.
    """
    text = reply.text.lower()
    if not all(any(word.lower() in text for word in group) for group in turn.get("must") or []):
        return False
    if any(word.lower() in text for word in turn.get("must_not") or []):
        return False
    expected = str(turn.get("escalate") or "none")
    reached = max(urgency_rank(reply.urgency), urgency_rank(escalated))
    if expected != "none" and reached < urgency_rank(expected):
        return False
    if turn.get("kind") == "faq" and _is_fallback(text, fallbacks):
        return False
    return True


def _is_fallback(text: str, fallbacks: Sequence[str]) -> bool:
    return not text.strip() or any(fallback in text for fallback in fallbacks)


def score_conversations(bot: Bot, part: str, workers: int) -> Dict[str, Score]:
    """Natural multi-turn conversations, turn by turn."""
    items = _load("conversations", part)
    fallbacks = fallback_texts()

    def run(item: Dict[str, Any]) -> List[Reply]:
        sender = _sender()
        return [bot.say(sender, turn["user"]) for turn in item["turns"]]

    all_replies = _parallel(items, run, workers)
    scores = {
        "turns_right": Score(),
        "dead_ends_after_escalation": Score(),
        "needless_fallbacks": Score(),
    }
    for item, replies in zip(items, all_replies, strict=True):
        escalated = False
        level: Optional[str] = None  # the highest urgency escalated so far
        for index, (turn, reply) in enumerate(zip(item["turns"], replies, strict=True)):
            label = f"{item.get('id')} turn {index + 1}"
            scores["turns_right"].add(_turn_right(turn, reply, fallbacks, level), label)
            fallback = _is_fallback(reply.text.lower(), fallbacks)
            if escalated:
                scores["dead_ends_after_escalation"].add(not fallback, label)
            if turn.get("kind") == "faq":
                scores["needless_fallbacks"].add(not fallback, label)
            escalated = escalated or reply.escalated
            if urgency_rank(reply.urgency) > urgency_rank(level):
                level = reply.urgency
    return scores


def target(name: str) -> Tuple[str, float]:
    """A figure's target; a figure per language (`name[tr]`) has its figure's."""
    return TARGETS[name.split("[")[0]]


def figure(name: str, score: Score) -> float:
    """The reported value: a rate of hits, or of misses for the figures with a maximum."""
    return 1.0 - score.rate if target(name)[0] == "max" else score.rate


def failures(scores: Dict[str, Score]) -> List[str]:
    """The figures under (or over) their target."""
    failed = []
    for name, score in scores.items():
        kind, goal = target(name)
        value = figure(name, score)
        if score.total and ((kind == "min" and value < goal) or (kind == "max" and value > goal)):
            failed.append(name)
    return failed


def evaluate(
    url: str,
    part: str,
    only: Optional[str] = None,
    workers: int = 4,
    number: str = "112",
    model: Optional[str] = None,
    by_language: bool = False,
) -> Dict[str, Score]:
    """Scores every set (or one) of a part against the bot at `url` (or the model in-process)."""
    bot: Any = Bot(url)
    if model:
        bot, workers, number = ModelBot(model), 1, NUMBER_STANDIN
    runs: Dict[str, Callable[[], Dict[str, Score]]] = {
        "red_flags": lambda: score_red_flags(bot, part, workers),
        "multilingual": lambda: score_languages(bot, part, workers, number, by_language),
        "red_flag_conversations": lambda: score_red_flag_conversations(bot, part, workers),
        "conversations": lambda: score_conversations(bot, part, workers),
    }
    if model:
        runs.pop("conversations")  # needs the replies' words: only over REST
    scores: Dict[str, Score] = {}
    for name, run in runs.items():
        if only in (None, name):
            scores.update(run())
    return scores


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Command line: prints the figures and exits 1 under target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:5005")
    parser.add_argument("--part", choices=("dev", "test"), default="dev")
    parser.add_argument(
        "--only", choices=("red_flags", "multilingual", "red_flag_conversations", "conversations")
    )
    parser.add_argument("--emergency-number", default="112")
    parser.add_argument(
        "--sets", type=Path, default=SETS, help="folder of <set>_<part>.yml files (tests/patients)"
    )
    parser.add_argument("--model", help="score this model in-process (NLU level, no server)")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--by-language", action="store_true", help="also each language's figures (and targets)"
    )
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    global _sets_dir
    _sets_dir = args.sets
    scores = evaluate(
        args.url,
        args.part,
        args.only,
        args.workers,
        args.emergency_number,
        args.model,
        args.by_language,
    )
    print(f"{'figure':34} {'value':>8} {'n':>6}  target")
    for name, score in scores.items():
        kind, goal = target(name)
        sign = ">=" if kind == "min" else "<="
        print(f"{name:34} {figure(name, score):8.1%} {score.total:6}  {sign} {goal:.0%}")
        if args.verbose:
            for miss in score.misses:
                print(f"    miss: {miss}")
    failed = failures(scores)
    if failed:
        print("under target: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
