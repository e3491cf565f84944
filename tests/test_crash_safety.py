"""Crash safety: a retrain killed at any point leaves a loadable current version and an intact
history; the next start cleans up; only one retrain runs at a time, across processes."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import REPO_ROOT, age_files, cli_with_patch, run_in_child

from odsgr.config import Settings
from odsgr.errors import RetrainInProgressError
from odsgr.recovery import STARTUP_CLEAN_AGE_S
from odsgr.registry import LOCK_FILE, TMP_PREFIX, Registry
from odsgr.service import Service

NEW_ROWS = pd.DataFrame(
    {
        "text": [
            "Las familias del barrio no tienen ingresos suficientes para comprar comida.",
            "El centro de salud necesita más enfermeras y medicamentos para los vecinos.",
            "La escuela del pueblo no tiene profesores de matemáticas ni biblioteca.",
        ],
        "label": [1, 3, 4],
    }
)
TEXT = "El puesto de salud no tiene médicos ni medicamentos para la gente."


@pytest.fixture
def new_rows(tmp_path) -> Path:
    path = tmp_path / "nuevas.csv"
    NEW_ROWS.to_csv(path, index=False)
    return path


def _retrain_process(home: Path, rows: Path, patch: str, *extra: str) -> subprocess.Popen:
    """``python -m odsgr retrain`` in a subprocess, after running ``patch`` (test hooks)."""
    return cli_with_patch(patch, "retrain", "--data", str(rows), "--home", str(home), *extra)


def _retrain_killed(home: Path, rows: Path, patch: str, *extra: str) -> int | None:
    """``retrain`` in a child process after ``patch``; its exit code (``-9`` when SIGKILLed)."""
    argv = ["retrain", "--data", str(rows), "--home", str(home), *extra]
    code = f"{patch}\nfrom odsgr.cli import main\nraise SystemExit(main({argv!r}))\n"
    return run_in_child(code, rows.parent / "child-stderr.txt", timeout=120)


def _wait_for(path: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.05)


def _snapshot(home: Path) -> tuple[pd.DataFrame, str | None]:
    registry = Registry(Settings(home=home))
    return registry.read_history(), registry.current_version()


def _assert_intact(home: Path, history: pd.DataFrame, current: str) -> Service:
    service = Service(Settings(home=home))
    assert service.registry.current_version() == current
    assert service.predict(TEXT).model_version == current
    pd.testing.assert_frame_equal(service.registry.read_history(), history)
    return service


def test_kill_during_training(home, new_rows):
    history, current = _snapshot(home)
    marker = home / "fitting"
    patch = (
        "import pathlib, time\nimport odsgr.model as m\n"
        "def fit(*args, **kwargs):\n"
        f"    pathlib.Path({str(marker)!r}).touch()\n"
        "    time.sleep(120)\n"
        "m.fit = fit\n"
    )
    process = _retrain_process(home, new_rows, patch)
    _wait_for(marker)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert (home / "models" / LOCK_FILE).exists()  # left behind by the dead process

    service = _assert_intact(home, history, current)
    summary = service.retrain(paths=[new_rows])  # the stale lock is recovered
    assert summary.candidate == "v2"


def test_kill_while_saving_the_candidate(home, new_rows):
    history, current = _snapshot(home)
    patch = (
        "import os, signal\nimport odsgr.registry as r\n"
        "def dump(obj, path, **kwargs):\n"
        "    with open(path, 'wb') as handle:\n"
        "        handle.write(b'half a model')\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "r.joblib.dump = dump\n"
    )
    assert _retrain_killed(home, new_rows, patch) == -signal.SIGKILL
    leftovers = list((home / "models").glob(TMP_PREFIX + "*"))
    assert leftovers and all((item / "model.joblib").exists() for item in leftovers)

    age_files((home / "models").glob(TMP_PREFIX + "*"), STARTUP_CLEAN_AGE_S + 1)
    service = _assert_intact(home, history, current)
    assert not list((home / "models").glob(TMP_PREFIX + "*"))
    assert [v.version for v in service.registry.list_versions()] == ["v1"]
    assert service.retrain(paths=[new_rows]).candidate == "v2"


def test_kill_between_promotion_and_history_commit(home, new_rows):
    history, _ = _snapshot(home)
    patch = (
        "import os, signal\nfrom odsgr.registry import Registry\n"
        "Registry.commit_pending = lambda self, version: os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    assert _retrain_killed(home, new_rows, patch, "--force") == -signal.SIGKILL
    assert Registry(Settings(home=home)).current_version() == "v2"
    assert (home / "data" / "pending" / "v2.parquet").is_file()

    service = Service(Settings(home=home))  # start-up finishes the promotion
    assert not (home / "data" / "pending" / "v2.parquet").exists()
    after = service.registry.read_history()
    assert len(after) == len(history) + len(NEW_ROWS)
    assert set(NEW_ROWS["text"]) <= set(after["text"])
    assert service.predict(TEXT).model_version == "v2"


def test_two_retrains_at_once_only_one_runs(home, new_rows):
    # The winner holds the lock inside fit until the loser has exited (no fixed sleep to race).
    release = home.parent / "release"
    patch = (
        "import pathlib, time\nimport odsgr.model as m\n_fit = m.fit\n"
        "def fit(*args, **kwargs):\n"
        f"    release, deadline = pathlib.Path({str(release)!r}), time.monotonic() + 120\n"
        "    while not release.exists() and time.monotonic() < deadline:\n"
        "        time.sleep(0.05)\n"
        "    return _fit(*args, **kwargs)\n"
        "m.fit = fit\n"
    )
    processes = [_retrain_process(home, new_rows, patch) for _ in range(2)]
    deadline = time.monotonic() + 120
    while all(p.poll() is None for p in processes) and time.monotonic() < deadline:
        time.sleep(0.05)
    release.touch()
    results = [(p.wait(timeout=120), *p.communicate()) for p in processes]
    codes = sorted(code for code, _, _ in results)
    assert codes == [0, 2], results
    loser = next(stderr for code, _, stderr in results if code == 2)
    assert "Ya hay un reentrenamiento en curso" in loser
    winner = next(stdout for code, stdout, _ in results if code == 0)
    assert json.loads(winner)["candidate"] == "v2"
    assert [v.version for v in Registry(Settings(home=home)).list_versions()] == ["v1", "v2"]


def test_a_live_lock_in_another_process_is_respected(home):
    ready = home / "locked"
    code = (
        "import pathlib, time\nfrom odsgr.config import Settings\n"
        "from odsgr.registry import Registry\n"
        f"with Registry(Settings(home=pathlib.Path({str(home)!r}))).retrain_lock():\n"
        f"    pathlib.Path({str(ready)!r}).touch()\n"
        "    time.sleep(60)\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", code], cwd=REPO_ROOT)
    try:
        _wait_for(ready)
        registry = Registry(Settings(home=home))
        with pytest.raises(RetrainInProgressError):
            with registry.retrain_lock():
                pass
        Service(Settings(home=home))  # starting while another process retrains is harmless
        assert (home / "models" / LOCK_FILE).exists()
    finally:
        holder.kill()
        holder.wait(timeout=30)
    with Registry(Settings(home=home)).retrain_lock():  # dead holder: recovered
        pass
