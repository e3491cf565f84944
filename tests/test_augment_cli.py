"""Code tests of ``python -m odsgr augment`` against the loopback OpenAI server (Ctrl-C: a
real subprocess; the other runs: in this process) and of ``Service.retrain(...,
balance_with_llm=True)``."""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import DEMO_DATA, REPO_ROOT, run_cli
from openai_double import OpenAIDouble
from sklearn.model_selection import train_test_split

from odsgr.augment import OFFLINE_METHOD
from odsgr.cli import main
from odsgr.config import Settings
from odsgr.results import AugmentOptions
from odsgr.service import Service

MODEL = "modelo-de-prueba"
MINORITY = 16  # SDG 1 texts kept out of 40; SDG 3 and 4 keep 40, so SDG 1 needs 16 more
TARGET = math.ceil(0.8 * 40)


def clean_env(**extra: str) -> dict[str, str]:
    names = ("OPENAI_BASE_URL", "OPENAI_API_KEY", "ODSGR_HOME", "ODSGR_SEED", "ODSGR_LLM_MODEL")
    return {**{k: v for k, v in os.environ.items() if k not in names}, **extra}


def command(data: Path, output: Path, home: Path, *args: str) -> list[str]:
    return [
        sys.executable, "-m", "odsgr", "augment", "--data", str(data), "--output", str(output),
        "--home", str(home), *args,
    ]  # fmt: skip


def run_here(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, **env: str
) -> subprocess.CompletedProcess:
    """``command(...)`` run in this process (``run_cli``) with the environment of ``clean_env``."""
    for name in set(os.environ) - set(clean_env()):
        monkeypatch.delenv(name)
    return run_cli(*argv[3:], env=env)


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        list(args), capture_output=True, text=True, cwd=REPO_ROOT, timeout=120,
        env=env or clean_env(),
    )  # fmt: skip


@pytest.fixture(scope="module")
def imbalanced() -> pd.DataFrame:
    demo = pd.read_csv(DEMO_DATA)
    return pd.concat(
        [demo[demo["labels"] != 1], demo[demo["labels"] == 1].head(MINORITY)], ignore_index=True
    )


@pytest.fixture(scope="module")
def imbalanced_csv(imbalanced: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("augment_cli") / "desequilibrado.csv"
    imbalanced.to_csv(path, index=False)
    return path


def test_cli_against_loopback_server(imbalanced, imbalanced_csv, tmp_path, monkeypatch):
    output = tmp_path / "aumentado.csv"
    with OpenAIDouble("json") as double:
        args = command(imbalanced_csv, output, tmp_path / "home", "--model", MODEL, "--json")
        result = run_here(
            args, monkeypatch, OPENAI_BASE_URL=double.base_url, OPENAI_API_KEY="sk-prueba"
        )
        paid = double.request_count
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)

    written = pd.read_csv(output)
    real, synthetic = written[~written["synthetic"]], written[written["synthetic"]]
    assert real["text"].tolist() == imbalanced["textos"].tolist()
    assert len(synthetic) == report["synthetic_rows"] == MINORITY
    assert (synthetic["label"] == 1).all() and (synthetic["generator"] == MODEL).all()
    assert synthetic["source_row"].notna().all() and synthetic["prompt_hash"].str.len().eq(64).all()
    assert written["label"].value_counts()[1] >= TARGET

    assert report["method"] == f"llm:{MODEL}"
    assert report["requests"]["made"] == paid > 0 and report["tokens"]["total"] > 0
    assert report["texts"]["accepted"] == MINORITY
    balance = {row["ODS"]: row for row in report["class_balance"]}
    assert balance[1]["Antes"] == MINORITY and balance[1]["Después"] == 2 * MINORITY
    assert balance[1]["Δ abs"] == MINORITY and balance[1]["Δ rel (%)"] == 100.0
    assert [row["Métrica"] for row in report["comparison"]][:3] == [
        "Precisión macro",
        "Exhaustividad macro",
        "F1 macro",
    ]
    assert {"Antes", "Después", "Δ abs", "Δ rel (%)"} <= set(report["comparison"][0])
    assert report["validation"]["origin"] == "split"
    assert report["validation"]["train_rows_after"] == (
        report["validation"]["train_rows_before"] + MINORITY
    )

    # the held-out validation rows are never quoted to the model
    frame = imbalanced.rename(columns={"textos": "text", "labels": "label"})
    _, validation = train_test_split(
        frame, test_size=0.15, stratify=frame["label"], random_state=Settings().seed
    )
    assert len(validation) == report["validation"]["rows"]
    checkpoint = Path(report["checkpoint"]).read_text(encoding="utf-8").splitlines()
    quoted = {source for line in checkpoint for source in json.loads(line)["sources"]}
    assert quoted and quoted.isdisjoint(set(validation.index))


