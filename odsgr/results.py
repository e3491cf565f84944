"""Typed results that cross layers (service → UI, API, CLI): frozen dataclasses.

Screens and the CLI's text output read their attributes; ``to_dict()`` gives the
JSON-serialisable form and is used only at the JSON edge (API endpoints, the CLI's JSON output,
version metadata on disk).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from odsgr.model import Explanation

__all__ = [
    "AugmentOptions",
    "DriftReport",
    "GateDecision",
    "Intake",
    "Prediction",
    "RetrainSummary",
    "TrainSummary",
]


@dataclass(frozen=True)
class GateDecision:
    """Whether a candidate may replace the current version (see
    :func:`odsgr.evaluate.promotion_gate`); ``reasons`` are in Spanish."""

    accepted: bool
    reasons: tuple[str, ...]
    f1_delta: float | None
    recall_deltas: Mapping[str, float]
    f1_tolerance: float
    recall_tolerance: float

    def to_dict(self) -> dict[str, Any]:
        """``{"accepted", "reasons", "f1_delta", "recall_deltas", "f1_tolerance",
        "recall_tolerance"}``."""
        return {
            "accepted": self.accepted,
            "reasons": list(self.reasons),
            "f1_delta": self.f1_delta,
            "recall_deltas": dict(self.recall_deltas),
            "f1_tolerance": self.f1_tolerance,
            "recall_tolerance": self.recall_tolerance,
        }


@dataclass(frozen=True)
class Prediction:
    """One classified text, as :meth:`odsgr.service.Service.predict` returns it.

    ``probabilities`` are keyed by the SDG number as a string; ``explanation`` (rounded term
    weights and highlights) is ``None`` when it was not asked for.
    """

    label: int
    label_name: str
    probability: float
    probabilities: Mapping[str, float]
    needs_review: bool
    in_scope: bool
    out_of_scope_probability: float
    review_reasons: tuple[str, ...]
    model_version: str
    warnings: tuple[str, ...]
    queued_for_review: bool
    explanation: Explanation | None = None

    def to_dict(self) -> dict[str, Any]:
        """The API's JSON form; ``explanation`` (``{"terms", "highlights"}``) only when set."""
        result: dict[str, Any] = {
            "label": self.label,
            "label_name": self.label_name,
            "probability": self.probability,
            "probabilities": dict(self.probabilities),
            "needs_review": self.needs_review,
            "in_scope": self.in_scope,
            "out_of_scope_probability": self.out_of_scope_probability,
            "review_reasons": list(self.review_reasons),
            "model_version": self.model_version,
            "warnings": list(self.warnings),
            "queued_for_review": self.queued_for_review,
        }
        if self.explanation is not None:
            result["explanation"] = {
                "terms": [[term, weight] for term, weight in self.explanation.terms],
                "highlights": self.explanation.highlights,
            }
        return result


@dataclass(frozen=True)
class Intake:
    """What the labelled rows read became against the history.

    ``rows_read`` = ``new_texts`` + ``already_stored`` + ``relabelled`` + ``conflicts`` +
    ``dropped`` (+ the rows of the validation set); ``relabels`` lists the first relabels
    (``text``, ``previous_label``, ``label``, ``source``).
    """

    rows_read: int
    new_texts: int
    already_stored: int
    relabelled: int
    conflicts: int
    dropped: int
    relabels: tuple[Mapping[str, Any], ...]

    def to_dict(self) -> dict[str, Any]:
        """The intake figures, flat (they are spread into the summaries' JSON)."""
        return {
            "rows_read": self.rows_read,
            "new_texts": self.new_texts,
            "already_stored": self.already_stored,
            "relabelled": self.relabelled,
            "conflicts": self.conflicts,
            "dropped": self.dropped,
            "relabels": [dict(relabel) for relabel in self.relabels],
        }


@dataclass(frozen=True)
class TrainSummary:
    """A new current version trained by :meth:`odsgr.service.Service.train`."""

    version: str
    parent: str | None
    demo: bool
    current: bool
    class_counts: Mapping[str, int]
    train_rows: int
    intake: Intake
    in_validation: int
    to_validation: int
    validation_rows: int
    validation_revision: int
    validation_metrics: Mapping[str, Any]
    data_reports: Mapping[str, Any]

    @property
    def rows_in_validation_skipped(self) -> int:
        """Input rows left out because they are in the validation set (= ``in_validation``)."""
        return self.in_validation

    def to_dict(self) -> dict[str, Any]:
        """The JSON summary (intake figures spread at the top level)."""
        return {
            "version": self.version,
            "parent": self.parent,
            "demo": self.demo,
            "current": self.current,
            "class_counts": dict(self.class_counts),
            "train_rows": self.train_rows,
            **self.intake.to_dict(),
            "in_validation": self.in_validation,
            "to_validation": self.to_validation,
            "rows_in_validation_skipped": self.rows_in_validation_skipped,
            "validation_rows": self.validation_rows,
            "validation_revision": self.validation_revision,
            "validation_metrics": dict(self.validation_metrics),
            "data_reports": dict(self.data_reports),
        }


