"""The «Datos» tab."""

from __future__ import annotations

import gradio as gr

from odsgr.ui.api import user_errors
from odsgr.ui.handlers import OdsgrApp
from odsgr.ui.tabs import PRIVATE, Shared
from odsgr.ui.texts import ALL, HISTORY_KEYS, marker, t, t_str


def build_datos_tab(app: OdsgrApp, shared: Shared) -> None:
    """Add the «Datos» tab (inside ``gr.Tabs``) and wire its events to ``app``."""
    h = user_errors
    password = shared.password
    with gr.Tab(marker("tab_data"), id="datos") as data_tab:
        data_chart = gr.BarPlot(
            x="ODS",
            y="textos",
            color="tipo",
            label=t("data_distribution"),
            x_title=t_str("col_sdg"),
            y_title=t_str("col_texts"),
            color_title=t_str("col_kind"),
            x_label_angle=-20,
            y_lim=[0, None],
            y_axis_format="d",
        )
        with gr.Row():
            filter_label = gr.Dropdown(
                label=t("filter_label"),
                choices=[(t("all"), ALL)],
                value=ALL,
                elem_id="filter-label",
            )
            filter_source = gr.Dropdown(
                label=t("filter_source"), choices=[(t("all"), ALL)], value=ALL
            )
            filter_search = gr.Textbox(label=t("filter_search"), max_lines=1)
            page = gr.Number(label=t("page"), value=1, precision=0, minimum=1)
        page_info = gr.Markdown()
        history_table = gr.Dataframe(
            label=t("history_table"),
            elem_id="history-table",
            interactive=False,
            max_height=500,
            wrap=True,
            headers=[marker(key) for key in HISTORY_KEYS],
            column_widths=["6%", "16%", "8%", "10%", "60%"],
        )
        with gr.Row():
            show_texts = gr.Button(t("show_texts"))
            download_history = gr.DownloadButton(
                t_str("download_filtered"), elem_id="download-history"
            )
        filters = [filter_label, filter_source, filter_search, page]
        page_outputs = [history_table, page_info, page, download_history]
        data_tab.select(
            h(app.ui_data_overview),
            outputs=[data_chart, filter_label, filter_source],
            api_visibility=PRIVATE,
        ).then(
            h(app.ui_history_page),
            inputs=[*filters, password],
            outputs=page_outputs,
            api_visibility=PRIVATE,
        )
        # A filter changed while the previous page is still loading is applied after it, not
        # dropped (Gradio's default for these triggers ignores events while one is pending).
        gr.on(
            [filter_label.input, filter_source.input, filter_search.submit, page.submit],
            h(app.ui_history_page),
            inputs=[*filters, password],
            outputs=page_outputs,
            api_visibility=PRIVATE,
            trigger_mode="always_last",
        )
        show_texts.click(
            h(app.ui_history_page),
            inputs=[*filters, password],
            outputs=page_outputs,
            api_visibility=PRIVATE,
        )
