"""Code tests of the command line, run as a real subprocess (help texts: in this process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pandas as pd
import pytest
from conftest import REPO_ROOT, run_cli

from odsgr import batch


def run(*args: str, home=None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "odsgr", *args]
    if home is not None:
        command += ["--home", str(home)]
    return subprocess.run(command, capture_output=True, text=True, cwd=REPO_ROOT, timeout=120)


@pytest.fixture(scope="module")
def cli_home(tmp_path_factory, demo_data):
    home = tmp_path_factory.mktemp("cli_home")
    result = run("train", "--data", str(demo_data), home=home)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["version"] == "v1"
    assert set(summary["validation_metrics"]) >= {"f1_macro", "precision_macro"}
    return home


def test_evaluate_json_has_the_contract_keys(cli_home, demo_data):
    result = run("evaluate", "--data", str(demo_data), "--json", home=cli_home)
    assert result.returncode == 0, result.stderr
    metrics = json.loads(result.stdout)
    assert {
        "precision_macro",
        "recall_macro",
        "f1_macro",
        "accuracy",
        "labels",
        "confusion_matrix",
        "per_class",
    } <= set(metrics)
    assert metrics["labels"] == [1, 3, 4]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_predict_writes_input_columns_plus_predictions(cli_home, tmp_path, suffix):
    source = tmp_path / "entrada.csv"
    pd.DataFrame(
        {
            "id": [7, 8],
            "comentario": [
                "Los estudiantes no tienen transporte escolar para llegar al colegio.",
                '=HYPERLINK("http://x") faltan médicos en el hospital',
            ],
        }
    ).to_csv(source, index=False)
    output = tmp_path / f"salida{suffix}"
    result = run("predict", "--input", str(source), "--output", str(output), home=cli_home)
    assert result.returncode == 0, result.stderr
    frame = pd.read_csv(output) if suffix == ".csv" else pd.read_excel(output)
    assert list(frame.columns) == [
        "id",
        "comentario",
        "label",
        "label_name",
        "probability",
        "needs_review",
        "in_scope",
        "review_reason",
    ]
    assert frame.loc[0, "label"] == 4
    assert str(frame.loc[1, "comentario"]).startswith("'=")


def test_versions_json_marks_the_current_version(cli_home):
    rows = json.loads(run("versions", "--json", home=cli_home).stdout)
    assert rows[0]["version"] == "v1" and rows[0]["current"] is True


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["train", "--data", "no-existe.csv"], "no-existe.csv"),
        (["rollback", "v99"], "v99"),
        (["evaluate", "--data", "README.md", "--json"], "error:"),
    ],
)
def test_bad_input_exits_2_with_one_clear_line(cli_home, args, message):
    result = run(*args, home=cli_home)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0]


@pytest.mark.parametrize("command", ["train", "evaluate", "predict", "versions", "rollback"])
def test_every_command_has_help(command):
    result = run_cli(command, "--help")  # argument parsing only: no interpreter start-up
    assert result.returncode == 0 and "--home" in result.stdout


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: files are scored in one process")
def test_a_large_file_is_spread_over_worker_processes(cli_home, demo_data, tmp_path):
    # a progress bar's monitor thread once made the CLI look like a threaded server (one process)
    texts = pd.read_csv(demo_data)["textos"]
    source = tmp_path / "grande.csv"
    repeats = batch.PARALLEL_MIN_BYTES // int(texts.str.len().sum()) + 1
    pd.DataFrame({"texto": list(texts) * repeats}).to_csv(source, index=False)
    result = run(
        "-v", "predict", "--input", str(source), "--output", str(tmp_path / "o.csv"), home=cli_home
    )
    assert result.returncode == 0, result.stderr
    assert f"Scoring with {os.cpu_count()} worker processes" in result.stderr
