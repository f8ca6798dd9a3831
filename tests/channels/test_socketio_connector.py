"""Unit tests of the web chat connector (channels.socketio, channels.socketio_session)."""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Set, Tuple

import pytest
from rasa.shared.exceptions import InvalidConfigException
from socketio.exceptions import ConnectionRefusedError as SocketRefused

from channels.socketio import (
    DEFAULT_ORIGINS,
    ClinicSocketIOInput,
    ClinicSocketIOOutput,
    allowed_origins,
    origin_allowed,
)
from channels.socketio_session import (
    ENV_SESSION_SECRET,
    SessionBindings,
    SessionKeys,
    session_secret,
)

SITE = "https://www.clinic.example"
SECRET = "s" * 32
CONVERSATION = "0123456789abcdef0123456789abcdef"


class RecordingSio:
    def __init__(self) -> None:
        self.emitted: List[Tuple[str, Any, Any]] = []
        self.rooms: Dict[str, Set[str]] = {}

    async def emit(self, event: str, data: Any = None, room: Any = None, **kwargs: Any) -> None:
        self.emitted.append((event, data, room))

    async def enter_room(self, sid: str, room: str, namespace: Optional[str] = None) -> None:
        self.rooms.setdefault(room, set()).add(sid)

    async def leave_room(self, sid: str, room: str, namespace: Optional[str] = None) -> None:
        self.rooms.get(room, set()).discard(sid)

    def members(self, room: str) -> Set[str]:
        return self.rooms.get(room, set())


def make_channel(**kwargs: Any) -> Tuple[ClinicSocketIOInput, RecordingSio]:
    channel = ClinicSocketIOInput(
        cors_allowed_origins=[SITE], session_keys=SessionKeys(SECRET), **kwargs
    )
    sio = RecordingSio()
    channel.sio = sio  # type: ignore[assignment]
    return channel, sio


async def start_session(
    channel: ClinicSocketIOInput, sio: RecordingSio, sid: str, session_id: Any = None
) -> str:
    """Sends a session_request as the widget does; returns the confirmed session token."""
    await channel._session_request(sid, {"session_id": session_id})
    event, token, room = sio.emitted[-1]
    assert (event, room) == ("session_confirm", sid)
    return str(token)


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


# --- Sessions bound to their browser (issue 10, finding 7) ------------------------------------


def test_a_session_token_proves_its_conversation_and_nothing_else():
    keys = SessionKeys(SECRET)
    token = keys.token_for(CONVERSATION)
    assert token.startswith(CONVERSATION + ".") and keys.conversation_of(token) == CONVERSATION
    forged = CONVERSATION + "." + "0" * 64
    other_conversation = "f" * 32 + token[32:]
    for not_proof in [CONVERSATION, forged, other_conversation, token.upper(), token + "0", None]:
        assert keys.conversation_of(not_proof) is None, not_proof
    assert SessionKeys("t" * 32).conversation_of(token) is None


def test_only_server_made_conversation_ids_get_a_token():
    keys = SessionKeys(SECRET)
    for bad in ["U0123ABC", "123456789", CONVERSATION.upper(), CONVERSATION + "0"]:
        with pytest.raises(ValueError):
            keys.token_for(bad)


def test_the_secret_comes_from_the_environment_or_is_random_per_process():
    assert session_secret({ENV_SESSION_SECRET: f" {SECRET} "}) == (SECRET, True)
    first, configured = session_secret({})
    assert not configured and len(first) >= 32 and first != session_secret({})[0]
    with pytest.raises(InvalidConfigException) as error:
        session_secret({ENV_SESSION_SECRET: "short-secret"})
    assert "short-secret" not in str(error.value)
    with pytest.raises(InvalidConfigException):
        SessionKeys("short")


def test_tokens_survive_a_restart_with_the_same_secret():
    token = SessionKeys.from_env({ENV_SESSION_SECRET: SECRET}).token_for(CONVERSATION)
    assert SessionKeys.from_env({ENV_SESSION_SECRET: SECRET}).conversation_of(token)
    assert SessionKeys.from_env({}).conversation_of(token) is None


async def test_a_new_session_gets_its_own_conversation_and_room():
    channel, sio = make_channel()
    token = await start_session(channel, sio, "sid-a")
    conversation = channel.session_keys.conversation_of(token)
    assert conversation is not None
    assert channel.bindings.conversation_of("sid-a") == conversation
    assert sio.members(conversation) == {"sid-a"}


async def test_a_known_conversation_id_without_its_proof_gets_a_new_conversation():
    channel, sio = make_channel()
    token = await start_session(channel, sio, "sid-patient")
    conversation = token.split(".")[0]

    for attempt in [conversation, conversation + "." + "0" * 64, "garbage", 42]:
        other = await start_session(channel, sio, "sid-intruder", attempt)
        assert not other.startswith(conversation)
    assert sio.members(conversation) == {"sid-patient"}


