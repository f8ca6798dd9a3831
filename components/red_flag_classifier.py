"""The learned half of red-flag detection, as a trainable Rasa NLU component.

Placed just before `RedFlagDetector`, it adds two text-free properties to every message:
- `red_flag_scores`: flag id -> probability from the per-flag model (`red_flag_model`);
- `language`: `en`, `tr`, `nl`, `de`, `es`, `ar`, or None when unsure (`language_model`).

The detector decides with them, the rules and the ML intent together. Both models are trained by
`rasa train` from the labelled files named in `config.yml` (`knowledge/red_flag_examples/`),
which are not Rasa training data: `fingerprint_addon` adds their contents to the cache key, so
editing them retrains this component and nothing else.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from clinic.contract import (
    EMERGENCY,
    ENGLISH,
    INTENT_REPORT_RED_FLAG,
    PROPERTY_EMERGENCY_SCORE,
    PROPERTY_LANGUAGE,
    PROPERTY_LANGUAGE_GUESS,
    PROPERTY_RED_FLAG_CONTEXT_SCORES,
    PROPERTY_RED_FLAG_KEY_WORDS,
    PROPERTY_RED_FLAG_SCORES,
    PROPERTY_RED_FLAG_SPANS,
)
from components.language import MAX_ENGLISH_SHARE, english_share, looks_english
from components.language_model import LanguageModel
from components.red_flag_context import recent_context
from components.red_flag_model import (
    FlagModel,
    Labelled,
    ModelConfig,
    load_examples,
    locate_flags,
    sentence_spans,
)
from components.red_flag_rules import load_rules

logger = logging.getLogger(__name__)

#: NLU intents whose examples are not taken as "no red flag".
NOT_NEGATIVE_INTENTS = frozenset({INTENT_REPORT_RED_FLAG, "other_language"})
#: The label of the other-language emergency model.
ANY_EMERGENCY = "any_emergency"
EMERGENCY_MODEL_DIR = "emergency"
#: Flags scored at least this are located (key words, sentence) for the detector's scope.
LOCATE_MIN_SCORE = 0.2
#: Characters of a message the models read (the rules read the same prefix).
DEFAULT_MAX_CHARS = 5000


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class RedFlagClassifier(GraphComponent):
    """Scores every message for each red flag and names its language."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """The component's default config (see `config.yml`)."""
        return {
            "rules_file": "knowledge/red_flags.yml",
            "training_files": [
                "knowledge/red_flag_examples/english.yml",
                "knowledge/red_flag_examples/english_more.yml",
                "knowledge/red_flag_examples/english_third.yml",
                "knowledge/red_flag_examples/english_hard.yml",
                "knowledge/red_flag_examples/multilingual.yml",
                "knowledge/red_flag_examples/multilingual_more.yml",
                "knowledge/red_flag_examples/multilingual_third.yml",
            ],
            "max_chars": DEFAULT_MAX_CHARS,
            "regularisation": ModelConfig.regularisation,
            # The other-language any-emergency model's own `C` (see `config.yml`).
            "emergency_regularisation": ModelConfig.regularisation,
            "nlu_negatives": True,
        }

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        flags: Optional[FlagModel] = None,
        languages: Optional[LanguageModel] = None,
        emergency: Optional[FlagModel] = None,
    ) -> None:
        """Builds the component (untrained unless models are given)."""
        self._config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self._flags = flags
        self._languages = languages
        self._emergency = emergency

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RedFlagClassifier:
        """Creates an untrained component (see `GraphComponent.create`)."""
        return cls(config, model_storage, resource)

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> Optional[str]:
        """Adds the labelled files' contents to the training cache key."""
        digest = hashlib.sha256()
        merged = {**cls.get_default_config(), **config}
        for name in [merged["rules_file"], *merged["training_files"]]:
            path = Path(name)
            digest.update(name.encode())
            digest.update(path.read_bytes() if path.is_file() else b"<missing>")
        return digest.hexdigest()

    def train(self, training_data: TrainingData) -> Resource:
        """Trains both models from the labelled files and persists them.

        Args:
            training_data: Rasa's NLU data: its examples of every intent but the red-flag
                report are negatives (with `nlu_negatives`).

        Returns:
            The resource the models were written to.
        """
        rules = load_rules(self._config["rules_file"])
        flag_ids = [flag.id for flag in rules.flags]
        labelled = _read_files(self._config["training_files"])
        if self._config["nlu_negatives"]:
            # Every ordinary NLU example (FAQ questions, greetings, thanks...) is a message that
            # reports no red flag: without them the model took "bye for now" for a report.
            labelled += [
                Labelled(str(example.get(TEXT)), ())
                for example in training_data.intent_examples
                if example.get(TEXT) and example.get(INTENT) not in NOT_NEGATIVE_INTENTS
            ]
        config = ModelConfig(regularisation=float(self._config["regularisation"]))
        self._flags = FlagModel.train([item.example for item in labelled], flag_ids, config)
        # In other languages there are few examples per flag, so "is this an emergency at all"
        # is learned on its own (one binary model), and the flag is the likeliest emergency one.
        emergency = {flag.id for flag in rules.flags if flag.urgency == EMERGENCY}
        self._emergency = FlagModel.train(
            [
                (item.text, (ANY_EMERGENCY,) if emergency.intersection(item.flags) else ())
                for item in labelled
                if item.language != ENGLISH
            ],
            [ANY_EMERGENCY],
            ModelConfig(regularisation=float(self._config["emergency_regularisation"])),
        )
        self._languages = LanguageModel.train([(item.text, item.language) for item in labelled])
        with self._model_storage.write_to(self._resource) as directory:
            self._flags.persist(directory)
            self._emergency.persist(directory / EMERGENCY_MODEL_DIR)
            self._languages.persist(directory)
        logger.info(
            "red-flag model trained on %d examples for %d flags",
            len(labelled),
            len(self._flags.flag_ids),
        )
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> RedFlagClassifier:
        """Loads the trained models (see `GraphComponent.load`)."""
        with model_storage.read_from(resource) as directory:
            flags = FlagModel.load(directory)
            emergency = FlagModel.load(directory / EMERGENCY_MODEL_DIR)
            languages = LanguageModel.load(directory)
        return cls(config, model_storage, resource, flags, languages, emergency)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Leaves Rasa's training data as it is (the scores are only needed at prediction)."""
        return training_data

    def process(
        self, messages: List[Message], tracker: Optional[DialogueStateTracker] = None
    ) -> List[Message]:
        """Adds `red_flag_scores` and `language` to each message.

        Args:
            messages: Parsed messages.
            tracker: The conversation, when there is one: the message is then also scored
                together with the patient's previous messages (`red_flag_context_scores`).

        Returns:
            The same messages.
        """
        if self._flags is None or self._languages is None:
            return messages
        limit = int(self._config["max_chars"])
        context = recent_context(tracker)
        for message in messages:
            text = _text(message)[:limit]
            joined = [context.joined(text)[-limit:]] if context.texts else []
            scores = self._flags.scores_many([text, *joined])
            message.set(PROPERTY_RED_FLAG_SCORES, _rounded(scores[0]), add_to_output=True)
            # Where the detector reads the model's likely flags: their heaviest words (with the
            # rules' negation scope) and sentence (with ConText). Not in the parse output.
            likely = [flag for flag, score in scores[0].items() if score >= LOCATE_MIN_SCORE]
            spans = sentence_spans(text)
            # Each sentence is scored only to place a likely flag in a message of several.
            several = likely and len(spans) > 1
            sentences = [text[start:end] for start, end in spans] if several else []
            message.set(PROPERTY_RED_FLAG_KEY_WORDS, self._flags.key_words(text, likely))
            message.set(
                PROPERTY_RED_FLAG_SPANS,
                locate_flags(spans, self._flags.scores_many(sentences), likely),
            )
            if joined:
                message.set(
                    PROPERTY_RED_FLAG_CONTEXT_SCORES, _rounded(scores[1]), add_to_output=True
                )
            # Plain English (English function words, no other language's) needs no model.
            language = ENGLISH if looks_english(text) else self._languages.identify(text)
            message.set(PROPERTY_LANGUAGE, language, add_to_output=True)
            if language is None:
                english = english_share(text) >= MAX_ENGLISH_SHARE
                message.set(PROPERTY_LANGUAGE_GUESS, self._languages.guess(text, english))
            if language not in (None, ENGLISH) and self._emergency is not None:
                score = self._emergency.scores(text).get(ANY_EMERGENCY, 0.0)
                message.set(PROPERTY_EMERGENCY_SCORE, round(score, 4), add_to_output=True)
        return messages


def _rounded(scores: Dict[str, float]) -> Dict[str, float]:
    return {flag: round(value, 4) for flag, value in scores.items()}


def _text(message: Message) -> str:
    text = message.get("text")
    return text if isinstance(text, str) else ""


def _read_files(names: Sequence[str]) -> List[Labelled]:
    labelled: List[Labelled] = []
    for name in names:
        path = Path(name)
        if not path.is_file():
            raise FileNotFoundError(f"red-flag training file not found: {name}")
        labelled.extend(load_examples(path))
    return labelled
