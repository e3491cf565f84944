"""The app in a real browser: the analyst's day, tab by tab, in Spanish and in English.

Uses Playwright for Python with Debian's Chromium (``apt-get install chromium``); skipped with the
reason when either is missing. Screenshots go to ``tests/artifacts/`` (git-ignored); they are
copied to ``docs/screenshots/`` only on request::

    python tests/test_browser.py --screenshots        # or ODSGR_SCREENSHOTS=docs/screenshots

The tests of one module share one app and one Spanish page and run in file order (classify,
file, retrain, review, metrics, data…); the analyst's day at the end starts its own app.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import urllib.request
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
SCREENSHOTS_ENV = "ODSGR_SCREENSHOTS"
TIMEOUT_MS = 30_000
DOUBTFUL = "Reunión de la junta del barrio el martes para hablar de varios temas pendientes."
HEALTH = (
    "En el centro de salud no hay médicos suficientes y las citas con el especialista tardan "
    "meses; pedimos más personal sanitario y medicinas."
)
SCHOOL = "Faltan maestros en la escuela rural y los niños abandonan los estudios."
HOSPITAL = "El hospital no tiene medicinas ni médicos especialistas para la comunidad."
# Records every text announced to screen readers (Gradio's aria-live status region).
RECORD_ANNOUNCEMENTS = """
window.__announced = [];
new MutationObserver(() => {
  for (const region of document.querySelectorAll('[role="status"]')) {
    const text = region.textContent.trim();
    if (text) window.__announced.push(text);
  }
}).observe(document, {childList: true, subtree: true, characterData: true});
"""
# Words of the Spanish interface that must not be visible in English (case-sensitive, whole
# words). Citizen texts (data) are removed from the page text before the check.
SPANISH_WORDS = [
    "Versión",
    "versión",
    "Métrica",
    "Indicador",
    "Producción",
    "Validación",
    "Estrategia",
    "Contraseña",
    "contraseña",
    "Descargar",
    "Pulse",
    "insuficiente",
    "Origen",
    "origen",
    "Huella",
    "Predicciones",
    "predicciones",
    "predicción",
    "Todos",
    "Modelo",
    "Clasificar",
    "Clasificadas",
    "Reentrenar",
    "Revisión",
    "Datos",
    "Textos",
    "filas",
    "fila",
    "nombre",
    "probabilidad",
    "revisar",
    "sí",
    "sintético",
    "Antes",
    "Después",
    "Completo",
    "Ventana",
    "Exactitud",
    "Precisión",
    "Cargar",
    "Confirmar",
    "página",
    "Umbral",
    "Todavía",
    "Aviso",
    "configurado",
    "predicho",
    "ODS",
    "Arrastra",
    "dataframe",
]

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install playwright)"
)
if not CHROMIUM.is_file():
    pytest.skip(
        f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)", allow_module_level=True
    )


# ----------------------------------------------------------------------------- fixtures


def _new_app(demo_data: Path, home: Path):
    from odsgr.config import Settings
    from odsgr.service import Service

    service = Service(Settings(home=home, admin_password=ADMIN_PASSWORD))
    service.train(paths=[demo_data], demo=True, actor="demo")
    return launched_app(service)


@pytest.fixture(scope="module")
def app_url(demo_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with _new_app(demo_data, tmp_path_factory.mktemp("browser_home")) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _open(browser, url: str, locale: str):
    context = browser.new_context(locale=locale, viewport={"width": 1366, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(RECORD_ANNOUNCEMENTS)
    page = context.new_page()
    page.goto(url)
    page.locator("#prediction").wait_for(state="attached")
    page.wait_for_function("document.documentElement.lang.length > 0")
    return page


@pytest.fixture(scope="module")
def page(browser, app_url: str):
    page = _open(browser, app_url, "es-ES")
    page.get_by_text("Clasificador de textos ciudadanos").filter(visible=True).first.wait_for()
    yield page
    page.context.close()


@pytest.fixture
def fresh_page(browser, app_url: str):
    """A new Spanish page: no password typed, no candidate."""
    page = _open(browser, app_url, "es-ES")
    yield page
    page.context.close()


def _screenshot(page, name: str, docs: bool = True) -> None:
    """Save a full-page screenshot in tests/artifacts/; with ``docs``, copy it to the folder in
    $ODSGR_SCREENSHOTS when that is set (never otherwise: the test run leaves docs alone)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    target = os.environ.get(SCREENSHOTS_ENV)
    if target and docs:
        folder = Path(target) if Path(target).is_absolute() else REPO_ROOT / target
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, folder / path.name)


