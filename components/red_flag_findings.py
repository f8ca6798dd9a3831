"""What the red-flag engine reports about one message: a finding per flag, and the detection.

Plain data shared by the engine (`red_flag_engine`), the decision (`red_flag_decision`) and the
experiencer (`red_flag_experiencer`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import FrozenSet, Tuple

from components.red_flag_scope import Status


@dataclass(frozen=True)
class Finding:
    """The best mention of one flag in a message.

    Attributes:
        flag_id: The flag.
        urgency: The flag's own urgency, raised by term modifiers that hold.
        status: How the mention is meant.
        start: Start offset of the mention in the original message.
        end: End offset of the mention in the original message.
    """

    flag_id: str
    urgency: str
    status: Status
    start: int
    end: int

    @property
    def span_known(self) -> bool:
        """Whether the rules located the mention (the learned model's findings have no span)."""
        return (self.start, self.end) != (0, 0)


@dataclass(frozen=True)
class Detection:
    """Everything the engine found in one message.

    Attributes:
        findings: One per flag mentioned, in rules-file order.
        truncated: Whether only the first `max_chars` characters were examined.
        asks: The message only asks or supposes ("is numbness a warning sign?").
        plain: No part of the message denies, supposes or asks (`doubts_anything`).
        denies: Some part of the message denies something (`denies_anything`).
        ruled_out: Flags a rule matched but whose every mention the flag's own exceptions
            cancel ("fell off the bottom step", "numb from sitting on it"): the model does not
            add them back.
        unsupported: Flags none of whose `model_needs` alternatives is in the message: the model
            does not report them on its own ("I have osteoporosis" is no fall or strain). Only
            for a message that plainly looks English; `needs_unmet` is the same for any message,
            for a caller that knows the message is English ("upper. between shoulders").
    """

    findings: Tuple[Finding, ...]
    truncated: bool = False
    asks: bool = False
    plain: bool = False
    denies: bool = False
    ruled_out: FrozenSet[str] = frozenset()
    unsupported: FrozenSet[str] = frozenset()
    needs_unmet: FrozenSet[str] = frozenset()

    def with_status(self, *statuses: Status) -> Tuple[Finding, ...]:
        """Returns the findings whose status is one of `statuses`."""
        return tuple(f for f in self.findings if f.status in statuses)
