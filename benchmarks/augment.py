"""Measure ``python -m odsgr augment`` on the reference data and write ``benchmarks/augment.md``.

Runs the real command line twice on ``ods_opiniones.xlsx``, each time in a fresh home directory
(so nothing is cached and the validation rows are a stratified 15 % of the real input rows):

1. against the loopback OpenAI-compatible server of ``tests/openai_double.py``, started in this
   process and reached through ``OPENAI_BASE_URL`` by the official ``openai`` client;
2. offline, with no endpoint, i.e. the labelled recombination fallback.

The loopback server writes its texts by recombining and lightly editing sentences of the quoted
examples: it tests the pipeline (prompts, parsing, quality gate, provenance, before/after
measurement), not what gpt-4o-mini would write.

Run: ``python benchmarks/augment.py`` (about half a minute).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
from _reference import REPO_ROOT, reference_dir

sys.path.insert(0, str(REPO_ROOT / "tests"))
from openai_double import OpenAIDouble  # noqa: E402

OUTPUT = Path(__file__).with_suffix(".md")
RATIO = 0.8
SEED = 42


def run_cli(data: Path, workdir: Path, env: dict[str, str]) -> tuple[dict, pd.DataFrame, float]:
    """Run ``augment --json`` in a fresh home: (report, written frame, seconds)."""
    output = workdir / "aumentado.csv"
    command = [
        sys.executable,
        "-m",
        "odsgr",
        "augment",
        "--data",
        str(data),
        "--output",
        str(output),
        "--ratio",
        str(RATIO),
        "--seed",
        str(SEED),
        "--json",
        "--home",
        str(workdir / "home"),
    ]
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, cwd=REPO_ROOT, env=env)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"odsgr augment failed ({result.returncode}): {result.stderr.strip()}")
    return json.loads(result.stdout), pd.read_csv(output), seconds


def markdown(records: list[dict]) -> str:
    """A list of table rows as a Markdown table."""
    frame = pd.DataFrame(records)
    lines = ["| " + " | ".join(map(str, frame.columns)) + " |"]
    lines.append("|" + "---|" * len(frame.columns))
    for row in frame.itertuples(index=False):
        lines.append("| " + " | ".join("—" if pd.isna(v) else f"{v}" for v in row) + " |")
    return "\n".join(lines)


def _changed_texts(report: dict) -> int:
    before, after = report["metrics_before"]["accuracy"], report["metrics_after"]["accuracy"]
    return round(abs(after - before) * report["validation"]["rows"])


def section(title: str, report: dict, written: pd.DataFrame, seconds: float) -> str:
    """The measured tables of one run."""
    texts, requests, tokens = report["texts"], report["requests"], report["tokens"]
    validation = report["validation"]
    synthetic = written[written["synthetic"]]
    provenance = synthetic[["generator", "source_row", "prompt_hash"]].notna().all().all()
    rejected = ", ".join(f"{reason} {count}" for reason, count in texts["rejected"].items())
    return "\n".join(
        [
            f"## {title}",
            "",
            f"Method `{report['method']}`, ratio {report['ratio']}, seed {report['seed']}; "
            f"{seconds:.1f} s wall time for the whole command (augmentation and both fits).",
            "",
            "### Class balance",
            "",
            markdown(report["class_balance"]),
            "",
            f"### Macro metrics on {validation['rows']} real validation texts",
            "",
            f"Default model trained on {validation['train_rows_before']} real texts (before) and "
            f"on those plus {report['synthetic_rows']} synthetic texts "
            f"({validation['train_rows_after']}, after).",
            "",
            markdown(report["comparison"]),
            "",
            f"One validation text is {100 / validation['rows']:.2f} points of accuracy; "
            f"{_changed_texts(report)} of the {validation['rows']} predictions changed net "
            "between before and after.",
            "",
            "### Generation",
            "",
            f"- texts generated {texts['generated']}, accepted {texts['accepted']}, "
            f"rejected {sum(texts['rejected'].values())} ({rejected})",
            f"- requests made {requests['made']} (cached {requests['cached']}, resumed "
            f"{requests['resumed']}, failed {requests['failed']})",
            f"- tokens {tokens['prompt']} prompt + {tokens['completion']} completion "
            f"= {tokens['total']}",
            f"- output file: {len(written)} rows = {report['input_rows']} input + "
            f"{len(synthetic)} synthetic, every synthetic row with generator, source_row and "
            f"prompt_hash: {'yes' if provenance else 'no'}",
            f"- warnings: {'; '.join(report['errors']) or 'none'}",
            "",
        ]
    )


def main() -> None:
    data = reference_dir() / "ods_opiniones.xlsx"
    base_env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("OPENAI_BASE_URL", "OPENAI_API_KEY", "ODSGR_HOME")
    }
    sections, reports = [], []
    with tempfile.TemporaryDirectory() as folder, OpenAIDouble("json") as double:
        env = {**base_env, "OPENAI_BASE_URL": double.base_url, "OPENAI_API_KEY": "sk-loopback"}
        report, written, seconds = run_cli(data, Path(folder), env)
        assert report["requests"]["made"] == double.request_count
        reports.append(report)
        sections.append(section("Loopback OpenAI-compatible server", report, written, seconds))
    with tempfile.TemporaryDirectory() as folder:
        report, written, seconds = run_cli(data, Path(folder), base_env)
        sections.append(section("Offline fallback (no endpoint)", report, written, seconds))
    first = reports[0]
    header = f"""# LLM augmentation on the reference data

Measured by `python benchmarks/augment.py`, which runs
`python -m odsgr augment --data ods_opiniones.xlsx --ratio {RATIO} --seed {SEED} --json`
in a fresh home directory, first against the loopback server of `tests/openai_double.py`
(through `OPENAI_BASE_URL`, with the official `openai` client), then with no endpoint.

**Read the metric deltas as a pipeline check, not as the value of an LLM.** The loopback server
does not run a language model: it recombines and lightly edits sentences of the example texts
quoted in each prompt. The offline fallback does the same by design. So these runs show that the
pipeline reaches the target balance, keeps provenance, rejects bad candidates and measures
before/after honestly; they say nothing about what gpt-4o-mini texts would do to the model.

How the metrics are measured: a stratified 15 % of the *real* input rows (seed 42) is held out
as validation; those rows count toward the class totals but are never quoted in a prompt nor
recombined. The default model (`prefix_words_lr`) is trained on the other real rows (before) and
on those plus the accepted synthetic rows (after) and scored on the held-out rows.

For context only, the reference project reported macro precision 0.9059 → 0.9314, recall
0.8783 → 0.9260 and F1 0.8881 → 0.9282 on its own test set with its own (older) model; those
figures are not comparable with the ones below (different split, different model, real LLM
texts). odsgr's default model already reaches {first["metrics_before"]["f1_macro"]:.4f} macro F1
on this split before augmentation, so there is little room for augmentation to show.

"""
    OUTPUT.write_text(header + "\n".join(sections), encoding="utf-8")
    print(OUTPUT.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
