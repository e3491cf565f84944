"""Code tests of drift monitoring: counts without texts, baselines, PSI and warnings."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest
from conftest import REPO_ROOT

from odsgr import drift
from odsgr.config import Settings
from odsgr.registry import Registry
from odsgr.service import Service

TEXT = "El puesto de salud no tiene médicos ni medicamentos para la gente del barrio."


def test_training_stores_a_validation_baseline(trained_home):
    baseline = Registry(Settings(home=trained_home)).get("v1").metadata["drift_baseline"]
    assert baseline["predictions"] == 18
    assert sum(baseline["class_shares"].values()) == pytest.approx(1.0, abs=1e-5)
    assert 0 <= baseline["low_confidence_share"] <= 1 and 0 <= baseline["oov_share"] <= 1


def test_psi():
    shares = {"1": 0.3, "3": 0.3, "4": 0.4}
    assert drift.psi(shares, shares) == 0
    assert drift.psi(shares, {"1": 0.32, "3": 0.29, "4": 0.39}) < 0.01
    assert drift.psi(shares, {"1": 0.05, "3": 0.05, "4": 0.9}) > 0.2


def test_counts_are_flushed_every_n_predictions_and_hold_no_text(home):
    settings = Settings(home=home)
    service = Service(settings)
    service.drift.flush_every = 5
    for _ in range(4):
        service.predict(TEXT, explain=False)
    assert not (settings.data_dir / "drift" / "v1.json").exists()
    service.predict(TEXT + " Falta una palabrazzz", explain=False)
    stored = (settings.data_dir / "drift" / "v1.json").read_text("utf-8")
    day = next(iter(json.loads(stored)["days"].values()))
    assert day["predictions"] == 5 and day["classes"] == {"3": 5}
    assert day["oov_terms"] >= 1 and day["terms"] > day["oov_terms"]
    assert "médicos" not in stored and "medicos" not in stored


def test_report_warns_on_shifted_classes_and_doubled_low_confidence(home):
    settings = Settings(home=home)
    service = Service(settings)
    recorder = drift.DriftRecorder(settings)
    _, pipeline = service.current_model()
    baseline = drift.load_baseline(settings, "v1")
    low = 0.25  # under any «revisar» threshold a version can choose (0.30–0.99)
    for _ in range(6):  # spread over several calls: one big batch alone suggests nothing
        recorder.record("v1", pipeline, [TEXT] * 10, [3] * 10, [low] * 10)
    recorder.flush()
    report = service.drift_report()
    assert report.production["predictions"] == 60
    assert report.psi > drift.PSI_WARNING
    assert report.production["low_confidence_share"] == 1.0
    if baseline["low_confidence_share"] <= 0.5:
        assert report.low_confidence_ratio >= drift.LOW_CONFIDENCE_FACTOR
    assert report.retrain_suggested and len(report.warnings) >= 2
    series = service.drift_series()
    assert list(series.columns) == [
        "date",
        "predictions",
        "low_confidence_share",
        "oov_share",
        "psi",
    ]
    assert series["predictions"].sum() == 60


def test_few_predictions_give_no_retrain_suggestion(home):
    service = Service(Settings(home=home))
    service.predict(TEXT)
    report = service.drift_report()
    assert report.production["predictions"] == 1 and not report.retrain_suggested


def test_a_version_without_baseline_gets_one_computed(home):
    settings = Settings(home=home)
    meta_path = settings.models_dir / "v1" / "metadata.json"
    meta = json.loads(meta_path.read_text("utf-8"))
    meta.pop("drift_baseline")
    meta_path.write_text(json.dumps(meta), "utf-8")
    report = Service(settings).drift_report()
    assert report.baseline["predictions"] == 18
    assert (settings.data_dir / "drift" / "v1.baseline.json").is_file()


def test_recording_is_cheap(home):
    settings = Settings(home=home)
    service = Service(settings)
    _, pipeline = service.current_model()
    recorder = drift.DriftRecorder(settings, flush_every=10_000, flush_seconds=3600)
    start = time.process_time()  # CPU time: other processes' load does not count
    for _ in range(1000):
        recorder.record("v1", pipeline, [TEXT], [3], [0.9])
    assert (time.process_time() - start) / 1000 < 0.002  # well under a millisecond in practice


def test_counts_are_flushed_at_exit(home):
    code = (
        "from pathlib import Path; from odsgr.config import Settings; "
        "from odsgr.service import Service; "
        f"s = Service(Settings(home=Path({str(home)!r}))); "
        f"[s.predict({TEXT!r}, explain=False) for _ in range(3)]"
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, check=True, timeout=120)
    counts = drift.read_counts(Settings(home=home), "v1")
    assert sum(day["predictions"] for day in counts["days"].values()) == 3


def test_one_anonymous_batch_of_gibberish_cannot_flip_the_suggestion(home):
    settings = Settings(home=home)
    service = Service(settings)
    gibberish = ["xq zzv wrrk plof qqa mmn " * 5] * 300
    service.predict_many(gibberish)  # one /predict_batch call, scored text by text
    for _ in range(5):  # a few genuine callers
        service.predict(TEXT, explain=False)
    report = service.drift_report()
    assert report.production["predictions"] == 305 and report.warnings
    assert not report.retrain_suggested
    assert any("no bastan para sugerir" in warning for warning in report.warnings)
