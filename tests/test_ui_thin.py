"""The UI formats; it never reads or writes files, nor reaches the registry (issue 13).

Reading uploads, validating labelled files and writing downloads live in :mod:`odsgr.uploads`
and :mod:`odsgr.storage`, reached through the service.
"""

from __future__ import annotations

import ast
import os
import time
from pathlib import Path

import pandas as pd
import pytest

from odsgr import storage, uploads
from odsgr.config import Settings
from odsgr.errors import DataError

REPO_ROOT = Path(__file__).resolve().parents[1]
UI_PACKAGE = REPO_ROOT / "odsgr" / "ui"

# Modules, functions and methods that read or write files, or reach the registry.
FORBIDDEN = {
    "tempfile",
    "shutil",
    "open",
    "registry",
    "read_table",
    "load_labelled",
    "clean_labelled",
    "load_texts",
    "write_table",
    "to_csv",
    "to_excel",
    "to_parquet",
    "read_csv",
    "read_excel",
    "read_parquet",
    "read_text",
    "read_bytes",
    "write_text",
    "write_bytes",
    "mkdir",
    "unlink",
    "rmtree",
    "purge_expired",
    "download_dir",
    "atomic_path",
}


def _used_names(source: str) -> set[str]:
    """Every name, attribute and imported module/name in ``source`` (strings and comments
    ignored)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, ast.Attribute):
            found.add(node.attr)
        elif isinstance(node, ast.Import):
            found.update(part for alias in node.names for part in alias.name.split("."))
        elif isinstance(node, ast.ImportFrom):
            found.update((node.module or "").split("."))
            found.update(alias.name for alias in node.names)
    return found


def test_the_ui_package_uses_no_file_or_registry_helpers() -> None:
    modules = sorted(UI_PACKAGE.rglob("*.py"))
    assert UI_PACKAGE / "handlers.py" in modules and UI_PACKAGE / "tabs" / "datos.py" in modules
    offences = {
        path.relative_to(REPO_ROOT).as_posix(): sorted(
            FORBIDDEN & _used_names(path.read_text(encoding="utf-8"))
        )
        for path in modules
    }
    assert not {name: used for name, used in offences.items() if used}


def test_the_scan_catches_file_writes() -> None:
    caught = _used_names(
        "import tempfile\nfrom odsgr import data\nframe.to_csv(p)\ndata.write_table(f, p)\n"
        "with open(p) as f: pass\nself.service.registry.current_version()\n"
    )
    assert {"tempfile", "to_csv", "write_table", "open", "registry"} <= caught
    assert "open" not in _used_names("gr.Accordion('x', open=False)\n'open(' # open(\n")


def test_inspect_table_detects_the_text_and_label_columns(tmp_path: Path) -> None:
    path = tmp_path / "subida.csv"
    rows = [{"id": i, "texto": f"Texto número {i} sobre educación", "ods": 4} for i in range(12)]
    pd.DataFrame(rows).to_csv(path, index=False)
    table = uploads.inspect_table(path, Settings(home=tmp_path / "home"))
    assert table.columns == ("id", "texto", "ods")
    assert (table.rows, len(table.preview)) == (12, uploads.PREVIEW_ROWS)
    assert (table.text_column, table.label_column) == ("texto", "ods")


def test_inspect_table_leaves_unrecognised_columns_unset(tmp_path: Path) -> None:
    path = tmp_path / "columnas.csv"
    pd.DataFrame({"a": ["uno", "dos"], "b": ["tres", "cuatro"]}).to_csv(path, index=False)
    table = uploads.inspect_table(path, Settings(home=tmp_path / "home"))
    assert (table.text_column, table.label_column) == (None, None)


def test_inspect_table_of_a_file_that_is_not_a_table_says_why(tmp_path: Path) -> None:
    path = tmp_path / "vacio.csv"
    path.write_bytes(b"")
    with pytest.raises(DataError):
        uploads.inspect_table(path, Settings(home=tmp_path / "home"))


def test_validate_labelled_cleans_rows_and_files_alike(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "home")
    rows = pd.DataFrame(
        {"text": ["Becas para estudiar", "Becas para estudiar", "Agua potable"], "label": [4, 4, 6]}
    )
    from_rows, report = uploads.validate_labelled(rows, settings)
    path = tmp_path / "etiquetado.csv"
    rows.rename(columns={"text": "mensaje", "label": "ods"}).to_csv(path, index=False)
    from_file, _ = uploads.validate_labelled(
        path, settings, text_column="mensaje", label_column="ods"
    )
    assert from_rows["label"].tolist() == from_file["label"].tolist() == [4, 6]
    assert report.dropped["duplicate"] == 1
    assert not (tmp_path / "home").exists()  # nothing stored


def test_export_labelled_writes_an_escaped_csv(tmp_path: Path) -> None:
    rows = pd.DataFrame({"text": ["=1+1", "Hola"], "label": [4, 6]})
    path = uploads.export_labelled(rows, tmp_path)
    assert path == tmp_path / "odsgr_datos_etiquetados.csv"
    assert pd.read_csv(path, encoding="utf-8-sig")["text"].tolist() == ["'=1+1", "Hola"]


def test_purge_expired_removes_only_old_entries(tmp_path: Path) -> None:
    old, recent = tmp_path / "old", tmp_path / "recent"
    old.mkdir()
    (old / "resultados.csv").write_text("x")
    recent.mkdir()
    hour_ago = time.time() - 3600
    os.utime(old, (hour_ago, hour_ago))
    assert storage.purge_expired(tmp_path, 60) == 1
    assert not old.exists() and recent.exists()
    assert storage.purge_expired(tmp_path / "missing", 60) == 0
