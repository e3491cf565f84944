"""The versions of a home: listing them, their metrics, and deciding which one is current
(promote, discard, rollback), under the rule of :meth:`Registry.check_may_become_current`."""

from __future__ import annotations

from collections.abc import Callable

from odsgr import recovery
from odsgr.config import Settings
from odsgr.errors import DataError
from odsgr.registry import Registry

# Version metadata on calibration, scope and the «revisar» threshold, shown with the metrics.
RELIABILITY_KEYS = ("calibration", "risk_coverage", "review_threshold", "review_budget", "scope")


class VersionBook:
    """Version operations of one home; ``make_current(version, action, actor)`` points current
    at a version and commits its pending rows (and mirrors the change on the Hub)."""

    def __init__(
        self, settings: Settings, registry: Registry, make_current: Callable[..., dict]
    ) -> None:
        self.settings = settings
        self.registry = registry
        self._make_current = make_current

    def _promote_locked(self, version: str, force: bool, actor: str) -> dict:
        self.registry.check_may_become_current(version, force=force)
        return self._make_current(version, action="promote", actor=actor)

    def promote(self, version: str, force: bool = False, actor: str = "") -> dict:
        """Make candidate ``version`` current; its new rows join the history.

        Without ``force`` only a version that passed the gate (or was current before) may
        become current (see :meth:`Registry.check_may_become_current`).
        """
        with self.registry.retrain_lock():
            self._promote_locked(version, force=force, actor=actor)
        return {"current": version}

    def discard(self, version: str, actor: str = "") -> dict:
        """Discard a candidate: it stays on disk for audit, its new rows are set aside."""
        with self.registry.retrain_lock():
            if version == self.registry.current_version():
                raise DataError(f"La versión {version} es la actual; no se puede descartar.")
            status = self.registry.status_of(version)
            if status not in ("candidate", "rejected"):
                raise DataError(
                    f"Solo se descartan candidatas pendientes; la versión {version} no lo es "
                    f"(estado: {status})."
                )
            self.registry.discard_pending(version, actor=actor)
        return {"discarded": version, "current": self.registry.current_version()}

    def rollback(self, version: str, actor: str = "", force: bool = False) -> dict:
        """Make an earlier ``version`` current again (nothing is deleted).

        Same rule as :meth:`promote`: rejected, discarded and demo versions need ``force``.
        """
        self.registry.check_may_become_current(version, force=force)
        if version not in self.registry.pending_versions():  # nothing to commit: no lock needed
            self._make_current(version, action="rollback", actor=actor)
            return {"current": version}
        with self.registry.retrain_lock():
            self.registry.check_may_become_current(version, force=force)
            self._make_current(version, action="rollback", actor=actor)
        return {"current": version}

    def pending_candidates(self) -> list[dict]:
        """Candidates waiting for a decision (promote or discard), oldest first."""
        ttl_s = self.settings.candidate_ttl_h * 3600
        rows = []
        for row in self.versions():
            if row["status"] not in ("candidate", "rejected"):
                continue
            meta = self.registry.get(row["version"]).metadata
            rows.append(
                {
                    "version": row["version"],
                    "created_at": row["created_at"],
                    "status": row["status"],
                    "accepted": bool((row["gate"] or {}).get("accepted", True)),
                    "f1_macro": row["f1_macro"],
                    "pending_rows": meta.get("pending_rows", 0),
                    "expires_in_h": round(
                        max(0.0, ttl_s - recovery.age_s(row["created_at"])) / 3600, 1
                    ),
                }
            )
        return rows

    def versions(self) -> list[dict]:
        """Every version with its date, rows, strategy, parent, gate decision and F1."""
        current = self.registry.current_version()
        rows = []
        for v in self.registry.list_versions():
            meta = v.metadata
            metrics = meta.get("validation_metrics", {})
            rows.append(
                {
                    "version": v.version,
                    "created_at": meta.get("created_at"),
                    "parent": meta.get("parent"),
                    "strategy": meta.get("strategy"),
                    "train_rows": meta.get("train_rows"),
                    "synthetic_rows": meta.get("synthetic_rows", 0),
                    "f1_macro": metrics.get("f1_macro"),
                    "precision_macro": metrics.get("precision_macro"),
                    "recall_macro": metrics.get("recall_macro"),
                    "accuracy": metrics.get("accuracy"),
                    "ece": meta.get("calibration", {}).get("ece"),
                    "review_threshold": meta.get("review_threshold"),
                    "gate": meta.get("gate"),
                    "status": self.registry.status_of(v.version),
                    "current": v.version == current,
                    "demo": bool(meta.get("demo", False)),
                    "validation_rows": meta.get("validation_rows"),
                }
            )
        return rows

    def metrics(self, version: str | None = None) -> dict:
        """The stored validation metrics of the current (or given) version."""
        v = self.registry.get(version) if version else self.registry.current()
        reliability = {key: v.metadata[key] for key in RELIABILITY_KEYS if key in v.metadata}
        return {"version": v.version, **v.metadata["validation_metrics"], **reliability}

    def current_info(self) -> dict:
        """What the app shows about the current version: id, date, demo flag, data fingerprint.

        Raises:
            ModelNotFoundError: no model has been trained yet.
        """
        current = self.registry.current()
        meta = current.metadata
        return {
            "version": current.version,
            "created_at": meta.get("created_at"),
            "demo": bool(meta.get("demo", False)),
            "data_sha256": meta.get("data_sha256"),
            "train_rows": meta.get("train_rows"),
            "labels": meta.get("labels", []),
        }
