"""Code tests of odsgr.data: reading, column detection, labels, cleaning and writing."""

from __future__ import annotations

import json
import time
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pyarrow as pa
import pytest

from odsgr.config import Settings
from odsgr.data import (
    CleaningReport,
    clean_labelled,
    clean_text,
    escape_formulas,
    find_label_column,
    find_text_column,
    load_labelled,
    load_texts,
    normalise_labels,
    parse_label,
    read_table,
    write_table,
)
from odsgr.errors import DataError, FileTooLargeError

TEXTS = [
    "Las personas mayores del pueblo viven solas y con pensiones muy bajas.",
    "Hace falta un pediatra más en el consultorio, las citas tardan semanas.",
    "El instituto no tiene calefacción y los alumnos estudian con abrigo en clase.",
]
LABELS = [1, 3, 4]


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def _csv(rows: list[tuple], delimiter: str = ",", header: tuple = ("textos", "labels")) -> str:
    def cell(value: object) -> str:
        value = str(value)
        return (
            '"' + value.replace('"', '""') + '"' if any(c in value for c in ',;\t|"\n') else value
        )

    lines = [delimiter.join(header)] + [delimiter.join(cell(v) for v in row) for row in rows]
    return "\n".join(lines) + "\n"


def _xlsx(path: Path, rows: list[list]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


@pytest.fixture
def small_settings() -> Settings:
    return Settings(max_rows=5, max_file_mb=0.01)


# --------------------------------------------------------------------------- labels


@pytest.mark.parametrize(
    "value",
    [3, 3.0, "3", " 3 ", "3.0", "ODS 3", "ods3", "SDG 3", "ODS-3", "ods 03", "Objetivo 3", "sdg:3"],
)
def test_parse_label_accepts_common_spellings(value: object) -> None:
    assert parse_label(value) == 3


@pytest.mark.parametrize("value", [1, 17, "ODS 17", 17.0])
def test_parse_label_bounds(value: object) -> None:
    assert parse_label(value) in (1, 17)


@pytest.mark.parametrize(
    "value", [0, 18, -3, 3.5, "salud", "", "  ", None, float("nan"), True, "ODS", "3a", "ODS 18"]
)
def test_parse_label_rejects_non_sdg(value: object) -> None:
    with pytest.raises(ValueError, match="ODS"):
        parse_label(value)


def test_normalise_labels_returns_int_series() -> None:
    result = normalise_labels(pd.Series(["ODS 1", 3.0, "4"], name="labels"))
    assert result.tolist() == [1, 3, 4]
    assert result.dtype == "int64"


def test_normalise_labels_names_rows_values_and_total() -> None:
    values = pd.Series(["salud"] + [3] * 2 + [0, None, 18] + ["x"] * 10, name="etiqueta")
    with pytest.raises(DataError) as caught:
        normalise_labels(values)
    message = str(caught.value)
    assert "«etiqueta»" in message
    assert "14 etiqueta(s)" in message
    assert "fila 2: «salud»" in message
    assert "fila 5: «0»" in message
    assert "fila 6: (vacío)" in message
    assert "fila 7: «18»" in message
    assert "y 4 más" in message


# --------------------------------------------------------------------------- clean_text


def test_clean_text_repairs_mojibake_and_whitespace() -> None:
    assert clean_text("  La EducaciÃ³n\t  pÃºblica\n") == "La Educación pública"


def test_clean_text_normalises_to_nfc_and_removes_control_chars() -> None:
    decomposed = "educacio\u0301n\x00 rural\u200b\x07"
    assert clean_text(decomposed) == "educación rural"


def test_clean_text_handles_missing_values() -> None:
    assert clean_text(None) == ""  # type: ignore[arg-type]
    assert clean_text(float("nan")) == ""  # type: ignore[arg-type]


def test_clean_text_is_fast_for_long_texts() -> None:
    text = ("La salud pública necesita más médicos en los pueblos pequeños. " * 12)[:700]
    start = time.process_time()  # CPU time: other processes' load does not count
    for _ in range(500):
        clean_text(text)
    assert time.process_time() - start < 2.0


# --------------------------------------------------------------------------- read_table: CSV


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252"])
def test_read_csv_encodings(tmp_path: Path, encoding: str) -> None:
    path = _write(tmp_path / "datos.csv", _csv(list(zip(TEXTS, LABELS))), encoding)
    frame = read_table(path)
    assert list(frame.columns) == ["textos", "labels"]
    assert frame["textos"].tolist() == TEXTS


def test_read_csv_latin1_bytes_outside_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "datos.csv"
    path.write_bytes("textos,labels\nniño\x81,3\n".encode("latin-1"))
    assert read_table(path)["textos"].tolist() == ["niño\x81"]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_read_csv_sniffs_delimiter(tmp_path: Path, delimiter: str) -> None:
    rows = [("Agua, luz y gas; todo sube | y el sueldo no.", 1), (TEXTS[1], 3)]
    path = _write(tmp_path / "datos.csv", _csv(rows, delimiter))
    frame = read_table(path)
    assert list(frame.columns) == ["textos", "labels"]
    assert frame.loc[0, "textos"] == rows[0][0]


def test_read_single_column_csv_keeps_commas(tmp_path: Path) -> None:
    path = _write(tmp_path / "textos.csv", "Textos_espanol\nUna frase, con comas, sin comillas\n")
    frame = read_table(path)
    assert frame["Textos_espanol"].tolist() == ["Una frase, con comas, sin comillas"]


def test_read_csv_with_crlf_and_multiline_text(tmp_path: Path) -> None:
    text = 'textos,labels\r\n"Primera línea\r\nsegunda línea",3\r\nOtra opinión,4\r\n'
    frame = read_table(_write(tmp_path / "datos.csv", text))
    assert len(frame) == 2
    assert frame.loc[1, "labels"] == "4"


def test_read_csv_malformed_line_names_line(tmp_path: Path) -> None:
    path = _write(tmp_path / "datos.csv", "textos,labels\nuno,1\ndos,2,extra,más\n")
    with pytest.raises(DataError, match="línea 3"):
        read_table(path)


def test_read_fixture_semicolon_file(fixtures_dir: Path) -> None:
    frame = read_table(fixtures_dir / "sin_etiqueta.csv")
    assert list(frame.columns) == ["id", "Opinión", "notas"]
    assert frame.loc[1, "Opinión"].startswith("=HYPERLINK")


# --------------------------------------------------------------------------- read_table: others


def test_read_xlsx(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "datos.xlsx", [["textos", "labels"], *map(list, zip(TEXTS, LABELS))])
    frame = read_table(path)
    assert frame["textos"].tolist() == TEXTS
    assert frame["labels"].tolist() == LABELS


def test_read_xlsx_drops_trailing_empty_rows_and_keeps_row_positions(tmp_path: Path) -> None:
    rows = [["textos", "labels"], [TEXTS[0], 1], [None, None], [TEXTS[1], 3], [None, None]]
    frame = read_table(_xlsx(tmp_path / "datos.xlsx", rows))
    assert len(frame) == 3  # the blank middle row stays so row numbers match the sheet


def test_xlsx_that_is_really_csv_is_read_as_csv(tmp_path: Path) -> None:
    path = _write(tmp_path / "datos.xlsx", _csv(list(zip(TEXTS, LABELS))))
    assert read_table(path)["textos"].tolist() == TEXTS


def test_html_disguised_as_xls_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path / "export.xls", "<html><table><tr><td>x</td></tr></table></html>")
    with pytest.raises(DataError, match="HTML"):
        read_table(path)


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "datos.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("leeme.txt", "hola")
    with pytest.raises(DataError, match="no un libro de Excel"):
        read_table(path)


