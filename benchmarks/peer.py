"""odsgr's ``/predict_batch`` side by side with the reference system's own Flask API.

The reference API (``../shared/reference/grupo28-flask``: its published code and trained
pipeline) is started as its README says: a separate virtual environment with its pinned
``scikit-learn==1.7.2``, ``flask`` and ``gunicorn`` (created once and cached in
``$ODSGR_PEER_VENV``, default ``/tmp/odsgr-peer-venv``), the folder copied to a scratch
directory outside the project, ``gunicorn -w 2``. odsgr's app is started with
``python app.py --no-demo`` on a home trained from ``ods_opiniones.xlsx``.

Both get the same 2,000 texts (the first 2,000 of ``ods_opiniones.xlsx``, ~680 characters,
read at run time), in one request each: the reference's ``POST /predict`` with 2,000
``instancias``, and odsgr's REST route ``POST /gradio_api/call/predict_batch`` with the list
(then ``GET`` of the event stream), a new Gradio session per call as a plain REST caller makes.
Calls alternate (reference, odsgr, reference, …) so a change of machine load hits both alike.
The raw single-core rate is ``pipeline.predict_proba`` of odsgr's model on the same texts, in
this process, with BLAS limited to one thread, alternating with ``Service.predict_many`` (the
endpoint's own work without HTTP and Gradio). Goals (issue 15): odsgr ≥ 1.0× the reference,
≥ 0.5× raw.

Run: ``python benchmarks/peer.py [--repeats 5] [--no-write]``
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import pandas as pd
from _reference import REPO_ROOT, reference_dir  # noqa: E402
from _results import (  # noqa: E402
    free_port,
    markdown_table,
    start_app,
    stop,
    write_section,
)

from odsgr.config import Settings  # noqa: E402
from odsgr.service import Service  # noqa: E402

TEXTS = 2_000
REFERENCE_API = REPO_ROOT.parent / "shared" / "reference" / "grupo28-flask"
PEER_VENV = Path(os.environ.get("ODSGR_PEER_VENV", "/tmp/odsgr-peer-venv"))
PEER_PACKAGES = [
    "flask==3.0.3",
    "gunicorn==22.0.0",
    "scikit-learn==1.7.2",
    "pandas",
    "openpyxl",
    "joblib",
]
START_TIMEOUT_S = 180


def peer_venv() -> Path:
    """The reference API's virtual environment, created (and cached) on first use."""
    marker = PEER_VENV / ".odsgr-peer-ready"
    if not marker.is_file():
        subprocess.run([sys.executable, "-m", "venv", str(PEER_VENV)], check=True)
        pip = [str(PEER_VENV / "bin" / "pip"), "install", "--quiet", *PEER_PACKAGES]
        subprocess.run(pip, check=True)
        marker.write_text(" ".join(PEER_PACKAGES), encoding="utf-8")
    return PEER_VENV