def _open_tab(page, name: str) -> None:
    page.get_by_role("tab", name=name).click()


def _upload(page, field_id: str, path: Path) -> None:
    """Put ``path`` in the file field ``field_id``, clearing the file it holds first."""
    field = page.locator(f"#{field_id} input[type=file]")
    clear = page.locator(f"#{field_id}").get_by_role(
        "button", name=re.compile("Limpiar|Clear|Eliminar|Remove")
    )
    field.or_(clear).first.wait_for(state="attached")  # not while the field is redrawn
    if field.count() == 0:
        clear.first.click()
    field.set_input_files(str(path))


def _choose(page, dropdown_id: str, option: str) -> None:
    page.locator(f"#{dropdown_id} input").click()
    page.get_by_role("option", name=option, exact=True).click()


def _options(page, dropdown_id: str) -> list[str]:
    """The choices of a dropdown; the list is left open (choose one with ``_pick``)."""
    page.locator(f"#{dropdown_id} input").click()
    options = page.get_by_role("option")
    options.first.wait_for()
    return [name.strip() for name in options.all_inner_texts()]


def _pick(page, option: str) -> None:
    page.get_by_role("option", name=option, exact=True).click()


def _headers(page, table_id: str) -> list[str]:
    cells = page.locator(f"#{table_id} thead th")
    cells.first.wait_for()
    return [re.sub(r"\s+", " ", text).strip() for text in cells.all_inner_texts()]


def _write_csv(path: Path, columns: dict[str, list]) -> Path:
    pd.DataFrame(columns).to_csv(path, index=False)
    return path


def _notice(page):
    """The notices (toasts) on the page."""
    return page.locator(".toast-body")


# ----------------------------------------------------------------------------- Clasificar


def test_classify_a_text(page) -> None:
    page.get_by_label("Texto").filter(visible=True).first.fill(HEALTH)
    page.get_by_role("button", name="Clasificar", exact=True).click()
    badge = page.locator("#prediction .odsgr-badge")
    badge.wait_for()
    assert "ODS 3" in badge.inner_text()
    assert re.search(r"\d+ %", badge.inner_text())
    page.get_by_text("DEMO").filter(visible=True).first.wait_for()
    _screenshot(page, "1_clasificar")


def test_screen_readers_hear_words_not_translation_keys(page) -> None:
    # Gradio announces the end of an event a few seconds after it (throttled)
    page.wait_for_function("window.__announced.some((text) => text !== 'Cargando')")
    announced = page.evaluate("window.__announced")
    assert not [text for text in announced if "common." in text], announced
    assert "Completado" in announced


def test_highlight_legend_explains_red_and_purple(page) -> None:
    page.get_by_text("en rojo las que empujan hacia el ODS predicho, en morado").wait_for()


def test_an_error_is_one_notice_without_error_badges_and_clears(fresh_page) -> None:
    page = fresh_page
    page.get_by_role("button", name="Clasificar", exact=True).click()  # no text
    _notice(page).first.wait_for()
    assert _notice(page).count() == 1
    assert page.get_by_text("Error", exact=True).count() == 0
    page.get_by_label("Texto").filter(visible=True).first.fill(HEALTH)
    page.get_by_role("button", name="Clasificar", exact=True).click()
    page.locator("#prediction .odsgr-badge").wait_for()
    assert page.get_by_text("Error", exact=True).count() == 0


def test_promote_without_a_candidate_says_so(fresh_page) -> None:
    _open_tab(fresh_page, "Reentrenar")
    fresh_page.get_by_role("button", name="Promover a versión actual").click()
    _notice(fresh_page).first.wait_for()
    assert "contraseña" in _notice(fresh_page).first.inner_text()
    assert fresh_page.get_by_text("Error", exact=True).count() == 0


# ----------------------------------------------------------------------------- Lote


def test_classify_a_file_and_download_it(page, tmp_path: Path) -> None:
    upload = _write_csv(
        tmp_path / "textos.csv",
        {
            "id": [1, 2, 3],
            "comentario": [
                SCHOOL,
                HOSPITAL,
                "=SUMA(A1:A2) las familias no tienen ingresos para pagar el arriendo.",
            ],
        },
    )
    _open_tab(page, "Lote (CSV/Excel)")
    _upload(page, "batch-file", upload)
    page.get_by_text("columna de texto detectada").filter(visible=True).first.wait_for()
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


