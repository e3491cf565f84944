"""Small file-system helpers shared by every module that writes files.

``atomic_path`` is the one way odsgr writes a file: readers and crashes only ever see the old
file or the complete new one. ``Progress`` is the one progress-callback type.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

__all__ = [
    "TMP_PREFIX",
    "Progress",
    "no_progress",
    "atomic_path",
]

TMP_PREFIX = ".tmp-"  # temporary files start with this; left-overs of a crash can be swept

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


def _create_temporary(target: Path) -> Path:
    """Create an empty, new file beside ``target`` (mode 0o666 under the umask, like ``open``)."""
    while True:
        name = f"{TMP_PREFIX}{target.stem}.{secrets.token_hex(4)}{target.suffix}"
        temporary = target.with_name(name)
        try:
            os.close(os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
        except FileExistsError:
            continue
        return temporary
