"""What the model sees in production, compared with what it saw at validation time.

Per model version, odsgr keeps running *counts* (never texts) of its predictions: how many per
SDG, how many under the review threshold, and how many of the words it read were unknown to the
model (out of vocabulary). They live in ``data/drift/<version>.json``, one bucket per UTC day::

    {"version": "v3", "days": {"2025-11-30": {"predictions": 120, "low_confidence": 9,
      "oov_terms": 31, "terms": 2400, "classes": {"3": 50, "4": 70}, "batches": 14,
      "largest_batch": 40}}, "updated_at": "..."}

``batches`` counts the calls that recorded predictions and ``largest_batch`` the biggest one: a
retrain is only suggested when the evidence is spread over at least ``MIN_BATCHES`` calls and no
single call holds more than ``MAX_BATCH_SHARE`` of the predictions, so one anonymous batch of
gibberish cannot flip ``retrain_suggested``.

:class:`DriftRecorder` accumulates in memory and flushes every ``flush_every`` predictions or
``flush_seconds`` seconds (and at exit), so recording costs /predict a few microseconds.
The baseline (the same figures on the fixed validation set) is stored in the version metadata
under ``drift_baseline`` at training time. :func:`report` compares them: PSI of the class shares,
the low-confidence share and the OOV share, with warnings that suggest retraining.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import logging
import math
import threading
import time
import weakref
from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from filelock import FileLock

from odsgr.config import Settings
from odsgr.errors import ModelNotFoundError
from odsgr.model import SpanishAnalyzer, resolve_review_threshold
from odsgr.registry import Registry, atomic_write_json, now_iso
from odsgr.results import DriftReport

__all__ = [
    "PSI_WARNING",
    "LOW_CONFIDENCE_FACTOR",
    "OOV_FACTOR",
    "MIN_PREDICTIONS",
    "MIN_BATCHES",
    "MAX_BATCH_SHARE",
    "OOV_SAMPLE",
    "drift_dir",
    "oov_counts",
    "baseline",
    "store_baseline",
    "load_baseline",
    "DriftRecorder",
    "read_counts",
    "psi",
    "report",
    "time_series",
]

log = logging.getLogger(__name__)

PSI_WARNING = 0.2
LOW_CONFIDENCE_FACTOR = 2.0
OOV_FACTOR = 2.0
MIN_PREDICTIONS = 50
MIN_BATCHES = 3
MAX_BATCH_SHARE = 0.5
OOV_SAMPLE = 200
_PSI_FLOOR = 1e-4


def drift_dir(settings: Settings) -> Path:
    """Folder of the per-version production counts."""
    return settings.data_dir / "drift"


def _counts_path(settings: Settings, version: str) -> Path:
    return drift_dir(settings) / f"{version}.json"


def _baseline_path(settings: Settings, version: str) -> Path:
    return drift_dir(settings) / f"{version}.baseline.json"


# ----------------------------------------------------------------- vocabulary
def _known_mask(vectorizer: Any, text: str) -> np.ndarray | None:
    """Which words of ``text`` the vectoriser knows; ``None`` when it cannot tell.

    ``vectorizer`` is the pipeline's ``tfidf`` step: a scikit-learn vectoriser or odsgr's
    hashing one (untyped library boundary).
    """
    analyzer: Any = getattr(vectorizer, "analyzer", None)
    if hasattr(vectorizer, "known"):  # hashing design: a column is known once a document had it
        analyzer = analyzer or SpanishAnalyzer()
        return vectorizer.known(analyzer.tokens(text))
    vocabulary = getattr(vectorizer, "vocabulary_", None)
    if vocabulary is None:
        return None
    if hasattr(analyzer, "tokens") and hasattr(analyzer, "features_of"):
        words = analyzer.tokens(text)
        return np.array([analyzer.features_of(w)[-1] in vocabulary for w in words], dtype=bool)
    features = vectorizer.build_analyzer()(text)
    return np.array([f in vocabulary for f in features], dtype=bool)


def oov_counts(pipeline: object, texts: Sequence[str]) -> tuple[int, int]:
    """(unknown terms, terms) over ``texts``; (0, 0) when the design cannot tell."""
    steps = getattr(pipeline, "named_steps", {})
    vectorizer = steps.get("tfidf") if hasattr(steps, "get") else None
    unknown = total = 0
    for text in texts:
        mask = _known_mask(vectorizer, text) if vectorizer is not None else None
        if mask is None:
            return 0, 0
        unknown += int((~mask).sum())
        total += int(mask.size)
    return unknown, total


def _sample(texts: Sequence[str], size: int = OOV_SAMPLE) -> list[str]:
    if len(texts) <= size:
        return list(texts)
    step = len(texts) / size
    return [texts[int(i * step)] for i in range(size)]


# ------------------------------------------------------------------- baseline
def baseline(
    pipeline: object,
    texts: Sequence[str],
    labels: Sequence[int] | np.ndarray,
    probabilities: Sequence[float] | np.ndarray,
    review_threshold: float,
) -> dict:
    """The figures of ``pipeline`` on the validation set (predicted ``labels``, top probabilities).

    Returns ``{"predictions", "class_shares", "low_confidence_share", "oov_share",
    "review_threshold"}``.
    """
    label_array = np.asarray(labels, dtype=int)
    probability_array = np.asarray(probabilities, dtype=float)
    n = max(len(label_array), 1)
    unknown, total = oov_counts(pipeline, list(texts))
    shares: Counter[int] = Counter(label_array.tolist())
    low_confidence = float((probability_array < review_threshold).sum())
    return {
        "predictions": int(len(label_array)),
        "class_shares": {str(k): round(v / n, 6) for k, v in sorted(shares.items())},
        "low_confidence_share": round(low_confidence / n, 6),
        "oov_share": round(unknown / total, 6) if total else None,
        "review_threshold": review_threshold,
    }


def store_baseline(settings: Settings, version: str, figures: dict) -> None:
    """Keep the baseline of a version trained before baselines existed (a side file)."""
    atomic_write_json(_baseline_path(settings, version), figures)


def load_baseline(settings: Settings, version: str) -> dict | None:
    """The baseline from the version metadata, else from the side file, else ``None``."""
    stored = Registry(settings).get(version).metadata.get("drift_baseline")
    if stored:
        return stored
    path = _baseline_path(settings, version)
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


# ------------------------------------------------------------------ recording
def _empty_bucket() -> dict:
    return {
        "predictions": 0,
        "low_confidence": 0,
        "oov_terms": 0,
        "terms": 0,
        "classes": {},
        "batches": 0,
        "largest_batch": 0,
    }


def _merge(into: dict, bucket: dict) -> None:
    for key in ("predictions", "low_confidence", "oov_terms", "terms", "batches"):
        into[key] = into.get(key, 0) + bucket.get(key, 0)
    into["largest_batch"] = max(into.get("largest_batch", 0), bucket.get("largest_batch", 0))
    classes = into.setdefault("classes", {})
    for label, count in bucket["classes"].items():
        classes[label] = classes.get(label, 0) + count


_RECORDERS: weakref.WeakSet = weakref.WeakSet()


@atexit.register
def _flush_all() -> None:
    for recorder in list(_RECORDERS):
        try:
            recorder.flush()
        except Exception:  # exit must go on; the counts are only statistics
            log.exception("Could not flush the drift counts at exit")


class DriftRecorder:
    """Accumulates production counts in memory and merges them into the files now and then."""

    def __init__(
        self, settings: Settings, flush_every: int = 200, flush_seconds: float = 30.0
    ) -> None:
        self.settings = settings
        self.flush_every = flush_every
        self.flush_seconds = flush_seconds
        self._pending: dict[str, dict[str, dict]] = {}
        self._unflushed = 0
        self._last_flush = time.monotonic()
        self._lock = threading.Lock()
        self._call = threading.local()  # the open one_call() of this thread, if any
        _RECORDERS.add(self)

    @contextlib.contextmanager
    def one_call(self) -> Iterator[None]:
        """Count every :meth:`record` of this thread inside as one call (one batch).

        A /predict_batch list or a file is scored in many pieces; for the spread rule of
        :func:`report` they are still one caller's contribution.
        """
        if getattr(self._call, "size", None) is not None:  # nested: the outer call counts
            yield
            return
        self._call.size, self._call.version = 0, None
        try:
            yield
        finally:
            size, version, self._call.size = self._call.size, self._call.version, None
            if size:
                day = datetime.now(UTC).date().isoformat()
                with self._lock:
                    bucket = self._pending.setdefault(version, {}).setdefault(day, _empty_bucket())
                    _merge(bucket, {"batches": 1, "largest_batch": size, "classes": {}})

    def record(
        self,
        version: str,
        pipeline: object,
        texts: Sequence[str],
        labels: Sequence[int] | np.ndarray,
        probabilities: Sequence[float] | np.ndarray,
    ) -> None:
        """Count one batch of predictions (texts are only used to count unknown words)."""
        if len(labels) == 0:
            return
        unknown, total = oov_counts(pipeline, _sample(texts))
        threshold = resolve_review_threshold(pipeline, self.settings.review_threshold)
        low = int((np.asarray(probabilities, dtype=float) < threshold).sum())
        classes = Counter(str(int(label)) for label in labels)
        day = datetime.now(UTC).date().isoformat()
        grouped = getattr(self._call, "size", None) is not None
        if grouped:
            self._call.size += len(labels)
            self._call.version = version
        with self._lock:
            bucket = self._pending.setdefault(version, {}).setdefault(day, _empty_bucket())
            _merge(
                bucket,
                {
                    "predictions": len(labels),
                    "low_confidence": low,
                    "oov_terms": unknown,
                    "terms": total,
                    "classes": dict(classes),
                    "batches": 0 if grouped else 1,
                    "largest_batch": 0 if grouped else len(labels),
                },
            )
            self._unflushed += len(labels)
            due = (
                self._unflushed >= self.flush_every
                or time.monotonic() - self._last_flush >= self.flush_seconds
            )
        if due:
            self.flush()

    def flush(self) -> None:
        """Merge the in-memory counts into ``data/drift/<version>.json`` (atomic, locked)."""
        with self._lock:
            pending, self._pending = self._pending, {}
            self._unflushed = 0
            self._last_flush = time.monotonic()
        if not pending:
            return
        folder = drift_dir(self.settings)
        folder.mkdir(parents=True, exist_ok=True)
        with FileLock(str(folder / ".lock"), timeout=30):
            for version, days in pending.items():
                stored = read_counts(self.settings, version)
                for day, bucket in days.items():
                    _merge(stored["days"].setdefault(day, _empty_bucket()), bucket)
                stored["updated_at"] = now_iso()
                atomic_write_json(_counts_path(self.settings, version), stored)


def read_counts(settings: Settings, version: str) -> dict:
    """The stored production counts of ``version`` (empty when nothing was recorded)."""
    path = _counts_path(settings, version)
    if not path.is_file():
        return {"version": version, "days": {}}
    return json.loads(path.read_text(encoding="utf-8"))


# -------------------------------------------------------------------- reports
def psi(expected: dict[str, float], actual: dict[str, float]) -> float:
    """Population stability index between two share dictionaries (zero shares floored)."""
    total = 0.0
    for label in set(expected) | set(actual):
        e = max(float(expected.get(label, 0.0)), _PSI_FLOOR)
        a = max(float(actual.get(label, 0.0)), _PSI_FLOOR)
        total += (a - e) * math.log(a / e)
    return total


def _figures(bucket: dict) -> dict:
    n = bucket["predictions"]
    return {
        "predictions": n,
        "class_shares": {k: v / n for k, v in sorted(bucket["classes"].items())} if n else {},
        "low_confidence_share": bucket["low_confidence"] / n if n else None,
        "oov_share": bucket["oov_terms"] / bucket["terms"] if bucket["terms"] else None,
    }


def _ratio(now: float | None, then: float | None) -> float | None:
    if now is None or then is None:
        return None
    return now / then if then > 0 else (math.inf if now > 0 else 1.0)


def report(settings: Settings, version: str) -> DriftReport:
    """Production figures of ``version`` against its validation baseline, with warnings.

    Raises:
        ModelNotFoundError: ``version`` does not exist.
    """
    base = load_baseline(settings, version)
    totals = _empty_bucket()
    for bucket in read_counts(settings, version)["days"].values():
        _merge(totals, bucket)
    production = _figures(totals)
    warnings: list[str] = []
    psi_value: float | None = None
    low_confidence_ratio: float | None = None
    oov_ratio: float | None = None

    def result(retrain_suggested: bool = False) -> DriftReport:
        return DriftReport(
            version=version,
            baseline=base,
            production=production,
            psi=psi_value,
            low_confidence_ratio=low_confidence_ratio,
            oov_ratio=oov_ratio,
            warnings=tuple(warnings),
            retrain_suggested=retrain_suggested,
        )

    if base is None:
        warnings.append(f"La versión {version} no tiene línea base de validación.")
        return result()
    if production["predictions"] == 0:
        return result()
    psi_value = round(psi(base["class_shares"], production["class_shares"]), 6)
    low_confidence_ratio = _ratio(production["low_confidence_share"], base["low_confidence_share"])
    oov_ratio = _ratio(production["oov_share"], base.get("oov_share"))
    if production["predictions"] < MIN_PREDICTIONS:
        count = production["predictions"]
        warnings.append(
            f"Solo {count} {'predicción' if count == 1 else 'predicciones'}: aún son pocas para "
            "juzgar la deriva."
        )
        return result()
    if psi_value > PSI_WARNING:
        warnings.append(
            f"El reparto de ODS predichos ha cambiado (PSI {psi_value:.3f} > {PSI_WARNING})."
        )
    if (low_confidence_ratio or 0) >= LOW_CONFIDENCE_FACTOR:
        warnings.append(
            "Las predicciones de baja confianza se han duplicado: "
            f"{production['low_confidence_share']:.1%} frente a "
            f"{base['low_confidence_share']:.1%} en validación."
        )
    if (oov_ratio or 0) >= OOV_FACTOR:
        warnings.append(
            "Las palabras desconocidas para el modelo se han duplicado: "
            f"{production['oov_share']:.1%} frente a {base['oov_share']:.1%} en validación."
        )
    if not warnings:
        return result()
    n, batches, largest = production["predictions"], totals["batches"], totals["largest_batch"]
    if batches < MIN_BATCHES or largest > MAX_BATCH_SHARE * n:
        warnings.append(
            f"Estas predicciones vienen de {batches} llamada(s) y la mayor reúne {largest} de "
            f"{n}: no bastan para sugerir un reentrenamiento (hacen falta al menos {MIN_BATCHES} "
            f"llamadas y ninguna con más del {MAX_BATCH_SHARE:.0%})."
        )
        return result()
    warnings.append("Conviene revisar textos recientes y reentrenar el modelo.")
    return result(retrain_suggested=True)


def time_series(settings: Settings, version: str) -> pd.DataFrame:
    """One row per day: predictions, low-confidence share, OOV share and PSI vs the baseline."""
    try:
        base = load_baseline(settings, version)
    except ModelNotFoundError:
        base = None
    rows = []
    for day, bucket in sorted(read_counts(settings, version)["days"].items()):
        figures = _figures(bucket)
        rows.append(
            {
                "date": day,
                "predictions": figures["predictions"],
                "low_confidence_share": figures["low_confidence_share"],
                "oov_share": figures["oov_share"],
                "psi": psi(base["class_shares"], figures["class_shares"]) if base else None,
            }
        )
    columns = ["date", "predictions", "low_confidence_share", "oov_share", "psi"]
    return pd.DataFrame(rows, columns=columns)