def test_batch_results_show_the_predictions_first_and_fit_the_box(page) -> None:
    assert _headers(page, "batch-result") == ["ODS", "nombre", "probabilidad", "revisar", "texto"]
    body = " ".join(page.locator("#batch-result [role=gridcell]").all_inner_texts())
    assert re.search(r"\b\d{1,3} %", body), body
    widths = page.evaluate(
        """() => {
          const box = document.querySelector('#batch-result').getBoundingClientRect();
          const head = [...document.querySelectorAll('#batch-result thead th')]
            .map((th) => th.getBoundingClientRect().right);
          return {box: box.right, head};
        }"""
    )
    assert max(widths["head"]) <= widths["box"] + 1, widths


def test_batch_offers_every_column_when_none_is_detected(page, tmp_path: Path) -> None:
    upload = _write_csv(
        tmp_path / "observaciones.csv", {"id": [7, 8], "observaciones": [SCHOOL, HOSPITAL]}
    )
    _upload(page, "batch-file", upload)
    page.get_by_text("no se ha detectado la columna de texto").wait_for()
    assert _options(page, "batch-column") == ["id", "observaciones"]
    _pick(page, "observaciones")
    page.get_by_role("button", name="Clasificar el archivo").click()
    page.get_by_text("Clasificadas 2 de 2 filas").wait_for()


def test_one_row_is_said_in_the_singular(page, tmp_path: Path) -> None:
    upload = _write_csv(tmp_path / "uno.csv", {"texto": [SCHOOL]})
    _upload(page, "batch-file", upload)
    page.get_by_text("1 fila · columna de texto detectada").filter(visible=True).first.wait_for()


