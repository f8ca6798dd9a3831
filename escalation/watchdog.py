"""The delivery watchdog: a stranded backlog is never silent.

The delivery worker sends the doctor's notifications the action server could not send at once.
If the worker is dead or stuck (supervision gave up on it, a host without `make run`'s
supervisor), notifications would wait unseen. The action server runs this watchdog in the
background: when a notification has waited longer than `ESCALATION_STRANDED_SECONDS`, it logs an
error, sends an operations alert to every target (counts and the oldest case's id only; once a
target took it, again only after `ALERT_INTERVAL_SECONDS` while the backlog stays stranded; until
then at every check), and sends the waiting
notifications itself. Claims and leases in the outbox keep a notification from going out twice
when the worker comes back at the same moment.
"""

from __future__ import annotations

import logging
import time
from typing import Callable, Dict, Final, Optional

from escalation.db import StoreError
from escalation.notifiers import Notifier
from escalation.outbox import Outbox
from escalation.store import CaseStore

logger = logging.getLogger(__name__)

#: While the backlog stays stranded, the targets hear of it again at most this often.
ALERT_INTERVAL_SECONDS: Final = 30 * 60
#: Most notifications the watchdog sends in one check (the most urgent first).
MAX_DELIVERIES: Final = 50


def alert_text(pending: int, oldest_seconds: float, oldest_case: Optional[str]) -> str:
    """The alert the targets get (no patient data: counts, ages and a case id)."""
    return (
        f"Clinic assistant: {pending} notification(s) of red-flag cases waited "
        f"{oldest_seconds / 60:.0f} min or more without being delivered (oldest case "
        f"{oldest_case or 'unknown'}). The delivery worker may be down: the action server is "
        "sending them now. Please check the cases, and ask IT to run `make health`."
    )


def check_interval(stranded_seconds: float) -> float:
    """How often to look: often enough to notice within a fifth of the threshold, at most 30 s."""
    return max(0.5, min(30.0, stranded_seconds / 5))


class DeliveryWatchdog:
    """Notices a stranded delivery backlog and acts on it (see the module docstring).

    Args:
        store: The case store.
        outbox: The outbox that sends deliveries.
        notifiers: Target name -> notifier (for the alert).
        stranded_seconds: A notification waiting longer than this is stranded.
        clock: Monotonic time source (tests).
    """

    def __init__(
        self,
        store: CaseStore,
        outbox: Outbox,
        notifiers: Dict[str, Notifier],
        stranded_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.outbox = outbox
        self.notifiers = dict(notifiers)
        self.stranded_seconds = stranded_seconds
        self._clock = clock
        self._alerted_at: Optional[float] = None

    def check(self) -> bool:
        """Looks at the backlog once; acts when it is stranded.

        Returns:
            Whether the backlog was stranded.
        """
        try:
            backlog = self.store.backlog()
        except StoreError as error:
            logger.error("Delivery watchdog: the case database is unavailable (%s).", error)
            return False
        oldest = backlog["oldest_seconds"]
        if not backlog["pending"] or oldest is None or oldest < self.stranded_seconds:
            self._alerted_at = None
            return False
        logger.error(
            "Delivery backlog stranded: %d notification(s) waiting, the oldest for %.0f s "
            "(case %s, by target %s). Is the delivery worker running? Sending them from here.",
            backlog["pending"],
            oldest,
            backlog["oldest_case"],
            backlog["by_target"],
        )
        self._alert(backlog["pending"], oldest, backlog["oldest_case"])
        try:
            run = self.outbox.run_once(max_deliveries=MAX_DELIVERIES)
        except StoreError as error:
            logger.error("Delivery watchdog could not send (%s).", error)
            return True
        logger.info("Delivery watchdog: %d attempted.", run.attempted)
        return True

    def _alert(self, pending: int, oldest: float, oldest_case: Optional[str]) -> None:
        now = self._clock()
        if self._alerted_at is not None and now - self._alerted_at < ALERT_INTERVAL_SECONDS:
            return
        text = alert_text(pending, oldest, oldest_case)
        for name, notifier in self.notifiers.items():
            result = notifier.alert(text)
            if result.ok:
                self._alerted_at = now  # a target heard of it: the next one in an interval
            else:
                logger.error("The stranded-backlog alert to %s failed (%s).", name, result.error)
