"""The input gate (channels.input_gate): `/` payloads only when the bot offered them."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any, List

from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

from channels.input_gate import gate_text, offered_payloads, patch_input_gate

RED_FLAG = "I suddenly can't control my bladder and I feel numb between my legs"


def test_text_that_does_not_start_with_a_slash_is_untouched():
    assert gate_text("How do I use ice?", set()) == "How do I use ice?"
    assert gate_text("  a/b  ", set()) == "  a/b  "


def test_a_payload_the_bot_did_not_offer_is_read_as_words():
    assert gate_text("/faq/ice", set()) == "faq/ice"
    assert gate_text(f"/faq@1.0 {RED_FLAG}", set()) == f"faq@1.0 {RED_FLAG}"
    assert gate_text("//affirm{}", {"/affirm"}) == "affirm{}"
    assert gate_text("/affirm", {"/deny"}) == "affirm"
    assert gate_text("/", set()) == ""


def test_an_offered_payload_and_the_opening_greet_are_obeyed():
    assert gate_text(" /affirm ", {"/affirm"}) == "/affirm"
    assert gate_text("/greet", set()) == "/greet"
    assert gate_text('/greet{"name": "x"}', set()) == 'greet{"name": "x"}'


def test_offered_payloads_come_from_the_bots_buttons_only():
    events = [
        UserUttered("/affirm", {"name": "affirm"}),
        BotUttered("Pick one", {"buttons": [{"title": "Yes", "payload": "/affirm"}]}),
        BotUttered("More", {"quick_replies": [{"title": "Ice", "payload": "/faq/ice"}]}),
        BotUttered("No buttons", {}),
        ActionExecuted("action_listen"),
    ]
    assert offered_payloads(events) == {"/affirm", "/faq/ice"}
    as_dicts = [e.as_dict() for e in events]
    assert offered_payloads(as_dicts) == {"/affirm", "/faq/ice"}


def test_the_patch_gates_the_message_before_rasa_parses_it(monkeypatch):
    from rasa.core.processor import MessageProcessor

    seen: List[Any] = []

    async def original(self: Any, message: Any, tracker: Any) -> None:
        seen.append((message.text, message.parse_data))

    monkeypatch.setattr(MessageProcessor, "_handle_message_with_tracker", original)
    patch_input_gate()
    patch_input_gate()  # once only
    handler = MessageProcessor._handle_message_with_tracker
    assert getattr(handler, "_with_input_gate", False)
    offered = SimpleNamespace(
        events=[BotUttered("?", {"buttons": [{"title": "Yes", "payload": "/affirm"}]})]
    )
    for text, parse_data in (
        ("/affirm", None),
        (f"/faq@1.0 {RED_FLAG}", {"intent": {"name": "faq"}}),
        ("hello", None),
    ):
        message = SimpleNamespace(text=text, parse_data=parse_data, input_channel="rest")
        asyncio.run(handler(None, message, offered))
    assert seen == [
        ("/affirm", None),
        (f"faq@1.0 {RED_FLAG}", None),
        ("hello", None),
    ]