def test_a_pdf_is_refused_saying_it_is_a_pdf(page, tmp_path: Path) -> None:
    upload = tmp_path / "informe.csv"
    upload.write_bytes(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    _upload(page, "batch-file", upload)
    pdf = page.get_by_text("no es una tabla: parece un documento PDF")
    pdf.filter(visible=True).first.wait_for()


# ----------------------------------------------------------------------------- Reentrenar


def test_password_hint_disappears_once_the_password_is_typed(page) -> None:
    page.get_by_text("Acceso de administración").click()
    hint = page.get_by_text("Solo para reentrenar, promover, descartar")
    hint.wait_for()
    page.get_by_label("Contraseña de administración").press_sequentially(ADMIN_PASSWORD)
    hint.wait_for(state="hidden")


def test_retrain_offers_text_and_label_columns(page, tmp_path: Path) -> None:
    upload = _write_csv(
        tmp_path / "categorias.csv",
        {"observaciones": [SCHOOL, HOSPITAL, HEALTH], "categoria": [4, 3, 3]},
    )
    _open_tab(page, "Reentrenar")
    assert _headers(page, "comparison")[:3] == ["Métrica", "Antes", "Después"]
    _upload(page, "labelled-file", upload)
    page.get_by_text("Los datos no se pueden usar").wait_for()
    assert page.locator("#labelled-label-column input").input_value() == "categoria"
    assert _options(page, "labelled-text-column") == ["observaciones", "categoria"]
    _pick(page, "observaciones")
    page.get_by_text("Filas leídas: 3").filter(visible=True).first.wait_for()  # its own report


def test_retrain_on_the_demo_home_with_real_data(page, tmp_path: Path) -> None:
    from test_lifecycle import invented_rows

    real = tmp_path / "reales.csv"
    invented_rows(per_label=40).rename(columns={"text": "textos", "label": "labels"}).to_csv(
        real, index=False
    )
    _open_tab(page, "Reentrenar")  # the admin password was typed by the password-hint test
    _upload(page, "labelled-file", real)
    # the 120 rows of this file, not the report of the file before it
    page.get_by_text("Filas leídas: 120").filter(visible=True).first.wait_for()
    page.get_by_role("button", name="Entrenar versión candidata").click()
    page.get_by_text("Versión candidata v2").wait_for()
    page.get_by_text("Decisión del control de calidad").wait_for()
    page.get_by_text("textos nuevos").filter(visible=True).first.wait_for()
    page.locator("#pending-candidates").get_by_text("v2").wait_for()
    _screenshot(page, "3_reentrenar")


# ----------------------------------------------------------------------------- Revisión


def test_review_tab_confirms_a_doubtful_text(page) -> None:
    _open_tab(page, "Clasificar")
    page.get_by_label("Texto").filter(visible=True).first.fill(DOUBTFUL)
    page.get_by_label("Enviar a revisión si es dudosa").filter(visible=True).first.check()
    page.get_by_role("button", name="Clasificar", exact=True).click()
    page.get_by_text("Enviado a revisión").wait_for()
    _open_tab(page, "Revisión")  # the admin password was typed in the retrain tests
    page.get_by_role("button", name="Cargar la cola").click()
    page.get_by_text("1 predicción pendiente").wait_for()
    page.locator("#review-table >> text=Reunión de la junta >> visible=true").first.wait_for()
    cells = page.locator("#review-table [role=gridcell]").all_inner_texts()
    assert "Clasificar" in [cell.strip() for cell in cells]  # the origin, translated
    _screenshot(page, "4b_revision")
    page.get_by_role("button", name="Confirmar etiquetas").click()
    page.locator("#review-status").get_by_text("Confirmadas 1").wait_for()
    page.get_by_text("No hay predicciones pendientes").wait_for()


def test_review_headers_do_not_break_inside_a_word(page) -> None:
    # a word cut across two lines has two boxes
    broken = page.evaluate(
        """() => {
          const cut = [];
          const cells = document.querySelectorAll(
            '#review-table thead th, #review-table [role=gridcell]');
          for (const cell of cells) {
            const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              for (const match of node.nodeValue.matchAll(/\\S+/g)) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
                if (lines.size > 1) cut.push(match[0]);
              }
            }
          }
          return cut;
        }"""
    )
    assert broken == []


# ----------------------------------------------------------------------------- Métricas


def test_metrics_data_and_about_tabs(page) -> None:
    _open_tab(page, "Reentrenar")  # promote the real candidate of the retrain test
    page.get_by_role("button", name="Promover a versión actual").click()
    page.get_by_text("es ahora la versión en uso").wait_for()
    _open_tab(page, "Métricas")
    page.get_by_text("Versión en uso:").wait_for()
    page.get_by_text("las cifras se basan en 18 textos").wait_for()  # real validation texts
    page.get_by_text("Cifras poco fiables").wait_for()
    page.locator("#metrics-confusion .odsgr-cm").wait_for()
    page.locator("#drift-status").get_by_text("predicciones").filter(visible=True).first.wait_for()
    page.get_by_text("Hub de Hugging Face no configurado").filter(visible=True).first.wait_for()
    _screenshot(page, "4_metricas")
    _open_tab(page, "Datos")
    page.get_by_text("textos · página").wait_for()
    _screenshot(page, "5_datos")
    _open_tab(page, "Acerca de")
    page.get_by_text("Huella de los datos").wait_for()
    page.get_by_text("No decida nunca sobre una sola predicción").wait_for()
    _screenshot(page, "6_acerca_de")


def _drift_figure(page, row: str) -> str:
    cells = page.locator("#drift-table [role=row][data-index]", has_text=row).first
    return cells.locator("[role=gridcell]").nth(1).inner_text().strip()


def test_metrics_panels_follow_promotion_and_rollback(page) -> None:
    _open_tab(page, "Reentrenar")
    page.get_by_label("Confirmo que quiero promoverla").check()
    page.get_by_role("button", name="Promover a versión actual").click()
    page.get_by_text("es ahora la versión en uso").wait_for()
    _open_tab(page, "Métricas")
    page.get_by_text("Versión en uso: v2").wait_for()
    axis = page.locator("#f1-chart svg text")
    axis.first.wait_for()
    labels = axis.all_text_contents()
    assert "v1" in labels and "v2" in labels, labels
    assert page.locator("#drift-chart").bounding_box()["height"] > 150  # empty, not a strip
    assert _drift_figure(page, "Predicciones registradas") == "0"
    assert _drift_figure(page, "PSI").startswith("insuficiente")
    _choose(page, "rollback-version", "v1 · demostración (requiere confirmar)")
    page.locator("#rollback-force input").check()  # v1 is the demo: it needs confirming
    page.get_by_role("button", name="Volver a esta versión").click()
    page.get_by_text("vuelve a ser la versión en uso").wait_for()
    page.wait_for_function(
        """() => [...document.querySelectorAll('#drift-table [role=row][data-index]')].some(
          (row) => row.innerText.includes('Predicciones registradas')
            && row.querySelectorAll('[role=gridcell]')[1].innerText.trim() !== '0')"""
    )
    assert int(_drift_figure(page, "Predicciones registradas")) >= 2


# ----------------------------------------------------------------------------- Datos


def test_filtered_download_is_the_current_filter_in_one_click(page, tmp_path: Path) -> None:
    _open_tab(page, "Datos")
    page.get_by_text("textos · página").wait_for()
    _choose(page, "filter-label", "ODS 4 · Educación de calidad")
    page.locator("#history-table [role=row][data-index]").first.wait_for()
    info = page.get_by_text(re.compile(r"\d+ textos? · página"))
    page.wait_for_function(
        "() => [...document.querySelectorAll('#history-table [role=row][data-index]')]"
        ".every((row) => row.innerText.trim().startsWith('4'))"
    )
    total = int(info.inner_text().split()[0])
    with page.expect_download() as download_info:
        page.locator("#download-history").click()
    downloaded = tmp_path / "filtro.csv"
    download_info.value.save_as(downloaded)
    rows = pd.read_csv(downloaded, encoding="utf-8-sig")
    assert set(rows["label"]) == {4} and len(rows) == total


def test_a_single_text_is_said_in_the_singular(page) -> None:
    _choose(page, "filter-label", "Todos")
    page.get_by_label("Buscar en el texto").fill("junta del barrio")  # confirmed in review
    page.get_by_label("Buscar en el texto").press("Enter")
    page.get_by_text("1 texto · página 1 de 1").wait_for()


# ----------------------------------------------------------------------------- languages


def _visible_interface_text(page) -> str:
    """The page's visible text without citizen texts (table cells and examples of data)."""
    return page.evaluate(
        """() => {
          let text = document.body.innerText;
          const data = document.querySelectorAll(
            '[role=gridcell], tbody td, button.gallery-item, [data-testid="textbox"]');
          for (const cell of data) {
            const value = cell.innerText.trim();
            if (value.length > 30) text = text.split(value).join(' ');
          }
          return text;
        }"""
    )


def _spanish_words(text: str) -> list[str]:
    return [word for word in SPANISH_WORDS if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text)]


