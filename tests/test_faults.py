"""Fault injection: the Hub and the LLM endpoint failing, the disk filling up, the process killed.

After every fault the service still answers from the last good version and every stored file is
byte-for-byte what it was (SHA-256 of every file under the home, before and after).
"""

from __future__ import annotations

import errno
import hashlib
import os
import signal
import socket
import uuid
from pathlib import Path

import pandas as pd
import pytest
from conftest import age_files, cli_with_patch, run_in_child
from openai_double import OpenAIDouble

from odsgr import registry as registry_module
from odsgr.augment import MAX_CONSECUTIVE_FAILURES
from odsgr.config import Settings
from odsgr.errors import HubError, LLMError
from odsgr.hub import client as hub_client
from odsgr.hub import models as hub_models
from odsgr.hub import queue as hub_queue
from odsgr.recovery import STARTUP_CLEAN_AGE_S
from odsgr.registry import TMP_PREFIX, Registry
from odsgr.results import AugmentOptions
from odsgr.service import Service

TEXT = "El puesto de salud no tiene médicos ni medicamentos para la gente del barrio."
# Files a failed operation may legitimately add: the Hub push queue, the LLM checkpoints and the
# production statistics of the predictions made to check the service.
VOLATILE = ("models/push_queue.jsonl", "data/augment/", "data/drift/", "data/review/")
NEW_ROWS = pd.DataFrame(
    {
        "text": [
            f"La escuela {i} del municipio no tiene maestros ni libros y los niños dejan de "
            "estudiar porque no hay transporte escolar."
            for i in range(14)
        ],
        "label": [4] * 14,
    }
)