def test_corrupt_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "datos.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00basura" * 50)
    with pytest.raises(DataError, match="dañado"):
        read_table(path)


def test_zip_bomb_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "bomba.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "0" * 5_000_000)
    settings = Settings(max_file_mb=0.1)  # 2 MB uncompressed allowed
    assert path.stat().st_size < settings.max_file_bytes
    with pytest.raises(FileTooLargeError, match="descomprimirlo"):
        read_table(path, settings)


def test_bad_ole_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "viejo.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(DataError, match="Excel 97"):
        read_table(path)


def test_read_json_records_and_columns(tmp_path: Path) -> None:
    records = [{"texto": t, "ods": label} for t, label in zip(TEXTS, LABELS)]
    path = _write(tmp_path / "datos.json", json.dumps(records, ensure_ascii=False))
    assert read_table(path)["texto"].tolist() == TEXTS
    columns = {"texto": TEXTS, "ods": LABELS}
    path = _write(tmp_path / "columnas.json", json.dumps(columns))
    assert read_table(path)["ods"].tolist() == LABELS


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{no es json", "no es un JSON válido"),
        ('{"a": 1}', "lista de registros"),
        ("[1, 2]", "elemento 1"),
    ],
)
def test_read_json_errors(tmp_path: Path, content: str, message: str) -> None:
    with pytest.raises(DataError, match=message):
        read_table(_write(tmp_path / "datos.json", content))


