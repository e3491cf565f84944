"""The review queue: uncertain predictions waiting for a person to confirm or correct their SDG.

Layout under ``data/review/`` (append-only; every file is written to a temporary name and renamed)::

    items/part-<ns>-<id>.jsonl       queued predictions, one JSON object per line
    decisions/part-<ns>-<id>.jsonl   decisions: {id, label (None = dismissed), actor, time};
                                     ``dropped: true`` marks items dropped by the size cap
    pending.json                     {id: [margin, created_at, label]} of pending items, so
                                     the cap is kept without reading the texts (rebuilt if lost)
    .lock                            held while queueing or deciding

The queue holds at most ``settings.review_max_items`` pending items (``ODSGR_REVIEW_MAX_ITEMS``):
beyond it the least doubtful (largest margin), oldest first, are dropped and counted. Once a
folder holds ``COMPACT_AFTER_PARTS`` parts they are merged into one (dropped items' texts are
deleted then), so loading the queue reads a bounded number of files.

An item keeps the text (masked with :func:`odsgr.privacy.mask_texts` when
``settings.mask_personal_data``), the predicted label, the probability of every class, the margin
between the two most likely classes, the model version, where it came from and when. Confirmed or
corrected items join the labelled history with ``source="review"``, so the next retrain uses them.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from filelock import FileLock

from odsgr.config import Settings
from odsgr.errors import DataError
from odsgr.model import Prediction
from odsgr.privacy import mask_texts
from odsgr.registry import Registry, now_iso
from odsgr.sdg import SDGS
from odsgr.storage import atomic_path

__all__ = [
    "COMPACT_AFTER_PARTS",
    "DROPPED_BY",
    "QUEUE_COLUMNS",
    "REVIEW_SOURCE",
    "review_dir",
    "enqueue",
    "ReviewWriter",
    "dropped_count",
    "list_queue",
    "decide",
]

COMPACT_AFTER_PARTS = 64
DROPPED_BY = "límite de la cola"
QUEUE_COLUMNS = (
    "id",
    "text",
    "predicted_label",
    "probability",
    "margin",
    "probabilities",
    "model_version",
    "origin",
    "created_at",
)
REVIEW_SOURCE = "review"

log = logging.getLogger(__name__)


def review_dir(settings: Settings) -> Path:
    """Folder of the review queue."""
    return settings.data_dir / "review"


def _write_part(folder: Path, records: Sequence[Mapping], ns: int | None = None) -> Path:
    name = f"part-{ns or time.time_ns():020d}-{uuid.uuid4().hex[:8]}.jsonl"
    with atomic_path(folder / name) as temporary, open(temporary, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return folder / name


def _read_parts(folder: Path) -> list[dict]:
    if not folder.is_dir():
        return []
    records = []
    for path in sorted(folder.glob("part-*.jsonl")):
        records += [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]
    return records


def _compact(folder: Path, keep: Callable[[dict], bool] = lambda record: True) -> None:
    """Merge the parts of ``folder`` into one (records ``keep`` refuses are left out).

    Called with the queue lock held. The merged part is named after the oldest one, so it sorts
    first; a crash between the rename and the deletions only leaves duplicates that readers
    collapse by id.
    """
    parts = sorted(folder.glob("part-*.jsonl")) if folder.is_dir() else []
    if len(parts) < COMPACT_AFTER_PARTS:
        return
    records = [record for record in _read_parts(folder) if keep(record)]
    oldest = int(parts[0].name.split("-")[1])
    merged = _write_part(folder, records, ns=oldest)
    for part in parts:
        if part != merged:
            part.unlink(missing_ok=True)


def _margin(probabilities: Mapping[int, float]) -> float:
    top = sorted(probabilities.values(), reverse=True) + [0.0, 0.0]
    return float(top[0] - top[1])


def enqueue(
    settings: Settings,
    texts: Sequence[str],
    predictions: Sequence[Prediction],
    model_version: str,
    origin: str,
) -> list[str]:
    """Queue predictions for review (the caller picks which; usually those under the threshold).

    Args:
        settings: the home's settings (``mask_personal_data`` decides whether texts are masked).
        texts: the classified texts, aligned with ``predictions``.
        predictions: what the model answered for each text.
        model_version: the version that predicted them.
        origin: ``classify``, ``batch`` or ``api``.

    Returns:
        The ids of the queued items.
    """
    if not texts:
        return []
    stored = mask_texts(texts)[0] if settings.mask_personal_data else list(texts)
    # Keep only as many as the cap can hold (the most doubtful), before any disk write.
    order = sorted(range(len(stored)), key=lambda i: _margin(predictions[i].probabilities))
    kept = sorted(order[: max(settings.review_max_items, 0)])
    surplus = len(stored) - len(kept)
    stored = [stored[i] for i in kept]
    predictions = [predictions[i] for i in kept]
    created = now_iso()
    records: list[dict[str, Any]] = []  # parquet rows
    for text, prediction in zip(stored, predictions):
        records.append(
            {
                "id": uuid.uuid4().hex[:12],
                "text": text,
                "predicted_label": int(prediction.label),
                "probability": round(float(prediction.probability), 6),
                "margin": round(_margin(prediction.probabilities), 6),
                "probabilities": {
                    str(k): round(float(v), 6) for k, v in prediction.probabilities.items()
                },
                "model_version": model_version,
                "origin": origin,
                "created_at": created,
            }
        )
    folder = review_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    with FileLock(str(folder / ".lock"), timeout=60):
        if records:
            _write_part(folder / "items", records)
        if surplus:
            _write_part(folder / "decisions", [_drop_record("(no guardado)")] * surplus)
        dropped = _enforce_cap(settings, records) + surplus
    if dropped:
        log.warning("Review queue full (%d items): %d dropped", settings.review_max_items, dropped)
    return [r["id"] for r in records]


class ReviewWriter:
    """Queues predictions for review on one background thread of its own.

    Masking and writing happen off the caller's thread, so a /predict with
    ``store_for_review`` never holds a prediction slot while the queue is written (writes never
    share a concurrency group with /predict). At most ``MAX_BACKLOG`` texts wait in memory;
    beyond that new ones are dropped and counted like the cap's drops.
    """

    MAX_BACKLOG = 2_000

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="odsgr-review")
        self._backlog = 0
        self._mutex = threading.Lock()
        self._futures: list[Future] = []

    def submit(
        self,
        texts: Sequence[str],
        predictions: Sequence[Prediction],
        model_version: str,
        origin: str,
    ) -> bool:
        """Queue ``texts`` for review in the background; False when the backlog is full."""
        with self._mutex:
            if self._backlog + len(texts) > self.MAX_BACKLOG:
                log.warning("Review backlog full: %d predictions not queued", len(texts))
                return False
            self._backlog += len(texts)
            future = self._executor.submit(
                self._write, list(texts), list(predictions), model_version, origin
            )
            self._futures = [f for f in self._futures if not f.done()] + [future]
        return True

    def _write(self, texts, predictions, model_version: str, origin: str) -> None:
        try:
            enqueue(self.settings, texts, predictions, model_version, origin)
        except Exception:  # a failed background write must not kill the writer thread
            log.exception("Could not queue %d predictions for review", len(texts))
        finally:
            with self._mutex:
                self._backlog -= len(texts)

    def flush(self) -> None:
        """Wait until every submitted prediction is written."""
        with self._mutex:
            futures = list(self._futures)
        for future in futures:
            future.result()


def _drop_record(item_id: str, predicted_label: object = None) -> dict:
    return {
        "id": item_id,
        "label": None,
        "predicted_label": predicted_label,
        "actor": DROPPED_BY,
        "dropped": True,
        "time": now_iso(),
    }


def _enforce_cap(settings: Settings, new: Sequence[Mapping]) -> int:
    """Drop the least doubtful pending items beyond the cap, compact; how many were dropped.

    Works on the small pending index, never on the texts (except when compacting, once every
    ``COMPACT_AFTER_PARTS`` writes). Called with the queue lock held.
    """
    folder = review_dir(settings)
    pending = _load_index(settings)
    pending.update({r["id"]: [r["margin"], r["created_at"], r["predicted_label"]] for r in new})
    overflow = len(pending) - settings.review_max_items
    if overflow > 0:
        # Least doubtful first (largest margin); among equals the oldest goes first.
        ranked = sorted(pending.items(), key=lambda entry: (-entry[1][0], entry[1][1]))
        drops = [_drop_record(item_id, entry[2]) for item_id, entry in ranked[:overflow]]
        _write_part(folder / "decisions", drops)
        for record in drops:
            del pending[record["id"]]
    _save_index(settings, pending)
    parts = len(list((folder / "items").glob("part-*.jsonl")))
    decision_parts = len(list((folder / "decisions").glob("part-*.jsonl")))
    if max(parts, decision_parts) >= COMPACT_AFTER_PARTS:
        decided = _decided(settings)
        _compact(folder / "decisions")
        _compact(folder / "items", keep=lambda item: not decided.get(item["id"], {}).get("dropped"))
    return max(overflow, 0)


def _index_path(settings: Settings) -> Path:
    return review_dir(settings) / "pending.json"


def _load_index(settings: Settings) -> dict[str, list]:
    """``{id: [margin, created_at, predicted_label]}`` of pending items (rebuilt if missing)."""
    try:
        return json.loads(_index_path(settings).read_text("utf-8"))
    except (FileNotFoundError, ValueError):
        decided = _decided(settings)
        items = _read_parts(review_dir(settings) / "items")
        return {
            item["id"]: [item["margin"], item["created_at"], item["predicted_label"]]
            for item in items
            if item["id"] not in decided
        }


def _save_index(settings: Settings, pending: Mapping[str, list]) -> None:
    with atomic_path(_index_path(settings)) as temporary:
        temporary.write_text(json.dumps(pending), encoding="utf-8")


def _unique(records: list[dict]) -> list[dict]:
    """``records`` with one record per id (the first), in order."""
    return list({record["id"]: record for record in reversed(records)}.values())[::-1]


def dropped_count(settings: Settings) -> int:
    """How many predictions the size cap has dropped from the queue so far."""
    return sum(1 for d in _read_parts(review_dir(settings) / "decisions") if d.get("dropped"))


def _decided(settings: Settings) -> dict[str, dict]:
    return {d["id"]: d for d in _read_parts(review_dir(settings) / "decisions") if d.get("id")}


def list_queue(settings: Settings, include_decided: bool = False) -> pd.DataFrame:
    """The items waiting for review, most uncertain (lowest margin) first.

    Columns: ``id, text, predicted_label, probability, margin, probabilities`` (a dict per row),
    ``model_version, origin, created_at``; with ``include_decided`` also ``decided_label``
    (``<NA>`` for dismissed or pending items), ``decided_by``, ``decided_at``.
    """
    items = _unique(_read_parts(review_dir(settings) / "items"))
    decided = _decided(settings)
    if not include_decided:
        items = [item for item in items if item["id"] not in decided]
    frame = pd.DataFrame(items, columns=list(QUEUE_COLUMNS))
    if include_decided:
        frame["decided_label"] = pd.array(
            [decided.get(i, {}).get("label") for i in frame["id"]], dtype="Int64"
        )
        frame["decided_by"] = [decided.get(i, {}).get("actor") for i in frame["id"]]
        frame["decided_at"] = [decided.get(i, {}).get("time") for i in frame["id"]]
    frame = frame.sort_values(["margin", "created_at"], kind="stable", ignore_index=True)
    return frame.astype({"predicted_label": "Int64"})


def _label(value: object, item_id: str) -> int | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
        return None
    if isinstance(value, bool):  # True == 1 in Python: it would silently mean ODS 1
        raise DataError(f"Etiqueta no válida para el elemento {item_id}: {value!r} (ODS 1–17).")
    if not isinstance(value, int | float | str | np.number):
        raise DataError(f"Etiqueta no válida para el elemento {item_id}: {value!r}.")
    try:
        label = int(value)
    except (TypeError, ValueError):
        raise DataError(f"Etiqueta no válida para el elemento {item_id}: {value!r}.") from None
    if label not in SDGS or label != float(value):
        raise DataError(f"Etiqueta no válida para el elemento {item_id}: {value!r} (ODS 1–17).")
    return label


def decide(settings: Settings, decisions: Sequence[Mapping], actor: str = "") -> dict:
    """Confirm, correct or dismiss queued items in bulk.

    Args:
        settings: the home's settings.
        decisions: ``[{"id": ..., "label": SDG}]``; a label equal to the prediction confirms it,
            another corrects it, ``None`` dismisses the item (it leaves the queue, nothing is
            learned from it).
        actor: who decided (stored with every decision).

    Returns:
        ``{"confirmed", "corrected", "dismissed", "history_rows"}`` counts.

    Raises:
        DataError: an id is unknown or already decided, a label is not an SDG, or an id repeats.
    """
    chosen: dict[str, int | None] = {}
    for decision in decisions:
        item_id = str(decision.get("id", ""))
        if item_id in chosen:
            raise DataError(f"El elemento {item_id} aparece dos veces en las decisiones.")
        chosen[item_id] = _label(decision.get("label"), item_id)
    if not chosen:
        raise DataError("No se indicó ninguna decisión de revisión.")
    folder = review_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    with FileLock(str(folder / ".lock"), timeout=60):
        items = {item["id"]: item for item in _read_parts(folder / "items")}
        decided = _decided(settings)
        unknown = [i for i in chosen if i not in items]
        if unknown:
            raise DataError(f"Elementos de revisión desconocidos: {', '.join(unknown[:10])}.")
        repeated = [i for i in chosen if i in decided]
        if repeated:
            raise DataError(f"Elementos ya revisados: {', '.join(repeated[:10])}.")
        labelled = [(items[i], label) for i, label in chosen.items() if label is not None]
        history = pd.DataFrame(
            {
                "text": [item["text"] for item, _ in labelled],
                "label": [label for _, label in labelled],
                "source": REVIEW_SOURCE,
                "synthetic": False,
            }
        )
        # History first: a crash before the decisions are written leaves the items queued, and
        # deciding them again only repeats rows that training de-duplicates by text.
        Registry(settings).append_history(history, REVIEW_SOURCE)
        when = now_iso()
        pending = _load_index(settings)
        _write_part(
            folder / "decisions",
            [
                {
                    "id": i,
                    "label": label,
                    "predicted_label": items[i]["predicted_label"],
                    "actor": actor,
                    "time": when,
                }
                for i, label in chosen.items()
            ],
        )
        _save_index(settings, {i: v for i, v in pending.items() if i not in chosen})
    confirmed = sum(1 for item, label in labelled if label == item["predicted_label"])
    return {
        "confirmed": confirmed,
        "corrected": len(labelled) - confirmed,
        "dismissed": len(chosen) - len(labelled),
        "history_rows": len(labelled),
    }
