"""The training stage: the fixed validation set, reading labelled inputs, fitting and measuring
a version, ``train`` (a new current version), ``retrain`` (a candidate judged by the gate) with
its strategies (batch, incremental, window), and ``augment`` (balancing a labelled file with
synthetic texts, measured on real validation rows).
"""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline

from odsgr import data, drift, evaluate, incremental, model
from odsgr.config import HUB_PREFIX, Settings
from odsgr.errors import DataError, ModelNotFoundError
from odsgr.registry import ModelVersion, Registry, fingerprint_frame
from odsgr.results import AugmentOptions, Intake, RetrainSummary, TrainSummary
from odsgr.storage import Progress, no_progress

if TYPE_CHECKING:
    from odsgr.hub.client import HubClient

log = logging.getLogger(__name__)

STRATEGIES = ("batch", "incremental", "window")
MAX_LISTED_RELABELS = 200
RETRAIN_SWITCH_INTERVAL_S = 0.0005


class Trainer:
    """Trains the versions of one home.

    Args:
        settings: the home's settings.
        registry: its versions, history and validation set.
        current_model: the current version and its loaded pipeline.
        make_current: points current at a version and commits its pending rows
            (``version, action, actor``).
        hub: the home's Hub client (used only for ``hub:`` inputs).
    """

    def __init__(
        self,
        settings: Settings,
        registry: Registry,
        current_model: Callable[[], tuple[ModelVersion, Pipeline]],
        make_current: Callable[[str, str, str], object],
        hub: Callable[[], HubClient],
    ) -> None:
        self.settings = settings
        self.registry = registry
        self.current_model = current_model
        self.make_current = make_current
        self.hub = hub

    def validation(self) -> pd.DataFrame:
        """The home's fixed validation set.

        Raises:
            ModelNotFoundError: none exists yet.
        """
        validation = self.registry.read_validation()
        if validation is None or validation.empty:
            raise ModelNotFoundError("Todavía no existe el conjunto de validación fijo.")
        return validation

    def split_validation(self, frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
        """``(frame without the validation rows, validation rows)``: a stratified, seeded share
        of the real (not synthetic) rows."""
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
        incoming, validation = self.split_validation(incoming)
        if leaving_demo:
            self.registry.set_demo_aside()
        self.registry.write_validation(validation, demo=demo)
        return incoming, int(len(validation))

    def _extend_validation(self, incoming: pd.DataFrame) -> tuple[pd.DataFrame, int]:
        """Move a stratified share of the real rows of SDGs the validation set lacks into it.

        The validation set gets a new revision. Returns ``(incoming rest, rows moved)``.
        """
        validation = self.validation()
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

    def _intake(self, incoming: pd.DataFrame, reports: dict) -> Intake:
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
        return Intake(
            rows_read=int(read),
            new_texts=int(len(incoming) - same.sum() - relabel.sum()),
            already_stored=int(same.sum()),
            relabelled=int(relabel.sum()),
            conflicts=int(conflicts),
            dropped=int(read - kept - conflicts + incoming.attrs.get("masked_duplicates", 0)),
            relabels=tuple(
                {"text": text, "previous_label": int(old), "label": int(new), "source": source}
                for text, old, new, source in zip(
                    changed["text"],
                    previous[relabel.to_numpy()],
                    changed["label"],
                    changed["source"],
                )
            )[:MAX_LISTED_RELABELS],
        )

    def _fit_candidate(
        self,
        training: pd.DataFrame,
        strategy: str,
        parent: str | None,
        extra: dict,
        progress: Progress,
        candidate: str = model.DEFAULT_CANDIDATE,
        fitted: Pipeline | None = None,
    ) -> tuple[Pipeline, dict]:
        """Fit on ``training`` (unless ``fitted`` is given), measure on the fixed validation set.

        Returns ``(pipeline, metadata)``; the metadata carries the drift baseline.
        """
        validation = self.validation()
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

    def _choose_review_threshold(self, pipeline: Pipeline, validation: pd.DataFrame) -> dict:
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
    ) -> TrainSummary:
        """Add labelled files/frames to the history, fit a new version and make it current.

        ``demo`` marks the version as trained on the demo dataset (the app shows a banner).

        The first time (or when ``validation_path`` is given) the fixed validation set is created.
        Returns the version, class counts, intake, validation metrics and data reports.
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
            self.make_current(version.version, "train", actor)
            progress(1.0, "Listo.")
            return TrainSummary(
                version=version.version,
                parent=parent,
                demo=demo,
                current=True,
                class_counts=version.metadata["class_counts"],
                train_rows=version.metadata["train_rows"],
                intake=intake,
                in_validation=in_validation,
                to_validation=to_validation,
                validation_rows=metadata["validation_rows"],
                validation_revision=metadata["validation_revision"],
                validation_metrics=evaluate.headline(metrics),
                data_reports=reports,
            )

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
            hub_frames = [(hub_datasets.load_labelled_dataset(self.hub(), s), s) for s in hub_specs]
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
        augment_options: AugmentOptions | None = None,
    ) -> RetrainSummary:
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
        synthetic texts first (see :func:`odsgr.augment.augment`, configured by
        ``augment_options``: ``ratio``, ``model_name``, ``base_url``, ``cancel``, …). The
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
                    training,
                    self.settings,
                    current_pipeline,
                    (augment_options or AugmentOptions()).to_dict(),
                    progress,
                )
                staged = pd.concat([incoming, training.iloc[real_rows:]], ignore_index=True)
            fitted: incremental.IncrementalPipeline | None = None
            message, requested = "", strategy
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
            gate = evaluate.promotion_gate(
                current_metrics,
                metrics,
                self.settings.gate_f1_tolerance,
                self.settings.gate_recall_tolerance,
            )
            metadata["gate"] = gate.to_dict()
            progress(0.85, "Guardando la versión candidata…")
            version = self.registry.save_version(pipeline, metadata)
            self.registry.stage_pending(version.version, staged)
            promoted = False
            if auto_promote and (gate.accepted or force):
                self.registry.check_may_become_current(version.version, force=force)
                self.make_current(version.version, "promote", actor)
                promoted = True
            else:
                log.info("Candidate %s waits for a decision (promote or discard)", version.version)
            progress(1.0, "Listo.")
            return RetrainSummary(
                candidate=version.version,
                parent=current_version.version,
                strategy=strategy,
                requested_strategy=requested,
                message=message,
                gate=gate,
                promoted=promoted,
                forced=promoted and not gate.accepted,
                current=self.registry.current_version(),
                intake=intake,
                in_validation=in_validation,
                to_validation=to_validation,
                train_rows=int(len(training)),
                validation_rows=metadata["validation_rows"],
                validation_revision=metadata["validation_revision"],
                current_metrics=evaluate.headline(current_metrics),
                candidate_metrics=evaluate.headline(metrics),
                comparison=evaluate.comparison_table(current_metrics, metrics).to_dict(
                    orient="records"
                ),
                current_confusion_matrix=current_metrics["confusion_matrix"],
                candidate_confusion_matrix=metrics["confusion_matrix"],
                labels=metrics["labels"],
                data_reports=reports,
                augmentation=augmentation_summary,
            )

    def _incremental_candidate(
        self, current: Pipeline, pool: pd.DataFrame
    ) -> tuple[incremental.IncrementalPipeline | None, pd.DataFrame, str]:
        """(updated pipeline or ``None`` to fall back to batch, rows learned now, message)."""
        texts, labels = pool["text"].astype(str).tolist(), pool["label"].astype(int).to_numpy()
        seed = self.settings.seed
        if not (
            isinstance(current, incremental.IncrementalPipeline)
            and incremental.is_incremental(current)
        ):
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
        validation = self.validation()
        return evaluate.score(self.registry.load(self.registry.get(version)), validation)

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
            frame, None if self.registry.in_demo() else stored, self.split_validation
        )
        pipeline = None
        if agree_with_current and not dry_run and self.registry.current_version() is not None:
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


def _fit(texts: list[str], labels: list[int], candidate: str) -> Pipeline:
    """Fit a new pipeline; in a child process (:mod:`odsgr.fit_process`) when other threads run
    in this one — a server, whose requests must not wait for the fit — else here."""
    if threading.active_count() > 1:
        from odsgr import fit_process

        return fit_process.fit(texts, labels, candidate)
    return model.fit(texts, labels, candidate)
