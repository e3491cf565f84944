"""Score a whole file: stream it in chunks, predict them in worker processes, write as they come.

Memory stays bounded by a few chunks whatever the file size (CSV input is read with pandas
``chunksize``; output is appended to a temporary CSV or an openpyxl write-only workbook that
:func:`odsgr.storage.atomic_path` moves into place at the end). Large files are spread over
processes that each load the model once (``ProcessPoolExecutor`` initializer); small ones are
scored in this process.

The output contract is :meth:`odsgr.service.Service.predict_frame`'s: every input column plus
``label``, ``label_name``, ``probability``, ``needs_review``, ``in_scope`` and ``review_reason``,
formula-escaped.
"""

from __future__ import annotations

import codecs
import contextlib
import itertools
import logging
import os
import re
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from odsgr import data, model, storage
from odsgr.config import Settings
from odsgr.errors import DataError
from odsgr.registry import ModelVersion, Registry
from odsgr.sdg import label_name
from odsgr.storage import Progress, no_progress

log = logging.getLogger(__name__)

# Called with the cleaned non-empty texts of a chunk, their labels, top probabilities and flags.
OnScored = Callable[[list[str], np.ndarray, np.ndarray, np.ndarray], None]
# Called with each annotated chunk (input columns + predictions) and the text column's name.
OnAnnotated = Callable[[pd.DataFrame, str], None]
DEFAULT_CHUNK_ROWS = 5_000
# Below this input size one process is faster than starting workers and loading the model in each.
PARALLEL_MIN_BYTES = 3 * 1024 * 1024
CSV_EXTENSIONS = (".csv", ".tsv", ".txt")
OUTPUT_EXTENSIONS = (".csv", ".xlsx")
MAX_HEADER_CHARS = 1 << 20  # a longer first line is not a CSV header


@dataclass(frozen=True)
class BatchOptions:
    """How to classify a file, passed as one value from the CLI, the app and the API through the
    service to :func:`predict_file` (local engine) and :func:`odsgr.distributed.predict_dataset`.

    Attributes:
        text_column: the column of texts; ``None`` detects it.
        language: language of the SDG names written in ``label_name`` (``"es"`` or ``"en"``).
        store_for_review: put the doubtful rows in the review queue (local engine).
        workers: processes (local engine) or workers of a new local dask cluster; ``None``: see
            :func:`predict_file`, every core for dask.
        chunk_rows: rows read, scored and written at a time (local engine).
        enforce_limits: apply the upload limits (``max_file_mb``, ``max_rows``); the CLI turns
            them off because a streamed file never sits whole in memory (local engine).
        scheduler: address of a running dask scheduler; ``None`` starts a local cluster.
        processes: ``False`` runs the local dask workers as threads (tests).

    Raises:
        DataError: ``chunk_rows`` or ``workers`` is less than 1.
    """

    text_column: str | None = None
    language: str = "es"
    store_for_review: bool = False
    workers: int | None = None
    chunk_rows: int = DEFAULT_CHUNK_ROWS
    enforce_limits: bool = True
    scheduler: str | None = None
    processes: bool = True

    def __post_init__(self) -> None:
        if self.chunk_rows < 1:
            raise DataError(
                f"«chunk_rows» debe ser al menos 1 (recibido: {self.chunk_rows}).",
                options=("chunk_rows",),
            )
        if self.workers is not None and self.workers < 1:
            raise DataError(
                f"«workers» debe ser al menos 1 (recibido: {self.workers}).", options=("workers",)
            )


# --------------------------------------------------------------------------- scoring


def clean_for_prediction(value: object, max_chars: int) -> str:
    """``data.clean_text(value, max_chars)`` for strings (cut before repair), else ``""``."""
    return data.clean_text(value, max_chars) if isinstance(value, str) else ""


