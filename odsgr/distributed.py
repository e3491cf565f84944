"""The dask engine: score a partitioned CSV/Parquet dataset on a dask cluster.

The saved pipeline is read once here, checked against its recorded SHA-256 and scattered to every
worker (``client.scatter(..., broadcast=True)``); each worker checks the digest again and keeps the
unpickled pipeline for the following partitions. Workers therefore need the same Python
environment (odsgr and the scikit-learn release the model was saved with), but no access to the
model folder. Scored partitions come back to this process and are written in input order, either
as one CSV/XLSX file (the local engine's writer) or as a folder of Parquet parts.
"""

from __future__ import annotations

import glob
import hashlib
import io
import logging
import os
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from odsgr import batch, data, storage
from odsgr.config import Settings
from odsgr.errors import DataError, ModelIntegrityError
from odsgr.registry import ModelVersion, sha256_file
from odsgr.storage import Progress, no_progress

log = logging.getLogger(__name__)

DATASET_EXTENSIONS = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".parquet": "parquet"}
DEFAULT_BLOCKSIZE = "16MB"
# Partitions scored ahead of the writer, per worker: keeps workers busy with bounded memory.
IN_FLIGHT_PER_WORKER = 2

_pipelines: dict[str, object] = {}


# --------------------------------------------------------------------------- worker side


def _pipeline_from_bytes(model_bytes: bytes, sha256: str, sklearn_version: str) -> object:
    """Unpickle the broadcast model once per worker process, after checking digest and release."""
    if sha256 not in _pipelines:
        import joblib
        import sklearn

        if hashlib.sha256(model_bytes).hexdigest() != sha256:
            raise ModelIntegrityError("El modelo recibido por el trabajador dask está dañado.")
        if sklearn.__version__ != sklearn_version:
            raise ModelIntegrityError(
                f"Un trabajador dask tiene scikit-learn {sklearn.__version__} y el modelo se "
                f"guardó con {sklearn_version}; instale la misma versión en el clúster."
            )
        _pipelines[sha256] = joblib.load(io.BytesIO(model_bytes))
    return _pipelines[sha256]


def score_partition(
    frame: pd.DataFrame,
    model_bytes: bytes,
    sha256: str,
    sklearn_version: str,
    text_column: str,
    language: str,
    review_threshold: float | None,
    max_chars: int,
) -> pd.DataFrame:
    """One partition plus the prediction columns of :func:`odsgr.batch.annotate`."""
    pipeline = _pipeline_from_bytes(model_bytes, sha256, sklearn_version)
    frame = frame.reset_index(drop=True)
    scores, _ = batch.score_texts(
        pipeline, frame[text_column].tolist(), max_chars, review_threshold
    )
    return batch.annotate(frame, scores, language)


# --------------------------------------------------------------------------- client side


def dataset_paths(location: str | Path) -> tuple[list[str], str]:
    """The files of a dataset (a file, a glob or a folder of parts) and their format.

    Raises:
        DataError: nothing matches, or the parts mix or use unsupported formats.
    """
    location = str(location)
    if "://" in location:  # remote storage (s3://, gs://…): handed to dask/fsspec as it is
        paths = [location]
    elif Path(location).is_dir():
        paths = sorted(
            str(p)
            for p in Path(location).iterdir()
            if p.is_file() and not p.name.startswith((".", "_"))
        )
    else:
        paths = sorted(glob.glob(location)) if glob.has_magic(location) else [location]
        if paths == [location] and not Path(location).is_file():
            raise DataError(f"No se encuentra el archivo «{Path(location).name}».")
    if not paths:
        raise DataError(f"No hay archivos de datos en «{location}».")
    formats = {DATASET_EXTENSIONS.get(Path(p.split("?")[0]).suffix.lower()) for p in paths}
    engine = formats.pop() if len(formats) == 1 else None
    if engine is None:
        raise DataError(
            f"El motor dask lee CSV o Parquet (un solo formato por conjunto); en «{location}» "
            f"hay: {', '.join(sorted({Path(p).suffix or '(sin extensión)' for p in paths}))}."
        )
    return paths, engine


def read_dataset(paths: list[str], file_format: str, blocksize: str | None = DEFAULT_BLOCKSIZE):
    """A dask DataFrame of every part, all columns read as text (CSV as ``read_table`` reads it)."""
    import dask.dataframe as dd

    if file_format == "parquet":
        return dd.read_parquet(paths)
    first = paths[0]
    delimiter = ","
    if "://" not in first:
        with open(first, encoding="utf-8-sig", errors="replace", newline="") as handle:
            delimiter = data.sniff_delimiter(handle.readline().rstrip("\r\n"))
    return dd.read_csv(
        paths,
        sep=delimiter,
        dtype=str,
        keep_default_na=False,
        skip_blank_lines=False,
        encoding="utf-8-sig",
        blocksize=blocksize,
    )


