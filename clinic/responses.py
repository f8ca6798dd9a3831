"""Reads response texts from the domain without Rasa, filled in the way Rasa fills them.

Wording that code outside the dialogue sends (the doctor's notifications) or that tests need to
render lives in `domain/` as ordinary responses, so a clinician reviews every sentence there.
This module reads a domain file's `responses:` (cached per file), picks the variation for a
channel (the one with that `channel:`, else the first one without a channel, as Rasa does with
a single variation), and fills `{variables}` with the same rule as Rasa's interpolator.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Mapping, Optional, Set, Tuple

import yaml

#: A `{name}` placeholder, as Rasa's interpolator finds them (no newline or brace in the name).
PLACEHOLDER = re.compile(r"{([^\n{}]+?)}")

Variation = Mapping[str, Any]


class ResponseError(LookupError):
    """A response is missing, has no text, or a variable of it was not given."""


@lru_cache(maxsize=8)
def load_responses(path: Path) -> Dict[str, Tuple[Variation, ...]]:
    """Reads the responses of one domain file (read once per process and file).

    Args:
        path: A domain YAML file.

    Returns:
        Response name -> its variations.

    Raises:
        ResponseError: The file cannot be read or has no `responses:` mapping.
    """
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        reason = type(error).__name__
        raise ResponseError(f"cannot read responses from {path} ({reason})") from error
    responses = content.get("responses") if isinstance(content, dict) else None
    if not isinstance(responses, dict):
        raise ResponseError(f"{path} has no responses")
    return {
        str(name): tuple(v for v in variations if isinstance(v, dict))
        for name, variations in responses.items()
        if isinstance(variations, list)
    }


def placeholders(template: str) -> Set[str]:
    """Returns the variable names a response text uses."""
    return set(PLACEHOLDER.findall(template))


def fill(template: str, values: Mapping[str, Any]) -> str:
    """Fills `{name}` placeholders like Rasa's `interpolate_text`, but strictly.

    Args:
        template: The response text.
        values: Variable name -> value (converted with `str`).

    Returns:
        The filled text.

    Raises:
        ResponseError: A placeholder has no value (Rasa would send the raw template).
    """
    missing = placeholders(template) - set(values)
    if missing:
        raise ResponseError(f"no value for {', '.join(sorted(missing))}")
    return PLACEHOLDER.sub(lambda match: str(values[match.group(1)]), template)


def variation(path: Path, name: str, channel: Optional[str] = None) -> Variation:
    """Returns the variation of a response for a channel.

    Args:
        path: The domain file.
        name: Response name, e.g. `utter_doctor_case_new`.
        channel: Output channel name; its `channel:` variation wins when there is one.

    Returns:
        The variation (a mapping with at least `text`).

    Raises:
        ResponseError: The response is missing or has no usable variation.
    """
    variations = load_responses(path).get(name)
    if not variations:
        raise ResponseError(f"response {name} is missing from {path.name}")
    if channel:
        for candidate in variations:
            if candidate.get("channel") == channel and isinstance(candidate.get("text"), str):
                return candidate
    for candidate in variations:
        if not candidate.get("channel") and isinstance(candidate.get("text"), str):
            return candidate
    raise ResponseError(f"response {name} has no text for channel {channel or 'any'}")


def render(path: Path, name: str, channel: Optional[str] = None, /, **values: Any) -> str:
    """Returns a response's text for a channel with its variables filled in.

    Args:
        path: The domain file.
        name: Response name.
        channel: Output channel name, if any.
        **values: The response's variables (any names: the other arguments are positional).

    Returns:
        The text.

    Raises:
        ResponseError: The response is missing or a variable was not given.
    """
    return fill(str(variation(path, name, channel)["text"]), values)
