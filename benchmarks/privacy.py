"""Measure the personal-data masker on the synthetic fixture and write the table to docs/privacy.md.

Usage: ``python benchmarks/privacy.py [--fixture PATH] [--doc PATH] [--no-write]``

A planted item counts as found when one detected entity of the same type covers all of it. A
detection counts as a false positive when it overlaps no planted item of its type; false positives
on the sentences without personal data are reported separately. Speed is measured on 700-character
texts built from the fixture.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from odsgr.privacy import ENTITY_TYPES, find_personal_data, mask_texts  # noqa: E402

FIXTURE = REPO_ROOT / "tests" / "fixtures" / "personal_data.jsonl"
DOC = REPO_ROOT / "docs" / "privacy.md"
TABLE_START = "<!-- privacy-benchmark:start -->"
TABLE_END = "<!-- privacy-benchmark:end -->"


def load_fixture(path: Path = FIXTURE) -> list[dict]:
    """The fixture records: ``{"id", "text", "entities": [{"type", "start", "end", "text"}]}``."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def score(records: list[dict]) -> dict:
    """Recall, precision and false positives per entity type, and the missed items."""
    planted: Counter[str] = Counter()
    found: Counter[str] = Counter()
    detected: Counter[str] = Counter()
    true_detections: Counter[str] = Counter()
    clean_false_positives: Counter[str] = Counter()
    misses: list[tuple[str, str, str]] = []
    false_positives: list[tuple[str, str, str]] = []
    clean_sentences = 0
    for record in records:
        entities = find_personal_data(record["text"])
        gold = record["entities"]
        clean_sentences += not gold
        for item in gold:
            planted[item["type"]] += 1
            if any(
                e.label == item["type"] and e.start <= item["start"] and item["end"] <= e.end
                for e in entities
            ):
                found[item["type"]] += 1
            else:
                misses.append((record["id"], item["type"], item["text"]))
        for entity in entities:
            detected[entity.label] += 1
            if any(
                g["type"] == entity.label and g["start"] < entity.end and entity.start < g["end"]
                for g in gold
            ):
                true_detections[entity.label] += 1
            else:
                false_positives.append((record["id"], entity.label, entity.text))
                if not gold:
                    clean_false_positives[entity.label] += 1
    rows = {}
    for label in ENTITY_TYPES:
        rows[label] = {
            "planted": planted[label],
            "found": found[label],
            "recall": found[label] / planted[label] if planted[label] else float("nan"),
            "detected": detected[label],
            "precision": (
                true_detections[label] / detected[label] if detected[label] else float("nan")
            ),
            "false_positives": detected[label] - true_detections[label],
            "clean_false_positives": clean_false_positives[label],
        }
    return {
        "rows": rows,
        "sentences": len(records),
        "clean_sentences": clean_sentences,
        "misses": misses,
        "false_positives": false_positives,
    }


def texts_per_second(records: list[dict], n_texts: int = 4000, length: int = 700) -> float:
    """Throughput of ``mask_texts`` on ``n_texts`` texts of ``length`` characters."""
    corpus = " ".join(record["text"] for record in records)
    texts = [(corpus[(i * 37) % len(corpus) :] + corpus)[:length] for i in range(n_texts)]
    started = time.perf_counter()
    mask_texts(texts)
    return n_texts / (time.perf_counter() - started)


def markdown_table(result: dict, title: str) -> str:
    """The measured table as Markdown."""
    lines = [
        f"**{title}**: {result['sentences']} sentences, "
        f"{result['clean_sentences']} of them without personal data (look-alikes).",
        "",
        "| Type | Planted | Found | Recall | Detected | Precision | False positives "
        "| FP on clean sentences |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    total = Counter()
    for label, row in result["rows"].items():
        lines.append(
            f"| {label} | {row['planted']} | {row['found']} | {row['recall']:.2f} "
            f"| {row['detected']} | {row['precision']:.2f} | {row['false_positives']} "
            f"| {row['clean_false_positives']} |"
        )
        total.update(row)
    lines.append(
        f"| **all** | {total['planted']} | {total['found']} "
        f"| {total['found'] / total['planted']:.2f} | {total['detected']} "
        f"| {(total['detected'] - total['false_positives']) / total['detected']:.2f} "
        f"| {total['false_positives']} | {total['clean_false_positives']} |"
    )
    return "\n".join(lines)


def report(records: list[dict], speed: float) -> str:
    """Tables for the whole fixture and for its held-out split, then the speed."""
    held_out = [record for record in records if record.get("split") == "holdout"]
    tables = [markdown_table(score(records), "All of `tests/fixtures/personal_data.jsonl`")]
    if held_out:
        tables.append(markdown_table(score(held_out), "Held-out split only"))
    tables.append(f"Speed: {speed:,.0f} texts of 700 characters per second (one CPU core).")
    return "\n\n".join(tables)


def write_table(doc: Path, table: str) -> None:
    """Replace the block between the benchmark markers of ``doc``, atomically."""
    content = doc.read_text(encoding="utf-8")
    head, _, rest = content.partition(TABLE_START)
    _, _, tail = rest.partition(TABLE_END)
    if not rest:
        raise SystemExit(f"{doc} has no {TABLE_START} marker")
    updated = f"{head}{TABLE_START}\n{table}\n{TABLE_END}{tail}"
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=doc.parent, delete=False, suffix=".tmp"
    ) as handle:
        handle.write(updated)
    os.replace(handle.name, doc)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixture", type=Path, default=FIXTURE)
    parser.add_argument("--doc", type=Path, default=DOC)
    parser.add_argument("--no-write", action="store_true", help="only print the table")
    args = parser.parse_args(argv)
    records = load_fixture(args.fixture)
    result = score(records)
    table = report(records, texts_per_second(records))
    print(table)
    print("\nMissed items:")
    for record_id, label, text in result["misses"]:
        print(f"  {record_id} {label}: {text!r}")
    print("\nFalse positives:")
    for record_id, label, text in result["false_positives"]:
        print(f"  {record_id} {label}: {text!r}")
    if not args.no_write:
        write_table(args.doc, table)
        print(f"\nTable written to {args.doc}")


if __name__ == "__main__":
    main()
