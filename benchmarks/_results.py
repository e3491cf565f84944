"""Shared helpers of the performance benchmarks: medians, tables and RESULTS.md sections."""

from __future__ import annotations

import os
import re
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
HEADER = (
    "# Performance results\n\n"
    "Written by the benchmarks in this folder, one section each (`python benchmarks/NAME.py`).\n"
    "Every figure is a median over repeated runs on the development machine (2 cores, shared).\n"
)


def median_seconds(run: Callable[[], object], repeats: int) -> tuple[float, list[float]]:
    """Median wall-clock seconds of ``run`` over ``repeats`` calls, and every timing."""
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings), timings


def markdown_table(header: list[str], rows: list[list[object]]) -> str:
    """A GitHub Markdown table (cells printed as given)."""
    frame = pd.DataFrame([[str(cell) for cell in row] for row in rows], columns=header)
    return frame.to_markdown(index=False, disable_numparse=True)


def write_section(name: str, body: str) -> None:
    """Replace (or append) the ``<!-- name:start -->…<!-- name:end -->`` section of RESULTS.md."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    block = f"{start}\n{body.strip()}\n{end}"
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.is_file() else HEADER
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    text = pattern.sub(lambda _: block, text) if pattern.search(text) else f"{text}\n{block}\n"
    temporary = RESULTS.with_suffix(".md.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(RESULTS)


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(process: subprocess.Popen, port: int, timeout_s: float) -> None:
    """Wait until the Gradio server ``process`` answers ``/config`` on ``port``.

    Raises:
        RuntimeError: the process exited first.
        TimeoutError: it did not answer within ``timeout_s`` (the process is killed).
    """
    import httpx

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/config", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    process.kill()
    raise TimeoutError(f"the server did not answer within {timeout_s} s")


APP_START_TIMEOUT_S = 180
REPO_ROOT = Path(__file__).resolve().parents[1]  # the checkout whose app.py is started


def start_app(
    home: Path, repo: Path = REPO_ROOT, extra_env: dict[str, str] | None = None
) -> tuple[subprocess.Popen, str]:
    """``python app.py --no-demo`` of the checkout ``repo`` on ``home``; returns it and its URL."""
    port = free_port()
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", **(extra_env or {})}
    process = subprocess.Popen(
        [sys.executable, "app.py", "--home", str(home), "--port", str(port), "--no-demo"],
        cwd=repo,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_until_serving(process, port, APP_START_TIMEOUT_S)
    return process, f"http://127.0.0.1:{port}/"


def stop(process: subprocess.Popen) -> None:
    """Terminate a server process, killing it if it does not exit within 20 s."""
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
