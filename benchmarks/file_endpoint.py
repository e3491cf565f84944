"""The app's ``/predict_file`` next to the CLI on the same file: rate and the server's memory.

For 4,000 and 40,000 rows (reference texts of ``ods_opiniones.xlsx``, ~680 characters,
replicated, with an id column, as CSV) it starts a fresh app (``python app.py --no-demo``) on a
home trained from the reference data, warms it with a 100-row file, then alternates
``--repeats`` times:

- CLI: ``python -m odsgr predict --input X.csv --output Y.csv`` as a subprocess, wall clock from
  start to exit (interpreter start, imports and model load included);
- app: ``gradio_client`` ``/predict_file`` on the same file, wall clock of the call (upload,
  scoring, writing, download of the result).

After the calls it reads the server process's peak RSS (``VmHWM`` in ``/proc/PID/status``);
scoring workers, when a file is large enough to use them, are separate processes and are not
counted. Goals (issue 15): app rate ≥ 0.8× the CLI's, server peak RSS at 40,000 rows ≤ 1.3× at
4,000.

Run: ``python benchmarks/file_endpoint.py [--repeats 2] [--no-write]``
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
from _reference import REPO_ROOT, reference_dir  # noqa: E402
from _results import (  # noqa: E402
    markdown_table,
    start_app,
    stop,
    write_section,
)

from odsgr.config import Settings  # noqa: E402
from odsgr.service import Service  # noqa: E402

SIZES = (4_000, 40_000)


def make_csv(texts: list[str], size: int, path: Path) -> Path:
    """``size`` rows of ``texts`` replicated in order, with an id column."""
    frame = pd.DataFrame({"id": range(size), "textos": (texts * (size // len(texts) + 1))[:size]})
    frame.to_csv(path, index=False)
    return path


def peak_rss_mb(pid: int) -> float:
    """Peak resident memory of a live process (``VmHWM``), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("VmHWM not found")


def timed(run) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--no-write", action="store_true", help="print only; keep RESULTS.md")
    args = parser.parse_args()

    from gradio_client import Client, handle_file

    work = Path(tempfile.mkdtemp(prefix="odsgr-bench-file-"))
    home = work / "home"
    texts = pd.read_excel(reference_dir() / "ods_opiniones.xlsx")["textos"].astype(str).tolist()
    Service(Settings(home=home)).train(paths=[reference_dir() / "ods_opiniones.xlsx"])
    warm = make_csv(texts, 100, work / "warm.csv")
    cli = [sys.executable, "-m", "odsgr", "predict", "--home", str(home)]
    rows, figures = [], {}
    try:
        for size in SIZES:
            path = make_csv(texts, size, work / f"textos_{size}.csv")
            process, url = start_app(home)
            try:
                client = Client(url, verbose=False)
                client.predict(handle_file(str(warm)), "", api_name="/predict_file")
                cli_walls, app_walls = [], []
                for _ in range(args.repeats):
                    command = [*cli, "--input", str(path), "--output", str(work / "cli.csv")]
                    cli_walls.append(
                        timed(lambda c=command: subprocess.run(c, check=True, cwd=REPO_ROOT))
                    )
                    upload = handle_file(str(path))
                    app_walls.append(
                        timed(lambda u=upload, c=client: c.predict(u, "", api_name="/predict_file"))
                    )
                rss = peak_rss_mb(process.pid)
            finally:
                stop(process)
            cli_rate = size / statistics.median(cli_walls)
            app_rate = size / statistics.median(app_walls)
            figures[size] = {"cli": cli_rate, "app": app_rate, "rss": rss}
            for what, rate, walls, memory in (
                ("CLI predict (auto)", cli_rate, cli_walls, ""),
                ("app /predict_file", app_rate, app_walls, f"{rss:.0f}"),
            ):
                rows.append(
                    [
                        f"{size:,}",
                        what,
                        f"{rate:,.0f}",
                        f"{rate / cli_rate:.2f}",
                        memory,
                        ", ".join(f"{w:.2f}" for w in walls),
                    ]
                )
            print(
                markdown_table(
                    ["texts", "what", "texts/s", "vs CLI", "server peak RSS MB", "runs (s)"],
                    rows[-2:],
                ),
                flush=True,
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)

    table = markdown_table(
        ["texts", "what", "texts/s", "vs CLI", "server peak RSS MB", "runs (s)"], rows
    )
    big, small = figures[SIZES[1]], figures[SIZES[0]]
    summary = (
        f"At {SIZES[1]:,} rows: app / CLI rate {big['app'] / big['cli']:.2f}× (goal ≥ 0.8×); "
        f"server peak RSS {SIZES[1]:,} / {SIZES[0]:,} rows {big['rss'] / small['rss']:.2f}× "
        "(goal ≤ 1.3×)."
    )
    print()
    print(summary)
    if args.no_write:
        return
    load = os.getloadavg()
    write_section(
        "file_endpoint",
        "## `/predict_file` vs the CLI (`benchmarks/file_endpoint.py`)\n\n"
        f"Measured {time.strftime('%Y-%m-%d %H:%M')} under load (load average at the end "
        f"{load[0]:.1f} on {os.cpu_count()} shared cores): medians of {args.repeats} runs, CLI "
        "and app alternating, a fresh app per size. CLI: the whole subprocess (start-up and model "
        "load included); app: one `gradio_client` call (upload, scoring, writing, download). "
        "Server peak RSS is the app process's `VmHWM` (scoring workers are other processes)."
        "\n\n" + table + "\n\n" + summary,
    )


if __name__ == "__main__":
    main()
