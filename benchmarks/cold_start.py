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
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _reference import REPO_ROOT  # noqa: E402
from _results import free_port, markdown_table, median_seconds, write_section  # noqa: E402

APP = REPO_ROOT / "app.py"
DEMO = REPO_ROOT / "data" / "demo" / "ods_demo.csv"
TIMEOUT_S = 180
TEXT = "El colegio de la vereda necesita más profesores y computadores para estudiar."


def first_prediction_seconds(home: Path, repo: Path = REPO_ROOT) -> float:
    """Start the app of checkout ``repo``, poll ``/predict`` until it answers; seconds since the
    process started."""
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
                return time.perf_counter() - start
        raise TimeoutError(f"/predict did not answer within {TIMEOUT_S} s")
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def import_seconds(code: str, repeats: int) -> tuple[float, list[float]]:
    return median_seconds(
        lambda: subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, check=True), repeats
    )


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
        seconds, timings = import_seconds(code, args.import_repeats)
        rows.append([label, f"{seconds:.2f}", ", ".join(f"{t:.2f}" for t in timings)])
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
            timings: dict[str, list[float]] = {label: [] for label in checkouts}
            for _ in range(args.repeats):  # alternating, so machine load hits each alike
                for label, repo in checkouts.items():
                    timings[label].append(first_prediction_seconds(home, repo))
            for label, values in timings.items():
                rows.append(
                    [
                        label,
                        f"{statistics.median(values):.2f}",
                        ", ".join(f"{t:.2f}" for t in values),
                    ]
                )
        finally:
            shutil.rmtree(home, ignore_errors=True)
    else:
        notes = "\n\n`app.py` does not exist yet: the app cold-start row was skipped."
        print("app.py not found: skipping the app cold start", file=sys.stderr)
    table = markdown_table(["what", "seconds (median)", "runs"], rows)
    print(table)
    load = os.getloadavg()
    write_section(
        "cold_start",
        "## Cold start (`benchmarks/cold_start.py`)\n\n"
        f"Measured {time.strftime('%Y-%m-%d %H:%M')}; imports are medians of "
        f"{args.import_repeats} fresh interpreters, the app row a median of {args.repeats} "
        f"starts on a home with a stored model (`--no-demo`, nothing retrained); load average "
        f"at the end {load[0]:.1f} on {os.cpu_count()} cores (shared machine: noisy).\n\n"
        + table
        + notes,
    )


if __name__ == "__main__":
    main()