def test_read_jsonl(tmp_path: Path) -> None:
    lines = [json.dumps({"text": t, "label": f"ODS {n}"}) for t, n in zip(TEXTS, LABELS)]
    path = _write(tmp_path / "datos.jsonl", "\n".join(lines) + "\n\n")
    assert read_table(path)["label"].tolist() == ["ODS 1", "ODS 3", "ODS 4"]
    path = _write(tmp_path / "malo.jsonl", lines[0] + "\n{roto\n")
    with pytest.raises(DataError, match="línea 2"):
        read_table(path)


def test_read_parquet(tmp_path: Path) -> None:
    path = tmp_path / "datos.parquet"
    pd.DataFrame({"textos": TEXTS, "labels": LABELS}).to_parquet(path)
    assert read_table(path)["labels"].tolist() == LABELS
    broken = tmp_path / "roto.parquet"
    broken.write_bytes(b"PAR1 esto no es parquet PAR1")
    with pytest.raises(DataError, match="Parquet"):
        read_table(broken)


# --------------------------------------------------------------------------- read_table: limits


def test_missing_file_and_unknown_extension(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="No se encuentra"):
        read_table(tmp_path / "no_existe.csv")
    with pytest.raises(DataError, match="Formatos admitidos"):
        read_table(_write(tmp_path / "datos.docx", "hola"))


@pytest.mark.parametrize("content", ["", "   \n\n", "textos,labels\n", "textos,labels\n,\n\n"])
def test_empty_files_are_refused(tmp_path: Path, content: str) -> None:
    path = tmp_path / "vacio.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataError, match="vacío|ninguna fila"):
        read_table(path)


def test_file_size_limit_checked_before_reading(tmp_path: Path, small_settings: Settings) -> None:
    path = _write(tmp_path / "grande.csv", "textos,labels\n" + "x" * 20_000 + ",3\n")
    with pytest.raises(FileTooLargeError, match="límite es"):
        read_table(path, small_settings)


def test_row_limit_csv(tmp_path: Path, small_settings: Settings) -> None:
    path = _write(tmp_path / "filas.csv", _csv([(f"texto {i}", 3) for i in range(6)]))
    with pytest.raises(FileTooLargeError, match="límite es 5 filas"):
        read_table(path, small_settings)
    ok = _write(tmp_path / "justo.csv", _csv([(f"texto {i}", 3) for i in range(5)]) + "\n\n")
    assert len(read_table(ok, small_settings)) == 5


def test_row_limit_xlsx(tmp_path: Path) -> None:
    rows = [["textos", "labels"]] + [[f"texto {i}", 3] for i in range(6)]
    with pytest.raises(FileTooLargeError, match="límite es 5 filas"):
        read_table(_xlsx(tmp_path / "filas.xlsx", rows), Settings(max_rows=5))


