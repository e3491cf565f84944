"""Load test of the running app: ``python benchmarks/load.py [--seconds 30] [--clients 1,4,16]``.

Starts ``python app.py --home H --port P --no-demo`` on a home trained from the demo data (or
``--home``), then drives ``/predict`` through ``gradio_client`` from 1, 4 and 16 client processes
for ``--seconds`` each, and once more with 4 clients while an admin retrain runs. Prints a
Markdown table (requests/s, p50/p95/p99 latency, errors) and writes it into
``docs/reliability.md`` between the ``load:start`` / ``load:end`` markers (``--no-write`` skips it).

Goal: no errors, p95 within 5× p50 at 16 clients, and during the retrain every prediction is
answered by the current version.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from _reference import REPO_ROOT  # noqa: E402
from _results import free_port, wait_until_serving  # noqa: E402

DEMO_DATA = REPO_ROOT / "data" / "demo" / "ods_demo.csv"
DOC = REPO_ROOT / "docs" / "reliability.md"
PASSWORD = "clave-de-carga-no-secreta"
TEXTS = (
    "En el centro de salud del barrio no hay médicos y las citas tardan meses.",
    "La escuela rural no tiene maestros suficientes y los niños caminan dos horas.",
    "Muchas familias viven del jornal diario y no alcanzan a pagar el arriendo ni la comida.",
    "Faltan campañas de vacunación y atención en salud mental para los jóvenes del municipio.",
)


def _client_worker(url: str, start_at: float, seconds: float, worker: int) -> dict:
    """One client process: predict in a loop for ``seconds``; latencies, errors, versions."""
    from gradio_client import Client

    client = Client(url, verbose=False)
    client.predict(TEXTS[0], api_name="/predict")  # warm-up, not measured
    time.sleep(max(0.0, start_at - time.time()))
    latencies, errors, versions = [], [], set()
    deadline = start_at + seconds
    index = worker
    while time.time() < deadline:
        text = f"{TEXTS[index % len(TEXTS)]} ({worker}-{index})"
        index += 1
        started = time.perf_counter()
        try:
            result = client.predict(text, api_name="/predict")
            versions.add(result["model_version"])
        except Exception as error:  # noqa: BLE001 - every failure is a data point here
            errors.append(f"{type(error).__name__}: {error}"[:200])
            continue
        latencies.append(time.perf_counter() - started)
    return {"latencies": latencies, "errors": errors, "versions": sorted(versions)}


def run_round(url: str, clients: int, seconds: float) -> dict:
    """``clients`` processes hammering ``/predict`` for ``seconds``; merged figures."""
    start_at = time.time() + 3.0 + 0.3 * clients  # time for every process to connect
    with ProcessPoolExecutor(max_workers=clients) as pool:
        futures = [
            pool.submit(_client_worker, url, start_at, seconds, worker) for worker in range(clients)
        ]
        results = [future.result() for future in futures]
    latencies = sorted(x for r in results for x in r["latencies"])
    errors = [e for r in results for e in r["errors"]]
    versions = sorted({v for r in results for v in r["versions"]})
    return _figures(clients, seconds, latencies, errors, versions)


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(round(share * (len(values) - 1))))]


def _figures(clients, seconds, latencies, errors, versions) -> dict:
    return {
        "clients": clients,
        "requests": len(latencies),
        "rps": len(latencies) / seconds,
        "p50": 1000 * statistics.median(latencies) if latencies else float("nan"),
        "p95": 1000 * _percentile(latencies, 0.95),
        "p99": 1000 * _percentile(latencies, 0.99),
        "errors": len(errors),
        "error_examples": errors[:3],
        "versions": versions,
    }


def run_round_with_retrain(url: str, clients: int, seconds: float, labelled: Path) -> dict:
    """A round during which an admin retrains through ``/retrain``; reports what it answered."""
    from gradio_client import Client, handle_file

    start_at = time.time() + 3.0 + 0.3 * clients
    with ProcessPoolExecutor(max_workers=clients) as pool:
        futures = [
            pool.submit(_client_worker, url, start_at, seconds, worker) for worker in range(clients)
        ]
        time.sleep(max(0.0, start_at - time.time()) + 1.0)
        admin = Client(url, verbose=False)
        began = time.perf_counter()
        candidate, report = admin.predict(
            handle_file(str(labelled)), "batch", None, PASSWORD, api_name="/retrain"
        )
        retrain_s = time.perf_counter() - began
        results = [future.result() for future in futures]
    latencies = sorted(x for r in results for x in r["latencies"])
    errors = [e for r in results for e in r["errors"]]
    versions = sorted({v for r in results for v in r["versions"]})
    figures = _figures(clients, seconds, latencies, errors, versions)
    figures.update(candidate=candidate, promoted=report["promoted"], retrain_s=retrain_s)
    return figures


def _train_home(home: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "odsgr", "train", "--data", str(DEMO_DATA), "--home", str(home)],
        cwd=REPO_ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
    )


def _start_app(home: Path, port: int, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO_ROOT),
        "ODSGR_ADMIN_PASSWORD": PASSWORD,
        "GRADIO_ANALYTICS_ENABLED": "False",
    }
    for name in ("ODSGR_HUB_MODEL_REPO", "ODSGR_HUB_DATASET_REPO", "OPENAI_BASE_URL"):
        env.pop(name, None)
    handle = open(log, "w")  # noqa: SIM115 - lives as long as the server
    process = subprocess.Popen(
        [sys.executable, "app.py", "--home", str(home), "--port", str(port), "--no-demo"],
        cwd=REPO_ROOT,
        stdout=handle,
        stderr=subprocess.STDOUT,
        env=env,
    )
    try:
        wait_until_serving(process, port, timeout_s=120)
    except (RuntimeError, TimeoutError) as error:
        raise SystemExit(f"{error}; see {log}") from None
    return process


def table(rounds: list[dict], retrain: dict | None, seconds: float) -> str:
    lines = [
        f"| clients | requests in {seconds:g} s | requests/s | p50 ms | p95 ms | p99 ms | "
        "p95/p50 | errors | versions answered |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in [*rounds, *([retrain] if retrain else [])]:
        label = f"{r['clients']}" + (" + retrain" if r is retrain else "")
        lines.append(
            f"| {label} | {r['requests']} | {r['rps']:.1f} | {r['p50']:.0f} | {r['p95']:.0f} | "
            f"{r['p99']:.0f} | {r['p95'] / r['p50']:.1f} | {r['errors']} | "
            f"{', '.join(r['versions'])} |"
        )
    return "\n".join(lines)


def write_doc(text: str) -> None:
    content = DOC.read_text(encoding="utf-8") if DOC.is_file() else ""
    block = f"<!-- load:start -->\n{text}\n<!-- load:end -->"
    pattern = re.compile(r"<!-- load:start -->.*?<!-- load:end -->", re.DOTALL)
    content = pattern.sub(block, content) if pattern.search(content) else content + block + "\n"
    DOC.write_text(content, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="duration of each round")
    parser.add_argument("--clients", default="1,4,16", help="client processes per round")
    parser.add_argument("--retrain-clients", type=int, default=4)
    parser.add_argument("--home", help="a trained home (default: a temporary one, demo data)")
    parser.add_argument("--no-write", action="store_true", help="do not update the doc")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="odsgr-load-"))
    home = Path(args.home) if args.home else workdir / "home"
    if not args.home:
        _train_home(home)
    labelled = workdir / "nuevos.csv"
    shutil.copy(DEMO_DATA, labelled)
    port = free_port()
    app = _start_app(home, port, workdir / "app.log")
    url = f"http://127.0.0.1:{port}/"
    try:
        rounds = []
        for clients in [int(c) for c in args.clients.split(",")]:
            rounds.append(run_round(url, clients, args.seconds))
            print(f"{clients} clients: {rounds[-1]['rps']:.1f} req/s", file=sys.stderr)
        retrain = run_round_with_retrain(url, args.retrain_clients, args.seconds, labelled)
    finally:
        app.send_signal(signal.SIGINT)
        try:
            app.wait(timeout=20)
        except subprocess.TimeoutExpired:
            app.kill()
    text = table(rounds, retrain, args.seconds)
    cpus = os.cpu_count()
    text += (
        f"\n\nMeasured {time.strftime('%Y-%m-%d')} on {cpus} CPU cores (server and clients on "
        f"the same machine), `python benchmarks/load.py --seconds {args.seconds:g}`. During the "
        f"last round an admin retrain (`/retrain`, {retrain['retrain_s']:.1f} s, candidate "
        f"{retrain['candidate']}, promoted: {retrain['promoted']}) ran while "
        f"{retrain['clients']} clients kept predicting."
    )
    print(text)
    for r in [*rounds, retrain]:
        for example in r["error_examples"]:
            print(f"error ({r['clients']} clients): {example}", file=sys.stderr)
    if not args.no_write:
        write_doc(text)
    worst = rounds[-1]
    ok = all(r["errors"] == 0 for r in [*rounds, retrain]) and worst["p95"] <= 5 * worst["p50"]
    ok = ok and retrain["versions"] == ["v1"]  # the candidate is not promoted by /retrain
    shutil.rmtree(workdir, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