def score_texts(
    pipeline: object,
    texts: Sequence[object],
    max_chars: int,
    review_threshold: float | None = None,
) -> tuple[model.Scores, list[str]]:
    """Scores and cleaned texts; empty texts get label 0, probability NaN and need review."""
    cleaned = [clean_for_prediction(text, max_chars) for text in texts]
    index = [i for i, text in enumerate(cleaned) if text]
    n = len(cleaned)
    scores = model.Scores(
        labels=np.zeros(n, dtype=int),
        probability=np.full(n, np.nan),
        matrix=np.zeros((n, 0)),
        in_scope=np.ones(n, dtype=bool),
        out_of_scope_probability=np.zeros(n),
        needs_review=np.ones(n, dtype=bool),
        language_warnings=[None] * n,
        review_reasons=[()] * n,
    )
    if index:
        found = model.score(pipeline, [cleaned[i] for i in index], review_threshold)
        for name in ("labels", "probability", "in_scope", "out_of_scope_probability"):
            getattr(scores, name)[index] = getattr(found, name)
        scores.needs_review[index] = found.needs_review
        for position, i in enumerate(index):
            scores.language_warnings[i] = found.language_warnings[position]
            scores.review_reasons[i] = found.review_reasons[position]
    return scores, cleaned


def concat_scores(parts: Sequence[model.Scores]) -> model.Scores:
    """The scores of consecutive chunks as one (probability matrices are not kept)."""
    if not parts:
        return score_texts(None, [], 1)[0]
    return model.Scores(
        labels=np.concatenate([p.labels for p in parts]),
        probability=np.concatenate([p.probability for p in parts]),
        matrix=np.zeros((sum(len(p.labels) for p in parts), 0)),
        in_scope=np.concatenate([p.in_scope for p in parts]),
        out_of_scope_probability=np.concatenate([p.out_of_scope_probability for p in parts]),
        needs_review=np.concatenate([p.needs_review for p in parts]),
        language_warnings=[w for p in parts for w in p.language_warnings],
        review_reasons=[r for p in parts for r in p.review_reasons],
    )


def annotate(frame: pd.DataFrame, scores: model.Scores, language: str) -> pd.DataFrame:
    """``frame`` plus ``label``, ``label_name``, ``probability``, ``needs_review``, ``in_scope``
    and ``review_reason`` (the Spanish reasons for the flag, ``"; "``-joined)."""
    labels, probabilities = scores.labels, scores.probability
    filled = ~np.isnan(probabilities)
    result = frame.copy()
    result["label"] = pd.array(np.where(filled, labels, 0), dtype="Int64")
    result.loc[~filled, "label"] = pd.NA
    names = {int(lab): label_name(int(lab), language) for lab in np.unique(labels[filled])}
    result["label_name"] = [names[int(lab)] if ok else "" for lab, ok in zip(labels, filled)]
    result["probability"] = np.round(probabilities, 6)
    result["needs_review"] = pd.array(scores.needs_review, dtype=bool)
    result["in_scope"] = pd.array(np.where(filled, scores.in_scope, True), dtype=bool)
    result["review_reason"] = ["; ".join(reasons) for reasons in scores.review_reasons]
    return result


_worker_pipeline: object | None = None


def _load_in_worker(settings: Settings, version: ModelVersion) -> None:
    """Process-pool initializer: load (and checksum) the model once per worker."""
    global _worker_pipeline
    _worker_pipeline = Registry(settings).load(version)


def _score_in_worker(
    texts: list[object], max_chars: int, review_threshold: float | None
) -> tuple[model.Scores, list[str]]:
    return score_texts(_worker_pipeline, texts, max_chars, review_threshold)


# --------------------------------------------------------------------------- reading


