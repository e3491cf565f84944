"""Kill -9 at each step of train, retrain, promote, rollback and review decide, then restart:
every history text is stored exactly once and only rows of versions made current are there."""

from __future__ import annotations

import signal
from pathlib import Path

import pandas as pd
import pytest
from conftest import run_in_child
from test_lifecycle import invented_rows

from odsgr import data
from odsgr.config import Settings
from odsgr.service import Service

TIMEOUT_S = 180


def _kill_after(method: str) -> str:
    """Code that makes ``Registry.<method>`` SIGKILL its process right after it returns."""
    return (
        "import os, signal\nfrom odsgr.registry import Registry\n"
        f"_original = Registry.{method}\n"
        "def _then_die(*args, **kwargs):\n"
        "    _original(*args, **kwargs)\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        f"Registry.{method} = _then_die\n"
    )


def _run_killed(patch: str, action: str, tmp_path: Path) -> None:
    """Run ``patch`` then ``action`` in a child process and check it died by SIGKILL."""
    stderr = tmp_path / "child-stderr.txt"
    code = run_in_child(f"{patch}\n{action}\n", stderr, TIMEOUT_S)
    assert code == -signal.SIGKILL, stderr.read_text()[-2000:]


def _service_code(home: Path, call: str) -> str:
    return (
        "import pandas as pd\nfrom pathlib import Path\nfrom odsgr.config import Settings\n"
        "from odsgr.service import Service\n"
        f"service = Service(Settings(home=Path({str(home)!r}), seed=7))\n{call}"
    )


def _assert_consistent(home: Path, rows: pd.DataFrame | None, version: str | None) -> Service:
    """Restart, then check the invariants; ``rows`` of ``version`` are in the history iff it
    became current."""
    service = Service(Settings(home=home, seed=7))
    parts = sorted((home / "data" / "history").glob("part-*.parquet"))
    raw = pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)
    assert not data.text_key(raw["text"]).duplicated().any()
    versions = set(raw.get("version", pd.Series(dtype=object)).dropna())
    assert all(service.registry.was_current(v) for v in versions), versions
    current = service.registry.current_version()
    assert service.predict("Faltan médicos en el puesto de salud").model_version == current
    if rows is not None and version is not None:
        stored = set(data.text_key(raw["text"]))
        validation = set(data.text_key(service.registry.read_validation()["text"]))
        expected = set(data.text_key(rows["text"])) - validation
        if service.registry.was_current(version):
            assert expected <= stored
        else:
            assert not expected & stored
            assert not (home / "data" / "pending" / f"{version}.parquet").exists() or (
                service.registry.status_of(version) in ("candidate", "rejected")
            )
    return service


STEPS = ["save_version", "stage_pending", "set_current", "append_history"]


@pytest.mark.parametrize("step", STEPS)
def test_kill_during_train(home, tmp_path, step):
    rows = invented_rows(per_label=10)
    path = tmp_path / "nuevas.csv"
    rows.to_csv(path, index=False)
    action = (
        "from odsgr.cli import main\n"
        f"main(['train', '--data', {str(path)!r}, '--home', {str(home)!r}])"
    )
    _run_killed(_kill_after(step), action, tmp_path)
    service = _assert_consistent(home, rows, "v2")
    assert service.registry.status_of("v2") in ("current", "discarded")


@pytest.mark.parametrize("step", STEPS)
def test_kill_during_forced_retrain(home, tmp_path, step):
    rows = invented_rows(per_label=10)
    path = tmp_path / "nuevas.csv"
    rows.to_csv(path, index=False)
    action = (
        "from odsgr.cli import main\n"
        f"main(['retrain', '--force', '--data', {str(path)!r}, '--home', {str(home)!r}])"
    )
    _run_killed(_kill_after(step), action, tmp_path)
    _assert_consistent(home, rows, "v2")


@pytest.mark.parametrize("step", ["set_current", "append_history"])
@pytest.mark.parametrize("command", ["promote", "rollback"])
def test_kill_while_a_candidate_becomes_current(home, tmp_path, step, command):
    rows = invented_rows(per_label=10)
    service = Service(Settings(home=home, seed=7))
    candidate = service.retrain(frames=[(rows, "nuevas")], auto_promote=False).candidate
    call = f"service.{command}({candidate!r})"
    _run_killed(_kill_after(step), _service_code(home, call), tmp_path)
    restarted = _assert_consistent(home, rows, candidate)
    assert restarted.registry.current_version() == candidate


def test_kill_during_a_rollback_to_an_earlier_version(home, tmp_path):
    rows = invented_rows(per_label=10)
    Service(Settings(home=home, seed=7)).retrain(frames=[(rows, "nuevas")], force=True)
    _run_killed(_kill_after("set_current"), _service_code(home, "service.rollback('v1')"), tmp_path)
    restarted = _assert_consistent(home, rows, "v2")
    assert restarted.registry.current_version() == "v1"
    assert restarted.registry.status_of("v2") == "previous"


def test_kill_during_review_decide(home, tmp_path):
    service = Service(Settings(home=home, seed=7, review_threshold=1.01))
    texts = ["Falta un puente peatonal en la vereda alta.", "No hay luz en el parque central."]
    for text in texts:
        service.predict(text, store_for_review=True)
    queue = service.review_queue()
    decisions = [{"id": i, "label": 3} for i in queue["id"]]
    before = len(service.history())
    call = f"service.review_decide({decisions!r})"
    _run_killed(_kill_after("append_history"), _service_code(home, call), tmp_path)
    restarted = _assert_consistent(home, None, None)
    restarted.review_decide(decisions)  # still queued: decided again after the restart
    assert len(restarted.history()) == before + len(texts)
    _assert_consistent(home, None, None)
