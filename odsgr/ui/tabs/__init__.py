"""The tabs of the app, one ``build_<tab>_tab(app, shared)`` per module, and what they share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict

import gradio as gr

from odsgr.access import AccessPolicy

PREDICT_CONCURRENCY = 16


DEFAULT_CONCURRENCY = 4


FILE_TYPES = [".csv", ".tsv", ".txt", ".xlsx", ".xls", ".json", ".jsonl", ".parquet"]


PRIVATE = "private"


class ConcurrencyGroup(TypedDict):
    """The keyword arguments that put an event in a named queue of limited concurrency."""

    concurrency_id: str
    concurrency_limit: int


PREDICT_GROUP: ConcurrencyGroup = {
    "concurrency_id": "predict",
    "concurrency_limit": PREDICT_CONCURRENCY,
}
WRITE_GROUP: ConcurrencyGroup = {"concurrency_id": "retrain", "concurrency_limit": 1}
# The data report of Reentrenar: one check at a time, in the order asked, so the report of an
# earlier file or column choice never lands after (and over) the report of a later one.
REPORT_GROUP: ConcurrencyGroup = {"concurrency_id": "labelled-report", "concurrency_limit": 1}


@dataclass(frozen=True)
class Shared:
    """What several tabs wire to: the admin password box, the banner and the access policy."""

    password: gr.Textbox
    banner: gr.HTML
    access: AccessPolicy
