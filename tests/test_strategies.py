"""Code tests of the retrain strategies (batch, incremental, window) and the promotion gate."""

from __future__ import annotations

import json
import subprocess

import numpy as np
import pandas as pd
import pytest
from conftest import run_cli

from odsgr import incremental, model
from odsgr.config import Settings
from odsgr.errors import DataError
from odsgr.service import Service
from odsgr.train import _window_rows

NEW_ROWS = pd.DataFrame(
    {
        "text": [
            "Las familias del barrio no tienen ingresos suficientes para comprar comida.",
            "El centro de salud necesita más enfermeras y medicamentos para los vecinos.",
            "La escuela del pueblo no tiene profesores de matemáticas ni biblioteca.",
            "Muchos hogares viven en pobreza extrema sin trabajo estable ni ayudas.",
            "Las vacunas no llegan a las comunidades rurales y los niños enferman.",
            "Los jóvenes abandonan el colegio porque deben trabajar para ayudar en casa.",
        ],
        "label": [1, 3, 4, 1, 3, 4],
    }
)


@pytest.fixture
def service(home):
    return Service(Settings(home=home, seed=7))


def test_first_incremental_builds_once_then_updates_with_only_new_rows(service, demo_data):
    # forced: the gate compares an SGD design with v1's calibrated regression
    first = service.retrain(paths=[demo_data], strategy="incremental", force=True)
    assert first.strategy == "incremental" and "construyó" in first.message
    assert first.parent == "v1"
    built = service.registry.load(service.registry.get(first.candidate))
    assert incremental.is_incremental(built)

    second = service.retrain(frames=[(NEW_ROWS, "nuevas")], strategy="incremental", force=True)
    assert second.strategy == "incremental" and second.train_rows == len(NEW_ROWS)
    assert "solo con 6 filas nuevas" in second.message
    meta = service.registry.get(second.candidate).metadata
    assert meta["parent"] == first.candidate and meta["candidate"] == incremental.CANDIDATE
    assert meta["gate"]["accepted"] in (True, False) and "f1_delta" in meta["gate"]

    with pytest.raises(DataError, match="No hay filas nuevas"):
        service.retrain(frames=[(NEW_ROWS, "otra vez")], strategy="incremental")


def test_incremental_model_predicts_every_class_and_explains(service, demo_data):
    service.retrain(paths=[demo_data], strategy="incremental", force=True)
    result = service.predict("El puesto de salud no tiene médicos ni medicamentos para la gente.")
    assert set(result.probabilities) == {"1", "3", "4"}
    assert sum(result.probabilities.values()) == pytest.approx(1.0, abs=1e-4)
    assert result.label == 3
    terms = [term for term, _ in result.explanation.terms]
    assert {"~medico", "medicos", "~salud", "salud"} & set(terms)
    assert any(weight for _, weight in result.explanation.highlights if weight)


def test_incremental_update_keeps_the_parent_intact_and_learns_only_new_rows():
    texts = NEW_ROWS["text"].tolist()
    labels = NEW_ROWS["label"].to_numpy()
    parent = incremental.build(texts[:3], labels[:3])
    before = parent.named_steps["classifier"].coef_.copy()
    child = incremental.update(parent, texts[3:], labels[3:])
    np.testing.assert_array_equal(parent.named_steps["classifier"].coef_, before)
    assert len(parent.learned_keys_) == 3 and len(child.learned_keys_) == 6
    assert not incremental.unlearned(child, texts, labels).any()
    assert child.named_steps["tfidf"].n_documents_ == parent.named_steps["tfidf"].n_documents_ + 3
    with pytest.raises(incremental.UnseenLabelError):
        incremental.update(child, ["Agua potable para todos los barrios"], [6])


OTHER_SDG_ROWS = pd.DataFrame(
    {
        "text": [
            "El acueducto del barrio lleva semanas sin agua potable y el alcantarillado se rebosa.",
            "Los robos y las extorsiones tienen atemorizado al barrio y la policía no llega.",
            "Se va la luz todos los días y el recibo de la energía llega carísimo.",
            "La tala ilegal está acabando con el bosque y los animales del monte.",
        ],
        "label": ["otro"] * 4,
    }
)


def test_incremental_model_learns_the_out_of_scope_class(service, demo_data):
    first = service.retrain(
        paths=[demo_data], frames=[(OTHER_SDG_ROWS, "otros")], strategy="incremental", force=True
    )
    built = service.registry.load(service.registry.get(first.candidate))
    assert incremental.is_incremental(built) and model.OUT_OF_SCOPE in built.class_counts_
    training = service.training_frame()
    others = training[training["label"].astype(int) == model.OUT_OF_SCOPE]
    assert len(others) and not incremental.unlearned(built, others["text"], others["label"]).any()
    assert model.model_labels(built) == [1, 3, 4]  # «otro» is learned, never an SDG answer
    water = "Las familias cargan baldes de agua desde la quebrada porque el acueducto no funciona."
    result = service.predict(water)
    assert result.in_scope is False and result.needs_review is True
    assert set(result.probabilities) == {"1", "3", "4"}
    assert service.predict(NEW_ROWS["text"][1]).in_scope is True


