"""The «Revisión» tab."""

from __future__ import annotations

import gradio as gr

from odsgr.ui.api import user_errors
from odsgr.ui.handlers import OdsgrApp
from odsgr.ui.tabs import PRIVATE, WRITE_GROUP, Shared
from odsgr.ui.texts import REVIEW_KEYS, marker, t


def build_revision_tab(app: OdsgrApp, shared: Shared) -> None:
    """Add the «Revisión» tab (inside ``gr.Tabs``) and wire its events to ``app``."""
    h = user_errors
    password = shared.password
    with gr.Tab(marker("tab_review"), id="revision"):
        gr.Markdown(t("review_intro"))
        review_load = gr.Button(t("review_load"))
        review_status = gr.Markdown(elem_id="review-status")
        review_grid = gr.Dataframe(
            headers=[marker(key) for key in REVIEW_KEYS],
            label=t("review_table"),
            interactive=True,
            wrap=True,
            max_height=600,
            static_columns=list(range(len(REVIEW_KEYS) - 1)),
            column_widths=["10%", "27%", "9%", "12%", "8%", "11%", "12%", "11%"],
            elem_id="review-table",
        )
        review_confirm = gr.Button(t("review_confirm"), variant="primary")
        review_load.click(
            h(app.ui_review_load),
            inputs=[password],
            outputs=[review_status, review_grid],
            api_visibility=PRIVATE,
        )
        review_confirm.click(
            h(app.ui_review_decide),
            inputs=[review_grid, password],
            outputs=[review_status, review_grid],
            api_visibility=PRIVATE,
            **WRITE_GROUP,
        )