def test_english_interface_leaves_no_spanish(browser, app_url: str, tmp_path: Path) -> None:
    page = _open(browser, app_url, "en-US")
    try:
        page.get_by_text("Citizen text classifier by SDG").wait_for()
        page.get_by_label("Text").filter(visible=True).first.fill(DOUBTFUL)
        page.get_by_role("button", name="Classify", exact=True).click()
        page.locator("#prediction .odsgr-badge").wait_for()
        found = {"Classify": _spanish_words(_visible_interface_text(page))}
        _open_tab(page, "Batch (CSV/Excel)")
        upload = _write_csv(tmp_path / "textos.csv", {"texto": [SCHOOL, HOSPITAL]})
        _upload(page, "batch-file", upload)
        page.get_by_text("text column detected").filter(visible=True).first.wait_for()
        page.get_by_role("button", name="Classify the file").click()
        page.get_by_text("Classified 2 of 2 rows").wait_for()
        found["Batch"] = _spanish_words(_visible_interface_text(page))
        for tab, ready in [
            ("Retrain", "Retraining strategy"),
            ("Metrics", "Version in use"),
            ("Review", "Load the queue"),
            ("Data", "page 1"),
            ("About", "Model in use"),
        ]:
            _open_tab(page, tab)
            page.get_by_text(ready).filter(visible=True).first.wait_for()
            page.wait_for_timeout(500)  # let the tab's tables and charts render
            found[tab] = _spanish_words(_visible_interface_text(page))
        _screenshot(page, "7_english_about")
        assert {tab: words for tab, words in found.items() if words} == {}
        assert "«Load the queue»" in page.evaluate("document.body.textContent")
    finally:
        page.context.close()


def test_a_french_browser_gets_spanish(browser, app_url: str) -> None:
    page = _open(browser, app_url, "fr-FR")
    try:
        page.get_by_text("Clasificador de textos ciudadanos").wait_for()
        page.get_by_role("tab", name="Reentrenar").wait_for()
        page.wait_for_function("document.documentElement.lang === 'es'")
    finally:
        page.context.close()


def test_api_page_describes_every_parameter(app_url: str) -> None:
    with urllib.request.urlopen(f"{app_url.rstrip('/')}/gradio_api/info") as response:
        info = json.load(response)
    predict = {p["parameter_name"]: p for p in info["named_endpoints"]["/predict"]["parameters"]}
    assert predict["text"]["python_type"]["description"].startswith("el texto en español")
    assert predict["text"]["label"] == "text"
    missing = [
        f"{name} {parameter['parameter_name']}"
        for name, endpoint in info["named_endpoints"].items()
        for parameter in endpoint["parameters"]
        if not parameter["python_type"]["description"]
    ]
    assert missing == []