def tree(home: Path) -> dict[str, str]:
    """SHA-256 of every file under ``home`` except the volatile ones."""
    digests = {}
    for path in sorted(home.rglob("*")):
        relative = path.relative_to(home).as_posix()
        if path.is_file() and not relative.startswith(VOLATILE):
            digests[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests


def assert_serves(home: Path, version: str = "v1", **settings: object) -> Service:
    service = Service(Settings(home=home, **settings))
    assert service.predict(TEXT).model_version == version
    return service


@pytest.fixture
def hub_ok(hub):
    yield hub
    hub.mode = "ok"
    hub.slow_seconds = 3.0


# ----------------------------------------------------------------------------- the Hub


@pytest.mark.parametrize("mode", ["refuse", "500", "slow"])
def test_hub_failing_leaves_the_home_intact(home, hub_ok, mode, monkeypatch):
    monkeypatch.setattr(hub_client, "PROBE_TIMEOUT_S", 1.0)
    uid = uuid.uuid4().hex[:8]
    settings = Settings(
        home=home, hub_model_repo=f"admin/fallos-{uid}", hf_token=hub_ok.token, seed=7
    )
    client = hub_client.HubClient(settings, Registry(settings))
    before = tree(home)
    # A "slow" Hub answers after a minute: slow_replies == 0 below proves every call gave up first.
    hub_ok.mode, hub_ok.slow_seconds, hub_ok.slow_replies = mode, 60.0, 0
    sent = len(hub_ok.requests)
    with pytest.raises(HubError) as push:
        hub_models.publish(client)
    with pytest.raises(HubError) as pull:
        hub_models.pull_version(client, "v1", timeout_s=1.0)
    message = hub_models.publish_after_change(client, "v1")  # the promotion hook never raises
    assert hub_ok.slow_replies == 0
    assert len(hub_ok.requests) - sent <= 3  # one probe per call at most: no retry loop
    for text in (str(push.value), str(pull.value), message):
        assert "Traceback" not in text and hub_ok.token not in text
    assert "queda en cola" in str(push.value)
    hub_ok.mode = "ok"
    assert tree(home) == before
    assert_serves(home)
    assert hub_queue.queued_versions(settings) == ["v1"]  # retried by the next push


# ----------------------------------------------------------------------------- the LLM


def _closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"  # nothing listens there any more


@pytest.mark.parametrize("fault", ["refused", "timeout", "500"])
def test_llm_failing_during_a_balanced_retrain(home, fault):
    service = Service(Settings(home=home, seed=7, openai_api_key="sk-prueba-fallos"))
    before = tree(home)
    behaviour = {"refused": "json", "timeout": "slow", "500": "500"}[fault]
    # A "slow" endpoint answers after a minute: slow_replies == 0 proves the client gave up first.
    with OpenAIDouble(behaviour, slow_seconds=60.0) as double:
        base_url = _closed_port_url() if fault == "refused" else double.base_url
        options = AugmentOptions(ratio=1.0, timeout=0.5, max_retries=0, base_url=base_url)
        with pytest.raises(LLMError) as refused:
            service.retrain(
                frames=[(NEW_ROWS, "nuevas.csv")],
                balance_with_llm=True,
                augment_options=options,
            )
        assert double.slow_replies == 0
    # The run stops after a few failed requests, none of them retried (max_retries=0).
    assert double.request_count <= MAX_CONSECUTIVE_FAILURES
    assert "Traceback" not in str(refused.value) and "sk-prueba" not in str(refused.value)
    assert tree(home) == before
    assert [v.version for v in service.registry.list_versions()] == ["v1"]
    assert_serves(home)


# ----------------------------------------------------------------------------- the disk


class _DiskFull:
    """Stands in for ``joblib`` in odsgr.registry: half a model is written, then ENOSPC."""

    def __init__(self) -> None:
        import joblib

        self._joblib = joblib

    def dump(self, _obj: object, path: Path, **_kwargs: object) -> None:
        Path(path).write_bytes(b"half a model")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    def __getattr__(self, name: str) -> object:
        return getattr(self._joblib, name)


class _OsWithFullDisk:
    """Stands in for ``os`` in odsgr.registry: files opened with ``fdopen`` cannot be written."""

    class _Full:
        def __init__(self, handle) -> None:
            self._handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc_info: object) -> None:
            self._handle.close()

        def write(self, data: bytes) -> int:
            self._handle.write(data[: len(data) // 2])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def __getattr__(self, name: str) -> object:
            return getattr(self._handle, name)

    def fdopen(self, fd: int, *args: object, **kwargs: object):
        return self._Full(os.fdopen(fd, *args, **kwargs))

    def __getattr__(self, name: str) -> object:
        return getattr(os, name)


def test_disk_full_while_saving_a_version(home, monkeypatch):
    service = Service(Settings(home=home, seed=7))
    before = tree(home)
    monkeypatch.setattr(registry_module, "joblib", _DiskFull())
    with pytest.raises(OSError, match="No space left"):
        service.retrain(frames=[(NEW_ROWS, "nuevas.csv")])
    monkeypatch.undo()
    assert not list(home.rglob(TMP_PREFIX + "*"))
    assert tree(home) == before
    assert assert_serves(home).registry.list_versions()[-1].version == "v1"


def test_disk_full_while_switching_the_current_version(home, monkeypatch):
    service = Service(Settings(home=home, seed=7))
    candidate = service.retrain(frames=[(NEW_ROWS, "nuevas.csv")], auto_promote=False)
    before = tree(home)
    monkeypatch.setattr(registry_module, "os", _OsWithFullDisk())
    with pytest.raises(OSError, match="No space left"):
        service.promote(candidate.candidate, force=True)
    monkeypatch.undo()
    assert not list(home.rglob(TMP_PREFIX + "*"))
    assert tree(home) == before
    assert_serves(home, "v1")
    assert service.promote(candidate.candidate, force=True) == {"current": "v2"}
    assert_serves(home, "v2")


DISK_FULL_PATCH = (
    "import errno, os, pathlib\nimport odsgr.registry as r\n"
    "class Full:\n"
    "    load = staticmethod(r.joblib.load)\n"
    "    def dump(self, obj, path, **kwargs):\n"
    "        pathlib.Path(path).write_bytes(b'half')\n"
    "        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))\n"
    "r.joblib = Full()\n"
)
KILL_WHILE_SWITCHING_PATCH = (
    "import os, signal, tempfile\nimport odsgr.registry as r\n"
    "original = r.atomic_write_bytes\n"
    "def write(path, data):\n"
    "    if path.name == r.CURRENT_FILE:\n"
    "        fd, _ = tempfile.mkstemp(prefix=r.TMP_PREFIX, dir=path.parent)\n"
    "        os.write(fd, data[:5])\n"
    "        os.kill(os.getpid(), signal.SIGKILL)\n"
    "    return original(path, data)\n"
    "r.atomic_write_bytes = write\n"
)


def test_disk_full_and_kill_through_the_cli(home, tmp_path):
    """The CLI reports a full disk in one line, and a SIGKILL mid-switch loses nothing."""
    rows = tmp_path / "nuevas.csv"
    NEW_ROWS.rename(columns={"text": "textos", "label": "labels"}).to_csv(rows, index=False)
    service = Service(Settings(home=home, seed=7))
    service.retrain(frames=[(NEW_ROWS.head(4), "otras.csv")], auto_promote=False)  # v2
    before = tree(home)

    # one after the other: the rollback to a candidate with pending rows takes the retrain lock
    full = cli_with_patch(DISK_FULL_PATCH, "retrain", "--data", str(rows), "--home", str(home))
    stdout, stderr = full.communicate(timeout=120)
    assert full.returncode == 2, (stdout, stderr)
    assert "Traceback" not in stderr and "No space left on device" in stderr, stderr
    assert stderr.strip().splitlines()[-1].startswith("error")
    argv = ["rollback", "v2", "--home", str(home)]
    code = f"{KILL_WHILE_SWITCHING_PATCH}\nfrom odsgr.cli import main\nmain({argv!r})\n"
    assert run_in_child(code, tmp_path / "child-stderr.txt", timeout=120) == -signal.SIGKILL

    assert list((home / "models").glob(TMP_PREFIX + "*"))  # the half-written pointer
    age_files(home.rglob(TMP_PREFIX + "*"), STARTUP_CLEAN_AGE_S + 1)
    assert_serves(home, "v1")  # start-up removes the leftovers
    assert not list(home.rglob(TMP_PREFIX + "*"))
    assert tree(home) == before
