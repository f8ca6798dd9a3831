"""The FAQ content holds together: catalogue, answers, training data, held-out set, stories."""

import bisect
import functools
import itertools
import re
from pathlib import Path
from typing import Dict, Final, FrozenSet, List, Tuple

import pytest
import yaml
from rapidfuzz import fuzz, process

from actions.followups import FOLLOWUP_CUES

ROOT = Path(__file__).resolve().parent.parent
TOPICS: Dict[str, dict] = yaml.safe_load((ROOT / "knowledge/topics.yml").read_text())["topics"]
TITLES = {
    s["title"] for s in yaml.safe_load((ROOT / "knowledge/sources.yml").read_text())["sources"]
}
QUESTIONS = {t["question"]: topic for topic, t in TOPICS.items()}
MEDICINE_TOPICS = {
    "otc_medicines",
    "muscle_relaxants",
    "topical_creams",
    "supplements",
    "herbal_remedies",
    "essential_oils",
}


def load_all(pattern: str, key: str) -> dict:
    merged: dict = {}
    for path in sorted(ROOT.glob(pattern)):
        merged.update(yaml.safe_load(path.read_text()).get(key) or {})
    return merged


def nlu_examples(pattern: str) -> Dict[str, List[str]]:
    examples: Dict[str, List[str]] = {}
    for path in sorted(ROOT.glob(pattern)):
        for block in yaml.safe_load(path.read_text())["nlu"]:
            lines = [ln.strip()[2:].strip() for ln in block["examples"].splitlines()]
            examples.setdefault(block["intent"], []).extend(x for x in lines if x)
    return examples


RESPONSES = load_all("domain/**/*.yml", "responses")
TRAINING = nlu_examples("data/nlu/**/*.yml")
HOLDOUT = nlu_examples("tests/nlu_holdout.yml")


def source_titles(text: str) -> List[str]:
    last = text.strip().splitlines()[-1]
    match = re.fullmatch(r"Sources?: (.+)", last.strip())
    assert match, f"answer does not end with a Source line: {last!r}"
    return [t.strip() for t in match.group(1).split(";")]


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_every_topic_has_an_answer_that_cites_its_source(topic):
    variants = RESPONSES[f"utter_faq/{topic}"]
    for variant in variants:
        assert set(source_titles(variant["text"])) <= TITLES
        assert 2 <= len(variant.get("buttons", [])) <= 3


@pytest.mark.parametrize("topic", sorted(MEDICINE_TOPICS))
def test_medicine_answers_say_ask_a_doctor_or_pharmacist_first(topic):
    text = RESPONSES[f"utter_faq/{topic}"][0]["text"].lower()
    assert "doctor or pharmacist" in text


def test_buttons_offer_real_topics_with_their_canonical_question():
    for name, variants in RESPONSES.items():
        for variant in variants:
            for button in variant.get("buttons", []):
                assert button["payload"] in QUESTIONS or not name.startswith(
                    "utter_faq/"
                ), f"{name}: button payload {button['payload']!r} is no topic's question"
                if button["payload"] in QUESTIONS:
                    topic = QUESTIONS[button["payload"]]
                    assert button["title"] == TOPICS[topic]["label"], name


def test_chit_chat_buttons_are_canonical_questions_too():
    for name, variants in RESPONSES.items():
        for variant in variants:
            for button in variant.get("buttons", []):
                payload = button["payload"]
                if re.fullmatch(r"\{topic_[ab]_question\}", payload):
                    continue  # filled with a topic's question (actions/answers.py)
                if payload.startswith("/") and payload[1:] in TRAINING:
                    continue  # an offered intent payload: the input gate obeys it
                assert payload in QUESTIONS or any(
                    payload in TRAINING.get(intent, [])
                    for intent in ("ask_capabilities", "affirm", "deny")
                ), f"{name}: {payload!r} would not be understood reliably"


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_every_topic_has_varied_training_data_with_its_canonical_question(topic):
    examples = TRAINING[f"faq/{topic}"]
    assert len(examples) >= 20
    assert TOPICS[topic]["question"] in examples


def test_no_faq_response_or_training_block_without_a_catalogue_entry():
    faq_responses = {n.split("/", 1)[1] for n in RESPONSES if n.startswith("utter_faq/")}
    faq_intents = {i.split("/", 1)[1] for i in TRAINING if i.startswith("faq/")}
    assert faq_responses == set(TOPICS) == faq_intents


