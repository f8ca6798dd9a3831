"""A learned per-flag red-flag classifier: word and character n-grams, one model per flag.

The rules (`knowledge/red_flags.yml`) catch what someone wrote a pattern for; this model catches
wording nobody wrote a pattern for ("legs have turned to jelly and I can't feel the loo roll").
It is multi-label: each flag has its own logistic regression over shared features, so a message
can report several flags, and none is forced when the message reports nothing.

Features, chosen on the independent dev split (`scripts/eval_patients.py`):
- word unigrams and bigrams (lower-cased): the lay words and how they combine;
- character n-grams (2-5, inside word boundaries): typos and missing accents ("numbbness",
  "mesane", "Blase").

The model is plain scikit-learn, trained in seconds from `knowledge/red_flag_examples/`, and
persisted with skops (no pickle), like Rasa's own `LogisticRegressionClassifier`. No patient text
is logged.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

import numpy as np
import yaml
from scipy.sparse import hstack
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from spacy.lang.en.stop_words import STOP_WORDS

MODEL_FILE = "red_flag_model.skops"
#: Words whose character n-grams a vectoriser keeps looked up (`FastTfidf`); a bound on memory
#: whatever patients send.
MAX_CACHED_WORDS = 50_000
#: Words that carry no symptom ("without", "when"): never a flag's key word.
_FUNCTION_WORDS = frozenset(STOP_WORDS)


def skops_io() -> Any:
    """Returns `skops.io`, imported without changing the root logger's level.

    skops imports numpy.distutils, which sets the root logger to WARNING: the server's own INFO
    lines ("Rasa server is up and running") would then never be logged.
    """
    root = logging.getLogger()
    level = root.level
    import skops.io

    root.setLevel(level)
    return skops.io


#: (text, flag ids) pairs; an empty tuple is a message that reports nothing.
Example = Tuple[str, Tuple[str, ...]]


@dataclass(frozen=True)
class ModelConfig:
    """Hyper-parameters of the per-flag classifier.

    Attributes:
        word_ngrams: Largest word n-gram.
        char_ngrams: (smallest, largest) character n-gram inside word boundaries.
        regularisation: Inverse regularisation strength `C` of each logistic regression.
        seed: Random seed (the solver is deterministic; kept for reproducibility).
    """

    word_ngrams: int = 2
    char_ngrams: Tuple[int, int] = (2, 5)
    regularisation: float = 8.0
    seed: int = 7


@dataclass(frozen=True)
class Labelled:
    """One labelled message of a `knowledge/red_flag_examples/*.yml` file.

    Attributes:
        text: The message.
        flags: The flags it reports (empty: it reports none).
        language: Its language code (`en` unless the file says otherwise).
    """

    text: str
    flags: Tuple[str, ...]
    language: str = "en"

    @property
    def example(self) -> Example:
        """The (text, flags) pair the flag model learns from."""
        return (self.text, self.flags)


def load_examples(path: Path) -> List[Labelled]:
    """Reads labelled messages from a `knowledge/red_flag_examples/*.yml` file.

    Args:
        path: The file (`version: 1`, `examples: [{text, flags[, lang]}]`).

    Returns:
        The examples, in file order.

    Raises:
        ValueError: When the file is not a list of examples with text and flags.
    """
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    rows = data.get("examples") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise ValueError(f"{path}: expected 'examples: [...]'")
    examples: List[Labelled] = []
    for index, row in enumerate(rows):
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            raise ValueError(f"{path}: example {index} has no text")
        flags = row.get("flags") or []
        if not isinstance(flags, list):
            raise ValueError(f"{path}: example {index}: flags must be a list")
        language = str(row.get("lang") or "en")
        examples.append(Labelled(row["text"], tuple(str(flag) for flag in flags), language))
    return examples


class FlagModel:
    """Per-flag probabilities that a message reports each red flag."""

    def __init__(
        self,
        flag_ids: Sequence[str],
        words: TfidfVectorizer,
        chars: TfidfVectorizer,
        models: Mapping[str, LogisticRegression],
    ) -> None:
        """Wraps fitted parts (use `train` or `load`).

        Args:
            flag_ids: The flags the model knows, in a stable order.
            words: The fitted word n-gram vectoriser.
            chars: The fitted character n-gram vectoriser.
            models: One fitted binary classifier per flag id.
        """
        self.flag_ids = tuple(flag_ids)
        self._words = words
        self._chars = chars
        self._models = dict(models)
        # Built once: scikit-learn builds these anew on every call (50,000 words; the idf
        # weights from a diagonal matrix).
        self._word_names = words.get_feature_names_out()
        self._word_features = FastTfidf(words)
        self._char_features = FastTfidf(chars)
        if self.flag_ids:
            self._weights = np.vstack([self._models[f].coef_[0] for f in self.flag_ids])
            self._intercepts = np.array([self._models[f].intercept_[0] for f in self.flag_ids])
        else:
            self._weights = np.zeros((0, len(self._word_names) + len(chars.vocabulary_)))
            self._intercepts = np.zeros(0)
        # Features x flags, contiguous, one block per vectoriser: rows are gathered per message.
        by_feature = self._weights.T
        self._word_weights = np.ascontiguousarray(by_feature[: len(self._word_names)])
        self._char_weights = np.ascontiguousarray(by_feature[len(self._word_names) :])

    @classmethod
    def train(
        cls,
        examples: Sequence[Example],
        flag_ids: Iterable[str],
        config: Optional[ModelConfig] = None,
    ) -> FlagModel:
        """Fits the vectorisers and one classifier per flag.

        Args:
            examples: Labelled messages; flags not in `flag_ids` are ignored.
            flag_ids: The flags to learn. A flag without positive examples is left out.
            config: Hyper-parameters; defaults to `ModelConfig()`.

        Returns:
            The trained model.

        Raises:
            ValueError: When there are no examples.
        """
        if not examples:
            raise ValueError("no examples to train the red-flag model on")
        config = config or ModelConfig()
        texts = [_normalise(text) for text, _ in examples]
        words = TfidfVectorizer(
            analyzer="word",
            ngram_range=(1, config.word_ngrams),
            token_pattern=r"(?u)\b\w+\b",  # noqa: S106 (a regex, not a password)
            sublinear_tf=True,
        )
        chars = TfidfVectorizer(
            analyzer="char_wb", ngram_range=config.char_ngrams, sublinear_tf=True, min_df=2
        )
        features = hstack([words.fit_transform(texts), chars.fit_transform(texts)]).tocsr()
        models: Dict[str, LogisticRegression] = {}
        kept: List[str] = []
        for flag_id in flag_ids:
            labels = np.array([flag_id in flags for _, flags in examples], dtype=int)
            if labels.sum() == 0 or labels.sum() == len(labels):
                continue
            model = LogisticRegression(
                C=config.regularisation,
                class_weight="balanced",
                max_iter=2000,
                random_state=config.seed,
            )
            model.fit(features, labels)
            models[flag_id] = model
            kept.append(flag_id)
        return cls(kept, words, chars, models)

    def scores(self, text: str) -> Dict[str, float]:
        """Returns each flag's probability for one message.

        Args:
            text: The message.

        Returns:
            Flag id -> probability in [0, 1].
        """
        return self.scores_many([text])[0]

    def scores_many(self, texts: Sequence[str]) -> List[Dict[str, float]]:
        """Returns each flag's probability for several messages at once."""
        return [self._probabilities(_normalise(text)) for text in texts]

    def _probabilities(self, normalised: str) -> Dict[str, float]:
        # All flags in one product: the same probabilities as each model's predict_proba (the
        # logistic of the decision function), from the text's non-zero features only; building
        # scipy matrices for one short message cost more than the product itself.
        decision = self._intercepts.copy()
        for features, weights in (
            (self._word_features, self._word_weights),
            (self._char_features, self._char_weights),
        ):
            indices, values = features.row(normalised)
            if len(indices):
                decision += values @ weights[indices]
        probabilities = 1.0 / (1.0 + np.exp(-decision))
        return {flag_id: float(p) for flag_id, p in zip(self.flag_ids, probabilities, strict=True)}

    def key_words(self, text: str, flag_ids: Iterable[str], limit: int = 3) -> Dict[str, List[str]]:
        """The words of a message that weigh most towards each flag (to read their scope).

        Args:
            text: The message.
            flag_ids: Flags to explain; flags the model does not know get no words.
            limit: How many words at most per flag.

        Returns:
            Flag id -> lower-cased single words, heaviest first (only words with a positive
            weight).
        """
        known = [flag for flag in flag_ids if flag in self.flag_ids]
        if not known:
            return {flag: [] for flag in flag_ids}
        indices, values = self._word_features.row(_normalise(text))
        names = self._word_names
        content = [
            (index, float(value), str(names[index]))
            for index, value in zip(indices.tolist(), values.tolist(), strict=True)
            if " " not in names[index] and names[index] not in _FUNCTION_WORDS
        ]
        found: Dict[str, List[str]] = {flag: [] for flag in flag_ids}
        for flag in known:
            weights = self._weights[self.flag_ids.index(flag)]
            scored = sorted(
                ((value * float(weights[index]), name) for index, value, name in content),
                reverse=True,
            )
            found[flag] = [word for weight, word in scored[:limit] if weight > 0]
        return found

    def persist(self, directory: Path) -> None:
        """Writes the model into a directory (created if needed)."""
        directory.mkdir(parents=True, exist_ok=True)
        skops_io().dump(
            {
                "flag_ids": self.flag_ids,
                "words": self._words,
                "chars": self._chars,
                "models": self._models,
            },
            directory / MODEL_FILE,
        )

    @classmethod
    def load(cls, directory: Path) -> FlagModel:
        """Reads a model written by `persist`."""
        parts = load_trusted(directory / MODEL_FILE)
        return cls(parts["flag_ids"], parts["words"], parts["chars"], parts["models"])


