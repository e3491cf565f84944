"""Single-text latency: ``/predict`` of the launched app next to Gradio's own floor.

The app (``python app.py --home H --port P --no-demo``, on a home trained from the reference data
``ods_opiniones.xlsx``, or the demo data when it is absent) and a bare Gradio app whose only
endpoint ``/const`` returns a constant dict are started the same way, as subprocesses. Each is
called ``--calls`` times after ``--warmup`` calls, one call at a time, with texts of ~700
characters (reference texts of 600-800 characters; without reference data, pairs of demo texts):

- through ``gradio_client`` (``Client.predict(text, api_name=...)``);
- through the raw REST route (``POST /gradio_api/call/NAME``, then ``GET`` the event stream),
  with one keep-alive ``httpx`` client: a new Gradio session per call (no ``session_hash``, as a
  plain REST caller does), and again with one ``session_hash`` for every call;
- in-process, ``Service.predict`` on the same model (what the handler adds to the floor).

Calls are interleaved in rounds so that a change of machine load hits every row alike. The
ratio /predict ÷ /const is the goal of issue 8: ≤ 1.5× through ``gradio_client``.

Run: ``python benchmarks/single_text.py [--calls 200] [--warmup 20] [--no-write]``
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
from collections.abc import Callable
from pathlib import Path

import httpx
import pandas as pd
from _reference import REPO_ROOT  # noqa: E402
from _results import (  # noqa: E402
    free_port,
    markdown_table,
    stop,
    wait_until_serving,
    write_section,
)

from odsgr.config import Settings  # noqa: E402
from odsgr.service import Service  # noqa: E402

APP = REPO_ROOT / "app.py"
DEMO = REPO_ROOT / "data" / "demo" / "ods_demo.csv"
REFERENCE = (
    Path(os.environ.get("ODSGR_REFERENCE_DATA") or REPO_ROOT.parent / "shared" / "data")
    / "ods_opiniones.xlsx"
)
START_TIMEOUT_S = 180
ROUNDS = 4
# The framework's floor: one event that takes the same inputs as /predict and returns a constant.
CONST_APP = """
import sys
import gradio as gr

ANSWER = {"label": 4, "label_name": "Educación de calidad", "probability": 0.9}


def const(text: str, store_for_review: bool = False) -> dict:
    return ANSWER


with gr.Blocks() as demo:
    gr.api(const, api_name="const")
