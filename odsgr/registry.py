"""Model versions and labelled data on disk, under a home directory.

Layout::

    models/v<N>/model.joblib      the fitted pipeline (never overwritten)
    models/v<N>/metadata.json     version, parent, checksums, metrics, gate decision ...
    models/current.json           {"version": "v<N>"}: switched atomically (write + rename)
    models/events.jsonl           append-only log of promotions, rollbacks and discards
    models/.retrain.lock          held while a retrain runs (stale locks are recovered)
    data/history/part-*.parquet   the labelled history: a set of texts keyed by
                                  :func:`odsgr.data.text_key_of`; a part holds only texts that
                                  were new or relabelled when it was written
    data/relabels.jsonl           every relabel: text, previous label, new label, source, time
    data/pending/<version>.parquet  new rows of a version, waiting for its promotion
    data/validation.parquet       the fixed validation set (``revision`` and ``demo`` columns)
    data/demo-history/            the demo rows, set aside when the first real data arrives

Every text stored under ``data/`` is masked first (:func:`odsgr.privacy.mask_texts`) when
``settings.mask_personal_data`` is on. See ``docs/data-lifecycle.md`` for the states.

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
from odsgr.data import text_key
from odsgr.errors import (
    DataError,
    ModelIntegrityError,
    ModelNotFoundError,
    RetrainInProgressError,
)
from odsgr.privacy import mask_texts
from odsgr.storage import TMP_PREFIX, atomic_dir, atomic_path

__all__ = [
    "MODEL_FILE",
    "METADATA_FILE",
    "CURRENT_FILE",
    "EVENTS_FILE",
    "LOCK_FILE",
    "TMP_PREFIX",
    "HISTORY_COLUMNS",
    "RELABELS_FILE",
    "CURRENT_ACTIONS",
    "STATUSES",
    "now_iso",
    "sha256_file",
    "fingerprint_frame",
    "atomic_write_bytes",
    "atomic_write_json",
    "version_number",
    "ModelVersion",
    "Registry",
]

log = logging.getLogger(__name__)

MODEL_FILE = "model.joblib"
METADATA_FILE = "metadata.json"
CURRENT_FILE = "current.json"
EVENTS_FILE = "events.jsonl"
LOCK_FILE = ".retrain.lock"
HISTORY_COLUMNS = ("text", "label", "source", "added_at", "synthetic")
RELABELS_FILE = "relabels.jsonl"
CURRENT_ACTIONS = frozenset({"train", "promote", "rollback", "pull", "repair"})
STATUSES = ("current", "previous", "candidate", "rejected", "discarded", "demo")
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
    """Write ``data`` to ``path`` atomically (see :func:`odsgr.storage.atomic_path`)."""
    with atomic_path(path) as temporary:
        temporary.write_bytes(data)


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
        """The id of the current version, or ``None`` if no version was ever promoted.

        An empty, corrupt or dangling ``current.json`` falls back to :meth:`fallback_current`.
        """
        pointer = self.models_dir / CURRENT_FILE
        if not pointer.is_file():
            return None
        try:
            version = json.loads(pointer.read_text(encoding="utf-8")).get("version")
            if (self.models_dir / str(version) / METADATA_FILE).is_file():
                return version
        except (OSError, ValueError, AttributeError):
            pass
        return self.fallback_current()

    def pointer_is_valid(self) -> bool:
        """Whether ``current.json`` is absent or names a stored version."""
        pointer = self.models_dir / CURRENT_FILE
        try:
            version = json.loads(pointer.read_text(encoding="utf-8")).get("version")
        except FileNotFoundError:
            return True
        except (OSError, ValueError, AttributeError):
            return False
        return (self.models_dir / str(version) / METADATA_FILE).is_file()

    def fallback_current(self) -> str | None:
        """The newest version that was current before (from the events) and still loads."""
        seen = set()
        for event in reversed(self.events()):
            version = event.get("version")
            if event.get("action") not in CURRENT_ACTIONS or version in seen:
                continue
            seen.add(version)
            try:
                chosen = self.get(version)
                if sha256_file(chosen.model_path) == chosen.metadata.get("model_sha256"):
                    log.warning("models/current.json is unreadable: falling back to %s", version)
                    return version
            except (ModelNotFoundError, OSError, ValueError):
                continue
        log.error("models/current.json is unreadable and no earlier current version loads")
        return None

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
        with atomic_dir(target) as staging:
            for item in folder.iterdir():
                if item.is_file():
                    shutil.copy2(item, staging / item.name)
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
        """Promotions, rollbacks and discards, oldest first (a torn last line is skipped)."""
        path = self.models_dir / EVENTS_FILE
        if not path.is_file():
            return []
        events = []
        for line in path.read_text(encoding="utf-8").splitlines():
            with contextlib.suppress(ValueError):
                events.append(json.loads(line))
        return events

    def was_current(self, version: str) -> bool:
        """Whether ``version`` was ever made current (train, promote, rollback, pull)."""
        return any(
            e.get("version") == version and e.get("action") in CURRENT_ACTIONS
            for e in self.events()
        )

    def check_may_become_current(self, version: str, force: bool = False) -> None:
        """The one rule for promote, rollback and Hub pull.

        Without ``force`` a version may become current only if it passed the quality gate (or
        was trained without one) or was current before; rejected, discarded and demo versions
        need ``force``.

        Raises:
            DataError: the version is not eligible and ``force`` is not set (Spanish message).
            ModelNotFoundError: no such version.
        """
        status = self.status_of(version)
        if force or status in ("current", "previous", "candidate"):
            return
        if status == "rejected":
            reasons = " ".join(self.get(version).metadata.get("gate", {}).get("reasons", []))
            why = f"fue rechazada por el control de calidad ({reasons})"
        elif status == "discarded":
            why = "fue descartada"
        else:
            why = "es de demostración (datos inventados)"
        raise DataError(
            f"La versión {version} {why}. Para ponerla en uso igualmente confirme forzar "
            "(force=True)."
        )

    # --------------------------------------------------------------------- data
    @property
    def history_dir(self) -> Path:
        """Folder of the append-only labelled history parts."""
        return self.data_dir / "history"

    @property
    def validation_path(self) -> Path:
        """The fixed validation set."""
        return self.data_dir / "validation.parquet"

    def mask(self, texts: pd.Series) -> pd.Series:
        """``texts`` with personal data masked (unchanged when masking is switched off)."""
        texts = texts.astype(str)
        if not self.settings.mask_personal_data or texts.empty:
            return texts
        return pd.Series(mask_texts(texts.tolist())[0], index=texts.index, dtype=object)

    def compare_with_history(self, frame: pd.DataFrame) -> pd.Series:
        """The stored label of each row's text (``<NA>`` for texts not in the history).

        ``frame["text"]`` must already be masked (as everything stored is).
        """
        stored = self.read_history()
        known = dict(zip(text_key(stored["text"]), stored["label"].astype(int)))
        return text_key(frame["text"]).map(known).astype("Int64")

    def append_history(
        self, frame: pd.DataFrame, source: str, version: str | None = None, demo: bool = False
    ) -> dict:
        """Add labelled rows to the history, which is a set of texts keyed by the text key.

        A text already stored with the same label adds nothing; with another label it is a
        relabel (the part keeps ``previous_label``, and ``data/relabels.jsonl`` gets a line).
        Adding the same rows twice therefore changes nothing: commits are idempotent.

        Returns:
            ``{"new_texts", "already_stored", "relabelled"}`` counts.
        """
        counts = {"new_texts": 0, "already_stored": 0, "relabelled": 0}
        if frame.empty:
            return counts
        part = frame.copy()
        part["text"] = self.mask(part["text"])
        part["label"] = part["label"].astype(int)
        part["source"] = part["source"].astype(str) if "source" in part else source
        part["synthetic"] = part["synthetic"].astype(bool) if "synthetic" in part else False
        part = part[~text_key(part["text"]).duplicated(keep="last")]
        previous = self.compare_with_history(part)
        same = (previous == part["label"]).fillna(False).astype(bool)
        relabel = previous.notna() & ~same
        counts["already_stored"] = int(same.sum())
        counts["relabelled"] = int(relabel.sum())
        counts["new_texts"] = int(len(part) - same.sum() - relabel.sum())
        part = part.assign(previous_label=previous)[~same.to_numpy()]
        if part.empty:
            return counts
        when = now_iso()
        part["added_at"] = when
        part["version"] = version
        part["demo"] = bool(demo)
        changed = part[part["previous_label"].notna()]
        for text, old, new, origin in zip(
            changed["text"], changed["previous_label"], changed["label"], changed["source"]
        ):
            _append_line(
                self.data_dir / RELABELS_FILE,
                {
                    "time": when,
                    "text": text,
                    "previous_label": int(old),
                    "label": int(new),
                    "source": origin,
                    "version": version,
                },
            )
        name = f"part-{time.time_ns():020d}-{uuid.uuid4().hex[:8]}.parquet"
        with atomic_path(self.history_dir / name) as temporary:
            part.to_parquet(temporary, index=False)
        return counts

    def restore_history(self, frame: pd.DataFrame, origin: str) -> int:
        """Seed an empty history with rows published elsewhere (e.g. a Hub dataset), as they are.

        Unlike :meth:`append_history` the rows keep their ``source``, ``added_at`` and masking.

        Args:
            frame: rows with the :data:`HISTORY_COLUMNS`.
            origin: a short tag for the part's file name (e.g. ``hub-v3``).

        Returns:
            The rows written; 0 when the history already holds rows (nothing is written).
        """
        if not self.read_history().empty:
            return 0
        name = f"part-{0:020d}-{origin}.parquet"
        with atomic_path(self.history_dir / name) as temporary:
            frame[list(HISTORY_COLUMNS)].to_parquet(temporary, index=False)
        return len(frame)

    def _history_parts(self) -> list[Path]:
        if not self.history_dir.is_dir():
            return []
        return sorted(self.history_dir.glob("part-*.parquet"))

    def _read_parts(self, parts: list[Path]) -> pd.DataFrame:
        if not parts:
            return pd.DataFrame({c: pd.Series(dtype=object) for c in HISTORY_COLUMNS})
        frame = pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)
        frame["synthetic"] = frame["synthetic"].fillna(False).astype(bool)
        return frame

    def read_history(self) -> pd.DataFrame:
        """The labelled history: one row per distinct text (its latest label), oldest first."""
        frame = self._read_parts(self._history_parts())
        if frame.empty:
            return frame
        latest = ~text_key(frame["text"]).duplicated(keep="last")
        return frame[latest.to_numpy()].reset_index(drop=True)

    def relabels(self) -> list[dict]:
        """Every relabel of a stored text, oldest first (repeated lines of a re-commit merged)."""
        path = self.data_dir / RELABELS_FILE
        if not path.is_file():
            return []
        seen, records = set(), []
        for line in path.read_text(encoding="utf-8").splitlines():
            with contextlib.suppress(ValueError):
                record = json.loads(line)
                key = (record.get("text"), record.get("label"), record.get("version"))
                if key not in seen:
                    seen.add(key)
                    records.append(record)
        return records

    def repair_history(self) -> int:
        """Fold a history holding repeated texts into one part of distinct texts, and mask the
        texts of a home written before masking at storage (once: ``data/.history-masked``).

        Idempotent and crash-safe: the folded part is written before the old parts go, and
        reading de-duplicates anyway. Returns the number of repeated rows removed.
        """
        parts = self._history_parts()
        raw = self._read_parts(parts)
        marker = self.data_dir / ".history-masked"
        unmasked = 0
        if self.settings.mask_personal_data and not marker.is_file() and not raw.empty:
            masked = self.mask(raw["text"])
            unmasked = int((masked != raw["text"].astype(str)).sum())
            raw = raw.assign(text=masked)
        repeated = int(text_key(raw["text"]).duplicated().sum()) if not raw.empty else 0
        if repeated or unmasked:
            distinct = raw[~text_key(raw["text"]).duplicated(keep="last").to_numpy()]
            name = f"part-{time.time_ns():020d}-repaired.parquet"
            with atomic_path(self.history_dir / name) as temporary:
                distinct.to_parquet(temporary, index=False)
            for part in parts:
                part.unlink(missing_ok=True)
            log.warning(
                "History repaired: %d repeated rows removed, %d texts masked, %d distinct kept",
                repeated,
                unmasked,
                len(distinct),
            )
        if self.settings.mask_personal_data and not marker.is_file() and self.data_dir.is_dir():
            atomic_write_bytes(marker, now_iso().encode("utf-8"))
        return repeated

    def read_validation(self) -> pd.DataFrame | None:
        """The fixed validation set (``text``, ``label``, ``revision``, ``demo``), or ``None``."""
        if not self.validation_path.is_file():
            return None
        frame = pd.read_parquet(self.validation_path)
        if "revision" not in frame:
            frame["revision"] = 1
        if "demo" not in frame:
            frame["demo"] = bool(self.list_versions()) and all(
                v.metadata.get("demo") for v in self.list_versions()
            )
        return frame

    def validation_revision(self) -> int:
        """Revision of the fixed validation set (0 before there is one)."""
        validation = self.read_validation()
        return 0 if validation is None or validation.empty else int(validation["revision"].max())

    def in_demo(self) -> bool:
        """Whether the home still holds only demo data (its validation set is the demo one)."""
        validation = self.read_validation()
        return validation is not None and bool(validation["demo"].all())

    def write_validation(self, frame: pd.DataFrame, demo: bool = False) -> None:
        """Store the fixed validation set (the previous one, if any, is archived, not lost).

        Texts are masked; rows without a ``revision`` get the next revision number.
        """
        self.data_dir.mkdir(parents=True, exist_ok=True)
        revision = self.validation_revision() + 1
        if self.validation_path.is_file():
            archive = self.data_dir / f"validation-{time.strftime('%Y%m%dT%H%M%S')}.parquet"
            shutil.copy2(self.validation_path, archive)
        stored = pd.DataFrame(
            {
                "text": self.mask(frame["text"]).to_numpy(),
                "label": frame["label"].astype(int).to_numpy(),
                "revision": (
                    frame["revision"].fillna(revision).astype(int).to_numpy()
                    if "revision" in frame
                    else revision
                ),
                "demo": bool(demo),
            }
        )
        with atomic_path(self.validation_path) as temporary:
            stored.to_parquet(temporary, index=False)

    def set_demo_aside(self) -> int:
        """Move the demo history parts to ``data/demo-history`` (first real data); return count.

        Repeatable after a crash: parts still in the history are moved the next time.
        """
        target = self.data_dir / "demo-history"
        parts = self._history_parts()
        if parts:
            target.mkdir(parents=True, exist_ok=True)
        for part in parts:
            os.replace(part, target / part.name)
        if parts:
            log.info("Left DEMO: %d demo history parts set aside in %s", len(parts), target)
        return len(parts)

    def status_of(self, version: str) -> str:
        """``current``, ``previous`` (current before), ``candidate`` (waiting, gate passed),
        ``rejected`` (by the gate), ``discarded`` or ``demo``."""
        if version == self.current_version():
            return "current"
        events = [e for e in self.events() if e.get("version") == version]
        if any(e.get("action") == "discard" for e in events):
            return "discarded"
        metadata = self.get(version).metadata
        if metadata.get("demo"):
            return "demo"
        if any(e.get("action") in CURRENT_ACTIONS for e in events):
            return "previous"
        gate = metadata.get("gate")
        if gate and not gate.get("accepted", True):
            return "rejected"
        return "candidate"

    # ------------------------------------------------------------- pending rows
    @property
    def pending_dir(self) -> Path:
        """New labelled rows waiting for their candidate version to be promoted."""
        return self.data_dir / "pending"

    def stage_pending(self, version: str, frame: pd.DataFrame) -> None:
        """Keep the new rows of candidate ``version`` aside until it is promoted or discarded."""
        part = frame.copy()
        part["text"] = self.mask(part["text"])
        part["label"] = part["label"].astype(int)
        with atomic_path(self.pending_dir / f"{version}.parquet") as temporary:
            part.to_parquet(temporary, index=False)

    def pending_versions(self) -> list[str]:
        """Versions whose new rows wait in ``data/pending``, oldest first."""
        if not self.pending_dir.is_dir():
            return []
        found = [p.stem for p in self.pending_dir.glob("v*.parquet") if _VERSION.match(p.stem)]
        return sorted(found, key=version_number)

    def commit_pending(self, version: str) -> dict:
        """Move the pending rows of ``version`` into the history (no-op when there are none).

        Idempotent: rows are keyed by text, so a commit repeated after a crash adds nothing.
        """
        path = self.pending_dir / f"{version}.parquet"
        totals = {"new_texts": 0, "already_stored": 0, "relabelled": 0}
        if not path.is_file():
            return totals
        frame = pd.read_parquet(path)
        demo = bool(self.get(version).metadata.get("demo"))
        for source, part in (
            frame.groupby("source", sort=False)
            if "source" in frame
            else [(f"candidate {version}", frame)]
        ):
            counts = self.append_history(part, str(source), version=version, demo=demo)
            totals = {key: totals[key] + counts[key] for key in totals}
        path.unlink()
        return totals

    def discard_pending(self, version: str, actor: str = "", log_event: bool = True) -> None:
        """Mark ``version`` discarded and set its pending rows aside (under ``data/discarded``).

        The event is written first, so a crash in between still reads as discarded and the
        next start-up moves the rows.
        """
        if log_event:
            _append_line(
                self.models_dir / EVENTS_FILE,
                {"time": now_iso(), "action": "discard", "version": version, "actor": actor},
            )
        path = self.pending_dir / f"{version}.parquet"
        if path.is_file():
            target = self.data_dir / "discarded"
            target.mkdir(parents=True, exist_ok=True)
            os.replace(path, target / path.name)

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
