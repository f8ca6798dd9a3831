"""`EscalationService`: the case store, notifiers and outbox, built once from the settings.

The action server gets its service from `get_service()`, built on first use from
`clinic.settings.get_settings()` (nothing connects then: the database is only reached on the
first query). Tests inject their own with `set_service()`.
"""

from __future__ import annotations

import concurrent.futures
import logging
import threading
from typing import Any, Dict, List, Mapping, Optional, Sequence, Set

from clinic.settings import Settings, get_settings
from escalation.notifiers import Notifier, build_notifiers
from escalation.outbox import Outbox, RetryPolicy, worker_id
from escalation.store import CaseRecord, CaseStore

logger = logging.getLogger(__name__)

#: Most background delivery attempts in flight; beyond them, new ones are left to the worker.
MAX_BACKGROUND = 16

#: Threads sending background delivery attempts (at most this many sends in flight at once).
DELIVERY_THREADS = 4


def store_from_settings(settings: Settings) -> CaseStore:
    """Builds a case store from settings (does not connect)."""
    return CaseStore(
        settings.escalation_db_url,
        episode_hours=settings.escalation_episode_hours,
        timeout=settings.escalation_db_timeout,
        transcript_limit=settings.escalation_transcript_messages,
    )


def outbox_from_settings(
    settings: Settings, store: CaseStore, notifiers: Mapping[str, Notifier], role: str
) -> Outbox:
    """Builds an outbox whose lease outlasts a send with the configured timeouts."""
    send_time = settings.escalation_http_connect_timeout + settings.escalation_http_read_timeout
    return Outbox(
        store,
        notifiers,
        policy=RetryPolicy(
            base=settings.escalation_retry_base_seconds,
            cap=settings.escalation_retry_max_seconds,
        ),
        owner=worker_id(role),
        lease_seconds=max(60.0, 4 * send_time),
    )


