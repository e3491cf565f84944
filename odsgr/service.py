"""The use cases of odsgr — predict, train, retrain, promote, evaluate, list — shared by the UI,
the API and the CLI. Nothing here knows about Gradio or argparse.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

from odsgr import data, evaluate, model
from odsgr.config import Settings
from odsgr.errors import DataError, ModelNotFoundError
from odsgr.registry import ModelVersion, Registry, fingerprint_frame
from odsgr.sdg import label_name

log = logging.getLogger(__name__)

Progress = Callable[[float, str], None]
PREDICTION_COLUMNS = ("label", "label_name", "probability", "needs_review")
BATCH_CHUNK_ROWS = 5_000
STRATEGIES = ("batch", "window")


def _no_progress(_fraction: float, _message: str) -> None:
    return None


def _dedupe_key(texts: pd.Series) -> pd.Series:
    return texts.astype(str).str.lower().str.split().str.join(" ")


class Service:
    """odsgr for one home directory: keeps the current model loaded and swaps it atomically."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings.from_env()
        self.registry = Registry(self.settings)
        self._loaded: tuple[str, object] | None = None
        self._load_lock = threading.Lock()

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

    # ---------------------------------------------------------------- predict
    def _prepare_text(self, text: object) -> tuple[str, list[str]]:
        if text is None or not isinstance(text, str):
            raise DataError("El texto debe ser una cadena de caracteres.")
        cleaned = data.clean_text(text)
        if not cleaned:
            raise DataError("El texto está vacío: escriba o pegue un texto para clasificar.")
        warnings = []
        if len(cleaned) > self.settings.max_text_chars:
            cleaned = cleaned[: self.settings.max_text_chars]
            warnings.append(
                f"El texto supera {self.settings.max_text_chars} caracteres; "
                "se clasificó solo el comienzo."
            )
        if len(cleaned) < self.settings.min_text_chars:
            warnings.append("El texto es muy corto; la predicción es poco fiable.")
        return cleaned, warnings

    def predict(self, text: object, language: str = "es", explain: bool = True) -> dict:
        """Classify one text: label, name, probability of every class, review flag, explanation.

        Raises:
            DataError: the text is empty or not a string.
            ModelNotFoundError: no model has been trained yet.
        """
        cleaned, warnings = self._prepare_text(text)
        version, pipeline = self.current_model()
        prediction = model.predict(pipeline, [cleaned], self.settings.review_threshold)[0]
        result = {
            "label": prediction.label,
            "label_name": label_name(prediction.label, language),
            "probability": round(prediction.probability, 6),
            "probabilities": {str(k): round(v, 6) for k, v in prediction.probabilities.items()},
            "needs_review": prediction.needs_review,
            "model_version": version.version,
            "warnings": warnings,
        }
        if explain:
            explanation = model.explain(pipeline, cleaned, prediction.label)
            result["explanation"] = {
                "terms": [[term, round(weight, 4)] for term, weight in explanation.terms],
                "highlights": explanation.highlights,
            }
        return result

    def predict_many(self, texts: Sequence[object], language: str = "es") -> list[dict]:
        """Classify a list of texts (no explanations); refuses lists above the batch cap."""
        if not isinstance(texts, (list, tuple)):
            raise DataError("Se esperaba una lista de textos.")
        if len(texts) > self.settings.max_batch_texts:
            raise DataError(
                f"Demasiados textos en una llamada ({len(texts)}); el máximo es "
                f"{self.settings.max_batch_texts}. Divídalos o use un archivo."
            )
        return [self.predict(t, language=language, explain=False) for t in texts]

    def predict_frame(
        self,
        frame: pd.DataFrame,
        text_column: str,
        language: str = "es",
        progress: Progress = _no_progress,
    ) -> pd.DataFrame:
        """Append ``label``, ``label_name``, ``probability`` and ``needs_review`` to ``frame``.

        Empty texts get no label (the other columns are kept as they are).
        """
        if text_column not in frame.columns:
            raise DataError(
                f"La columna de texto {text_column!r} no existe. Columnas: {list(frame.columns)}"
            )
        _, pipeline = self.current_model()
        texts = [
            data.clean_text(t)[: self.settings.max_text_chars] if isinstance(t, str) else ""
            for t in frame[text_column].tolist()
        ]
        labels = np.zeros(len(texts), dtype=int)
        probabilities = np.full(len(texts), np.nan)
        filled = np.array([bool(t) for t in texts], dtype=bool)
        index = np.flatnonzero(filled)
        for start in range(0, len(index), BATCH_CHUNK_ROWS):
            chunk = index[start : start + BATCH_CHUNK_ROWS]
            chunk_labels, chunk_probs = model.predict_arrays(pipeline, [texts[i] for i in chunk])
            labels[chunk], probabilities[chunk] = chunk_labels, chunk_probs
            progress(min(1.0, (start + len(chunk)) / max(len(index), 1)), "Clasificando…")
        result = frame.copy()
        result["label"] = pd.array(np.where(filled, labels, 0), dtype="Int64")
        result.loc[~filled, "label"] = pd.NA
        result["label_name"] = [
            label_name(int(lab), language) if ok else "" for lab, ok in zip(labels, filled)
        ]
        result["probability"] = np.round(probabilities, 6)
        result["needs_review"] = pd.array(
            np.where(filled, probabilities < self.settings.review_threshold, True), dtype=bool
        )
        return result

    def predict_file(
        self,
        input_path: str | Path,
        output_path: str | Path,
        text_column: str | None = None,
        language: str = "es",
        progress: Progress = _no_progress,
    ) -> Path:
        """Read a CSV/XLSX/JSON/Parquet file, predict every row, write CSV or XLSX by extension."""
        frame, column = data.load_texts(input_path, text_column=text_column, settings=self.settings)
        result = self.predict_frame(frame, column, language, progress)
        return data.write_table(result, output_path)

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

    def _exclude_validation(self, frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
        validation = self.registry.read_validation()
        if validation is None:
            return frame, 0
        in_validation = _dedupe_key(frame["text"]).isin(set(_dedupe_key(validation["text"])))
        return frame[~in_validation], int(in_validation.sum())

    def training_frame(self) -> pd.DataFrame:
        """The stored history de-duplicated (the latest label of a text wins) minus validation."""
        history = self.registry.read_history()
        if history.empty:
            return history
        history = history.assign(_key=_dedupe_key(history["text"]))
        latest = history.drop_duplicates("_key", keep="last").drop(columns="_key")
        return self._exclude_validation(latest)[0].reset_index(drop=True)

    def _fit_candidate(
        self,
        training: pd.DataFrame,
        strategy: str,
        parent: str | None,
        extra: dict,
        progress: Progress,
        candidate: str = model.DEFAULT_CANDIDATE,
    ) -> tuple[object, dict]:
        """Fit on ``training``, measure on the fixed validation set: (pipeline, metadata)."""
        validation = self._validation()
        progress(0.2, "Entrenando el modelo…")
        pipeline = model.fit(training["text"].tolist(), training["label"].tolist(), candidate)
        progress(0.7, "Evaluando en el conjunto de validación…")
        labels = sorted(set(validation["label"].astype(int)) | set(model.model_labels(pipeline)))
        predicted, _ = model.predict_arrays(pipeline, validation["text"].tolist())
        metrics = evaluate.compute_metrics(validation["label"].astype(int), predicted, labels)
        synthetic = training["synthetic"].astype(bool) if "synthetic" in training else None
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
            "validation_metrics": metrics,
            **extra,
        }
        return pipeline, metadata

    def train(
        self,
        paths: Sequence[str | Path] = (),
        frames: Sequence[tuple[pd.DataFrame, str]] = (),
        validation_path: str | Path | None = None,
        text_column: str | None = None,
        label_column: str | None = None,
        progress: Progress = _no_progress,
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
            if validation_path is not None:
                validation, report = data.load_labelled(validation_path, settings=self.settings)
                reports[str(validation_path)] = report.to_dict()
                self.registry.write_validation(validation)
            elif self.registry.read_validation() is None:
                incoming, validation = self._split_validation(incoming)
                self.registry.write_validation(validation)
            incoming, in_validation = self._exclude_validation(incoming)
            for source, part in incoming.groupby("source", sort=False):
                self.registry.append_history(part, str(source))
            training = self.training_frame()
            if training.empty:
                raise DataError("No quedan textos para entrenar tras separar la validación.")
            parent = self.registry.current_version()
            pipeline, metadata = self._fit_candidate(
                training,
                "batch",
                parent,
                {"sources": sorted(incoming["source"].unique()), "demo": demo},
                progress,
            )
            progress(0.85, "Guardando la versión…")
            version = self.registry.save_version(pipeline, metadata)
            metrics = metadata["validation_metrics"]
            self.registry.set_current(version.version, action="train", actor=actor)
            progress(1.0, "Listo.")
            return {
                "version": version.version,
                "parent": parent,
                "demo": demo,
                "current": True,
                "class_counts": version.metadata["class_counts"],
                "train_rows": version.metadata["train_rows"],
                "rows_in_validation_skipped": in_validation,
                "validation_metrics": _headline(metrics),
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
        return incoming, reports

    def retrain(
        self,
        paths: Sequence[str | Path] = (),
        frames: Sequence[tuple[pd.DataFrame, str]] = (),
        strategy: str = "batch",
        window: int | None = None,
        auto_promote: bool = True,
        force: bool = False,
        text_column: str | None = None,
        label_column: str | None = None,
        progress: Progress = _no_progress,
        actor: str = "",
    ) -> dict:
        """Fit a *candidate* version from the history plus new labelled rows and judge it.

        The new rows wait in ``data/pending/`` until the candidate is promoted (then they join
        the history) or discarded. With ``auto_promote`` the candidate becomes current when the
        promotion gate accepts it, or when ``force`` is set.

        Strategies: ``batch`` refits on all history + new rows; ``window`` refits on the most
        recent ``window`` rows of that sequence.
        """
        if strategy not in STRATEGIES:
            raise DataError(
                f"Estrategia desconocida: {strategy!r}. Opciones: {', '.join(STRATEGIES)}."
            )
        if strategy == "window" and (window is None or window < 10):
            raise DataError("La estrategia «window» necesita --window N con N ≥ 10 filas.")
        with self.registry.retrain_lock():
            progress(0.0, "Leyendo y validando los datos…")
            incoming, reports = self._read_labelled(paths, frames, text_column, label_column)
            current_version, _ = self.current_model()
            incoming, in_validation = self._exclude_validation(incoming)
            history = self.registry.read_history()
            pool = pd.concat([history, incoming], ignore_index=True)
            pool = pool.assign(_key=_dedupe_key(pool["text"]))
            pool = pool.drop_duplicates("_key", keep="last").drop(columns="_key")
            training = pool if strategy == "batch" else pool.tail(window)
            training = training.reset_index(drop=True)
            pipeline, metadata = self._fit_candidate(
                training,
                strategy,
                current_version.version,
                {"sources": sorted(incoming["source"].unique()), "window": window},
                progress,
            )
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
            self.registry.stage_pending(version.version, incoming)
            promoted = False
            if auto_promote and (gate["accepted"] or force):
                self._promote_locked(version.version, force=force, actor=actor)
                promoted = True
            progress(1.0, "Listo.")
            return {
                "candidate": version.version,
                "parent": current_version.version,
                "strategy": strategy,
                "gate": gate,
                "promoted": promoted,
                "current": self.registry.current_version(),
                "new_rows": int(len(incoming)),
                "train_rows": int(len(training)),
                "rows_in_validation_skipped": in_validation,
                "current_metrics": _headline(current_metrics),
                "candidate_metrics": _headline(metrics),
                "comparison": evaluate.comparison_table(current_metrics, metrics).to_dict(
                    orient="records"
                ),
                "current_confusion_matrix": current_metrics["confusion_matrix"],
                "candidate_confusion_matrix": metrics["confusion_matrix"],
                "labels": metrics["labels"],
                "data_reports": reports,
            }

    def evaluate_on_validation(self, version: str) -> dict:
        """Metrics of a stored version on today's fixed validation set."""
        validation = self._validation()
        pipeline = self.registry.load(self.registry.get(version))
        predicted, _ = model.predict_arrays(pipeline, validation["text"].tolist())
        labels = sorted(set(validation["label"].astype(int)) | set(model.model_labels(pipeline)))
        return evaluate.compute_metrics(validation["label"].astype(int), predicted, labels)

    # ------------------------------------------------------------- versions
    def _promote_locked(self, version: str, force: bool, actor: str) -> None:
        chosen = self.registry.get(version)
        gate = chosen.metadata.get("gate")
        if gate and not gate.get("accepted", True) and not force:
            raise DataError(
                f"La versión {version} fue rechazada por el control de calidad ("
                + " ".join(gate.get("reasons", []))
                + "). Para promoverla igualmente confirme forzar la promoción."
            )
        self.registry.set_current(version, action="promote", actor=actor)
        self.registry.commit_pending(version)

    def promote(self, version: str, force: bool = False, actor: str = "") -> dict:
        """Make candidate ``version`` current (``force`` overrides a gate rejection)."""
        with self.registry.retrain_lock():
            self._promote_locked(version, force=force, actor=actor)
        return {"current": version}

    def discard(self, version: str, actor: str = "") -> dict:
        """Discard a candidate: it stays on disk for audit, its new rows are set aside."""
        if version == self.registry.current_version():
            raise DataError(f"La versión {version} es la actual; no se puede descartar.")
        self.registry.get(version)
        self.registry.discard_pending(version, actor=actor)
        return {"discarded": version, "current": self.registry.current_version()}

    def rollback(self, version: str, actor: str = "") -> dict:
        """Make an earlier ``version`` current again (nothing is deleted)."""
        self.registry.set_current(version, action="rollback", actor=actor)
        return {"current": version}

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
                    "gate": meta.get("gate"),
                    "status": self.registry.status_of(v.version),
                    "current": v.version == current,
                }
            )
        return rows

    def metrics(self, version: str | None = None) -> dict:
        """The stored validation metrics of the current (or given) version."""
        v = self.registry.get(version) if version else self.registry.current()
        return {"version": v.version, **v.metadata["validation_metrics"]}

    def evaluate(
        self,
        path: str | Path,
        version: str | None = None,
        text_column: str | None = None,
        label_column: str | None = None,
    ) -> dict:
        """Metrics of the current (or given) version on a labelled file."""
        frame, _ = data.load_labelled(
            path, text_column=text_column, label_column=label_column, settings=self.settings
        )
        if version:
            chosen = self.registry.get(version)
            pipeline = self.registry.load(chosen)
        else:
            chosen, pipeline = self.current_model()
        predicted, _ = model.predict_arrays(pipeline, frame["text"].tolist())
        labels = sorted(set(frame["label"].astype(int)) | set(model.model_labels(pipeline)))
        return evaluate.compute_metrics(frame["label"].astype(int), predicted, labels)

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

    def history(self) -> pd.DataFrame:
        """The stored labelled history (text, label, source, added_at, synthetic, …)."""
        return self.registry.read_history()


def _headline(metrics: dict) -> dict:
    return {key: round(float(metrics[key]), 6) for key in evaluate.HEADLINE_METRICS}
