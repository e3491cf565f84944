"""The «Reentrenar» tab."""

from __future__ import annotations

import gradio as gr

from odsgr.ui.api import user_errors
from odsgr.ui.handlers import OdsgrApp
from odsgr.ui.render import _strategy_choices, access_note
from odsgr.ui.tabs import FILE_TYPES, PRIVATE, REPORT_GROUP, WRITE_GROUP, Shared
from odsgr.ui.texts import WINDOW_MODES, marker, t


def build_reentrenar_tab(app: OdsgrApp, shared: Shared) -> None:
    """Add the «Reentrenar» tab (inside ``gr.Tabs``) and wire its events to ``app``."""
    h = user_errors
    password = shared.password
    banner = shared.banner
    access = shared.access
    service = app.service
    with gr.Tab(marker("tab_retrain"), id="reentrenar") as retrain_tab:
        gr.Markdown(access_note(access))
        with gr.Row():
            labelled_file = gr.File(
                label=t("labelled_file"),
                file_types=FILE_TYPES,
                type="filepath",
                elem_id="labelled-file",
            )
            labelled_table = gr.Dataframe(
                headers=[marker("col_text"), marker("col_sdg")],
                datatype=["str", "str"],
                column_count=2,
                row_count=3,
                interactive=True,
                label=t("labelled_table"),
            )
        with gr.Row():
            labelled_text_column = gr.Dropdown(
                label=t("text_column"),
                info=t("columns_info"),
                choices=[],
                elem_id="labelled-text-column",
            )
            labelled_label_column = gr.Dropdown(
                label=t("label_column"),
                info=t("columns_info"),
                choices=[],
                elem_id="labelled-label-column",
            )
        validate_button = gr.Button(t("validate"))
        report = gr.Markdown()
        with gr.Row():
            with gr.Column(scale=2):
                strategy = gr.Dropdown(
                    choices=_strategy_choices(), value="batch", label=t("strategy")
                )
                strategy_help = gr.Markdown(t("strategy_help_batch"))
            with gr.Column(scale=1, visible=False) as window_options:
                window_mode = gr.Radio(
                    choices=[(t(key), mode) for mode, key in WINDOW_MODES.items()],
                    value="rows",
                    label=t("window_mode"),
                )
                window = gr.Number(label=t("window"), value=500, precision=0, minimum=10)
                window_days = gr.Number(label=t("window_days"), value=90, minimum=1, visible=False)
        with gr.Row(visible=service.settings.llm_configured):
            llm_balance = gr.Checkbox(label=t("llm_balance"), value=False)
            augment_ratio = gr.Slider(
                0.1, 1.0, value=0.8, step=0.05, label=t("augment_ratio"), visible=False
            )
            augment_seed = gr.Number(
                label=t("augment_seed"),
                value=service.settings.seed,
                precision=0,
                visible=False,
            )
        train_button = gr.Button(t("train_candidate"), variant="primary")
        with gr.Row():
            candidate = gr.Textbox(label=t("candidate_version"), max_lines=1)
            pending_choice = gr.Dropdown(
                label=t("pending_choice"),
                info=t("pending_choice_info"),
                choices=[],
                elem_id="pending-candidate",
            )
        candidate_summary = gr.Markdown()
        augment_table = gr.Dataframe(label=t("augment_balance"), interactive=False, visible=False)
        comparison = gr.Dataframe(
            label=t("comparison"),
            elem_id="comparison",
            headers=[marker("col_metric"), marker("col_before"), marker("col_after")]
            + ["Δ abs", "Δ rel (%)"],
            interactive=False,
        )
        with gr.Row():
            with gr.Column():
                gr.Markdown(t("cm_current"))
                cm_current = gr.HTML()
            with gr.Column():
                gr.Markdown(t("cm_candidate"))
                cm_candidate = gr.HTML()
        force = gr.Checkbox(label=t("force"), value=False)
        with gr.Row():
            promote_button = gr.Button(t("promote"), variant="primary")
            discard_button = gr.Button(t("discard"), variant="stop")
        decision = gr.Markdown()
        gr.Markdown(t("pending_candidates"))
        pending = gr.Markdown(elem_id="pending-candidates")
        pending_outputs = [pending, pending_choice]

        strategy.change(
            lambda name: (
                str(t(f"strategy_help_{name}")),
                gr.Column(visible=name == "window"),
            ),
            inputs=[strategy],
            outputs=[strategy_help, window_options],
            api_visibility=PRIVATE,
            queue=False,
        )
        window_mode.change(
            lambda mode: (
                gr.Number(visible=mode != "days"),
                gr.Number(visible=mode == "days"),
            ),
            inputs=[window_mode],
            outputs=[window, window_days],
            api_visibility=PRIVATE,
            queue=False,
        )
        llm_balance.change(
            lambda on: (gr.Slider(visible=on), gr.Number(visible=on)),
            inputs=[llm_balance],
            outputs=[augment_ratio, augment_seed],
            api_visibility=PRIVATE,
            queue=False,
        )
        labelled_columns_in = [labelled_text_column, labelled_label_column]
        validate_inputs = [labelled_file, labelled_table, *labelled_columns_in]
        labelled_file.change(
            h(app.ui_labelled_columns),
            inputs=[labelled_file],
            outputs=labelled_columns_in,
            api_visibility=PRIVATE,
        ).then(
            h(app.ui_validate_labelled),
            inputs=validate_inputs,
            outputs=[report],
            api_visibility=PRIVATE,
            **REPORT_GROUP,
        )
        gr.on(
            [
                validate_button.click,
                labelled_text_column.input,
                labelled_label_column.input,
            ],
            h(app.ui_validate_labelled),
            inputs=validate_inputs,
            outputs=[report],
            api_visibility=PRIVATE,
            **REPORT_GROUP,
        )
        train_button.click(
            h(app.ui_train_candidate),
            inputs=[
                labelled_file,
                labelled_table,
                strategy,
                window_mode,
                window,
                window_days,
                llm_balance,
                augment_ratio,
                augment_seed,
                *labelled_columns_in,
                password,
            ],
            outputs=[
                candidate,
                candidate_summary,
                comparison,
                cm_current,
                cm_candidate,
                augment_table,
            ],
            api_visibility=PRIVATE,
            **WRITE_GROUP,
        ).then(h(app.ui_pending), outputs=pending_outputs, api_visibility=PRIVATE)
        promote_button.click(
            h(app.ui_promote),
            inputs=[candidate, force, password],
            outputs=[decision, banner],
            api_visibility=PRIVATE,
            **WRITE_GROUP,
        ).then(h(app.ui_pending), outputs=pending_outputs, api_visibility=PRIVATE).then(
            # a confirmation is for one promotion, not for the next candidate
            lambda: False,
            outputs=[force],
            api_visibility=PRIVATE,
            queue=False,
        )
        discard_button.click(
            h(app.ui_discard),
            inputs=[candidate, password],
            outputs=[decision, candidate],
            api_visibility=PRIVATE,
            **WRITE_GROUP,
        ).then(h(app.ui_pending), outputs=pending_outputs, api_visibility=PRIVATE)
        retrain_tab.select(h(app.ui_pending), outputs=pending_outputs, api_visibility=PRIVATE)
        pending_choice.input(
            lambda version: (version, False) if version else (gr.skip(), gr.skip()),
            inputs=[pending_choice],
            outputs=[candidate, force],
            api_visibility=PRIVATE,
            queue=False,
        )
