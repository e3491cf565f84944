"""Model versions and labelled data on disk, under a home directory.

Layout::

    models/v<N>/model.joblib      the fitted pipeline (never overwritten)
    models/v<N>/metadata.json     version, parent, checksums, metrics, gate decision ...
    models/current.json           {"version": "v<N>"}: switched atomically (write + rename)
    models/events.jsonl           append-only log of promotions and rollbacks
    models/.retrain.lock          held while a retrain runs (stale locks are recovered)
    data/history/part-*.parquet   every labelled row ever accepted, one file per addition
    data/validation.parquet       the fixed validation set

Every write goes to a temporary file or folder first and is renamed into place, so a crash leaves
the previous state intact; :func:`clean_incomplete` removes the leftovers at start-up.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import shutil
import socket
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import joblib
import pandas as pd
import sklearn

from odsgr.config import Settings
from odsgr.errors import ModelIntegrityError, ModelNotFoundError, RetrainInProgressError

log = logging.getLogger(__name__)

MODEL_FILE = "model.joblib"
METADATA_FILE = "metadata.json"
CURRENT_FILE = "current.json"
EVENTS_FILE = "events.jsonl"
LOCK_FILE = ".retrain.lock"
TMP_PREFIX = ".tmp-"
HISTORY_COLUMNS = ("text", "label", "source", "added_at", "synthetic")
_VERSION = re.compile(r"^v(\d+)$")


def now_iso() -> str:
    """The current UTC time as an ISO-8601 string (seconds precision)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def sha256_file(path: Path) -> str:
    """SHA-256 hex digest of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fingerprint_frame(frame: pd.DataFrame) -> str:
    """SHA-256 of the (text, label) content of a frame, independent of row order."""
    lines = sorted(f"{label}\t{text}" for text, label in zip(frame["text"], frame["label"]))
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and ``os.replace``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def atomic_write_json(path: Path, payload: object) -> None:
    """Write ``payload`` as indented UTF-8 JSON, atomically."""
    text = json.dumps(payload, ensure_ascii=False, indent=2, default=str)
    atomic_write_bytes(path, text.encode("utf-8"))


def _append_line(path: Path, record: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def _age_s(path: Path) -> float:
    """Seconds since ``path`` (or, for a folder, anything directly in it) was last modified."""
    try:
        newest = max([path.stat().st_mtime] + [p.stat().st_mtime for p in path.glob("*")])
    except OSError:
        return 0.0
    return time.time() - newest


def version_number(version: str) -> int:
    """``"v12"`` → 12; raises ModelNotFoundError for malformed ids."""
    match = _VERSION.match(version or "")
    if not match:
        raise ModelNotFoundError(f"Versión de modelo no válida: {version!r} (se espera v1, v2…).")
    return int(match.group(1))


@dataclass(frozen=True)
class ModelVersion:
    """A stored model version: its folder and its metadata."""

    version: str
    path: Path
    metadata: dict

    @property
    def model_path(self) -> Path:
        """The joblib file of this version."""
        return self.path / MODEL_FILE


class Registry:
    """Versions, the current pointer, the labelled history and the validation set of one home."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.models_dir = settings.models_dir
        self.data_dir = settings.data_dir

    # ----------------------------------------------------------------- versions
    def list_versions(self) -> list[ModelVersion]:
        """Every complete version, oldest first."""
        if not self.models_dir.is_dir():
            return []
        found = []
        for child in self.models_dir.iterdir():
            if _VERSION.match(child.name) and (child / METADATA_FILE).is_file():
                found.append(self.get(child.name))
        return sorted(found, key=lambda v: version_number(v.version))

    def get(self, version: str) -> ModelVersion:
        """The stored version ``version``; raises ModelNotFoundError if absent."""
        version_number(version)
        path = self.models_dir / version
        meta_path = path / METADATA_FILE
        if not meta_path.is_file():
            raise ModelNotFoundError(f"No existe la versión de modelo {version}.")
        return ModelVersion(version, path, json.loads(meta_path.read_text(encoding="utf-8")))

    def current_version(self) -> str | None:
        """The id of the current version, or ``None`` if no version was ever promoted."""
        pointer = self.models_dir / CURRENT_FILE
        if not pointer.is_file():
            return None
        return json.loads(pointer.read_text(encoding="utf-8")).get("version")

    def current(self) -> ModelVersion:
        """The current version; raises ModelNotFoundError when there is none."""
        version = self.current_version()
        if version is None:
            raise ModelNotFoundError(
                "Todavía no hay ningún modelo entrenado. Suba datos etiquetados en la pestaña "
                "«Reentrenar» o ejecute `python -m odsgr train --data ARCHIVO`."
            )
        return self.get(version)

    def next_version(self) -> str:
        """The id the next saved version will get."""
        versions = self.list_versions()
        return f"v{version_number(versions[-1].version) + 1 if versions else 1}"

    def save_version(self, pipeline: object, metadata: dict) -> ModelVersion:
        """Store a fitted pipeline as a new immutable version (not made current).

        The folder is assembled under a temporary name and renamed into place, so a crash never
        leaves a half-written version behind a valid id.
        """
        self.models_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=TMP_PREFIX, dir=self.models_dir))
        try:
            joblib.dump(pipeline, staging / MODEL_FILE, compress=3)
            version = self.next_version()
            full = {
                **metadata,
                "version": version,
                "created_at": metadata.get("created_at") or now_iso(),
                "sklearn_version": sklearn.__version__,
                "model_file": MODEL_FILE,
                "model_sha256": sha256_file(staging / MODEL_FILE),
            }
            atomic_write_json(staging / METADATA_FILE, full)
            os.rename(staging, self.models_dir / version)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        log.info("Saved model version %s", version)
        return self.get(version)

    def import_version(self, folder: Path) -> ModelVersion:
        """Copy a complete version folder (e.g. pulled from the Hub) in, verifying its checksum.

        An already present identical version is returned as is.
        """
        metadata = json.loads((folder / METADATA_FILE).read_text(encoding="utf-8"))
        version = metadata["version"]
        version_number(version)
        if sha256_file(folder / MODEL_FILE) != metadata.get("model_sha256"):
            raise ModelIntegrityError(
                f"El archivo del modelo {version} no coincide con su suma SHA-256 registrada; "
                "no se importa."
            )
        target = self.models_dir / version
        if target.exists():
            existing = self.get(version)
            if existing.metadata.get("model_sha256") != metadata.get("model_sha256"):
                raise ModelIntegrityError(
                    f"Ya existe una versión {version} local distinta de la que se quiere importar."
                )
            return existing
        self.models_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=TMP_PREFIX, dir=self.models_dir))
        try:
            for item in folder.iterdir():
                if item.is_file():
                    shutil.copy2(item, staging / item.name)
            os.rename(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return self.get(version)

    def load(self, version: ModelVersion) -> object:
        """Load a version's pipeline after checking its checksum and scikit-learn release.

        Raises:
            ModelIntegrityError: the file was altered or saved by another scikit-learn release.
        """
        recorded = version.metadata.get("model_sha256")
        if not recorded or sha256_file(version.model_path) != recorded:
            raise ModelIntegrityError(
                f"El archivo del modelo {version.version} no coincide con su suma SHA-256 "
                "registrada: puede estar dañado o manipulado y no se carga."
            )
        saved_with = version.metadata.get("sklearn_version")
        if saved_with != sklearn.__version__:
            raise ModelIntegrityError(
                f"El modelo {version.version} se guardó con scikit-learn {saved_with} y aquí está "
                f"instalado {sklearn.__version__}; reentrénelo o instale esa versión."
            )
        return joblib.load(version.model_path)

    def set_current(self, version: str, action: str = "promote", actor: str = "") -> None:
        """Point ``current`` at ``version`` atomically and log the event."""
        self.get(version)
        previous = self.current_version()
        atomic_write_json(
            self.models_dir / CURRENT_FILE, {"version": version, "updated_at": now_iso()}
        )
        _append_line(
            self.models_dir / EVENTS_FILE,
            {
                "time": now_iso(),
                "action": action,
                "version": version,
                "previous": previous,
                "actor": actor,
            },
        )

    def events(self) -> list[dict]:
        """Promotions and rollbacks, oldest first."""
        path = self.models_dir / EVENTS_FILE
        if not path.is_file():
            return []
        lines = path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    # --------------------------------------------------------------------- data
    @property
    def history_dir(self) -> Path:
        """Folder of the append-only labelled history parts."""
        return self.data_dir / "history"

    @property
    def validation_path(self) -> Path:
        """The fixed validation set."""
        return self.data_dir / "validation.parquet"

    def append_history(self, frame: pd.DataFrame, source: str) -> Path | None:
        """Append labelled rows (text, label, optional synthetic/provenance) as a new part."""
        if frame.empty:
            return None
        part = frame.copy()
        part["label"] = part["label"].astype(int)
        part["source"] = part["source"].astype(str) if "source" in part else source
        part["added_at"] = now_iso()
        part["synthetic"] = part["synthetic"].astype(bool) if "synthetic" in part else False
        self.history_dir.mkdir(parents=True, exist_ok=True)
        name = f"part-{time.time_ns():020d}-{uuid.uuid4().hex[:8]}.parquet"
        path = self.history_dir / name
        tmp = self.history_dir / (TMP_PREFIX + name)
        part.to_parquet(tmp, index=False)
        os.replace(tmp, path)
        return path

    def read_history(self) -> pd.DataFrame:
        """Every labelled row ever accepted, in the order they were added."""
        parts = sorted(self.history_dir.glob("part-*.parquet")) if self.history_dir.is_dir() else []
        if not parts:
            return pd.DataFrame({c: pd.Series(dtype=object) for c in HISTORY_COLUMNS})
        frame = pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)
        frame["synthetic"] = frame["synthetic"].fillna(False).astype(bool)
        return frame

    def read_validation(self) -> pd.DataFrame | None:
        """The fixed validation set, or ``None`` before the first training."""
        if not self.validation_path.is_file():
            return None
        return pd.read_parquet(self.validation_path)

    def write_validation(self, frame: pd.DataFrame) -> None:
        """Store the fixed validation set (the previous one, if any, is archived, not lost)."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if self.validation_path.is_file():
            archive = self.data_dir / f"validation-{time.strftime('%Y%m%dT%H%M%S')}.parquet"
            shutil.copy2(self.validation_path, archive)
        tmp = self.data_dir / (TMP_PREFIX + "validation.parquet")
        frame[["text", "label"]].to_parquet(tmp, index=False)
        os.replace(tmp, self.validation_path)

    def status_of(self, version: str) -> str:
        """``current``, ``discarded``, ``rejected`` (by the gate), ``candidate`` or ``archived``."""
        if version == self.current_version():
            return "current"
        events = [e for e in self.events() if e.get("version") == version]
        if any(e["action"] == "discard" for e in events):
            return "discarded"
        if any(e["action"] in {"promote", "train", "rollback"} for e in events):
            return "archived"
        gate = self.get(version).metadata.get("gate")
        if gate and not gate.get("accepted", True):
            return "rejected"
        return "candidate" if gate else "archived"

    # ------------------------------------------------------------- pending rows
    @property
    def pending_dir(self) -> Path:
        """New labelled rows waiting for their candidate version to be promoted."""
        return self.data_dir / "pending"

    def stage_pending(self, version: str, frame: pd.DataFrame) -> None:
        """Keep the new rows of candidate ``version`` aside until it is promoted or discarded."""
        self.pending_dir.mkdir(parents=True, exist_ok=True)
        tmp = self.pending_dir / f"{TMP_PREFIX}{version}.parquet"
        part = frame.copy()
        part["label"] = part["label"].astype(int)
        part.to_parquet(tmp, index=False)
        os.replace(tmp, self.pending_dir / f"{version}.parquet")

    def commit_pending(self, version: str) -> None:
        """Move the pending rows of ``version`` into the history (no-op when there are none)."""
        path = self.pending_dir / f"{version}.parquet"
        if not path.is_file():
            return
        frame = pd.read_parquet(path)
        for source, part in (
            frame.groupby("source", sort=False)
            if "source" in frame
            else [(f"candidate {version}", frame)]
        ):
            self.append_history(part, str(source))
        path.unlink()

    def discard_pending(self, version: str, actor: str = "") -> None:
        """Set the pending rows of a discarded candidate aside (kept under ``data/discarded``)."""
        path = self.pending_dir / f"{version}.parquet"
        if path.is_file():
            target = self.data_dir / "discarded"
            target.mkdir(parents=True, exist_ok=True)
            os.replace(path, target / path.name)
        _append_line(
            self.models_dir / EVENTS_FILE,
            {"time": now_iso(), "action": "discard", "version": version, "actor": actor},
        )

    # ------------------------------------------------------------ housekeeping
    def clean_incomplete(self, older_than_s: float = 0.0) -> list[Path]:
        """Remove half-written temporary files and folders left by a crash; return them.

        ``older_than_s`` spares items touched more recently (a write in progress elsewhere).
        """
        removed = []
        for folder in (self.models_dir, self.data_dir, self.history_dir, self.pending_dir):
            if not folder.is_dir():
                continue
            for item in folder.glob(TMP_PREFIX + "*"):
                if older_than_s and _age_s(item) < older_than_s:
                    continue
                if item.is_dir():
                    shutil.rmtree(item, ignore_errors=True)
                else:
                    item.unlink(missing_ok=True)
                removed.append(item)
        if removed:
            log.warning("Removed %d incomplete files from an interrupted write", len(removed))
        return removed

    @contextlib.contextmanager
    def retrain_lock(self, stale_after_s: float = 6 * 3600, wait_s: float = 2.0) -> Iterator[None]:
        """Hold the home's retrain lock; a lock whose process is gone (or too old) is recovered.

        A lock held briefly (another process's start-up clean-up takes milliseconds) is waited
        for up to ``wait_s`` seconds before the retrain counts as already running.

        Raises:
            RetrainInProgressError: another live retrain holds the lock.
        """
        self.models_dir.mkdir(parents=True, exist_ok=True)
        path = self.models_dir / LOCK_FILE
        owner = {"pid": os.getpid(), "host": socket.gethostname(), "since": time.time()}
        deadline = time.monotonic() + wait_s
        recovered = False
        while True:
            try:
                fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                if not recovered and self._lock_is_stale(path, stale_after_s):
                    log.warning("Recovering a stale retrain lock %s", path)
                    path.unlink(missing_ok=True)
                    recovered = True
                    continue
                if time.monotonic() < deadline:
                    time.sleep(0.05)
                    continue
                raise RetrainInProgressError(
                    "Ya hay un reentrenamiento en curso; espere a que termine e inténtelo de nuevo."
                ) from None
            try:
                with os.fdopen(fd, "w") as handle:
                    json.dump(owner, handle)
            except BaseException:  # e.g. disk full: an empty lock would block retrains
                path.unlink(missing_ok=True)
                raise
            break
        try:
            yield
        finally:
            path.unlink(missing_ok=True)

    @staticmethod
    def _lock_is_stale(path: Path, stale_after_s: float) -> bool:
        try:
            owner = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return time.time() - path.stat().st_mtime > 60  # unreadable: only if not just created
        if time.time() - float(owner.get("since", 0)) > stale_after_s:
            return True
        if owner.get("host") != socket.gethostname():
            return False
        try:
            os.kill(int(owner["pid"]), 0)
        except ProcessLookupError:
            return True
        except (PermissionError, KeyError, ValueError):
            return False
        return False
