"""The use cases of odsgr — predict, train, retrain, promote, evaluate, list — shared by the UI,
the API and the CLI. Nothing here knows about Gradio or argparse.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

from odsgr import batch, data, drift, evaluate, incremental, model, review
from odsgr.config import HUB_PREFIX, Settings
from odsgr.errors import DataError, ModelNotFoundError, RetrainInProgressError
from odsgr.registry import ModelVersion, Registry, fingerprint_frame
from odsgr.sdg import label_name
from odsgr.storage import Progress, no_progress

if TYPE_CHECKING:
    from odsgr.hub.client import HubClient

log = logging.getLogger(__name__)

BATCH_CHUNK_ROWS = 5_000
STRATEGIES = ("batch", "incremental", "window")
STARTUP_CLEAN_AGE_S = 2.0
MAX_LISTED_RELABELS = 200
# Version metadata on calibration, scope and the «revisar» threshold, shown with the metrics.
RELIABILITY_KEYS = ("calibration", "risk_coverage", "review_threshold", "review_budget", "scope")
RETRAIN_SWITCH_INTERVAL_S = 0.0005


@dataclass
class FileSummary:
    """What :meth:`Service.classify_file` wrote and counted."""

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


def _one_drift_call(method: Callable) -> Callable:
    """Count the predictions of one call of ``method`` as one batch for drift's spread rule."""

    @functools.wraps(method)
    def wrapper(self: Service, *args, **kwargs):
        with self.drift.one_call():
            return method(self, *args, **kwargs)

    return wrapper


