"""The «Métricas» tab."""

from __future__ import annotations

import gradio as gr

from odsgr.ui.api import user_errors
from odsgr.ui.handlers import OdsgrApp
from odsgr.ui.tabs import PRIVATE, WRITE_GROUP, Shared
from odsgr.ui.texts import DRIFT_KEYS, VERSION_KEYS, marker, t, t_str


def build_metricas_tab(app: OdsgrApp, shared: Shared) -> None:
    """Add the «Métricas» tab (inside ``gr.Tabs``) and wire its events to ``app``."""
    h = user_errors
    password = shared.password
    banner = shared.banner
    service = app.service
    with gr.Tab(marker("tab_metrics"), id="metricas") as metrics_tab:
        metrics_status = gr.Markdown()
        with gr.Row():
            headline = gr.Dataframe(
                label=t("headline"),
                headers=[marker("col_metric"), marker("col_value")],
                interactive=False,
                scale=1,
            )
            per_class = gr.Dataframe(
                label=t("per_class"),
                headers=[marker(key) for key in ("col_sdg", "col_name", "col_precision")]
                + [marker("col_recall"), "F1", marker("col_support")],
                interactive=False,
                scale=2,
            )
        gr.Markdown(t("confusion"))
        confusion = gr.HTML(elem_id="metrics-confusion")
        reliability = gr.HTML(elem_id="metrics-reliability")
        versions_table = gr.Dataframe(
            label=t("versions"),
            headers=[marker(key) for key in VERSION_KEYS],
            interactive=False,
        )
        f1_chart = gr.BarPlot(
            x="versión",
            y="F1 macro",
            label=t("f1_chart"),
            x_title=t_str("col_version"),
            y_title=t_str("metric_f1_macro"),
            y_lim=[0, 1],
            elem_id="f1-chart",
        )
        with gr.Row():
            rollback_version = gr.Dropdown(
                label=t("rollback_version"), choices=[], elem_id="rollback-version"
            )
            rollback_button = gr.Button(t("rollback"))
        rollback_force = gr.Checkbox(
            label=t("rollback_force"), value=False, elem_id="rollback-force"
        )
        rollback_status = gr.Markdown()
        gr.Markdown(t("drift_title"))
        drift_status = gr.HTML(elem_id="drift-status")
        drift_figures = gr.Dataframe(
            label=t("drift_table"),
            headers=[marker(key) for key in DRIFT_KEYS],
            interactive=False,
            elem_id="drift-table",
        )
        drift_chart = gr.LinePlot(
            x="fecha",
            y="valor",
            color="indicador",
            label=t("drift_chart"),
            x_title=t_str("col_date"),
            y_title=t_str("col_value_axis"),
            color_title=t_str("col_indicator"),
            y_lim=[0, None],
            height=300,
            elem_id="drift-chart",
        )
        with gr.Row():
            hub_line = gr.Markdown(app.ui_hub_status(), elem_id="hub-status")
            hub_pull_button = gr.Button(
                t("hub_pull"), visible=bool(service.settings.hub_model_repo)
            )
        metrics_outputs = [
            metrics_status,
            headline,
            per_class,
            confusion,
            versions_table,
            f1_chart,
            rollback_version,
            reliability,
        ]
        drift_outputs = [drift_status, drift_figures, drift_chart]
        metrics_tab.select(h(app.ui_metrics), outputs=metrics_outputs, api_visibility=PRIVATE).then(
            h(app.ui_drift), outputs=drift_outputs, api_visibility=PRIVATE
        ).then(h(app.ui_hub_status), outputs=[hub_line], api_visibility=PRIVATE)
        hub_pull_button.click(
            h(app.ui_hub_pull),
            inputs=[password],
            outputs=[hub_line, banner],
            api_visibility=PRIVATE,
            **WRITE_GROUP,
        ).then(h(app.ui_metrics), outputs=metrics_outputs, api_visibility=PRIVATE)
        rollback_button.click(
            h(app.ui_rollback),
            inputs=[rollback_version, rollback_force, password],
            outputs=[rollback_status, banner],
            api_visibility=PRIVATE,
            **WRITE_GROUP,
        ).then(h(app.ui_metrics), outputs=metrics_outputs, api_visibility=PRIVATE).then(
            h(app.ui_drift), outputs=drift_outputs, api_visibility=PRIVATE
        )