def test_training_examples_are_not_repeated_across_intents():
    seen: Dict[str, str] = {}
    for intent, examples in TRAINING.items():
        for example in examples:
            key = example.lower()
            assert (
                seen.setdefault(key, intent) == intent
            ), f"{example!r} in {intent} and {seen[key]}"


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_every_topic_has_held_out_probes_never_trained_on(topic):
    probes = HOLDOUT[f"faq/{topic}"]
    assert len(probes) >= 3
    trained = {x.lower() for examples in TRAINING.values() for x in examples}
    assert not [p for p in probes if p.lower() in trained]


def test_every_topic_has_a_conversation_test():
    stories = yaml.safe_load((ROOT / "tests/test_stories.yml").read_text())["stories"]
    tested = set()
    for story in stories:
        steps = story["steps"]
        for step, following in itertools.pairwise(steps):
            if step.get("intent", "").startswith("faq/") and step.get("user"):
                assert following.get("action") == "action_answer_faq", story["story"]
                tested.add(step["intent"].split("/", 1)[1])
    assert set(TOPICS) <= tested


def test_follow_ups_refer_to_real_topics_and_kinds_and_cite_sources():
    followups: dict = {}
    for path in sorted((ROOT / "knowledge/followups").glob("*.yml")):
        followups.update(yaml.safe_load(path.read_text()) or {})
    assert followups, "no follow-up answers"
    for topic, answers in followups.items():
        assert topic in TOPICS
        assert set(answers) <= {kind for kind, _ in FOLLOWUP_CUES}
        for text in answers.values():
            assert set(source_titles(text)) <= TITLES


def _normalised(text: str) -> str:
    # "child's pose" and "childs pose" are the same message.
    return re.sub(r"\W+", " ", re.sub(r"['\u2019]", "", str(text).lower())).strip()


