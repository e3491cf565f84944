"""The hidden components and the named endpoints of the API («Usar vía API»)."""

from __future__ import annotations

import gradio as gr

from odsgr.ui.api import user_errors
from odsgr.ui.handlers import OdsgrApp
from odsgr.ui.tabs import PREDICT_GROUP, WRITE_GROUP


def build_api_section(app: OdsgrApp) -> None:
    """Add the hidden inputs/outputs of the file endpoints and register every named endpoint."""
    h = user_errors
    with gr.Column(visible=False):
        api_file = gr.File(label="file", type="filepath")
        api_text_column = gr.Textbox(label="text_column", value="")
        api_result_file = gr.File(label="result_file")
        api_summary = gr.JSON(label="summary")
        api_strategy = gr.Textbox(label="strategy", value="batch")
        api_window = gr.Number(label="window", value=None, precision=0)
        api_password = gr.Textbox(label="admin_password", value="", type="password")
        api_store_for_review = gr.Checkbox(label="store_for_review", value=False)
        api_window_days = gr.Number(label="window_days", value=None)
        api_balance = gr.Checkbox(label="balance_with_llm", value=False)
        api_candidate = gr.Textbox(label="candidate")
        api_comparison = gr.JSON(label="comparison")
        api_predict_file_trigger = gr.Button()
        api_retrain_trigger = gr.Button()

    gr.api(h(app.api_predict), api_name="predict", **PREDICT_GROUP)
    gr.api(h(app.api_predict_batch), api_name="predict_batch", **PREDICT_GROUP)
    api_predict_file_trigger.click(
        h(app.api_predict_file),
        inputs=[api_file, api_text_column, api_store_for_review],
        outputs=[api_result_file, api_summary],
        api_name="predict_file",
        api_description=app.api_predict_file.__doc__,
        **PREDICT_GROUP,
    )
    api_retrain_trigger.click(
        h(app.api_retrain),
        inputs=[api_file, api_strategy, api_window, api_password, api_window_days, api_balance],
        outputs=[api_candidate, api_comparison],
        api_name="retrain",
        api_description=app.api_retrain.__doc__,
        **WRITE_GROUP,
    )
    gr.api(h(app.api_promote), api_name="promote", **WRITE_GROUP)
    gr.api(h(app.api_discard), api_name="discard", **WRITE_GROUP)
    gr.api(h(app.api_rollback), api_name="rollback", **WRITE_GROUP)
    gr.api(h(app.api_metrics), api_name="metrics")
    gr.api(h(app.api_versions), api_name="versions")
    gr.api(h(app.api_history), api_name="history")
    gr.api(h(app.api_review_queue), api_name="review_queue")
    gr.api(h(app.api_review_decide), api_name="review_decide", **WRITE_GROUP)
    gr.api(h(app.api_drift), api_name="drift")
    gr.api(h(app.api_hub_pull), api_name="hub_pull", **WRITE_GROUP)