@contextmanager
def connect(scheduler: str | None, workers: int | None, processes: bool = True) -> Iterator:
    """A dask ``Client``: on ``scheduler`` (``tcp://host:8786``) or on a new local cluster."""
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=workers or os.cpu_count() or 1,
            threads_per_worker=1,
            processes=processes,
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def predict_dataset(
    settings: Settings,
    version: ModelVersion,
    input_location: str | Path,
    output_path: str | Path,
    options: batch.BatchOptions | None = None,
    progress: Progress = no_progress,
    *,
    blocksize: str | None = DEFAULT_BLOCKSIZE,
) -> Path:
    """Score every row of a CSV/Parquet dataset with dask.

    Args:
        settings: review threshold and text length cap.
        version: the model version to broadcast (its file is checked against its SHA-256).
        input_location: a file, a glob (``parts/*.csv``) or a folder of parts.
        output_path: ``.csv``/``.xlsx`` for one file, anything else for a folder of Parquet parts
            (``part-00000.parquet``…, one per input partition).
        options: text column, language, ``scheduler`` (``None`` starts a local cluster),
            ``workers`` of the local cluster (default: every core) and ``processes`` (see
            :class:`odsgr.batch.BatchOptions`; the local engine's options are not used).
        blocksize: CSV bytes per partition; ``None`` makes one partition per file.

    Returns:
        The written file or folder (renamed into place only when complete).

    Raises:
        DataError: no such dataset, mixed formats, no text column.
        ModelIntegrityError: the model file or a worker's scikit-learn does not match.
    """
    options = options or batch.BatchOptions()
    paths, file_format = dataset_paths(input_location)
    with _dataset_errors(input_location):
        frame = read_dataset(paths, file_format, blocksize)
    column = data.find_text_column(
        pd.DataFrame(columns=[str(c) for c in frame.columns]), options.text_column
    )
    model_bytes = version.model_path.read_bytes()
    sha256 = version.metadata.get("model_sha256", "")
    if (
        hashlib.sha256(model_bytes).hexdigest() != sha256
        or sha256_file(version.model_path) != sha256
    ):
        raise ModelIntegrityError(
            f"El archivo del modelo {version.version} no coincide con su suma SHA-256 registrada."
        )
    sklearn_version = version.metadata.get("sklearn_version", "")
    output_path = Path(output_path)
    single_file = output_path.suffix.lower() in batch.OUTPUT_EXTENSIONS
    with connect(options.scheduler, options.workers, options.processes) as client:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})))
        model = client.scatter(model_bytes, broadcast=True, hash=False)
        partitions = frame.to_delayed()
        log.info("Scoring %d partitions on %d dask workers", len(partitions), n_workers)

        def submit(part: object):
            return client.submit(
                score_partition,
                client.compute(part),
                model,
                sha256,
                sklearn_version,
                column,
                options.language,
                settings.review_threshold,
                settings.max_text_chars,
                pure=False,
            )

        def scored() -> Iterator[pd.DataFrame]:
            ahead = IN_FLIGHT_PER_WORKER * n_workers
            pending: deque = deque(submit(p) for p in partitions[:ahead])
            for done, part in enumerate(partitions[ahead:] + [None] * len(pending)):
                result = pending.popleft().result()
                if part is not None:
                    pending.append(submit(part))
                progress((done + 1) / len(partitions), f"Partición {done + 1}/{len(partitions)}")
                yield result

        with _dataset_errors(input_location):
            if single_file:
                return _write_file(scored(), output_path)
            return _write_parts(scored(), output_path)


@contextmanager
def _dataset_errors(location: str | Path) -> Iterator[None]:
    """Turn the reading errors dask raises (here or from a worker) into DataError."""
    try:
        yield
    except UnicodeDecodeError:
        raise DataError(
            "El motor dask lee CSV en UTF-8; vuelva a guardar el conjunto como CSV UTF-8 o Parquet."
        ) from None
    except pd.errors.ParserError as error:
        raise DataError(data.csv_error_message(str(error), str(location))) from None


def _write_file(parts: Iterator[pd.DataFrame], path: Path) -> Path:
    with batch.table_writer(path) as writer:
        for part in parts:
            writer.append(part)
    return path


def _write_parts(parts: Iterator[pd.DataFrame], folder: Path) -> Path:
    if folder.exists():
        raise DataError(f"La carpeta de salida «{folder}» ya existe; elija otra.")
    with storage.atomic_dir(folder) as staging:
        for number, part in enumerate(parts):
            data.escape_formulas(part).to_parquet(
                staging / f"part-{number:05d}.parquet", index=False
            )
    return folder