def _detect_encoding(path: Path) -> str:
    """The encoding ``data.read_table`` would decode this file with, read in 1 MiB blocks."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if head and head.count(0) > len(head) // 4:
        return "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
    for encoding in ("utf-8", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    decoder.decode(block)
            decoder.decode(b"", final=True)
            return encoding
        except UnicodeDecodeError:
            continue
    return "latin-1"


def _first_line(path: Path, encoding: str) -> str:
    """The header line; refuses binary content and a "header" too long to be one."""
    try:
        with path.open("r", encoding=encoding, newline="") as handle:
            line = handle.readline(MAX_HEADER_CHARS + 1)
    except UnicodeDecodeError:
        raise DataError(
            f"«{path.name}» no parece un archivo de texto {encoding.upper()}: tiene bytes no "
            "válidos (contenido binario o codificación equivocada). Guárdelo como CSV UTF-8."
        ) from None
    if "\x00" in line:
        raise DataError(f"«{path.name}» no parece un archivo de texto (tiene contenido binario).")
    if len(line) > MAX_HEADER_CHARS:
        raise DataError(
            f"La primera línea de «{path.name}» supera {MAX_HEADER_CHARS:,} caracteres: no es "
            "una cabecera de CSV. ¿Es el archivo correcto?".replace(",", ".")
        )
    return line.rstrip("\r\n")


def _is_blank(frame: pd.DataFrame) -> np.ndarray:
    """Rows whose every cell is missing or whitespace."""
    blank = np.ones(len(frame), dtype=bool)
    for column in frame.columns:
        values = frame[column]
        blank &= values.isna().to_numpy() | (values.fillna("").str.strip() == "").to_numpy()
    return blank


@dataclass
class _Source:
    """An input table as a header plus an iterator of data chunks (index 0..n-1 per chunk)."""

    columns: list[str]
    chunks: Iterator[pd.DataFrame]
    total_bytes: int
    streamed: bool


def _stream_csv(path: Path, settings: Settings, chunk_rows: int, enforce_limits: bool) -> _Source:
    """Read a CSV as ``data.read_table`` would (encoding, delimiter, header), chunk by chunk."""
    name = path.name
    encoding = _detect_encoding(path)
    first = _first_line(path, encoding)
    if not first.strip() and path.stat().st_size < 4:
        raise DataError(f"El archivo «{name}» está vacío.")
    delimiter = data.sniff_delimiter(first)
    try:
        reader = pd.read_csv(
            path,
            sep=delimiter,
            header=None,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            encoding=encoding,
            chunksize=chunk_rows,
        )
        head = next(reader)
    except (pd.errors.EmptyDataError, StopIteration):
        raise DataError(f"El archivo «{name}» está vacío.") from None
    except (pd.errors.ParserError, ValueError) as error:
        raise DataError(data.csv_error_message(str(error), name)) from None
    data.check_column_count(head.shape[1], name)
    header = [data.header_name(value, i) for i, value in enumerate(head.iloc[0].tolist())]
    data.check_header(header, name)
    max_rows = settings.max_rows if enforce_limits else None

    def chunks() -> Iterator[pd.DataFrame]:
        rows, pending = 0, None
        parts = itertools.chain([head.iloc[1:]], reader)
        while True:
            try:
                chunk = next(parts)
            except StopIteration:
                break
            except (pd.errors.ParserError, ValueError) as error:
                raise DataError(data.csv_error_message(str(error), name)) from None
            chunk = chunk.set_axis(header, axis=1)
            if pending is not None:
                chunk = pd.concat([pending, chunk])
            blank = _is_blank(chunk)
            filled = np.flatnonzero(~blank)
            # Trailing blank rows are dropped (as read_table does): hold them back until a later
            # row shows they are in the middle of the file.
            cut = int(filled[-1]) + 1 if len(filled) else 0
            pending = chunk.iloc[cut:] if cut < len(chunk) else None
            chunk = chunk.iloc[:cut]
            if chunk.empty:
                continue
            rows += len(chunk)
            if max_rows is not None and rows > max_rows:
                data.raise_too_many_rows(name, settings)
            yield chunk.reset_index(drop=True)
        if rows == 0:
            raise DataError(f"El archivo «{name}» tiene cabecera pero ninguna fila de datos.")

    return _Source(header, chunks(), path.stat().st_size, streamed=True)


def open_source(
    path: str | Path, settings: Settings, chunk_rows: int, enforce_limits: bool = True
) -> _Source:
    """The table at ``path``: CSV streamed in chunks, other formats read whole by ``read_table``.

    Raises:
        DataError, FileTooLargeError: as :func:`odsgr.data.read_table`.
    """
    path = Path(path)
    if not path.is_file():
        raise DataError(f"No se encuentra el archivo «{path.name}».")
    size = path.stat().st_size
    if enforce_limits and size > settings.max_file_bytes:
        data.read_table(path, settings)  # raises the size error with its usual message
    with path.open("rb") as handle:
        magic = handle.read(8)
    data.check_is_table(path)
    plain_csv = (
        path.suffix.lower() in CSV_EXTENSIONS
        and size > 0
        and not magic.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"PAR1"))
    )
    if plain_csv:
        return _stream_csv(path, settings, chunk_rows, enforce_limits)
    if not enforce_limits:
        # Accept this file's own size, but keep a finite limit: it also caps how far a workbook
        # may inflate when unzipped (zip bombs), and ``max_file_bytes`` must stay an integer.
        own_mb = max(settings.max_file_mb, size / (1024 * 1024))
        settings = replace(settings, max_file_mb=own_mb, max_rows=2**62)
    frame = data.read_table(path, settings)
    chunks = (
        frame.iloc[start : start + chunk_rows].reset_index(drop=True)
        for start in range(0, len(frame), chunk_rows)
    )
    return _Source([str(c) for c in frame.columns], chunks, size, streamed=False)


# --------------------------------------------------------------------------- writing


@contextlib.contextmanager
def table_writer(path: str | Path) -> Iterator[TableWriter]:
    """A :class:`TableWriter` whose CSV or XLSX file appears at ``path`` only when the block
    ends without error (through :func:`odsgr.storage.atomic_path`); on error nothing is left.

    Raises:
        DataError: the extension is neither ``.csv`` nor ``.xlsx``.
    """
    path = Path(path)
    if path.suffix.lower() not in OUTPUT_EXTENSIONS:
        raise DataError(f"Solo se puede guardar en .csv o .xlsx, no en «{path.name}».")
    with storage.atomic_path(path) as temporary:
        writer = TableWriter(temporary)
        try:
            yield writer
        except BaseException:
            writer.close(save=False)
            raise
        writer.close()


class TableWriter:
    """Append frames to a CSV or XLSX file (by extension), formula-escaped
    (``data.escape_formulas``); open one with :func:`table_writer`, which writes atomically."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.extension = path.suffix.lower()
        self.rows = 0
        self._header_written = False
        if self.extension == ".csv":
            self._csv = open(path, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115
        else:
            import openpyxl

            self._workbook = openpyxl.Workbook(write_only=True)
            self._sheet = self._workbook.create_sheet()

    def append(self, frame: pd.DataFrame) -> None:
        """Write ``frame``'s rows (and, the first time, its header)."""
        safe = data.escape_formulas(frame)
        if self.extension == ".csv":
            safe.to_csv(self._csv, index=False, header=not self._header_written)
        else:
            from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

            if not self._header_written:
                self._sheet.append([str(column) for column in safe.columns])
            columns = [safe[column].astype(object).tolist() for column in safe.columns]
            for row in zip(*columns):
                self._sheet.append([_xlsx_value(value, ILLEGAL_CHARACTERS_RE) for value in row])
        self._header_written = True
        self.rows += len(frame)

    def close(self, save: bool = True) -> None:
        """Finish the file (with ``save=False`` a workbook is not even written)."""
        if self.extension == ".csv":
            self._csv.close()
        elif save:
            self._workbook.save(self.path)


def _xlsx_value(value: object, illegal: re.Pattern) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, str):
        return illegal.sub("", value)
    if isinstance(value, np.generic):
        return value.item()
    return value


