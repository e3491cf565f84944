"""Code tests of odsgr.service: train, predict, retrain with the gate, promote, discard."""

from __future__ import annotations

import gc
import shutil
import weakref

import pandas as pd
import pytest

from odsgr import data
from odsgr.config import Settings
from odsgr.errors import DataError, ModelNotFoundError
from odsgr.service import Service


@pytest.fixture
def service(settings):
    return Service(settings)


def test_predict_without_a_model_explains_how_to_train(service):
    with pytest.raises(ModelNotFoundError, match="python -m odsgr train"):
        service.predict("Un texto cualquiera sobre salud pública en el municipio.")


def test_first_training_splits_a_fixed_validation_set(service, demo_data):
    summary = service.train(paths=[demo_data])
    validation = service.registry.read_validation()
    history = service.registry.read_history()
    assert summary.version == "v1" and service.registry.current_version() == "v1"
    assert len(validation) == pytest.approx(0.15 * 120, abs=2)
    assert set(validation["text"]).isdisjoint(history["text"])
    assert len(validation) + len(history) == 120
    assert 0 <= summary.validation_metrics["f1_macro"] <= 1


def test_training_again_keeps_the_validation_set_and_records_the_parent(service, demo_data):
    service.train(paths=[demo_data])
    before = service.registry.read_validation()
    summary = service.train(paths=[demo_data])
    pd.testing.assert_frame_equal(before, service.registry.read_validation())
    assert summary.parent == "v1" and summary.version == "v2"
    assert summary.rows_in_validation_skipped == len(before)


def test_predict_returns_every_field(trained_home):
    service = Service(Settings(home=trained_home))
    result = service.predict("El puesto de salud no tiene médicos ni medicamentos para la gente.")
    assert result.label == 3 and result.label_name == "Salud y bienestar"
    assert set(result.probabilities) == {"1", "3", "4"}
    assert isinstance(result.needs_review, bool)
    assert result.explanation.terms
    assert result.model_version == "v1"


@pytest.mark.parametrize("bad", ["", "   \n\t", None, 42, ["lista"]])
def test_predict_refuses_unusable_text(trained_home, bad):
    with pytest.raises(DataError):
        Service(Settings(home=trained_home)).predict(bad)


def test_long_text_is_truncated_with_a_warning(trained_home):
    service = Service(Settings(home=trained_home, max_text_chars=100))
    result = service.predict("La escuela necesita docentes. " * 50)
    assert any("100 caracteres" in w for w in result.warnings)


def test_predict_many_caps_the_batch(trained_home):
    service = Service(Settings(home=trained_home, max_batch_texts=3))
    assert len(service.predict_many(["hospital y médicos"] * 3)) == 3
    with pytest.raises(DataError, match="máximo es 3"):
        service.predict_many(["hospital"] * 4)


def test_predict_many_answers_as_predict_does_for_each_text(trained_home):
    service = Service(Settings(home=trained_home))
    texts = ["Niños sin escuela ni profesores.", "El hospital no tiene médicos.", "Hola"]
    expected = [service.predict(text, explain=False, origin="api") for text in texts]
    assert service.predict_many(texts) == expected


def test_predict_many_scores_each_chunk_with_one_model_call(trained_home):
    service = Service(Settings(home=trained_home))
    version, pipeline = service.current_model()
    calls = []

    class CountingPipeline:
        classes_ = pipeline.classes_

        def predict_proba(self, texts):
            calls.append(len(texts))
            return pipeline.predict_proba(texts)

        def __getattr__(self, name):
            return getattr(pipeline, name)

    service.predictor._loaded = (version.version, CountingPipeline())
    assert len(service.predict_many(["Faltan médicos en el hospital del barrio."] * 50)) == 50
    assert calls == [50]


def test_a_refused_list_leaves_no_trace_in_drift_or_review(trained_home, tmp_path):
    home = tmp_path / "home"
    shutil.copytree(trained_home, home)
    service = Service(Settings(home=home, review_threshold=1.01))
    with pytest.raises(DataError, match="Texto 3 de la lista"):
        service.predict_many(["Faltan médicos.", "Niños sin escuela.", ""], store_for_review=True)
    assert service.review_queue().empty
    assert service.drift_report().production["predictions"] == 0