class EscalationService:
    """Records cases and gets the doctor's notifications out.

    Args:
        settings: The settings.
        store: Case store; by default one built from the settings.
        notifiers: Target name -> notifier; by default those the settings configure.
        outbox: Outbox; by default one over the store and notifiers.
        role: Name of this process in delivery claims (`actions`, `worker`).
    """

    def __init__(
        self,
        settings: Settings,
        store: Optional[CaseStore] = None,
        notifiers: Optional[Mapping[str, Notifier]] = None,
        outbox: Optional[Outbox] = None,
        role: str = "actions",
    ) -> None:
        self.settings = settings
        self.store = store or store_from_settings(settings)
        self.notifiers: Dict[str, Notifier] = (
            dict(notifiers) if notifiers is not None else build_notifiers(settings)
        )
        self.outbox = outbox or outbox_from_settings(settings, self.store, self.notifiers, role)
        self._pool: Optional[concurrent.futures.ThreadPoolExecutor] = None
        self._in_flight: Set[concurrent.futures.Future[Any]] = set()
        self._lock = threading.Lock()

    @property
    def targets(self) -> List[str]:
        """The configured notification targets (empty: the doctor cannot be alerted)."""
        return list(self.notifiers)

    def record_escalation(
        self,
        conversation_id: str,
        urgency: str,
        flags: Sequence[str],
        message: Optional[str],
        transcript: Optional[Sequence[Dict[str, Any]]],
        channel: Optional[str],
    ) -> CaseRecord:
        """Records a red-flag report on the conversation's case, for the configured targets.

        Args:
            conversation_id: Rasa sender id.
            urgency: `emergency`, `urgent` or `soon`.
            flags: Flag ids reported now.
            message: The patient's triggering message.
            transcript: Recent messages, oldest first.
            channel: Input channel name.

        Returns:
            The case after the write (see `CaseStore.record_escalation`).

        Raises:
            StoreError: The database could not be used.
        """
        return self.store.record_escalation(
            conversation_id=conversation_id,
            urgency=urgency,
            flags=flags,
            message=message,
            transcript=transcript,
            channel=channel,
            targets=self.targets,
        )

    def record_contact(
        self,
        conversation_id: str,
        name: str,
        phone: str,
        channel: Optional[str],
        transcript: Optional[Sequence[Dict[str, Any]]],
        case_id: Optional[str] = None,
    ) -> CaseRecord:
        """Stores consented contact details on the conversation's case.

        Args:
            conversation_id: Rasa sender id.
            name: The patient's name.
            phone: Their phone number in E.164.
            channel: Input channel name.
            transcript: Recent messages, oldest first.
            case_id: The case id the conversation knows, if any.

        Returns:
            The case after the write (see `CaseStore.record_contact`).

        Raises:
            StoreError: The database could not be used.
        """
        return self.store.record_contact(
            conversation_id=conversation_id,
            name=name,
            phone=phone,
            channel=channel,
            transcript=transcript,
            targets=self.targets,
            case_id=case_id,
        )

    def record_note(
        self, conversation_id: str, transcript: Optional[Sequence[Dict[str, Any]]]
    ) -> Optional[CaseRecord]:
        """Sends the conversation's open case again with a note its transcript holds.

        Args:
            conversation_id: Rasa sender id.
            transcript: Recent messages, oldest first.

        Returns:
            The case after the write, or None when the conversation has no open case.

        Raises:
            StoreError: The database could not be used.
        """
        return self.store.record_note(
            conversation_id=conversation_id, transcript=transcript, targets=self.targets
        )

    def _deliver(self, case_id: str, target: str) -> None:
        try:
            self.outbox.run_once(case_id=case_id, targets=[target])
        except Exception as error:  # the worker retries; the reply has already gone
            logger.warning(
                "Immediate delivery of case %s failed (%s); the worker will retry.",
                case_id,
                type(error).__name__,
            )

    def deliver_in_background(self, case_id: str, targets: Sequence[str]) -> None:
        """Starts delivery attempts of a case's pending deliveries without waiting for them.

        One thread per target (the notifiers use blocking HTTP with timeouts), so a slow target
        does not hold up another; whatever fails stays pending for the worker. Does nothing
        when `ESCALATION_IMMEDIATE_DELIVERY` is off.

        Args:
            case_id: The case.
            targets: The targets deliveries were enqueued for.
        """
        if not self.settings.escalation_immediate_delivery:
            return
        with self._lock:
            if self._pool is None:
                self._pool = concurrent.futures.ThreadPoolExecutor(
                    max_workers=DELIVERY_THREADS, thread_name_prefix="escalation-delivery"
                )
            for target in targets:
                if len(self._in_flight) >= MAX_BACKGROUND:
                    logger.warning("Deliveries backed up: case %s is left to the worker.", case_id)
                    return
                future = self._pool.submit(self._deliver, case_id, target)
                self._in_flight.add(future)
                future.add_done_callback(self._done)

    def _done(self, future: concurrent.futures.Future[Any]) -> None:
        with self._lock:
            self._in_flight.discard(future)

    def wait_for_deliveries(self, timeout: Optional[float] = None) -> None:
        """Waits until the background delivery attempts started so far have finished."""
        with self._lock:
            pending = list(self._in_flight)
        concurrent.futures.wait(pending, timeout=timeout)

    def close(self) -> None:
        """Waits for background attempts, then closes the database connections."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True)
        self.store.dispose()


_service: Optional[EscalationService] = None
_service_lock = threading.Lock()


def get_service() -> EscalationService:
    """Returns the process's service, built from the settings on first use."""
    global _service
    with _service_lock:
        if _service is None:
            _service = EscalationService(get_settings())
        return _service


def set_service(service: Optional[EscalationService]) -> None:
    """Replaces the process's service (tests); None builds a new one from settings on next use.

    Args:
        service: The service to use, or None.
    """
    global _service
    with _service_lock:
        previous, _service = _service, service
    if previous is not None and previous is not service:
        previous.close()
