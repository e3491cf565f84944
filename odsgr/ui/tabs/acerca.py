"""The «Acerca de» tab."""

from __future__ import annotations

import gradio as gr

from odsgr.ui.api import user_errors
from odsgr.ui.handlers import OdsgrApp
from odsgr.ui.tabs import PRIVATE, Shared
from odsgr.ui.texts import marker, t


def build_acerca_tab(app: OdsgrApp, shared: Shared) -> None:
    """Add the «Acerca de» tab (inside ``gr.Tabs``) and wire its events to ``app``."""
    h = user_errors
    with gr.Tab(marker("tab_about"), id="acerca") as about_tab:
        about_model = gr.Markdown()
        gr.Markdown(t("about"))
        about_tab.select(h(app.ui_about), outputs=[about_model], api_visibility=PRIVATE)
