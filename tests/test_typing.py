"""mypy stays clean on the modules that are clean today (grow the list as modules get clean)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]

CLEAN_MODULES = (
    "access",
    "augment",
    "cli",
    "config",
    "data",
    "distributed",
    "drift",
    "errors",
    "evaluate",
    "fit_process",
    "hub/__init__",
    "hub/client",
    "hub/datasets",
    "hub/models",
    "hub/queue",
    "hub/space",
    "hub/sync",
    "incremental",
    "modelcard",
    "predict",
    "privacy",
    "registry",
    "results",
    "review",
    "sdg",
    "service",
    "sessions",
    "storage",
    "train",
)


@pytest.mark.skipif(
    importlib.util.find_spec("mypy") is None,
    reason="mypy is not installed (pip install -r requirements-dev.txt)",
)
def test_clean_modules_stay_mypy_clean() -> None:
    files = [f"odsgr/{name}.py" for name in CLEAN_MODULES]
    # Imported modules that are not clean yet are analysed but their errors are not reported.
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--follow-imports=silent", *files],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
