"""Runs the delivery watchdog (`escalation.watchdog`) in the action server's event loop.

Attached through rasa-sdk's plugin hook with the rest of the action server's set-up
(`channels.action_server`): it starts when the server starts, looks at the backlog every few
seconds in a thread (the database calls block), and stops with the server. It never stops the
action server: an unexpected error is logged and the next check comes as usual.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Final

from sanic import Sanic

from escalation.service import get_service
from escalation.watchdog import DeliveryWatchdog, check_interval

logger = logging.getLogger(__name__)

#: Key of the running task in the app's context.
TASK: Final = "delivery_watchdog"


async def watch(watchdog: DeliveryWatchdog, interval: float) -> None:
    """Checks the backlog every `interval` seconds until cancelled."""
    while True:
        await asyncio.sleep(interval)
        try:
            await asyncio.to_thread(watchdog.check)
        except Exception as error:  # keep watching: the next check may work
            logger.error("Delivery watchdog check failed (%s).", type(error).__name__)


def attach(app: Sanic) -> None:
    """Starts the watchdog with the server and stops it with the server.

    Args:
        app: The action server's Sanic app.
    """

    async def start(app: Sanic, _loop: Any) -> None:
        service = get_service()
        stranded = service.settings.escalation_stranded_seconds
        watchdog = DeliveryWatchdog(
            service.store, service.outbox, service.notifiers, stranded_seconds=stranded
        )
        setattr(app.ctx, TASK, asyncio.create_task(watch(watchdog, check_interval(stranded))))

    async def stop(app: Sanic, _loop: Any) -> None:
        task = getattr(app.ctx, TASK, None)
        if task is not None:
            task.cancel()

    app.register_listener(start, "after_server_start")
    app.register_listener(stop, "before_server_stop")
