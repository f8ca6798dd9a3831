"""Which of the clinic's patients' languages a message is in (character n-grams).

`components.language.is_other_language` tells English from the rest by function words; this
model names the language (English, Turkish, Dutch, German, Spanish, Arabic), so that an emergency
reported in another language gets a line in that language. It is trained with the red-flag model
from the same labelled files (`knowledge/red_flag_examples/*.yml`, English examples count as `en`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Sequence, Tuple

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from clinic.contract import ENGLISH
from components.red_flag_model import FastTfidf, load_trusted, skops_io

MODEL_FILE = "language_model.skops"
#: Below this probability the language is "not sure" (None).
MIN_CONFIDENCE = 0.8
#: A guess (`guess`) needs at least this probability.
MIN_GUESS = 0.4


class LanguageModel:
    """A small language identifier for short, informal chat messages."""

    def __init__(self, vectoriser: TfidfVectorizer, model: LogisticRegression) -> None:
        """Wraps fitted parts (use `train` or `load`)."""
        self._vectoriser = vectoriser
        self._features = FastTfidf(vectoriser)
        self._model = model
        # The model's softmax written out over a message's non-zero features: scikit-learn's
        # `predict_proba` on a one-row sparse matrix cost more than a millisecond (issue 9).
        self._coef = np.asarray(model.coef_, dtype=np.float64)
        self._intercept = np.asarray(model.intercept_, dtype=np.float64)
        if self._coef.shape[0] != len(model.classes_):
            raise ValueError("LanguageModel needs a multinomial model of three or more languages")

    @classmethod
    def train(cls, examples: Sequence[Tuple[str, str]], seed: int = 7) -> LanguageModel:
        """Fits the identifier.

        Args:
            examples: (text, language code) pairs.
            seed: Random seed.

        Returns:
            The trained model.
        """
        vectoriser = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(1, 4), sublinear_tf=True, lowercase=True
        )
        features = vectoriser.fit_transform([text for text, _ in examples])
        model = LogisticRegression(C=10.0, max_iter=2000, random_state=seed)
        model.fit(features, [language for _, language in examples])
        return cls(vectoriser, model)

    def identify(self, text: str) -> Optional[str]:
        """Returns the message's language code, or None when unsure.

        Args:
            text: The message.

        Returns:
            `en`, `tr`, `nl`, `de`, `es`, `ar` (the languages it was trained on), or None.
        """
        if not text.strip():
            return None
        probabilities = self._probabilities(text)
        best = int(probabilities.argmax())
        if probabilities[best] < MIN_CONFIDENCE:
            return None
        return str(self._model.classes_[best])

    def guess(self, text: str, english: bool = True) -> Optional[str]:
        """Returns the most likely language even when unsure (`identify` says None), or None.

        Args:
            text: The message.
            english: Whether English may be the guess. A message with hardly any English word
                ("puedo tomar ibuprofeno y paracetamol juntos?") can still look English to
                character n-grams through its drug names; then the best other language counts.

        Returns:
            The best language when its probability is at least `MIN_GUESS`, else None.
        """
        if not text.strip():
            return None
        probabilities = self._probabilities(text)
        ranked = sorted(zip(probabilities, self._model.classes_, strict=True), reverse=True)
        probability, best = next(
            (pair for pair in ranked if english or pair[1] != ENGLISH), (0.0, None)
        )
        return str(best) if probability >= MIN_GUESS else None

    def _probabilities(self, text: str) -> np.ndarray:
        """The model's `predict_proba` for one message (a multinomial softmax)."""
        indices, values = self._features.row(text)
        decision = self._intercept + self._coef[:, indices] @ values
        exponent = np.exp(decision - decision.max())
        return exponent / exponent.sum()

    def persist(self, directory: Path) -> None:
        """Writes the model into a directory (created if needed)."""
        directory.mkdir(parents=True, exist_ok=True)
        skops_io().dump(
            {"vectoriser": self._vectoriser, "model": self._model}, directory / MODEL_FILE
        )

    @classmethod
    def load(cls, directory: Path) -> LanguageModel:
        """Reads a model written by `persist`."""
        parts = load_trusted(directory / MODEL_FILE)
        return cls(parts["vectoriser"], parts["model"])
