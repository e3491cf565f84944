"""Shared set-up of the benchmarks: make ``odsgr`` importable when a script is run directly
(``python benchmarks/NAME.py``) and locate the reference data (``$ODSGR_REFERENCE_DATA`` or
``../shared/data``). Import it first: ``from _reference import REPO_ROOT, reference_dir``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))


def reference_dir() -> Path:
    """The reference data folder; exits with a clear message when it is absent."""
    default = REPO_ROOT.parent / "shared" / "data"
    folder = Path(os.environ.get("ODSGR_REFERENCE_DATA") or default)
    if not folder.is_dir():
        sys.exit(f"reference data not found at {folder}; set ODSGR_REFERENCE_DATA")
    return folder
