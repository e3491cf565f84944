"""mypy stays clean on the whole package, and ruff on all the code (lint and format)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
PACKAGE = REPO_ROOT / "odsgr"


def _checked_files() -> list[str]:
    return sorted(path.relative_to(REPO_ROOT).as_posix() for path in PACKAGE.rglob("*.py"))


@pytest.mark.skipif(
    importlib.util.find_spec("mypy") is None,
    reason="mypy is not installed (pip install -r requirements-dev.txt)",
)
def test_the_package_stays_mypy_clean() -> None:
    files = _checked_files()
    assert {"odsgr/ui/handlers.py", "odsgr/ui/tabs/reentrenar.py", "odsgr/model.py"} <= set(files)
    # Imported modules that are not clean yet are analysed but their errors are not reported.
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--follow-imports=silent", *files],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(
    importlib.util.find_spec("ruff") is None,
    reason="ruff is not installed (pip install -r requirements-dev.txt)",
)
@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["lint", "format"])
def test_the_code_stays_ruff_clean(command: list[str]) -> None:
    paths = ["odsgr", "tests", "benchmarks", "app.py"]
    result = subprocess.run(
        [sys.executable, "-m", "ruff", *command, *paths],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
