"""What the app does with the files people upload and download, so the UI never touches files.

:func:`inspect_table` reads an upload and detects its text and label columns,
:func:`validate_labelled` reads and cleans a labelled upload (or rows typed in the app) without
storing anything, and :func:`export_labelled` writes labelled rows for download. The folders the
downloads go to come from :func:`odsgr.storage.download_dir`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from odsgr import data
from odsgr.config import Settings
from odsgr.errors import DataError

__all__ = [
    "LABELLED_EXPORT_NAME",
    "PREVIEW_ROWS",
    "TableColumns",
    "export_labelled",
    "inspect_table",
    "validate_labelled",
]

PREVIEW_ROWS = 10
LABELLED_EXPORT_NAME = "odsgr_datos_etiquetados.csv"


@dataclass(frozen=True)
class TableColumns:
    """An uploaded table as the app offers it: its columns, size, first rows and the columns
    recognised as texts and labels (``None`` when none is recognised)."""

    columns: tuple[str, ...]
    rows: int
    preview: pd.DataFrame
    text_column: str | None
    label_column: str | None


def inspect_table(
    path: str | Path, settings: Settings, preview_rows: int = PREVIEW_ROWS
) -> TableColumns:
    """Read the table at ``path`` and detect its text and label columns.

    The label column is ``None`` when it would be the text column too.

    Raises:
        OdsgrError: the file cannot be read as a table (too large, empty, malformed…).
    """
    frame = data.read_table(path, settings)
    text_column = _detected(data.find_text_column, frame)
    label_column = _detected(data.find_label_column, frame)
    return TableColumns(
        columns=tuple(str(column) for column in frame.columns),
        rows=len(frame),
        preview=frame.head(preview_rows),
        text_column=text_column,
        label_column=None if label_column == text_column else label_column,
    )


def validate_labelled(
    source: str | Path | pd.DataFrame,
    settings: Settings,
    *,
    text_column: str | None = None,
    label_column: str | None = None,
) -> tuple[pd.DataFrame, data.CleaningReport]:
    """Clean a labelled file (a path) or labelled rows (columns ``text`` and ``label``) the way
    training would, without storing anything; the column names apply to a file only.

    Raises:
        OdsgrError: unreadable file, missing columns, labels that are not SDG numbers.
    """
    if isinstance(source, pd.DataFrame):
        return data.clean_labelled(source, settings=settings)
    return data.load_labelled(
        source, text_column=text_column, label_column=label_column, settings=settings
    )


def export_labelled(rows: pd.DataFrame, folder: Path) -> Path:
    """Write labelled rows as ``odsgr_datos_etiquetados.csv`` in ``folder`` (formulas escaped,
    atomically); the written path."""
    return data.write_table(rows, folder / LABELLED_EXPORT_NAME)


def _detected(finder: Callable[[pd.DataFrame], str], frame: pd.DataFrame) -> str | None:
    """The column ``finder`` recognises in ``frame``, or None when it recognises none."""
    try:
        return str(finder(frame))
    except DataError:
        return None
