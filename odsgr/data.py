"""Read, validate and clean the tables analysts upload (CSV, XLSX, XLS, JSON, JSONL, Parquet).

Every problem with user input is raised as :class:`~odsgr.errors.DataError` (or
:class:`~odsgr.errors.FileTooLargeError`) with a Spanish message that names the offending column,
rows and values. Rows are always reported as the analyst sees them in a spreadsheet: the header is
row 1, so the first data row is row 2.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import logging
import math
import numbers
import os
import re
import unicodedata
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

import ftfy
import pandas as pd

from odsgr.config import Settings
from odsgr.errors import DataError, FileTooLargeError
from odsgr.sdg import OUT_OF_SCOPE
from odsgr.storage import atomic_path

__all__ = [
    "TEXT_ALIASES",
    "LABEL_ALIASES",
    "SUPPORTED_EXTENSIONS",
    "MAX_COLUMNS",
    "MAX_ZIP_INFLATION",
    "MAX_ERROR_EXAMPLES",
    "MAX_REPORT_EXAMPLES",
    "CSV_DELIMITERS",
    "OUT_OF_SCOPE_WORDS",
    "RAW_CHARS_PER_KEPT_CHAR",
    "CleaningReport",
    "read_table",
    "check_is_table",
    "sniff_delimiter",
    "csv_error_message",
    "raise_too_expanded",
    "header_name",
    "check_header",
    "check_column_count",
    "raise_too_many_rows",
    "find_text_column",
    "find_label_column",
    "parse_label",
    "normalise_labels",
    "clean_text",
    "text_key_of",
    "text_key",
    "clean_labelled",
    "load_labelled",
    "load_texts",
    "escape_formulas",
    "write_table",
]

logger = logging.getLogger(__name__)

TEXT_ALIASES: tuple[str, ...] = (
    "textos",
    "texto",
    "textos_espanol",
    "texto_espanol",
    "text",
    "texts",
    "opinion",
    "opiniones",
    "comentario",
    "comentarios",
    "descripcion",
    "mensaje",
    "frase",
    "contenido",
    "content",
    "sentence",
)
LABEL_ALIASES: tuple[str, ...] = (
    "labels",
    "label",
    "etiqueta",
    "etiquetas",
    "sdg",
    "ods",
    "objetivo",
    "objetivos",
    "clase",
    "class",
    "categoria",
    "target",
    "numero_ods",
    "ods_label",
)

SUPPORTED_EXTENSIONS: tuple[str, ...] = (
    ".csv",
    ".tsv",
    ".txt",
    ".xlsx",
    ".xlsm",
    ".xls",
    ".json",
    ".jsonl",
    ".ndjson",
    ".parquet",
    ".pq",
)
MAX_COLUMNS = 1000
# A genuine workbook rarely inflates more than ~10x; beyond this we assume a zip bomb.
MAX_ZIP_INFLATION = 20
MAX_ERROR_EXAMPLES = 10
MAX_REPORT_EXAMPLES = 3
CSV_DELIMITERS = (",", ";", "\t", "|")
# Used as the delimiter of single-column CSV files, so commas inside texts are not split.
_NO_DELIMITER = "\x1f"
_SPREADSHEET_FIRST_DATA_ROW = 2

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PARQUET_MAGIC = b"PAR1"
# First bytes of common files that are not tables, and how to name them to the analyst.
_NOT_A_TABLE = (
    (b"%PDF", "un documento PDF"),
    (b"\x89PNG", "una imagen PNG"),
    (b"\xff\xd8\xff", "una imagen JPEG"),
    (b"GIF87a", "una imagen GIF"),
    (b"GIF89a", "una imagen GIF"),
    (b"II*\x00", "una imagen TIFF"),
    (b"MM\x00*", "una imagen TIFF"),
    (b"{\\rtf", "un documento RTF"),
    (b"Rar!", "un archivo comprimido RAR"),
    (b"7z\xbc\xaf", "un archivo comprimido 7z"),
    (b"\x1f\x8b", "un archivo comprimido gzip"),
    (b"ID3\x03", "un archivo de audio MP3"),
    (b"ID3\x04", "un archivo de audio MP3"),
    (b"OggS", "un archivo de audio Ogg"),
    (b"fLaC", "un archivo de audio FLAC"),
    (b"\x7fELF", "un programa"),
)
# Folder inside a ZIP → what the archive is (an .xlsx has ``xl/``).
_ZIP_KINDS = (
    ("word/", "un documento de Word (.docx)"),
    ("ppt/", "una presentación de PowerPoint (.pptx)"),
    ("content.xml", "un documento de OpenDocument (LibreOffice)"),
)
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u200c\u200d\u2060\ufeff]")
OUT_OF_SCOPE_WORDS = frozenset({"otro", "otros", "otra", "otras", "other", "ninguno", "ninguna"})
"""Labels (any case) of rows about none of the modelled SDGs; they teach the model its limits."""
_LABEL_PATTERN = re.compile(
    r"^(?:(?:ods|sdg|objetivo)\s*(?:n[º°o.]?\s*)?[-#:.]?\s*)?0*(\d{1,2})(?:[.,]0+)?$"
)
_ENCODING_REPAIRS = {
    "restore_byte_a0",
    "replace_lossy_sequences",
    "decode_inconsistent_utf8",
    "fix_c1_controls",
}
_TRUE_WORDS = {"1", "true", "verdadero", "si", "sí", "yes", "y", "s", "x"}
_FALSE_WORDS = {"0", "false", "falso", "no", "n", ""}

_REASONS_ES = {
    "empty": "Texto vacío (descartado)",
    "duplicate": "Duplicado (descartado, se conserva el primero)",
    "conflict": "Mismo texto con etiquetas distintas (apartado)",
    "invalid_label": "Etiqueta no válida (descartado)",
    "short": "Texto corto (conservado, revisar)",
    "repaired_encoding": "Codificación reparada (conservado)",
}
_REASONS_EN = {
    "empty": "Empty text (dropped)",
    "duplicate": "Duplicate (dropped, first kept)",
    "conflict": "Same text with different labels (set aside)",
    "invalid_label": "Invalid label (dropped)",
    "short": "Short text (kept, review)",
    "repaired_encoding": "Encoding repaired (kept)",
}


# --------------------------------------------------------------------------- cleaning report


@dataclass
class CleaningReport:
    """What :func:`clean_labelled` dropped, flagged and set aside, with examples.

    Attributes:
        rows_read: data rows received.
        rows_kept: rows in the cleaned output.
        dropped: reason code (``empty``, ``duplicate``, ``conflict``) -> rows removed.
        flagged: reason code (``short``, ``repaired_encoding``) -> kept rows worth a look.
        examples: reason code -> up to three ``"fila 12: «texto…»"`` strings.
        conflicts: rows set aside because the same text carries different labels, as
            ``{"row", "text", "label", "labels"}`` (``labels``: every label seen for that text).
        out_of_scope: kept rows labelled «otro» (about none of the modelled SDGs).
    """

    rows_read: int = 0
    rows_kept: int = 0
    dropped: dict[str, int] = field(default_factory=dict)
    flagged: dict[str, int] = field(default_factory=dict)
    examples: dict[str, list[str]] = field(default_factory=dict)
    conflicts: list[dict] = field(default_factory=list)
    out_of_scope: int = 0

    def to_dict(self) -> dict:
        """A JSON-serialisable copy."""
        return json.loads(json.dumps(asdict(self), default=_json_default))

    def to_frame(self, language: str = "es") -> pd.DataFrame:
        """One row per reason: ``motivo, filas, ejemplos`` (``reason, rows, examples`` in en)."""
        names = _REASONS_EN if language == "en" else _REASONS_ES
        columns = (
            ["reason", "rows", "examples"] if language == "en" else ["motivo", "filas", "ejemplos"]
        )
        records = [
            (names.get(code, code), count, " | ".join(self.examples.get(code, [])))
            for code, count in (*self.dropped.items(), *self.flagged.items())
            if count
        ]
        frame = pd.DataFrame(records, columns=columns)
        frame[columns[1]] = frame[columns[1]].astype("int64")
        return frame

    def to_markdown(self, language: str = "es") -> str:
        """A short human report (Spanish by default, English with ``language="en"``)."""
        english = language == "en"
        names = _REASONS_EN if english else _REASONS_ES
        lines = [
            "### Data cleaning" if english else "### Limpieza de datos",
            "",
            (
                f"Rows read: **{self.rows_read}** · rows kept: **{self.rows_kept}**"
                if english
                else f"Filas leídas: **{_thousands(self.rows_read)}** · "
                f"filas conservadas: **{_thousands(self.rows_kept)}**"
            ),
        ]
        items = [(code, n) for code, n in (*self.dropped.items(), *self.flagged.items()) if n]
        if not items:
            lines += [
                "",
                "No changes were needed." if english else "No ha hecho falta cambiar nada.",
            ]
        for code, count in items:
            lines += ["", f"- **{names.get(code, code)}**: {count}"]
            lines += [f"  - {example}" for example in self.examples.get(code, [])]
        if self.out_of_scope:
            lines += [
                "",
                f"Rows labelled «otro» (outside the SDGs modelled): {self.out_of_scope}"
                if english
                else f"Filas etiquetadas «otro» (fuera de los ODS del modelo): {self.out_of_scope}",
            ]
        return "\n".join(lines)


def _json_default(value: object) -> object:
    if hasattr(value, "item"):
        return value.item()
    return str(value)


# --------------------------------------------------------------------------- reading


def read_table(path: str | Path, settings: Settings | None = None) -> pd.DataFrame:
    """Read a CSV, XLSX, XLS, JSON (list of records), JSONL or Parquet file into a DataFrame.

    The format comes from the extension and is checked against the file's first bytes (an
    ``.xlsx`` that is really a CSV is read as CSV). Size, row and column limits are enforced
    before the bulk of the file is parsed.

    Args:
        path: the file to read.
        settings: limits (``max_file_bytes``, ``max_rows``); defaults to ``Settings()``.

    Returns:
        The table with its original column names, index ``0..n-1`` (index 0 is spreadsheet row 2).
        Trailing empty rows are removed; empty rows in the middle are kept so row numbers match.

    Raises:
        FileTooLargeError: the file exceeds the size or row limit.
        DataError: the file is missing, empty, unreadable, or its header is unusable.
    """
    settings = settings or Settings()
    path = Path(path)
    if not path.is_file():
        raise DataError(f"No se encuentra el archivo «{path.name}».")
    size = os.stat(path).st_size
    if size > settings.max_file_bytes:
        raise FileTooLargeError(
            f"El archivo «{path.name}» ocupa {_megabytes(size)} y el límite es "
            f"{_megabytes(settings.max_file_bytes)}. Divídalo en archivos más pequeños."
        )
    if size == 0:
        raise DataError(f"El archivo «{path.name}» está vacío.")

    extension = path.suffix.lower()
    if extension not in SUPPORTED_EXTENSIONS:
        raise DataError(
            f"No se reconoce el formato de «{path.name}». Formatos admitidos: "
            f"{', '.join(SUPPORTED_EXTENSIONS)}."
        )
    with path.open("rb") as handle:
        head = handle.read(4096)
    if head.count(0) == len(head):
        # e.g. a sparse or zero-filled file: refused before the bulk of it is read
        raise DataError(f"«{path.name}» no parece un archivo de texto (tiene contenido binario).")

    check_is_table(path, head)
    if head.startswith(_ZIP_MAGIC) and extension not in (".parquet", ".pq"):
        frame = _read_xlsx(path, settings)
    elif head.startswith(_OLE_MAGIC):
        frame = _read_xls(path, settings)
    elif extension in (".parquet", ".pq"):
        frame = _read_parquet(path, head, settings)
    elif head.startswith(_PARQUET_MAGIC):
        raise DataError(f"«{path.name}» parece un archivo Parquet; cambie su extensión a .parquet.")
    elif extension in (".xlsx", ".xlsm", ".xls"):
        text = _decode(path.read_bytes(), path.name)
        if text.lstrip()[:200].lower().startswith(("<!doctype html", "<html", "<table")):
            raise DataError(
                f"«{path.name}» no es un libro de Excel sino una página HTML. Ábralo en Excel y "
                "guárdelo como .xlsx o .csv."
            )
        logger.warning("%s is not a workbook; reading it as CSV", path.name)
        frame = _read_csv_text(text, path.name, settings)
    elif extension == ".json":
        frame = _read_json(_decode(path.read_bytes(), path.name), path.name, settings)
    elif extension in (".jsonl", ".ndjson"):
        frame = _read_jsonl(_decode(path.read_bytes(), path.name), path.name, settings)
    else:
        frame = _read_csv_text(_decode(path.read_bytes(), path.name), path.name, settings)
    return frame


def check_is_table(path: str | Path, head: bytes | None = None) -> None:
    """Refuse files that are plainly not tables (PDF, images, archives…), naming what they are.

    Args:
        path: the file.
        head: its first bytes, when already read (at least 16).

    Raises:
        DataError: the file's first bytes say it is a document, image, archive or program.
    """
    path = Path(path)
    if head is None:
        with path.open("rb") as handle:
            head = handle.read(4096)
    kind = next((name for magic, name in _NOT_A_TABLE if head.startswith(magic)), None)
    if kind is None and head.startswith(_ZIP_MAGIC):
        try:
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            names = ["xl/workbook.xml"]  # damaged: the workbook reader says so
        if "xl/workbook.xml" not in names:
            kind = next(
                (name for folder, name in _ZIP_KINDS if any(n.startswith(folder) for n in names)),
                "un archivo comprimido ZIP",
            )
            kind += ", no un libro de Excel (.xlsx)"
    if kind is not None:
        raise DataError(
            f"«{path.name}» no es una tabla: parece {kind}. Suba un archivo CSV, Excel (.xlsx, "
            ".xls), JSON o Parquet con una fila por texto."
        )


def _decode(data: bytes, name: str) -> str:
    """Bytes to text: BOMs first, then strict UTF-8, UTF-16 without BOM, then Windows-1252."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        encoding = "utf-32"
    elif data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = None
    if encoding:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as error:
            raise DataError(
                f"«{name}» declara la codificación {encoding.upper()} pero tiene bytes no válidos "
                f"(posición {error.start}). Vuelva a guardarlo como CSV UTF-8."
            ) from None

    sample = data[:4096]
    if sample and sample.count(0) > len(sample) // 4:
        # UTF-16 without BOM: every other byte of Latin text is NUL.
        even_nuls = sample[0::2].count(0)
        odd_nuls = sample[1::2].count(0)
        encoding = "utf-16-le" if odd_nuls > even_nuls else "utf-16-be"
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            raise DataError(
                f"«{name}» no parece un archivo de texto (tiene contenido binario)."
            ) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    logger.info("%s is not UTF-8; decoding it as Windows-1252", name)
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def sniff_delimiter(text: str) -> str:
    """The delimiter among , ; tab | that splits the header line into the most fields."""
    first_line = text.split("\n", 1)[0].rstrip("\r")
    best, best_fields = _NO_DELIMITER, 1
    for delimiter in CSV_DELIMITERS:
        try:
            fields = len(next(csv.reader([first_line], delimiter=delimiter)))
        except (csv.Error, StopIteration):
            continue
        if fields > best_fields:
            best, best_fields = delimiter, fields
    return best