def test_a_test_run_never_writes_docs_screenshots(monkeypatch, tmp_path: Path) -> None:
    class FakePage:
        def screenshot(self, path: str, full_page: bool) -> None:
            Path(path).write_bytes(b"png")

    monkeypatch.delenv(SCREENSHOTS_ENV, raising=False)
    name = "zz_probe_never_copied"
    try:
        _screenshot(FakePage(), name)
        assert not (REPO_ROOT / "docs" / "screenshots" / f"{name}.png").exists()
    finally:
        (REPO_ROOT / "docs" / "screenshots" / f"{name}.png").unlink(missing_ok=True)
        (ARTIFACTS / f"{name}.png").unlink(missing_ok=True)


# ----------------------------------------------------------------------------- the whole day

DAY = {
    "es": {
        "locale": "es-ES",
        "classify": "Clasificar",
        "text": "Texto",
        "batch": "Lote (CSV/Excel)",
        "classify_file": "Clasificar el archivo",
        "classified": "Clasificadas 2 de 2 filas",
        "detected": "2 filas · columna de texto detectada",
        "download": "Descargar CSV",
        "admin": "Acceso de administración",
        "password": "Contraseña de administración",
        "retrain": "Reentrenar",
        "train": "Entrenar versión candidata",
        "candidate": "Versión candidata v2",
        "force": "Confirmo que quiero promoverla",
        "promote": "Promover a versión actual",
        "promoted": "es ahora la versión en uso",
        "metrics": "Métricas",
        "in_use": "Versión en uso: v2",
        "review": "Revisión",
        "load": "Cargar la cola",
        "pending": "1 predicción pendiente",
        "confirm": "Confirmar etiquetas",
        "confirmed": "Confirmadas 1",
        "review_flag": "Enviar a revisión si es dudosa",
        "data": "Datos",
        "page": "textos · página 1",
    },
    "en": {
        "locale": "en-US",
        "classify": "Classify",
        "text": "Text",
        "batch": "Batch (CSV/Excel)",
        "classify_file": "Classify the file",
        "classified": "Classified 2 of 2 rows",
        "detected": "2 rows · text column detected",
        "download": "Download CSV",
        "admin": "Admin access",
        "password": "Admin password",
        "retrain": "Retrain",
        "train": "Train candidate version",
        "candidate": "Candidate version v2",
        "force": "I confirm I want to promote it",
        "promote": "Promote to current version",
        "promoted": "is now the version in use",
        "metrics": "Metrics",
        "in_use": "Version in use: v2",
        "review": "Review",
        "load": "Load the queue",
        "pending": "1 prediction waiting",
        "confirm": "Confirm labels",
        "confirmed": "Confirmed 1",
        "review_flag": "Send to review if doubtful",
        "data": "Data",
        "page": "texts · page 1",
    },
}


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_analysts_day(
    browser, demo_data: Path, fixtures_dir: Path, tmp_path: Path, language: str
) -> None:
    words = DAY[language]
    with _new_app(demo_data, tmp_path / "home") as url:
        page = _open(browser, url, words["locale"])
        try:
            # classify one text (doubtful: sent to review)
            page.get_by_label(words["text"]).filter(visible=True).first.fill(DOUBTFUL)
            page.get_by_label(words["review_flag"]).filter(visible=True).first.check()
            page.get_by_role("button", name=words["classify"], exact=True).click()
            page.locator("#prediction .odsgr-badge").wait_for()
            _screenshot(page, docs=False, name=f"day_{language}_1_classify")
            # a file, then its download
            _open_tab(page, words["batch"])
            upload = _write_csv(tmp_path / "textos.csv", {"comentario": [SCHOOL, HOSPITAL]})
            _upload(page, "batch-file", upload)
            page.get_by_text(words["detected"]).filter(visible=True).first.wait_for()
            page.get_by_role("button", name=words["classify_file"]).click()
            page.get_by_text(words["classified"]).wait_for()
            with page.expect_download() as download_info:
                page.get_by_role("button", name=words["download"]).click()
            download_info.value.save_as(tmp_path / "resultado.csv")
            assert len(pd.read_csv(tmp_path / "resultado.csv", encoding="utf-8-sig")) == 2
            _screenshot(page, docs=False, name=f"day_{language}_2_batch")
            # retrain and promote
            page.get_by_text(words["admin"]).click()
            page.get_by_label(words["password"]).fill(ADMIN_PASSWORD)
            _open_tab(page, words["retrain"])
            from test_lifecycle import invented_rows  # real rows: the demo home needs them

            real = tmp_path / "reales.csv"
            rows = invented_rows(per_label=40)
            rows.rename(columns={"text": "textos", "label": "labels"}).to_csv(real, index=False)
            _upload(page, "labelled-file", real)
            # the column box is there before any upload: wait until it shows this file's column
            sync_api.expect(page.locator("#labelled-text-column input")).to_have_value("textos")
            page.get_by_role("button", name=words["train"]).click()
            page.get_by_text(words["candidate"]).filter(visible=True).first.wait_for()
            _screenshot(page, docs=False, name=f"day_{language}_3_retrain")
            page.get_by_label(words["force"]).check()
            page.get_by_role("button", name=words["promote"]).click()
            page.get_by_text(words["promoted"]).wait_for()
            # metrics of the promoted version
            _open_tab(page, words["metrics"])
            page.get_by_text(words["in_use"]).wait_for()
            page.locator("#metrics-confusion .odsgr-cm").wait_for()
            _screenshot(page, docs=False, name=f"day_{language}_4_metrics")
            # review the doubtful text
            _open_tab(page, words["review"])
            page.get_by_role("button", name=words["load"]).click()
            page.get_by_text(words["pending"]).wait_for()
            page.get_by_role("button", name=words["confirm"]).click()
            page.locator("#review-status").get_by_text(words["confirmed"]).wait_for()
            _screenshot(page, docs=False, name=f"day_{language}_5_review")
            # the labelled data now holds it
            _open_tab(page, words["data"])
            page.get_by_text(words["page"]).wait_for()
            page.locator("#history-table [role=row][data-index]").first.wait_for()
            _screenshot(page, docs=False, name=f"day_{language}_6_data")
            assert page.get_by_text("Error", exact=True).count() == 0
        finally:
            page.context.close()