def test_predict_frame_keeps_columns_and_flags_empty_rows(trained_home):
    service = Service(Settings(home=trained_home))
    frame = pd.DataFrame({"id": [1, 2], "texto": ["Niños sin escuela ni profesores.", "  "]})
    result = service.predict_frame(frame, "texto")
    assert list(result.columns) == [
        "id",
        "texto",
        "label",
        "label_name",
        "probability",
        "needs_review",
        "in_scope",
        "review_reason",
    ]
    assert result.loc[0, "label"] == 4 and pd.isna(result.loc[1, "label"])
    assert bool(result.loc[1, "needs_review"])


def test_retrain_produces_a_candidate_judged_by_the_gate(service, demo_data, tmp_path):
    service.train(paths=[demo_data])
    new = tmp_path / "nuevos.csv"
    new.write_text(
        "texto,ods\n"
        '"Las familias desplazadas viven en la pobreza extrema sin ingresos ni vivienda.",1\n'
        '"El colegio de la vereda necesita más profesores y computadores para estudiar.",4\n',
        encoding="utf-8",
    )
    summary = service.retrain(paths=[new], auto_promote=False)
    assert summary.candidate == "v2" and summary.parent == "v1"
    assert summary.current == "v1" and not summary.promoted
    assert {"accepted", "reasons", "f1_delta"} <= set(summary.gate.to_dict())
    assert len(summary.comparison) == 4
    assert service.registry.status_of("v2") in {"candidate", "rejected"}
    history_rows = len(service.registry.read_history())
    service.promote("v2", force=True, actor="test")
    assert service.registry.current_version() == "v2"
    assert len(service.registry.read_history()) == history_rows + 2


def test_discarded_candidate_rows_never_reach_the_history(service, demo_data, tmp_path):
    service.train(paths=[demo_data])
    new = tmp_path / "nuevos.csv"
    new.write_text('texto,ods\n"Faltan vacunas y médicos en el centro de salud rural.",3\n')
    summary = service.retrain(paths=[new], auto_promote=False)
    rows = len(service.registry.read_history())
    service.discard(summary.candidate)
    assert len(service.registry.read_history()) == rows
    assert service.registry.status_of(summary.candidate) == "discarded"
    with pytest.raises(DataError, match="actual"):
        service.discard("v1")


def test_rejected_candidate_needs_force(service, demo_data, tmp_path):
    service.train(paths=[demo_data])
    frame, _ = data.load_labelled(demo_data)
    flipped = frame.assign(label=frame["label"].map({1: 4, 3: 1, 4: 3}))
    summary = service.retrain(frames=[(flipped, "etiquetas-erroneas")])
    assert not summary.gate.accepted and not summary.promoted
    with pytest.raises(DataError, match="forzar"):
        service.promote(summary.candidate)
    service.promote(summary.candidate, force=True)
    assert service.registry.current_version() == summary.candidate


def test_window_strategy_trains_on_the_latest_rows(service, demo_data):
    service.train(paths=[demo_data])
    frame, _ = data.load_labelled(demo_data)
    summary = service.retrain(frames=[(frame.head(30), "nuevo")], strategy="window", window=60)
    assert summary.train_rows == 60 and summary.strategy == "window"
    with pytest.raises(DataError, match="window"):
        service.retrain(frames=[(frame.head(3), "x")], strategy="window")


def test_a_dropped_service_is_freed_at_once(trained_home, tmp_path):
    """No reference cycle between the service and its stages keeps a dropped service (and the
    unflushed counts of its drift recorder) alive until a garbage collection."""
    home = tmp_path / "home"
    shutil.copytree(trained_home, home)
    service = Service(Settings(home=home))
    service.predict("Faltan médicos en el hospital del barrio.", explain=False)
    freed, recorder = weakref.ref(service), weakref.ref(service.drift)
    gc.disable()
    try:
        del service
        assert freed() is None and recorder() is None
    finally:
        gc.enable()
