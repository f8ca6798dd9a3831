"""Delivers the outbox: claims due deliveries, sends them, records the outcome.

Semantics (see also the README):
- A delivery is a (case, target, revision). It is claimed by one worker at a time (a lease in
  the database), sent, and then either marked delivered (never sent again) or rescheduled with
  exponential backoff and jitter, capped, honouring the target's `Retry-After`. It is never
  dropped: a target that is down for hours gets it when it is back, even after restarts, since
  the state lives in the database and any new `Outbox` picks pending deliveries up.
- "Once" means at most one successful send per (case, target, revision) is recorded, and a
  recorded one is never resent. A send whose outcome is lost (the process dies after the target
  accepted it but before it was recorded, or the target accepted it after our timeout) is sent
  again after the lease expires, with the same `Idempotency-Key: <case_id>:<revision>`, so the
  webhook receiver can drop the duplicate; Slack has no such key, so a duplicate post is
  possible in that window.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable, Mapping, Optional, Sequence

from escalation.db import StoreError
from escalation.notifiers import Notifier, SendResult
from escalation.queue import ClaimedDelivery
from escalation.rules import utcnow
from escalation.store import CaseStore

logger = logging.getLogger(__name__)

#: Retry-After values above this are treated as this (seconds).
MAX_RETRY_AFTER = 3600.0

#: Pauses (s) between attempts to record an accepted send while the database is busy.
RECORD_PAUSES = (0.2, 1.0, 3.0)


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with jitter, capped.

    Attempt n (1-based) waits `min(cap, base * 2**(n-1))`, scaled by a random factor in
    [0.5, 1.0] so that workers do not retry in lockstep; a target's `Retry-After` is a minimum.

    Attributes:
        base: Delay after the first failure (s).
        cap: Longest delay (s).
    """

    base: float = 5.0
    cap: float = 300.0

    def delay(
        self,
        attempts: int,
        retry_after: Optional[float] = None,
        rng: Optional[random.Random] = None,
    ) -> float:
        """Returns the seconds to wait before the next attempt.

        Args:
            attempts: Attempts made so far (at least 1).
            retry_after: What the target asked for, if anything.
            rng: Random source (tests).

        Returns:
            The delay in seconds.
        """
        exponent = min(max(attempts, 1) - 1, 30)
        ceiling = min(self.cap, self.base * (2**exponent))
        factor = 0.5 + 0.5 * (rng or random).random()
        delay = ceiling * factor
        if retry_after is not None:
            delay = max(delay, min(retry_after, MAX_RETRY_AFTER))
        return delay


@dataclass
class OutboxRun:
    """What one pass over the outbox did.

    Attributes:
        delivered: Deliveries that got through.
        failed: Deliveries that failed and were rescheduled.
    """

    delivered: int = 0
    failed: int = 0

    @property
    def attempted(self) -> int:
        """Deliveries attempted."""
        return self.delivered + self.failed


def worker_id(role: str) -> str:
    """Returns an id for this process's claims, e.g. `host:1234:worker`."""
    return f"{socket.gethostname()}:{os.getpid()}:{role}"


class Outbox:
    """Sends due deliveries to their targets.

    Args:
        store: The case store.
        notifiers: Target name -> notifier; deliveries for other targets stay pending.
        policy: Retry policy.
        owner: Id of this worker in claims.
        lease_seconds: How long a claim holds; longer than one send can take.
        clock: Current time (tests).
        rng: Random source for jitter (tests).
        sleep: Waits between attempts to record a send (tests).
    """

    def __init__(
        self,
        store: CaseStore,
        notifiers: Mapping[str, Notifier],
        policy: Optional[RetryPolicy] = None,
        owner: Optional[str] = None,
        lease_seconds: float = 120.0,
        clock: Callable[[], datetime] = utcnow,
        rng: Optional[random.Random] = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.store = store
        self.notifiers = dict(notifiers)
        self.policy = policy or RetryPolicy()
        self.owner = owner or worker_id("outbox")
        self.lease_seconds = lease_seconds
        self._clock = clock
        self._rng = rng
        self._sleep = sleep

    def run_once(
        self,
        max_deliveries: int = 50,
        case_id: Optional[str] = None,
        targets: Optional[Sequence[str]] = None,
    ) -> OutboxRun:
        """Sends every due delivery, one claim at a time, up to `max_deliveries`.

        Claiming one delivery at a time keeps each lease short and sends the most urgent case
        first. A failed delivery is rescheduled in the future, so it is not retried within the
        same pass.

        Args:
            max_deliveries: Most deliveries attempted in this pass.
            case_id: Only this case's deliveries (the action server's immediate try).
            targets: Only these targets (so that a slow target does not hold up another);
                default all configured ones.

        Returns:
            What was done.

        Raises:
            StoreError: The database could not be used (nothing is lost: pending deliveries
                stay pending).
        """
        run = OutboxRun()
        wanted = [t for t in (targets or self.notifiers) if t in self.notifiers]
        if not wanted:
            return run
        self.store.queue.supersede_stale(now=self._clock())
        while run.attempted < max_deliveries:
            claimed = self.store.claim_due(
                self.owner,
                wanted,
                self.lease_seconds,
                limit=1,
                case_id=case_id,
                now=self._clock(),
            )
            if not claimed:
                break
            delivery = claimed[0]
            notifier = self.notifiers[delivery.target]
            try:
                result = notifier.send(delivery)
            except Exception as error:  # a bug in a notifier must not stop the outbox
                result = SendResult(ok=False, error=f"exception:{type(error).__name__}")
            if result.ok:
                run.delivered += 1
                self._record_delivered(delivery, result.external_ref)
                logger.info(
                    "Case %s revision %d delivered to %s (attempt %d).",
                    delivery.case_id,
                    delivery.revision,
                    delivery.target,
                    delivery.attempts,
                )
                continue
            run.failed += 1
            delay = self.policy.delay(delivery.attempts, result.retry_after, self._rng)
            now = self._clock()
            self.store.mark_failed(
                delivery.id,
                self.owner,
                result.error or "unknown",
                now + timedelta(seconds=delay),
                now=now,
            )
            log = logger.error if delivery.attempts >= 3 else logger.warning
            log(
                "Case %s revision %d not delivered to %s (%s, attempt %d); next try in %.0f s.",
                delivery.case_id,
                delivery.revision,
                delivery.target,
                result.error or "unknown",
                delivery.attempts,
                delay,
            )
        return run

    def _record_delivered(self, delivery: ClaimedDelivery, external_ref: Optional[str]) -> None:
        """Records a send the target accepted, trying again while the database is busy.

        A success that is not recorded is sent again when the lease expires, so a lock held
        for a moment by another writer must not cost the doctor a second notification.

        Raises:
            StoreError: The database could not be used after every attempt (the delivery is
                sent again later with the same idempotency key).
        """
        for pause in (*RECORD_PAUSES, None):
            try:
                self.store.mark_delivered(delivery.id, external_ref, now=self._clock())
                return
            except StoreError:
                if pause is not None:
                    self._sleep(pause)
                    continue
                logger.error(
                    "Case %s revision %d reached %s but could not be recorded: it will be "
                    "sent again with the same idempotency key.",
                    delivery.case_id,
                    delivery.revision,
                    delivery.target,
                )
                raise
