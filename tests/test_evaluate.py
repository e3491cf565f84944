"""Code tests of odsgr.evaluate."""

from __future__ import annotations

import pytest

from odsgr import evaluate


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
    assert decision["accepted"] is accepted
    assert bool(decision["reasons"]) is not accepted


def test_gate_accepts_the_first_version():
    assert evaluate.promotion_gate(None, _metrics(0.5, {}))["accepted"]