if __name__ == "__main__":
    # ``python tests/test_browser.py --screenshots``: run these tests and refresh docs/screenshots.
    if "--screenshots" in sys.argv:
        sys.argv.remove("--screenshots")
        os.environ[SCREENSHOTS_ENV] = str(REPO_ROOT / "docs" / "screenshots")
    raise SystemExit(pytest.main([__file__, "-q", *sys.argv[1:]]))


# ----------------------------------------------------------------------------- pending candidates

PENDING = {
    "es": {
        "locale": "es-ES",
        "admin": "Acceso de administración",
        "password": "Contraseña de administración",
        "retrain": "Reentrenar",
        "train": "Entrenar versión candidata",
        "trained": "Versión candidata v3",
        "candidate": "Versión candidata",
        "listed": "filas nuevas; se descarta sola",
        "none": "No hay candidatas pendientes de decisión",
        "no_candidate": "No hay ninguna versión candidata",
        "force": "Confirmo que quiero promoverla",
        "promote": "Promover a versión actual",
        "promoted": "La versión v2 es ahora la versión en uso",
        "discard": "Descartar candidata",
        "discarded": "La versión v3 se ha descartado",
        "metrics": "Métricas",
        "in_use": "Versión en uso: v2",
        "demo_choice": "v1 · demostración (requiere confirmar)",
        "reliability": "Diagrama de fiabilidad",
        "status": {"candidate": "candidata", "rejected": "rechazada"},
    },
    "en": {
        "locale": "en-US",
        "admin": "Admin access",
        "password": "Admin password",
        "retrain": "Retrain",
        "train": "Train candidate version",
        "trained": "Candidate version v3",
        "candidate": "Candidate version",
        "listed": "new rows; discarded automatically",
        "none": "No candidates awaiting a decision",
        "no_candidate": "There is no candidate version",
        "force": "I confirm I want to promote it",
        "promote": "Promote to current version",
        "promoted": "Version v2 is now the version in use",
        "discard": "Discard candidate",
        "discarded": "Version v3 was discarded",
        "metrics": "Metrics",
        "in_use": "Version in use: v2",
        "demo_choice": "v1 · demo (needs confirming)",
        "reliability": "Reliability diagram",
        "status": {"candidate": "candidate", "rejected": "rejected"},
    },
}
# Spanish texts of the lifecycle, calibration and pending-candidate panels (see odsgr.ui.TEXTS).
SPANISH_LEFTOVERS = [
    "requiere confirmar",
    "Diagrama de fiabilidad",
    "Riesgo–cobertura",
    "probabilidad mostrada",
    "acierto real",
    "errores detectados",
    "Error de calibración",
    "usada antes",
    "demostración",
    "Candidatas pendientes",
    "Candidata pendiente",
    "filas nuevas",
    "se descarta sola",
    "escriba",
    "cifras se basan",
]