class Service:
    """odsgr for one home directory: keeps the current model loaded and swaps it atomically."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings.from_env()
        self.registry = Registry(self.settings)
        self._loaded: tuple[str, object] | None = None
        self._load_lock = threading.Lock()
        self.drift = drift.DriftRecorder(self.settings)
        self.review_writer = review.ReviewWriter(self.settings)
        self._recover_interrupted()

    def _recover_interrupted(self) -> None:
        """Undo what a crash left half-done, unless a retrain (maybe another process's) runs.

        Repairs an unreadable ``current.json``; commits the pending rows of versions that were
        made current (killed before the commit ended; the commit is idempotent); discards
        interrupted trainings, candidates that lost their rows and candidates older than
        ``settings.candidate_ttl_h``; folds a history holding repeated texts.
        """
        if not self.settings.models_dir.is_dir():
            return
        try:
            with self.registry.retrain_lock(wait_s=0.0):
                self.registry.clean_incomplete(older_than_s=STARTUP_CLEAN_AGE_S)
                if not self.registry.pointer_is_valid():
                    fallback = self.registry.fallback_current()
                    if fallback:
                        self.registry.set_current(fallback, action="repair", actor="start-up")
                self._settle_candidates()
                self.registry.repair_history()
        except RetrainInProgressError:
            log.info("A retrain is running; the start-up clean-up is left to it")
        except OSError as error:
            log.warning("Start-up clean-up skipped: %s", error)

    def _settle_candidates(self) -> None:
        """Commit or discard what versions left in ``data/pending`` (under the retrain lock)."""
        registry = self.registry
        current = registry.current_version()
        pending = set(registry.pending_versions())
        ttl_s = self.settings.candidate_ttl_h * 3600
        for chosen in registry.list_versions():
            version, meta = chosen.version, chosen.metadata
            status = registry.status_of(version)
            has_rows = version in pending
            if has_rows and (version == current or registry.was_current(version)):
                registry.commit_pending(version)
            elif status == "discarded":
                if has_rows:
                    registry.discard_pending(version, actor="start-up", log_event=False)
            elif status not in ("candidate", "rejected") or meta.get("hub"):
                continue  # imported from the Hub: its rows were committed where it was trained
            elif has_rows and not meta.get("gate"):
                log.warning("Discarding %s: its training was interrupted", version)
                registry.discard_pending(version, actor="start-up")
            elif not has_rows and meta.get("pending_rows"):
                log.warning("Discarding %s: its new rows were lost in a crash", version)
                registry.discard_pending(version, actor="start-up")
            elif _age_s(meta.get("created_at")) > ttl_s:
                log.info("Discarding %s: candidate older than %g h", version, ttl_s / 3600)
                registry.discard_pending(version, actor="ttl")

    def _mirror_on_hub(self, version: str) -> str:
        """Mirror a promotion/rollback on the Hub when one is configured (never raises)."""
        if not self.settings.hub_model_repo:
            return ""
        from odsgr.hub import models  # huggingface_hub is imported only when a Hub is configured

        return models.publish_after_change(self.hub, version)

    # ------------------------------------------------------------------ hub
    @functools.cached_property
    def hub(self) -> HubClient:
        """This home's Hub client, created on first use (only then is huggingface_hub imported)."""
        from odsgr.hub.client import HubClient

        return HubClient(self.settings, self.registry)

    def publish_to_hub(self, version: str | None = None) -> dict:
        """Publish ``version`` (default: the current one) and its data after any queued pushes.

        Returns:
            ``{"version", "model_repo", "commit", "uploaded", "current_moved",
            "dataset_revision", "flushed"}``.

        Raises:
            HubError: configuration error, or the Hub refused this version.
            HubOfflineError: the Hub cannot be reached (the push stays queued).
        """
        from odsgr.hub import models

        return models.publish(self.hub, version)

    def pull_from_hub(self, version: str | None = None, *, force: bool = False) -> ModelVersion:
        """Fetch the Hub's ``current`` (or tag ``version``) into this home and make it current.

        A version pulled by tag obeys :meth:`Registry.check_may_become_current` unless ``force``.

        Raises:
            HubError, HubOfflineError, ModelIntegrityError, DataError.
        """
        from odsgr.hub import models

        return models.pull_version(self.hub, version, force=force)

    def sync_hub_at_startup(self, timeout_s: float | None = None, data_sync: bool = True) -> str:
        """Flush queued pushes, pull the Hub's ``current`` and load it, waiting a bounded time.

        Returns:
            A one-line status for the logs and the UI (Spanish).
        """
        if not self.settings.hub_model_repo:
            from odsgr.hub import NOT_CONFIGURED_STATUS

            return NOT_CONFIGURED_STATUS
        from odsgr.hub import sync

        wait_s = sync.STARTUP_TIMEOUT_S if timeout_s is None else timeout_s
        return sync.sync_at_startup(self.hub, self.current_model, wait_s, data_sync)

    def hub_queued_versions(self) -> list[str]:
        """Versions waiting to be pushed to the Hub, oldest first."""
        from odsgr.hub.queue import queued_versions

        return queued_versions(self.settings)

    def deploy_space(self, space_id: str, *, private: bool = False) -> str:
        """Create or update the Gradio Space ``space_id`` with this app; its URL.

        Raises:
            HubError, HubOfflineError.
        """
        from odsgr.hub import space

        return space.deploy_space(self.hub, space_id, private=private)

    # ------------------------------------------------------------------ model
    def current_model(self) -> tuple[ModelVersion, object]:
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

    def has_model(self) -> bool:
        """Whether a current version exists."""
        return self.registry.current_version() is not None

    def review_threshold(self) -> float:
        """The «revisar» threshold in force: ``ODSGR_REVIEW_THRESHOLD`` or the current version's."""
        if self.settings.review_threshold is not None or not self.has_model():
            return model.resolve_review_threshold(None, self.settings.review_threshold)
        return model.resolve_review_threshold(self.current_model()[1], None)

    # ---------------------------------------------------------------- predict
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
    ) -> dict:
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
        if prediction.language_warning:
            warnings.append(prediction.language_warning)
        self.drift.record(
            version.version, pipeline, [cleaned], [prediction.label], [prediction.probability]
        )
        queued = store_for_review and prediction.needs_review
        if queued:
            queued = self.review_writer.submit([cleaned], [prediction], version.version, origin)
        result = {
            "label": prediction.label,
            "label_name": label_name(prediction.label, language),
            "probability": round(prediction.probability, 6),
            "probabilities": {str(k): round(v, 6) for k, v in prediction.probabilities.items()},
            "needs_review": prediction.needs_review,
            "in_scope": prediction.in_scope,
            "out_of_scope_probability": round(prediction.out_of_scope_probability, 6),
            "review_reasons": list(prediction.review_reasons),
            "model_version": version.version,
            "warnings": warnings,
            "queued_for_review": queued,
        }
        if explain:
            explanation = model.explain(pipeline, cleaned, prediction.label)
            result["explanation"] = {
                "terms": [[term, round(weight, 4)] for term, weight in explanation.terms],
                "highlights": explanation.highlights,
            }
        return result

    @_one_drift_call
    def predict_many(
        self, texts: Sequence[object], language: str = "es", store_for_review: bool = False
    ) -> list[dict]:
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
        results = []
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
                {
                    "label": prediction.label,
                    "label_name": names[prediction.label],
                    "probability": round(prediction.probability, 6),
                    "probabilities": {
                        str(k): round(v, 6) for k, v in prediction.probabilities.items()
                    },
                    "needs_review": prediction.needs_review,
                    "in_scope": prediction.in_scope,
                    "out_of_scope_probability": round(prediction.out_of_scope_probability, 6),
                    "review_reasons": list(prediction.review_reasons),
                    "model_version": version.version,
                    "warnings": warnings
                    + ([prediction.language_warning] if prediction.language_warning else []),
                    "queued_for_review": store_for_review and prediction.needs_review,
                }
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
        pipeline: object,
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
            predictions = [predictions[i] for i in uncertain]
        queued = self.review_writer.submit(uncertain_texts, predictions, version, origin)
        return len(uncertain) if queued else 0

    @_one_drift_call
    def predict_file(
        self,
        input_path: str | Path,
        output_path: str | Path,
        text_column: str | None = None,
        language: str = "es",
        progress: Progress = no_progress,
        store_for_review: bool = False,
        *,
        workers: int | None = None,
        chunk_rows: int = batch.DEFAULT_CHUNK_ROWS,
        enforce_limits: bool = True,
    ) -> Path:
        """Read a CSV/XLSX/JSON/Parquet file, predict every row, write CSV or XLSX by extension.

        Streamed in chunks of ``chunk_rows`` and spread over ``workers`` processes for large
        files (see :func:`odsgr.batch.predict_file`); the output is what :meth:`predict_frame`
        gives, and drift statistics and the review queue are fed the same way.
        """
        return self.classify_file(
            input_path,
            [output_path],
            text_column,
            language,
            progress,
            store_for_review,
            workers=workers,
            chunk_rows=chunk_rows,
            enforce_limits=enforce_limits,
        ).paths[0]

    def classify_file(
        self,
        input_path: str | Path,
        output_paths: Sequence[str | Path],
        text_column: str | None = None,
        language: str = "es",
        progress: Progress = no_progress,
        store_for_review: bool = False,
        *,
        head_rows: int = 0,
        workers: int | None = None,
        chunk_rows: int = batch.DEFAULT_CHUNK_ROWS,
        enforce_limits: bool = True,
    ) -> FileSummary:
        """:meth:`predict_file` into one or more CSV/XLSX files in one streamed pass, with a
        summary (counts, SDG distribution, the first ``head_rows`` annotated rows) gathered on
        the way, so memory stays bounded by a few chunks whatever the file size."""
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
                store_for_review,
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
            text_column,
            language,
            progress,
            workers=workers,
            chunk_rows=chunk_rows,
            enforce_limits=enforce_limits,
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
        text_column: str | None = None,
        language: str = "es",
        progress: Progress = no_progress,
        *,
        scheduler: str | None = None,
        workers: int | None = None,
        processes: bool = True,
    ) -> Path:
        """Score a partitioned CSV/Parquet dataset with dask (see :mod:`odsgr.distributed`)."""
        from odsgr import distributed  # dask is only imported by those who use it

        return distributed.predict_dataset(
            self.settings,
            self.registry.current(),
            input_location,
            output_path,
            text_column,
            language,
            progress,
            scheduler=scheduler,
            workers=workers,
            processes=processes,
        )

    # ------------------------------------------------------------------ train
    def _validation(self) -> pd.DataFrame:
        validation = self.registry.read_validation()
        if validation is None or validation.empty:
            raise ModelNotFoundError("Todavía no existe el conjunto de validación fijo.")
        return validation

    def _split_validation(self, frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
        real = frame[~frame["synthetic"].astype(bool)] if "synthetic" in frame else frame
        counts = real["label"].value_counts()
        if len(counts) < 2:
            raise DataError(
                "Se necesitan textos de al menos dos ODS distintos para entrenar "
                f"(encontrados: {sorted(counts.index.tolist())})."
            )
        if counts.min() < 2 or len(real) * self.settings.validation_fraction < len(counts):
            raise DataError(
                "Hay muy pocos textos para separar un conjunto de validación estratificado: "
                f"{counts.to_dict()}. Se necesitan al menos 2 por ODS."
            )
        _, validation = train_test_split(
            real,
            test_size=self.settings.validation_fraction,
            stratify=real["label"],
            random_state=self.settings.seed,
        )
        return frame.drop(index=validation.index), validation

    def _start_validation(
        self, incoming: pd.DataFrame, demo: bool = False
    ) -> tuple[pd.DataFrame, int]:
        """Split the fixed validation set off ``incoming`` when the home has none or leaves DEMO.

        Leaving DEMO sets the demo history aside, so the real history starts from real rows.
        Returns ``(incoming without the validation rows, rows moved to validation)``.
        """
        leaving_demo = not demo and self.registry.in_demo()
        if self.registry.read_validation() is not None and not leaving_demo:
            return incoming, 0
        incoming, validation = self._split_validation(incoming)
        if leaving_demo:
            self.registry.set_demo_aside()
        self.registry.write_validation(validation, demo=demo)
        return incoming, int(len(validation))

    def _extend_validation(self, incoming: pd.DataFrame) -> tuple[pd.DataFrame, int]:
        """Move a stratified share of the real rows of SDGs the validation set lacks into it.

        The validation set gets a new revision. Returns ``(incoming rest, rows moved)``.
        """
        validation = self._validation()
        real = incoming
        if "synthetic" in incoming:
            real = incoming[~incoming["synthetic"].astype(bool)]
        known = set(validation["label"].astype(int))
        moved = []
        for label, rows in real.groupby("label"):
            if int(label) in known or len(rows) < 2:
                continue
            size = max(1, round(len(rows) * self.settings.validation_fraction))
            moved.append(rows.sample(n=size, random_state=self.settings.seed))
        if not moved:
            return incoming, 0
        added = pd.concat(moved)
        self.registry.write_validation(pd.concat([validation, added], ignore_index=True))
        log.info("Validation set extended with %d rows of new SDGs", len(added))
        return incoming.drop(index=added.index), int(len(added))

    def _exclude_validation(self, frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
        validation = self.registry.read_validation()
        if validation is None:
            return frame, 0
        in_validation = data.text_key(frame["text"]).isin(set(data.text_key(validation["text"])))
        return frame[~in_validation], int(in_validation.sum())

    def training_frame(self) -> pd.DataFrame:
        """The stored history (distinct texts, latest label) minus the validation set."""
        history = self.registry.read_history()
        if history.empty:
            return history
        return self._exclude_validation(history)[0].reset_index(drop=True)

    def _intake(self, incoming: pd.DataFrame, reports: dict) -> dict:
        """The data report of new rows against the history: what each read row became.

        ``rows_read`` = ``new_texts`` + ``already_stored`` + ``relabelled`` + ``conflicts`` +
        ``dropped`` (empty or repeated in the file) + ``in_validation`` + ``to_validation``.
        """
        previous = self.registry.compare_with_history(incoming)
        same = (previous == incoming["label"].astype(int)).fillna(False).astype(bool)
        relabel = previous.notna() & ~same
        changed = incoming[relabel.to_numpy()]
        kept = sum(r.get("rows_kept", 0) for r in reports.values())
        conflicts = sum(r.get("dropped", {}).get("conflict", 0) for r in reports.values())
        read = sum(r.get("rows_read", 0) for r in reports.values())
        return {
            "rows_read": int(read),
            "new_texts": int(len(incoming) - same.sum() - relabel.sum()),
            "already_stored": int(same.sum()),
            "relabelled": int(relabel.sum()),
            "conflicts": int(conflicts),
            "dropped": int(read - kept - conflicts + incoming.attrs.get("masked_duplicates", 0)),
            "relabels": [
                {"text": text, "previous_label": int(old), "label": int(new), "source": source}
                for text, old, new, source in zip(
                    changed["text"],
                    previous[relabel.to_numpy()],
                    changed["label"],
                    changed["source"],
                )
            ][:MAX_LISTED_RELABELS],
        }

    def _make_current(self, version: str, action: str, actor: str) -> dict:
        """Point current at ``version``, then commit its pending rows (idempotent on restart)."""
        self.registry.set_current(version, action=action, actor=actor)
        committed = self.registry.commit_pending(version)
        self._mirror_on_hub(version)
        return committed

    def _fit_candidate(
        self,
        training: pd.DataFrame,
        strategy: str,
        parent: str | None,
        extra: dict,
        progress: Progress,
        candidate: str = model.DEFAULT_CANDIDATE,
        fitted: object | None = None,
    ) -> tuple[object, dict]:
        """Fit on ``training`` (unless ``fitted`` is given), measure on the fixed validation set.

        Returns ``(pipeline, metadata)``; the metadata carries the drift baseline.
        """
        validation = self._validation()
        progress(0.2, "Entrenando el modelo…")
        if fitted is None:
            fitted = _fit(training["text"].tolist(), training["label"].tolist(), candidate)
        pipeline = fitted
        progress(0.7, "Evaluando en el conjunto de validación…")
        reliability = self._choose_review_threshold(pipeline, validation)
        validation = validation[validation["label"].astype(int) != model.OUT_OF_SCOPE]
        predicted, top = model.predict_arrays(pipeline, validation["text"].tolist())
        metrics = evaluate.score(pipeline, validation, predicted=predicted)
        synthetic = (
            training["synthetic"].fillna(False).astype(bool) if "synthetic" in training else None
        )
        counts = training["label"].astype(int).value_counts().sort_index()
        metadata = {
            "parent": parent,
            "strategy": strategy,
            "candidate": candidate,
            "classifier": type(pipeline.named_steps["classifier"]).__name__,
            "labels": model.model_labels(pipeline),
            "class_counts": {str(k): int(v) for k, v in counts.items()},
            "train_rows": int(len(training)),
            "synthetic_rows": int(synthetic.sum()) if synthetic is not None else 0,
            "data_sha256": fingerprint_frame(training),
            "validation_sha256": fingerprint_frame(validation),
            "validation_rows": int(len(validation)),
            "validation_revision": int(validation["revision"].max()),
            "validation_demo": bool(validation["demo"].all()),
            "validation_metrics": metrics,
            **reliability,
            "drift_baseline": drift.baseline(
                pipeline,
                validation["text"].tolist(),
                predicted,
                top,
                model.resolve_review_threshold(pipeline, self.settings.review_threshold),
            ),
            **extra,
        }
        return pipeline, metadata

    def _choose_review_threshold(self, pipeline: object, validation: pd.DataFrame) -> dict:
        """Measure calibration, scope and the risk-coverage curve on the validation set, and
        store in ``pipeline`` the «revisar» threshold chosen from that curve.

        Returns the metadata entries ``review_threshold``, ``review_budget``, ``calibration``,
        ``risk_coverage`` and ``scope``.
        """
        labels = validation["label"].astype(int).to_numpy()
        inside = labels != model.OUT_OF_SCOPE
        scores = model.score(pipeline, validation["text"].tolist(), review_threshold=0.0)
        correct = scores.labels[inside] == labels[inside]
        probability = scores.probability[inside]
        anyway = (~scores.in_scope | np.array([w is not None for w in scores.language_warnings]))[
            inside
        ]
        threshold = evaluate.choose_review_threshold(probability, anyway)
        model.set_review_threshold(pipeline, threshold)
        flagged = anyway | (probability < threshold)
        errors = max(int((~correct).sum()), 1)
        classifier = pipeline.named_steps["classifier"]
        return {
            "review_threshold": threshold,
            "review_budget": evaluate.REVIEW_BUDGET,
            "calibration": {
                "temperature": getattr(classifier, "temperature_", None),
                **evaluate.reliability(correct, probability),
            },
            "risk_coverage": evaluate.risk_coverage(correct, anyway + (1.0 - probability)),
            "scope": {
                "validation_out_of_scope": round(float((~scores.in_scope[inside]).mean()), 6),
                "validation_flagged": round(float(flagged.mean()), 6),
                "validation_errors_caught": round(int((flagged & ~correct).sum()) / errors, 6),
                "other_rows": int((~inside).sum()),
                "other_rows_out_of_scope": int((~scores.in_scope[~inside]).sum()),
            },
        }

    def train(
        self,
        paths: Sequence[str | Path] = (),
        frames: Sequence[tuple[pd.DataFrame, str]] = (),
        validation_path: str | Path | None = None,
        text_column: str | None = None,
        label_column: str | None = None,
        progress: Progress = no_progress,
        actor: str = "cli",
        demo: bool = False,
    ) -> dict:
        """Add labelled files/frames to the history, fit a new version and make it current.

        ``demo`` marks the version as trained on the demo dataset (the app shows a banner).

        The first time (or when ``validation_path`` is given) the fixed validation set is created.
        Returns a JSON-serialisable summary with the version, class counts, metrics and reports.
        """
        with self.registry.retrain_lock():
            progress(0.0, "Leyendo y validando los datos…")
            incoming, reports = self._read_labelled(paths, frames, text_column, label_column)
            read_reports, to_validation = dict(reports), 0
            if validation_path is not None:
                validation, report = data.load_labelled(validation_path, settings=self.settings)
                reports[str(validation_path)] = report.to_dict()
                if not demo and self.registry.in_demo():
                    self.registry.set_demo_aside()
                self.registry.write_validation(validation, demo=demo)
            else:
                incoming, to_validation = self._start_validation(incoming, demo=demo)
                if not to_validation:
                    incoming, to_validation = self._extend_validation(incoming)
            incoming, in_validation = self._exclude_validation(incoming)
            intake = self._intake(incoming, read_reports)
            training = _merge_rows(self.training_frame(), incoming)
            if training.empty:
                raise DataError("No quedan textos para entrenar tras separar la validación.")
            parent = self.registry.current_version()
            pipeline, metadata = self._fit_candidate(
                training,
                "batch",
                parent,
                {
                    "sources": sorted(incoming["source"].unique()),
                    "demo": demo,
                    "pending_rows": int(len(incoming)),
                },
                progress,
            )
            progress(0.85, "Guardando la versión…")
            version = self.registry.save_version(pipeline, metadata)
            metrics = metadata["validation_metrics"]
            self.registry.stage_pending(version.version, incoming)
            self._make_current(version.version, action="train", actor=actor)
            progress(1.0, "Listo.")
            return {
                "version": version.version,
                "parent": parent,
                "demo": demo,
                "current": True,
                "class_counts": version.metadata["class_counts"],
                "train_rows": version.metadata["train_rows"],
                **intake,
                "in_validation": in_validation,
                "to_validation": to_validation,
                "rows_in_validation_skipped": in_validation,
                "validation_rows": metadata["validation_rows"],
                "validation_revision": metadata["validation_revision"],
                "validation_metrics": evaluate.headline(metrics),
                "data_reports": reports,
            }

    def _read_labelled(
        self,
        paths: Sequence[str | Path],
        frames: Sequence[tuple[pd.DataFrame, str]],
        text_column: str | None,
        label_column: str | None,
    ) -> tuple[pd.DataFrame, dict]:
        parts, reports = [], {}
        hub_specs = [str(p) for p in paths if str(p).startswith(HUB_PREFIX)]
        if hub_specs:
            from odsgr.hub import datasets as hub_datasets

            paths = [p for p in paths if not str(p).startswith(HUB_PREFIX)]
            hub_frames = [(hub_datasets.load_labelled_dataset(self.hub, s), s) for s in hub_specs]
            frames = [*frames, *hub_frames]
        for path in paths:
            frame, report = data.load_labelled(
                path, text_column=text_column, label_column=label_column, settings=self.settings
            )
            parts.append(frame.assign(source=Path(path).name))
            reports[Path(path).name] = report.to_dict()
        for frame, source in frames:
            cleaned, report = data.clean_labelled(frame, settings=self.settings)
            parts.append(cleaned.assign(source=source))
            reports[source] = report.to_dict()
        if not parts:
            raise DataError("No se indicó ningún archivo de datos etiquetados.")
        incoming = pd.concat(parts, ignore_index=True)
        if incoming.empty:
            raise DataError("Los datos no contienen ninguna fila válida tras la limpieza.")
        incoming["text"] = self.registry.mask(incoming["text"])  # trained as it is stored
        repeated = data.text_key(incoming["text"]).duplicated(keep="last")
        incoming = incoming[~repeated.to_numpy()].reset_index(drop=True)
        incoming.attrs["masked_duplicates"] = int(repeated.sum())
        return incoming, reports

    def retrain(
        self,
        paths: Sequence[str | Path] = (),
        frames: Sequence[tuple[pd.DataFrame, str]] = (),
        strategy: str = "batch",
        window: int | None = None,
        auto_promote: bool = True,
        force: bool = False,
        window_days: float | None = None,
        text_column: str | None = None,
        label_column: str | None = None,
        progress: Progress = no_progress,
        actor: str = "",
        balance_with_llm: bool = False,
        augment_options: dict | None = None,
    ) -> dict:
        """Fit a *candidate* version from the history plus new labelled rows and judge it.

        The new rows wait in ``data/pending/`` until the candidate is promoted (then they join
        the history) or discarded. With ``auto_promote`` the candidate becomes current when the
        promotion gate accepts it, or when ``force`` is set.

        Strategies: ``batch`` refits on all history + new rows; ``window`` refits on the most
        recent ``window`` rows of that sequence, or on the rows added in the last
        ``window_days`` days; ``incremental`` updates the current incremental model with only
        the rows it has not learned yet (the first time, when the current model is not
        incremental, it builds one from the history; a never-seen SDG falls back to ``batch``).
        The summary's ``message`` says which of these happened.

        With ``balance_with_llm`` the minority SDGs of that training set are topped up with
        synthetic texts first (see :func:`odsgr.augment.augment`; ``augment_options`` are its
        keyword arguments, e.g. ``ratio``, ``model_name``, ``base_url``, ``cancel``). The
        synthetic rows wait in ``data/pending/`` with the new rows and are counted in the
        candidate's ``synthetic_rows``; the run is summarised under ``augmentation``.
        """
        if strategy not in STRATEGIES:
            raise DataError(
                f"Estrategia desconocida: {strategy!r}. Opciones: {', '.join(STRATEGIES)}."
            )
        if strategy == "window" and window_days is not None and not 0 < window_days <= 36_500:
            raise DataError(
                "La ventana en días (window_days) debe ser un número de días mayor que 0 y de "
                f"como mucho 36500 (100 años); se recibió {window_days:g}.",
                options=("window_days",),
            )
        if strategy == "window" and window_days is None and (window is None or window < 10):
            raise DataError(
                "La estrategia «window» necesita una ventana (window) de al menos 10 filas o una "
                "ventana en días (window_days).",
                options=("window", "window_days"),
            )
        with self.registry.retrain_lock(), _prompt_thread_switches():
            progress(0.0, "Leyendo y validando los datos…")
            incoming, reports = self._read_labelled(paths, frames, text_column, label_column)
            current_version, current_pipeline = self.current_model()
            incoming, to_validation = self._start_validation(incoming)
            if not to_validation:
                incoming, to_validation = self._extend_validation(incoming)
            incoming, in_validation = self._exclude_validation(incoming)
            intake = self._intake(incoming, reports)
            pool = _merge_rows(self.training_frame(), incoming)
            training = pool if strategy != "window" else _window_rows(pool, window, window_days)
            training = training.reset_index(drop=True)
            augmentation_summary, staged = None, incoming
            if balance_with_llm:
                from odsgr import augment as augmentation  # openai is imported only when needed

                real_rows = len(training)
                training, augmentation_summary = augmentation.balance_training(
                    training, self.settings, current_pipeline, augment_options or {}, progress
                )
                staged = pd.concat([incoming, training.iloc[real_rows:]], ignore_index=True)
            fitted, message, requested = None, "", strategy
            if strategy == "incremental":
                progress(0.2, "Actualizando el modelo incremental…")
                fitted, training, message = self._incremental_candidate(current_pipeline, training)
                strategy = "incremental" if fitted is not None else "batch"
            pipeline, metadata = self._fit_candidate(
                training,
                strategy,
                current_version.version,
                {
                    "sources": sorted(incoming["source"].unique()),
                    "requested_strategy": requested,
                    "strategy_message": message,
                    "window": window,
                    "window_days": window_days,
                    "augmentation": augmentation_summary,
                    "pending_rows": int(len(staged)),
                },
                progress,
                candidate=incremental.CANDIDATE if fitted is not None else model.DEFAULT_CANDIDATE,
                fitted=fitted,
            )
            if fitted is not None:
                metadata["learned_rows_total"] = int(len(fitted.learned_keys_))
            metrics = metadata["validation_metrics"]
            current_metrics = current_version.metadata["validation_metrics"]
            if current_version.metadata.get("validation_sha256") != metadata["validation_sha256"]:
                current_metrics = self.evaluate_on_validation(current_version.version)
            metadata["gate"] = evaluate.promotion_gate(
                current_metrics,
                metrics,
                self.settings.gate_f1_tolerance,
                self.settings.gate_recall_tolerance,
            )
            gate = metadata["gate"]
            progress(0.85, "Guardando la versión candidata…")
            version = self.registry.save_version(pipeline, metadata)
            self.registry.stage_pending(version.version, staged)
            promoted = False
            if auto_promote and (gate["accepted"] or force):
                self._promote_locked(version.version, force=force, actor=actor)
                promoted = True
            else:
                log.info("Candidate %s waits for a decision (promote or discard)", version.version)
            progress(1.0, "Listo.")
            return {
                "candidate": version.version,
                "parent": current_version.version,
                "strategy": strategy,
                "requested_strategy": requested,
                "message": message,
                "gate": gate,
                "promoted": promoted,
                "forced": promoted and not gate["accepted"],
                "current": self.registry.current_version(),
                **intake,
                "in_validation": in_validation,
                "to_validation": to_validation,
                "new_rows": intake["new_texts"],
                "train_rows": int(len(training)),
                "rows_in_validation_skipped": in_validation,
                "validation_rows": metadata["validation_rows"],
                "validation_revision": metadata["validation_revision"],
                "current_metrics": evaluate.headline(current_metrics),
                "candidate_metrics": evaluate.headline(metrics),
                "comparison": evaluate.comparison_table(current_metrics, metrics).to_dict(
                    orient="records"
                ),
                "current_confusion_matrix": current_metrics["confusion_matrix"],
                "candidate_confusion_matrix": metrics["confusion_matrix"],
                "labels": metrics["labels"],
                "data_reports": reports,
                "augmentation": augmentation_summary,
            }

    def _incremental_candidate(
        self, current: object, pool: pd.DataFrame
    ) -> tuple[object | None, pd.DataFrame, str]:
        """(updated pipeline or ``None`` to fall back to batch, rows learned now, message)."""
        texts, labels = pool["text"].astype(str).tolist(), pool["label"].astype(int).to_numpy()
        seed = self.settings.seed
        if not incremental.is_incremental(current):
            return (
                incremental.build(texts, labels, seed=seed),
                pool,
                "La versión actual no es incremental: se construyó el modelo incremental una vez "
                f"con todo el historial ({len(pool)} filas); los próximos reentrenamientos "
                "incrementales solo lo actualizarán con las filas nuevas.",
            )
        new = pool[incremental.unlearned(current, texts, labels)]
        if new.empty:
            raise DataError("No hay filas nuevas que el modelo incremental no haya aprendido ya.")
        try:
            updated = incremental.update(
                current, new["text"].astype(str).tolist(), new["label"].astype(int), seed=seed
            )
        except incremental.UnseenLabelError as error:
            return (
                None,
                pool,
                f"{error}. Se reentrenó desde cero con todo el historial (estrategia batch); el "
                "próximo reentrenamiento incremental reconstruirá el modelo incremental.",
            )
        return (
            updated,
            new,
            f"Modelo incremental actualizado solo con {len(new)} filas nuevas, sin reentrenar "
            "desde cero.",
        )

    def evaluate_on_validation(self, version: str) -> dict:
        """Metrics of a stored version on today's fixed validation set."""
        validation = self._validation()
        return evaluate.score(self.registry.load(self.registry.get(version)), validation)

    # ------------------------------------------------------------- versions
    def _promote_locked(self, version: str, force: bool, actor: str) -> dict:
        self.registry.check_may_become_current(version, force=force)
        return self._make_current(version, action="promote", actor=actor)

    def promote(self, version: str, force: bool = False, actor: str = "") -> dict:
        """Make candidate ``version`` current; its new rows join the history.

        Without ``force`` only a version that passed the gate (or was current before) may
        become current (see :meth:`Registry.check_may_become_current`).
        """
        with self.registry.retrain_lock():
            self._promote_locked(version, force=force, actor=actor)
        return {"current": version}

    def discard(self, version: str, actor: str = "") -> dict:
        """Discard a candidate: it stays on disk for audit, its new rows are set aside."""
        with self.registry.retrain_lock():
            if version == self.registry.current_version():
                raise DataError(f"La versión {version} es la actual; no se puede descartar.")
            status = self.registry.status_of(version)
            if status not in ("candidate", "rejected"):
                raise DataError(
                    f"Solo se descartan candidatas pendientes; la versión {version} no lo es "
                    f"(estado: {status})."
                )
            self.registry.discard_pending(version, actor=actor)
        return {"discarded": version, "current": self.registry.current_version()}

    def rollback(self, version: str, actor: str = "", force: bool = False) -> dict:
        """Make an earlier ``version`` current again (nothing is deleted).

        Same rule as :meth:`promote`: rejected, discarded and demo versions need ``force``.
        """
        self.registry.check_may_become_current(version, force=force)
        if version not in self.registry.pending_versions():  # nothing to commit: no lock needed
            self._make_current(version, action="rollback", actor=actor)
            return {"current": version}
        with self.registry.retrain_lock():
            self.registry.check_may_become_current(version, force=force)
            self._make_current(version, action="rollback", actor=actor)
        return {"current": version}

    def pending_candidates(self) -> list[dict]:
        """Candidates waiting for a decision (promote or discard), oldest first."""
        ttl_s = self.settings.candidate_ttl_h * 3600
        rows = []
        for row in self.versions():
            if row["status"] not in ("candidate", "rejected"):
                continue
            meta = self.registry.get(row["version"]).metadata
            rows.append(
                {
                    "version": row["version"],
                    "created_at": row["created_at"],
                    "status": row["status"],
                    "accepted": bool((row["gate"] or {}).get("accepted", True)),
                    "f1_macro": row["f1_macro"],
                    "pending_rows": meta.get("pending_rows", 0),
                    "expires_in_h": round(max(0.0, ttl_s - _age_s(row["created_at"])) / 3600, 1),
                }
            )
        return rows

    def versions(self) -> list[dict]:
        """Every version with its date, rows, strategy, parent, gate decision and F1."""
        current = self.registry.current_version()
        rows = []
        for v in self.registry.list_versions():
            meta = v.metadata
            metrics = meta.get("validation_metrics", {})
            rows.append(
                {
                    "version": v.version,
                    "created_at": meta.get("created_at"),
                    "parent": meta.get("parent"),
                    "strategy": meta.get("strategy"),
                    "train_rows": meta.get("train_rows"),
                    "synthetic_rows": meta.get("synthetic_rows", 0),
                    "f1_macro": metrics.get("f1_macro"),
                    "precision_macro": metrics.get("precision_macro"),
                    "recall_macro": metrics.get("recall_macro"),
                    "accuracy": metrics.get("accuracy"),
                    "ece": meta.get("calibration", {}).get("ece"),
                    "review_threshold": meta.get("review_threshold"),
                    "gate": meta.get("gate"),
                    "status": self.registry.status_of(v.version),
                    "current": v.version == current,
                    "demo": bool(meta.get("demo", False)),
                    "validation_rows": meta.get("validation_rows"),
                }
            )
        return rows

    def metrics(self, version: str | None = None) -> dict:
        """The stored validation metrics of the current (or given) version."""
        v = self.registry.get(version) if version else self.registry.current()
        reliability = {key: v.metadata[key] for key in RELIABILITY_KEYS if key in v.metadata}
        return {"version": v.version, **v.metadata["validation_metrics"], **reliability}

    def evaluate(
        self,
        path: str | Path,
        version: str | None = None,
        text_column: str | None = None,
        label_column: str | None = None,
    ) -> dict:
        """Metrics of the current (or given) version on a labelled file.

        Texts already in the training history flatter the figures, so the result also has
        ``overlap`` (``rows``, ``in_history``, ``share``), ``unseen_metrics`` (the same metrics
        on the texts not in the history; ``None`` when there are none) and a Spanish
        ``warning`` when some texts overlap.
        """
        frame, _ = data.load_labelled(
            path, text_column=text_column, label_column=label_column, settings=self.settings
        )
        if version:
            chosen = self.registry.get(version)
            pipeline = self.registry.load(chosen)
        else:
            chosen, pipeline = self.current_model()
        frame = frame[frame["label"].astype(int) != model.OUT_OF_SCOPE]
        predicted, _ = model.predict_arrays(pipeline, frame["text"].tolist())
        result = evaluate.score(pipeline, frame, predicted=predicted)
        stored = set(data.text_key(self.registry.read_history()["text"]))
        seen = data.text_key(self.registry.mask(frame["text"])).isin(stored).to_numpy()
        share = float(seen.mean()) if len(seen) else 0.0
        result["overlap"] = {
            "rows": int(len(seen)),
            "in_history": int(seen.sum()),
            "share": round(share, 6),
        }
        result["unseen_metrics"] = (
            evaluate.compute_metrics(
                frame["label"].astype(int)[~seen], predicted[~seen], result["labels"]
            )
            if (~seen).any()
            else None
        )
        if seen.any():
            result["warning"] = (
                f"El {share:.0%} de los textos ({int(seen.sum())} de {len(seen)}) ya está en el "
                "historial de entrenamiento: esas cifras son optimistas. Vea «unseen_metrics» "
                "para los textos que el modelo no ha visto."
            )
        return result

    def current_info(self) -> dict:
        """What the app shows about the current version: id, date, demo flag, data fingerprint.

        Raises:
            ModelNotFoundError: no model has been trained yet.
        """
        current = self.registry.current()
        meta = current.metadata
        return {
            "version": current.version,
            "created_at": meta.get("created_at"),
            "demo": bool(meta.get("demo", False)),
            "data_sha256": meta.get("data_sha256"),
            "train_rows": meta.get("train_rows"),
            "labels": meta.get("labels", []),
        }

    # ---------------------------------------------------------------- augment
    def augment(
        self,
        source: str | Path | pd.DataFrame,
        ratio: float = 0.8,
        seed: int | None = None,
        model_name: str | None = None,
        base_url: str | None = None,
        dry_run: bool = False,
        progress: Progress = no_progress,
        cancel: threading.Event | None = None,
        text_column: str | None = None,
        label_column: str | None = None,
        agree_with_current: bool = True,
    ) -> tuple[pd.DataFrame, dict]:
        """Balance a labelled file (or frame) with synthetic texts and measure what it changes.

        The validation rows are the home's fixed validation set when one exists (input rows
        that belong to it are set aside), else a stratified, seeded share of the real input
        rows. They count toward the class totals but are never quoted to the generator, so the
        before/after metrics (default model trained on the other input rows, then on those plus
        the synthetic rows) are measured on real texts the synthetic ones never saw.

        Args:
            source: a labelled file (CSV, XLSX, …) or a frame with text and label columns.
            ratio: each class is topped up to ``ratio`` × the majority count.
            seed: augmentation seed (``settings.seed`` when ``None``).
            model_name: chat model (``settings.llm_model`` when ``None``).
            base_url: OpenAI-compatible endpoint; without one (and without a key) the offline
                recombination fallback is used.
            dry_run: only estimate requests and tokens; nothing is called or written.
            progress: called with (fraction, Spanish message).
            cancel: set it to stop after the current request; the report says ``cancelled``
                and the same call later resumes from the checkpoint.
            text_column, label_column: column names when they cannot be detected.
            agree_with_current: reject synthetic texts the current model labels differently
                (only when a current model exists and knows every class to top up).

        Returns:
            ``(frame, report)``: the cleaned input rows followed by the synthetic rows (columns
            ``synthetic``, ``generator``, ``source_row``, ``prompt_hash``), and a
            JSON-serialisable report (see :func:`odsgr.augment.augment_report`); with
            ``dry_run`` the input rows only and the estimate.

        Raises:
            DataError: unreadable data, bad ratio, too few rows to split a validation set.
            LLMError: every request to the model failed.
        """
        from odsgr import augment as augmentation  # openai is imported only when needed

        progress(0.0, "Leyendo y validando los datos…")
        if isinstance(source, pd.DataFrame):
            frame, cleaning = data.clean_labelled(source, settings=self.settings)
        else:
            frame, cleaning = data.load_labelled(
                source, text_column=text_column, label_column=label_column, settings=self.settings
            )
        stored = self.registry.read_validation()
        held_out, validation, origin = augmentation.hold_out_validation(
            frame, None if self.registry.in_demo() else stored, self._split_validation
        )
        pipeline = None
        if agree_with_current and not dry_run and self.has_model():
            _, pipeline = self.current_model()
        return augmentation.augment_labelled(
            frame,
            self.settings,
            held_out=held_out,
            validation=validation,
            origin=origin,
            cleaning=cleaning.to_dict(),
            pipeline=pipeline,
            ratio=ratio,
            seed=seed,
            model_name=model_name,
            base_url=base_url,
            dry_run=dry_run,
            progress=progress,
            cancel=cancel,
        )

    def history(self) -> pd.DataFrame:
        """The labelled history, one row per distinct text (text, label, source, added_at, …)."""
        return self.registry.read_history()

    def relabels(self) -> list[dict]:
        """Every relabel of a stored text (text, previous_label, label, source, time)."""
        return self.registry.relabels()

    # ----------------------------------------------------------------- review
    def review_queue(self, include_decided: bool = False) -> pd.DataFrame:
        """Predictions waiting for review, lowest margin first (see :func:`review.list_queue`)."""
        self.review_writer.flush()
        return review.list_queue(self.settings, include_decided=include_decided)

    def review_decide(self, decisions: Sequence[dict], actor: str = "") -> dict:
        """Confirm/correct (``label``) or dismiss (``label=None``) queued items by ``id``."""
        self.review_writer.flush()
        return review.decide(self.settings, decisions, actor=actor)

    # ------------------------------------------------------------------ drift
    def drift_report(self, version: str | None = None) -> dict:
        """Production figures of the current (or given) version vs its validation baseline."""
        self.drift.flush()
        chosen = self.registry.get(version) if version else self.registry.current()
        if drift.load_baseline(self.settings, chosen.version) is None:
            pipeline = self.registry.load(chosen)
            texts = self._validation()["text"].tolist()
            predicted, top = model.predict_arrays(pipeline, texts)
            figures = drift.baseline(
                pipeline,
                texts,
                predicted,
                top,
                model.resolve_review_threshold(pipeline, self.settings.review_threshold),
            )
            drift.store_baseline(self.settings, chosen.version, figures)
        return drift.report(self.settings, chosen.version)

    def drift_series(self, version: str | None = None) -> pd.DataFrame:
        """Daily predictions, low-confidence share, OOV share and PSI (for the Metrics tab)."""
        self.drift.flush()
        chosen = version or self.registry.current().version
        return drift.time_series(self.settings, chosen)


def _age_s(stamp: object) -> float:
    """Seconds since an ISO-8601 time (0 when it is missing or unreadable)."""
    when = pd.to_datetime(stamp, utc=True, errors="coerce")
    return 0.0 if pd.isna(when) else (pd.Timestamp.now(tz="UTC") - when).total_seconds()


def _merge_rows(history: pd.DataFrame, incoming: pd.DataFrame) -> pd.DataFrame:
    """History plus new rows, one row per text key (the new label of a relabelled text wins)."""
    pool = pd.concat([history, incoming], ignore_index=True)
    return pool[~data.text_key(pool["text"]).duplicated(keep="last").to_numpy()].reset_index(
        drop=True
    )


def _window_rows(pool: pd.DataFrame, window: int | None, days: float | None) -> pd.DataFrame:
    """The last ``window`` rows of ``pool``, or those added in the last ``days`` days.

    Rows without ``added_at`` (the new ones) count as added now.
    """
    if days is None:
        return pool.tail(window)
    now = pd.Timestamp.now(tz="UTC")
    stamps = pool["added_at"] if "added_at" in pool else pd.Series(None, index=pool.index)
    added = pd.to_datetime(stamps, utc=True, errors="coerce", format="ISO8601")
    recent = pool[added.fillna(now).to_numpy() >= now - pd.Timedelta(days=days)]
    if window is not None:
        recent = recent.tail(window)
    counts = recent["label"].value_counts()
    if len(recent) < 10 or len(counts) < 2:
        raise DataError(
            f"En los últimos {days:g} días solo hay {len(recent)} filas de "
            f"{len(counts)} ODS; se necesitan al menos 10 filas de 2 ODS. Amplíe la ventana."
        )
    return recent


@contextlib.contextmanager
def _prompt_thread_switches(interval_s: float = RETRAIN_SWITCH_INTERVAL_S) -> Iterator[None]:
    """Shorten the interpreter's thread switch interval (default 5 ms) meanwhile, so that a
    server's request threads wait less for the GIL while a retrain computes in another."""
    previous = sys.getswitchinterval()
    sys.setswitchinterval(min(previous, interval_s))
    try:
        yield
    finally:
        sys.setswitchinterval(previous)


def _fit(texts: list[str], labels: list[int], candidate: str) -> object:
    """Fit a new pipeline; in a child process (:mod:`odsgr.fit_process`) when other threads run
    in this one — a server, whose requests must not wait for the fit — else here."""
    if threading.active_count() > 1:
        from odsgr import fit_process

        return fit_process.fit(texts, labels, candidate)
    return model.fit(texts, labels, candidate)
