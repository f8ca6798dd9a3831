"""Builds the spaCy pipeline the assistant loads, from official packages only.

No pretrained spaCy model can be downloaded here (``spacy download`` fetches from GitHub and
no official model is on PyPI), so the pipeline is assembled from what ``spacy`` and
``spacy-lookups-data`` ship: spaCy's English tokenizer, exceptions and stop words, plus the
English lookup lemmatizer. Rasa's ``SpacyNLP`` then loads it from a path like any model.

Usage: python scripts/build_spacy_model.py [OUTPUT_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

import spacy

DEFAULT_OUTPUT = Path(".spacy/en_backspasm")
MODEL_NAME = "backspasm"
MODEL_VERSION = "1.0.0"


def build(output: Path) -> Path:
    """Assembles, checks and saves the pipeline.

    Args:
        output: Directory to write the pipeline to.

    Returns:
        The directory the pipeline was written to.
    """
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()  # loads the lemma lookup table from spacy-lookups-data
    nlp.meta.update(
        {
            "name": MODEL_NAME,
            "version": MODEL_VERSION,
            "description": "Blank English tokenizer with lookup lemmas (spacy-lookups-data).",
            "spacy_version": f">={spacy.about.__version__},<3.5.0",
        }
    )
    lemmas = [t.lemma_ for t in nlp("my muscles were spasming and my legs hurt")]
    if lemmas[1] != "muscle" or lemmas[-2] != "leg":
        raise RuntimeError(f"lookup lemmatizer did not load its table: {lemmas}")
    output.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(output)
    return output


def main() -> int:
    """Command-line entry point."""
    output = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUTPUT
    path = build(output)
    print(f"spaCy pipeline written to {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