def _read_csv_text(text: str, name: str, settings: Settings) -> pd.DataFrame:
    if not text.strip():
        raise DataError(f"El archivo «{name}» está vacío.")
    delimiter = sniff_delimiter(text)
    try:
        header_fields = len(next(csv.reader(io.StringIO(text), delimiter=delimiter)))
    except (csv.Error, StopIteration):
        header_fields = 0
    check_column_count(header_fields, name)
    try:
        raw = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            header=None,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            nrows=settings.max_rows + 2,
        )
    except pd.errors.EmptyDataError:
        raise DataError(f"El archivo «{name}» está vacío.") from None
    except (pd.errors.ParserError, csv.Error, ValueError) as error:
        raise DataError(csv_error_message(str(error), name)) from None
    rows = raw.itertuples(index=False, name=None)
    return _frame_from_rows(list(rows), name, settings)


def csv_error_message(message: str, name: str) -> str:
    """A Spanish message for a pandas CSV parser error in file ``name``."""
    match = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", message)
    if match:
        expected, line, seen = match.groups()
        return (
            f"«{name}» no es un CSV bien formado: la línea {line} tiene {seen} campos y la "
            f"cabecera tiene {expected}. Revise separadores y comillas en esa línea."
        )
    return f"«{name}» no se puede leer como CSV: {message}"


