"""Small file-system helpers shared by every module that writes files.

``atomic_path`` is the one way odsgr writes a file, ``atomic_dir`` a folder of files: readers
and crashes only ever see the old file (no folder) or the complete new one. ``Progress`` is the
one progress-callback type. :func:`download_dir` gives the app a fresh folder for files offered
for download and deletes the expired ones.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import shutil
import stat
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

__all__ = [
    "DOWNLOADS_DIR",
    "TMP_PREFIX",
    "Progress",
    "atomic_dir",
    "atomic_path",
    "download_dir",
    "no_progress",
    "purge_expired",
]

log = logging.getLogger(__name__)

TMP_PREFIX = ".tmp-"  # temporary files start with this; left-overs of a crash can be swept
DOWNLOADS_DIR = "odsgr-downloads"  # under the system's temporary folder

Progress = Callable[[float, str], None]
"""Progress callback: ``progress(fraction, message)`` with ``fraction`` from 0 to 1."""


def no_progress(fraction: float, message: str) -> None:
    """A :data:`Progress` that ignores every report."""


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path`` atomically.

    Write the file at the yielded path (any writer: ``write_text``, ``to_parquet``, ``savefig``).
    When the block ends without error the temporary file is flushed to disk and moved onto
    ``path`` with ``os.replace``; on any error (or Ctrl-C) it is removed and ``path`` is left as
    it was. The folder of ``path`` is created when missing. The temporary name keeps the suffix
    of ``path`` so writers that choose a format from it still work. Permissions are those a plain
    write would give: the existing file's mode, else the default mode under the umask.

    Example::

        with atomic_path(folder / "metadata.json") as temporary:
            temporary.write_text(text, encoding="utf-8")
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = _create_temporary(target)
    try:
        yield temporary
        with open(temporary, "rb+") as written:
            with contextlib.suppress(FileNotFoundError):
                os.chmod(written.fileno(), stat.S_IMODE(target.stat().st_mode))
            os.fsync(written.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def atomic_dir(path: str | Path) -> Iterator[Path]:
    """Yield a new empty folder beside ``path``; on success it is renamed to ``path``.

    Fill the yielded folder; when the block ends without error its files are flushed to disk and
    the folder is renamed onto ``path``, which must not exist (or be an empty folder): if another
    writer got there first, the rename fails with ``OSError``. On any error the temporary folder
    is removed and ``path`` is left as it was. Its name starts with :data:`TMP_PREFIX`, like the
    temporary files of :func:`atomic_path`; its permissions are those of a plain ``mkdir``.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = _create_temporary(target, folder=True)
    try:
        yield staging
        for written in staging.rglob("*"):
            if written.is_file():
                with open(written, "rb") as handle:
                    os.fsync(handle.fileno())
        os.rename(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _create_temporary(target: Path, folder: bool = False) -> Path:
    """Create an empty, new file (mode 0o666 under the umask, like ``open``) or ``folder`` (0o777
    under the umask, like ``mkdir``) beside ``target``, named ``.tmp-<stem>.<random><suffix>``."""
    while True:
        name = f"{TMP_PREFIX}{target.stem}.{secrets.token_hex(4)}{target.suffix}"
        temporary = target.with_name(name)
        try:
            if folder:
                os.mkdir(temporary, 0o777)
            else:
                os.close(os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
        except FileExistsError:
            continue
        return temporary


def download_dir(ttl_minutes: float) -> Path:
    """A fresh folder for result files; result folders older than ``ttl_minutes`` go first."""
    root = Path(tempfile.gettempdir()) / DOWNLOADS_DIR
    purge_expired(root, ttl_minutes * 60)
    folder = root / uuid.uuid4().hex
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def purge_expired(root: Path, max_age_s: float) -> int:
    """Delete the entries of ``root`` last modified more than ``max_age_s`` ago; how many."""
    if not root.is_dir():
        return 0
    cutoff = time.time() - max_age_s
    removed = 0
    for entry in root.iterdir():
        try:
            if entry.stat().st_mtime >= cutoff:
                continue
        except FileNotFoundError:  # removed by another request meanwhile
            continue
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
        removed += 1
    if removed:
        log.info("Deleted %d result folders older than %.0f min", removed, max_age_s / 60)
    return removed
