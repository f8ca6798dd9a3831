"""Minimal in-process fakes of the Telegram Bot API and the Slack Web API (aiohttp)."""

from __future__ import annotations

from typing import Any, Dict, List, Tuple

from aiohttp import web


def telegram_app(calls: List[Tuple[str, Dict[str, Any]]]) -> web.Application:
    async def handle(request: web.Request) -> web.Response:
        form = await request.post()
        data = {key: str(value) for key, value in form.items()}
        calls.append((request.match_info["method"], data))
        result: Any = True
        if request.match_info["method"] == "sendMessage":
            result = {"message_id": len(calls), "date": 0, "chat": {"id": 1, "type": "private"}}
        return web.json_response({"ok": True, "result": result})

    app = web.Application()
    app.router.add_post("/bot{token}/{method}", handle)
    return app


def slack_app(calls: List[Tuple[str, Dict[str, Any], str]]) -> web.Application:
    async def handle(request: web.Request) -> web.Response:
        data = await request.json()
        calls.append((request.match_info["method"], data, request.headers.get("Authorization", "")))
        return web.json_response({"ok": True, "ts": "1.0", "channel": data.get("channel")})

    app = web.Application()
    app.router.add_post("/api/{method}", handle)
    return app