def test_an_incremental_model_without_the_out_of_scope_class_names_otro_as_unseen():
    every_sdg = [f"Texto de prueba sobre el objetivo número {n} y sus metas." for n in range(1, 18)]
    complete = incremental.build(every_sdg, list(range(1, 18)))  # no SDG left to stand for «otro»
    assert model.OUT_OF_SCOPE not in complete.class_counts_
    with pytest.raises(incremental.UnseenLabelError, match="«otro»"):
        incremental.update(complete, ["Un texto sobre otro tema."], [model.OUT_OF_SCOPE])


def test_unseen_label_falls_back_to_batch_with_a_message(service, demo_data):
    service.retrain(paths=[demo_data], strategy="incremental", force=True)
    water = pd.DataFrame(
        {
            "text": [
                f"El barrio {i} no tiene agua potable ni saneamiento básico." for i in range(8)
            ],
            "label": 6,
        }
    )
    summary = service.retrain(frames=[(water, "agua")], strategy="incremental")
    assert summary.strategy == "batch" and summary.requested_strategy == "incremental"
    assert "6" in summary.message and "desde cero" in summary.message
    fitted = service.registry.load(service.registry.get(summary.candidate))
    assert 6 in model.model_labels(fitted) and not incremental.is_incremental(fitted)


def test_window_by_days_keeps_recent_rows_and_new_rows():
    now = pd.Timestamp.now(tz="UTC")
    pool = pd.DataFrame(
        {
            "text": [f"texto {i}" for i in range(30)],
            "label": [1, 3] * 15,
            "added_at": [(now - pd.Timedelta(days=40)).isoformat()] * 10
            + [(now - pd.Timedelta(days=2)).isoformat()] * 15
            + [None] * 5,
        }
    )
    assert _window_rows(pool, None, 7)["text"].tolist() == [f"texto {i}" for i in range(10, 30)]
    assert len(_window_rows(pool, 12, 7)) == 12
    with pytest.raises(DataError, match="Amplíe la ventana"):
        _window_rows(pool.iloc[:14], None, 7)


def test_window_strategy_records_its_window(service, demo_data):
    history_rows = len(service.registry.read_history())
    summary = service.retrain(frames=[(NEW_ROWS, "nuevas")], strategy="window", window_days=30)
    meta = service.registry.get(summary.candidate).metadata
    assert meta["strategy"] == "window" and meta["window_days"] == 30
    assert summary.train_rows == history_rows + len(NEW_ROWS)
    with pytest.raises(DataError, match=r"ventana \(window\)") as missing:
        service.retrain(frames=[(NEW_ROWS, "nuevas")], strategy="window")
    assert "--" not in str(missing.value) and missing.value.options == ("window", "window_days")
    with pytest.raises(DataError, match=r"ventana en días \(window_days\)") as bad_days:
        service.retrain(frames=[(NEW_ROWS, "nuevas")], strategy="window", window_days=-1)
    assert "--" not in str(bad_days.value) and bad_days.value.options == ("window_days",)


def test_rejected_candidate_needs_explicit_force(home):
    strict = Service(Settings(home=home, seed=7, gate_f1_tolerance=-1.0))
    summary = strict.retrain(frames=[(NEW_ROWS, "nuevas")])
    assert not summary.gate.accepted and not summary.promoted
    assert summary.current == "v1" and summary.gate.reasons
    stored = strict.registry.get(summary.candidate).metadata["gate"]
    assert stored == summary.gate.to_dict()
    assert strict.registry.status_of(summary.candidate) == "rejected"
    with pytest.raises(DataError, match="forzar"):
        strict.promote(summary.candidate)
    assert strict.registry.current_version() == "v1"
    forced = strict.retrain(frames=[(NEW_ROWS, "nuevas")], force=True)
    assert forced.promoted and forced.forced and forced.current == forced.candidate


def _cli(*args: str, home, **env: str) -> subprocess.CompletedProcess:
    return run_cli(*args, "--home", str(home), env=env)


def test_cli_retrain_and_versions(home, tmp_path):
    rows = tmp_path / "nuevas.csv"
    NEW_ROWS.to_csv(rows, index=False)
    result = _cli("retrain", "--strategy", "incremental", "--data", str(rows), home=home)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["candidate"] == "v2" and summary["parent"] == "v1"
    assert {"accepted", "f1_delta", "recall_deltas"} <= set(summary["gate"])

    rejected = _cli("retrain", "--data", str(rows), home=home, ODSGR_GATE_F1_TOLERANCE="-1")
    assert rejected.returncode == 0 and not json.loads(rejected.stdout)["promoted"]
    forced = _cli(
        "retrain", "--data", str(rows), "--force", home=home, ODSGR_GATE_F1_TOLERANCE="-1"
    )
    assert json.loads(forced.stdout)["promoted"]

    listing = json.loads(_cli("versions", "--json", home=home).stdout)
    by_version = {row["version"]: row for row in listing}
    assert [row["version"] for row in listing] == ["v1", "v2", "v3", "v4"]
    assert by_version["v2"]["strategy"] == "incremental" and by_version["v2"]["parent"] == "v1"
    assert by_version["v3"]["gate"]["accepted"] is False
    assert by_version["v3"]["status"] == "rejected"
    assert [row["version"] for row in listing if row["current"]] == ["v4"]

    bad = _cli("retrain", "--strategy", "window", "--data", str(rows), home=home)
    assert bad.returncode == 2 and "(opciones: --window, --window-days)" in bad.stderr