def _read_xlsx(path: Path, settings: Settings) -> pd.DataFrame:
    import openpyxl

    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            inflated = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise DataError(f"«{path.name}» está dañado: no es un libro de Excel válido.") from None
    if "xl/workbook.xml" not in names:
        raise DataError(
            f"«{path.name}» es un archivo comprimido pero no un libro de Excel (.xlsx)."
        )
    limit = max(min(settings.max_file_bytes * MAX_ZIP_INFLATION, settings.max_expanded_bytes), 1)
    if inflated > limit:
        raise FileTooLargeError(
            f"«{path.name}» ocupa {_megabytes(inflated)} al descomprimirlo; el límite es "
            f"{_megabytes(limit)} (ODSGR_MAX_EXPANDED_MB)."
        )
    workbook = None
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        rows = _xlsx_rows(workbook, path.name, settings)
    except DataError:
        raise
    # openpyxl parses lazily and raises many unrelated types (KeyError, ParseError...) for
    # broken workbooks; all of them mean the same thing to the analyst.
    except Exception as error:  # noqa: BLE001
        raise DataError(f"«{path.name}» no se puede abrir como libro de Excel ({error}).") from None
    finally:
        if workbook is not None:
            workbook.close()
    return _frame_from_rows(rows, path.name, settings)