def test_xlsx_bogus_dimension_is_not_trusted(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["textos", "labels"])
    sheet.append([TEXTS[0], 1])
    sheet["AZ500"].font = openpyxl.styles.Font(bold=True)  # formatted but empty cell
    path = tmp_path / "formato.xlsx"
    workbook.save(path)
    frame = read_table(path, Settings(max_rows=10))
    assert list(frame.columns) == ["textos", "labels"]
    assert len(frame) == 1


def test_broken_workbook_xml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "roto.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<esto no es xml")
        archive.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(DataError, match="no se puede abrir como libro de Excel"):
        read_table(path)


def test_row_limit_json_and_parquet(tmp_path: Path) -> None:
    settings = Settings(max_rows=2)
    records = [{"texto": t, "ods": n} for t, n in zip(TEXTS, LABELS)]
    with pytest.raises(FileTooLargeError):
        read_table(_write(tmp_path / "d.json", json.dumps(records)), settings)
    path = tmp_path / "d.parquet"
    pd.DataFrame(records).to_parquet(path)
    with pytest.raises(FileTooLargeError):
        read_table(path, settings)


def test_too_many_columns(tmp_path: Path) -> None:
    header = tuple(f"c{i}" for i in range(1001))
    path = _write(tmp_path / "ancho.csv", ",".join(header) + "\n" + ",".join("1" * 1001) + "\n")
    with pytest.raises(DataError, match="1.001 columnas"):
        read_table(path)


def test_duplicated_headers_csv_and_xlsx(tmp_path: Path) -> None:
    path = _write(tmp_path / "dup.csv", "textos,labels,textos\na,1,b\n")
    with pytest.raises(DataError, match="repite.*«textos»"):
        read_table(path)
    path = _xlsx(tmp_path / "dup.xlsx", [["labels", "labels"], [1, 3]])
    with pytest.raises(DataError, match="«labels»"):
        read_table(path)


# --------------------------------------------------------------------------- columns


def test_find_columns_by_alias_ignoring_case_accents_and_separators() -> None:
    frame = pd.DataFrame(columns=["ID", "Descripción", "Número ODS", "otra"])
    assert find_text_column(frame) == "Descripción"
    assert find_label_column(frame) == "Número ODS"
    frame = pd.DataFrame(columns=["Textos Español", "ETIQUETA"])
    assert find_text_column(frame) == "Textos Español"
    assert find_label_column(frame) == "ETIQUETA"


def test_explicit_column_wins_and_missing_explicit_lists_columns() -> None:
    frame = pd.DataFrame(columns=["textos", "resumen", "labels"])
    assert find_text_column(frame, "resumen") == "resumen"
    assert find_text_column(frame, "RESUMEN") == "resumen"
    with pytest.raises(DataError, match="«cuerpo».*«textos», «resumen», «labels»"):
        find_text_column(frame, "cuerpo")


def test_no_matching_column_lists_columns() -> None:
    frame = pd.DataFrame(columns=["a", "b"])
    with pytest.raises(DataError, match="Columnas encontradas: «a», «b»"):
        find_text_column(frame)
    with pytest.raises(DataError, match="etiquetas"):
        find_label_column(frame)


def test_single_column_is_the_text_column() -> None:
    assert find_text_column(pd.DataFrame(columns=["Frase a clasificar"])) == "Frase a clasificar"


def test_ambiguous_columns_are_reported() -> None:
    frame = pd.DataFrame(columns=["Texto", "texto "])
    frame.columns = ["Texto", "TEXTO"]
    with pytest.raises(DataError, match="varias columnas"):
        find_text_column(frame)


# --------------------------------------------------------------------------- cleaning


