"""The delivery worker: `python -m escalation.worker [--once]`.

Runs beside the action server. Every `ESCALATION_WORKER_POLL_SECONDS` it sends the deliveries
that are due (new ones the action server could not send at once, and retries), so pending
notifications go out after restarts and outages even when no conversation is going on. Once a
day (and at start) it deletes cases older than `CASE_RETENTION_DAYS`, and the conversations in
Rasa's tracker store (`TRACKER_STORE_URL`) older than `CONVERSATION_RETENTION_DAYS`; at every
poll it deletes the conversations patients asked to erase (`escalation.erasure`). SIGTERM or
SIGINT stops it after the send in progress. `--once` does one delivery pass and one purge, then
exits (exit code 1 if the database could not be used).

Several workers may run at once: each delivery is claimed by one of them at a time.
"""

from __future__ import annotations

import argparse
import logging
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from types import FrameType
from typing import List, Optional

from clinic import log_privacy
from clinic.settings import Settings, get_settings
from escalation.conversations import erase_conversation, purge_conversations
from escalation.db import StoreError
from escalation.erasure import complete_erasures
from escalation.outbox import Outbox
from escalation.service import EscalationService
from escalation.store import CaseStore

logger = logging.getLogger("escalation.worker")

PURGE_INTERVAL = timedelta(days=1)
BACKLOG_LOG_INTERVAL = timedelta(minutes=5)
#: A pending delivery older than this is logged as an error at every backlog report.
OVERDUE_SECONDS = 15 * 60


class Worker:
    """The delivery loop.

    Args:
        settings: The settings.
        store: The case store.
        outbox: The outbox.
        stop_event: Set to stop the loop.
    """

    def __init__(
        self,
        settings: Settings,
        store: CaseStore,
        outbox: Outbox,
        stop_event: Optional[threading.Event] = None,
    ) -> None:
        self.settings = settings
        self.store = store
        self.outbox = outbox
        self.stop_event = stop_event or threading.Event()
        self._last_purge: Optional[float] = None
        self._last_backlog: Optional[float] = None

    def _deliver_target(self, target: str) -> bool:
        try:
            while not self.stop_event.is_set():
                run = self.outbox.run_once(targets=[target])
                if run.attempted == 0 or run.failed:
                    break
        except StoreError as error:
            logger.error("Case database unavailable (%s); will retry.", error)
            return False
        return True

    def deliver(self) -> bool:
        """Sends every due delivery, one thread per target (a slow target holds up no other).

        Returns:
            Whether the database could be used.
        """
        targets = list(self.outbox.notifiers)
        if not targets:
            return True  # nothing can be sent; deliveries stay pending
        if len(targets) == 1:
            return self._deliver_target(targets[0])
        with ThreadPoolExecutor(max_workers=len(targets)) as pool:
            return all(pool.map(self._deliver_target, targets))

    def purge(self, force: bool = False) -> bool:
        """Deletes expired cases when a day has passed since the last purge.

        Args:
            force: Purge now whatever the time of the last purge.

        Returns:
            Whether the database could be used.
        """
        now = time.monotonic()
        due = self._last_purge is None or now - self._last_purge >= PURGE_INTERVAL.total_seconds()
        if not (force or due):
            return True
        try:
            deleted = self.store.purge(self.settings.case_retention_days)
        except StoreError as error:
            logger.error("Retention purge failed (%s); will retry.", error)
            return False
        logger.info(
            "Retention: %d case(s) older than %d days deleted.",
            deleted,
            self.settings.case_retention_days,
        )
        if not self.purge_conversations():
            return False
        self._last_purge = now
        return True

    def purge_conversations(self) -> bool:
        """Deletes the tracker store's conversations past their retention (when configured).

        Returns:
            Whether the tracker store could be used (True when none is configured).
        """
        url = self.settings.tracker_store_url
        if not url:
            return True
        days = self.settings.conversation_retention_days
        try:
            deleted = purge_conversations(url, days, timeout=self.settings.escalation_db_timeout)
        except StoreError as error:
            logger.error("Conversation purge failed (%s); will retry.", error)
            return False
        logger.info("Retention: %d conversation(s) older than %d days deleted.", deleted, days)
        return True

    def complete_erasures(self) -> bool:
        """Deletes the conversations patients asked to erase from the tracker store.

        Returns:
            Whether the databases could be used.
        """
        url = self.settings.tracker_store_url
        timeout = self.settings.escalation_db_timeout

        def erase_events(conversation_id: str, up_to: float) -> int:
            return erase_conversation(url, conversation_id, up_to, timeout=timeout)

        try:
            complete_erasures(self.store, erase_events if url else None)
        except StoreError as error:
            logger.error("Erasure failed (%s); will retry.", error)
            return False
        return True

    def report_backlog(self) -> None:
        """Logs how many deliveries are waiting (every few minutes; no patient data)."""
        now = time.monotonic()
        if (
            self._last_backlog is not None
            and now - self._last_backlog < BACKLOG_LOG_INTERVAL.total_seconds()
        ):
            return
        self._last_backlog = now
        try:
            backlog = self.store.backlog()
        except StoreError:
            return
        if not backlog["pending"]:
            return
        oldest = backlog["oldest_seconds"] or 0.0
        log = logger.error if oldest >= OVERDUE_SECONDS else logger.info
        log(
            "%d notification(s) waiting (oldest %.0f s; by target %s).",
            backlog["pending"],
            oldest,
            backlog["by_target"],
        )

    def run(self) -> None:
        """Loops until `stop_event` is set."""
        logger.info(
            "Escalation worker started: targets %s, poll every %.1f s, retention %d days.",
            ", ".join(self.outbox.notifiers) or "none",
            self.settings.escalation_worker_poll_seconds,
            self.settings.case_retention_days,
        )
        while not self.stop_event.is_set():
            self.deliver()
            self.complete_erasures()
            self.purge()
            self.report_backlog()
            self.stop_event.wait(self.settings.escalation_worker_poll_seconds)
        logger.info("Escalation worker stopped.")


def build_worker(settings: Settings, stop_event: Optional[threading.Event] = None) -> Worker:
    """Builds a worker over an `EscalationService` from settings (connects to nothing yet)."""
    service = EscalationService(settings, role="worker")
    if not service.targets:
        logger.warning(
            "No notification target configured: deliveries stay pending until one is "
            "(ESCALATION_WEBHOOK_URL/SECRET, SLACK_ESCALATION_TOKEN/CHANNEL)."
        )
    return Worker(settings, service.store, service.outbox, stop_event)


def main(argv: Optional[List[str]] = None) -> int:
    """Runs the worker.

    Args:
        argv: Command-line arguments (defaults to `sys.argv[1:]`).

    Returns:
        The exit code.
    """
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--once", action="store_true", help="one pass, then exit")
    parser.add_argument("--log-level", default="INFO", help="logging level (default INFO)")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=args.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    log_privacy.install()
    settings = get_settings()
    stop_event = threading.Event()
    worker = build_worker(settings, stop_event)
    if args.once:
        delivered = worker.deliver()
        purged = worker.purge(force=True)
        worker.store.dispose()
        return 0 if delivered and purged else 1

    def _stop(signum: int, _frame: Optional[FrameType]) -> None:
        logger.info("Signal %d received: stopping after the current send.", signum)
        stop_event.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    try:
        worker.run()
    finally:
        worker.store.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
