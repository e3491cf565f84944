"""Code tests of the data lifecycle (docs/data-lifecycle.md): the history is a set of distinct,
masked texts; rows join it only when their version becomes current; DEMO is a sandbox; one rule
says what may become current."""

from __future__ import annotations

import itertools
import json
import logging
from pathlib import Path

import pandas as pd
import pytest

from odsgr import data
from odsgr.config import Settings
from odsgr.errors import DataError
from odsgr.registry import CURRENT_FILE, Registry
from odsgr.service import Service

TOPICS = {
    1: ["los ingresos del hogar", "el empleo informal", "el hambre de los niños", "el subsidio"],
    3: ["el puesto de salud", "las vacunas", "los medicamentos", "la atención médica"],
    4: ["la escuela rural", "los profesores", "la biblioteca escolar", "el transporte escolar"],
    6: ["el agua potable", "el acueducto", "el alcantarillado", "el pozo comunitario"],
}
PLACES = ["la vereda Río Claro", "el barrio Santa Inés", "el corregimiento Las Flores", "la loma"]


def invented_rows(labels=(1, 3, 4), per_label: int = 24, start: int = 0) -> pd.DataFrame:
    """Labelled texts written for these tests (not the demo set, not the reference data)."""
    rows = []
    for label in labels:
        combos = itertools.product(TOPICS[label], TOPICS[label], PLACES)
        for i, (first, second, place) in enumerate(itertools.islice(combos, per_label)):
            text = (
                f"En {place} la comunidad pide soluciones para {first} y también para {second}; "
                f"llevamos {start + i + 2} meses esperando respuesta de la alcaldía."
            )
            rows.append({"text": text, "label": label})
    return pd.DataFrame(rows)


def raw_history(home: Path) -> pd.DataFrame:
    """Every row of every history part on disk (no de-duplication)."""
    parts = sorted((home / "data" / "history").glob("part-*.parquet"))
    return pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)


@pytest.fixture
def service(home) -> Service:
    return Service(Settings(home=home, seed=7))


# ------------------------------------------------------------------ history of distinct texts
def test_the_same_file_twice_adds_nothing_and_says_so(service):
    rows = invented_rows()
    first = service.retrain(frames=[(rows, "nuevas")], force=True)
    assert first.intake.new_texts + first.to_validation == len(rows)
    total = len(service.history())
    second = service.retrain(frames=[(rows, "nuevas")], force=True)
    assert second.intake.new_texts == 0 and second.new_rows == 0
    assert second.intake.already_stored + second.in_validation == len(rows)
    assert len(service.history()) == total
    assert not data.text_key(raw_history(service.settings.home)["text"]).duplicated().any()


def test_a_stored_text_with_another_label_is_a_relabel(service):
    stored = service.history().iloc[0]
    other = 4 if int(stored["label"]) != 4 else 1
    changed = pd.DataFrame({"text": [stored["text"].upper()], "label": [other]})
    summary = service.retrain(frames=[(changed, "corrección")], force=True)
    assert summary.intake.relabelled == 1 and summary.intake.new_texts == 0
    assert summary.intake.relabels[0]["previous_label"] == int(stored["label"])
    after = service.history()
    key = data.text_key_of(stored["text"])
    assert after.loc[data.text_key(after["text"]) == key, "label"].tolist() == [other]
    log = service.relabels()
    assert [(r["previous_label"], r["label"], r["source"]) for r in log] == [
        (int(stored["label"]), other, "corrección")
    ]


def test_summary_accounts_for_every_row_read(service, tmp_path):
    rows = invented_rows(per_label=10)
    extra = pd.DataFrame(
        {
            "text": [
                "",
                rows.loc[0, "text"],
                "Texto en conflicto sobre el agua",
                "Texto en conflicto sobre el agua",
            ],
            "label": [1, rows.loc[0, "label"], 6, 3],
        }
    )
    path = tmp_path / "mezcla.csv"
    pd.concat([rows, extra]).to_csv(path, index=False)
    summary = service.retrain(paths=[path], auto_promote=False)
    parts = ("new_texts", "already_stored", "relabelled", "conflicts", "dropped")
    assert summary.intake.rows_read == len(rows) + len(extra)
    assert summary.intake.conflicts == 2 and summary.intake.dropped == 2
    validation_rows = summary.in_validation + summary.to_validation
    intake_rows = sum(getattr(summary.intake, k) for k in parts)
    assert summary.intake.rows_read == intake_rows + validation_rows


