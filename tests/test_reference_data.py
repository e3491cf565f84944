"""Data tests: expectations on the reference datasets, loaded through odsgr.data."""

from __future__ import annotations

from pathlib import Path

import pytest

from odsgr.config import Settings
from odsgr.data import load_labelled, load_texts, read_table

REFERENCE_LABELS = {1, 3, 4}


def test_opiniones_xlsx(reference_data_dir: Path) -> None:
    path = reference_data_dir / "ods_opiniones.xlsx"
    raw = read_table(path)
    assert list(raw.columns) == ["textos", "labels"]
    assert len(raw) == 2424
    cleaned, report = load_labelled(path)
    assert set(cleaned["label"]) == REFERENCE_LABELS
    assert report.rows_read == 2424
    _assert_sane_report(cleaned, report)


def test_augmented_csv_has_bom_and_loads(reference_data_dir: Path) -> None:
    path = reference_data_dir / "ods_opiniones_aumentado_llm.csv"
    assert path.read_bytes()[:3] == b"\xef\xbb\xbf"
    raw = read_table(path)
    assert list(raw.columns) == ["textos", "labels"]  # the BOM must not leak into the header
    assert len(raw) == 2739
    cleaned, report = load_labelled(path)
    assert set(cleaned["label"]) <= REFERENCE_LABELS
    assert report.rows_read == 2739
    _assert_sane_report(cleaned, report)


def test_unlabelled_xlsx(reference_data_dir: Path) -> None:
    frame, column = load_texts(reference_data_dir / "ods_sin_etiqueta.xlsx")
    assert column == "Textos_espanol"
    assert len(frame) == 152
    assert frame[column].astype(str).str.strip().str.len().gt(0).all()


@pytest.mark.parametrize("name", ["ods_opiniones.xlsx", "ods_opiniones_aumentado_llm.csv"])
def test_every_label_is_present_with_enough_examples(reference_data_dir: Path, name: str) -> None:
    cleaned, _ = load_labelled(reference_data_dir / name)
    counts = cleaned["label"].value_counts()
    assert counts.min() >= 100, counts.to_dict()


def _assert_sane_report(cleaned, report) -> None:
    assert report.rows_kept == len(cleaned)
    assert report.rows_kept >= 0.95 * report.rows_read
    assert report.rows_read == report.rows_kept + sum(report.dropped.values())
    assert report.dropped["empty"] == 0
    assert report.flagged["short"] <= 0.05 * report.rows_kept
    assert cleaned["text"].str.len().min() >= 1
    assert not cleaned["text"].str.casefold().duplicated().any()
    assert len(cleaned) <= Settings().max_rows