# --------------------------------------------------------------------------- the use case


def predict_file(
    settings: Settings,
    version: ModelVersion,
    pipeline: object,
    input_path: str | Path,
    output_path: str | Path,
    options: BatchOptions | None = None,
    progress: Progress = no_progress,
    *,
    on_scored: OnScored | None = None,
    on_annotated: OnAnnotated | None = None,
    also_write: Sequence[str | Path] = (),
) -> Path:
    """Predict every row of a CSV/XLSX/JSON/Parquet file into a CSV or XLSX file.

    Args:
        settings: limits, review threshold and text length cap.
        version: the model version (workers load it themselves, checksum verified).
        pipeline: the same version already loaded, used when scoring in this process.
        options: text column, language, ``workers`` (default: every core for files of
            :data:`PARALLEL_MIN_BYTES` or more read by a single-threaded process, else one; 1
            scores in this process), ``chunk_rows`` and ``enforce_limits`` (see
            :class:`BatchOptions`; ``store_for_review`` is the caller's, through ``on_scored``).
        on_scored: told about every scored chunk (drift statistics, review queue).
        on_annotated: told about every annotated chunk (summaries, a preview of the first rows).
        also_write: further CSV/XLSX paths written with the same rows in the same pass.

    Returns:
        The written path (created atomically: on any error nothing is left at ``output_path``).

    Raises:
        DataError, FileTooLargeError: unreadable input, no text column or no text at all, bad
            output extension.
    """
    options = options or BatchOptions()
    output_path = Path(output_path)
    for path in (output_path, *map(Path, also_write)):
        if path.suffix.lower() not in OUTPUT_EXTENSIONS:
            raise DataError(f"Solo se puede guardar en .csv o .xlsx, no en «{path.name}».")
    source = open_source(input_path, settings, options.chunk_rows, options.enforce_limits)
    column = data.find_text_column(pd.DataFrame(columns=source.columns), options.text_column)
    workers = options.workers
    if workers is None:
        # Forking a multi-threaded process (the app's server) is unsafe, and a server shares its
        # cores between requests: only a single-threaded caller (the CLI) spreads over processes.
        large = source.total_bytes >= PARALLEL_MIN_BYTES
        single_threaded = threading.active_count() == 1
        workers = (os.cpu_count() or 1) if large and single_threaded else 1
    workers = max(1, workers)
    with contextlib.ExitStack() as outputs:
        writers = [outputs.enter_context(table_writer(p)) for p in (output_path, *also_write)]
        writer = writers[0]
        scored = _scored_chunks(settings, version, pipeline, source, column, workers)
        any_text, done_bytes = False, 0
        for chunk, scores, cleaned in scored:
            filled = np.flatnonzero(np.isfinite(scores.probability))
            any_text = any_text or len(filled) > 0
            if on_scored is not None and len(filled):
                on_scored(
                    [cleaned[i] for i in filled],
                    scores.labels[filled],
                    scores.probability[filled],
                    scores.needs_review[filled],
                )
            annotated = annotate(chunk, scores, options.language)
            if on_annotated is not None:
                on_annotated(annotated, column)
            for each in writers:
                each.append(annotated)
            done_bytes += chunk[column].str.len().sum() if source.streamed else 0
            fraction = done_bytes / source.total_bytes if source.streamed else 0.5
            progress(min(0.99, fraction), f"Clasificando… {writer.rows:,} filas")
        if not any_text:
            raise DataError(
                f"La columna «{column}» de «{Path(input_path).name}» no tiene ningún texto."
            )
    progress(1.0, f"Listo: {writer.rows:,} filas.")
    return output_path


