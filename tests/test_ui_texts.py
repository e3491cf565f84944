"""What the UI writes for the lifecycle, calibration and gate panels exists in both languages."""

from __future__ import annotations

import re
import shutil

import pandas as pd

from odsgr import evaluate, ui
from odsgr.access import AccessPolicy
from odsgr.config import Settings
from odsgr.service import Service


def _language(html: str, language: str) -> list[str]:
    """The texts of the ``odsgr-<language>`` spans of ``html``."""
    return re.findall(rf'<span class="odsgr-{language}">(.*?)</span>', html)


def test_gate_reasons_say_the_gates_own_spanish_and_english() -> None:
    current = {"f1_macro": 0.9, "per_class": {"3": {"recall": 0.9}, "4": {"recall": 0.8}}}
    candidate = {"f1_macro": 0.7, "per_class": {"3": {"recall": 0.5}, "4": {"recall": 0.8}}}
    gate = evaluate.promotion_gate(current, candidate)
    reasons = ui.gate_reasons(gate)
    assert [_language(reason, "es")[0] for reason in reasons] == list(gate.reasons)
    assert [_language(reason, "en")[0] for reason in reasons] == [
        "Macro F1 drops 0.2000 (tolerance 0.0100).",
        "The recall of SDG 3 drops 0.4000 (tolerance 0.0500).",
    ]
    first = evaluate.promotion_gate(None, candidate)
    assert _language(ui.gate_reasons(first)[0], "es") == list(first.reasons)


def test_version_choices_are_translation_keys() -> None:
    versions = pd.DataFrame(
        {"version": ["v1", "v2", "v3"], "status": ["demo", "current", "rejected"]}
    )
    labels = [label for label, _ in ui.rollback_choices(versions)]
    keys = [re.search(r'"key": "([a-z_]+)"', label).group(1) for label in labels]
    assert keys == ["status_current", "status_rejected_confirm", "status_demo_confirm"]
    assert labels[0].startswith("v2 · ")
    assert ui.TEXTS["status_demo_confirm"] == (
        "demostración (requiere confirmar)",
        "demo (needs confirming)",
    )


def test_reliability_panel_in_both_languages() -> None:
    metrics = {
        "calibration": {"ece": 0.05, "bins": [{"confidence": 0.5, "accuracy": 0.4}]},
        "risk_coverage": [{"flagged": 0.1, "errors_caught": 0.5}],
        "review_threshold": 0.6,
        "review_budget": 0.15,
        "scope": {"validation_flagged": 0.1, "validation_errors_caught": 0.5},
    }
    panel = ui.reliability_html(metrics)
    for spanish, english in [
        ui.TEXTS["reliability_caption"],
        ui.TEXTS["axis_shown_probability"],
        ("Error de calibración esperado", "Expected calibration error"),
    ]:
        assert spanish in panel and english in panel
    assert 'class="odsgr-en"' in panel
    assert "did not store its calibration" in ui.reliability_html({})


def test_every_text_has_both_languages() -> None:
    missing = [
        key for key, (es, en) in ui.TEXTS.items() if not en or not (es or key.startswith("access_"))
    ]
    assert missing == []


def test_the_screens_render_the_services_typed_results(trained_home, tmp_path) -> None:
    home = tmp_path / "home"
    shutil.copytree(trained_home, home)
    app = ui.OdsgrApp(Service(Settings(home=home)), AccessPolicy(password="clave"))
    badge, probabilities, highlights, terms, notes = app.ui_classify(
        "Faltan médicos y medicamentos en el hospital del barrio."
    )
    assert "odsgr-badge" in badge and "ODS 3" in badge
    assert len(probabilities) == 3 and highlights and len(terms) > 0 and notes == ""
    status, figures, _ = app.ui_drift()
    assert status and len(figures) == 4
    rows = pd.DataFrame(
        {
            "text": [
                "Las familias del barrio no tienen ingresos para comprar comida.",
                "El centro de salud necesita más enfermeras y medicamentos.",
                "La escuela del pueblo no tiene profesores de matemáticas.",
                "Muchos hogares viven en pobreza extrema sin trabajo estable.",
                "Las vacunas no llegan a las comunidades rurales.",
                "Los jóvenes abandonan el colegio para trabajar en casa.",
            ],
            "label": [1, 3, 4, 1, 3, 4],
        }
    )
    candidate, summary, comparison, *_ = app.ui_train_candidate(
        None,
        rows,
        "batch",
        "rows",
        None,
        None,
        False,
        None,
        None,
        None,
        None,
        "clave",
        None,
        progress=lambda *args, **kwargs: None,
    )
    assert candidate == "v2" and "v1" in summary and len(comparison) > 0
