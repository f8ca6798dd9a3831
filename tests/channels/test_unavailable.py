"""channels.unavailable: no model or a failed turn gets the emergency number, never silence."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from rasa.core.agent import Agent
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from channels import unavailable, wording

REPORT = "cant feel anything between my legs and wet myself"


@pytest.fixture
def patched(monkeypatch: pytest.MonkeyPatch) -> None:
    """Agent.handle_message patched for this test only, with 999 as the emergency number."""
    monkeypatch.setattr(Agent, "handle_message", Agent.handle_message)
    monkeypatch.setenv("EMERGENCY_NUMBER", "999")
    unavailable.patch_unavailable_reply()


def message() -> tuple[UserMessage, CollectingOutputChannel]:
    collector = CollectingOutputChannel()
    return UserMessage(REPORT, collector, "patient-1", input_channel="rest"), collector


async def test_without_a_model_the_patient_gets_the_number_not_silence(patched, caplog):
    user_message, collector = message()
    with caplog.at_level(logging.INFO):
        assert await Agent().handle_message(user_message) is None
    assert len(collector.messages) == 1
    reply = collector.messages[0]["text"]
    assert reply == wording.text(unavailable.UNAVAILABLE_RESPONSE, emergency_number="999")
    assert "999" in reply and "try again" in reply
    assert REPORT not in caplog.text and "no model is loaded" in caplog.text


async def test_a_turn_that_fails_gets_the_same_reply_and_raises_nothing(
    patched, monkeypatch, caplog
):
    async def broken(self: Any, message: Any) -> None:
        raise RuntimeError(f"spaCy could not read {message.text}")

    monkeypatch.setattr(Agent, "is_ready", lambda self: True)
    monkeypatch.setattr(Agent, "handle_message", broken)
    unavailable.patch_unavailable_reply()
    user_message, collector = message()
    with caplog.at_level(logging.INFO):
        assert await Agent().handle_message(user_message) is None
    assert "999" in collector.messages[0]["text"]
    assert "RuntimeError" in caplog.text and "failed" in caplog.text


async def test_a_ready_agent_is_untouched(patched, monkeypatch):
    async def handled(self: Any, message: Any) -> list:
        await message.output_channel.send_text_message(message.sender_id, "answer")
        return [{"text": "answer"}]

    monkeypatch.setattr(Agent, "handle_message", handled)
    monkeypatch.setattr(Agent, "is_ready", lambda self: True)
    unavailable.patch_unavailable_reply()
    user_message, collector = message()
    assert await Agent().handle_message(user_message) == [{"text": "answer"}]
    assert [m["text"] for m in collector.messages] == ["answer"]


async def test_a_broken_domain_still_gives_the_number(patched, monkeypatch):
    def unreadable(*args: Any, **kwargs: Any) -> str:
        raise wording.WordingError("missing")

    monkeypatch.setattr(wording, "text", unreadable)
    user_message, collector = message()
    await Agent().handle_message(user_message)
    assert collector.messages[0]["text"] == unavailable.LAST_RESORT_TEXT.format(
        emergency_number="999"
    )


def test_patching_twice_wraps_once(patched):
    first = Agent.handle_message
    unavailable.patch_unavailable_reply()
    assert Agent.handle_message is first
