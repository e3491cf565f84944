"""Compare the candidate pipelines by 5-fold stratified cross-validation on the reference data.

Prints a table per training file and writes them to ``benchmarks/quality.md``: macro
precision/recall/F1 and accuracy on the in-scope rows (mean over folds; rows labelled «otro» are
learned by the scoped design but never scored), the share of in-scope texts a scoped design
marks as out of scope, fit seconds, prediction rate on one core,
single-text latency, model size, and a robustness figure: trained on ``ods_opiniones.xlsx``, the
share of the 315 texts that only the augmented file has (LLM-written ODS 1 texts, i.e. texts
written by another hand than the training set) that are still predicted ODS 1.

Run: ``python benchmarks/quality.py`` (a few minutes on two cores).
"""

from __future__ import annotations

import io
import os
import statistics
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import joblib  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from _reference import REPO_ROOT, reference_dir  # noqa: E402
from sklearn.model_selection import StratifiedKFold  # noqa: E402

from odsgr import data, evaluate, model  # noqa: E402


def _texts(frame: pd.DataFrame) -> np.ndarray:
    return np.array(frame["text"].astype(str).tolist(), dtype=object)


def cross_validate(candidate: str, texts: np.ndarray, labels: np.ndarray) -> dict:
    """Mean macro metrics over 5 stratified folds, plus fit seconds.

    Each fold is fitted as the app fits (``model.fit``: a scoped design also learns its
    out-of-scope class from rows labelled «otro» and the SDG descriptions) and scored on its
    in-scope rows only (``evaluate.score``: no model predicts «otro»). ``out_of_scope`` is the
    mean share of those in-scope rows that the design marks as out of scope (0 without scope).
    """
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=42)
    scores, fit_seconds, let_out = [], [], []
    for train, test in folds.split(texts, labels):
        start = time.perf_counter()
        pipeline = model.fit(texts[train].tolist(), labels[train], candidate)
        fit_seconds.append(time.perf_counter() - start)
        held_out = pd.DataFrame({"text": texts[test], "label": labels[test]})
        scores.append(evaluate.score(pipeline, held_out))
        inside = held_out["text"][held_out["label"] != model.OUT_OF_SCOPE].tolist()
        scope = model.score(pipeline, inside, check_language=False).in_scope
        let_out.append(float((~scope).mean()))
    result = {key: statistics.mean(s[key] for s in scores) for key in evaluate.HEADLINE_METRICS}
    result["f1_std"] = statistics.pstdev(s["f1_macro"] for s in scores)
    result["fit_s"] = statistics.median(fit_seconds)
    result["out_of_scope"] = statistics.mean(let_out)
    return result


def speed(pipeline: object, texts: list[str]) -> tuple[float, float, float]:
    """(texts/s over the whole list, median ms for one text, model MB)."""
    rates = []
    for _ in range(3):
        start = time.perf_counter()
        pipeline.predict_proba(texts)
        rates.append(len(texts) / (time.perf_counter() - start))
    singles = []
    for text in texts[:300]:
        start = time.perf_counter()
        pipeline.predict_proba([text])
        singles.append((time.perf_counter() - start) * 1000)
    buffer = io.BytesIO()
    joblib.dump(pipeline, buffer, compress=3)
    return statistics.median(rates), statistics.median(singles), len(buffer.getvalue()) / 1e6


def main() -> None:
    folder = reference_dir()
    base, _ = data.load_labelled(folder / "ods_opiniones.xlsx")
    augmented, _ = data.load_labelled(folder / "ods_opiniones_aumentado_llm.csv")
    unseen = augmented[~augmented["text"].isin(set(base["text"]))]
    sections = [
        "# Candidate pipelines: 5-fold stratified cross-validation\n",
        __doc__.split("\n\n")[1],
    ]
    training_files = (("ods_opiniones.xlsx", base), ("ods_opiniones_aumentado_llm.csv", augmented))
    for name, frame in training_files:
        texts, labels = _texts(frame), frame["label"].to_numpy(dtype=int)
        rows = []
        for candidate in model.CANDIDATES:
            cv = cross_validate(candidate, texts, labels)
            start = time.perf_counter()
            pipeline = model.fit(texts.tolist(), labels, candidate)
            full_fit = time.perf_counter() - start
            rate, single_ms, size_mb = speed(pipeline, texts.tolist())
            row = {
                "candidate": candidate
                + (" (chosen)" if candidate == model.DEFAULT_CANDIDATE else ""),
                "precision": round(cv["precision_macro"], 4),
                "recall": round(cv["recall_macro"], 4),
                "F1": round(cv["f1_macro"], 4),
                "F1 sd": round(cv["f1_std"], 4),
                "accuracy": round(cv["accuracy"], 4),
                "in-scope texts let out": round(cv["out_of_scope"], 4),
                "fit s (all rows)": round(full_fit, 2),
                "predict texts/s (1 core)": int(rate),
                "one text ms": round(single_ms, 2),
                "model MB": round(size_mb, 2),
            }
            if name == "ods_opiniones.xlsx":
                row["ODS1 recall on unseen LLM texts"] = round(
                    float((pipeline.predict(unseen["text"].tolist()) == 1).mean()), 4
                )
            rows.append(row)
            print(row, flush=True)
        table = pd.DataFrame(rows).to_markdown(index=False)
        sections.append(f"\n## Trained on `{name}` ({len(frame)} rows)\n\n{table}\n")
        print(table)
    out = REPO_ROOT / "benchmarks" / "quality.md"
    out.write_text("\n".join(sections), encoding="utf-8")
    print(f"written {out}")


if __name__ == "__main__":
    main()
