"""The prediction stage: one text, a list, a frame, a file (streamed) or a partitioned dataset.

:class:`Predictor` keeps the current model loaded (reloaded only when the registry's pointer
moves), feeds every scored text to the drift statistics and, when asked, queues doubtful
predictions for review. :meth:`Predictor.classify_file` is the one file-classification path
(UI, ``/predict_file`` and the CLI), streamed through :func:`odsgr.batch.predict_file`.
"""

from __future__ import annotations

import dataclasses
import functools
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

import numpy as np
import pandas as pd
from sklearn.pipeline import Pipeline

from odsgr import batch, data, drift, model, review
from odsgr.config import Settings
from odsgr.errors import DataError
from odsgr.registry import ModelVersion, Registry
from odsgr.results import Prediction
from odsgr.sdg import label_name
from odsgr.storage import Progress, no_progress

BATCH_CHUNK_ROWS = 5_000


@dataclass
class FileSummary:
    """What :meth:`Predictor.classify_file` wrote and counted."""

    paths: list[Path] = field(default_factory=list)
    text_column: str = ""
    rows: int = 0
    classified: int = 0
    needs_review: int = 0
    queued_for_review: int = 0
    distribution: dict[int, int] = field(default_factory=dict)
    head: pd.DataFrame | None = None
    model_version: str = ""

    def add(self, annotated: pd.DataFrame, text_column: str, head_rows: int = 0) -> None:
        """Count one annotated chunk; keep its rows while fewer than ``head_rows`` are kept."""
        self.text_column = text_column
        self.rows += len(annotated)
        labelled = annotated["label"].dropna().astype(int)
        self.classified += len(labelled)
        self.needs_review += int(annotated["needs_review"].sum())
        for label, count in labelled.value_counts().items():
            self.distribution[int(label)] = self.distribution.get(int(label), 0) + int(count)
        kept = 0 if self.head is None else len(self.head)
        if kept < head_rows:
            more = annotated.head(head_rows - kept)
            self.head = more if self.head is None else pd.concat([self.head, more])
            self.head = self.head.reset_index(drop=True)


P = ParamSpec("P")
R = TypeVar("R")


