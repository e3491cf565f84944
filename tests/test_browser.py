"""The app in a real browser: classify a text, classify a file and download it, every tab.

Uses Playwright for Python with Debian's Chromium (``apt-get install chromium``); skipped with the
reason when either is missing. Screenshots go to ``tests/artifacts/`` (git-ignored) and are copied
to ``docs/screenshots/``.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from conftest import launched_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ADMIN_PASSWORD = "clave-navegador-2b9c"
REPO_ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = Path(__file__).parent / "artifacts"
SCREENSHOTS = REPO_ROOT / "docs" / "screenshots"
TIMEOUT_MS = 30_000
DOUBTFUL = "Reunión de la junta del barrio el martes para hablar de varios temas pendientes."

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install playwright)"
)
if not CHROMIUM.is_file():
    pytest.skip(
        f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)", allow_module_level=True
    )


@pytest.fixture(scope="module")
def app_url(demo_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from odsgr.config import Settings
    from odsgr.service import Service

    settings = Settings(home=tmp_path_factory.mktemp("browser_home"), admin_password=ADMIN_PASSWORD)
    service = Service(settings)
    service.train(paths=[demo_data], demo=True, actor="demo")
    with launched_app(service) as url:
        yield url


@pytest.fixture(scope="module")
def page(app_url: str):
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(locale="es-ES", viewport={"width": 1366, "height": 900})
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        page.goto(app_url)
        page.get_by_text("Clasificador de textos ciudadanos").first.wait_for()
        yield page
        context.close()
        browser.close()


def _screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    shutil.copy2(path, SCREENSHOTS / path.name)


def _open_tab(page, name: str) -> None:
    page.get_by_role("tab", name=name).click()


def test_classify_a_text(page) -> None:
    page.get_by_label("Texto").first.fill(
        "En el centro de salud no hay médicos suficientes y las citas con el especialista "
        "tardan meses; pedimos más personal sanitario y medicinas."
    )
    page.get_by_role("button", name="Clasificar", exact=True).click()
    badge = page.locator("#prediction .odsgr-badge")
    badge.wait_for()
    assert "ODS 3" in badge.inner_text()
    page.get_by_text("DEMO").first.wait_for()
    _screenshot(page, "1_clasificar")


def test_classify_a_file_and_download_it(page, tmp_path: Path) -> None:
    upload = tmp_path / "textos.csv"
    pd.DataFrame(
        {
            "id": [1, 2, 3],
            "comentario": [
                "Faltan maestros en la escuela rural y los niños abandonan los estudios.",
                "El hospital no tiene medicinas ni médicos especialistas para la comunidad.",
                "=SUMA(A1:A2) las familias no tienen ingresos para pagar el arriendo.",
            ],
        }
    ).to_csv(upload, index=False)
    _open_tab(page, "Lote (CSV/Excel)")
    page.locator("#batch-file input[type=file]").set_input_files(str(upload))
    page.get_by_text("columna de texto detectada").wait_for()
    page.get_by_role("button", name="Clasificar el archivo").click()
    page.get_by_text("Clasificadas").wait_for()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Descargar CSV").click()
    downloaded = tmp_path / "resultado.csv"
    download_info.value.save_as(downloaded)
    result = pd.read_csv(downloaded, encoding="utf-8-sig")
    assert result["label"].tolist()[:2] == [4, 3]
    assert result["comentario"].iloc[2].startswith("'=")
    _screenshot(page, "2_lote")


def test_retrain_on_the_demo_home_with_real_data(page, tmp_path: Path) -> None:
    from test_lifecycle import invented_rows

    real = tmp_path / "reales.csv"
    invented_rows(per_label=40).rename(columns={"text": "textos", "label": "labels"}).to_csv(
        real, index=False
    )
    page.get_by_text("Acceso de administración").click()
    page.get_by_label("Contraseña de administración").fill(ADMIN_PASSWORD)
    _open_tab(page, "Reentrenar")
    page.locator("#labelled-file input[type=file]").set_input_files(str(real))
    page.get_by_text("Filas leídas").first.wait_for()
    page.get_by_role("button", name="Entrenar versión candidata").click()
    page.get_by_text("Versión candidata v2").wait_for()
    page.get_by_text("Decisión del control de calidad").wait_for()
    page.get_by_text("textos nuevos").first.wait_for()
    page.locator("#pending-candidates").get_by_text("v2").wait_for()
    _screenshot(page, "3_reentrenar")


def test_review_tab_confirms_a_doubtful_text(page) -> None:
    _open_tab(page, "Clasificar")
    page.get_by_label("Texto").first.fill(DOUBTFUL)
    page.get_by_label("Enviar a revisión si es dudosa").first.check()
    page.get_by_role("button", name="Clasificar", exact=True).click()
    page.get_by_text("Enviado a revisión").wait_for()
    _open_tab(page, "Revisión")  # the admin password was typed in the retrain test
    page.get_by_role("button", name="Cargar la cola").click()
    page.get_by_text("predicciones pendientes").wait_for()
    page.locator("#review-table >> text=Reunión de la junta >> visible=true").first.wait_for()
    _screenshot(page, "4b_revision")
    page.get_by_role("button", name="Confirmar etiquetas").click()
    page.locator("#review-status").get_by_text("Confirmadas 1").wait_for()
    page.get_by_text("No hay predicciones pendientes").wait_for()


def test_metrics_data_and_about_tabs(page) -> None:
    _open_tab(page, "Reentrenar")  # promote the real candidate of the retrain test
    page.get_by_role("button", name="Promover a versión actual").click()
    page.get_by_text("es ahora la versión en uso").wait_for()
    _open_tab(page, "Métricas")
    page.get_by_text("Versión en uso:").wait_for()
    page.get_by_text("las cifras se basan en 18 textos").wait_for()  # real validation texts
    page.get_by_text("Cifras poco fiables").wait_for()
    page.locator("#metrics-confusion .odsgr-cm").wait_for()
    page.locator("#drift-status").get_by_text("predicciones").first.wait_for()
    page.get_by_text("Hub de Hugging Face no configurado").first.wait_for()
    _screenshot(page, "4_metricas")
    _open_tab(page, "Datos")
    page.get_by_text("textos · página").wait_for()
    _screenshot(page, "5_datos")
    _open_tab(page, "Acerca de")
    page.get_by_text("Huella de los datos").wait_for()
    page.get_by_text("No decida nunca sobre una sola predicción").wait_for()
    _screenshot(page, "6_acerca_de")


def test_english_interface_follows_the_browser(app_url: str, page) -> None:
    context = page.context.browser.new_context(locale="en-US")
    try:
        english = context.new_page()
        english.goto(app_url)
        english.get_by_text("Citizen text classifier by SDG").wait_for(timeout=TIMEOUT_MS)
        english.get_by_role("tab", name="Batch (CSV/Excel)").wait_for(timeout=TIMEOUT_MS)
        assert english.get_by_role("tab", name="Review").is_visible()
    finally:
        context.close()
