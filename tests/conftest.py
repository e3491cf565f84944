"""Shared pytest fixtures of odsgr."""

from __future__ import annotations

import contextlib
import io
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping
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


# Marks given here, in one place, so test files need no edits (see [tool.pytest] markers):
# whole modules that start servers, subprocesses or dask clusters, single tests that do, and
# fixtures that launch the app or read the reference data.
SLOW_MODULES = {
    "test_access_and_secrets",
    "test_app_api",
    "test_augment",
    "test_augment_cli",
    "test_browser",
    "test_cli",
    "test_crash_safety",
    "test_distributed",
    "test_faults",
    "test_hostile_input",
    "test_hub",
    "test_hub_layers",
    "test_hubdouble",
    "test_lifecycle_kills",
    "test_not_a_table",
    "test_reference_data",
    "test_typing",
}
SLOW_TESTS = {
    "test_cli_predict_local_engine",  # test_batch: CLI subprocess
    "test_counts_are_flushed_at_exit",  # test_drift: subprocess
}
SLOW_FIXTURES = {"launched_app", "app_url", "client", "reference_data_dir"}

# Parallel runs (pytest -n N, --dist loadfile): each worker takes whole modules, so that
# module-scoped fixtures run once; modules start longest first (by their measured wall time),
# so that no long module starts last and holds up the end of the run. (pytest-xdist's
# loadgroup cannot split a module further under pytest 9: it rewrites a node id pytest no
# longer reads.)
LONGEST_MODULES = (
    "test_browser",
    "test_typing",
    "test_cli",
    "test_hostile_input",
    "test_access_and_secrets",
    "test_augment_cli",
    "test_lifecycle_kills",
    "test_crash_safety",
    "test_augment",
    "test_hub",
    "test_lifecycle_reference",
    "test_app_api",
    "test_strategies",
    "test_faults",
    "test_batch",
    "test_lifecycle",
    "test_not_a_table",
    "test_service",
    "test_hubdouble",
    "test_scope",
    "test_language",
    "test_model_behaviour",
    "test_drift",
    "test_hub_layers",
    "test_registry",
    "test_quality_benchmark",
    "test_review",
    "test_fit_process",
)


def pytest_configure(config: pytest.Config) -> None:
    """Start the loopback Hub double before any module imports huggingface_hub."""
    from hubdouble import install_session_hub

    # CLI subprocesses and Settings.from_env answer a wrong admin password at once (the pause
    # has its own test in test_access_and_secrets.py).
    os.environ.setdefault("ODSGR_ADMIN_FAILURE_DELAY_S", "0")
    # Gradio keeps uploads in one folder per machine, named by content, and an app deletes its
    # files when it closes: each test process (each pytest-xdist worker) gets a folder of its own.
    uploads = tempfile.mkdtemp(prefix="odsgr-gradio-", dir=os.environ.get("GRADIO_TEMP_DIR"))
    os.environ["GRADIO_TEMP_DIR"] = uploads
    config.add_cleanup(lambda: shutil.rmtree(uploads, ignore_errors=True))
    if getattr(config.option, "numprocesses", None) and not hasattr(config, "workerinput"):
        return  # the pytest-xdist controller runs no test: each worker starts its own double
    install_session_hub()


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """With ``-m "not slow"``, do not even import the slow modules (seconds of imports)."""
    if config.getoption("markexpr") == "not slow" and collection_path.stem in SLOW_MODULES:
        return True
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark slow and browser tests so that ``pytest -m "not slow"`` is the fast unit subset;
    in a pytest-xdist worker, also put the longest modules first (see LONGEST_MODULES)."""
    for item in items:
        module = item.module.__name__ if item.module else ""
        if module == "test_browser":
            item.add_marker(pytest.mark.browser)
        name = getattr(item, "originalname", item.name)
        uses = set(getattr(item, "fixturenames", ()))
        if module in SLOW_MODULES or name in SLOW_TESTS or uses & SLOW_FIXTURES:
            item.add_marker(pytest.mark.slow)
    if hasattr(config, "workerinput"):
        rank = {module: number for number, module in enumerate(LONGEST_MODULES)}
        items.sort(key=lambda item: rank.get(item.path.stem, len(rank)))  # a stable sort


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


def run_in_child(code: str, stderr: Path, timeout: float) -> int | None:
    """Run Python ``code`` in a child process; return its exit code (``-9`` if SIGKILLed).

    The child is forked from a multiprocessing fork server that imported odsgr once per test
    process: a real, separate process (it can be killed mid-operation) without ~2 s of imports
    each time. Its stderr goes to the file ``stderr``.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["odsgr.cli", "odsgr.service", "pandas"])
    prologue = f"import sys\nsys.stderr = open({str(stderr)!r}, 'w', buffering=1)\n"
    child = context.Process(target=exec, args=(prologue + code, {"__name__": "__main__"}))
    child.start()
    child.join(timeout)
    if child.exitcode is None:
        child.kill()
        child.join()
    return child.exitcode


def run_cli(*argv: str, env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess:
    """``python -m odsgr ARGV`` run in this process (no interpreter start-up, ~3 s cheaper).

    Returns what ``subprocess.run(..., capture_output=True, text=True)`` would. ``env`` adds
    environment variables for the duration of the call. Tests of the real process entry point
    (exit codes, signals, crashes) keep using subprocesses (tests/test_cli.py, cli_with_patch).
    """
    from odsgr.cli import main

    stdout, stderr = io.StringIO(), io.StringIO()
    saved = dict(os.environ)
    os.environ.update(env or {})
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                code = main(list(argv))
            except SystemExit as exit_:  # argparse refusals
                code = exit_.code if isinstance(exit_.code, int) else 2
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return subprocess.CompletedProcess(["odsgr", *argv], code, stdout.getvalue(), stderr.getvalue())


def age_files(paths: Iterable[Path], seconds: float) -> None:
    """Set the modification time of ``paths`` (and what folders directly hold) ``seconds`` back.

    Lets a test reach "older than N seconds" without sleeping N seconds.
    """
    past = time.time() - seconds
    for path in list(paths):
        for item in [path, *(path.glob("*") if path.is_dir() else ())]:
            os.utime(item, (past, past))


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
