"""A dispatcher that fills in response texts from `domain/`, as Rasa does for the actions."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from rasa_sdk.executor import CollectingDispatcher

from clinic.contract import DOMAIN_PATH
from clinic.responses import ResponseError, load_responses, render


def domain_file(name: str) -> Path:
    """Returns the domain file that defines a response."""
    for path in sorted(DOMAIN_PATH.rglob("*.yml")):
        try:
            if name in load_responses(path):
                return path
        except ResponseError:  # a domain file without responses (e.g. languages.yml)
            continue
    raise AssertionError(f"response {name} is not in {DOMAIN_PATH}")


class DomainDispatcher(CollectingDispatcher):
    """Collects messages; one sent by response name gets that response's `text`.

    Only the variables the action passes are used (not slots), so a test fails when an action
    forgets one.
    """

    def utter_message(self, *args: Any, response: Optional[str] = None, **kwargs: Any) -> None:
        super().utter_message(*args, response=response, **kwargs)
        message = self.messages[-1]
        if response and message.get("text") is None:
            message["text"] = render(domain_file(response), response, None, **kwargs)
