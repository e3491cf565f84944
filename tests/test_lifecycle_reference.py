"""Data test of the lifecycle through the app's API on the reference data (issue 11 "done when"):
a fresh DEMO home leaves DEMO with real data, re-uploading adds nothing, and a candidate trained
on wrong labels is rejected and cannot come back through /rollback without force."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from conftest import launched_app
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError
from sklearn.model_selection import train_test_split

import app as odsgr_app
from odsgr import data
from odsgr.config import Settings
from odsgr.service import Service

PASSWORD = "clave-ciclo-de-vida-3c9"


@pytest.fixture
def reference_split(reference_data_dir: Path, tmp_path: Path) -> tuple[Path, Path]:
    """60 % and 40 % (stratified) of ``ods_opiniones.xlsx`` as CSV files in ``tmp_path``."""
    frame, _ = data.load_labelled(reference_data_dir / "ods_opiniones.xlsx")
    first, second = train_test_split(
        frame[["text", "label"]], train_size=0.6, stratify=frame["label"], random_state=3
    )
    shuffled = second.assign(label=np.random.default_rng(5).permutation(second["label"]))
    paths = tmp_path / "sesenta.csv", tmp_path / "cuarenta-barajado.csv"
    first.to_csv(paths[0], index=False)
    shuffled.to_csv(paths[1], index=False)
    return paths


def test_demo_to_real_data_through_the_api(tmp_path, reference_split):
    sixty, shuffled = reference_split
    settings = Settings(home=tmp_path / "home", admin_password=PASSWORD, admin_failure_delay_s=0)
    service = Service(settings)
    odsgr_app.ensure_demo_model(service)  # what a fresh `python app.py` does
    demo_texts = set(data.text_key(service.history()["text"]))
    assert service.current_info()["demo"] and demo_texts
    with launched_app(service) as url:
        client = Client(url, verbose=False)

        candidate, report = client.predict(
            handle_file(str(sixty)), "batch", None, PASSWORD, api_name="/retrain"
        )
        assert report["gate"]["accepted"] and report["to_validation"] >= 200
        client.predict(candidate, False, PASSWORD, api_name="/promote")
        metrics = client.predict(api_name="/metrics")
        assert metrics["version"] == candidate and metrics["n"] >= 200
        validation = service.registry.read_validation()
        assert len(validation) == metrics["n"] and not validation["demo"].any()
        assert not set(data.text_key(validation["text"])) & demo_texts
        history = set(data.text_key(service.history()["text"]))
        assert history and not history & demo_texts
        total = len(service.history())

        again, report = client.predict(
            handle_file(str(sixty)), "batch", None, PASSWORD, api_name="/retrain"
        )
        assert report["new_texts"] == 0 and report["relabelled"] == 0
        assert report["already_stored"] + report["in_validation"] == report["rows_read"] - (
            report["dropped"] + report["conflicts"]
        )
        client.predict(again, PASSWORD, api_name="/discard")
        assert len(service.history()) == total

        rejected, report = client.predict(
            handle_file(str(shuffled)), "batch", None, PASSWORD, api_name="/retrain"
        )
        assert not report["gate"]["accepted"]
        with pytest.raises(AppError, match="forzar"):
            client.predict(rejected, PASSWORD, api_name="/rollback")
        assert client.predict(api_name="/metrics")["version"] == candidate
        statuses = {v["version"]: v["status"] for v in client.predict(api_name="/versions")}
        assert statuses == {
            "v1": "demo",
            candidate: "current",
            again: "discarded",
            rejected: "rejected",
        }
    assert len(Service(settings).history()) == total  # a restart keeps the rejected rows out
