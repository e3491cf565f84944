"""Start-up repair of a home: what a crash or a kill left half-done is committed or discarded.

See ``docs/data-lifecycle.md`` for the invariants this restores.
"""

from __future__ import annotations

import logging

import pandas as pd

from odsgr.config import Settings
from odsgr.errors import RetrainInProgressError
from odsgr.registry import Registry

log = logging.getLogger(__name__)

# Temporary folders younger than this may belong to a save in progress and are left alone.
STARTUP_CLEAN_AGE_S = 2.0


def recover_interrupted(settings: Settings, registry: Registry) -> None:
    """Undo what a crash left half-done, unless a retrain (maybe another process's) runs.

    Repairs an unreadable ``current.json``; commits the pending rows of versions that were
    made current (killed before the commit ended; the commit is idempotent); discards
    interrupted trainings, candidates that lost their rows and candidates older than
    ``settings.candidate_ttl_h``; folds a history holding repeated texts.
    """
    if not settings.models_dir.is_dir():
        return
    try:
        with registry.retrain_lock(wait_s=0.0):
            registry.clean_incomplete(older_than_s=STARTUP_CLEAN_AGE_S)
            if not registry.pointer_is_valid():
                fallback = registry.fallback_current()
                if fallback:
                    registry.set_current(fallback, action="repair", actor="start-up")
            settle_candidates(settings, registry)
            registry.repair_history()
    except RetrainInProgressError:
        log.info("A retrain is running; the start-up clean-up is left to it")
    except OSError as error:
        log.warning("Start-up clean-up skipped: %s", error)


def settle_candidates(settings: Settings, registry: Registry) -> None:
    """Commit or discard what versions left in ``data/pending`` (under the retrain lock)."""
    current = registry.current_version()
    pending = set(registry.pending_versions())
    ttl_s = settings.candidate_ttl_h * 3600
    for chosen in registry.list_versions():
        version, meta = chosen.version, chosen.metadata
        status = registry.status_of(version)
        has_rows = version in pending
        if has_rows and (version == current or registry.was_current(version)):
            registry.commit_pending(version)
        elif status == "discarded":
            if has_rows:
                registry.discard_pending(version, actor="start-up", log_event=False)
        elif status not in ("candidate", "rejected") or meta.get("hub"):
            continue  # imported from the Hub: its rows were committed where it was trained
        elif has_rows and not meta.get("gate"):
            log.warning("Discarding %s: its training was interrupted", version)
            registry.discard_pending(version, actor="start-up")
        elif not has_rows and meta.get("pending_rows"):
            log.warning("Discarding %s: its new rows were lost in a crash", version)
            registry.discard_pending(version, actor="start-up")
        elif age_s(meta.get("created_at")) > ttl_s:
            log.info("Discarding %s: candidate older than %g h", version, ttl_s / 3600)
            registry.discard_pending(version, actor="ttl")


def age_s(stamp: object) -> float:
    """Seconds since an ISO-8601 time (0 when it is missing or unreadable)."""
    when = pd.to_datetime(stamp, utc=True, errors="coerce")
    return 0.0 if pd.isna(when) else (pd.Timestamp.now(tz="UTC") - when).total_seconds()
