"""The «Clasificar» tab."""

from __future__ import annotations

import gradio as gr

from odsgr.ui.api import user_errors
from odsgr.ui.handlers import OdsgrApp
from odsgr.ui.tabs import PREDICT_GROUP, PRIVATE, Shared
from odsgr.ui.texts import EXAMPLES, marker, t


def build_clasificar_tab(app: OdsgrApp, shared: Shared) -> None:
    """Add the «Clasificar» tab (inside ``gr.Tabs``) and wire its events to ``app``."""
    h = user_errors
    with gr.Tab(marker("tab_classify"), id="clasificar"):
        with gr.Row():
            with gr.Column(scale=3):
                text = gr.Textbox(label=t("text_box"), placeholder=t("text_placeholder"), lines=6)
                classify_review = gr.Checkbox(
                    label=t("store_for_review"),
                    info=t("store_for_review_info"),
                    value=False,
                )
                classify_button = gr.Button(t("classify"), variant="primary")
                gr.Examples(EXAMPLES, inputs=[text], label=t("examples"))
            with gr.Column(scale=2):
                badge = gr.HTML(label=t("result"), elem_id="prediction")
                warnings = gr.Markdown()
                probabilities = gr.Label(label=t("probabilities"), num_top_classes=17)
        with gr.Row():
            highlighted = gr.HighlightedText(label=t("explanation"), scale=3)
            terms = gr.Dataframe(
                label=t("top_terms"),
                headers=[marker("col_term"), marker("col_weight")],
                interactive=False,
                scale=2,
            )
        classify_outputs = [badge, probabilities, highlighted, terms, warnings]
        gr.on(
            [classify_button.click, text.submit],
            h(app.ui_classify),
            inputs=[text, classify_review],
            outputs=classify_outputs,
            api_visibility=PRIVATE,
            **PREDICT_GROUP,
        )