def _log_in(page, words: dict) -> None:
    page.get_by_text(words["admin"]).click()
    page.get_by_label(words["password"]).fill(ADMIN_PASSWORD)


def _pending_choice(page, words: dict, version: str) -> None:
    """Choose ``version`` in «Candidata pendiente», whatever the gate decided."""
    options = _options(page, "pending-candidate")
    names = [f"{version} · {name}" for name in words["status"].values()]
    chosen = next(option for option in options if option in names)
    _pick(page, chosen)
    box = page.get_by_label(words["candidate"], exact=True)
    sync_api.expect(box).to_have_value(version)


@pytest.mark.parametrize("language", ["es", "en"])
def test_pending_candidates_survive_a_reload_and_are_decided_by_choice(
    browser, demo_data: Path, tmp_path: Path, language: str
) -> None:
    from test_lifecycle import invented_rows

    words = PENDING[language]
    with _new_app(demo_data, tmp_path / "home") as url:
        page = _open(browser, url, words["locale"])
        try:
            _log_in(page, words)
            _open_tab(page, words["retrain"])
            for version, start in [("v2", 0), ("v3", 100)]:
                upload = tmp_path / f"reales_{version}.csv"
                invented_rows(per_label=30, start=start).to_csv(upload, index=False)
                _upload(page, "labelled-file", upload)
                # the column «text» is shown as it is, not as the translation of the key "text"
                text_column = page.locator("#labelled-text-column input")
                sync_api.expect(text_column).to_have_value("text")
                page.get_by_role("button", name=words["train"]).click()
                page.locator(
                    f"#pending-candidates >> text={version} >> visible=true"
                ).first.wait_for()
            page.get_by_text(words["trained"]).wait_for()
            _screenshot(page, f"pending_{language}_0_trained")
            # a reload forgets the candidate box, not the candidates
            page.reload()
            page.wait_for_function("document.documentElement.lang.length > 0")
            _log_in(page, words)
            _open_tab(page, words["retrain"])
            listing = page.locator("#pending-candidates")
            listing.get_by_text(words["listed"]).filter(visible=True).first.wait_for()
            assert "v2" in listing.inner_text() and "v3" in listing.inner_text()
            _screenshot(page, f"pending_{language}_1_listed")
            page.get_by_role("button", name=words["promote"]).click()  # nothing chosen yet
            notice = _notice(page).first
            notice.wait_for()
            assert words["no_candidate"] in notice.inner_text()
            assert PENDING["es"]["no_candidate"] not in notice.inner_text() or language == "es"
            page.get_by_test_id("toast-close").first.click()
            _pending_choice(page, words, "v2")
            page.get_by_label(words["force"]).check()
            page.get_by_role("button", name=words["promote"]).click()
            page.get_by_text(words["promoted"]).wait_for()
            sync_api.expect(page.get_by_label(words["force"])).not_to_be_checked()
            page.wait_for_function(
                "() => !document.querySelector('#pending-candidates').innerText.includes('v2')"
            )
            _pending_choice(page, words, "v3")
            page.get_by_role("button", name=words["discard"]).click()
            page.get_by_text(words["discarded"]).wait_for()
            listing.get_by_text(words["none"]).wait_for()
            _screenshot(page, f"pending_{language}_2_decided")
            found = {"retrain": _visible_interface_text(page)}
            # Métricas: versions, calibration and the rollback choices in the page's language
            _open_tab(page, words["metrics"])
            page.get_by_text(words["in_use"]).wait_for()
            page.locator("#metrics-reliability svg").first.wait_for()
            page.get_by_text(words["reliability"]).wait_for()
            options = _options(page, "rollback-version")
            assert words["demo_choice"] in options, options
            _pick(page, words["demo_choice"])
            assert page.locator("#rollback-version input").input_value() == words["demo_choice"]
            _screenshot(page, f"pending_{language}_3_metrics")
            found["metrics"] = _visible_interface_text(page) + " ".join(options)
            if language == "en":
                leftovers = {
                    tab: [word for word in SPANISH_LEFTOVERS if word in text] + _spanish_words(text)
                    for tab, text in found.items()
                }
                assert {tab: hits for tab, hits in leftovers.items() if hits} == {}
        finally:
            page.context.close()
