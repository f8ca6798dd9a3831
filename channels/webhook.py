"""What the Telegram and Slack webhooks share: health route, JSON bodies, handing a message over.

Both connectors check the request's authenticity first (their own way), then read the body as
one JSON object, answer each event once (`channels.common.RecentKeys`) and hand the patient's
message to Rasa without letting a failure reach the platform (which would only retry it).
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any, Awaitable, Callable, Dict, Set, Union

from rasa.core.channels.channel import UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


def add_health_route(blueprint: Blueprint) -> None:
    """Adds `GET /` answering `{"status": "ok"}` to a connector's blueprint.

    Args:
        blueprint: The connector's blueprint.
    """

    @blueprint.route("/", methods=["GET"])
    async def health(_: Request) -> HTTPResponse:
        return response.json({"status": "ok"})


def json_object(body: bytes, what: str) -> Union[Dict[str, Any], HTTPResponse]:
    """Reads a request body that must be one JSON object.

    Args:
        body: The raw body.
        what: What the object is (`event`, `update`), for the error reply.

    Returns:
        The object, or the 400 reply to send instead.
    """
    try:
        content = json.loads(body or b"")
    except ValueError:
        return response.json({"error": "invalid JSON"}, status=400)
    if not isinstance(content, dict):
        return response.json({"error": f"invalid {what}"}, status=400)
    return content


async def hand_over(on_new_message: OnNewMessage, message: UserMessage, platform: str) -> None:
    """Gives a message to Rasa; a failure is logged, not raised to the platform.

    Args:
        on_new_message: Rasa's handler for incoming messages.
        message: The patient's message.
        platform: `Telegram`, `Slack` ..., for the log.
    """
    try:
        await on_new_message(message)
    except Exception:
        logger.exception("Could not handle a %s message.", platform)


class BackgroundHandover:
    """Hands messages over in the background (Slack wants its 200 within three seconds).

    Keeps a reference to each running task so none is garbage-collected half-way.

    Args:
        platform: `Slack` ..., for the log.
    """

    def __init__(self, platform: str) -> None:
        self.platform = platform
        self._tasks: Set[asyncio.Task] = set()

    def start(self, on_new_message: OnNewMessage, message: UserMessage) -> None:
        """Starts handing a message over and returns at once.

        Args:
            on_new_message: Rasa's handler for incoming messages.
            message: The patient's message.
        """
        task = asyncio.create_task(hand_over(on_new_message, message, self.platform))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def __len__(self) -> int:
        return len(self._tasks)
