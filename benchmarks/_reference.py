"""Locate the reference data for benchmarks (``$ODSGR_REFERENCE_DATA`` or ``../shared/data``)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def reference_dir() -> Path:
    """The reference data folder; exits with a clear message when it is absent."""
    default = REPO_ROOT.parent / "shared" / "data"
    folder = Path(os.environ.get("ODSGR_REFERENCE_DATA") or default)
    if not folder.is_dir():
        sys.exit(f"reference data not found at {folder}; set ODSGR_REFERENCE_DATA")
    return folder