def test_a_duplicated_history_is_repaired_at_start(home, caplog):
    registry = Registry(Settings(home=home))
    distinct = len(registry.read_history())
    part = next((home / "data" / "history").glob("part-*.parquet"))
    copy = pd.read_parquet(part)
    copy.to_parquet(home / "data" / "history" / "part-99999999999999999999-copy.parquet")
    assert len(raw_history(home)) == 2 * len(copy)
    with caplog.at_level(logging.WARNING, logger="odsgr.registry"):
        service = Service(Settings(home=home))
    assert "History repaired" in caplog.text
    assert len(raw_history(home)) == distinct == len(service.history())
    Service(Settings(home=home))  # idempotent
    assert len(raw_history(home)) == distinct


# ------------------------------------------------------------------------------- masking
def test_personal_data_never_reaches_the_disk(service, tmp_path):
    rows = invented_rows(per_label=8)
    rows.loc[0, "text"] += " Escriban a vecina.rural@correo.com o al 3104567890."
    rows.loc[9, "text"] += " Contacto: lider.barrio@ejemplo.org, teléfono 3201234567."
    path = tmp_path / "con-datos.csv"
    rows.to_csv(path, index=False)
    service.retrain(paths=[path], auto_promote=False)  # rows wait in data/pending
    for candidate in service.pending_candidates():
        service.promote(candidate["version"], force=True)
    service.retrain(paths=[path], auto_promote=False)
    files = list((service.settings.home / "data").rglob("*.parquet"))
    assert any("pending" in str(f) for f in files) and any("history" in str(f) for f in files)
    for file in files:
        content = pd.read_parquet(file).to_json()
        for secret in ("vecina.rural@", "3104567890", "lider.barrio@", "3201234567"):
            assert secret not in content, (file, secret)


def test_an_old_home_with_raw_personal_data_is_masked_at_start(home):
    raw = pd.DataFrame(
        {
            "text": ["Llamen al 3157654321 para hablar del acueducto de la vereda."],
            "label": [6],
            "source": ["antiguo.csv"],
            "added_at": ["2025-01-01T00:00:00+00:00"],
            "synthetic": [False],
        }
    )
    raw.to_parquet(home / "data" / "history" / "part-00000000000000000001-old.parquet")
    (home / "data" / ".history-masked").unlink(missing_ok=True)
    service = Service(Settings(home=home))
    assert "3157654321" not in raw_history(home).to_json()
    assert len(service.history()) == len(raw_history(home))


def test_a_fresh_home_masks_its_validation_set(settings, tmp_path):
    rows = invented_rows()
    rows["text"] = rows["text"] + " Informes: persona@correo.com"
    Service(settings).train(frames=[(rows, "nuevas")])
    validation = pd.read_parquet(settings.data_dir / "validation.parquet")
    assert not validation["text"].str.contains("persona@correo.com").any()


# ---------------------------------------------------------------------------------- DEMO
def test_demo_is_a_sandbox_left_at_the_first_real_retrain(settings, demo_data):
    service = Service(settings)
    service.train(paths=[demo_data], demo=True, actor="demo")
    demo_texts = set(data.text_key(service.history()["text"]))
    assert service.registry.in_demo() and demo_texts
    real = invented_rows(per_label=40)
    summary = service.retrain(frames=[(real, "reales.csv")])
    assert summary.promoted and summary.to_validation == pytest.approx(0.15 * 120, abs=2)
    assert not service.registry.in_demo()
    validation = service.registry.read_validation()
    assert set(data.text_key(validation["text"])) <= set(data.text_key(real["text"]))
    history = set(data.text_key(service.history()["text"]))
    assert history and history.isdisjoint(demo_texts)
    assert service.metrics()["n"] == len(validation)
    statuses = {row["version"]: row["status"] for row in service.versions()}
    assert statuses == {"v1": "demo", "v2": "current"}
    with pytest.raises(DataError, match="demostración"):
        service.rollback("v1")
    service.rollback("v1", force=True)
    assert service.registry.current_version() == "v1"


def test_cli_train_on_a_demo_home_starts_the_real_history(settings, demo_data, tmp_path):
    from odsgr.cli import main

    Service(settings).train(paths=[demo_data], demo=True, actor="demo")
    path = tmp_path / "reales.csv"
    invented_rows(per_label=40).to_csv(path, index=False)
    assert main(["train", "--data", str(path), "--home", str(settings.home)]) == 0
    service = Service(settings)
    assert len(service.history()) + len(service.registry.read_validation()) == 120
    assert not service.registry.read_validation()["demo"].any()


