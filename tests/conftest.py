"""Shared pytest fixtures of odsgr."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

FIXTURES_DIR = Path(__file__).parent / "fixtures"


@pytest.fixture
def fixtures_dir() -> Path:
    """Folder of the small invented fixture files committed with the tests."""
    return FIXTURES_DIR


@pytest.fixture(scope="session")
def reference_data_dir() -> Path:
    """Folder of the reference datasets (``ODSGR_REFERENCE_DATA`` or ``../shared/data``)."""
    default = Path(__file__).resolve().parents[1].parent / "shared" / "data"
    folder = Path(os.environ.get("ODSGR_REFERENCE_DATA") or default)
    if not folder.is_dir():
        pytest.skip(
            f"reference data not found at {folder}; set ODSGR_REFERENCE_DATA to run data tests"
        )
    return folder


REPO_ROOT = Path(__file__).resolve().parents[1]
DEMO_DATA = REPO_ROOT / "data" / "demo" / "ods_demo.csv"


def pytest_configure(config: pytest.Config) -> None:
    """Start the loopback Hub double before any module imports huggingface_hub."""
    from hubdouble import install_session_hub

    install_session_hub()


def pytest_unconfigure(config: pytest.Config) -> None:
    from hubdouble import HubDouble

    hub = HubDouble.current()
    if hub is not None:
        hub.stop()


@pytest.fixture(scope="session")
def hub():
    """The session's loopback Hugging Face Hub double."""
    from hubdouble import HubDouble

    return HubDouble.current()


@pytest.fixture
def settings(tmp_path: Path):
    """Settings with an empty home directory of its own."""
    from odsgr.config import Settings

    return Settings(home=tmp_path / "home", seed=7)


@pytest.fixture(scope="session")
def demo_data() -> Path:
    """The demo dataset written for odsgr (120 invented texts, SDG 1, 3 and 4)."""
    return DEMO_DATA


@pytest.fixture(scope="session")
def trained_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home with one version trained on the demo data (shared, read-only for tests)."""
    from odsgr.config import Settings
    from odsgr.service import Service

    home = tmp_path_factory.mktemp("trained_home")
    Service(Settings(home=home)).train(paths=[DEMO_DATA])
    return home


@pytest.fixture
def home(tmp_path: Path, trained_home: Path) -> Path:
    """A private, writable copy of the demo-trained home (one version, v1)."""
    target = tmp_path / "home"
    shutil.copytree(trained_home, target)
    return target


def cli_with_patch(patch: str, *argv: str) -> subprocess.Popen:
    """``python -m odsgr ARGV`` in a subprocess after running ``patch`` (fault-injection hooks)."""
    code = f"{patch}\nfrom odsgr.cli import main\nraise SystemExit(main({list(argv)!r}))\n"
    return subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
    )


@pytest.fixture(scope="session")
def reference_model(reference_data_dir: Path):
    """A pipeline fitted on all of ``ods_opiniones.xlsx`` (skipped without reference data)."""
    from odsgr import data, model

    frame, _ = data.load_labelled(reference_data_dir / "ods_opiniones.xlsx")
    return model.fit(frame["text"].tolist(), frame["label"].tolist())


@contextlib.contextmanager
def launched_app(service) -> Iterator[str]:
    """Serve the odsgr Gradio app of ``service`` on a free loopback port; yield its URL."""
    from hubdouble import free_port

    from odsgr import ui
    from odsgr.access import AccessPolicy

    demo = ui.build_app(service, AccessPolicy.from_settings(service.settings, oauth=False))
    _, url, _ = demo.launch(
        server_name="127.0.0.1",
        server_port=free_port(),
        prevent_thread_lock=True,
        quiet=True,
        **ui.launch_options(service.settings),
    )
    try:
        yield url
    finally:
        demo.close()
