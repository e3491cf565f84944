"""``/predict`` latency while a retrain runs in the same app.

The app (``python app.py --no-demo``, home trained from ``ods_opiniones.xlsx``, an admin
password set) is called one ``/predict`` at a time through the raw REST route with a new session
per call (see ``single_text.py``): first ``--calls`` calls on an idle app (the baseline), then
continuously while ``/retrain`` (``gradio_client``, strategy ``batch``) trains a candidate with
300 new labelled rows (the last 300 rows of ``ods_opiniones_aumentado_llm.csv``), ``--retrains``
times (each candidate is discarded). Every call that overlaps a retrain counts. Goal (issue 15):
no ``/predict`` slower than 3× the idle median while a retrain runs.

With ``--compare-with DIR`` the app of another checkout (e.g. the code before a change) runs
beside it and the two are measured alternately, retrain by retrain.

Run: ``python benchmarks/predict_during_retrain.py [--calls 100] [--retrains 3]
[--compare-with DIR] [--no-write]``
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pandas as pd
from _reference import REPO_ROOT, reference_dir  # noqa: E402
from _results import (  # noqa: E402
    markdown_table,
    start_app,
    write_section,
)
from single_text import rest_caller  # noqa: E402

from odsgr.config import Settings  # noqa: E402
from odsgr.service import Service  # noqa: E402

PASSWORD = "bench-retrain"
NEW_ROWS = 300


def start_app_with_password(home: Path, repo: Path) -> tuple[subprocess.Popen, str]:
    """``python app.py --no-demo`` of the checkout ``repo`` on ``home``, with the password."""
    return start_app(home, repo, {"ODSGR_ADMIN_PASSWORD": PASSWORD, "PYTHONPATH": str(repo)})


def percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


class Probe:
    """One launched app: idle latencies, latencies during retrains, retrain seconds."""

    def __init__(self, url: str, texts: list[str]) -> None:
        from gradio_client import Client

        self.predict = rest_caller(url, "predict")
        self.client = Client(url, verbose=False)
        self.texts = texts
        self.idle: list[float] = []
        self.during: list[float] = []
        self.retrain_seconds: list[float] = []
        for text in texts[:10]:
            self.predict(text)

    def measure_idle(self, calls: int) -> None:
        for i in range(calls):
            started = time.perf_counter()
            self.predict(self.texts[i % len(self.texts)])
            self.idle.append(time.perf_counter() - started)

    def measure_retrain(self, new_rows: Path) -> None:
        """Call /predict without pause while one /retrain runs; keep the overlapping calls."""
        from gradio_client import handle_file

        stop = threading.Event()
        window: list[tuple[float, float]] = []

        def keep_predicting() -> None:
            i = 0
            while not stop.is_set():
                started = time.perf_counter()
                self.predict(self.texts[i % len(self.texts)])
                window.append((started, time.perf_counter()))
                i += 1

        caller = threading.Thread(target=keep_predicting)
        caller.start()
        time.sleep(0.2)
        begin = time.perf_counter()
        candidate, _ = self.client.predict(
            handle_file(str(new_rows)), "batch", None, PASSWORD, api_name="/retrain"
        )
        end = time.perf_counter()
        stop.set()
        caller.join()
        self.client.predict(candidate, PASSWORD, api_name="/discard")
        self.retrain_seconds.append(end - begin)
        self.during += [b - a for a, b in window if b > begin and a < end]

    def rows(self, name: str) -> list[list[str]]:
        idle_median = statistics.median(self.idle)
        return [
            [f"{name}: {label}", len(values), f"{statistics.median(values) * 1000:.1f}",
             f"{percentile(values, 95) * 1000:.1f}", f"{max(values) * 1000:.1f}",
             f"{max(values) / idle_median:.2f}"]
            for label, values in (("idle app", self.idle), ("while retraining", self.during))
        ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=100)
    parser.add_argument("--retrains", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="print only; keep RESULTS.md")
    parser.add_argument(
        "--compare-with", help="another checkout of odsgr whose app.py is measured alternately"
    )
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="odsgr-bench-retrain-latency-"))
    source = reference_dir() / "ods_opiniones.xlsx"
    Service(Settings(home=work / "home")).train(paths=[source])
    texts = pd.read_excel(source)["textos"].astype(str).tolist()
    new_rows = work / "nuevos.csv"
    augmented = pd.read_csv(reference_dir() / "ods_opiniones_aumentado_llm.csv")
    augmented.tail(NEW_ROWS).to_csv(new_rows, index=False)
    checkouts = {"this checkout": REPO_ROOT}
    if args.compare_with:
        checkouts["compared checkout"] = Path(args.compare_with).resolve()
    processes, probes = [], {}
    try:
        for name, repo in checkouts.items():
            home = work / f"home-{len(processes)}"
            shutil.copytree(work / "home", home)
            process, url = start_app_with_password(home, repo)
            processes.append(process)
            probes[name] = Probe(url, texts)
        for probe in probes.values():
            probe.measure_idle(args.calls)
        for _ in range(args.retrains):
            for probe in probes.values():  # alternating: machine load hits each alike
                probe.measure_retrain(new_rows)
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)

    rows = [row for name, probe in probes.items() for row in probe.rows(name)]
    header = ["/predict (REST, new session)", "calls", "median ms", "p95 ms", "max ms"]
    table = markdown_table([*header, "max ÷ idle median"], rows)
    lines = []
    for name, probe in probes.items():
        idle_median = statistics.median(probe.idle)
        lines.append(
            f"{name}: worst `/predict` while retraining {max(probe.during) * 1000:.0f} ms = "
            f"{max(probe.during) / idle_median:.2f}× its idle median (goal ≤ 3×; the idle app's "
            f"own worst: {max(probe.idle) / idle_median:.2f}×), p95 "
            f"{percentile(probe.during, 95) / idle_median:.2f}×; retrain with +{NEW_ROWS} rows "
            f"through `/retrain`: {statistics.median(probe.retrain_seconds):.2f} s (median of "
            + ", ".join(f"{s:.2f}" for s in probe.retrain_seconds)
            + ")."
        )
    summary = "\n\n".join(lines)
    print(table)
    print()
    print(summary)
    if args.no_write:
        return
    load = os.getloadavg()
    write_section(
        "predict_during_retrain",
        "## `/predict` while retraining (`benchmarks/predict_during_retrain.py`)\n\n"
        f"Measured {time.strftime('%Y-%m-%d %H:%M')} under load (load average at the end "
        f"{load[0]:.1f} on {os.cpu_count()} shared cores). One `/predict` at a time (REST, a "
        f"new session per call, texts of `{source.name}`): {args.calls} calls on the idle app, "
        f"then calls without pause during {args.retrains} retrains (`/retrain`, strategy batch, "
        f"+{NEW_ROWS} labelled rows; each candidate discarded)"
        + (
            f"; the compared checkout ({args.compare_with}) was launched beside it and measured "
            "alternately, retrain by retrain"
            if args.compare_with
            else ""
        )
        + ".\n\n"
        + table
        + "\n\n"
        + summary,
    )


if __name__ == "__main__":
    main()
