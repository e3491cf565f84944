"""Pushes waiting for the Hub: ``models/push_queue.jsonl`` (no ``huggingface_hub`` needed)."""

from __future__ import annotations

import json
from pathlib import Path

from odsgr.config import Settings
from odsgr.registry import atomic_write_bytes, now_iso

QUEUE_FILE = "push_queue.jsonl"


def queue_path(settings: Settings) -> Path:
    """The file of pushes waiting for the Hub."""
    return settings.models_dir / QUEUE_FILE


def queued_versions(settings: Settings) -> list[str]:
    """Versions waiting to be pushed, oldest request first, without repeats."""
    path = queue_path(settings)
    if not path.is_file():
        return []
    versions: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            version = json.loads(line)["version"]
            if version not in versions:
                versions.append(version)
    return versions


def write_queue(settings: Settings, versions: list[str], reason: str = "") -> None:
    """Replace the queue with ``versions`` (atomically), each with the time and ``reason``."""
    lines = [
        json.dumps({"version": v, "queued_at": now_iso(), "reason": reason}, ensure_ascii=False)
        for v in versions
    ]
    atomic_write_bytes(queue_path(settings), "".join(f"{line}\n" for line in lines).encode())