@dataclass(frozen=True)
class RetrainSummary:
    """A candidate fitted and judged by :meth:`odsgr.service.Service.retrain`.

    ``strategy`` is the one used (``incremental`` may fall back to ``batch``; ``message`` says
    why); ``current`` is the current version after the call; ``augmentation`` is the LLM
    balancing report, or ``None``.
    """

    candidate: str
    parent: str
    strategy: str
    requested_strategy: str
    message: str
    gate: GateDecision
    promoted: bool
    forced: bool
    current: str | None
    intake: Intake
    in_validation: int
    to_validation: int
    train_rows: int
    validation_rows: int
    validation_revision: int
    current_metrics: Mapping[str, Any]
    candidate_metrics: Mapping[str, Any]
    comparison: Sequence[Mapping[str, Any]]
    current_confusion_matrix: Sequence[Sequence[int]]
    candidate_confusion_matrix: Sequence[Sequence[int]]
    labels: Sequence[int]
    data_reports: Mapping[str, Any]
    augmentation: Mapping[str, Any] | None

    @property
    def new_rows(self) -> int:
        """Texts not in the history before (= ``intake.new_texts``)."""
        return self.intake.new_texts

    @property
    def rows_in_validation_skipped(self) -> int:
        """Input rows left out because they are in the validation set (= ``in_validation``)."""
        return self.in_validation

    def to_dict(self) -> dict[str, Any]:
        """The JSON summary (intake figures spread at the top level)."""
        return {
            "candidate": self.candidate,
            "parent": self.parent,
            "strategy": self.strategy,
            "requested_strategy": self.requested_strategy,
            "message": self.message,
            "gate": self.gate.to_dict(),
            "promoted": self.promoted,
            "forced": self.forced,
            "current": self.current,
            **self.intake.to_dict(),
            "in_validation": self.in_validation,
            "to_validation": self.to_validation,
            "new_rows": self.new_rows,
            "train_rows": self.train_rows,
            "rows_in_validation_skipped": self.rows_in_validation_skipped,
            "validation_rows": self.validation_rows,
            "validation_revision": self.validation_revision,
            "current_metrics": dict(self.current_metrics),
            "candidate_metrics": dict(self.candidate_metrics),
            "comparison": [dict(row) for row in self.comparison],
            "current_confusion_matrix": self.current_confusion_matrix,
            "candidate_confusion_matrix": self.candidate_confusion_matrix,
            "labels": self.labels,
            "data_reports": dict(self.data_reports),
            "augmentation": None if self.augmentation is None else dict(self.augmentation),
        }


@dataclass(frozen=True)
class DriftReport:
    """Production figures of a version against its validation baseline (see
    :func:`odsgr.drift.report`); shares are fractions in [0, 1], ``None`` when unknown."""

    version: str
    baseline: Mapping[str, Any] | None
    production: Mapping[str, Any]
    psi: float | None
    low_confidence_ratio: float | None
    oov_ratio: float | None
    warnings: tuple[str, ...]
    retrain_suggested: bool

    def to_dict(self) -> dict[str, Any]:
        """``{"version", "baseline", "production", "psi", "low_confidence_ratio", "oov_ratio",
        "warnings", "retrain_suggested"}``."""
        return {
            "version": self.version,
            "baseline": None if self.baseline is None else dict(self.baseline),
            "production": dict(self.production),
            "psi": self.psi,
            "low_confidence_ratio": self.low_confidence_ratio,
            "oov_ratio": self.oov_ratio,
            "warnings": list(self.warnings),
            "retrain_suggested": self.retrain_suggested,
        }


@dataclass(frozen=True)
class AugmentOptions:
    """How :meth:`odsgr.service.Service.retrain` balances the training set with an LLM.

    Unset (``None``) options take :func:`odsgr.augment.augment`'s defaults (the settings'
    model, endpoint, key and seed). Set ``cancel`` to stop after the current request.
    """

    ratio: float = 0.8
    seed: int | None = None
    model_name: str | None = None
    base_url: str | None = None
    api_key: str | None = field(default=None, repr=False)
    timeout: float | None = None
    max_retries: int | None = None
    texts_per_request: int | None = None
    sources_per_request: int | None = None
    cancel: threading.Event | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The keyword arguments of :func:`odsgr.augment.augment` that are set."""
        options = {
            "ratio": self.ratio,
            "seed": self.seed,
            "model_name": self.model_name,
            "base_url": self.base_url,
            "api_key": self.api_key,
            "timeout": self.timeout,
            "max_retries": self.max_retries,
            "texts_per_request": self.texts_per_request,
            "sources_per_request": self.sources_per_request,
            "cancel": self.cancel,
        }
        return {key: value for key, value in options.items() if value is not None}