def test_dry_run_writes_nothing_and_calls_nothing(imbalanced_csv, tmp_path, monkeypatch, capsys):
    for name in ("OPENAI_BASE_URL", "OPENAI_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    output = tmp_path / "aumentado.xlsx"
    with OpenAIDouble("json") as double:
        argv = command(imbalanced_csv, output, tmp_path / "home", "--dry-run", "--json")[3:]
        code = main([*argv, "--base-url", double.base_url])
        assert double.request_count == 0
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert report["dry_run"] and report["planned_texts"] == {"1": MINORITY, "3": 0, "4": 0}
    assert report["requests"]["estimated"] == math.ceil(MINORITY / 5)
    assert not output.exists() and not (tmp_path / "home" / "data").exists()


def test_offline_fallback_without_endpoint(imbalanced_csv, tmp_path, monkeypatch):
    output = tmp_path / "aumentado.xlsx"
    result = run_here(
        command(imbalanced_csv, output, tmp_path / "home", "--seed", "3"), monkeypatch
    )
    assert result.returncode == 0, result.stderr
    assert f"Método: {OFFLINE_METHOD}" in result.stdout and "semilla 3" in result.stdout
    assert "Equilibrio de clases" in result.stdout and "F1 macro" in result.stdout
    assert "Peticiones: 0 hechas" in result.stdout
    written = pd.read_excel(output)
    synthetic = written[written["synthetic"]]
    assert len(synthetic) == MINORITY and (synthetic["generator"] == OFFLINE_METHOD).all()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--data", "no-existe.csv", "--output", "x.csv"], "no-existe.csv"),
        (["--output", "salida.txt"], "salida.txt"),
        (["--output", "x.csv", "--ratio", "1.5"], "1.5"),
        (["--data", str(REPO_ROOT / "README.md"), "--output", "x.csv"], "error:"),
    ],
)
def test_bad_input_exits_2_with_one_line(imbalanced_csv, tmp_path, capsys, args, message):
    if "--data" not in args:
        args = ["--data", str(imbalanced_csv), *args]
    args = [a if a != "x.csv" else str(tmp_path / a) for a in args]
    assert main(["augment", *args, "--home", str(tmp_path)]) == 2
    stderr = capsys.readouterr().err
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in stderr


def test_ctrl_c_cancels_cleanly_and_the_next_run_resumes(imbalanced_csv, tmp_path):
    output = tmp_path / "aumentado.csv"
    args = command(imbalanced_csv, output, tmp_path / "home", "--json")
    with OpenAIDouble("slow", slow_seconds=1.0) as double:
        env = clean_env(OPENAI_BASE_URL=double.base_url)
        process = subprocess.Popen(
            args, cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        deadline = time.monotonic() + 30
        while double.request_count == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130, stderr
    assert "reanudar" in stderr and "Traceback" not in stderr
    assert not output.exists()

    with OpenAIDouble("json") as double:
        result = run(*args, env=clean_env(OPENAI_BASE_URL=double.base_url))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["requests"]["resumed"] >= 1


def test_retrain_can_balance_with_llm(imbalanced, tmp_path):
    frame = imbalanced.rename(columns={"textos": "text", "labels": "label"})
    service = Service(Settings(home=tmp_path / "home", seed=7))
    service.train(frames=[(frame, "demo")])
    with OpenAIDouble("json") as double:
        summary = service.retrain(
            frames=[(frame.head(3), "nuevo")],
            auto_promote=False,
            balance_with_llm=True,
            augment_options=AugmentOptions(base_url=double.base_url, model_name=MODEL),
        )
        assert double.request_count > 0
    metadata = service.registry.get(summary.candidate).metadata
    added = summary.augmentation["synthetic_rows"]
    assert added > 0 and metadata["synthetic_rows"] == added
    assert metadata["augmentation"]["method"] == f"llm:{MODEL}"
    assert summary.train_rows == metadata["train_rows"]

    service.promote(summary.candidate, force=True)
    history = service.registry.read_history()
    assert int(history["synthetic"].sum()) == added
    assert (history.loc[history["synthetic"], "source"] == f"aumento llm:{MODEL}").all()