def test_load_labelled_fixture_report(fixtures_dir: Path) -> None:
    cleaned, report = load_labelled(fixtures_dir / "etiquetado.csv", settings=Settings())
    assert report.rows_read == 10
    assert report.dropped == {"empty": 1, "duplicate": 1, "conflict": 2}
    assert report.flagged == {"short": 1, "repaired_encoding": 1}
    assert report.rows_kept == len(cleaned) == 6
    assert list(cleaned.columns) == ["text", "label", "fuente"]
    assert cleaned["label"].dtype == "int64"
    assert cleaned["label"].tolist() == [1, 3, 4, 4, 4, 1]
    assert "Educación de adultos necesita más recursos" in cleaned.loc[4, "text"]
    assert report.examples["empty"] == ["fila 6: «(vacío)»"]
    assert report.examples["duplicate"][0].startswith("fila 5: «Faltan profesores")
    assert report.examples["short"] == ["fila 7: «Queremos más becas.»"]
    assert [c["row"] for c in report.conflicts] == [8, 9]
    assert report.conflicts[0]["labels"] == [1, 4]


def test_clean_labelled_keeps_first_duplicate_and_extras() -> None:
    frame = pd.DataFrame(
        {
            "text": [TEXTS[0], TEXTS[0].upper(), "  " + TEXTS[0] + "  "],
            "label": [1, "ODS 1", 1.0],
            "source": ["a", "b", "c"],
        }
    )
    cleaned, report = clean_labelled(frame)
    assert cleaned["source"].tolist() == ["a"]
    assert report.dropped["duplicate"] == 2


def test_clean_labelled_reports_bad_labels_with_rows(tmp_path: Path) -> None:
    path = _write(tmp_path / "d.csv", _csv([(TEXTS[0], 3), (TEXTS[1], "salud"), (TEXTS[2], 0)]))
    with pytest.raises(DataError, match=r"«labels».*fila 3: «salud»; fila 4: «0»"):
        load_labelled(path)


def test_empty_text_rows_do_not_need_a_label() -> None:
    frame = pd.DataFrame({"text": [TEXTS[0], "   ", None], "label": [3, None, "basura"]})
    cleaned, report = clean_labelled(frame)
    assert len(cleaned) == 1
    assert report.dropped["empty"] == 2


def test_clean_labelled_requires_columns() -> None:
    with pytest.raises(DataError, match="label"):
        clean_labelled(pd.DataFrame({"text": ["hola"]}))


def test_load_labelled_synthetic_column_becomes_bool(tmp_path: Path) -> None:
    rows = [(TEXTS[0], 1, "sí"), (TEXTS[1], 3, "no"), (TEXTS[2], 4, "")]
    path = _write(tmp_path / "d.csv", _csv(rows, header=("texto", "ods", "synthetic")))
    cleaned, _ = load_labelled(path)
    assert cleaned["synthetic"].dtype == bool
    assert cleaned["synthetic"].tolist() == [True, False, False]


def test_load_labelled_synthetic_from_json_with_nulls_and_bad_values(tmp_path: Path) -> None:
    records = [
        {"texto": TEXTS[0], "ods": 1, "synthetic": True},
        {"texto": TEXTS[1], "ods": 3, "synthetic": None},
    ]
    cleaned, _ = load_labelled(_write(tmp_path / "d.json", json.dumps(records)))
    assert cleaned["synthetic"].tolist() == [True, False]
    records[1]["synthetic"] = "quizá"
    with pytest.raises(DataError, match="«synthetic».*fila 3: «quizá»"):
        load_labelled(_write(tmp_path / "e.json", json.dumps(records, ensure_ascii=False)))


def test_load_labelled_explicit_columns_and_rename_collisions(tmp_path: Path) -> None:
    rows = [("a", TEXTS[0], 1), ("b", TEXTS[1], 3)]
    path = _write(tmp_path / "d.csv", _csv(rows, header=("text", "cuerpo", "clase_final")))
    cleaned, _ = load_labelled(path, text_column="cuerpo", label_column="clase_final")
    assert list(cleaned.columns) == ["text", "label", "text_original"]
    assert cleaned["text"].tolist() == TEXTS[:2]


def test_load_labelled_single_column_file_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path / "d.csv", "textos\n" + TEXTS[0] + "\n")
    with pytest.raises(DataError, match="una sola columna"):
        load_labelled(path)


