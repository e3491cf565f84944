"""Batch prediction throughput: the CLI ``predict`` on a CSV next to the raw in-process pipeline.

For 1,000, 10,000 and 100,000 texts (the reference texts of ``ods_opiniones.xlsx``, ~680
characters, replicated) it measures, as medians of ``--repeats`` runs:

- raw: ``pipeline.predict_proba(texts)`` on the in-memory list, one core (the goal's yardstick);
- CLI: ``python -m odsgr predict --input X.csv --output Y.csv`` as a subprocess, wall clock from
  start to exit (interpreter start, imports, model load, reading, cleaning, writing included),
  its CPU seconds / wall seconds (cores used) and its peak RSS (largest process of the tree,
  ``getrusage(RUSAGE_CHILDREN)`` of a fresh probe process per run);
- optionally the dask engine on the same file, and an app's ``/predict_file`` (``--app-url``).

Run: ``python benchmarks/batch.py [--repeats 3] [--app-url http://127.0.0.1:7860] [--no-dask]``
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import pandas as pd  # noqa: E402
from _reference import REPO_ROOT, reference_dir  # noqa: E402
from _results import markdown_table, median_seconds, write_section  # noqa: E402

from odsgr.config import Settings  # noqa: E402
from odsgr.service import Service  # noqa: E402

SIZES = (1_000, 10_000, 100_000)
PROBE = (
    "import json, resource, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "wall = time.perf_counter() - start\n"
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(json.dumps({'rc': done.returncode, 'stderr': done.stderr[-2000:], 'wall': wall,\n"
    "                  'cpu': usage.ru_utime + usage.ru_stime, 'rss_kb': usage.ru_maxrss}))\n"
)


def make_inputs(folder: Path) -> dict[int, Path]:
    """CSV files of 1k/10k/100k reference texts (with an id column), replicated in order."""
    texts = pd.read_excel(reference_dir() / "ods_opiniones.xlsx")["textos"].astype(str).tolist()
    paths = {}
    for size in SIZES:
        frame = pd.DataFrame(
            {"id": range(size), "textos": (texts * (size // len(texts) + 1))[:size]}
        )
        paths[size] = folder / f"textos_{size}.csv"
        frame.to_csv(paths[size], index=False)
    return paths


def run_probed(command: list[str]) -> dict:
    """Run ``command`` under a fresh probe process: wall seconds, CPU seconds, peak RSS."""
    output = subprocess.run(
        [sys.executable, "-c", PROBE, *command], capture_output=True, text=True, check=True
    )
    result = json.loads(output.stdout)
    if result["rc"] != 0:
        raise RuntimeError(f"{command} failed: {result['stderr']}")
    return result


def measure_command(command: list[str], rows: int, repeats: int) -> dict:
    """Median rate, cores used and peak RSS of ``command`` over ``repeats`` runs."""
    runs = [run_probed(command) for _ in range(repeats)]
    wall = statistics.median(r["wall"] for r in runs)
    return {
        "rate": rows / wall,
        "wall": wall,
        "cores": statistics.median(r["cpu"] / r["wall"] for r in runs),
        "rss_mb": statistics.median(r["rss_kb"] for r in runs) / 1024,
        "walls": [round(r["wall"], 2) for r in runs],
    }


def measure_app(url: str, path: Path, rows: int, repeats: int) -> dict:
    """Median rate of a running app's ``/predict_file`` endpoint (gradio_client) on ``path``."""
    from gradio_client import Client, handle_file

    client = Client(url, verbose=False)
    seconds, walls = median_seconds(
        lambda: client.predict(handle_file(str(path)), "", api_name="/predict_file"), repeats
    )
    return {"rate": rows / seconds, "wall": seconds, "walls": [round(w, 2) for w in walls]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--app-url", help="measure /predict_file of a running app as well")
    parser.add_argument("--no-dask", action="store_true", help="skip the dask engine rows")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="odsgr-bench-batch-"))
    home = work / "home"
    service = Service(Settings(home=home))
    service.train(paths=[reference_dir() / "ods_opiniones.xlsx"])
    _, pipeline = service.current_model()
    inputs = make_inputs(work)
    cli = [sys.executable, "-m", "odsgr", "predict", "--home", str(home)]
    os.chdir(REPO_ROOT)

    header = ["texts", "what", "texts/s", "vs raw", "cores used", "peak RSS MB", "runs (s)"]
    rows, rss = [], {}
    for size, path in inputs.items():
        texts = pd.read_csv(path)["textos"].tolist()
        raw_seconds, raw_walls = median_seconds(
            lambda texts=texts: pipeline.predict_proba(texts), args.repeats
        )
        raw_rate = size / raw_seconds
        rows.append(
            [
                f"{size:,}",
                "raw pipeline.predict_proba (1 core)",
                f"{raw_rate:,.0f}",
                "1.00",
                "1.0",
                "",
                ", ".join(f"{w:.2f}" for w in raw_walls),
            ]
        )
        variants = [("CLI predict (auto)", [])]
        if size == 10_000:
            variants.append(("CLI predict --workers 1", ["--workers", "1"]))
        if size == 100_000 and not args.no_dask:
            variants.append(("CLI predict --engine dask", ["--engine", "dask"]))
        for label, extra in variants:
            output = work / f"out_{size}_{len(extra)}.csv"
            command = cli + ["--input", str(path), "--output", str(output), *extra]
            measured = measure_command(command, size, args.repeats)
            if not extra:
                rss[size] = measured["rss_mb"]
            rows.append(
                [
                    f"{size:,}",
                    label,
                    f"{measured['rate']:,.0f}",
                    f"{measured['rate'] / raw_rate:.2f}",
                    f"{measured['cores']:.1f}",
                    f"{measured['rss_mb']:.0f}",
                    ", ".join(map(str, measured["walls"])),
                ]
            )
        if args.app_url:
            measured = measure_app(args.app_url, path, size, args.repeats)
            rows.append(
                [
                    f"{size:,}",
                    f"app /predict_file ({args.app_url})",
                    f"{measured['rate']:,.0f}",
                    f"{measured['rate'] / raw_rate:.2f}",
                    "",
                    "",
                    ", ".join(map(str, measured["walls"])),
                ]
            )
        print(markdown_table(header, rows[-len(variants) - 1 - bool(args.app_url) :]), flush=True)

    table = markdown_table(header, rows)
    memory = rss[100_000] / rss[10_000]
    load = os.getloadavg()
    body = (
        "## Batch prediction (`benchmarks/batch.py`)\n\n"
        f"Measured {time.strftime('%Y-%m-%d %H:%M')}, medians of {args.repeats} runs; load "
        f"average at the end {load[0]:.1f} on {os.cpu_count()} cores (the machine is shared, so "
        "figures are noisy). Texts: reference texts of `ods_opiniones.xlsx`, ~680 characters, "
        "replicated. CLI figures are wall clock of the whole subprocess (start-up, model load, "
        "read, clean, predict, write); 'vs raw' is CLI rate / raw single-core rate (goal ≥ 0.90)."
        "\n\n" + table + "\n\n"
        f"Peak RSS 100,000 / 10,000 rows (CLI auto): {memory:.2f}× (goal ≤ 1.5×). "
        + ("" if args.app_url else "App `/predict_file` row skipped: no `--app-url` given.")
    )
    print()
    print(f"peak RSS 100k/10k: {memory:.2f}x")
    write_section("batch", body)


if __name__ == "__main__":
    main()
