"""The Gradio app of odsgr: six tabs for analysts and a named API for ``gradio_client``.

The package: :mod:`~odsgr.ui.texts` (texts, CSS), :mod:`~odsgr.ui.render` (pure formatters),
:mod:`~odsgr.ui.handlers` (:class:`OdsgrApp`, the handlers over the service),
:mod:`~odsgr.ui.tabs` (one builder per tab and the API section), and here :func:`build_app`.
"""

from __future__ import annotations

import json

import gradio as gr

from odsgr import sessions
from odsgr.access import AccessPolicy
from odsgr.config import Settings
from odsgr.service import Service
from odsgr.ui.api import user_errors
from odsgr.ui.blocks import OdsgrBlocks
from odsgr.ui.handlers import OdsgrApp
from odsgr.ui.render import access_note, gate_reasons, reliability_html, rollback_choices
from odsgr.ui.tabs import DEFAULT_CONCURRENCY, PRIVATE, Shared
from odsgr.ui.tabs.acerca import build_acerca_tab
from odsgr.ui.tabs.api import build_api_section
from odsgr.ui.tabs.clasificar import build_clasificar_tab
from odsgr.ui.tabs.datos import build_datos_tab
from odsgr.ui.tabs.lote import build_lote_tab
from odsgr.ui.tabs.metricas import build_metricas_tab
from odsgr.ui.tabs.reentrenar import build_reentrenar_tab
from odsgr.ui.tabs.revision import build_revision_tab
from odsgr.ui.texts import CSS, GENERIC_ERROR, HEAD, I18N, TEXTS, marker, t

__all__ = [
    "GENERIC_ERROR",
    "TEXTS",
    "OdsgrApp",
    "build_app",
    "gate_reasons",
    "launch_options",
    "marker",
    "reliability_html",
    "rollback_choices",
    "user_errors",
]


# Gradio keeps state per session (~16 KB for an API call with odsgr.sessions, up to ~260 KB once
# every block's config is built), and every REST call without a session_hash opens a new
# session: 2,000 sessions bound that to ~0.5 GB at worst instead of Gradio's default 10,000
# (~2.6 GB). Older idle browser sessions are then forgotten.
STATE_SESSION_CAPACITY = 2_000


def launch_options(settings: Settings | None = None) -> dict:
    """Keyword arguments ``Blocks.launch`` needs for this app (translations, styles, memory, and
    Gradio's own upload cap at ``settings.max_file_mb``, so a huge upload never reaches disk).

    Also makes new Gradio sessions cheap (see :mod:`odsgr.sessions`).
    """
    settings = settings or Settings()
    sessions.install()
    return {
        "i18n": I18N,
        "css": CSS,
        "head": HEAD % json.dumps(TEXTS, ensure_ascii=False),
        "state_session_capacity": STATE_SESSION_CAPACITY,
        "max_file_size": settings.max_file_bytes,
    }


def build_app(
    service: Service, access: AccessPolicy | None = None, hub_status: str = ""
) -> gr.Blocks:
    """The Gradio Blocks of odsgr over ``service`` (nothing is trained or loaded here).

    Args:
        service: the use cases (its current model is loaded lazily, on first prediction).
        access: who may write; by default from ``service.settings`` (OAuth only on a Space).
        hub_status: the line :meth:`Service.sync_hub_at_startup` returned, shown in «Métricas»
            and «Acerca de» (e.g. offline: the cached version is served).
    """
    access = access or AccessPolicy.from_settings(service.settings)
    app = OdsgrApp(service, access, hub_status)

    cache_s = int(service.settings.results_ttl_min * 60)  # uploads and outputs Gradio copied
    with OdsgrBlocks(title="odsgr · Clasificador ODS", delete_cache=(cache_s, cache_s)) as demo:
        gr.Markdown(t("title"))
        gr.Markdown(t("subtitle"))
        banner = gr.HTML()

        with gr.Accordion(t("admin_access"), open=False):
            gr.Markdown(access_note(access))
            if access.oauth:
                gr.LoginButton()
            password = gr.Textbox(
                label=t("admin_password"),
                info=t("admin_password_info"),
                type="password",
                placeholder=t("admin_password_placeholder"),
                visible=access.password_enabled,
                elem_id="admin-password",
            )

        shared = Shared(password=password, banner=banner, access=access)

        with gr.Tabs():
            build_clasificar_tab(app, shared)
            build_lote_tab(app, shared)
            build_reentrenar_tab(app, shared)
            build_metricas_tab(app, shared)
            build_revision_tab(app, shared)
            build_datos_tab(app, shared)
            build_acerca_tab(app, shared)

        build_api_section(app)
        demo.load(user_errors(app.status_banner), outputs=[banner], api_visibility=PRIVATE)

    demo.queue(default_concurrency_limit=DEFAULT_CONCURRENCY)
    return demo