def test_report_serialisation_and_rendering(fixtures_dir: Path) -> None:
    _, report = load_labelled(fixtures_dir / "etiquetado.csv")
    assert json.loads(json.dumps(report.to_dict()))["dropped"]["conflict"] == 2
    spanish = report.to_markdown()
    assert "Filas leídas: **10**" in spanish and "Duplicado" in spanish
    assert "Rows read: **10**" in report.to_markdown("en")
    frame = report.to_frame()
    assert list(frame.columns) == ["motivo", "filas", "ejemplos"]
    assert frame["filas"].sum() == 6
    assert list(report.to_frame("en").columns) == ["reason", "rows", "examples"]


def test_empty_report_renders() -> None:
    report = CleaningReport(rows_read=3, rows_kept=3)
    assert "No ha hecho falta" in report.to_markdown()
    assert report.to_frame().empty


# --------------------------------------------------------------------------- load_texts


def test_load_texts_keeps_all_columns(fixtures_dir: Path) -> None:
    frame, column = load_texts(fixtures_dir / "sin_etiqueta.csv")
    assert column == "Opinión"
    assert list(frame.columns) == ["id", "Opinión", "notas"]
    assert len(frame) == 3


def test_load_texts_without_any_text(tmp_path: Path) -> None:
    path = _write(tmp_path / "d.csv", "texto,id\n,1\n  ,2\n")
    with pytest.raises(DataError, match="ningún texto"):
        load_texts(path)


# --------------------------------------------------------------------------- writing


def test_escape_formulas() -> None:
    frame = pd.DataFrame({"texto": ["=1+1", "+34 600", "-x", "@a", "\tb", "normal"], "n": range(6)})
    escaped = escape_formulas(frame)
    assert escaped["texto"].tolist() == ["'=1+1", "'+34 600", "'-x", "'@a", "'\tb", "normal"]
    assert escaped["n"].tolist() == list(range(6))
    assert frame.loc[0, "texto"] == "=1+1"


@pytest.mark.parametrize("dtype", ["str", "string", object, "category", "dictionary"])
def test_escape_formulas_is_the_same_for_every_text_dtype(dtype) -> None:
    values = ["=1", "", None, "a=b", "-", "\rx", " =no", "@"]
    if dtype == "dictionary":  # what a Parquet dictionary column becomes with the Arrow backend
        dtype = pd.ArrowDtype(pa.dictionary(pa.int32(), pa.string()))
    escaped = escape_formulas(pd.DataFrame({"=texto": pd.Series(values, dtype=dtype)}))
    assert list(escaped.columns) == ["'=texto"]
    assert escaped["'=texto"].fillna("<NA>").tolist() == [
        "'=1",
        "",
        "<NA>",
        "a=b",
        "'-",
        "'\rx",
        " =no",
        "'@",
    ]


def test_write_csv_with_bom_and_read_back(tmp_path: Path) -> None:
    frame = pd.DataFrame({"texto": ["Educación", "=SUMA(A1)"], "ods": [4, 3]})
    path = write_table(frame, tmp_path / "salida" / "resultado.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    back = read_table(path)
    assert back["texto"].tolist() == ["Educación", "'=SUMA(A1)"]
    assert [p.name for p in path.parent.iterdir()] == ["resultado.csv"]


def test_write_xlsx_roundtrip_and_overwrite(tmp_path: Path) -> None:
    frame = pd.DataFrame({"texto": ["Salud\x01 rural", "@alguien"], "ods": [3, 1]})
    path = write_table(frame, tmp_path / "resultado.xlsx")
    write_table(frame, path)
    back = read_table(path)
    assert back["texto"].tolist() == ["Salud rural", "'@alguien"]
    assert back["ods"].tolist() == [3, 1]
    assert [p.name for p in tmp_path.iterdir()] == ["resultado.xlsx"]


def test_write_unsupported_extension(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"\.csv o \.xlsx"):
        write_table(pd.DataFrame({"a": [1]}), tmp_path / "x.json")
