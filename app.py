"""Start the odsgr web app (Gradio): ``python app.py [--host H] [--port P] [--home DIR]``.

With no model yet, a demo version is trained first from ``data/demo/ods_demo.csv`` (a couple of
seconds) unless ``--no-demo`` is given; the app then shows a DEMO banner.
"""

from __future__ import annotations

import argparse
import logging
import os
from collections.abc import Sequence

from odsgr import ui
from odsgr.access import AccessPolicy
from odsgr.config import REPO_ROOT, Settings
from odsgr.errors import ConfigurationError, OdsgrError
from odsgr.service import Service

DEMO_DATA = REPO_ROOT / "data" / "demo" / "ods_demo.csv"

log = logging.getLogger("odsgr.app")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line options (defaults from GRADIO_SERVER_NAME / GRADIO_SERVER_PORT)."""
    parser = argparse.ArgumentParser(
        description="Aplicación web de odsgr: clasifica textos ciudadanos según los ODS."
    )
    parser.add_argument(
        "--host",
        default=os.environ.get("GRADIO_SERVER_NAME", "127.0.0.1"),
        help="dirección en la que escuchar (por defecto $GRADIO_SERVER_NAME o 127.0.0.1; "
        "0.0.0.0 para aceptar conexiones de otras máquinas)",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get("GRADIO_SERVER_PORT") or 7860),
        help="puerto (por defecto $GRADIO_SERVER_PORT o 7860)",
    )
    parser.add_argument(
        "--home",
        default=None,
        help="carpeta con models/ y data/ (por defecto $ODSGR_HOME o la del repositorio)",
    )
    parser.add_argument(
        "--share", action="store_true", help="crear además un enlace público temporal de Gradio"
    )
    parser.add_argument(
        "--no-demo",
        action="store_true",
        help="no entrenar el modelo de demostración cuando todavía no hay ningún modelo",
    )
    return parser.parse_args(argv)


def ensure_demo_model(service: Service) -> None:
    """Train the demo version when there is no model yet and the demo data is present."""
    if service.has_model():
        return
    if not DEMO_DATA.is_file():
        log.warning("No model and no demo data: train one in the «Reentrenar» tab")
        return
    log.info("No model yet: training the demo version from %s", DEMO_DATA)
    try:
        service.train(paths=[DEMO_DATA], demo=True, actor="demo")
    except OdsgrError as error:
        log.error("The demo model could not be trained: %s", error)


def main(argv: Sequence[str] | None = None) -> None:
    """Parse options, prepare the model and serve the app until interrupted."""
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    args = parse_args(argv)
    settings = Settings.from_env(home=args.home)
    try:
        access = AccessPolicy.from_settings(settings)
    except ConfigurationError as error:
        raise SystemExit(f"odsgr: {error}") from None
    service = Service(settings)
    hub_status = ""
    if service.settings.hub_model_repo:
        hub_status = service.sync_hub_at_startup()  # before the demo: the Hub's model wins
        log.info(hub_status)
    if not args.no_demo:
        ensure_demo_model(service)
    demo = ui.build_app(service, access, hub_status=hub_status)
    demo.launch(
        server_name=args.host,
        server_port=args.port,
        share=args.share,
        **ui.launch_options(service.settings),
    )


if __name__ == "__main__":
    main()
