"""The action server's shared token (channels.action_auth): unit checks of the hook's parts."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any, Dict, List

import pytest
from sanic import Sanic

from channels import action_auth, action_server
from channels.action_auth import MissingTokenError, action_server_token, require_token

TOKEN = "a-long-enough-shared-secret-0123456789"


def test_the_token_comes_from_the_environment_and_must_be_long_enough():
    assert action_server_token({"ACTION_SERVER_TOKEN": f"  {TOKEN} "}) == TOKEN
    for env in ({}, {"ACTION_SERVER_TOKEN": ""}, {"ACTION_SERVER_TOKEN": "short"}):
        with pytest.raises(MissingTokenError) as error:
            action_server_token(env)
        assert "ACTION_SERVER_TOKEN" in str(error.value)
    with pytest.raises(MissingTokenError) as error:
        action_server_token({"ACTION_SERVER_TOKEN": "0123456789abcde"})
    assert "0123456789abcde" not in str(error.value)


def test_without_a_token_the_app_is_not_opened(monkeypatch):
    monkeypatch.delenv("ACTION_SERVER_TOKEN", raising=False)
    with pytest.raises(MissingTokenError):
        require_token(Sanic("no_token_app"))


def test_the_launcher_refuses_to_start_without_a_token(monkeypatch, capsys):
    monkeypatch.delenv("ACTION_SERVER_TOKEN", raising=False)
    assert action_server.main(["--actions", "actions"]) == 2
    assert "ACTION_SERVER_TOKEN" in capsys.readouterr().err


def _middleware(token: str) -> Any:
    registered: List[Any] = []
    fake_app = SimpleNamespace(register_middleware=lambda fn, kind: registered.append((fn, kind)))
    require_token(fake_app, token)  # type: ignore[arg-type]
    ((check, kind),) = registered
    assert kind == "request"
    return check


def _request(path: str, args: Dict[str, str]) -> Any:
    return SimpleNamespace(path=path, method="POST", args=args)


@pytest.mark.parametrize(
    "path, args, allowed",
    [
        ("/webhook", {"token": TOKEN}, True),
        ("/actions", {"token": TOKEN}, True),
        ("/webhook", {}, False),
        ("/webhook", {"token": ""}, False),
        ("/webhook", {"token": TOKEN[:-1]}, False),
        ("/webhook", {"token": TOKEN + "x"}, False),
        ("/actions", {}, False),
        ("/health", {}, True),
    ],
)
def test_requests_without_the_right_token_get_401(path, args, allowed, caplog):
    check = _middleware(TOKEN)
    result = asyncio.run(check(_request(path, args)))
    if allowed:
        assert result is None
    else:
        assert result.status == 401
        assert TOKEN not in caplog.text and TOKEN[:-1] not in caplog.text


def test_open_paths_are_only_health():
    assert action_auth.OPEN_PATHS == frozenset({"/health"})
