"""Code tests of odsgr.registry: immutable versions, checksums, atomic pointer, lock."""

from __future__ import annotations

import json
import os

import pandas as pd
import pytest
from sklearn.dummy import DummyClassifier

from odsgr.errors import ModelIntegrityError, ModelNotFoundError, RetrainInProgressError
from odsgr.registry import Registry


@pytest.fixture
def registry(settings):
    return Registry(settings)


def _pipeline():
    return DummyClassifier(strategy="prior").fit([[0], [1]], [1, 3])


def test_versions_are_numbered_and_never_overwritten(registry):
    v1 = registry.save_version(_pipeline(), {"strategy": "batch"})
    v2 = registry.save_version(_pipeline(), {"strategy": "batch"})
    assert [v.version for v in registry.list_versions()] == ["v1", "v2"]
    assert v1.path != v2.path and v1.model_path.is_file()
    assert v1.metadata["model_sha256"] and v1.metadata["sklearn_version"]


def test_current_pointer_and_events(registry):
    with pytest.raises(ModelNotFoundError, match="Reentrenar"):
        registry.current()
    registry.save_version(_pipeline(), {})
    registry.save_version(_pipeline(), {})
    registry.set_current("v2")
    registry.set_current("v1", action="rollback")
    assert registry.current_version() == "v1"
    assert [e["action"] for e in registry.events()] == ["promote", "rollback"]
    with pytest.raises(ModelNotFoundError):
        registry.set_current("v9")


def test_tampered_model_is_refused(registry):
    version = registry.save_version(_pipeline(), {})
    with open(version.model_path, "ab") as handle:
        handle.write(b"tampered")
    with pytest.raises(ModelIntegrityError, match="SHA-256"):
        registry.load(version)


def test_model_from_another_sklearn_release_is_refused(registry):
    version = registry.save_version(_pipeline(), {})
    meta_path = version.path / "metadata.json"
    meta = json.loads(meta_path.read_text())
    meta["sklearn_version"] = "0.24.2"
    meta_path.write_text(json.dumps(meta))
    with pytest.raises(ModelIntegrityError, match="0.24.2"):
        registry.load(registry.get("v1"))


def test_history_is_append_only_and_keeps_provenance(registry):
    registry.append_history(pd.DataFrame({"text": ["a"], "label": [1]}), "uno.csv")
    registry.append_history(pd.DataFrame({"text": ["b"], "label": [3], "synthetic": [True]}), "llm")
    history = registry.read_history()
    assert history["text"].tolist() == ["a", "b"]
    assert history["source"].tolist() == ["uno.csv", "llm"]
    assert history["synthetic"].tolist() == [False, True]
    assert history["added_at"].notna().all()


def test_crash_leftovers_are_cleaned_and_invisible(registry):
    registry.save_version(_pipeline(), {})
    leftover = registry.models_dir / ".tmp-crashed"
    leftover.mkdir()
    (leftover / "model.joblib").write_bytes(b"half")
    assert [v.version for v in registry.list_versions()] == ["v1"]
    assert leftover in registry.clean_incomplete()
    assert not leftover.exists()


def test_save_failure_leaves_no_version(registry, monkeypatch):
    import odsgr.registry as module

    def explode(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(module, "atomic_write_json", explode)
    with pytest.raises(OSError):
        registry.save_version(_pipeline(), {})
    assert registry.list_versions() == []
    assert not any(registry.models_dir.glob(".tmp-*"))


def test_second_retrain_lock_is_refused_and_stale_lock_recovered(registry):
    with registry.retrain_lock():
        with pytest.raises(RetrainInProgressError, match="en curso"):
            with registry.retrain_lock():
                pass
    lock = registry.models_dir / ".retrain.lock"
    lock.write_text(json.dumps({"pid": 999_999_999, "host": os.uname().nodename, "since": 0}))
    with registry.retrain_lock():
        assert lock.is_file()
    assert not lock.exists()


def test_restore_history_seeds_only_an_empty_history_and_keeps_provenance(registry):
    published = pd.DataFrame(
        {
            "text": ["El acueducto del barrio no llega a las casas altas."],
            "label": [6],
            "source": ["encuesta.csv"],
            "added_at": ["2025-01-02T03:04:05+00:00"],
            "synthetic": [False],
            "extra": ["no se guarda"],
        }
    )
    assert registry.restore_history(published, origin="hub-v3") == 1
    history = registry.read_history()
    assert history[["source", "added_at"]].iloc[0].tolist() == published.iloc[0, 2:4].tolist()
    assert "extra" not in history.columns
    assert [p.name for p in registry.history_dir.iterdir()] == [f"part-{0:020d}-hub-v3.parquet"]
    assert registry.restore_history(published, origin="hub-v4") == 0  # not empty any more
    assert len(registry.read_history()) == 1
