"""Code tests of the streamed, chunked, process-parallel file prediction (odsgr.batch)."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import REPO_ROOT, run_cli

from odsgr import batch, data
from odsgr.batch import BatchOptions
from odsgr.config import Settings
from odsgr.errors import DataError, FileTooLargeError
from odsgr.service import Service

TEXTS = [
    "Los niños del pueblo tienen que coger dos autobuses para ir al instituto.",
    "El ambulatorio cierra a las tres; por la tarde no hay médico de guardia.",
    '=HYPERLINK("http://ejemplo.invalid")',
    "",
    "¿Dónde está la escuela? ¡Faltan profesores y computadores!",
    "La educaciÃ³n de las niÃ±as es prioritaria en la vereda.",
    "Familias sin ingresos ni vivienda digna en el barrio.",
    "  ",
]


def reference_output(service: Service, path: Path, out: Path) -> bytes:
    """What the whole-file path (read_table + predict_frame + write_table) writes."""
    frame, column = data.load_texts(path, settings=service.settings)
    data.write_table(service.predict_frame(frame, column), out)
    return out.read_bytes()


@pytest.fixture
def texts_csv(tmp_path: Path) -> Path:
    rows = [(i, TEXTS[i % len(TEXTS)]) for i in range(60)]
    frame = pd.DataFrame(rows, columns=["id", "Opinión"])
    path = tmp_path / "textos.csv"
    frame.to_csv(path, sep=";", index=False, encoding="cp1252", errors="replace")
    with path.open("a", encoding="cp1252") as handle:
        handle.write("\n;\n\n")  # trailing empty rows are dropped, as read_table does
    return path


@pytest.mark.parametrize(
    "text",
    [
        "plain ascii\x00 with\tcontrol\x07 chars & more",
        "Educación, salud y niñez: ¿qué falta?",
        "comparaciÃ³n y niÃ±os",
        "“comillas” y ‘simples’ y &amp; entidades",
        "ﬁnanciación　de ancho completo",
        "áÉ mezcla sospechosa y á¿b",
        "líneas\r\npartidas\u2028y\u200bceros",
        "Â¿QuÃ© pasa?",
    ],
)
def test_fast_cleaning_equals_clean_text(text):
    assert batch.clean_for_prediction(text, 10_000) == data.clean_text(text)


def test_fast_cleaning_equals_clean_text_on_random_strings():
    alphabet = list("abñáéíóúüÁÉÍÓÚÜÑ¿¡ \t\n\r&;.'xÃÂ©€°º“”ﬁ\x00\x1b\u200b") + ["Ã©", "&amp;"]
    generator = random.Random(3)
    for _ in range(20_000):
        text = "".join(generator.choices(alphabet, k=generator.randint(1, 10)))
        assert batch.clean_for_prediction(text, 10_000) == data.clean_text(text), repr(text)


def test_non_strings_and_truncation():
    assert batch.clean_for_prediction(None, 10) == ""
    assert batch.clean_for_prediction(3.5, 10) == ""
    assert batch.clean_for_prediction("  la escuela   del pueblo ", 9) == "la escuel"


@pytest.mark.parametrize(("workers", "chunk_rows"), [(1, 7), (2, 7), (1, 5_000)])
def test_streamed_csv_output_is_byte_identical(
    trained_home, texts_csv, tmp_path, workers, chunk_rows
):
    service = Service(Settings(home=trained_home))
    expected = reference_output(service, texts_csv, tmp_path / "expected.csv")
    out = tmp_path / "streamed.csv"
    service.predict_file(texts_csv, out, BatchOptions(workers=workers, chunk_rows=chunk_rows))
    assert out.read_bytes() == expected
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp file left


def test_xlsx_input_and_output(trained_home, texts_csv, tmp_path):
    service = Service(Settings(home=trained_home))
    source = data.read_table(texts_csv)
    workbook = tmp_path / "textos.xlsx"
    source.to_excel(workbook, index=False)
    out = tmp_path / "resultado.xlsx"
    service.predict_file(workbook, out, BatchOptions(chunk_rows=11))
    written = pd.read_excel(out)
    expected = service.predict_frame(*data.load_texts(workbook))
    assert list(written.columns) == list(expected.columns)
    assert written["label"].fillna(0).tolist() == expected["label"].fillna(0).tolist()
    assert written["probability"].fillna(-1).tolist() == expected["probability"].fillna(-1).tolist()
    assert written["label_name"].fillna("").tolist() == expected["label_name"].tolist()


def test_missing_text_column_is_a_clean_error(trained_home, texts_csv, tmp_path):
    service = Service(Settings(home=trained_home))
    with pytest.raises(DataError, match="no_existe"):
        service.predict_file(texts_csv, tmp_path / "o.csv", BatchOptions(text_column="no_existe"))
    assert not list(tmp_path.glob("*o.csv"))


def test_file_without_any_text_leaves_no_output(trained_home, tmp_path):
    path = tmp_path / "vacio.csv"
    path.write_text("id,texto\n1,\n2,  \n", encoding="utf-8")
    service = Service(Settings(home=trained_home))
    with pytest.raises(DataError, match="ningún texto"):
        service.predict_file(path, tmp_path / "out.csv", BatchOptions(chunk_rows=1))
    assert [p.name for p in tmp_path.iterdir()] == ["vacio.csv"]


def test_bad_output_extension_and_header_only(trained_home, tmp_path):
    service = Service(Settings(home=trained_home))
    header_only = tmp_path / "cabecera.csv"
    header_only.write_text("texto\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"\.csv o \.xlsx"):
        service.predict_file(header_only, tmp_path / "out.json")
    with pytest.raises(DataError, match="ninguna fila de datos"):
        service.predict_file(header_only, tmp_path / "out.csv")


def test_a_bad_chunk_size_names_the_option_not_a_cli_flag(trained_home, texts_csv, tmp_path):
    service = Service(Settings(home=trained_home))
    with pytest.raises(DataError, match="«chunk_rows»") as refused:
        service.predict_file(texts_csv, tmp_path / "out.csv", BatchOptions(chunk_rows=0))
    assert "--" not in str(refused.value) and refused.value.options == ("chunk_rows",)


def test_row_limit_applies_unless_lifted(trained_home, texts_csv, tmp_path):
    service = Service(Settings(home=trained_home, max_rows=10))
    with pytest.raises(FileTooLargeError, match="límite es 10 filas"):
        service.predict_file(texts_csv, tmp_path / "out.csv", BatchOptions(chunk_rows=4))
    assert not (tmp_path / "out.csv").exists()
    lifted = BatchOptions(chunk_rows=4, enforce_limits=False)
    service.predict_file(texts_csv, tmp_path / "out.csv", lifted)
    assert len(pd.read_csv(tmp_path / "out.csv", sep=",")) == 60


def test_cli_predict_local_engine(trained_home, texts_csv, tmp_path):
    out = tmp_path / "cli.csv"
    command = [sys.executable, "-m", "odsgr", "predict", "--home", str(trained_home)]
    args = ["--input", str(texts_csv), "--output", str(out), "--workers", "2", "--chunk-rows", "9"]
    result = subprocess.run(
        command + args, capture_output=True, text=True, cwd=REPO_ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr
    service = Service(Settings(home=trained_home))
    assert out.read_bytes() == reference_output(service, texts_csv, tmp_path / "expected.csv")
    bad = run_cli(
        *command[3:], "--input", str(texts_csv), "--output", str(out), "--chunk-rows", "0"
    )
    assert bad.returncode == 2 and bad.stderr.startswith("error: --chunk-rows")
    assert "Traceback" not in bad.stderr


def test_classify_file_writes_every_format_in_one_pass_and_sums_up(
    trained_home, texts_csv, tmp_path
):
    service = Service(Settings(home=trained_home))
    expected = reference_output(service, texts_csv, tmp_path / "expected.csv")
    paths = [tmp_path / "r.csv", tmp_path / "r.xlsx"]
    summary = service.classify_file(texts_csv, paths, BatchOptions(chunk_rows=7), head_rows=10)
    assert summary.paths == paths and paths[0].read_bytes() == expected
    written = pd.read_csv(paths[0], encoding="utf-8-sig")
    assert len(pd.read_excel(paths[1])) == summary.rows == len(written) == 60
    assert summary.text_column == "Opinión" and summary.model_version == "v1"
    assert summary.classified == int(written["label"].notna().sum())
    assert summary.needs_review == int(written["needs_review"].sum())
    assert summary.distribution == written["label"].dropna().astype(int).value_counts().to_dict()
    assert summary.head["id"].tolist() == [str(i) for i in range(10)]


def test_app_file_endpoint_streams_instead_of_reading_the_whole_file(
    trained_home, texts_csv, monkeypatch
):
    from odsgr.access import AccessPolicy
    from odsgr.ui import OdsgrApp

    def whole_file_read(*_args, **_kwargs):
        raise AssertionError("the whole file was read into memory")

    monkeypatch.setattr(data, "read_table", whole_file_read)
    app = OdsgrApp(Service(Settings(home=trained_home)), AccessPolicy())
    path, summary = app.api_predict_file(str(texts_csv))
    assert path.endswith(".csv") and summary["rows"] == 60 and summary["text_column"] == "Opinión"
    assert sum(summary["distribution"].values()) == summary["classified"]


def test_batch_options_are_validated_where_they_are_made() -> None:
    with pytest.raises(DataError, match=r"«chunk_rows» debe ser al menos 1 \(recibido: 0\)"):
        BatchOptions(chunk_rows=0)
    with pytest.raises(DataError, match=r"«workers» debe ser al menos 1 \(recibido: -2\)"):
        BatchOptions(workers=-2)
    assert BatchOptions().chunk_rows == batch.DEFAULT_CHUNK_ROWS
