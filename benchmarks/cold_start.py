"""Cold start: seconds from ``python app.py`` to the first answered ``/predict``, and import time.

The app is started on a home that already holds a trained version (``--no-demo``: nothing is
trained at start-up) and polled with ``gradio_client`` until ``/predict`` answers. Skipped with a
message when ``app.py`` does not exist. The import time of ``odsgr.service`` is the median wall
time of ``python -c "import odsgr.service"``, interpreter start included (the bare interpreter is
shown for reference).

With ``--compare-with DIR`` the app of another checkout (e.g. the code before a change) is
started alternately with this one. The imports of ``gradio`` and of the scikit-learn modules the
stored model needs are timed too: what any start of the app must pay.

Run: ``python benchmarks/cold_start.py [--repeats 3] [--compare-with DIR]``
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _reference import REPO_ROOT  # noqa: E402
from _results import free_port, markdown_table, write_section  # noqa: E402

APP = REPO_ROOT / "app.py"
DEMO = REPO_ROOT / "data" / "demo" / "ods_demo.csv"
TIMEOUT_S = 180
TEXT = "El colegio de la vereda necesita más profesores y computadores para estudiar."


def cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system) a live process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def first_prediction_seconds(home: Path, repo: Path = REPO_ROOT) -> tuple[float, float]:
    """Start the app of checkout ``repo``, poll ``/predict`` until it answers: (wall seconds
    since the process started, CPU seconds the app process used until then). On a shared,
    loaded machine the CPU seconds are the steadier figure: waiting for a core is not in them."""
    from gradio_client import Client

    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "app.py", "--home", str(home), "--port", str(port), "--no-demo"],
        cwd=repo,
        env={**os.environ, "PYTHONPATH": str(repo)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while time.perf_counter() - start < TIMEOUT_S:
            if process.poll() is not None:
                raise RuntimeError(f"app.py exited with code {process.returncode}")
            try:
                result = Client(url, verbose=False).predict(TEXT, api_name="/predict")
            except Exception:  # noqa: BLE001 - not up yet: connection refused, 502, …
                time.sleep(0.1)
                continue
            if result:
                return time.perf_counter() - start, cpu_seconds(process.pid)
        raise TimeoutError(f"/predict did not answer within {TIMEOUT_S} s")
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def import_seconds(code: str, repeats: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of ``python -c code``, ``repeats`` times each."""
    walls, cpus = [], []
    for _ in range(repeats):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, check=True)
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return walls, cpus


def row(label: str, walls: list[float], cpus: list[float]) -> list[str]:
    return [
        label,
        f"{statistics.median(walls):.2f}",
        f"{statistics.median(cpus):.2f}",
        ", ".join(f"{w:.2f}/{c:.2f}" for w, c in zip(walls, cpus)),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--import-repeats", type=int, default=5)
    parser.add_argument(
        "--compare-with", help="another checkout of odsgr whose app start is timed alternately"
    )
    args = parser.parse_args()
    rows = []
    for label, code in (
        ("python -c pass", "pass"),
        ("import gradio (the framework alone)", "import gradio"),
        ("import sklearn.linear_model (to load the model)", "import sklearn.linear_model"),
        ("import odsgr.service", "import odsgr.service"),
        ("import odsgr.cli", "import odsgr.cli"),
    ):
        rows.append(row(label, *import_seconds(code, args.import_repeats)))
    notes = ""
    if APP.is_file():
        sys.path.insert(0, str(REPO_ROOT))
        from odsgr.config import Settings
        from odsgr.service import Service

        home = Path(tempfile.mkdtemp(prefix="odsgr-bench-cold-"))
        try:
            Service(Settings(home=home)).train(paths=[DEMO])
            checkouts = {"python app.py → first /predict answered": REPO_ROOT}
            if args.compare_with:
                checkouts[f"same, checkout {args.compare_with}"] = Path(args.compare_with)
            timings: dict[str, list[tuple[float, float]]] = {label: [] for label in checkouts}
            for _ in range(args.repeats):  # alternating, so machine load hits each alike
                for label, repo in checkouts.items():
                    timings[label].append(first_prediction_seconds(home, repo))
            for label, values in timings.items():
                rows.append(row(label, [w for w, _ in values], [c for _, c in values]))
        finally:
            shutil.rmtree(home, ignore_errors=True)
    else:
        notes = "\n\n`app.py` does not exist yet: the app cold-start row was skipped."
        print("app.py not found: skipping the app cold start", file=sys.stderr)
    table = markdown_table(["what", "wall s (median)", "CPU s (median)", "runs (wall/CPU s)"], rows)
    print(table)
    load = os.getloadavg()
    write_section(
        "cold_start",
        "## Cold start (`benchmarks/cold_start.py`)\n\n"
        f"Measured {time.strftime('%Y-%m-%d %H:%M')}; imports are medians of "
        f"{args.import_repeats} fresh interpreters, the app row a median of {args.repeats} "
        f"starts on a home with a stored model (`--no-demo`, nothing retrained); load average "
        f"at the end {load[0]:.1f} on {os.cpu_count()} cores (shared machine: noisy; the CPU "
        "seconds of the app process — user + system until the first answer — leave out the "
        "time spent waiting for a core and are the steadier figure).\n\n" + table + notes,
    )


if __name__ == "__main__":
    main()
