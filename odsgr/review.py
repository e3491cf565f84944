"""The review queue: uncertain predictions waiting for a person to confirm or correct their SDG.

Layout under ``data/review/`` (append-only; every file is written to a temporary name and renamed)::

    items/part-<ns>-<id>.jsonl       queued predictions, one JSON object per line
    decisions/part-<ns>-<id>.jsonl   decisions: {id, label (None = dismissed), actor, time}
    .lock                            held while deciding, so two reviewers never decide twice

An item keeps the text (masked with :func:`odsgr.privacy.mask_texts` when
``settings.mask_personal_data``), the predicted label, the probability of every class, the margin
between the two most likely classes, the model version, where it came from and when. Confirmed or
corrected items join the labelled history with ``source="review"``, so the next retrain uses them.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd
from filelock import FileLock

from odsgr.config import Settings
from odsgr.errors import DataError
from odsgr.model import Prediction
from odsgr.privacy import mask_texts
from odsgr.registry import TMP_PREFIX, Registry, now_iso
from odsgr.sdg import SDGS

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


def review_dir(settings: Settings) -> Path:
    """Folder of the review queue."""
    return settings.data_dir / "review"


def _write_part(folder: Path, records: Sequence[Mapping]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    name = f"part-{time.time_ns():020d}-{uuid.uuid4().hex[:8]}.jsonl"
    tmp = folder / (TMP_PREFIX + name)
    with open(tmp, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, folder / name)
    return folder / name


def _read_parts(folder: Path) -> list[dict]:
    if not folder.is_dir():
        return []
    records = []
    for path in sorted(folder.glob("part-*.jsonl")):
        records += [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]
    return records


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
    created = now_iso()
    records = []
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
    _write_part(review_dir(settings) / "items", records)
    return [r["id"] for r in records]


def _decided(settings: Settings) -> dict[str, dict]:
    return {d["id"]: d for d in _read_parts(review_dir(settings) / "decisions")}


def list_queue(settings: Settings, include_decided: bool = False) -> pd.DataFrame:
    """The items waiting for review, most uncertain (lowest margin) first.

    Columns: ``id, text, predicted_label, probability, margin, probabilities`` (a dict per row),
    ``model_version, origin, created_at``; with ``include_decided`` also ``decided_label``
    (``<NA>`` for dismissed or pending items), ``decided_by``, ``decided_at``.
    """
    items = _read_parts(review_dir(settings) / "items")
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
    confirmed = sum(1 for item, label in labelled if label == item["predicted_label"])
    return {
        "confirmed": confirmed,
        "corrected": len(labelled) - confirmed,
        "dismissed": len(chosen) - len(labelled),
        "history_rows": len(labelled),
    }
