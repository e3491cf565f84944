"""Packaging: pyproject.toml, requirements.txt and requirements-dev.txt agree with each other."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import odsgr
from odsgr import errors as odsgr_errors

REPO_ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _requirements(name: str) -> list[str]:
    lines = (REPO_ROOT / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _name(requirement: str) -> str:
    return re.split(r"[\[<>=!~ ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_runtime_requirements_are_the_project_dependencies() -> None:
    assert _requirements("requirements.txt") == PYPROJECT["project"]["dependencies"]


def test_the_space_installs_no_test_tools() -> None:
    runtime = {_name(line) for line in _requirements("requirements.txt")}
    assert not runtime & {"pytest", "playwright", "mypy", "ruff"}


def test_dev_requirements_add_the_test_extra_to_the_runtime_ones() -> None:
    dev = _requirements("requirements-dev.txt")
    assert dev[0] == "-r requirements.txt"
    assert set(PYPROJECT["project"]["optional-dependencies"]["test"]) <= set(dev[1:])


def test_readme_test_command_installs_the_dev_requirements() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert readme[3].startswith(
        "- Run the tests: `pip install -r requirements-dev.txt && python -m pytest"
    )


def test_one_package_and_a_console_script() -> None:
    # setuptools ships only the packages listed: every folder of odsgr/ with an __init__.py
    packages = sorted(
        ".".join(init.parent.relative_to(REPO_ROOT).parts)
        for init in (REPO_ROOT / "odsgr").rglob("__init__.py")
    )
    assert "odsgr.ui.tabs" in packages
    assert sorted(PYPROJECT["tool"]["setuptools"]["packages"]) == packages
    module, _, function = PYPROJECT["project"]["scripts"]["odsgr"].partition(":")
    assert callable(getattr(__import__(module, fromlist=[function]), function))


def test_public_names_are_exported_lazily() -> None:
    errors = {name for name, value in vars(odsgr_errors).items() if isinstance(value, type)}
    assert set(odsgr.__all__) == {"__version__", "Service", "Settings", *errors}
    for name in odsgr.__all__:
        assert getattr(odsgr, name) is not None, name
    assert issubclass(odsgr.ConfigurationError, odsgr.OdsgrError)
    assert odsgr.Service.__module__ == "odsgr.service"
    assert odsgr.__version__ == PYPROJECT["project"]["version"]


def test_importing_the_package_loads_no_module_of_it() -> None:
    code = "import sys, odsgr; print(sorted(m for m in sys.modules if m.startswith('odsgr.')))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO_ROOT, check=True
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize(
    "module",
    ["access", "data", "drift", "evaluate", "registry", "review", "sessions", "storage", "uploads"],
)
def test_public_modules_name_their_api(module: str) -> None:
    imported = importlib.import_module(f"odsgr.{module}")
    assert imported.__all__, module
    missing = [name for name in imported.__all__ if not hasattr(imported, name)]
    assert not missing, (module, missing)
    assert not [name for name in imported.__all__ if name.startswith("_")], module
