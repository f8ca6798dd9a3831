"""The escalation conversations, checked against the rules alone (no ML training needed).

Trains Rasa's RulePolicy on the project's rules and stories, then replays each conversation of
tests/red_flags/test_escalation_stories.yml and checks every bot action, emulating form
rejections the way `rasa test core` does.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import List, Optional, Tuple

import pytest
from rasa.core.policies.rule_policy import RulePolicy
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActionExecutionRejected
from rasa.shared.core.generator import TrackerWithCachedStates, TrainingDataGenerator
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.core.training_data.structures import StoryGraph
from rasa.shared.importers.importer import TrainingDataImporter

ROOT = Path(__file__).resolve().parents[2]
STORIES = ROOT / "tests" / "red_flags" / "test_escalation_stories.yml"


@pytest.fixture(scope="module")
def trained(monkeypatch_module: pytest.MonkeyPatch) -> Tuple[RulePolicy, Domain]:
    monkeypatch_module.chdir(ROOT)
    importer = TrainingDataImporter.load_from_config("config.yml", "domain", ["data"])
    domain = importer.get_domain()
    trackers = TrainingDataGenerator(
        importer.get_stories(), domain, augmentation_factor=0
    ).generate()
    storage = LocalModelStorage(Path(tempfile.mkdtemp()))
    config = {
        **RulePolicy.get_default_config(),
        "core_fallback_threshold": 0.3,
        "core_fallback_action_name": "action_default_fallback",
        "enable_fallback_prediction": True,
    }
    policy = RulePolicy(config, storage, Resource("rules"), ExecutionContext(GraphSchema({}), "t"))
    policy.train(trackers, domain)  # raises on contradicting rules
    return policy, domain


@pytest.fixture(scope="module")
def monkeypatch_module():  # type: ignore[no-untyped-def]
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def conversations(domain: Domain) -> List[TrackerWithCachedStates]:
    steps = YAMLStoryReader(domain).read_from_file(STORIES)
    generator = TrainingDataGenerator(
        StoryGraph(steps), domain, augmentation_factor=0, use_story_concatenation=False
    )
    return generator.generate_story_trackers()


def predict(policy: RulePolicy, tracker: DialogueStateTracker, domain: Domain) -> Optional[str]:
    prediction = policy.predict_action_probabilities(tracker, domain)
    if prediction.max_confidence <= 0:
        return None
    return domain.action_names_or_texts[prediction.max_confidence_index]


def replay(policy: RulePolicy, domain: Domain, story: TrackerWithCachedStates) -> List[str]:
    """Returns the mismatches between the story's actions and the rules' predictions."""
    partial = DialogueStateTracker.from_events(story.sender_id, [], domain.slots)
    for event in story.events:
        if isinstance(event, ActionExecuted) and partial.latest_message and partial.events:
            if event.action_name == "action_listen" and not partial.latest_action_name:
                partial.update(event)
                continue
            predicted = predict(policy, partial, domain)
            loop = partial.active_loop_name
            if predicted != event.action_name and loop and predicted == loop:
                partial.update(ActionExecutionRejected(loop))  # as `rasa test core` does
                predicted = predict(policy, partial, domain)
            if predicted != event.action_name:
                return [f"expected {event.action_name}, rules predict {predicted}"]
        partial.update(event)
    return []


def test_every_escalation_conversation_follows_the_rules(
    trained: Tuple[RulePolicy, Domain],
) -> None:
    policy, domain = trained
    stories = conversations(domain)
    assert len(stories) >= 9
    failures = {story.sender_id: replay(policy, domain, story) for story in stories}
    assert not {name: problem for name, problem in failures.items() if problem}