def start_reference(scratch: Path) -> tuple[subprocess.Popen, str]:
    """The reference API under ``gunicorn -w 2`` from a copy of its folder in ``scratch``."""
    venv = peer_venv()
    api = scratch / "api"
    shutil.copytree(REFERENCE_API, api, copy_function=shutil.copyfile)
    (api / "data").mkdir(exist_ok=True)
    shutil.copyfile(reference_dir() / "ods_opiniones.xlsx", api / "data" / "datos_historicos.xlsx")
    port = free_port()
    process = subprocess.Popen(
        [str(venv / "bin" / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", "app:app"],
        cwd=api,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the reference API exited with code {process.returncode}")
        try:
            if httpx.get(f"{url}/ping", timeout=2).status_code == 200:
                return process, url
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    process.kill()
    raise TimeoutError("the reference API did not answer")


def call_reference(http: httpx.Client, url: str, texts: list[str]) -> int:
    answer = http.post(f"{url}/predict", json={"instancias": [{"textos": t} for t in texts]})
    answer.raise_for_status()
    return len(answer.json()["predicciones"])


def call_odsgr(http: httpx.Client, url: str, texts: list[str]) -> int:
    posted = http.post(f"{url}/gradio_api/call/predict_batch", json={"data": [texts, False]})
    posted.raise_for_status()
    event_id, event = posted.json()["event_id"], None
    with http.stream("GET", f"{url}/gradio_api/call/predict_batch/{event_id}") as stream:
        for line in stream.iter_lines():
            if line.startswith("event: "):
                event = line[len("event: ") :]
            elif line.startswith("data: ") and event in ("complete", "error"):
                if event == "error":
                    raise RuntimeError(f"/predict_batch failed: {line[:500]}")
                return len(json.loads(line[len("data: ") :])[0])
    raise RuntimeError("/predict_batch: the stream ended without a result")


def timed(run) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def in_process_rates(home: Path, texts: list[str], repeats: int) -> tuple[float, float]:
    """Texts/s of odsgr's raw ``predict_proba`` and of ``Service.predict_many`` (what the
    endpoint runs: checks, cleaning, language check, bookkeeping, result dicts) on ``texts``,
    in this process with one BLAS thread, alternating."""
    from threadpoolctl import threadpool_limits

    service = Service(Settings(home=home))
    _, pipeline = service.current_model()
    raw, many = [], []
    with threadpool_limits(limits=1):
        pipeline.predict_proba(texts)
        service.predict_many(texts)
        for _ in range(repeats):
            raw.append(timed(lambda: pipeline.predict_proba(texts)))
            many.append(timed(lambda: service.predict_many(texts)))
    return len(texts) / statistics.median(raw), len(texts) / statistics.median(many)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--no-write", action="store_true", help="print only; keep RESULTS.md")
    args = parser.parse_args()

    source = reference_dir() / "ods_opiniones.xlsx"
    texts = pd.read_excel(source)["textos"].astype(str).tolist()[:TEXTS]
    scratch = Path(tempfile.mkdtemp(prefix="odsgr-bench-peer-"))
    home = scratch / "home"
    Service(Settings(home=home)).train(paths=[source])
    processes = []
    try:
        reference, reference_url = start_reference(scratch)
        processes.append(reference)
        odsgr_app, odsgr_url = start_app(home)
        processes.append(odsgr_app)
        http = httpx.Client(timeout=300)
        for call, url in ((call_reference, reference_url), (call_odsgr, odsgr_url)):
            assert call(http, url, texts) == len(texts)  # warm-up, and both answer every text
        walls: dict[str, list[float]] = {"reference": [], "odsgr": []}
        load_before = os.getloadavg()
        for _ in range(args.repeats):
            walls["reference"].append(timed(lambda: call_reference(http, reference_url, texts)))
            walls["odsgr"].append(timed(lambda: call_odsgr(http, odsgr_url, texts)))
        load_after = os.getloadavg()
        raw, handler = in_process_rates(home, texts, args.repeats)
    finally:
        for process in processes:
            stop(process)
        shutil.rmtree(scratch, ignore_errors=True)

    rates = {name: len(texts) / statistics.median(values) for name, values in walls.items()}
    ratio = rates["odsgr"] / rates["reference"]
    length = statistics.mean(len(t) for t in texts)
    rows = [
        ["reference API `POST /predict` (gunicorn -w 2)", f"{rates['reference']:,.0f}", "1.00",
         f"{rates['reference'] / raw:.2f}", ", ".join(f"{w:.2f}" for w in walls["reference"])],
        ["odsgr `/predict_batch` (REST, new session)", f"{rates['odsgr']:,.0f}", f"{ratio:.2f}",
         f"{rates['odsgr'] / raw:.2f}", ", ".join(f"{w:.2f}" for w in walls["odsgr"])],
        ["odsgr raw `predict_proba`, 1 core, in process", f"{raw:,.0f}",
         f"{raw / rates['reference']:.2f}", "1.00", ""],
        ["odsgr `Service.predict_many`, 1 core, in process", f"{handler:,.0f}",
         f"{handler / rates['reference']:.2f}", f"{handler / raw:.2f}", ""],
    ]  # fmt: skip
    table = markdown_table(["what", "texts/s", "vs reference", "vs raw", "runs (s)"], rows)
    summary = (
        f"odsgr `/predict_batch` ÷ reference `/predict`: {ratio:.2f}× (goal ≥ 1.0×); "
        f"÷ raw single-core `predict_proba`: {rates['odsgr'] / raw:.2f}× (goal ≥ 0.5×)."
    )
    print(table)
    print()
    print(summary)
    print(f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f}")
    if args.no_write:
        return
    write_section(
        "peer",
        "## Batch of 2,000 texts vs the reference API (`benchmarks/peer.py`)\n\n"
        f"Measured {time.strftime('%Y-%m-%d %H:%M')} under load (load average "
        f"{load_before[0]:.1f} before, {load_after[0]:.1f} after, on {os.cpu_count()} shared "
        f"cores); medians of {args.repeats} calls each, alternating, after one warm-up call. "
        f"Texts: the first {len(texts):,} of `{source.name}` (mean {length:.0f} characters), one "
        "request per call. The reference API runs its published code and pipeline with its "
        "pinned scikit-learn 1.7.2 under `gunicorn -w 2` (one request is served by one worker); "
        "odsgr is `python app.py --no-demo` on a model trained from the same file; its answer "
        "carries every SDG's probability for each text, the reference's only the top one."
        "\n\n" + table + "\n\n" + summary,
    )


if __name__ == "__main__":
    main()
