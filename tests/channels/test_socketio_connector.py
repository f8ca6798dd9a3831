"""Unit tests of the web chat connector (channels.socketio)."""

from __future__ import annotations

from typing import Any, List, Tuple

import pytest
from rasa.shared.exceptions import InvalidConfigException

from channels.socketio import (
    DEFAULT_ORIGINS,
    ClinicSocketIOInput,
    ClinicSocketIOOutput,
    allowed_origins,
)


class RecordingSio:
    def __init__(self) -> None:
        self.emitted: List[Tuple[str, Any, Any]] = []

    async def emit(self, event: str, data: Any = None, room: Any = None, **kwargs: Any) -> None:
        self.emitted.append((event, data, room))


def test_origins_from_credentials_then_environment_then_defaults():
    env = {"WEBCHAT_ORIGINS": "https://www.clinic.example, https://clinic.example"}
    assert allowed_origins("https://a.example", env) == ["https://a.example"]
    assert allowed_origins(None, env) == ["https://www.clinic.example", "https://clinic.example"]
    assert allowed_origins(None, {}) == list(DEFAULT_ORIGINS)
    assert allowed_origins(["http://localhost:3000/"], {}) == ["http://localhost:3000"]


@pytest.mark.parametrize(
    "origin", ["*", "https://clinic.example/chat", "clinic.example", "https://*.clinic.example"]
)
def test_wildcards_and_non_origins_are_refused(origin):
    with pytest.raises(InvalidConfigException):
        allowed_origins(origin, {})


def test_channel_reads_its_credentials():
    channel = ClinicSocketIOInput.from_credentials(
        {"session_persistence": True, "cors_allowed_origins": "https://www.clinic.example"}
    )
    assert isinstance(channel, ClinicSocketIOInput)
    assert channel.name() == "socketio"
    assert channel.cors_allowed_origins == ["https://www.clinic.example"]
    assert channel.session_persistence is True


async def test_escalation_marker_reaches_the_page_as_the_payload():
    sio = RecordingSio()
    output = ClinicSocketIOOutput(sio, "bot_uttered")  # type: ignore[arg-type]
    marker = {"escalation": {"urgency": "emergency", "flags": ["f"], "case_id": "c"}}
    await output.send_custom_json("room1", dict(marker))
    assert sio.emitted == [("bot_uttered", marker, "room1")]


async def test_rasa_data_convention_still_works():
    sio = RecordingSio()
    output = ClinicSocketIOOutput(sio, "bot_uttered")  # type: ignore[arg-type]
    await output.send_custom_json("room1", {"data": {"x": 1}})
    assert sio.emitted == [("bot_uttered", {"x": 1}, "room1")]


async def test_buttons_become_quick_replies():
    sio = RecordingSio()
    output = ClinicSocketIOOutput(sio, "bot_uttered")  # type: ignore[arg-type]
    await output.send_text_with_buttons("r", "Pick one", [{"title": "Ice", "payload": "ice?"}])
    ((_, message, _),) = sio.emitted
    assert message["quick_replies"] == [{"content_type": "text", "title": "Ice", "payload": "ice?"}]


def test_only_server_style_session_ids_are_accepted():
    channel = ClinicSocketIOInput(cors_allowed_origins=["https://clinic.example"])
    good = "0123456789abcdef0123456789abcdef"
    assert channel._sender_id("sid", {"session_id": good}) == good
    for bad in ["123456789", "U0123ABC", good.upper(), good + "0", None, 42]:
        assert channel._sender_id("sid", {"session_id": bad}) is None