def _one_drift_call(
    method: Callable[Concatenate[Predictor, P], R],
) -> Callable[Concatenate[Predictor, P], R]:
    """Count the predictions of one call of ``method`` as one batch for drift's spread rule."""

    @functools.wraps(method)
    def wrapper(self: Predictor, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with self.drift.one_call():
            return method(self, *args, **kwargs)

    return wrapper


class Predictor:
    """Classifies texts with the current model of one home."""

    def __init__(
        self,
        settings: Settings,
        registry: Registry,
        drift_recorder: drift.DriftRecorder,
        review_writer: review.ReviewWriter,
    ) -> None:
        self.settings = settings
        self.registry = registry
        self.drift = drift_recorder
        self.review_writer = review_writer
        self._loaded: tuple[str, Pipeline] | None = None
        self._load_lock = threading.Lock()

    def current_model(self) -> tuple[ModelVersion, Pipeline]:
        """The current version and its loaded pipeline (reloaded only when the pointer moves)."""
        version = self.registry.current()
        loaded = self._loaded
        if loaded is None or loaded[0] != version.version:
            with self._load_lock:
                loaded = self._loaded
                if loaded is None or loaded[0] != version.version:
                    loaded = (version.version, self.registry.load(version))
                    self._loaded = loaded
        return version, loaded[1]

    def _prepare_text(self, text: object) -> tuple[str, list[str]]:
        if text is None or not isinstance(text, str):
            raise DataError("El texto debe ser una cadena de caracteres.")
        cleaned = data.clean_text(text, self.settings.max_text_chars)
        if not cleaned:
            raise DataError("El texto está vacío: escriba o pegue un texto para clasificar.")
        warnings = []
        if len(text) > self.settings.max_text_chars:
            warnings.append(
                f"El texto supera {self.settings.max_text_chars} caracteres; "
                "se clasificó solo el comienzo."
            )
        if len(cleaned) < self.settings.min_text_chars:
            warnings.append("El texto es muy corto; la predicción es poco fiable.")
        return cleaned, warnings

    def predict(
        self,
        text: object,
        language: str = "es",
        explain: bool = True,
        store_for_review: bool = False,
        origin: str = "classify",
    ) -> Prediction:
        """Classify one text: label, name, probability of every class, review flag, explanation.

        ``in_scope`` is false when the text seems to be about an SDG the model does not know;
        ``review_reasons`` say (in Spanish) why ``needs_review`` is set; a text that is not
        Spanish, or not language, gets a warning. With ``store_for_review`` a prediction that
        needs review joins the review queue (``queued_for_review`` says whether it did);
        ``origin`` tags it (classify, batch, api).

        Raises:
            DataError: the text is empty or not a string.
            ModelNotFoundError: no model has been trained yet.
        """
        cleaned, warnings = self._prepare_text(text)
        version, pipeline = self.current_model()
        prediction = model.predict(pipeline, [cleaned], self.settings.review_threshold)[0]
        self.drift.record(
            version.version, pipeline, [cleaned], [prediction.label], [prediction.probability]
        )
        queued = store_for_review and prediction.needs_review
        if queued:
            queued = self.review_writer.submit([cleaned], [prediction], version.version, origin)
        explanation = None
        if explain:
            explained = model.explain(pipeline, cleaned, prediction.label)
            terms = [(term, round(weight, 4)) for term, weight in explained.terms]
            explanation = dataclasses.replace(explained, terms=terms)
        return _typed(
            prediction,
            label_name(prediction.label, language),
            version.version,
            warnings,
            bool(queued),
            explanation,
        )

    @_one_drift_call
    def predict_many(
        self, texts: Sequence[object], language: str = "es", store_for_review: bool = False
    ) -> list[Prediction]:
        """Classify a list of texts (no explanations); refuses lists above the batch cap."""
        if not isinstance(texts, (list, tuple)):
            raise DataError("Se esperaba una lista de textos.")
        if len(texts) > self.settings.max_batch_texts:
            raise DataError(
                f"Demasiados textos en una llamada ({len(texts)}); el máximo es "
                f"{self.settings.max_batch_texts}. Divídalos o use un archivo."
            )
        characters = sum(len(text) for text in texts if isinstance(text, str))
        if characters > self.settings.max_request_chars:
            raise DataError(
                f"Demasiado texto en una llamada ({characters} caracteres); el máximo es "
                f"{self.settings.max_request_chars} (ODSGR_MAX_REQUEST_CHARS). Divídalos o use "
                "un archivo."
            )
        prepared = []
        for position, text in enumerate(texts, start=1):
            try:
                prepared.append(self._prepare_text(text))
            except DataError as error:
                raise DataError(f"Texto {position} de la lista: {error}") from None
        if not prepared:
            return []
        version, pipeline = self.current_model()
        results: list[Prediction] = []
        for start in range(0, len(prepared), BATCH_CHUNK_ROWS):
            chunk = prepared[start : start + BATCH_CHUNK_ROWS]
            cleaned = [text for text, _ in chunk]
            predictions = model.predict(pipeline, cleaned, self.settings.review_threshold)
            labels = np.array([p.label for p in predictions])
            top = np.array([p.probability for p in predictions])
            self._record_scored(
                version.version,
                pipeline,
                cleaned,
                labels,
                top,
                store_for_review,
                "api",
                np.array([p.needs_review for p in predictions], dtype=bool),
                predictions,
            )
            names = {label: label_name(int(label), language) for label in set(labels.tolist())}
            results.extend(
                _typed(
                    prediction,
                    names[prediction.label],
                    version.version,
                    warnings,
                    store_for_review and prediction.needs_review,
                )
                for prediction, (_, warnings) in zip(predictions, chunk)
            )
        return results

    @_one_drift_call
    def predict_frame(
        self,
        frame: pd.DataFrame,
        text_column: str,
        language: str = "es",
        progress: Progress = no_progress,
        store_for_review: bool = False,
        origin: str = "batch",
    ) -> pd.DataFrame:
        """Append the prediction columns of :func:`odsgr.batch.annotate` to ``frame``.

        Empty texts get no label (the other columns are kept as they are). With
        ``store_for_review`` the rows that need review join the review queue; their number is in
        ``result.attrs["queued_for_review"]``.
        """
        if text_column not in frame.columns:
            raise DataError(
                f"La columna de texto {text_column!r} no existe. Columnas: {list(frame.columns)}"
            )
        version, pipeline = self.current_model()
        values = frame[text_column].tolist()
        parts, queued = [], 0
        for start in range(0, len(values), BATCH_CHUNK_ROWS):
            stop = min(start + BATCH_CHUNK_ROWS, len(values))
            scores, texts = batch.score_texts(
                pipeline,
                values[start:stop],
                self.settings.max_text_chars,
                self.settings.review_threshold,
            )
            parts.append(scores)
            filled = np.flatnonzero(np.isfinite(scores.probability))
            queued += self._record_scored(
                version.version,
                pipeline,
                [texts[i] for i in filled],
                scores.labels[filled],
                scores.probability[filled],
                store_for_review,
                origin,
                scores.needs_review[filled],
            )
            progress(stop / len(values), "Clasificando…")
        result = batch.annotate(frame, batch.concat_scores(parts), language)
        result.attrs["queued_for_review"] = queued
        return result

    def _record_scored(
        self,
        version: str,
        pipeline: Pipeline,
        texts: list[str],
        labels: np.ndarray,
        probabilities: np.ndarray,
        store_for_review: bool,
        origin: str,
        needs_review: np.ndarray,
        predictions: Sequence[model.Prediction] | None = None,
    ) -> int:
        """Feed scored (non-empty) texts to the drift statistics and, when asked, queue the
        doubtful ones for review (``predictions``, when given, spare scoring them again);
        returns how many were queued."""
        self.drift.record(version, pipeline, texts, labels, probabilities)
        uncertain = np.flatnonzero(needs_review)
        if not (store_for_review and len(uncertain)):
            return 0
        uncertain_texts = [texts[i] for i in uncertain]
        if predictions is None:
            predictions = model.predict(pipeline, uncertain_texts, self.settings.review_threshold)
        else:
            predictions = [predictions[int(i)] for i in uncertain]
        queued = self.review_writer.submit(uncertain_texts, predictions, version, origin)
        return len(uncertain) if queued else 0

    @_one_drift_call
    def predict_file(
        self,
        input_path: str | Path,
        output_path: str | Path,
        options: batch.BatchOptions | None = None,
        progress: Progress = no_progress,
    ) -> Path:
        """Read a CSV/XLSX/JSON/Parquet file, predict every row, write CSV or XLSX by extension.

        Streamed in chunks of ``options.chunk_rows`` and spread over ``options.workers``
        processes for large files (see :func:`odsgr.batch.predict_file`); the output is what
        :meth:`predict_frame` gives, and drift statistics and the review queue are fed the same
        way.
        """
        return self.classify_file(input_path, [output_path], options, progress).paths[0]

    def classify_file(
        self,
        input_path: str | Path,
        output_paths: Sequence[str | Path],
        options: batch.BatchOptions | None = None,
        progress: Progress = no_progress,
        *,
        head_rows: int = 0,
    ) -> FileSummary:
        """:meth:`predict_file` into one or more CSV/XLSX files in one streamed pass, with a
        summary (counts, SDG distribution, the first ``head_rows`` annotated rows) gathered on
        the way, so memory stays bounded by a few chunks whatever the file size."""
        options = options or batch.BatchOptions()
        version, pipeline = self.current_model()
        summary = FileSummary()

        def on_scored(
            texts: list[str],
            labels: np.ndarray,
            probabilities: np.ndarray,
            needs_review: np.ndarray,
        ) -> None:
            summary.queued_for_review += self._record_scored(
                version.version,
                pipeline,
                texts,
                labels,
                probabilities,
                options.store_for_review,
                "batch",
                needs_review,
            )

        first, *others = output_paths
        written = batch.predict_file(
            self.settings,
            version,
            pipeline,
            input_path,
            first,
            options,
            progress,
            on_scored=on_scored,
            on_annotated=functools.partial(summary.add, head_rows=head_rows),
            also_write=others,
        )
        summary.paths = [written, *map(Path, others)]
        summary.model_version = version.version
        return summary

    def predict_dataset(
        self,
        input_location: str | Path,
        output_path: str | Path,
        options: batch.BatchOptions | None = None,
        progress: Progress = no_progress,
    ) -> Path:
        """Score a partitioned CSV/Parquet dataset with dask (see :mod:`odsgr.distributed`)."""
        from odsgr import distributed  # dask is only imported by those who use it

        return distributed.predict_dataset(
            self.settings,
            self.registry.current(),
            input_location,
            output_path,
            options,
            progress,
        )


def _typed(
    prediction: model.Prediction,
    name: str,
    version: str,
    warnings: list[str],
    queued: bool,
    explanation: model.Explanation | None = None,
) -> Prediction:
    """The result of one prediction: rounded probabilities, the text's warnings then the
    model's language warning."""
    language = [prediction.language_warning] if prediction.language_warning else []
    return Prediction(
        label=prediction.label,
        label_name=name,
        probability=round(prediction.probability, 6),
        probabilities={str(k): round(v, 6) for k, v in prediction.probabilities.items()},
        needs_review=prediction.needs_review,
        in_scope=prediction.in_scope,
        out_of_scope_probability=round(prediction.out_of_scope_probability, 6),
        review_reasons=tuple(prediction.review_reasons),
        model_version=version,
        warnings=tuple(warnings + language),
        queued_for_review=queued,
        explanation=explanation,
    )