_SENTENCE_END = re.compile(r"[.!?\n]+\s*")


def sentence_spans(text: str) -> List[Tuple[int, int]]:
    """(start, end) offsets of a message's sentences, split at . ! ? and line breaks."""
    spans: List[Tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans or [(0, len(text))]


def locate_flags(
    spans: Sequence[Tuple[int, int]],
    sentence_scores: Sequence[Mapping[str, float]],
    flag_ids: Sequence[str],
) -> Dict[str, Tuple[int, int]]:
    """For each flag, the sentence of a message that the model weighs most for it.

    Args:
        spans: The message's sentences (`sentence_spans`).
        sentence_scores: The model's scores of each sentence; unused for one sentence.
        flag_ids: The flags to locate.

    Returns:
        Flag id -> (start, end) of its sentence.
    """
    if len(spans) == 1:
        return {flag: spans[0] for flag in flag_ids}
    return {
        flag: spans[max(range(len(spans)), key=lambda i: sentence_scores[i].get(flag, 0.0))]
        for flag in flag_ids
    }


class FastTfidf:
    """A fitted `TfidfVectorizer`'s `transform`, without scikit-learn's per-call checks.

    The values are the vectoriser's own; checking that it is fitted rebuilds the idf vector on
    every call, which cost more than the model's product itself (issue 9: detection < 5 ms).

    Args:
        vectoriser: A fitted vectoriser with sublinear tf, idf and the l2 norm.

    Raises:
        ValueError: For any other weighting (this class would then give other values).
    """

    def __init__(self, vectoriser: TfidfVectorizer) -> None:
        if not (vectoriser.sublinear_tf and vectoriser.use_idf and vectoriser.norm == "l2"):
            raise ValueError("FastTfidf needs sublinear tf, idf and the l2 norm")
        self.vectoriser = vectoriser
        self._idf = np.asarray(vectoriser.idf_, dtype=np.float64)
        self._analyse = vectoriser.build_analyzer()
        self._vocabulary = vectoriser.vocabulary_
        # A `char_wb` vectoriser that only lower-cases never makes an n-gram across words:
        # then each word's n-grams (index, count) are kept once looked up.
        self._per_word = (
            vectoriser.analyzer == "char_wb"
            and vectoriser.input == "content"
            and vectoriser.lowercase
            and vectoriser.preprocessor is None
            and vectoriser.strip_accents is None
        )
        self._word_cache: Dict[str, Tuple[Tuple[int, int], ...]] = {}

    def __call__(self, texts: Sequence[str]) -> Any:
        """The tf-idf rows of `texts` (a CSR matrix), as `vectoriser.transform(texts)`."""
        counts = CountVectorizer.transform(self.vectoriser, texts).astype(np.float64)
        np.log(counts.data, out=counts.data)
        counts.data += 1.0
        counts.data *= self._idf[counts.indices]
        per_row = np.diff(counts.indptr)
        rows = np.repeat(np.arange(len(per_row)), per_row)
        norms = np.sqrt(np.bincount(rows, weights=counts.data**2, minlength=len(per_row)))
        counts.data /= norms[rows]
        return counts

    def row(self, text: str) -> Tuple[np.ndarray, np.ndarray]:
        """One text's non-zero tf-idf values: (feature indices, values), as `__call__`'s row.

        Counted in a dictionary: for one message this is several times faster than building
        a sparse matrix.
        """
        counts = self._counts(text)
        if not counts:
            return np.zeros(0, dtype=np.intp), np.zeros(0)
        indices = np.fromiter(counts.keys(), dtype=np.intp, count=len(counts))
        values = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
        values = (np.log(values) + 1.0) * self._idf[indices]
        values /= np.sqrt(values @ values)
        return indices, values

    def _counts(self, text: str) -> Dict[int, int]:
        """Feature index -> count of the text's n-grams in the vocabulary."""
        vocabulary = self._vocabulary
        if not self._per_word:
            grams = Counter(self._analyse(text))
            return {vocabulary[gram]: n for gram, n in grams.items() if gram in vocabulary}
        # Character n-grams inside word boundaries are the sum of each word's own: a word's
        # are looked up once and kept (a message repeats "my", "the", "back").
        counts: Dict[int, int] = {}
        for word, times in Counter(text.lower().split()).items():
            for index, n in self._word_grams(word):
                counts[index] = counts.get(index, 0) + n * times
        return counts

    def _word_grams(self, word: str) -> Tuple[Tuple[int, int], ...]:
        known = self._word_cache.get(word)
        if known is None:
            grams = Counter(self._analyse(word))
            vocabulary = self._vocabulary
            known = tuple((vocabulary[g], n) for g, n in grams.items() if g in vocabulary)
            if len(self._word_cache) < MAX_CACHED_WORDS:
                self._word_cache[word] = known
        return known


#: A letter repeated three times or more.
_LETTER_RUN = re.compile(r"([^\W\d_])\1{2,}")


def _normalise(text: str) -> str:
    # Curly quotes and case carry no meaning here; repeated letters ("sooo numbbb") are
    # squeezed so that they share character n-grams with the plain spelling.
    text = text.replace("\u2019", "'").replace("\u2018", "'").lower()
    return _LETTER_RUN.sub(r"\1\1", text)


#: The only types outside skops' own trusted list that a model file may contain (the fitted
#: vectorisers keep a sparse matrix). Anything else is refused.
TRUSTED_TYPES = frozenset({"scipy.sparse._csr.csr_matrix"})


def load_trusted(path: Path) -> Any:
    """Loads a skops file, refusing any type outside `TRUSTED_TYPES`.

    Args:
        path: The file.

    Returns:
        What was dumped.

    Raises:
        ValueError: When the file holds an unexpected type (a tampered or foreign model).
    """
    sio = skops_io()
    untrusted = set(sio.get_untrusted_types(file=path))
    unexpected = untrusted - TRUSTED_TYPES
    if unexpected:
        raise ValueError(f"{path.name} holds unexpected types: {sorted(unexpected)}")
    return sio.load(path, trusted=sorted(untrusted))