def _xlsx_rows(workbook, name: str, settings: Settings) -> list[list]:
    if not workbook.worksheets:
        raise DataError(f"El libro «{name}» no tiene hojas.")
    sheet = workbook.worksheets[0]
    # The declared dimension is often bogus (a whole formatted sheet claims 1,048,576 rows and
    # 16,384 columns), so limits are checked on the cells that really hold values.
    sheet.reset_dimensions()
    rows: list[list] = []
    pending_blanks = 0
    characters = 0
    for row in sheet.iter_rows(values_only=True):
        values = list(row)
        while values and not _has_value(values[-1]):
            values.pop()
        if not values:
            pending_blanks += 1 if rows else 0
            continue
        check_column_count(len(values), name)
        # Shared strings let a small sheet repeat one long text in every cell.
        characters += sum(len(value) for value in values if isinstance(value, str))
        if characters > settings.max_expanded_bytes:
            raise_too_expanded(name, settings)
        rows.extend([] for _ in range(pending_blanks))
        pending_blanks = 0
        rows.append(values)
        if len(rows) - 1 > settings.max_rows:
            raise_too_many_rows(name, settings)
    return rows


def _read_xls(path: Path, settings: Settings) -> pd.DataFrame:
    import xlrd

    book = None
    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
        if book.nsheets == 0:
            raise DataError(f"El libro «{path.name}» no tiene hojas.")
        sheet = book.sheet_by_index(0)
        if sheet.nrows > settings.max_rows + 1:
            raise_too_many_rows(path.name, settings, sheet.nrows - 1)
        check_column_count(sheet.ncols, path.name)
        rows = [sheet.row_values(index) for index in range(sheet.nrows)]
    except DataError:
        raise
    # xlrd raises XLRDError, CompDocError, struct.error, IndexError... for broken files.
    except Exception as error:  # noqa: BLE001
        raise DataError(
            f"«{path.name}» no se puede abrir como libro de Excel 97 ({error})."
        ) from None
    finally:
        if book is not None:
            book.release_resources()
    return _frame_from_rows(rows, path.name, settings)


def _read_parquet(path: Path, head: bytes, settings: Settings) -> pd.DataFrame:
    import pyarrow.parquet as pq

    if not head.startswith(_PARQUET_MAGIC):
        raise DataError(f"«{path.name}» no es un archivo Parquet válido.")
    try:
        parquet = pq.ParquetFile(path)
        if parquet.metadata.num_rows > settings.max_rows:
            raise_too_many_rows(path.name, settings, parquet.metadata.num_rows)
        check_column_count(parquet.metadata.num_columns, path.name)
        frame = _read_parquet_bounded(path, parquet, settings).to_pandas()
    except DataError:
        raise
    # pyarrow raises ArrowInvalid, OSError, NotImplementedError... for broken files.
    except Exception as error:  # noqa: BLE001
        raise DataError(f"«{path.name}» no se puede leer como Parquet ({error}).") from None
    return _check_frame(frame.reset_index(drop=True), path.name, settings)