def _texts(node) -> List[str]:
    """Every message text in a YAML tree (NLU examples, `text:`/`user:` values, turn lists)."""
    found: List[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("text", "user") and isinstance(value, str):
                found.append(value)
            elif key == "must":
                continue  # the words a right reply contains, not a message
            elif key == "examples" and isinstance(value, str):
                lines = [line.strip() for line in value.splitlines()]
                found += [line[2:] for line in lines if line.startswith("- ")]
            elif isinstance(value, dict | list):
                found += _texts(value)
    elif isinstance(node, list):
        for item in node:
            found += [item] if isinstance(item, str) else _texts(item)
    return found


#: Conversational intents whose short messages ("hi", "yes please", "what can you do") every
#: assistant is trained on; a patient set cannot avoid them, so they are not counted as overlap.
CONVERSATIONAL_DATA = (
    "data/nlu/chitchat.yml",
    "data/nlu/escalation.yml",
    "data/nlu/out_of_scope.yml",
    "data/nlu/other_language_thanks.yml",
)
CONVERSATIONAL_MAX_WORDS = 4
#: From this rapidfuzz ratio (0-100) a training message is a close paraphrase of an evaluation
#: message: "how long do bak spasms last" and "how long do spasms last" are 92 apart.
CLOSE_PARAPHRASE_RATIO: Final = 90


def _load(path: Path):
    """libyaml's loader where it reads the file (the patient sets are 50,000 messages)."""
    text = path.read_text()
    try:
        return yaml.load(text, Loader=yaml.CSafeLoader)
    except (AttributeError, yaml.YAMLError):  # no libyaml, or an escape only PyYAML reads
        return yaml.safe_load(text)


@functools.lru_cache(maxsize=1)
def _evaluation_messages() -> FrozenSet[str]:
    """The independent patient sets and the regression red-flag set, normalised."""
    evaluation = {
        _normalised(text)
        for path in ROOT.glob("tests/patients/**/*.yml")
        for text in _texts(_load(path))
    }
    regression = yaml.safe_load((ROOT / "tests/red_flags/eval.yml").read_text())
    return frozenset(evaluation | {_normalised(item["text"]) for item in regression["examples"]})


@functools.lru_cache(maxsize=1)
def _training_messages() -> Tuple[Tuple[Path, str], ...]:
    """Every training message (NLU examples and red-flag examples), normalised, by file."""
    training = [
        *ROOT.glob("data/nlu/**/*.yml"),
        *ROOT.glob("knowledge/red_flag_examples/*.yml"),
    ]
    return tuple(
        (path.relative_to(ROOT), _normalised(text))
        for path in training
        for text in _texts(_load(path))
    )


CANONICAL = {_normalised(question) for question in QUESTIONS}


def _exempt(path: Path, text: str) -> bool:
    """A canonical question or a short conversational message, trained on by design."""
    conversational = str(path) in CONVERSATIONAL_DATA
    return text in CANONICAL or (conversational and len(text.split()) <= CONVERSATIONAL_MAX_WORDS)


def test_no_independent_evaluation_message_is_trained_on():
    """No evaluation message stands in data/ or knowledge/, whatever its length.

    The evaluation messages are the independent patient sets (tests/patients/) and the
    regression red-flag set (tests/red_flags/), whose figures mean nothing if trained on.

    Two exceptions, both trained on by design: a topic's canonical question (the topic
    buttons send it) and a short message of a conversational intent (greetings, thanks,
    yes/no, "what can you do"). A one-word topic ("massage") is not an exception.
    """
    overlap = sorted(
        f"{path}: {text}"
        for path, text in _training_messages()
        if text in _evaluation_messages() and not _exempt(path, text)
    )
    assert overlap == []


def test_no_training_example_is_a_close_paraphrase_of_an_evaluation_message():
    """Nor does a training message differ from one by a few letters.

    "how long do bak spasms last" trained on makes "how long do spasms last" in a patient set
    a test of memory. Ratio is rapidfuzz's normalised similarity (0-100); two strings can only
    reach CLOSE_PARAPHRASE_RATIO when their lengths are within the window searched.
    """
    evaluation = sorted(
        (text for text in _evaluation_messages() if len(text.split()) >= 2), key=len
    )
    lengths = [len(text) for text in evaluation]
    window = CLOSE_PARAPHRASE_RATIO / (200 - CLOSE_PARAPHRASE_RATIO)
    by_length: Dict[int, List[Tuple[Path, str]]] = {}
    for path, text in _training_messages():
        if not _exempt(path, text) and len(text.split()) >= 2:
            by_length.setdefault(len(text), []).append((path, text))
    close = []
    for length, messages in by_length.items():
        low = bisect.bisect_left(lengths, length * window)
        high = bisect.bisect_right(lengths, length / window)
        scores = process.cdist(
            [text for _, text in messages],
            evaluation[low:high],
            scorer=fuzz.ratio,
            score_cutoff=CLOSE_PARAPHRASE_RATIO,
            workers=-1,
        )
        for row, column in zip(*scores.nonzero(), strict=True):
            path, text = messages[row]
            match = evaluation[low + column]
            close.append(f"{path}: {text!r} ~ {match!r} ({scores[row, column]:.0f})")
    assert close == []


def test_the_warning_signs_answer_names_every_emergency_sign_of_the_reference():
    # Live test, round 49: "what signs of cauda equina should I look out for" got a list
    # without red-flags.md's "new loss of sexual function or genital sensation".
    text = RESPONSES["utter_faq/warning_signs"][0]["text"].lower()
    for sign in ("wipe", "sexual", "bladder", "both legs", "chest", "tearing", "fall"):
        assert sign in text, sign


def test_closings_after_urgent_advice_keep_today():
    # Live test, round 50: "thanks, sorry again" after "see a doctor today" was answered "if it
    # gets worse, contact a doctor the same day", weaker than the advice already given.
    for name, variations in RESPONSES.items():
        if not (name.startswith("utter_escalation_after_") and name.endswith("_other")):
            continue  # the `_other` closings follow urgent and soon advice alike
        urgent = [
            v["text"]
            for v in variations
            if {"name": "red_flag_urgency", "value": "urgent", "type": "slot"}
            in v.get("condition", [])
        ]
        plain = [v["text"] for v in variations if not v.get("condition")]
        if any("the same day" in text for text in plain):
            assert urgent, f"{name} says 'the same day' with no variation after urgent advice"
            assert all("today" in text and "the same day" not in text for text in urgent), name
