"""The «Lote» tab."""

from __future__ import annotations

import gradio as gr

from odsgr.ui.api import user_errors
from odsgr.ui.handlers import OdsgrApp
from odsgr.ui.render import sdg_colour_map
from odsgr.ui.tabs import FILE_TYPES, PREDICT_GROUP, PRIVATE, Shared
from odsgr.ui.texts import BATCH_RESULT_KEYS, marker, t, t_str


def build_lote_tab(app: OdsgrApp, shared: Shared) -> None:
    """Add the «Lote» tab (inside ``gr.Tabs``) and wire its events to ``app``."""
    h = user_errors
    with gr.Tab(marker("tab_batch"), id="lote"):
        with gr.Row():
            batch_file = gr.File(
                label=t("file_to_classify"),
                file_types=FILE_TYPES,
                type="filepath",
                elem_id="batch-file",
            )
            with gr.Column():
                batch_column = gr.Dropdown(
                    label=t("text_column"),
                    info=t("text_column_info"),
                    choices=[],
                    elem_id="batch-column",
                )
                batch_review = gr.Checkbox(
                    label=t("store_for_review"),
                    info=t("store_for_review_info"),
                    value=False,
                )
                batch_button = gr.Button(t("classify_file"), variant="primary")
        batch_status = gr.Markdown()
        batch_preview = gr.Dataframe(label=t("preview"), interactive=False, max_height=300)
        batch_result = gr.Dataframe(
            label=t("results"),
            headers=[marker(key) for key in BATCH_RESULT_KEYS],
            interactive=False,
            max_height=400,
            wrap=True,
            column_widths=["7%", "25%", "11%", "9%", "48%"],
            elem_id="batch-result",
        )
        with gr.Row():
            batch_chart = gr.BarPlot(
                x="ODS",
                y="textos",
                color="ODS",
                color_map=sdg_colour_map(),
                label=t("distribution"),
                x_title=t_str("col_sdg"),
                y_title=t_str("col_texts"),
                color_title=t_str("col_sdg"),
                x_label_angle=-20,
                y_lim=[0, None],
                y_axis_format="d",
            )
            with gr.Column():
                download_csv = gr.DownloadButton(t_str("download_csv"), visible=False)
                download_xlsx = gr.DownloadButton(t_str("download_xlsx"), visible=False)
        batch_file.change(
            h(app.ui_inspect_upload),
            inputs=[batch_file],
            outputs=[batch_column, batch_preview, batch_status],
            api_visibility=PRIVATE,
        )
        batch_button.click(
            h(app.ui_classify_file),
            inputs=[batch_file, batch_column, batch_review],
            outputs=[batch_status, batch_result, batch_chart, download_csv, download_xlsx],
            api_visibility=PRIVATE,
            **PREDICT_GROUP,
        )
