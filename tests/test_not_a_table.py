"""Files that are not tables (a PDF renamed .csv, a Word document, an image) are named, not read."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import run_cli

from odsgr import data
from odsgr.errors import DataError

# Enough of a PDF to look like one: header, binary marker line, objects, several lines.
PDF_BYTES = (
    b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
    b"stream\nx\x9c\xcb\xc8,V\x00\xa2D\x85\xb2\xfc\xd2\x22\nendstream\ntrailer\n%%EOF\n"
)
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(40))


def _docx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return path


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("informe.csv", PDF_BYTES, "documento PDF"),
        ("textos.xlsx", PDF_BYTES, "documento PDF"),
        ("foto.csv", PNG_BYTES, "imagen PNG"),
    ],
)
def test_binary_files_are_refused_naming_what_they_are(tmp_path, name, content, kind):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DataError, match=f"no es una tabla: parece un[a]? {kind}"):
        data.load_texts(path)
    with pytest.raises(DataError, match=kind):
        data.load_labelled(path)


def test_a_zip_that_is_not_a_workbook_is_named(tmp_path):
    path = _docx(tmp_path / "datos.xlsx")
    with pytest.raises(DataError, match=r"documento de Word \(\.docx\)"):
        data.read_table(path)


def test_a_real_csv_starting_with_similar_letters_is_still_read(tmp_path):
    path = tmp_path / "ok.csv"
    path.write_text("ID3,texto\n1,Faltan médicos en el hospital\n", encoding="utf-8")
    assert data.read_table(path)["texto"].tolist() == ["Faltan médicos en el hospital"]


def _cli(*args: str) -> subprocess.CompletedProcess:
    return run_cli(*args)  # in this process: the refusal, not the interpreter, is tested here


def test_cli_predict_on_a_pdf_exits_2_and_says_it_is_a_pdf(home, tmp_path):
    pdf = tmp_path / "textos.csv"
    pdf.write_bytes(PDF_BYTES)
    output = tmp_path / "resultado.csv"
    result = _cli("predict", "--input", str(pdf), "--output", str(output), "--home", str(home))
    assert result.returncode == 2, result.stdout
    assert "documento PDF" in result.stderr
    assert not output.exists()


def test_cli_evaluate_table_calls_its_column_value_not_before(home, demo_data):
    result = _cli("evaluate", "--data", str(demo_data), "--home", str(home))
    assert result.returncode == 0, result.stderr
    header = result.stdout.splitlines()[0].split()
    assert header == ["Métrica", "Valor"]
