"""The input gate (channels.input_gate): `/` payloads only when the bot offered them."""

from __future__ import annotations

import asyncio
import itertools
from types import SimpleNamespace
from typing import Any, List

from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

from channels.input_gate import (
    encodable,
    gate_text,
    offered_payloads,
    patch_input_gate,
    read_long_message,
    red_flag_rank,
    split_for_nlu,
)
from clinic.contract import MAX_NLU_CHARS

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


# --- Long messages: read in parts, the red flag anywhere in them still found ---------------------


def test_short_text_is_one_part():
    assert split_for_nlu("short text", size=100) == ["short text"]


def test_parts_cover_the_whole_text_with_overlap_and_cut_between_words():
    words = [f"w{i}" for i in range(3000)]
    text = " ".join(words)
    parts = split_for_nlu(text, size=500, overlap=60)
    assert all(len(part) <= 500 for part in parts)
    assert parts[0].startswith("w0 ") and parts[-1].endswith("w2999")
    seen = set()
    for part in parts:
        pieces = part.split(" ")
        assert all(piece in words for piece in pieces), "a part starts or ends inside a word"
        seen.update(pieces)
    assert seen == set(words)
    for first, second in itertools.pairwise(parts):
        assert first.split(" ")[-1] in second  # consecutive parts share words


def test_text_without_spaces_is_still_cut():
    parts = split_for_nlu("x" * 2500, size=1000, overlap=100)
    assert all(len(part) <= 1000 for part in parts)
    assert "".join(parts).count("x") >= 2500


def test_red_flag_rank():
    assert red_flag_rank({"intent": {"name": "faq"}, "entities": []}) == -1
    assert red_flag_rank({"intent": {"name": "report_red_flag"}, "entities": []}) == 0
    emergency = {
        "intent": {"name": "report_red_flag"},
        "entities": [
            {"entity": "red_flag_urgency", "value": "urgent"},
            {"entity": "red_flag_urgency", "value": "emergency"},
        ],
    }
    assert red_flag_rank(emergency) == 3


def test_a_long_message_is_read_in_parts_and_the_red_flag_part_kept(caplog):
    filler = "my lower back feels tight after gardening zqxfiller " * 50_000  # ~2.6 MB
    text = filler + RED_FLAG
    read: List[str] = []

    class Processor:
        async def parse_message(self, message: Any, tracker: Any) -> dict:
            read.append(message.text)
            assert len(message.text) <= MAX_NLU_CHARS
            if "bladder" in message.text:
                return {
                    "text": message.text,
                    "intent": {"name": "report_red_flag"},
                    "entities": [{"entity": "red_flag_urgency", "value": "emergency"}],
                }
            return {"text": message.text, "intent": {"name": "faq"}, "entities": []}

    message = SimpleNamespace(
        text=text, parse_data=None, input_channel="rest", sender_id="p1", metadata=None
    )
    caplog.set_level("DEBUG")
    asyncio.run(read_long_message(Processor(), message, SimpleNamespace(events=[])))
    assert message.text.endswith(RED_FLAG) and len(message.text) <= MAX_NLU_CHARS
    assert message.parse_data["intent"]["name"] == "report_red_flag"
    assert read and read[-1].endswith(RED_FLAG)
    assert "zqxfiller" not in caplog.text and "bladder" not in caplog.text
    assert "read in" in caplog.text


def test_a_long_message_without_a_red_flag_keeps_its_first_part():
    text = "word " * 5000

    class Processor:
        async def parse_message(self, message: Any, tracker: Any) -> dict:
            return {"text": message.text, "intent": {"name": "faq"}, "entities": []}

    message = SimpleNamespace(
        text=text, parse_data=None, input_channel="rest", sender_id="p1", metadata=None
    )
    asyncio.run(read_long_message(Processor(), message, SimpleNamespace(events=[])))
    assert message.text == split_for_nlu(text)[0]
    assert message.parse_data["intent"]["name"] == "faq"


def test_half_an_emoji_is_repaired_so_that_spacy_can_read_the_message():
    assert encodable("laughing \ud83d\ude02 hurts") == "laughing \U0001f602 hurts"  # a pair: joined
    assert encodable("my back \ud83d hurts") == "my back \ufffd hurts"  # half: replaced
    assert encodable("plain text é") == "plain text é"
