"""The learned per-flag model and the language identifier (tiny hand-made data, real code)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer

from components.language_model import LanguageModel
from components.red_flag_model import FastTfidf, FlagModel, load_examples, load_trusted

EXAMPLES = [
    ("numb down there", ("saddle_numbness",)),
    ("cant feel the loo roll when i wipe", ("saddle_numbness",)),
    ("my bum has gone numb", ("saddle_numbness",)),
    ("i wet myself without noticing", ("bladder_bowel_control",)),
    ("cant start peeing since the spasm", ("bladder_bowel_control",)),
    ("leaking wee all day", ("bladder_bowel_control",)),
    ("how long should i use ice", ()),
    ("is heat better than cold", ()),
    ("what stretches help a spasm", ()),
    ("thanks bye", ()),
] * 2


@pytest.fixture(scope="module")
def model() -> FlagModel:
    return FlagModel.train(EXAMPLES, ["saddle_numbness", "bladder_bowel_control", "unused"])


def test_each_flag_gets_its_own_probability(model: FlagModel) -> None:
    scores = model.scores("my bum is numb and i cant feel it when i wipe")
    assert set(scores) == {"saddle_numbness", "bladder_bowel_control"}  # no data: left out
    assert scores["saddle_numbness"] > 0.5 > scores["bladder_bowel_control"]
    assert model.scores("what stretches help")["saddle_numbness"] < 0.5


def test_repeated_letters_share_features_with_the_plain_word(model: FlagModel) -> None:
    assert model.scores("numbbbb down thereee")["saddle_numbness"] > 0.5


def test_scores_are_scikit_learns_own_probabilities(model: FlagModel) -> None:
    texts = ["numb down there, cant wee", "", "what stretches help?", "zzzz"]
    fast = model.scores_many(texts)
    for flag_id, classifier in model._models.items():
        features = hstack([model._words.transform(texts), model._chars.transform(texts)]).tocsr()
        expected = classifier.predict_proba(features)[:, 1]
        assert [row[flag_id] for row in fast] == pytest.approx(list(expected))


def test_fast_tfidf_gives_the_vectorisers_own_values_and_refuses_other_weightings() -> None:
    texts = ["Bel\u0131mde a\u011fr\u0131 var", "numb DOWN there", "", "  "]
    vectoriser = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 4), sublinear_tf=True)
    vectoriser.fit([*texts, "rug pijn", "R\u00fcckenschmerzen"])
    unseen = [*texts, "unseen w\u00f6rds", "tab\tand\n  new  line", "rug rug RUG"]
    fast = FastTfidf(vectoriser)(unseen).toarray()
    expected = vectoriser.transform(unseen).toarray()
    assert fast == pytest.approx(expected)
    for text, dense in zip(unseen, expected, strict=True):
        indices, values = FastTfidf(vectoriser).row(text)
        one = np.zeros(len(dense))
        one[indices] = values
        assert one == pytest.approx(dense)
    with pytest.raises(ValueError):
        FastTfidf(TfidfVectorizer(sublinear_tf=False).fit(texts[:2]))


def test_key_words_are_the_heaviest_content_words_per_flag(model: FlagModel) -> None:
    found = model.key_words("i think my bum is numb", ["saddle_numbness", "unknown"])
    assert found["unknown"] == []
    assert found["saddle_numbness"] and set(found["saddle_numbness"]) <= {"bum", "numb", "think"}
    assert "i" not in found["saddle_numbness"] and "my" not in found["saddle_numbness"]
    assert model.key_words("numb", []) == {}


def test_persisted_model_gives_the_same_scores_and_no_pickle(
    model: FlagModel, tmp_path: Path
) -> None:
    model.persist(tmp_path)
    again = FlagModel.load(tmp_path)
    text = "leaking wee"
    assert again.scores(text) == pytest.approx(model.scores(text))
    assert not list(tmp_path.glob("*.pkl")) and not list(tmp_path.glob("*.joblib"))


def test_saving_and_loading_leave_the_root_logger_level_alone(
    model: FlagModel, tmp_path: Path
) -> None:
    import logging

    root = logging.getLogger()
    before = root.level
    root.setLevel(logging.INFO)
    try:
        model.persist(tmp_path)
        FlagModel.load(tmp_path)
        assert root.level == logging.INFO
    finally:
        root.setLevel(before)


def test_a_model_file_with_foreign_types_is_refused(tmp_path: Path) -> None:
    import skops.io as sio

    sio.dump({"x": Path("/etc")}, tmp_path / "bad.skops")
    with pytest.raises(ValueError, match="unexpected types"):
        load_trusted(tmp_path / "bad.skops")


def test_no_examples_is_an_error() -> None:
    with pytest.raises(ValueError):
        FlagModel.train([], ["saddle_numbness"])


def test_examples_file_is_read_with_languages(tmp_path: Path) -> None:
    path = tmp_path / "x.yml"
    path.write_text(
        'version: 1\nexamples:\n  - text: "a"\n    flags: [x]\n'
        '  - text: "b"\n    flags: []\n    lang: tr\n',
        encoding="utf-8",
    )
    rows = load_examples(path)
    assert [(r.text, r.flags, r.language) for r in rows] == [("a", ("x",), "en"), ("b", (), "tr")]
    path.write_text("examples: {}\n", encoding="utf-8")
    with pytest.raises(ValueError):
        load_examples(path)


def test_language_identifier_names_the_language_or_says_unsure(tmp_path: Path) -> None:
    data = [
        ("my back hurts a lot", "en"),
        ("how do i stretch", "en"),
        ("belim cok agriyor", "tr"),
        ("nasil esneme yaparim", "tr"),
        ("me duele mucho la espalda", "es"),
        ("como hago estiramientos", "es"),
    ] * 3
    languages = LanguageModel.train(data)
    assert languages.identify("la espalda me duele") == "es"
    assert languages.identify("belim agriyor") == "tr"
    assert languages.identify("   ") is None
    languages.persist(tmp_path)
    assert LanguageModel.load(tmp_path).identify("la espalda me duele") == "es"
