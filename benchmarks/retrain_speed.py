"""Seconds to train a new model version end to end (validation split, fit, metrics, saving).

``Service.train`` into a fresh temporary home on ``ods_opiniones_aumentado_llm.csv`` (2,739 texts)
and on the same texts replicated ×10 with small perturbations (27,390 texts: each copy after the
first drops ~5 % of the words at random and swaps one pair of neighbouring words, so the copies
survive de-duplication). Median of ``--repeats`` runs.

Run: ``python benchmarks/retrain_speed.py [--repeats 3]``
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import pandas as pd  # noqa: E402
from _reference import reference_dir  # noqa: E402
from _results import markdown_table, median_seconds, write_section  # noqa: E402

from odsgr.config import Settings  # noqa: E402
from odsgr.results import TrainSummary  # noqa: E402
from odsgr.service import Service  # noqa: E402

COPIES = 10


def perturb(text: str, generator: random.Random) -> str:
    """Drop ~5 % of the words and swap one neighbouring pair."""
    words = [w for w in text.split() if generator.random() >= 0.05] or text.split()
    if len(words) > 2:
        i = generator.randrange(len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
    return " ".join(words)


def replicated(source: Path, target: Path, copies: int = COPIES) -> int:
    """Write ``copies`` perturbed copies of the labelled file; returns the row count."""
    frame = pd.read_csv(source)
    generator = random.Random(0)
    parts = [frame]
    for _ in range(copies - 1):
        part = frame.copy()
        part["textos"] = [perturb(str(t), generator) for t in part["textos"]]
        parts.append(part)
    pd.concat(parts, ignore_index=True).to_csv(target, index=False)
    return len(frame) * copies


def train_once(path: Path) -> TrainSummary:
    """Train into a new home; returns the summary (the home is removed afterwards)."""
    home = Path(tempfile.mkdtemp(prefix="odsgr-bench-retrain-"))
    try:
        return Service(Settings(home=home)).train(paths=[path])
    finally:
        shutil.rmtree(home, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    source = reference_dir() / "ods_opiniones_aumentado_llm.csv"
    work = Path(tempfile.mkdtemp(prefix="odsgr-bench-retrain-data-"))
    big = work / "aumentado_x10.csv"
    big_rows = replicated(source, big)
    rows = []
    base = None
    for label, path, count in (
        (source.name, source, len(pd.read_csv(source))),
        (f"{source.name} ×{COPIES}, perturbed", big, big_rows),
    ):
        summary = train_once(path)  # warm-up, and the row counts that were really trained
        seconds, timings = median_seconds(lambda path=path: train_once(path), args.repeats)
        base = base or seconds
        rows.append(
            [
                label,
                f"{count:,}",
                f"{summary.train_rows:,}",
                f"{seconds:.1f}",
                f"{seconds / base:.1f}×",
                ", ".join(f"{t:.1f}" for t in timings),
            ]
        )
        print(
            markdown_table(
                ["data", "rows in file", "rows trained", "seconds (median)", "vs 2,739", "runs"],
                rows[-1:],
            ),
            flush=True,
        )
    table = markdown_table(
        ["data", "rows in file", "rows trained", "seconds (median)", "vs 2,739", "runs"], rows
    )
    load = os.getloadavg()
    write_section(
        "retrain",
        "## Retrain speed (`benchmarks/retrain_speed.py`)\n\n"
        f"Measured {time.strftime('%Y-%m-%d %H:%M')}, medians of {args.repeats} runs after one "
        f"warm-up; load average at the end {load[0]:.1f} on {os.cpu_count()} cores (shared "
        "machine: noisy). `Service.train` into a fresh home: reading and cleaning, the fixed "
        "validation split, fitting the default pipeline, validation metrics and saving the "
        "version. 'rows trained' excludes the 15 % validation split and dropped duplicates.\n\n"
        + table,
    )
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