async def test_the_same_browser_resumes_with_its_token():
    channel, sio = make_channel()
    token = await start_session(channel, sio, "sid-before-reload")
    channel._disconnect("sid-before-reload")
    assert await start_session(channel, sio, "sid-after-reload", token) == token
    conversation = token.split(".")[0]
    assert channel.bindings.conversation_of("sid-after-reload") == conversation
    assert "sid-after-reload" in sio.members(conversation)


async def test_a_new_session_on_the_same_socket_leaves_the_previous_room():
    channel, sio = make_channel()
    first = (await start_session(channel, sio, "sid-a")).split(".")[0]
    second = (await start_session(channel, sio, "sid-a")).split(".")[0]
    assert first != second
    assert sio.members(first) == set() and sio.members(second) == {"sid-a"}


async def test_without_persistence_every_session_request_starts_a_new_conversation():
    channel, sio = make_channel(session_persistence=False)
    token = await start_session(channel, sio, "sid-a")
    assert await start_session(channel, sio, "sid-b", token) != token


async def test_a_message_goes_to_the_sockets_own_conversation_whatever_it_names():
    channel, sio = make_channel()
    victim = await start_session(channel, sio, "sid-patient")
    own = (await start_session(channel, sio, "sid-intruder")).split(".")[0]
    for named in [victim, victim.split(".")[0], None]:
        message = channel._user_message("sid-intruder", {"message": "hi", "session_id": named})
        assert message is not None and message.sender_id == own


async def test_a_socket_without_a_session_cannot_write():
    channel, sio = make_channel()
    victim = await start_session(channel, sio, "sid-patient")
    for named in [victim, victim.split(".")[0]]:
        assert channel._user_message("sid-other", {"message": "hi", "session_id": named}) is None


async def test_a_disconnected_socket_is_forgotten():
    channel, sio = make_channel()
    await start_session(channel, sio, "sid-a")
    channel._disconnect("sid-a")
    assert channel.bindings.conversation_of("sid-a") is None and len(channel.bindings) == 0
    assert channel._user_message("sid-a", {"message": "hi"}) is None


async def test_messages_are_cleaned_and_capped():
    channel, sio = make_channel()
    await start_session(channel, sio, "sid-a")
    assert channel._user_message("sid-a", {"message": "   "}) is None
    assert channel._user_message("sid-a", "not a dict") is None
    message = channel._user_message("sid-a", {"message": "/faq@1.0 " + "x" * 5000})
    assert message is not None and not message.text.startswith("/")
    assert len(message.text) <= 2000
    greet = channel._user_message("sid-a", {"message": "/greet", "metadata": '{"a": 1}'})
    assert greet is not None and greet.text == "/greet" and greet.metadata == {"a": 1}


def test_session_bindings_report_a_previous_conversation():
    bindings = SessionBindings()
    assert bindings.bind("sid", "a") is None
    assert bindings.bind("sid", "a") is None
    assert bindings.bind("sid", "b") == "a"
    bindings.release("sid")
    bindings.release("sid")
    assert bindings.conversation_of("sid") is None


@pytest.mark.parametrize(
    "environ",
    [{}, {"HTTP_ORIGIN": "https://evil.example"}, {"HTTP_ORIGIN": SITE + "/"}, {"HTTP_ORIGIN": ""}],
)
async def test_connections_without_an_allowed_origin_are_refused(environ: Dict[str, str]):
    channel, _ = make_channel()
    assert not origin_allowed(environ, [SITE])
    with pytest.raises(SocketRefused):
        await channel._connect(environ, None)


async def test_connections_from_the_site_are_accepted():
    channel, _ = make_channel()
    assert await channel._connect({"HTTP_ORIGIN": SITE}, None) is True


async def test_a_required_jwt_is_still_checked():
    channel, _ = make_channel(jwt_key="k" * 32)
    with pytest.raises(SocketRefused):
        await channel._connect({"HTTP_ORIGIN": SITE}, None)
    with pytest.raises(SocketRefused):
        await channel._connect({"HTTP_ORIGIN": SITE}, {"token": "not-a-jwt"})


async def test_logs_never_hold_a_conversation_id_or_a_token(caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.DEBUG)
    channel, sio = make_channel()
    token = await start_session(channel, sio, "sid-a")
    await start_session(channel, sio, "sid-b", token)
    await start_session(channel, sio, "sid-c", token.split(".")[0])
    channel._user_message("sid-none", {"message": "my private words"})
    assert caplog.records
    for _, issued, _ in sio.emitted:
        conversation, proof = str(issued).split(".")
        assert conversation not in caplog.text and proof not in caplog.text
    assert "my private words" not in caplog.text