demo.queue(default_concurrency_limit=4)
demo.launch(server_name="127.0.0.1", server_port=int(sys.argv[1]))
"""


def start(command: list[str], port: int) -> subprocess.Popen:
    """Start a Gradio server subprocess and wait until it serves its config."""
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False"}
    process = subprocess.Popen(
        command, cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    wait_until_serving(process, port, START_TIMEOUT_S)
    return process


def rest_caller(
    url: str, api_name: str, session_hash: str | None = None
) -> Callable[[str], object]:
    """One call of the raw REST route: POST the inputs, then read the event stream.

    Without ``session_hash`` every call is a new Gradio session (what a plain REST caller does).
    """
    http = httpx.Client(base_url=url, timeout=60)
    body = {"session_hash": session_hash} if session_hash else {}

    def call(text: str) -> object:
        posted = http.post(f"/gradio_api/call/{api_name}", json={"data": [text, False], **body})
        posted.raise_for_status()
        event_id = posted.json()["event_id"]
        event = None
        with http.stream("GET", f"/gradio_api/call/{api_name}/{event_id}") as stream:
            for line in stream.iter_lines():
                if line.startswith("event: "):
                    event = line[len("event: ") :]
                elif line.startswith("data: ") and event in ("complete", "error"):
                    if event == "error":
                        raise RuntimeError(f"/{api_name} failed: {line}")
                    return json.loads(line[len("data: ") :])
        raise RuntimeError(f"/{api_name}: the stream ended without a result")

    return call


def client_caller(url: str, api_name: str) -> Callable[[str], object]:
    from gradio_client import Client

    client = Client(url, verbose=False)
    return lambda text: client.predict(text, False, api_name=f"/{api_name}")


def load_texts() -> tuple[list[str], str]:
    """Texts of ~700 characters and where they come from."""
    if REFERENCE.is_file():
        texts = pd.read_excel(REFERENCE)["textos"].astype(str).tolist()
        return [t for t in texts if 600 <= len(t) <= 800], "reference texts of 600-800 characters"
    texts = pd.read_csv(DEMO)["textos"].astype(str).tolist()
    return [f"{a} {b}" for a, b in zip(texts[::2], texts[1::2])], "pairs of demo texts"


def session_cost(service: Service) -> tuple[float, float, int]:
    """What a new Gradio session costs the odsgr app: (ms, KB kept, blocks), in-process."""
    import tracemalloc

    from odsgr import ui

    ui.launch_options()  # what the launched app does: it may change the session class
    from gradio.state_holder import SessionState

    demo = ui.build_app(service)
    SessionState(demo)
    started = time.perf_counter()
    for _ in range(20):
        SessionState(demo)
    milliseconds = (time.perf_counter() - started) / 20 * 1000
    tracemalloc.start()
    kept = [SessionState(demo) for _ in range(20)]
    kilobytes = tracemalloc.get_traced_memory()[0] / len(kept) / 1024
    tracemalloc.stop()
    return milliseconds, kilobytes, len(demo.blocks)


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def measure(
    callers: dict[str, Callable[[str], object]], texts: list[str], calls: int, warmup: int
) -> dict[str, list[float]]:
    """Latencies (seconds) of every caller, interleaved in rounds, after ``warmup`` calls each."""
    for call in callers.values():
        for i in range(warmup):
            call(texts[i % len(texts)])
    timings: dict[str, list[float]] = {name: [] for name in callers}
    per_round = max(1, calls // ROUNDS)
    for round_number in range(ROUNDS):
        for name, call in callers.items():
            for i in range(per_round):
                text = texts[(round_number * per_round + i) % len(texts)]
                started = time.perf_counter()
                call(text)
                timings[name].append(time.perf_counter() - started)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--no-write", action="store_true", help="print only; keep RESULTS.md")
    args = parser.parse_args()

    texts, origin = load_texts()
    home = Path(tempfile.mkdtemp(prefix="odsgr-bench-single-"))
    processes = []
    try:
        service = Service(Settings(home=home))
        service.train(paths=[REFERENCE if REFERENCE.is_file() else DEMO])
        app_port, const_port = free_port(), free_port()
        processes.append(
            start(
                [sys.executable, str(APP), "--home", str(home), "--port", str(app_port)]
                + ["--no-demo"],
                app_port,
            )
        )
        processes.append(start([sys.executable, "-c", CONST_APP, str(const_port)], const_port))
        app_url, const_url = f"http://127.0.0.1:{app_port}/", f"http://127.0.0.1:{const_port}/"
        callers = {
            "gradio_client /predict": client_caller(app_url, "predict"),
            "gradio_client /const": client_caller(const_url, "const"),
            "REST /predict": rest_caller(app_url, "predict"),
            "REST /const": rest_caller(const_url, "const"),
            "REST, one session /predict": rest_caller(app_url, "predict", "bench-predict"),
            "REST, one session /const": rest_caller(const_url, "const", "bench-const"),
            "in-process Service.predict": lambda text: service.predict(text, origin="api"),
        }
        load_before = os.getloadavg()
        timings = measure(callers, texts, args.calls, args.warmup)
        load_after = os.getloadavg()
        session_ms, session_kb, blocks = session_cost(service)
    finally:
        for process in processes:
            stop(process)
        shutil.rmtree(home, ignore_errors=True)

    medians = {name: statistics.median(values) for name, values in timings.items()}
    rows = [
        [
            name,
            len(values),
            f"{medians[name] * 1000:.1f}",
            f"{percentile(values, 95) * 1000:.1f}",
            f"{statistics.mean(values) * 1000:.1f}",
        ]
        for name, values in timings.items()
    ]
    table = markdown_table(["what", "calls", "median ms", "p95 ms", "mean ms"], rows)
    ratios = {
        kind: medians[f"{kind} /predict"] / medians[f"{kind} /const"]
        for kind in ("gradio_client", "REST", "REST, one session")
    }
    p95_ratio = percentile(timings["gradio_client /predict"], 95) / percentile(
        timings["gradio_client /const"], 95
    )
    length = statistics.mean(len(t) for t in texts)
    summary = (
        f"/predict ÷ /const (median): gradio_client {ratios['gradio_client']:.2f}×, "
        f"REST {ratios['REST']:.2f}×, REST reusing one `session_hash` "
        f"{ratios['REST, one session']:.2f}× (goals: ≤ 1.5× through REST with a new session "
        f"per call, ≤ 1.1× through gradio_client); p95 ratio through gradio_client "
        f"{p95_ratio:.2f}×."
    )
    print(table)
    print()
    print(summary)
    print(f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f}")
    print(f"new session: {session_ms:.1f} ms, {session_kb:.0f} KB kept ({blocks} blocks)")
    if args.no_write:
        return
    write_section(
        "single_text",
        "## Single-text latency (`benchmarks/single_text.py`)\n\n"
        f"Measured {time.strftime('%Y-%m-%d %H:%M')}; {args.calls} sequential calls per row "
        f"after {args.warmup} warm-up calls, interleaved in {ROUNDS} rounds; load average "
        f"{load_before[0]:.1f} before and {load_after[0]:.1f} after, on {os.cpu_count()} cores "
        f"(shared machine: noisy). Texts: {len(texts)} {origin} (mean {length:.0f} characters). "
        "`/predict` is the launched app (`python app.py --no-demo`, model trained on "
        f"`{(REFERENCE if REFERENCE.is_file() else DEMO).name}`); `/const` is a bare Gradio "
        "app, launched the same way, whose one endpoint returns a constant: the framework's "
        "floor. REST is `POST /gradio_api/call/NAME` then `GET` of the event stream (`httpx`, "
        "keep-alive), each call a new Gradio session unless the body carries one `session_hash` "
        f"(a new session of odsgr's {blocks}-block app, as `odsgr.sessions` makes it, costs the "
        f"server {session_ms:.2f} ms in process and {session_kb:.0f} KB kept until "
        "`state_session_capacity`); "
        "`gradio_client` keeps one session per `Client` but polls its result queue every 50 ms. "
        "In-process is `Service.predict` on the same model (the handler's own cost)."
        "\n\n" + table + "\n\n" + summary,
    )


if __name__ == "__main__":
    main()
