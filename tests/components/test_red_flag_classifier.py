"""The red-flag classifier component: which model each configured `C` trains."""

from __future__ import annotations

from pathlib import Path

from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.red_flag_classifier import ANY_EMERGENCY, RedFlagClassifier

EXAMPLES = """\
version: 1
examples:
  - {text: "i cant feel down there when i wipe", flags: [saddle_numbness]}
  - {text: "my back hurts after gardening", flags: []}
  - {text: "no siento nada ahi abajo", flags: [saddle_numbness], lang: es}
  - {text: "me duele la espalda desde ayer", flags: [], lang: es}
  - {text: "ik voel niks meer in mijn kruis", flags: [saddle_numbness], lang: nl}
  - {text: "mijn rug doet pijn van het tuinieren", flags: [], lang: nl}
"""


def test_the_other_language_emergency_model_has_its_own_regularisation(tmp_path: Path) -> None:
    examples = tmp_path / "examples.yml"
    examples.write_text(EXAMPLES, encoding="utf-8")
    (tmp_path / "storage").mkdir()
    storage = LocalModelStorage(tmp_path / "storage")
    component = RedFlagClassifier.create(
        {
            "training_files": [str(examples)],
            "regularisation": 2.0,
            "emergency_regularisation": 30.0,
            "nlu_negatives": False,
        },
        storage,
        Resource("red_flag_classifier"),
        ExecutionContext(GraphSchema({}), "test"),
    )

    component.train(TrainingData())

    flags = component._flags
    emergency = component._emergency
    assert flags is not None and emergency is not None
    assert {model.C for model in flags._models.values()} == {2.0}
    assert emergency._models[ANY_EMERGENCY].C == 30.0
