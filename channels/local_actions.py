"""Runs a custom action inside the Rasa server when the action server cannot.

The action server is a separate process; supervision restarts it within seconds when it dies,
but a patient who writes in those seconds must not lose anything: a red flag reported then must
still become a case that reaches the doctor, and a call-back form must still validate and submit.
So when the remote call fails, `channels.patches` runs the same action here, through rasa-sdk's
own `ActionExecutor` over the same request the action server would have received, and turns its
reply into events exactly as `RemoteAction.run` does. The project's actions are imported on the
first failure only (nothing at import time), once per process.

Running an action twice is safe for this project's actions (a case update with nothing new
notifies no one again), so a call that failed after the action server did its work does no harm.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Any, Dict, Final, List, Optional, cast

if TYPE_CHECKING:
    from rasa.core.actions.action import RemoteAction
    from rasa.core.channels.channel import OutputChannel
    from rasa.core.nlg import NaturalLanguageGenerator
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import Event
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa_sdk.executor import ActionExecutor

logger = logging.getLogger(__name__)

#: The package holding the project's custom actions (as `--actions actions` for the server).
ACTIONS_PACKAGE: Final = "actions"

_executor: Optional[ActionExecutor] = None
_lock = threading.Lock()


def executor() -> ActionExecutor:
    """rasa-sdk's executor with the project's actions registered (built on first use)."""
    global _executor
    with _lock:
        if _executor is None:
            from rasa_sdk.executor import ActionExecutor

            built = ActionExecutor()
            built.register_package(ACTIONS_PACKAGE)
            _executor = built
        return _executor


async def run_locally(
    action: RemoteAction,
    output_channel: OutputChannel,
    nlg: NaturalLanguageGenerator,
    tracker: DialogueStateTracker,
    domain: Domain,
    *_: Any,
    **__: Any,
) -> List[Event]:
    """Runs `action` in this process, with the request the action server would have received.

    Args:
        action: The remote action whose call failed.
        output_channel: Where the replies go.
        nlg: The response generator (for `response=` messages).
        tracker: The conversation.
        domain: The model's domain.

    Returns:
        The bot's messages and the action's events, as `RemoteAction.run` returns them.

    Raises:
        rasa.core.actions.action.ActionExecutionRejection: The action rejected its execution
            (a form's validation), as the action server would have said.
    """
    from rasa.core.actions.action import ActionExecutionRejection
    from rasa.shared.core import events
    from rasa_sdk.interfaces import ActionExecutionRejection as SdkRejection

    call = cast(Dict[str, Any], action._action_call_format(tracker, domain))
    try:
        reply = await executor().run(call)
    except SdkRejection as rejection:
        raise ActionExecutionRejection(rejection.action_name, rejection.message) from None
    reply = reply or {}
    messages = await action._utter_responses(
        reply.get("responses", []), output_channel, nlg, tracker
    )
    return cast(List["Event"], messages) + events.deserialise_events(reply.get("events", []))
