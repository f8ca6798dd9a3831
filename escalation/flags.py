"""What each red flag may indicate, read lazily from `knowledge/red_flags.yml`.

That file belongs to the red-flag detector: one entry per flag with `id`, `patterns`, `urgency`,
`may_indicate` and `guidance`. This module reads only `id`, `urgency`, `may_indicate` and an
optional `label`/`description`, accepts a list of entries, a `{flags: [...]}` mapping or an
`{<id>: {...}}` mapping, and tolerates the file being absent or malformed: the doctor's message
then names the flag ids only.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional

import yaml

from clinic.contract import RED_FLAG_RULES_PATH, highest_urgency, normalise_urgency

logger = logging.getLogger(__name__)

RED_FLAGS_FILE = RED_FLAG_RULES_PATH


@dataclass(frozen=True)
class FlagInfo:
    """What the doctor is told about one red flag.

    Attributes:
        id: Flag id, e.g. `saddle_anaesthesia`.
        label: Short human-readable name (the id with spaces when the file has none).
        may_indicate: What it may indicate, e.g. `cauda equina syndrome`; empty when unknown.
        urgency: The flag's own urgency level, or None when unknown.
    """

    id: str
    label: str
    may_indicate: str = ""
    urgency: Optional[str] = None


def _as_text(value: Any) -> str:
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list | tuple):
        return "; ".join(_as_text(v) for v in value if _as_text(v))
    return ""


def _entries(content: Any) -> Iterable[Dict[str, Any]]:
    if isinstance(content, dict):
        for key in ("flags", "red_flags"):
            if isinstance(content.get(key), list | dict):
                yield from _entries(content[key])
                return
        for flag_id, entry in content.items():
            if isinstance(entry, dict):
                yield {"id": flag_id, **entry}
    elif isinstance(content, list):
        for entry in content:
            if isinstance(entry, dict):
                yield entry


def parse_flags(content: Any) -> Dict[str, FlagInfo]:
    """Reads flag descriptions out of the parsed YAML of `red_flags.yml`.

    Args:
        content: The parsed file.

    Returns:
        Flag id -> description; entries without an id are skipped.
    """
    flags: Dict[str, FlagInfo] = {}
    for entry in _entries(content):
        flag_id = entry.get("id")
        if not isinstance(flag_id, str) or not flag_id.strip():
            continue
        flag_id = flag_id.strip()
        label = _as_text(entry.get("label") or entry.get("name") or entry.get("description"))
        flags[flag_id] = FlagInfo(
            id=flag_id,
            label=label or flag_id.replace("_", " "),
            may_indicate=_as_text(entry.get("may_indicate")),
            urgency=normalise_urgency(entry.get("urgency")),
        )
    return flags


class FlagCatalogue:
    """Flag descriptions, loaded from a YAML file on first use and cached.

    Args:
        path: The `red_flags.yml` file.
    """

    def __init__(self, path: Path = RED_FLAGS_FILE) -> None:
        self._path = path
        self._flags: Optional[Dict[str, FlagInfo]] = None
        self._lock = threading.Lock()

    def _load(self) -> Dict[str, FlagInfo]:
        with self._lock:
            if self._flags is None:
                try:
                    content = yaml.safe_load(self._path.read_text(encoding="utf-8"))
                    self._flags = parse_flags(content)
                except FileNotFoundError:
                    logger.info("No %s: the doctor's message names flag ids only.", self._path)
                    self._flags = {}
                except (OSError, yaml.YAMLError) as error:
                    logger.warning(
                        "Could not read %s (%s): the doctor's message names flag ids only.",
                        self._path,
                        type(error).__name__,
                    )
                    self._flags = {}
            return self._flags

    def get(self, flag_id: str) -> FlagInfo:
        """Describes a flag.

        Args:
            flag_id: The flag id.

        Returns:
            Its description; for an unknown id, one with the id as label and nothing else.
        """
        return self._load().get(flag_id) or FlagInfo(id=flag_id, label=flag_id.replace("_", " "))

    def describe(self, flag_ids: Iterable[str]) -> List[FlagInfo]:
        """Describes several flags, in the given order."""
        return [self.get(flag_id) for flag_id in flag_ids]

    def urgency_of(self, flag_ids: Iterable[str]) -> Optional[str]:
        """Returns the most pressing urgency of some flags, or None when none is known."""
        return highest_urgency(self.get(flag_id).urgency for flag_id in flag_ids)


_default_catalogue: Optional[FlagCatalogue] = None


def default_catalogue() -> FlagCatalogue:
    """Returns the process-wide catalogue of `knowledge/red_flags.yml` (read on first use)."""
    global _default_catalogue
    if _default_catalogue is None:
        _default_catalogue = FlagCatalogue()
    return _default_catalogue
