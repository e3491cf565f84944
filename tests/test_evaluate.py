"""Code tests of odsgr.evaluate."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from odsgr import evaluate, model


def test_metrics_match_a_hand_computed_case():
    metrics = evaluate.compute_metrics([1, 1, 3, 3, 4, 4], [1, 3, 3, 3, 4, 1], [1, 3, 4])
    assert metrics["accuracy"] == pytest.approx(4 / 6)
    assert metrics["confusion_matrix"] == [[1, 1, 0], [0, 2, 0], [1, 0, 1]]
    assert metrics["per_class"]["3"]["precision"] == pytest.approx(2 / 3)
    assert metrics["recall_macro"] == pytest.approx((0.5 + 1 + 0.5) / 3)


def test_comparison_table_has_absolute_and_relative_deltas():
    before = {"precision_macro": 0.8, "recall_macro": 0.5, "f1_macro": 0.6, "accuracy": 0.7}
    after = {"precision_macro": 0.9, "recall_macro": 0.5, "f1_macro": 0.66, "accuracy": 0.7}
    table = evaluate.comparison_table(before, after)
    row = table.set_index("Métrica").loc["F1 macro"]
    assert row["Δ abs"] == pytest.approx(0.06)
    assert row["Δ rel (%)"] == pytest.approx(10.0)


def test_balance_table_reports_before_after_and_delta():
    table = evaluate.balance_table({1: 50, 4: 100}, {1: 80, 4: 100})
    row = table.set_index("ODS").loc[1]
    assert row["Δ abs"] == 30 and row["Δ rel (%)"] == pytest.approx(60.0)
    assert row["% antes"] == pytest.approx(33.33)


def _metrics(f1, recalls):
    return {"f1_macro": f1, "per_class": {k: {"recall": v} for k, v in recalls.items()}}


@pytest.mark.parametrize(
    ("candidate", "accepted"),
    [
        (_metrics(0.905, {"1": 0.9, "3": 0.9}), True),  # within the F1 tolerance
        (_metrics(0.880, {"1": 0.9, "3": 0.9}), False),  # F1 drops by 0.02
        (_metrics(0.950, {"1": 0.8, "3": 1.0}), False),  # one class's recall drops by 0.10
    ],
)
def test_promotion_gate(candidate, accepted):
    current = _metrics(0.91, {"1": 0.9, "3": 0.9})
    decision = evaluate.promotion_gate(current, candidate, 0.01, 0.05)
    assert decision.accepted is accepted
    assert bool(decision.reasons) is not accepted


def test_gate_accepts_the_first_version():
    assert evaluate.promotion_gate(None, _metrics(0.5, {})).accepted


class _KeywordModel:
    """A stand-in pipeline: SDG 1 for texts about «pobreza», 3 for «salud», else 4."""

    classes_ = np.array([1, 3, 4])

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        rows = [
            [0.8, 0.1, 0.1]
            if "pobreza" in t
            else [0.1, 0.8, 0.1]
            if "salud" in t
            else [0.2, 0.2, 0.6]
            for t in texts
        ]
        return np.array(rows)


SCORED = pd.DataFrame(
    {
        "text": [
            "la pobreza del barrio",
            "el centro de salud cierra pronto",
            "salud mental para los jóvenes",
            "becas de pobreza escolar",
            "el parque necesita bancos",
            "faltan profesores en la escuela",
        ],
        # 7 is unknown to the model, 0 («otro») is out of scope; 4 is never in the truth here
        # but the model knows it, so it still gets a row and column in the matrix.
        "label": [1, 3, 1, 7, 0, 3],
    }
)


def test_score_matches_the_metrics_service_computed_before():
    pipeline = _KeywordModel()
    kept = SCORED[SCORED["label"] != model.OUT_OF_SCOPE]
    predicted, _ = model.predict_arrays(pipeline, kept["text"].tolist())
    labels = sorted(set(kept["label"].astype(int)) | set(model.model_labels(pipeline)))
    before = evaluate.compute_metrics(kept["label"].astype(int), predicted, labels)

    scored = evaluate.score(pipeline, SCORED)
    assert scored == before
    assert scored["labels"] == [1, 3, 4, 7] and scored["n"] == 5
    assert scored["accuracy"] == pytest.approx(2 / 5)
    every, _ = model.predict_arrays(pipeline, SCORED["text"].tolist())
    assert evaluate.score(pipeline, SCORED, predicted=every) == before