# ------------------------------------------------------------- what may become current
def test_rejected_and_discarded_versions_need_force_everywhere(home):
    strict = Service(Settings(home=home, seed=7, gate_f1_tolerance=-1.0))
    rejected = strict.retrain(frames=[(invented_rows(per_label=4), "x")]).candidate
    discarded = strict.retrain(frames=[(invented_rows(per_label=5), "y")], auto_promote=False)
    strict.discard(discarded.candidate)
    for version in (rejected, discarded.candidate):
        with pytest.raises(DataError, match="forzar"):
            strict.rollback(version)
        with pytest.raises(DataError, match="forzar"):
            strict.promote(version)
    assert strict.registry.current_version() == "v1"
    assert strict.registry.status_of(rejected) == "rejected"
    assert strict.registry.status_of(discarded.candidate) == "discarded"


def test_status_stays_truthful_after_rolling_away(home):
    service = Service(Settings(home=home, seed=7))
    accepted = service.retrain(frames=[(invented_rows(per_label=6), "x")], force=True)
    service.rollback("v1")
    assert service.registry.status_of(accepted.candidate) == "previous"
    service.rollback(accepted.candidate)  # was current before: no force needed
    assert service.registry.status_of("v1") == "previous"


@pytest.mark.parametrize("content", ["", "{not json", '{"version": "v9"}'])
def test_an_unreadable_current_pointer_falls_back(home, content, caplog):
    service = Service(Settings(home=home, seed=7))
    service.retrain(frames=[(invented_rows(per_label=6), "x")], force=True)
    (home / "models" / CURRENT_FILE).write_text(content, encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        restarted = Service(Settings(home=home))
    assert "falling back to v2" in caplog.text
    assert restarted.registry.current_version() == "v2"
    assert json.loads((home / "models" / CURRENT_FILE).read_text())["version"] == "v2"
    assert restarted.predict("Faltan médicos en el puesto de salud").model_version == "v2"


# ------------------------------------------------------------------ rows belong to versions
def test_a_rejected_candidate_leaves_no_rows_across_restarts(home):
    strict = Service(Settings(home=home, seed=7, gate_f1_tolerance=-1.0))
    before = len(strict.history())
    rows = invented_rows(per_label=6)
    candidate = strict.retrain(frames=[(rows, "malas")]).candidate
    assert [c["version"] for c in strict.pending_candidates()] == [candidate]
    restarted = Service(Settings(home=home))
    assert len(restarted.history()) == before
    assert restarted.registry.status_of(candidate) == "rejected"
    assert (home / "data" / "pending" / f"{candidate}.parquet").is_file()


def test_old_candidates_are_discarded_at_start(home):
    service = Service(Settings(home=home, seed=7))
    candidate = service.retrain(frames=[(invented_rows(per_label=6), "x")], auto_promote=False)
    Service(Settings(home=home, candidate_ttl_h=72))
    assert service.registry.status_of(candidate.candidate) == "candidate"
    restarted = Service(Settings(home=home, candidate_ttl_h=0))
    assert restarted.registry.status_of(candidate.candidate) == "discarded"
    assert not (home / "data" / "pending" / f"{candidate.candidate}.parquet").exists()
    assert restarted.pending_candidates() == []


# ---------------------------------------------------------------------------- new classes
def test_a_new_sdg_joins_the_validation_set(service):
    before = service.registry.read_validation()
    rows = invented_rows(labels=(6,), per_label=20)
    summary = service.retrain(frames=[(rows, "agua")], force=True)
    after = service.registry.read_validation()
    added = after[after["label"] == 6]
    assert len(added) == 3 and summary.to_validation == 3
    assert set(added["revision"]) == {2} and summary.validation_revision == 2
    assert len(after) == len(before) + 3
    meta = service.registry.get(summary.candidate).metadata
    assert meta["validation_revision"] == 2 and meta["validation_rows"] == len(after)
    assert "6" in {str(k) for k in service.metrics()["per_class"]}


# ------------------------------------------------------------------------------- evaluate
def test_evaluate_reports_overlap_with_the_history(service, demo_data, tmp_path):
    result = service.evaluate(demo_data)
    overlap = result["overlap"]
    assert overlap["rows"] == 120 and overlap["in_history"] == len(service.history())
    assert result["unseen_metrics"]["n"] == 120 - overlap["in_history"]
    assert "ya está en el historial" in result["warning"]
    fresh = tmp_path / "nuevas.csv"
    invented_rows(per_label=5).to_csv(fresh, index=False)
    unseen = service.evaluate(fresh)
    assert unseen["overlap"]["in_history"] == 0 and "warning" not in unseen


def test_only_pending_candidates_can_be_discarded(service):
    accepted = service.retrain(frames=[(invented_rows(per_label=6), "x")], force=True)
    service.rollback("v1")
    with pytest.raises(DataError, match="Solo se descartan candidatas"):
        service.discard(accepted.candidate)
    assert service.registry.status_of(accepted.candidate) == "previous"
