"""Metrics and comparison tables: what the app, the CLI and the model card show."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import (
    accuracy_score,
    confusion_matrix,
    precision_recall_fscore_support,
)

from odsgr import model
from odsgr.results import GateDecision
from odsgr.sdg import label_name

__all__ = [
    "HEADLINE_METRICS",
    "compute_metrics",
    "headline",
    "score",
    "score_with_overlap",
    "per_class_table",
    "confusion_table",
    "metrics_table",
    "comparison_table",
    "balance_table",
    "promotion_gate",
    "reliability",
    "risk_coverage",
    "REVIEW_BUDGET",
    "choose_review_threshold",
]

HEADLINE_METRICS = ("precision_macro", "recall_macro", "f1_macro", "accuracy")


def compute_metrics(
    y_true: Sequence[int], y_pred: Sequence[int], labels: Sequence[int] | None = None
) -> dict:
    """Macro precision/recall/F1, accuracy, per-class report and confusion matrix.

    Returns a JSON-serialisable dict with keys ``precision_macro``, ``recall_macro``,
    ``f1_macro``, ``accuracy``, ``labels`` (the matrix order), ``confusion_matrix`` (rows = true
    label) and ``per_class`` ({label: {precision, recall, f1, support}}), plus ``n``.
    """
    truth = np.asarray(y_true, dtype=int)
    predicted = np.asarray(y_pred, dtype=int)
    if labels is None:
        labels = sorted(set(truth.tolist()) | set(predicted.tolist()))
    labels = [int(label) for label in labels]
    p, r, f, s = precision_recall_fscore_support(truth, predicted, labels=labels, zero_division=0)
    present = np.isin(labels, truth)  # macro averages over the classes present in the truth
    return {
        "precision_macro": float(p[present].mean()) if present.any() else 0.0,
        "recall_macro": float(r[present].mean()) if present.any() else 0.0,
        "f1_macro": float(f[present].mean()) if present.any() else 0.0,
        "accuracy": float(accuracy_score(truth, predicted)) if len(truth) else 0.0,
        "n": int(len(truth)),
        "labels": labels,
        "confusion_matrix": confusion_matrix(truth, predicted, labels=labels).tolist(),
        "per_class": {
            str(label): {
                "precision": float(p[i]),
                "recall": float(r[i]),
                "f1": float(f[i]),
                "support": int(s[i]),
            }
            for i, label in enumerate(labels)
        },
    }


def headline(metrics: Mapping) -> dict:
    """The :data:`HEADLINE_METRICS` of ``metrics``, rounded to 6 decimals."""
    return {key: round(float(metrics[key]), 6) for key in HEADLINE_METRICS}


def score(
    pipeline: Any, frame: pd.DataFrame, *, predicted: Sequence[int] | np.ndarray | None = None
) -> dict:
    """Metrics of ``pipeline`` on the labelled ``frame`` (columns ``text`` and ``label``).

    Rows labelled «otro» (:data:`odsgr.model.OUT_OF_SCOPE`) are left out: no model predicts
    that class. The labels are those of the remaining rows plus those the model knows.
    ``predicted`` (one label per row of ``frame``) skips the prediction when the caller has it.
    Returns :func:`compute_metrics`' dict.
    """
    inside = (frame["label"].astype(int) != model.OUT_OF_SCOPE).to_numpy()
    truth = frame["label"].astype(int)[inside]
    if predicted is None:
        guessed, _ = model.predict_arrays(pipeline, frame["text"][inside].tolist())
    else:
        guessed = np.asarray(predicted)[inside]
    labels = sorted(set(truth) | set(model.model_labels(pipeline)))
    return compute_metrics(truth, guessed.tolist(), labels)


def score_with_overlap(
    pipeline: Any, frame: pd.DataFrame, in_history: Sequence[bool] | np.ndarray
) -> dict:
    """:func:`score` of ``pipeline`` on ``frame``, knowing which texts it was trained on.

    Texts already in the training history flatter the figures, so the result also has
    ``overlap`` (``rows``, ``in_history``, ``share``), ``unseen_metrics`` (the same metrics on
    the texts not in the history; ``None`` when there are none) and a Spanish ``warning`` when
    some texts overlap. ``in_history`` marks the rows of ``frame`` whose text is in the history.
    """
    inside = (frame["label"].astype(int) != model.OUT_OF_SCOPE).to_numpy()
    frame, seen = frame[inside], np.asarray(in_history, dtype=bool)[inside]
    predicted, _ = model.predict_arrays(pipeline, frame["text"].tolist())
    result = score(pipeline, frame, predicted=predicted)
    share = float(seen.mean()) if len(seen) else 0.0
    result["overlap"] = {
        "rows": int(len(seen)),
        "in_history": int(seen.sum()),
        "share": round(share, 6),
    }
    result["unseen_metrics"] = (
        compute_metrics(frame["label"].astype(int)[~seen], predicted[~seen], result["labels"])
        if (~seen).any()
        else None
    )
    if seen.any():
        result["warning"] = (
            f"El {share:.0%} de los textos ({int(seen.sum())} de {len(seen)}) ya está en el "
            "historial de entrenamiento: esas cifras son optimistas. Vea «unseen_metrics» "
            "para los textos que el modelo no ha visto."
        )
    return result


def per_class_table(metrics: Mapping, language: str = "es") -> pd.DataFrame:
    """The per-class report as a table (one row per SDG)."""
    es = language != "en"
    rows = [
        {
            ("ODS" if es else "SDG"): int(label),
            ("Nombre" if es else "Name"): label_name(int(label), language),
            ("Precisión" if es else "Precision"): round(values["precision"], 4),
            ("Exhaustividad (recall)" if es else "Recall"): round(values["recall"], 4),
            "F1": round(values["f1"], 4),
            ("Textos" if es else "Support"): values["support"],
        }
        for label, values in metrics["per_class"].items()
    ]
    return pd.DataFrame(rows)


def confusion_table(metrics: Mapping, language: str = "es") -> pd.DataFrame:
    """The confusion matrix as a labelled table (rows = true SDG, columns = predicted SDG)."""
    prefix = "SDG" if language == "en" else "ODS"
    names = [f"{prefix} {label}" for label in metrics["labels"]]
    return pd.DataFrame(metrics["confusion_matrix"], index=names, columns=names)


def _delta_relative(before: float, after: float) -> float | None:
    return None if before == 0 else (after - before) / abs(before)


def metrics_table(
    metrics: Mapping, language: str = "es", names: Sequence[str] = HEADLINE_METRICS
) -> pd.DataFrame:
    """The headline metrics of one version: columns «Métrica» and «Valor»."""
    table = comparison_table(metrics, metrics, language, names).iloc[:, :2]
    table.columns = ["Métrica", "Valor"] if language != "en" else ["Metric", "Value"]
    return table


def comparison_table(
    before: Mapping,
    after: Mapping,
    language: str = "es",
    metrics: Sequence[str] = HEADLINE_METRICS,
) -> pd.DataFrame:
    """Before/after metrics with Δ absolute and Δ relative (%) per metric."""
    es = language != "en"
    names = {
        "precision_macro": "Precisión macro" if es else "Macro precision",
        "recall_macro": "Exhaustividad macro" if es else "Macro recall",
        "f1_macro": "F1 macro" if es else "Macro F1",
        "accuracy": "Exactitud" if es else "Accuracy",
    }
    rows = []
    for key in metrics:
        b, a = float(before[key]), float(after[key])
        rel = _delta_relative(b, a)
        rows.append(
            {
                ("Métrica" if es else "Metric"): names.get(key, key),
                ("Antes" if es else "Before"): round(b, 4),
                ("Después" if es else "After"): round(a, 4),
                "Δ abs": round(a - b, 4),
                "Δ rel (%)": None if rel is None else round(100 * rel, 2),
            }
        )
    return pd.DataFrame(rows)


def balance_table(
    before: Mapping[int, int], after: Mapping[int, int] | None = None, language: str = "es"
) -> pd.DataFrame:
    """Class balance: count and % per class, and with ``after`` the after columns and Δ."""
    es = language != "en"
    after = before if after is None else after
    labels = sorted(set(before) | set(after))
    total_b, total_a = sum(before.values()) or 1, sum(after.values()) or 1
    rows = []
    for label in labels:
        b, a = int(before.get(label, 0)), int(after.get(label, 0))
        row = {
            ("ODS" if es else "SDG"): int(label),
            ("Nombre" if es else "Name"): label_name(int(label), language),
            ("Antes" if es else "Before"): b,
            ("% antes" if es else "% before"): round(100 * b / total_b, 2),
        }
        if after is not before:
            rel = _delta_relative(b, a)
            row.update(
                {
                    ("Después" if es else "After"): a,
                    ("% después" if es else "% after"): round(100 * a / total_a, 2),
                    "Δ abs": a - b,
                    "Δ rel (%)": None if rel is None else round(100 * rel, 2),
                }
            )
        rows.append(row)
    return pd.DataFrame(rows)


def promotion_gate(
    current: Mapping | None,
    candidate: Mapping,
    f1_tolerance: float = 0.01,
    recall_tolerance: float = 0.05,
) -> GateDecision:
    """Decide whether ``candidate`` may replace ``current`` (both validation-metric dicts).

    Accepted unless macro-F1 drops by more than ``f1_tolerance`` or any class's recall drops by
    more than ``recall_tolerance``; the decision's reasons are in Spanish.
    """
    if current is None:
        return GateDecision(
            accepted=True,
            reasons=("No hay versión actual con la que comparar.",),
            f1_delta=None,
            recall_deltas={},
            f1_tolerance=f1_tolerance,
            recall_tolerance=recall_tolerance,
        )
    reasons: list[str] = []
    f1_delta = float(candidate["f1_macro"]) - float(current["f1_macro"])
    if f1_delta < -f1_tolerance:
        reasons.append(f"El F1 macro baja {-f1_delta:.4f} (tolerancia {f1_tolerance:.4f}).")
    recall_deltas: dict[str, float] = {}
    for label, values in current.get("per_class", {}).items():
        after = candidate.get("per_class", {}).get(label)
        if after is None:
            continue
        delta = float(after["recall"]) - float(values["recall"])
        recall_deltas[label] = round(delta, 6)
        if delta < -recall_tolerance:
            reasons.append(
                f"La exhaustividad (recall) del ODS {label} baja {-delta:.4f} "
                f"(tolerancia {recall_tolerance:.4f})."
            )
    return GateDecision(
        accepted=not reasons,
        reasons=tuple(reasons),
        f1_delta=round(f1_delta, 6),
        recall_deltas=recall_deltas,
        f1_tolerance=f1_tolerance,
        recall_tolerance=recall_tolerance,
    )


def reliability(correct: Sequence[bool], probability: Sequence[float], bins: int = 10) -> dict:
    """Expected calibration error and the reliability diagram of top-class probabilities.

    Args:
        correct: whether each prediction was right.
        probability: the probability shown for each prediction.
        bins: equal-width probability bins over [0, 1].

    Returns:
        ``{"ece", "n", "bins": [{"low", "high", "count", "confidence", "accuracy"}]}``: ECE is the
        count-weighted mean gap between confidence and accuracy over the non-empty bins.
    """
    right = np.asarray(correct, dtype=float)
    shown = np.asarray(probability, dtype=float)
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(shown, edges[1:-1], right=True), 0, bins - 1)
    rows, gap = [], 0.0
    for b in range(bins):
        inside = which == b
        count = int(inside.sum())
        if not count:
            continue
        confidence, accuracy = float(shown[inside].mean()), float(right[inside].mean())
        gap += count * abs(confidence - accuracy)
        rows.append(
            {
                "low": round(float(edges[b]), 4),
                "high": round(float(edges[b + 1]), 4),
                "count": count,
                "confidence": round(confidence, 6),
                "accuracy": round(accuracy, 6),
            }
        )
    n = len(right)
    return {"ece": round(gap / n, 6) if n else 0.0, "n": int(n), "bins": rows}


def risk_coverage(
    correct: Sequence[bool], uncertainty: Sequence[float], points: int = 21
) -> list[dict]:
    """Share of texts flagged vs share of errors caught when the most uncertain are reviewed.

    Args:
        correct: whether each prediction was right.
        uncertainty: higher means reviewed first (e.g. 1 − probability).
        points: flagged shares evaluated, evenly from 0 to 1.

    Returns:
        ``[{"flagged", "errors_caught", "risk"}]``: ``risk`` is the error rate of the texts not
        flagged (the risk at that coverage).
    """
    right = np.asarray(correct, dtype=bool)
    order = np.argsort(-np.asarray(uncertainty, dtype=float), kind="stable")
    errors = (~right[order]).astype(int)
    total = max(int(errors.sum()), 1)
    caught = np.r_[0, np.cumsum(errors)]
    n = len(right)
    curve = []
    for share in np.linspace(0.0, 1.0, points):
        k = int(round(share * n))
        kept = n - k
        curve.append(
            {
                "flagged": round(k / n, 6) if n else 0.0,
                "errors_caught": round(int(caught[k]) / total, 6),
                "risk": round(int(errors[k:].sum()) / kept, 6) if kept else 0.0,
            }
        )
    return curve


REVIEW_BUDGET = 0.05
"""Share of in-scope validation texts the default «revisar» flag may send to review."""


def choose_review_threshold(
    probability: Sequence[float], flagged_anyway: Sequence[bool], budget: float = REVIEW_BUDGET
) -> float:
    """The highest probability threshold (0.30–0.99, step 0.01) that flags at most ``budget`` of
    the validation texts, counting those flagged anyway (out of scope, not Spanish).

    This is the operating point of the risk-coverage curve at coverage ``1 − budget``: the
    errors the flag catches only grow with the threshold.
    """
    shown = np.asarray(probability, dtype=float)
    flagged = np.asarray(flagged_anyway, dtype=bool)
    chosen = 0.30
    for threshold in np.round(np.arange(0.30, 1.0, 0.01), 2):
        if np.mean(flagged | (shown < threshold)) <= budget:
            chosen = float(threshold)
    return chosen
