"""channels.warmup: the model is warmed up before the server takes its first message."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

import pytest
import rasa.core.run
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from channels import patches, warmup

DOMAIN = Domain.from_yaml(
    """
version: "3.1"
intents: [greet]
slots:
  emergency_number:
    type: text
    initial_value: "112"
    mappings: [{type: custom}]
"""
)


class FakeProcessor:
    """Records what the warm-up asks of the model."""

    def __init__(self, fail: bool = False) -> None:
        self.domain = DOMAIN
        self.fail = fail
        self.parsed: List[str] = []
        self.predicted: List[DialogueStateTracker] = []

    async def parse_message(self, message: Any) -> Dict[str, Any]:
        if self.fail:
            raise RuntimeError("model broken")
        self.parsed.append(message.text)
        return {"text": message.text, "intent": {"name": "greet", "confidence": 1.0}}

    def predict_next_with_tracker(self, tracker: DialogueStateTracker) -> Dict[str, Any]:
        self.predicted.append(tracker)
        return {}


class FakeAgent:
    def __init__(self, processor: Optional[FakeProcessor]) -> None:
        self.processor = processor


@pytest.fixture(autouse=True)
def restore_loader():
    original = rasa.core.run.load_agent_on_start
    yield
    rasa.core.run.load_agent_on_start = original


async def test_every_sample_is_parsed_and_predicted_on_a_throwaway_tracker():
    processor = FakeProcessor()
    await warmup.warm_up(FakeAgent(processor), ["hello", "my back hurts"])  # type: ignore[arg-type]

    assert processor.parsed == ["hello", "my back hurts"]
    assert [t.latest_message.text for t in processor.predicted] == ["hello", "my back hurts"]
    tracker = processor.predicted[0]
    assert tracker.sender_id == warmup.WARMUP_SENDER
    assert tracker.latest_action_name == "action_listen"
    assert isinstance(tracker.events[-1], UserUttered)
    assert tracker.get_slot("emergency_number") == "112"  # the domain's slots are there


async def test_the_default_samples_include_a_red_flag_report():
    processor = FakeProcessor()
    await warmup.warm_up(FakeAgent(processor))  # type: ignore[arg-type]
    assert processor.parsed == list(warmup.SAMPLE_MESSAGES)
    assert any("between my legs" in text for text in processor.parsed)


async def test_an_agent_without_a_model_is_left_alone():
    assert await warmup.warm_up(FakeAgent(None)) is None  # type: ignore[arg-type]


async def test_the_loader_warms_up_the_agent_it_loads():
    processor = FakeProcessor()
    agent = FakeAgent(processor)

    async def load(*args: Any, **kwargs: Any) -> FakeAgent:
        return agent

    rasa.core.run.load_agent_on_start = load  # type: ignore[assignment]
    patches.patch_agent_loading()

    assert await rasa.core.run.load_agent_on_start("model.tar.gz") is agent
    assert processor.parsed == list(warmup.SAMPLE_MESSAGES)


async def test_a_failed_warm_up_does_not_stop_the_server(caplog):
    agent = FakeAgent(FakeProcessor(fail=True))

    async def load(*args: Any, **kwargs: Any) -> FakeAgent:
        return agent

    rasa.core.run.load_agent_on_start = load  # type: ignore[assignment]
    patches.patch_agent_loading()

    assert await rasa.core.run.load_agent_on_start("model.tar.gz") is agent
    assert "warm-up failed" in caplog.text


def test_installing_twice_wraps_once():
    patches.patch_agent_loading()
    wrapped = rasa.core.run.load_agent_on_start
    patches.patch_agent_loading()
    assert rasa.core.run.load_agent_on_start is wrapped
