"""Compare the retrain strategies (batch, incremental, window) as data arrives in chunks.

The reference data (``ods_opiniones.xlsx``) is split into a fixed, stratified 15 % validation
set; the rest is shuffled and cut into an initial 60 % and four later chunks of 10 %, added one
by one. After each chunk, macro-F1 on the fixed validation set and the seconds the update took.

Two views:

* **through odsgr** — ``Service.retrain(strategy=..., force=True)`` in a fresh home per strategy,
  so the seconds include reading the history, evaluating, saving the version and the pending
  rows. The home starts as ``python -m odsgr train`` leaves it (a batch model), so the first
  incremental retrain builds the incremental model once; later ones only update it.
* **model only** — the fit/update call alone, with the incremental model built on the initial
  60 %: the cost of the learning step itself.

``window`` keeps the most recent N rows, N = the size of the initial 60 %.

Run: ``python benchmarks/retrain.py`` (about a minute on two cores); writes ``retrain.md``.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import pandas as pd  # noqa: E402
from _reference import REPO_ROOT, reference_dir  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402

from odsgr import data, evaluate, incremental, model  # noqa: E402
from odsgr.config import Settings  # noqa: E402
from odsgr.service import Service  # noqa: E402

SEED = 42
STRATEGIES = ("batch", "incremental", "window")


def split(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, list[pd.DataFrame]]:
    """(validation 15 %, initial 60 % of the rest, four chunks of 10 % of the rest)."""
    rest, validation = train_test_split(
        frame, test_size=0.15, stratify=frame["label"], random_state=SEED
    )
    rest = rest.sample(frac=1.0, random_state=SEED).reset_index(drop=True)
    cuts = [round(len(rest) * f) for f in (0.6, 0.7, 0.8, 0.9, 1.0)]
    chunks = [rest.iloc[a:b] for a, b in zip(cuts, cuts[1:])]
    return validation.reset_index(drop=True), rest.iloc[: cuts[0]], chunks


def through_service(
    strategy: str, validation: pd.DataFrame, initial: pd.DataFrame, chunks: list[pd.DataFrame]
) -> list[dict]:
    """Macro-F1 and end-to-end seconds after the initial training and each chunk."""
    with tempfile.TemporaryDirectory() as home:
        folder = Path(home)
        validation.to_csv(folder / "validation.csv", index=False)
        initial.to_csv(folder / "initial.csv", index=False)
        service = Service(Settings(home=folder, seed=SEED))
        start = time.perf_counter()
        summary = service.train(
            paths=[folder / "initial.csv"], validation_path=folder / "validation.csv"
        )
        rows = [
            {
                "step": "initial 60 %",
                "f1": summary.validation_metrics["f1_macro"],
                "seconds": time.perf_counter() - start,
                "train_rows": summary.train_rows,
                "note": "batch (train)",
            }
        ]
        for number, chunk in enumerate(chunks, start=1):
            start = time.perf_counter()
            result = service.retrain(
                frames=[(chunk, f"chunk {number}")],
                strategy=strategy,
                window=len(initial) if strategy == "window" else None,
                force=True,
            )
            seconds = time.perf_counter() - start
            built = "construyó" in result.message
            rows.append(
                {
                    "step": f"+ chunk {number} (10 %)",
                    "f1": result.candidate_metrics["f1_macro"],
                    "seconds": seconds,
                    "train_rows": result.train_rows,
                    "note": "one-time incremental build" if built else result.strategy,
                }
            )
        return rows


def _f1(pipeline: object, validation: pd.DataFrame) -> float:
    predicted, _ = model.predict_arrays(pipeline, validation["text"].tolist())
    return evaluate.compute_metrics(validation["label"], predicted)["f1_macro"]


def model_only(
    strategy: str, validation: pd.DataFrame, initial: pd.DataFrame, chunks: list[pd.DataFrame]
) -> list[dict]:
    """Macro-F1 and seconds of the learning step alone."""
    seen = initial
    start = time.perf_counter()
    if strategy == "incremental":
        pipeline = incremental.build(initial["text"].tolist(), initial["label"], seed=SEED)
    else:
        pipeline = model.fit(initial["text"].tolist(), initial["label"])
    rows = [{"f1": _f1(pipeline, validation), "seconds": time.perf_counter() - start}]
    for chunk in chunks:
        seen = pd.concat([seen, chunk], ignore_index=True)
        start = time.perf_counter()
        if strategy == "incremental":
            pipeline = incremental.update(pipeline, chunk["text"].tolist(), chunk["label"])
        else:
            training = seen if strategy == "batch" else seen.tail(len(initial))
            pipeline = model.fit(training["text"].tolist(), training["label"])
        rows.append({"f1": _f1(pipeline, validation), "seconds": time.perf_counter() - start})
    return rows


def _table(results: dict[str, list[dict]], steps: list[str], with_notes: bool) -> str:
    header = "| step | " + " | ".join(f"{s} F1 | {s} s" for s in STRATEGIES) + " |"
    lines = [header, "|" + "---|" * (1 + 2 * len(STRATEGIES))]
    for i, step in enumerate(steps):
        cells = []
        for strategy in STRATEGIES:
            row = results[strategy][i]
            mark = "¹" if with_notes and row.get("note") == "one-time incremental build" else ""
            cells.append(f"{row['f1']:.4f} | {row['seconds']:.2f}{mark}")
        lines.append(f"| {step} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    frame, _ = data.load_labelled(reference_dir() / "ods_opiniones.xlsx")
    validation, initial, chunks = split(frame)
    steps = ["initial 60 %"] + [f"+ chunk {n} (10 %)" for n in range(1, 5)]
    service_results = {s: through_service(s, validation, initial, chunks) for s in STRATEGIES}
    model_results = {s: model_only(s, validation, initial, chunks) for s in STRATEGIES}
    updates = {s: sum(r["seconds"] for r in model_results[s][1:]) / len(chunks) for s in STRATEGIES}
    report = f"""# Retrain strategies on the reference data

`python benchmarks/retrain.py` — `ods_opiniones.xlsx` ({len(frame)} rows after cleaning):
fixed stratified validation set of {len(validation)} rows (15 %); of the other {
        len(frame) - len(validation)
    }, an initial {len(initial)} rows (60 %) and four chunks of
{", ".join(str(len(c)) for c in chunks)} rows (10 % each) added one by one. Macro-F1 on the
fixed validation set; seconds of wall time on a shared 2-core machine (one BLAS thread).
`window` keeps the most recent {len(initial)} rows.

## Through odsgr (`Service.retrain(strategy=…, force=True)`)

Seconds include reading the history, fitting, evaluating on the validation set, and saving the
version and its pending rows.

{_table(service_results, steps, with_notes=True)}

¹ The home starts with a batch model (as `python -m odsgr train` leaves it), so the first
incremental retrain builds the incremental model once from the whole history; later ones only
update it with the new rows.

## Model only (the fit or update call)

Incremental model built on the initial 60 %, then updated with each chunk only.

{_table(model_results, steps, with_notes=False)}

Mean seconds per update (chunks 1–4):
{", ".join(f"{s} {updates[s]:.2f} s" for s in STRATEGIES)}.
"""
    print(report)
    (REPO_ROOT / "benchmarks" / "retrain.md").write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
