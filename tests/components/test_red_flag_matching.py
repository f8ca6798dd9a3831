"""The compiled red-flag matchers: their fast paths find exactly what plain spaCy matchers find."""

from __future__ import annotations

from pathlib import Path
from typing import List, Set, Tuple

import pytest
import yaml
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from components.red_flag_engine import load_pipeline
from components.red_flag_matching import CompiledRules, pattern_reach, spell_out_first_token
from components.red_flag_rules import Phrase, RuleSet, Tokens, load_rules
from components.red_flag_text import normalise

ROOT = Path(__file__).resolve().parents[2]


def test_a_first_in_list_is_written_out_word_by_word() -> None:
    pattern = [{"LOWER": {"IN": ["lost", "lose"]}}, {"LOWER": {"IN": ["control"]}}]
    assert spell_out_first_token(pattern) == [
        [{"LOWER": "lost"}, {"LOWER": {"IN": ["control"]}}],
        [{"LOWER": "lose"}, {"LOWER": {"IN": ["control"]}}],
    ]


@pytest.mark.parametrize(
    "pattern",
    [
        [{"LOWER": {"IN": ["a", "b"]}, "OP": "?"}, {"LOWER": "c"}],  # optional: kept
        [{"LOWER": {"REGEX": "^numb"}}],
        [{"TEXT": {"IN": ["SOB"]}}],
        [{"LOWER": {"NOT_IN": ["no"]}}],
        [],
    ],
)
def test_other_first_tokens_are_left_alone(pattern: List[dict]) -> None:  # type: ignore[type-arg]
    assert spell_out_first_token(pattern) == [pattern]


class _PlainMatchers:
    """One plain Matcher and PhraseMatcher with the rules as written (no fast path)."""

    def __init__(self, rules: RuleSet, nlp: Language) -> None:
        self._matcher = Matcher(nlp.vocab)
        self._phrases = PhraseMatcher(nlp.vocab, attr="NORM")
        keyed = [(f"T:{t.name}", t.match) for t in rules.terms.values()]
        keyed += [(f"X:{t.name}", t.exclude) for t in rules.terms.values() if t.exclude]
        keyed += [(f"F:{f.id}", f.patterns) for f in rules.flags]
        for key, items in keyed:
            tokens = [[dict(t) for t in i.pattern] for i in items if isinstance(i, Tokens)]
            if tokens:
                self._matcher.add(key, tokens)
            texts = [nlp.make_doc(i.text.lower()) for i in items if isinstance(i, Phrase)]
            if texts:
                self._phrases.add(key, texts)

    def __call__(self, doc: Doc) -> Set[Tuple[str, int, int]]:
        strings = doc.vocab.strings
        found = list(self._matcher(doc)) + list(self._phrases(doc))
        return {(strings[match_id], start, end) for match_id, start, end in found}


@pytest.mark.parametrize(
    ("pattern", "reach"),
    [
        ([{"LOWER": "numb"}], 1),
        ([{"LOWER": "cant"}, {"OP": "?"}, {"OP": "!", "LOWER": "not"}, {"LOWER": "wee"}], 4),
        ([{"LOWER": "legs"}, {"OP": "{1,3}"}, {"LOWER": "weak"}], 5),
        ([{"LOWER": "legs"}, {"OP": "{2}"}], 3),
        ([{"LOWER": "legs"}, {"OP": "*"}, {"LOWER": "weak"}], None),
        ([{"LOWER": "legs"}, {"OP": "+"}], None),
        ([{"LOWER": "legs"}, {"LOWER": {"IN": ["so", "very"]}, "OP": "*"}, {"LOWER": "weak"}], 14),
        ([{"LOWER": "fainted"}, {"IS_PUNCT": True, "OP": "+"}], 13),
        ([{"LOWER": "legs"}, {"OP": "{2,}"}], None),
    ],
)
def test_a_patterns_reach_is_its_longest_match(pattern: List[dict], reach: int) -> None:  # type: ignore[type-arg]
    assert pattern_reach(pattern) == reach


def test_long_stories_repeat_words_far_apart_and_still_match_like_plain_matchers() -> None:
    rules = load_rules()
    nlp = load_pipeline()
    compiled = CompiledRules(rules, nlp)
    plain = _PlainMatchers(rules, nlp)
    filler = "and then we went to the shops and my back was sore the whole time "
    for text in (
        f"my legs {filler * 3} legs are numb and weak {filler} cant feel my bum",
        f"{filler * 10}both legs gone weak",
        f"bladder {filler * 4} bladder not working {filler} no control of my bladder",
    ):
        doc = nlp(normalise(text, 5000).text)
        expected = plain(doc)
        assert len({start for _, start, _ in expected}) >= 2  # hits far apart
        assert set(compiled.matches(doc)) == expected


def test_the_fast_paths_find_what_plain_matchers_find_on_patients_messages() -> None:
    rules = load_rules()
    nlp = load_pipeline()
    compiled = CompiledRules(rules, nlp)
    plain = _PlainMatchers(rules, nlp)
    texts = [
        item["text"]
        for path in sorted((ROOT / "tests" / "patients").glob("round*/red_flags_dev.yml"))
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))
    ]
    assert len(texts) > 500
    for text in texts:
        doc = nlp(normalise(text, 5000).text)
        assert set(compiled.matches(doc)) == plain(doc), text
