"""The process-wide case store, notifiers and outbox, built lazily from the settings.

Nothing is built at import time; the first action (or the worker) that needs the store builds
it, and the database is only connected to on the first query. Tests swap in their own objects
with `configure()` and go back to the defaults with `reset()`.
"""

from __future__ import annotations

import threading
from typing import Dict, Mapping, Optional

from actions.escalation.notifiers import Notifier, build_notifiers
from actions.escalation.outbox import Outbox, RetryPolicy, worker_id
from actions.escalation.store import CaseStore
from clinic.settings import Settings, get_settings

_lock = threading.RLock()
_settings: Optional[Settings] = None
_store: Optional[CaseStore] = None
_notifiers: Optional[Dict[str, Notifier]] = None
_outbox: Optional[Outbox] = None


def settings() -> Settings:
    """Returns the settings in use (the environment's unless `configure` set others)."""
    with _lock:
        return _settings or get_settings()


def store_from_settings(config: Settings) -> CaseStore:
    """Builds a case store from settings (does not connect)."""
    return CaseStore(
        config.escalation_db_url,
        episode_hours=config.escalation_episode_hours,
        timeout=config.escalation_db_timeout,
        transcript_limit=config.escalation_transcript_messages,
    )


def outbox_from_settings(
    config: Settings, store: CaseStore, notifiers: Mapping[str, Notifier], role: str
) -> Outbox:
    """Builds an outbox whose lease outlasts a send with the configured timeouts."""
    send_time = config.escalation_http_connect_timeout + config.escalation_http_read_timeout
    return Outbox(
        store,
        notifiers,
        policy=RetryPolicy(
            base=config.escalation_retry_base_seconds, cap=config.escalation_retry_max_seconds
        ),
        owner=worker_id(role),
        lease_seconds=max(60.0, 4 * send_time),
    )


def get_store() -> CaseStore:
    """Returns the process's case store."""
    global _store
    with _lock:
        if _store is None:
            _store = store_from_settings(settings())
        return _store


def get_notifiers() -> Dict[str, Notifier]:
    """Returns the process's configured notifiers (target name -> notifier)."""
    global _notifiers
    with _lock:
        if _notifiers is None:
            _notifiers = build_notifiers(settings())
        return _notifiers


def get_outbox() -> Outbox:
    """Returns the process's outbox (used by the action server for immediate tries)."""
    global _outbox
    with _lock:
        if _outbox is None:
            _outbox = outbox_from_settings(settings(), get_store(), get_notifiers(), "actions")
        return _outbox


def configure(
    settings: Optional[Settings] = None,
    store: Optional[CaseStore] = None,
    notifiers: Optional[Mapping[str, Notifier]] = None,
    outbox: Optional[Outbox] = None,
) -> None:
    """Replaces what the actions use (tests); anything not given is rebuilt lazily."""
    global _settings, _store, _notifiers, _outbox
    with _lock:
        _settings = settings
        _store = store
        _notifiers = dict(notifiers) if notifiers is not None else None
        _outbox = outbox


def reset() -> None:
    """Forgets every object built so far (they are rebuilt from the settings on next use)."""
    global _store
    with _lock:
        if _store is not None:
            _store.dispose()
    configure()