def _read_parquet_bounded(path: Path, parquet, settings: Settings):
    """The Arrow table of ``parquet``, refused before decoding if it expands past the limit.

    Text columns are read dictionary-encoded, so a file repeating one long string in every row
    costs one copy of it; their expanded size is summed from the dictionary before decoding.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    metadata = parquet.metadata
    encoded = sum(metadata.row_group(i).total_byte_size for i in range(metadata.num_row_groups))
    if encoded > settings.max_expanded_bytes:
        raise_too_expanded(path.name, settings)
    schema = parquet.schema_arrow
    texts = [field.name for field in schema if _is_text_type(field.type)]
    table = pq.ParquetFile(path, read_dictionary=texts).read()
    expanded = 0
    for column in table.columns:
        for chunk in column.chunks:
            if pa.types.is_dictionary(chunk.type) and _is_text_type(chunk.type.value_type):
                lengths = pc.binary_length(chunk.dictionary)
                expanded += pc.sum(pc.take(lengths, chunk.indices)).as_py() or 0
            else:
                expanded += chunk.nbytes
        if expanded > settings.max_expanded_bytes:
            raise_too_expanded(path.name, settings)
    columns = [
        column.cast(field.type) if column.type != field.type else column
        for field, column in zip(schema, table.columns, strict=True)
    ]
    return pa.Table.from_arrays(columns, schema=schema)


def _is_text_type(arrow_type) -> bool:
    import pyarrow as pa

    return any(
        check(arrow_type)
        for check in (
            pa.types.is_string,
            pa.types.is_large_string,
            pa.types.is_binary,
            pa.types.is_large_binary,
        )
    )


def raise_too_expanded(name: str, settings: Settings) -> None:
    """Refuse a compressed file whose content expands past ``settings.max_expanded_bytes``."""
    raise FileTooLargeError(
        f"«{name}» se expande a más de {_megabytes(settings.max_expanded_bytes)} de contenido al "
        "leerlo (un archivo pequeño que repite o comprime muchísimo texto). Divídalo en archivos "
        "más pequeños o suba ODSGR_MAX_EXPANDED_MB."
    )


def _read_json(text: str, name: str, settings: Settings) -> pd.DataFrame:
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as error:
        raise DataError(
            f"«{name}» no es un JSON válido (línea {error.lineno}, columna {error.colno})."
        ) from None
    except RecursionError:
        raise DataError(_too_nested(name)) from None
    if isinstance(payload, dict) and payload and all(isinstance(v, list) for v in payload.values()):
        lengths = {len(v) for v in payload.values()}
        if len(lengths) != 1:
            raise DataError(f"Las columnas del JSON «{name}» tienen longitudes distintas.")
        if lengths.pop() > settings.max_rows:
            raise_too_many_rows(name, settings)
        check_column_count(len(payload), name)
        return _check_frame(pd.DataFrame(payload), name, settings)
    if not isinstance(payload, list):
        raise DataError(
            f"«{name}» debe contener una lista de registros, p. ej. "
            '[{"textos": "…", "labels": 3}, …].'
        )
    return _records_to_frame(payload, name, settings, lambda index: f"elemento {index + 1}")


def _too_nested(name: str) -> str:
    return (
        f"«{name}» anida listas u objetos a demasiada profundidad; se esperaba una lista de "
        'registros, p. ej. [{"textos": "…", "labels": 3}, …].'
    )


def _read_jsonl(text: str, name: str, settings: Settings) -> pd.DataFrame:
    records, line_numbers = [], []
    for line_number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            raise DataError(f"La línea {line_number} de «{name}» no es JSON válido.") from None
        except RecursionError:
            raise DataError(_too_nested(name)) from None
        line_numbers.append(line_number)
        if len(records) > settings.max_rows:
            raise_too_many_rows(name, settings)
    return _records_to_frame(records, name, settings, lambda i: f"línea {line_numbers[i]}")


def _records_to_frame(records: list, name: str, settings: Settings, where) -> pd.DataFrame:
    if len(records) > settings.max_rows:
        raise_too_many_rows(name, settings, len(records))
    for index, record in enumerate(records):
        if not isinstance(record, dict):
            raise DataError(
                f"En «{name}», el {where(index)} no es un registro con campos (objeto JSON)."
            )
    columns: dict[str, None] = {}
    for record in records:
        columns.update(dict.fromkeys(record))
        check_column_count(len(columns), name)
    return _check_frame(pd.DataFrame.from_records(records, columns=list(columns)), name, settings)


def _frame_from_rows(rows: list[list], name: str, settings: Settings) -> pd.DataFrame:
    """Header row + data rows (as read from CSV or a sheet) to a checked DataFrame."""
    while rows and not any(_has_value(value) for value in rows[-1]):
        rows.pop()
    if not rows:
        raise DataError(f"El archivo «{name}» está vacío.")
    width = max(len(row) for row in rows)
    rows = [list(row) + [None] * (width - len(row)) for row in rows]
    # Drop trailing columns with neither header nor data (formatting leftovers in sheets).
    while width > 1 and not any(_has_value(row[width - 1]) for row in rows):
        width -= 1
    header = [header_name(value, index) for index, value in enumerate(rows[0][:width])]
    body = [row[:width] for row in rows[1:]]
    if len(body) > settings.max_rows:
        raise_too_many_rows(name, settings)
    check_header(header, name)
    frame = pd.DataFrame(body, columns=header)
    return _check_frame(frame, name, settings)


def header_name(value: object, index: int) -> str:
    """The name of header cell ``index`` (``columna_N`` when the cell is empty)."""
    if not _has_value(value):
        return f"columna_{index + 1}"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def check_header(header: list[str], name: str) -> None:
    """Refuse duplicated column names, naming them."""
    seen: dict[str, int] = {}
    repeated = []
    for column in header:
        seen[column] = seen.get(column, 0) + 1
        if seen[column] == 2:
            repeated.append(column)
    if repeated:
        listed = ", ".join(f"«{column}»" for column in repeated)
        raise DataError(
            f"La cabecera de «{name}» repite nombres de columna: {listed}. Cada columna debe "
            "tener un nombre distinto."
        )


def _check_frame(frame: pd.DataFrame, name: str, settings: Settings) -> pd.DataFrame:
    check_column_count(frame.shape[1], name)
    if frame.shape[1] == 0:
        raise DataError(f"El archivo «{name}» no tiene columnas.")
    frame.columns = [str(column) for column in frame.columns]
    check_header(list(frame.columns), name)
    if len(frame) > settings.max_rows:
        raise_too_many_rows(name, settings, len(frame))
    if len(frame) == 0:
        raise DataError(f"El archivo «{name}» tiene cabecera pero ninguna fila de datos.")
    return frame.reset_index(drop=True)


def check_column_count(count: int, name: str) -> None:
    """Refuse a table with more than ``MAX_COLUMNS`` columns."""
    if count > MAX_COLUMNS:
        raise DataError(
            f"«{name}» tiene {_thousands(count)} columnas; el máximo admitido es "
            f"{_thousands(MAX_COLUMNS)}. ¿Es el separador correcto?"
        )


def raise_too_many_rows(name: str, settings: Settings, rows: int | None = None) -> None:
    """Raise FileTooLargeError for a table over ``settings.max_rows`` rows."""
    found = f"{_thousands(rows)} filas de datos" if rows else "más filas de las admitidas"
    raise FileTooLargeError(
        f"«{name}» tiene {found}; el límite es {_thousands(settings.max_rows)} filas. "
        "Divídalo en varios archivos."
    )


def _has_value(value: object) -> bool:
    if value is None:
        return False
    if isinstance(value, float) and math.isnan(value):
        return False
    if isinstance(value, str) and not value.strip():
        return False
    return value is not pd.NA and value is not pd.NaT


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


# --------------------------------------------------------------------------- columns


def _normalise_name(name: object) -> str:
    decomposed = unicodedata.normalize("NFKD", str(name))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"[\s_\-.]+", "", plain.casefold())


def _find_column(
    frame: pd.DataFrame,
    aliases: tuple[str, ...],
    explicit: str | None,
    what: str,
    exclude: str | None = None,
) -> str:
    columns = [str(column) for column in frame.columns]
    listed = ", ".join(f"«{column}»" for column in columns) or "(ninguna)"
    if explicit is not None and str(explicit).strip():
        explicit = str(explicit).strip()
        if explicit in columns:
            return explicit
        matches = [c for c in columns if _normalise_name(c) == _normalise_name(explicit)]
        if len(matches) == 1:
            return matches[0]
        raise DataError(
            f"No existe la columna «{explicit}» indicada como {what}. Columnas encontradas: "
            f"{listed}."
        )
    candidates = [c for c in columns if c != exclude]
    for alias in aliases:
        key = _normalise_name(alias)
        matches = [c for c in candidates if _normalise_name(c) == key]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            both = ", ".join(f"«{c}»" for c in matches)
            raise DataError(
                f"Hay varias columnas que podrían ser la {what}: {both}. Indique cuál usar."
            )
    raise DataError(
        f"No se encuentra la {what}. Columnas encontradas: {listed}. Nombres reconocidos: "
        f"{', '.join(aliases)}; o indique la columna explícitamente."
    )


def find_text_column(frame: pd.DataFrame, explicit: str | None = None) -> str:
    """The column holding the texts.

    Args:
        frame: the table as read by :func:`read_table`.
        explicit: a column name chosen by the user; it always wins (exact, or ignoring case,
            accents, spaces and underscores).

    Returns:
        The column name. Matched against :data:`TEXT_ALIASES` ignoring case, accents, spaces and
        underscores; a table with a single column uses that column.

    Raises:
        DataError: the explicit column does not exist, no column matches, or several do.
    """
    if explicit is None and frame.shape[1] == 1:
        return str(frame.columns[0])
    return _find_column(frame, TEXT_ALIASES, explicit, "columna de textos")


def find_label_column(frame: pd.DataFrame, explicit: str | None = None) -> str:
    """The column holding the SDG labels (see :func:`find_text_column` for the matching rules).

    Raises:
        DataError: the explicit column does not exist, no column matches, or several do.
    """
    return _find_column(frame, LABEL_ALIASES, explicit, "columna de etiquetas (ODS)")


# --------------------------------------------------------------------------- labels


def parse_label(value: object) -> int:
    """An SDG number 1–17 from ``3``, ``3.0``, ``"3"``, ``"ODS 3"``, ``"ods3"``, ``"SDG-3"``…, or
    :data:`~odsgr.sdg.OUT_OF_SCOPE` (0) for ``"otro"``: a text about none of the SDGs modelled.

    Raises:
        ValueError: the value is not an SDG number (0, 18, ``"salud"``, empty, NaN, booleans).
    """
    number: int | None = None
    if isinstance(value, str) and " ".join(value.split()).casefold() in OUT_OF_SCOPE_WORDS:
        return OUT_OF_SCOPE
    if isinstance(value, bool) or value is None:
        number = None
    elif isinstance(value, numbers.Integral):
        number = int(value)
    elif isinstance(value, numbers.Real):
        as_float = float(value)
        if math.isfinite(as_float) and as_float.is_integer():
            number = int(as_float)
    elif isinstance(value, str):
        match = _LABEL_PATTERN.match(" ".join(value.split()).casefold())
        if match:
            number = int(match.group(1))
    if number is None or not 1 <= number <= 17:
        raise ValueError(
            f"{_describe_value(value)} no es un ODS válido (número del 1 al 17, u «otro»)"
        )
    return number


def _describe_value(value: object) -> str:
    if not _has_value(value):
        return "(vacío)"
    text = str(value)
    return f"«{text[:40]}…»" if len(text) > 40 else f"«{text}»"


def _row_number(index: object) -> object:
    """Spreadsheet row of a default-indexed data row (index 0 is row 2)."""
    if isinstance(index, numbers.Integral) and not isinstance(index, bool):
        return int(index) + _SPREADSHEET_FIRST_DATA_ROW
    return index


def normalise_labels(values: pd.Series) -> pd.Series:
    """Integer SDG labels for a column of raw labels.

    Args:
        values: raw labels; the index is read as positions in the file (0 = spreadsheet row 2),
            and ``values.name`` is used as the column name in messages.

    Returns:
        An ``int64`` Series with the same index.

    Raises:
        DataError: naming up to 10 offending rows with their values, plus the total count.
    """
    parsed: list[int] = []
    bad: list[tuple[object, object]] = []
    for index, value in values.items():
        try:
            parsed.append(parse_label(value))
        except ValueError:
            bad.append((index, value))
            parsed.append(0)
    if bad:
        column = f"«{values.name}»" if values.name is not None else "de etiquetas"
        shown = "; ".join(
            f"fila {_row_number(i)}: {_describe_value(v)}" for i, v in bad[:MAX_ERROR_EXAMPLES]
        )
        more = f" (y {len(bad) - MAX_ERROR_EXAMPLES} más)" if len(bad) > MAX_ERROR_EXAMPLES else ""
        raise DataError(
            f"La columna {column} tiene {len(bad)} etiqueta(s) que no son un ODS del 1 al 17 "
            f"(se admite 3, «ODS 3», «SDG 3»… u «otro»): {shown}{more}."
        )
    return pd.Series(parsed, index=values.index, name=values.name, dtype="int64")


# --------------------------------------------------------------------------- texts


# Characters that no step of ftfy changes, and pairs of them that its mojibake detector could
# flag: a text made only of the former, without the latter, needs no repair (most Spanish texts;
# ftfy is skipped for them, which makes cleaning about 13x faster).
_PLAIN_TEXT = re.compile(r"[\t\n\r\x20-\x25\x27-\x7eáéíóúüñÁÉÍÓÚÜÑ¿¡]*")
_SUSPECT_PAIR = re.compile(r"[áéíóúüñÁÉÍÓÚÜÑ][ÁÉÍÓÚÜÑ¿¡]")


def _collapse_plain_whitespace(text: str) -> str:
    """``" ".join(text.split())`` for a text whose only whitespace is tab, LF, CR or space.

    Most texts need no change, and telling so is ~30x cheaper than splitting and joining them.
    """
    if (
        "  " in text
        or "\n" in text
        or "\t" in text
        or "\r" in text
        or text.startswith(" ")
        or text.endswith(" ")
    ):
        return " ".join(text.split())
    return text


RAW_CHARS_PER_KEPT_CHAR = 2


def _repair_text(text: object, max_chars: int | None = None) -> tuple[str, bool]:
    """Cleaned text (at most ``max_chars`` characters) and whether mojibake was repaired.

    The raw text is cut before any repair (ftfy takes seconds on megabytes), at twice the limit
    so that collapsed whitespace and dropped control characters rarely shorten the result.
    """
    if not _has_value(text):
        return "", False
    raw = str(text)
    if max_chars is not None:
        raw = raw[: RAW_CHARS_PER_KEPT_CHAR * max_chars]
    raw = _CONTROL_CHARS.sub("", raw)
    if raw.isascii() or (_PLAIN_TEXT.fullmatch(raw) and not _SUSPECT_PAIR.search(raw)):
        return _collapse_plain_whitespace(raw)[:max_chars], False
    explained = ftfy.fix_and_explain(raw)
    repaired = any(
        action in ("encode", "decode", "transcode")
        or (action == "apply" and parameter in _ENCODING_REPAIRS)
        for action, parameter in explained.explanation or ()
    )
    fixed = unicodedata.normalize("NFC", explained.text)
    return " ".join(_CONTROL_CHARS.sub("", fixed).split())[:max_chars], repaired


def clean_text(text: str, max_chars: int | None = None) -> str:
    """Repair mojibake (ftfy), normalise to NFC, drop control characters, collapse whitespace.

    Args:
        text: the raw text.
        max_chars: keep only the first ``max_chars`` characters, cut before any repair.
    """
    return _repair_text(text, max_chars)[0]


def text_key_of(text: object) -> str:
    """The normalised key that identifies a text: NFC, case folded, whitespace collapsed.

    Two texts with the same key are the same text for de-duplication, the validation set and
    the labelled history.
    """
    return " ".join(unicodedata.normalize("NFC", str(text)).casefold().split())


def text_key(texts: pd.Series) -> pd.Series:
    """:func:`text_key_of` of every text of a series (same index)."""
    return pd.Series([text_key_of(t) for t in texts.tolist()], index=texts.index, dtype=object)


def _example(row: object, text: str) -> str:
    shown = text if len(text) <= 80 else text[:79].rstrip() + "…"
    return f"fila {row}: «{shown}»"


def clean_labelled(
    frame: pd.DataFrame, settings: Settings | None = None
) -> tuple[pd.DataFrame, CleaningReport]:
    """Clean a labelled table: texts cleaned, labels parsed, empties/duplicates/conflicts removed.

    Args:
        frame: columns ``text`` and ``label`` (raw or int) plus any provenance columns, in file
            order (position 0 is spreadsheet row 2).
        settings: ``min_text_chars`` decides which texts are flagged as short.

    Returns:
        ``(cleaned, report)``: ``cleaned`` has ``text`` (str), ``label`` (int64) and the extra
        columns, index reset. Duplicates keep their first occurrence; texts that appear with
        different labels are all set aside and listed in ``report.conflicts``.

    Raises:
        DataError: a column is missing, or labels are not SDG numbers (naming the rows).
    """
    settings = settings or Settings()
    missing = [column for column in ("text", "label") if column not in frame.columns]
    if missing:
        raise DataError(
            f"Faltan las columnas {', '.join(missing)}. Columnas recibidas: "
            f"{', '.join(str(c) for c in frame.columns)}."
        )
    label_name = frame.attrs.get("label_column", "label")
    work = frame.reset_index(drop=True).copy()
    rows = [_row_number(i) for i in range(len(work))]
    report = CleaningReport(rows_read=len(work))
    report.dropped = {"empty": 0, "duplicate": 0, "conflict": 0}
    report.flagged = {"short": 0, "repaired_encoding": 0}

    def note(bucket: dict[str, int], reason: str, position: int, text: str) -> None:
        bucket[reason] += 1
        examples = report.examples.setdefault(reason, [])
        if len(examples) < MAX_REPORT_EXAMPLES:
            examples.append(_example(rows[position], text or "(vacío)"))

    max_chars = settings.max_text_chars
    repaired_pairs = [_repair_text(value, max_chars) for value in work["text"].tolist()]
    texts = [text for text, _ in repaired_pairs]
    keep = [True] * len(work)
    for position, text in enumerate(texts):
        if not text:
            keep[position] = False
            note(report.dropped, "empty", position, "")

    kept_positions = [p for p in range(len(work)) if keep[p]]
    raw_labels = work["label"].iloc[kept_positions].rename(label_name)
    labels = normalise_labels(raw_labels) if kept_positions else pd.Series([], dtype="int64")
    label_at = dict(zip(kept_positions, labels.tolist(), strict=True))

    groups: dict[str, list[int]] = {}
    for position in kept_positions:
        groups.setdefault(text_key_of(texts[position]), []).append(position)
    for positions in groups.values():
        distinct = sorted({label_at[p] for p in positions})
        if len(distinct) > 1:
            for position in positions:
                keep[position] = False
                note(report.dropped, "conflict", position, texts[position])
                report.conflicts.append(
                    {
                        "row": rows[position],
                        "text": texts[position],
                        "label": label_at[position],
                        "labels": distinct,
                    }
                )
        else:
            for position in positions[1:]:
                keep[position] = False
                note(report.dropped, "duplicate", position, texts[position])
    report.conflicts.sort(key=lambda conflict: str(conflict["row"]).zfill(12))

    final_positions = [p for p in range(len(work)) if keep[p]]
    for position in final_positions:
        if len(texts[position]) < settings.min_text_chars:
            note(report.flagged, "short", position, texts[position])
        if repaired_pairs[position][1]:
            note(report.flagged, "repaired_encoding", position, texts[position])

    cleaned = work.iloc[final_positions].copy()
    cleaned["text"] = pd.Series([texts[p] for p in final_positions], index=cleaned.index, dtype=str)
    cleaned["label"] = pd.Series(
        [label_at[p] for p in final_positions], index=cleaned.index, dtype="int64"
    )
    extras = [column for column in cleaned.columns if column not in ("text", "label")]
    cleaned = cleaned[["text", "label", *extras]].reset_index(drop=True)
    cleaned.attrs = {}
    report.rows_kept = len(cleaned)
    report.out_of_scope = int((cleaned["label"] == OUT_OF_SCOPE).sum())
    logger.info(
        "cleaned %d rows: kept %d, dropped %s", report.rows_read, report.rows_kept, report.dropped
    )
    return cleaned, report


def _parse_flags(values: pd.Series, column: str) -> pd.Series:
    flags, bad = [], []
    for index, value in values.items():
        if isinstance(value, bool):
            flags.append(value)
            continue
        if not _has_value(value):
            flags.append(False)
            continue
        word = str(value).strip().casefold()
        word = word.removesuffix(".0")
        if word in _TRUE_WORDS:
            flags.append(True)
        elif word in _FALSE_WORDS:
            flags.append(False)
        else:
            flags.append(False)
            bad.append((index, value))
    if bad:
        shown = "; ".join(f"fila {_row_number(i)}: {_describe_value(v)}" for i, v in bad[:10])
        raise DataError(
            f"La columna «{column}» debe ser verdadero/falso (sí/no, 1/0); valores no válidos: "
            f"{shown}."
        )
    return pd.Series(flags, index=values.index, dtype=bool)


def load_labelled(
    path: str | Path,
    *,
    text_column: str | None = None,
    label_column: str | None = None,
    settings: Settings | None = None,
) -> tuple[pd.DataFrame, CleaningReport]:
    """Read a labelled file and clean it (see :func:`read_table` and :func:`clean_labelled`).

    Returns:
        ``(cleaned, report)``: columns ``text``, ``label`` and every other column of the file
        (``synthetic`` converted to bool).

    Raises:
        DataError, FileTooLargeError: unreadable file, missing columns, bad labels.
    """
    settings = settings or Settings()
    frame = read_table(path, settings)
    text_name = find_text_column(frame, text_column)
    if text_column is None and frame.shape[1] == 1:
        raise DataError(
            f"«{Path(path).name}» tiene una sola columna («{text_name}»); para entrenar hacen "
            "falta una columna de textos y otra de etiquetas (ODS)."
        )
    if label_column is None:
        label_name = _find_column(
            frame, LABEL_ALIASES, None, "columna de etiquetas (ODS)", exclude=text_name
        )
    else:
        label_name = find_label_column(frame, label_column)
    if label_name == text_name:
        raise DataError(f"La columna «{text_name}» no puede ser a la vez textos y etiquetas.")
    extras = [c for c in frame.columns if c not in (text_name, label_name)]
    renamed = {c: (f"{c}_original" if c in ("text", "label") else c) for c in extras}
    work = pd.DataFrame({"text": frame[text_name], "label": frame[label_name]})
    for column in extras:
        work[renamed[column]] = frame[column]
    if "synthetic" in work.columns:
        work["synthetic"] = _parse_flags(work["synthetic"], "synthetic")
    work.attrs["label_column"] = label_name
    return clean_labelled(work, settings)


def load_texts(
    path: str | Path, *, text_column: str | None = None, settings: Settings | None = None
) -> tuple[pd.DataFrame, str]:
    """Read a file of texts to classify.

    Returns:
        ``(frame, text_column)``: the file as read (all columns, in order) and the text column.

    Raises:
        DataError, FileTooLargeError: unreadable file, no text column, or no text at all.
    """
    frame = read_table(path, settings)
    column = find_text_column(frame, text_column)
    if not any(_has_value(value) for value in frame[column].tolist()):
        raise DataError(f"La columna «{column}» de «{Path(path).name}» no tiene ningún texto.")
    return frame, column


# --------------------------------------------------------------------------- writing


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A plain signed number ("-3.5", "+573001234567", "1e-3") is never run as a formula: kept as is.
_PLAIN_NUMBER = r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?"
_PLAIN_NUMBER_RE = re.compile(_PLAIN_NUMBER)


def _escape_cell(value: object) -> object:
    if (
        isinstance(value, str)
        and value.startswith(_FORMULA_STARTS)
        and not _PLAIN_NUMBER_RE.fullmatch(value)
    ):
        return "'" + value
    return value


def _holds_only_numbers(dtype: object) -> bool:
    """Whether a column of ``dtype`` can hold nothing but numbers, booleans or dates."""
    return (
        pd.api.types.is_numeric_dtype(dtype)
        or pd.api.types.is_bool_dtype(dtype)
        or pd.api.types.is_datetime64_any_dtype(dtype)
        or pd.api.types.is_timedelta64_dtype(dtype)
    )


def escape_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy where text cells (and headers) starting with ``= + - @``, tab or CR get a ``'``.

    Spreadsheet programs would otherwise run them as formulas (CSV injection). Every column that
    can hold text is checked whatever its dtype (object, string, categorical such as a Parquet
    dictionary column, Arrow); plain numbers such as ``-3.5`` or ``+573001234567`` are kept.
    """
    escaped = frame.copy(deep=False)  # columns are replaced, never changed in place
    for column in escaped.columns:
        series = escaped[column]
        if isinstance(series.dtype, pd.StringDtype):  # vectorised: 20x faster than ``map``
            formula = series.str.startswith(_FORMULA_STARTS) & ~series.str.fullmatch(_PLAIN_NUMBER)
            formula = formula.fillna(False).to_numpy(dtype=bool)
            if formula.any():
                escaped[column] = series.where(~formula, "'" + series)
        elif not _holds_only_numbers(series.dtype):
            escaped[column] = series.astype(object).map(_escape_cell)
    escaped.columns = [_escape_cell(column) for column in escaped.columns]
    return escaped


def write_table(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write ``frame`` to CSV (UTF-8 with BOM, for Excel) or XLSX, escaping formulas, atomically.

    Returns:
        The written path.

    Raises:
        DataError: the extension is neither ``.csv`` nor ``.xlsx``.
    """
    path = Path(path)
    extension = path.suffix.lower()
    if extension not in (".csv", ".xlsx"):
        raise DataError(f"Solo se puede guardar en .csv o .xlsx, no en «{path.name}».")
    safe = escape_formulas(frame)
    with atomic_path(path) as temporary:
        if extension == ".csv":
            safe.to_csv(temporary, index=False, encoding="utf-8-sig")
        else:
            from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

            for column in safe.columns:
                if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
                    safe[column] = safe[column].map(
                        lambda v: ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v
                    )
            safe.to_excel(temporary, index=False, engine="openpyxl")
    return path
