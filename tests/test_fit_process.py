"""Code tests of odsgr.fit_process and of retraining while other threads serve requests."""

from __future__ import annotations

import os
import sys
import threading

import numpy as np
import pandas as pd
import pytest

from odsgr import fit_process, model
from odsgr.service import Service


@pytest.fixture
def demo_frame(demo_data) -> pd.DataFrame:
    return pd.read_csv(demo_data)


def test_a_fit_in_a_child_process_equals_one_in_this_process(demo_frame):
    texts, labels = demo_frame["textos"].tolist(), demo_frame["labels"].tolist()
    child = fit_process.fit(texts, labels)
    here = model.fit(texts, labels)
    assert model.model_labels(child) == model.model_labels(here)
    np.testing.assert_allclose(child.predict_proba(texts), here.predict_proba(texts), atol=1e-9)


def test_a_failing_fit_in_the_child_raises_here():
    with pytest.raises(RuntimeError, match="child process failed"):
        fit_process.fit(["solo una clase", "otra vez la misma"], [3, 3])


@pytest.fixture
def server_thread():
    """Another thread alive in this process, as in the app's server."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    yield
    stop.set()
    thread.join()


def test_retrain_beside_other_threads_fits_in_another_process_and_restores_switching(
    settings, demo_data, tmp_path, monkeypatch, server_thread
):
    service = Service(settings)
    service.train(paths=[demo_data])
    pids = tmp_path / "fit_pids.txt"
    real_fit = model.fit

    def recording_fit(*args, **kwargs):
        with pids.open("a") as handle:
            handle.write(f"{os.getpid()}\n")
        return real_fit(*args, **kwargs)

    monkeypatch.setattr(model, "fit", recording_fit)
    interval = sys.getswitchinterval()
    rows = pd.read_csv(demo_data).head(40).rename(columns={"textos": "text", "labels": "label"})
    summary = service.retrain(frames=[(rows, "nuevos")])
    assert summary.candidate
    assert pids.read_text().split() and str(os.getpid()) not in pids.read_text().split()
    assert sys.getswitchinterval() == interval
