"""Cold start: seconds from ``python app.py`` to the first answered ``/predict``, and import time.

The app is started on a home that already holds a trained version (``--no-demo``: nothing is
trained at start-up) and polled with ``gradio_client`` until ``/predict`` answers. Skipped with a
message when ``app.py`` does not exist. The import time of ``odsgr.service`` is the median wall
time of ``python -c "import odsgr.service"``, interpreter start included (the bare interpreter is
shown for reference).

Run: ``python benchmarks/cold_start.py [--repeats 3]``
"""

from __future__ import annotations

import argparse
import os
import shutil
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


def first_prediction_seconds(home: Path) -> float:
    """Start the app, poll ``/predict`` until it answers; seconds since the process started."""
    from gradio_client import Client

    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(APP), "--home", str(home), "--port", str(port), "--no-demo"],
        cwd=REPO_ROOT,
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
    args = parser.parse_args()
    rows = []
    for label, code in (
        ("python -c pass", "pass"),
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
            seconds, timings = median_seconds(lambda: first_prediction_seconds(home), args.repeats)
            rows.append(
                [
                    "python app.py → first /predict answered",
                    f"{seconds:.2f}",
                    ", ".join(f"{t:.2f}" for t in timings),
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