def _scored_chunks(
    settings: Settings,
    version: ModelVersion,
    pipeline: object,
    source: _Source,
    column: str,
    workers: int,
) -> Iterator[tuple[pd.DataFrame, model.Scores, list[str]]]:
    """(chunk, scores, cleaned texts) in file order, from ``workers`` processes."""
    max_chars, threshold = settings.max_text_chars, settings.review_threshold
    if workers == 1:
        for chunk in source.chunks:
            yield (chunk, *score_texts(pipeline, chunk[column].tolist(), max_chars, threshold))
        return
    log.info("Scoring with %d worker processes", workers)
    with ProcessPoolExecutor(
        max_workers=workers, initializer=_load_in_worker, initargs=(settings, version)
    ) as pool:
        # At most two chunks per worker in flight: enough to keep them busy, bounded in memory.
        in_flight: deque[tuple[pd.DataFrame, Future]] = deque()
        for chunk in source.chunks:
            in_flight.append(
                (
                    chunk,
                    pool.submit(_score_in_worker, chunk[column].tolist(), max_chars, threshold),
                )
            )
            if len(in_flight) >= 2 * workers:
                done, future = in_flight.popleft()
                yield (done, *future.result())
        while in_flight:
            done, future = in_flight.popleft()
            yield (done, *future.result())
