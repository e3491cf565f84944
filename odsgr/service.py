"""The use cases of odsgr — predict, train, retrain, promote, evaluate, list — shared by the UI,
the API and the CLI: a facade over the stage modules (:mod:`odsgr.train`, :mod:`odsgr.predict`,
:mod:`odsgr.evaluate`, :mod:`odsgr.hub`, …). Nothing here knows about Gradio or argparse.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

import pandas as pd

from odsgr import data, drift, evaluate, model, recovery, review, storage, uploads
from odsgr.config import Settings
from odsgr.predict import FileSummary, Predictor
from odsgr.registry import ModelVersion, Registry
from odsgr.results import DriftReport
from odsgr.train import STRATEGIES, Trainer
from odsgr.versions import VersionBook

if TYPE_CHECKING:
    from odsgr.hub.client import HubClient

__all__ = ["STRATEGIES", "FileSummary", "Service"]

log = logging.getLogger(__name__)


P = ParamSpec("P")
R = TypeVar("R")


def _delegate(
    stage: str, method: Callable[Concatenate[Any, P], R]
) -> Callable[Concatenate[Service, P], R]:
    """A :class:`Service` method that calls ``method`` on the stage object ``service.<stage>``,
    with the same signature (for mypy and :func:`inspect.signature`) and docstring."""

    @functools.wraps(method)
    def call(self: Service, /, *args: P.args, **kwargs: P.kwargs) -> R:
        return method(getattr(self, stage), *args, **kwargs)

    return call


class Service:
    """odsgr for one home directory: keeps the current model loaded and swaps it atomically."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings.from_env()
        self.registry = Registry(self.settings)
        self.drift = drift.DriftRecorder(self.settings)
        self.review_writer = review.ReviewWriter(self.settings)
        # The stages get callables that do not hold the service: a service that is dropped is
        # freed at once (with its drift recorder), as no reference cycle keeps it alive.
        self._hub = _lazy_hub(self.settings, self.registry)
        self._make_current = functools.partial(_make_current, self.registry, self._hub)
        self.predictor = Predictor(self.settings, self.registry, self.drift, self.review_writer)
        self.trainer = Trainer(
            self.settings,
            self.registry,
            self.predictor.current_model,
            self._make_current,
            self._hub,
        )
        self.version_book = VersionBook(self.settings, self.registry, self._make_current)
        recovery.recover_interrupted(self.settings, self.registry)

    # ------------------------------------------------------------------ hub
    @property
    def hub(self) -> HubClient:
        """This home's Hub client, created on first use (only then is huggingface_hub imported)."""
        return self._hub()

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

    # ----------------------------------------------------------- stages
    # One line each: same signature and docstring as the stage's method.
    current_model = _delegate("predictor", Predictor.current_model)
    predict = _delegate("predictor", Predictor.predict)
    predict_many = _delegate("predictor", Predictor.predict_many)
    predict_frame = _delegate("predictor", Predictor.predict_frame)
    predict_file = _delegate("predictor", Predictor.predict_file)
    classify_file = _delegate("predictor", Predictor.classify_file)
    predict_dataset = _delegate("predictor", Predictor.predict_dataset)
    train = _delegate("trainer", Trainer.train)
    retrain = _delegate("trainer", Trainer.retrain)
    augment = _delegate("trainer", Trainer.augment)
    training_frame = _delegate("trainer", Trainer.training_frame)
    evaluate_on_validation = _delegate("trainer", Trainer.evaluate_on_validation)

    def has_model(self) -> bool:
        """Whether a current version exists."""
        return self.registry.current_version() is not None

    def review_threshold(self) -> float:
        """The «revisar» threshold in force: ``ODSGR_REVIEW_THRESHOLD`` or the current version's."""
        if self.settings.review_threshold is not None or not self.has_model():
            return model.resolve_review_threshold(None, self.settings.review_threshold)
        return model.resolve_review_threshold(self.current_model()[1], None)

    # ------------------------------------------------------------- versions
    promote = _delegate("version_book", VersionBook.promote)
    discard = _delegate("version_book", VersionBook.discard)
    rollback = _delegate("version_book", VersionBook.rollback)
    pending_candidates = _delegate("version_book", VersionBook.pending_candidates)
    versions = _delegate("version_book", VersionBook.versions)
    metrics = _delegate("version_book", VersionBook.metrics)
    current_info = _delegate("version_book", VersionBook.current_info)

    def evaluate(
        self,
        path: str | Path,
        version: str | None = None,
        text_column: str | None = None,
        label_column: str | None = None,
    ) -> dict:
        """Metrics of the current (or given) version on a labelled file, with the share of its
        texts already in the training history (see :func:`odsgr.evaluate.score_with_overlap`)."""
        frame, _ = data.load_labelled(
            path, text_column=text_column, label_column=label_column, settings=self.settings
        )
        if version:
            pipeline = self.registry.load(self.registry.get(version))
        else:
            pipeline = self.current_model()[1]
        stored = set(data.text_key(self.registry.read_history()["text"]))
        seen = data.text_key(self.registry.mask(frame["text"])).isin(stored).to_numpy()
        return evaluate.score_with_overlap(pipeline, frame, seen)

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
    def drift_report(self, version: str | None = None) -> DriftReport:
        """Production figures of the current (or given) version vs its validation baseline."""
        self.drift.flush()
        chosen = self.registry.get(version) if version else self.registry.current()
        if drift.load_baseline(self.settings, chosen.version) is None:
            pipeline = self.registry.load(chosen)
            texts = self.trainer.validation()["text"].tolist()
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

    # ------------------------------------------------ uploads, downloads (for the UI)
    def current_version_id(self) -> str | None:
        """The id of the current version (``None`` before the first training); reads no model."""
        return self.registry.current_version()

    def inspect_upload(self, path: str | Path) -> uploads.TableColumns:
        """An uploaded table's columns, size, first rows and detected text/label columns."""
        return uploads.inspect_table(path, self.settings)

    def validate_labelled(
        self,
        source: str | Path | pd.DataFrame,
        text_column: str | None = None,
        label_column: str | None = None,
    ) -> tuple[pd.DataFrame, data.CleaningReport]:
        """A labelled file or rows cleaned as training would, stored nowhere (see uploads)."""
        return uploads.validate_labelled(
            source, self.settings, text_column=text_column, label_column=label_column
        )

    def download_folder(self) -> Path:
        """A fresh folder for result files (expired ones are deleted first)."""
        return storage.download_dir(self.settings.results_ttl_min)

    def export_labelled(self, rows: pd.DataFrame) -> Path:
        """``rows`` written as a labelled CSV in a fresh download folder; the path."""
        return uploads.export_labelled(rows, self.download_folder())


def _lazy_hub(settings: Settings, registry: Registry) -> Callable[[], HubClient]:
    """A getter of the home's Hub client, created on first call (only then is huggingface_hub
    imported)."""

    @functools.cache
    def client() -> HubClient:
        from odsgr.hub.client import HubClient

        return HubClient(settings, registry)

    return client


def _make_current(
    registry: Registry, hub: Callable[[], HubClient], version: str, action: str, actor: str
) -> dict:
    """Point current at ``version``, commit its pending rows (idempotent on restart), then
    mirror the change on the Hub when one is configured (that never raises)."""
    registry.set_current(version, action=action, actor=actor)
    committed = registry.commit_pending(version)
    if registry.settings.hub_model_repo:
        from odsgr.hub import models  # huggingface_hub is imported only when a Hub is configured

        models.publish_after_change(hub(), version)
    return committed
