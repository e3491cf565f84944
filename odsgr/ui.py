"""The Gradio app of odsgr: six tabs for analysts and a named API for ``gradio_client``.

Every handler calls :class:`odsgr.service.Service` (or the readers/writers of :mod:`odsgr.data`);
the functions here only turn results into widgets. Two kinds of handlers:

* API endpoints (``api_name=...``): plain JSON values, documented on the "Use via API" page.
* UI handlers: format the same results for widgets; hidden from the API (``api_visibility``).

Errors: :func:`user_errors` turns every :class:`~odsgr.errors.OdsgrError` into ``gr.Error`` with
its Spanish message, and anything unexpected into a generic message (the details go to the log).
"""

from __future__ import annotations

import functools
import html
import inspect
import json
import logging
import math
import tempfile
import uuid
from collections.abc import Callable, Mapping
from pathlib import Path

import gradio as gr
import pandas as pd

from odsgr import data, evaluate, sessions
from odsgr.access import AccessPolicy
from odsgr.errors import DataError, OdsgrError
from odsgr.sdg import SDGS
from odsgr.service import STRATEGIES, FileSummary, Service

log = logging.getLogger(__name__)

GENERIC_ERROR = (
    "Ha ocurrido un error inesperado. Inténtelo de nuevo y, si se repite, avise al equipo "
    "técnico (el detalle ha quedado en el registro del servidor)."
)
DOWNLOADS_DIR = "odsgr-downloads"
PREVIEW_ROWS = 10
RESULT_ROWS_SHOWN = 1_000
HISTORY_PAGE_ROWS = 50
API_HISTORY_MAX_ROWS = 1_000
PREDICT_CONCURRENCY = 16
DEFAULT_CONCURRENCY = 4
FILE_TYPES = [".csv", ".tsv", ".txt", ".xlsx", ".xls", ".json", ".jsonl", ".parquet"]
PRIVATE = "private"

EXAMPLES = [
    "En el centro de salud del barrio solo hay un médico para miles de personas y las citas "
    "con el especialista tardan meses. Pedimos más personal sanitario y medicinas.",
    "La escuela rural no tiene maestros suficientes y los niños caminan dos horas para llegar; "
    "necesitamos transporte escolar y aulas dignas para que no abandonen los estudios.",
    "Muchas familias de la vereda viven del jornal diario y no alcanzan a pagar el arriendo ni "
    "la comida; solicitamos subsidios y programas de empleo para salir de la pobreza.",
    "Las madres adolescentes del municipio no reciben controles prenatales y faltan campañas "
    "de vacunación y de salud mental para los jóvenes.",
]

STRATEGY_NAMES = {
    "batch": "Completo: todo el historial + datos nuevos (batch)",
    "incremental": "Incremental: actualizar el modelo actual solo con las filas nuevas",
    "window": "Ventana: solo los datos más recientes (window)",
}
STRATEGY_HELP = {
    "batch": "Reentrena desde cero con todos los textos etiquetados guardados más los nuevos. "
    "Es la opción más segura; tarda más cuanto mayor es el historial.",
    "incremental": "Actualiza el modelo incremental actual solo con las filas que aún no ha "
    "aprendido, sin empezar de cero: rápido para lotes pequeños y frecuentes. La primera vez "
    "construye el modelo incremental con todo el historial; un ODS nunca visto obliga a "
    "reentrenar desde cero.",
    "window": "Reentrena solo con los datos más recientes (las últimas N filas o los últimos D "
    "días): útil cuando el lenguaje o los temas han cambiado y lo antiguo ya no representa la "
    "realidad.",
}
WINDOW_MODES = {"rows": "Últimas N filas", "days": "Últimos D días"}
REVIEW_PAGE_ROWS = 25
REVIEW_COLUMNS = [
    "id",
    "texto",
    "ODS predicho",
    "probabilidad",
    "margen",
    "origen",
    "fecha",
    "ODS revisado",
]
DRIFT_INDICATORS = {
    "low_confidence_share": "baja confianza",
    "oov_share": "palabras desconocidas",
    "psi": "PSI (reparto de ODS)",
}

TEXTS: dict[str, tuple[str, str]] = {
    "title": (
        "# Clasificador de textos ciudadanos según los ODS",
        "# Citizen text classifier by SDG",
    ),
    "subtitle": (
        "Asigna a cada texto (consultas, diagnósticos territoriales, informes comunitarios) el "
        "Objetivo de Desarrollo Sostenible más probable. Es una ayuda para el análisis: revise "
        "siempre los resultados.",
        "Assigns each text (consultations, territorial diagnoses, community reports) its most "
        "likely Sustainable Development Goal. It supports analysis: always review the results.",
    ),
    "tab_classify": ("Clasificar", "Classify"),
    "tab_batch": ("Lote (CSV/Excel)", "Batch (CSV/Excel)"),
    "tab_retrain": ("Reentrenar", "Retrain"),
    "tab_metrics": ("Métricas", "Metrics"),
    "tab_review": ("Revisión", "Review"),
    "tab_data": ("Datos", "Data"),
    "tab_about": ("Acerca de", "About"),
    "admin_access": ("Acceso de administración", "Admin access"),
    "admin_password": ("Contraseña de administración", "Admin password"),
    "admin_password_info": (
        "Solo para reentrenar, promover, descartar, volver a una versión anterior, revisar "
        "predicciones dudosas o traer el modelo del Hub.",
        "Only to retrain, promote, discard, roll back, review doubtful predictions or pull the "
        "model from the Hub.",
    ),
    "text": ("Texto", "Text"),
    "text_placeholder": (
        "Pegue aquí el texto de una consulta, un diagnóstico o un informe…",
        "Paste the text of a consultation, diagnosis or report here…",
    ),
    "classify": ("Clasificar", "Classify"),
    "examples": ("Ejemplos", "Examples"),
    "result": ("Resultado", "Result"),
    "probabilities": ("Probabilidad de cada ODS", "Probability of each SDG"),
    "explanation": (
        "Palabras que empujan hacia el ODS predicho (más intenso = más peso)",
        "Words pushing toward the predicted SDG (stronger colour = more weight)",
    ),
    "top_terms": ("Términos con más peso", "Terms with the most weight"),
    "file_to_classify": (
        "Archivo con textos (CSV, Excel, JSON)",
        "File with texts (CSV, Excel, JSON)",
    ),
    "text_column": ("Columna de texto", "Text column"),
    "text_column_info": (
        "Detectada automáticamente; cámbiela si no es la correcta.",
        "Detected automatically; change it if it is not the right one.",
    ),
    "preview": ("Vista previa (primeras filas)", "Preview (first rows)"),
    "classify_file": ("Clasificar el archivo", "Classify the file"),
    "results": ("Resultados", "Results"),
    "distribution": ("Textos por ODS", "Texts per SDG"),
    "download_csv": ("Descargar CSV", "Download CSV"),
    "download_xlsx": ("Descargar Excel", "Download Excel"),
    "labelled_file": (
        "Datos etiquetados (CSV, Excel, JSON) con una columna de textos y otra de ODS",
        "Labelled data (CSV, Excel, JSON) with a text column and an SDG column",
    ),
    "labelled_table": (
        "…o escriba/pegue filas aquí (texto y ODS, p. ej. 3 u «ODS 3»)",
        "…or type/paste rows here (text and SDG, e.g. 3 or “SDG 3”)",
    ),
    "validate": ("Revisar los datos", "Check the data"),
    "strategy": ("Estrategia de reentrenamiento", "Retraining strategy"),
    "window": ("Filas más recientes (N)", "Most recent rows (N)"),
    "llm_balance": (
        "Equilibrar las clases con textos generados por un LLM",
        "Balance the classes with LLM-generated texts",
    ),
    "train_candidate": ("Entrenar versión candidata", "Train candidate version"),
    "candidate_version": ("Versión candidata", "Candidate version"),
    "comparison": (
        "Comparación: versión actual (antes) y candidata (después)",
        "Comparison: current version (before) and candidate (after)",
    ),
    "cm_current": ("Matriz de confusión — versión actual", "Confusion matrix — current version"),
    "cm_candidate": ("Matriz de confusión — candidata", "Confusion matrix — candidate"),
    "force": (
        "Confirmo que quiero promoverla aunque el control de calidad la haya rechazado",
        "I confirm I want to promote it although the quality gate rejected it",
    ),
    "promote": ("Promover a versión actual", "Promote to current version"),
    "discard": ("Descartar candidata", "Discard candidate"),
    "refresh": ("Actualizar", "Refresh"),
    "headline": ("Métricas globales (conjunto de validación fijo)", "Overall metrics"),
    "per_class": ("Métricas por ODS", "Metrics per SDG"),
    "confusion": (
        "Matriz de confusión (filas: ODS real · columnas: ODS predicho)",
        "Confusion matrix (rows: true SDG · columns: predicted SDG)",
    ),
    "versions": ("Historial de versiones", "Version history"),
    "f1_chart": ("F1 macro por versión", "Macro F1 per version"),
    "rollback_version": ("Volver a la versión", "Roll back to version"),
    "rollback": ("Volver a esta versión", "Roll back to this version"),
    "data_distribution": (
        "Textos etiquetados por ODS (reales y sintéticos)",
        "Labelled texts per SDG (real and synthetic)",
    ),
    "filter_label": ("ODS", "SDG"),
    "filter_source": ("Origen", "Source"),
    "filter_search": ("Buscar en el texto", "Search the text"),
    "page": ("Página", "Page"),
    "history_table": ("Textos etiquetados guardados", "Stored labelled texts"),
    "download_filtered": ("Descargar (filtro aplicado)", "Download (with filter)"),
    "store_for_review": (
        "Enviar a revisión si es dudosa",
        "Send to review if doubtful",
    ),
    "store_for_review_info": (
        "Si la confianza es baja, el texto se guarda en la cola de la pestaña «Revisión» para "
        "que un administrador confirme el ODS. Los textos pueden ser sensibles: los datos "
        "personales (nombres, documentos, teléfonos, correos…) se enmascaran antes de guardarlos.",
        "If confidence is low, the text is stored in the «Revisión» (review) queue so that an "
        "admin confirms its SDG. Texts may be sensitive: personal data (names, IDs, phone "
        "numbers, e-mails…) is masked before storing.",
    ),
    "review_intro": (
        "### Cola de revisión\n"
        "Predicciones dudosas enviadas a revisión, **las más inciertas primero** (menor margen "
        "entre los dos ODS más probables); pulse «Cargar la cola». Escriba en «ODS revisado» "
        "el ODS correcto (viene "
        "relleno con el predicho: déjelo para confirmarlo, cámbielo para corregirlo) o **déjelo "
        "vacío para descartar** la fila. Al pulsar «Confirmar etiquetas» se deciden **todas las "
        "filas mostradas**; las confirmadas y corregidas se añaden a los datos etiquetados y se "
        "usarán en el próximo reentrenamiento. Solo administradores: los textos son de la "
        "ciudadanía (los datos personales se enmascararon al guardarlos).",
        "### Review queue\n"
        "Doubtful predictions sent to review, **most uncertain first** (smallest margin between "
        "the two most likely SDGs); press «Cargar la cola» (load). Type the right SDG in "
        "«ODS revisado» (prefilled with the "
        "prediction: keep it to confirm, change it to correct) or **leave it empty to dismiss** "
        "the row. «Confirmar etiquetas» decides **every row shown**; confirmed and corrected rows "
        "join the labelled data and feed the next retrain. Admins only: the texts come from "
        "citizens (personal data was masked when stored).",
    ),
    "review_load": ("Cargar la cola", "Load the queue"),
    "review_table": ("Textos pendientes de revisión", "Texts waiting for review"),
    "review_confirm": ("Confirmar etiquetas", "Confirm labels"),
    "drift_title": (
        "### Deriva de los datos en producción\n"
        "Compara lo que el modelo ve al clasificar (solo recuentos, nunca textos) con lo que vio "
        "en el conjunto de validación.",
        "### Data drift in production\n"
        "Compares what the model sees when classifying (counts only, never texts) with what it "
        "saw on the validation set.",
    ),
    "drift_table": ("Producción frente a validación", "Production vs validation"),
    "drift_chart": ("Indicadores de deriva por día", "Drift indicators per day"),
    "hub_pull": ("Traer del Hub", "Pull from the Hub"),
    "strategy_help": ("Qué hace cada estrategia", "What each strategy does"),
    "window_mode": ("Ventana por", "Window by"),
    "window_days": ("Días más recientes", "Most recent days"),
    "augment_ratio": (
        "Proporción objetivo (cada ODS hasta esta fracción del mayoritario)",
        "Target ratio (each SDG up to this share of the majority)",
    ),
    "augment_seed": ("Semilla del aumento", "Augmentation seed"),
    "augment_balance": (
        "Equilibrio de clases antes y después del aumento",
        "Class balance before and after augmentation",
    ),
    "about": (
        "## Para qué sirve\n"
        "Clasifica textos ciudadanos en español (consultas, diagnósticos territoriales, informes "
        "comunitarios) según el Objetivo de Desarrollo Sostenible (ODS) al que más se refieren, "
        "para ayudar a los equipos técnicos que hacen seguimiento de la Agenda 2030 a ordenar "
        "grandes volúmenes de texto.\n\n"
        "## Límites y riesgos\n"
        "- **Puede equivocarse.** Es un modelo estadístico entrenado con ejemplos; las "
        "predicciones marcadas «revisar» tienen poca confianza.\n"
        "- **No decida nunca sobre una sola predicción.** Úselo para ordenar y priorizar, y "
        "revise los textos con una persona.\n"
        "- **Solo conoce los ODS de sus datos de entrenamiento.** Un texto sobre otro ODS "
        "recibirá igualmente uno de los conocidos.\n"
        "- **No suba datos personales** (nombres, documentos, teléfonos, direcciones).\n"
        "- **Se degrada si no se reentrena**: el lenguaje y los temas cambian; reentrene con "
        "textos etiquetados recientes y vigile las métricas.\n\n"
        "## Idioma\n"
        "La interfaz sigue el idioma del navegador (español o inglés); puede cambiarlo en "
        "«Configuración», al pie de la página. Los resultados y mensajes están en español.",
        "## What it is for\n"
        "It classifies Spanish citizen texts (consultations, territorial diagnoses, community "
        "reports) by the Sustainable Development Goal (SDG) they refer to most, to help the "
        "technical teams tracking the 2030 Agenda sort large volumes of text.\n\n"
        "## Limits and risks\n"
        "- **It can be wrong.** It is a statistical model trained on examples; predictions "
        "flagged «revisar» (review) have low confidence.\n"
        "- **Never decide on a single prediction.** Use it to sort and prioritise, and have a "
        "person review the texts.\n"
        "- **It only knows the SDGs of its training data.** A text about another SDG still "
        "gets one of the known ones.\n"
        "- **Do not upload personal data** (names, IDs, phone numbers, addresses).\n"
        "- **It drifts if never retrained**: language and topics change; retrain with recent "
        "labelled texts and watch the metrics.\n\n"
        "## Language\n"
        "The interface follows the browser's language (Spanish or English); change it under "
        "“Settings” at the bottom of the page. Results and messages are in Spanish.",
    ),
}

I18N = gr.I18n(
    es={key: pair[0] for key, pair in TEXTS.items()},
    en={key: pair[1] for key, pair in TEXTS.items()},
)
t = I18N

CSS = """
.odsgr-badge {display:inline-flex; align-items:center; gap:.6rem; padding:.6rem 1rem;
  border-radius:.5rem; color:#fff; font-size:1.15rem; font-weight:600}
.odsgr-badge .odsgr-number {font-size:1.8rem; font-weight:800}
.odsgr-review {display:inline-block; margin-left:.6rem; padding:.3rem .7rem; border-radius:.4rem;
  background:#fff3cd; color:#664d03; border:1px solid #ffe69c; font-weight:600}
.odsgr-demo {padding:.6rem 1rem; border-radius:.5rem; background:#fff3cd; color:#664d03;
  border:1px solid #ffe69c}
.odsgr-cm {border-collapse:collapse; font-size:.9rem}
.odsgr-cm th, .odsgr-cm td {border:1px solid #ccc; padding:.3rem .5rem; text-align:center}
"""


# Gradio keeps state per session (~16 KB for an API call with odsgr.sessions, up to ~260 KB once
# every block's config is built), and every REST call without a session_hash opens a new
# session: 2,000 sessions bound that to ~0.5 GB at worst instead of Gradio's default 10,000
# (~2.6 GB). Older idle browser sessions are then forgotten.
STATE_SESSION_CAPACITY = 2_000


def launch_options() -> dict:
    """Keyword arguments ``Blocks.launch`` needs for this app (translations, styles, memory).

    Also makes new Gradio sessions cheap (see :mod:`odsgr.sessions`).
    """
    sessions.install()
    return {"i18n": I18N, "css": CSS, "state_session_capacity": STATE_SESSION_CAPACITY}


# ------------------------------------------------------------------------------ helpers


def user_errors(fn: Callable) -> Callable:
    """Wrap a handler: OdsgrError → ``gr.Error(message)``, anything else → a generic message."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except gr.Error:
            raise
        except OdsgrError as error:
            raise gr.Error(str(error), print_exception=False) from None
        except Exception:
            log.exception("Unexpected error in %s", fn.__name__)
            raise gr.Error(GENERIC_ERROR, print_exception=False) from None

    # gr.api reads the return type from the signature: give it real types, not strings.
    wrapper.__signature__ = inspect.signature(fn, eval_str=True)
    return wrapper


def sdg_title(label: int | str) -> str:
    """``"ODS 3 · Salud y bienestar"``; an unknown number is shown as it is."""
    try:
        return SDGS[int(label)].title()
    except (KeyError, TypeError, ValueError):
        return f"ODS {label}"


def _progress_callback(progress: gr.Progress) -> Callable[[float, str], None]:
    def update(fraction: float, message: str) -> None:
        progress(fraction, desc=message)

    return update


def _download_dir() -> Path:
    folder = Path(tempfile.gettempdir()) / DOWNLOADS_DIR / uuid.uuid4().hex
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _file_path(file: object) -> str | None:
    if file is None or file == "":
        return None
    if isinstance(file, Mapping):
        return file.get("path")
    return str(getattr(file, "name", file))


def _json_records(frame: pd.DataFrame) -> list[dict]:
    return json.loads(frame.to_json(orient="records", force_ascii=False, date_format="iso"))


def badge_html(result: Mapping) -> str:
    """The predicted SDG as a coloured badge, plus the «revisar» flag when confidence is low."""
    goal = SDGS[int(result["label"])]
    badge = (
        f'<div class="odsgr-badge" style="background:{goal.colour}">'
        f'<span class="odsgr-number">{goal.number}</span>'
        f"<span>ODS {goal.number} · {html.escape(goal.name_es)}</span>"
        f"<span>{100 * float(result['probability']):.0f} %</span></div>"
    )
    if result["needs_review"]:
        badge += (
            '<span class="odsgr-review">REVISAR: confianza baja; '
            "confirme el ODS con una persona.</span>"
        )
    return f"<div>{badge}<p>{html.escape(goal.description_es)}</p></div>"


def highlights_for_widget(highlights: list) -> list[tuple[str, float | None]]:
    """Scale the explanation weights to [-1, 1], as ``gr.HighlightedText`` expects."""
    weights = [abs(w) for _, w in highlights if w is not None]
    top = max(weights, default=0.0) or 1.0
    return [(fragment, None if w is None else round(w / top, 3)) for fragment, w in highlights]


def confusion_html(metrics: Mapping) -> str:
    """The confusion matrix as an HTML heat-map table (rows = true SDG)."""
    labels, matrix = metrics["labels"], metrics["confusion_matrix"]
    biggest = max((max(row) for row in matrix), default=0) or 1
    head = "".join(f"<th>ODS {label}</th>" for label in labels)
    rows = []
    for label, row in zip(labels, matrix):
        cells = []
        for count in row:
            alpha = count / biggest
            colour = "#fff" if alpha > 0.55 else "inherit"
            cells.append(
                f'<td style="background:rgba(0,104,157,{alpha:.2f});color:{colour}">{count}</td>'
            )
        rows.append(f"<tr><th>ODS {label}</th>{''.join(cells)}</tr>")
    return (
        f'<table class="odsgr-cm"><tr><th>real \\ predicho</th>{head}</tr>{"".join(rows)}</table>'
    )


def distribution_frame(counts: Mapping[int, int]) -> pd.DataFrame:
    """Texts per SDG (``{sdg: count}``), ready for ``gr.BarPlot`` (columns ``ODS``, ``textos``)."""
    ordered = sorted(counts.items())
    return pd.DataFrame(
        {"ODS": [sdg_title(k) for k, _ in ordered], "textos": [n for _, n in ordered]}
    )


def sdg_colour_map() -> dict[str, str]:
    """Each SDG title → its official colour, for the charts."""
    return {goal.title(): goal.colour for goal in SDGS.values()}


def _strategy_choices() -> list[tuple[str, str]]:
    return [(STRATEGY_NAMES.get(name, name), name) for name in STRATEGIES]


def filter_history(
    history: pd.DataFrame, label: object = None, source: object = None, search: str = ""
) -> pd.DataFrame:
    """Rows of the labelled history matching an SDG, a source and a text search."""
    rows = history
    if label not in (None, "", "Todos"):
        try:
            number = data.parse_label(label)
        except ValueError as error:
            raise DataError(f"Filtro de ODS no válido: {error}.") from None
        rows = rows[rows["label"].astype(int) == number]
    if source not in (None, "", "Todos"):
        rows = rows[rows["source"].astype(str) == str(source)]
    if search and search.strip():
        rows = rows[rows["text"].astype(str).str.contains(search.strip(), case=False, regex=False)]
    return rows


def _label_filter_choices(history: pd.DataFrame) -> list[tuple[str, str]]:
    labels = sorted(history["label"].dropna().astype(int).unique()) if len(history) else []
    return [("Todos", "Todos")] + [(sdg_title(label), str(label)) for label in labels]


def review_table(queue: pd.DataFrame, rows: int = REVIEW_PAGE_ROWS) -> pd.DataFrame:
    """The first ``rows`` queued items for the editable review table («ODS revisado» prefilled)."""
    shown = queue.head(rows)
    return pd.DataFrame(
        {
            "id": shown["id"].astype(str),
            "texto": shown["text"].astype(str),
            "ODS predicho": shown["predicted_label"].astype("Int64"),
            "probabilidad": shown["probability"].astype(float).round(3),
            "margen": shown["margin"].astype(float).round(3),
            "origen": shown["origin"].astype(str),
            "fecha": shown["created_at"].astype(str).str.slice(0, 16).str.replace("T", " "),
            "ODS revisado": shown["predicted_label"].astype("Int64").astype(str),
        },
        columns=REVIEW_COLUMNS,
    )


def review_decisions(table: pd.DataFrame | None) -> list[dict]:
    """``[{"id", "label"}]`` from the edited review table; an empty «ODS revisado» dismisses.

    Raises:
        DataError: a reviewed label is not an SDG (the message names the row's id).
    """
    if table is None or len(table) == 0:
        return []
    frame = pd.DataFrame(table)
    if not {"id", "ODS revisado"} <= set(frame.columns):
        raise DataError("La tabla de revisión no tiene las columnas «id» y «ODS revisado».")
    decisions = []
    for item_id, value in zip(frame["id"], frame["ODS revisado"]):
        if item_id is None or str(item_id).strip() in ("", "nan"):
            continue
        empty = value is None or (isinstance(value, float) and math.isnan(value))
        empty = empty or str(value).strip().lower() in ("", "nan", "<na>", "none")
        if empty:
            decisions.append({"id": str(item_id).strip(), "label": None})
            continue
        try:
            label = data.parse_label(value)
        except ValueError as error:
            raise DataError(f"Fila {item_id}: {error}.") from None
        decisions.append({"id": str(item_id).strip(), "label": label})
    return decisions


def _json_safe(value: object) -> object:
    """``value`` with NaN/±inf floats as ``None`` (JSON has no such numbers)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, Mapping):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    return value


def _share(value: object) -> str:
    return "—" if value is None else f"{100 * float(value):.1f} %"


def drift_table(report: Mapping) -> pd.DataFrame:
    """Production vs validation figures of a drift report, one row per indicator."""
    base = report.get("baseline") or {}
    production = report.get("production") or {}
    psi = report.get("psi")
    return pd.DataFrame(
        [
            ["Predicciones registradas", production.get("predictions", 0), "—"],
            [
                "Predicciones de baja confianza",
                _share(production.get("low_confidence_share")),
                _share(base.get("low_confidence_share")),
            ],
            [
                "Palabras desconocidas (OOV)",
                _share(production.get("oov_share")),
                _share(base.get("oov_share")),
            ],
            ["PSI del reparto de ODS (> 0,2 = cambio)", "—" if psi is None else f"{psi:.3f}", "0"],
        ],
        columns=["Indicador", "Producción", "Validación"],
    )


def drift_html(report: Mapping) -> str:
    """A warning box when a retrain is suggested, else a short line (escaped)."""
    warnings = [html.escape(str(w)) for w in report.get("warnings", [])]
    if report.get("retrain_suggested"):
        items = "".join(f"<li>{w}</li>" for w in warnings)
        return (
            '<div class="odsgr-demo"><b>Se recomienda reentrenar.</b> Los textos que llegan ya '
            f"no se parecen a los de validación:<ul>{items}</ul>Revise textos recientes en la "
            "pestaña «Revisión» y reentrene en «Reentrenar».</div>"
        )
    if warnings:
        return "<div>" + "<br>".join(warnings) + "</div>"
    if not (report.get("production") or {}).get("predictions"):
        return "<div>Todavía no hay predicciones registradas para esta versión.</div>"
    return "<div>Sin señales de deriva frente al conjunto de validación.</div>"


def drift_chart_frame(series: pd.DataFrame) -> pd.DataFrame:
    """Daily drift series in long form for ``gr.LinePlot`` (``fecha``, ``valor``, ``indicador``)."""
    if series is None or series.empty:
        return pd.DataFrame(columns=["fecha", "valor", "indicador"])
    long = series.melt(
        id_vars=["date"],
        value_vars=list(DRIFT_INDICATORS),
        var_name="indicador",
        value_name="valor",
    ).dropna(subset=["valor"])
    return pd.DataFrame(
        {
            "fecha": pd.to_datetime(long["date"]),
            "valor": long["valor"].astype(float).round(4),
            "indicador": long["indicador"].map(DRIFT_INDICATORS),
        }
    )


def augmentation_markdown(summary: Mapping | None) -> str:
    """What LLM balancing did during a retrain: method, synthetic rows, accepted and rejected."""
    if not summary:
        return ""
    texts = summary.get("texts", {})
    rejected = texts.get("rejected", {}) or {}
    reasons = ", ".join(f"{reason}: {count}" for reason, count in rejected.items()) or "ninguno"
    requests = summary.get("requests", {})
    return (
        "### Equilibrio con LLM\n"
        f"Método: `{summary.get('method', '—')}` · textos sintéticos añadidos: "
        f"**{summary.get('synthetic_rows', 0)}** · generados: {texts.get('generated', 0)} · "
        f"aceptados: **{texts.get('accepted', 0)}** · rechazados: "
        f"**{sum(int(v) for v in rejected.values())}** ({reasons}) · peticiones: "
        f"{requests.get('made', 0)} (desde caché: {requests.get('cached', 0)}, fallidas: "
        f"{requests.get('failed', 0)})."
    )


# ------------------------------------------------------------------------------ app


class OdsgrApp:
    """The handlers of the app, bound to one service and one access policy."""

    def __init__(self, service: Service, access: AccessPolicy, hub_status: str = "") -> None:
        self.service = service
        self.access = access
        self.hub_status = hub_status

    # --------------------------------------------------------------- shared logic
    def _actor(self, password: str | None, profile: Mapping | None) -> str:
        return self.access.authorize(password or None, profile)

    def classify_table(
        self,
        path: str | None,
        text_column: str | None,
        progress: Callable[[float, str], None],
        store_for_review: bool = False,
        extensions: tuple[str, ...] = (".csv", ".xlsx"),
        head_rows: int = 0,
    ) -> FileSummary:
        """Classify a file of texts, streamed, into ``odsgr_resultados<ext>`` for each extension
        in a fresh temporary folder (formulas escaped); the summary keeps ``head_rows`` rows.

        With ``store_for_review`` the doubtful rows join the review queue.
        """
        if not path:
            raise DataError("Suba primero un archivo con textos (CSV, Excel o JSON).")
        folder = _download_dir()
        return self.service.classify_file(
            path,
            [folder / f"odsgr_resultados{extension}" for extension in extensions],
            text_column or None,
            progress=progress,
            store_for_review=store_for_review is True,
            head_rows=head_rows,
        )

    def _retrain(
        self,
        path: str | None,
        table: pd.DataFrame | None,
        strategy: str,
        window: float | None,
        actor: str,
        progress: Callable[[float, str], None],
        balance_with_llm: bool = False,
        window_days: float | None = None,
        augment_options: dict | None = None,
    ) -> dict:
        strategy = strategy or "batch"
        window_rows = None if window in (None, "") or strategy != "window" else int(window)
        days = None if strategy != "window" else _positive_number(window_days, "window_days")
        sources: dict = {}
        if path:
            sources["paths"] = [path]
        else:
            rows = _table_rows(table)
            if rows is None:
                raise DataError(
                    "Suba un archivo de datos etiquetados o escriba filas (texto y ODS) en la "
                    "tabla antes de entrenar."
                )
            sources["frames"] = [(rows, "tabla editada en la app")]
        return self.service.retrain(
            **sources,
            strategy=strategy,
            window=window_rows,
            window_days=days,
            auto_promote=False,
            actor=actor,
            progress=progress,
            balance_with_llm=balance_with_llm is True,
            augment_options=augment_options,
        )

    def _history_page(
        self, label: object, source: object, search: str, page: float | None, page_rows: int
    ) -> tuple[pd.DataFrame, int, int, int]:
        history = self.service.history()
        rows = filter_history(history, label, source, search)
        pages = max(1, math.ceil(len(rows) / page_rows))
        page_number = min(max(1, int(page or 1)), pages)
        start = (page_number - 1) * page_rows
        return rows.iloc[start : start + page_rows], len(rows), page_number, pages

    # --------------------------------------------------------------- public API
    def api_predict(self, text: str, store_for_review: bool = False) -> dict:
        """Clasifica un texto en un ODS.

        Args:
            text: el texto en español (consulta, diagnóstico, informe…).
            store_for_review: si la confianza es baja, guardar el texto (con los datos
                personales enmascarados) en la cola de revisión.

        Returns:
            dict con ``label`` (número de ODS), ``label_name``, ``probability``,
            ``probabilities`` ({ODS: probabilidad}), ``needs_review`` (confianza baja),
            ``explanation`` ({terms, highlights}), ``model_version``, ``warnings`` y
            ``queued_for_review``.
        """
        return self.service.predict(text, store_for_review=store_for_review is True, origin="api")

    def api_predict_batch(self, texts: list[str], store_for_review: bool = False) -> list[dict]:
        """Clasifica una lista de textos (sin explicación); máximo ``ODSGR_MAX_BATCH_TEXTS``.

        Args:
            texts: lista JSON de textos.
            store_for_review: guardar los textos dudosos en la cola de revisión.

        Returns:
            Una lista de dicts ``{label, label_name, probability, probabilities, needs_review,
            model_version, warnings, queued_for_review}``, en el mismo orden.
        """
        if isinstance(texts, str):
            try:
                texts = json.loads(texts)
            except ValueError:
                raise DataError("Se esperaba una lista JSON de textos.") from None
        return self.service.predict_many(texts, store_for_review=store_for_review is True)

    def api_predict_file(
        self, file: str, text_column: str = "", store_for_review: bool = False
    ) -> tuple[str, dict]:
        """Clasifica cada fila de un archivo CSV/XLSX/JSON y devuelve el archivo con resultados.

        Args:
            file: el archivo (use ``gradio_client.handle_file``).
            text_column: columna de textos; vacío = se detecta sola.
            store_for_review: guardar las filas dudosas en la cola de revisión.

        Returns:
            (archivo de resultados — XLSX si la entrada es Excel, si no CSV —, resumen dict con
            ``rows``, ``text_column``, ``needs_review``, ``queued_for_review``, ``distribution``
            y ``model_version``).
        """
        path = _file_path(file)
        excel = bool(path) and Path(path).suffix.lower() in (".xlsx", ".xls")
        summary = self.classify_table(
            path,
            text_column,
            lambda *_: None,
            store_for_review is True,
            extensions=(".xlsx",) if excel else (".csv",),
        )
        return str(summary.paths[0]), {
            "rows": summary.rows,
            "classified": summary.classified,
            "text_column": summary.text_column,
            "needs_review": summary.needs_review,
            "queued_for_review": summary.queued_for_review,
            "distribution": {str(k): v for k, v in sorted(summary.distribution.items())},
            "model_version": summary.model_version,
        }

    def api_retrain(
        self,
        file: str,
        strategy: str = "batch",
        window: float | None = None,
        admin_password: str = "",
        window_days: float | None = None,
        balance_with_llm: bool = False,
        profile: gr.OAuthProfile | None = None,
    ) -> tuple[str, dict]:
        """(Administración) Entrena una versión candidata con datos etiquetados nuevos.

        La candidata no se usa hasta que se promueve (``/promote``) o se descarta (``/discard``).

        Args:
            file: datos etiquetados (columna de textos y columna de ODS).
            strategy: ``batch`` (todo el historial + nuevos), ``incremental`` (actualiza el
                modelo actual solo con las filas nuevas) o ``window`` (solo lo más reciente).
            window: N filas más recientes para ``window``.
            admin_password: contraseña de administración.
            window_days: D días más recientes para ``window`` (en lugar de, o además de, N).
            balance_with_llm: completar los ODS minoritarios con textos sintéticos (LLM
                configurado; sin él, recombinación sin conexión) antes de entrenar.

        Returns:
            (versión candidata, dict con ``gate`` (decisión y motivos), ``comparison`` (Δ abs y
            Δ rel), métricas y matrices de confusión de ambas versiones, informes de datos,
            ``message`` (qué hizo la estrategia) y ``augmentation`` (resumen del equilibrado)).
        """
        actor = self._actor(admin_password, profile)
        result = self._retrain(
            _file_path(file),
            None,
            strategy,
            window,
            actor,
            lambda *_: None,
            balance_with_llm=balance_with_llm is True,
            window_days=window_days,
        )
        return result["candidate"], _json_safe(result)

    def api_promote(
        self,
        version: str,
        force: bool = False,
        admin_password: str = "",
        profile: gr.OAuthProfile | None = None,
    ) -> dict:
        """(Administración) Convierte una versión candidata en la versión actual.

        Args:
            version: p. ej. ``"v2"``.
            force: promover aunque el control de calidad la haya rechazado.
            admin_password: contraseña de administración.
        """
        actor = self._actor(admin_password, profile)
        return self.service.promote(version, force=bool(force), actor=actor)

    def api_discard(
        self, version: str, admin_password: str = "", profile: gr.OAuthProfile | None = None
    ) -> dict:
        """(Administración) Descarta una versión candidata (queda guardada para auditoría).

        Args:
            version: p. ej. ``"v2"``.
            admin_password: contraseña de administración.
        """
        actor = self._actor(admin_password, profile)
        return self.service.discard(version, actor=actor)

    def api_rollback(
        self, version: str, admin_password: str = "", profile: gr.OAuthProfile | None = None
    ) -> dict:
        """(Administración) Vuelve a usar una versión anterior como actual (no borra nada).

        Args:
            version: p. ej. ``"v1"``.
            admin_password: contraseña de administración.
        """
        actor = self._actor(admin_password, profile)
        return self.service.rollback(version, actor=actor)

    def api_metrics(self) -> dict:
        """Métricas de la versión actual en el conjunto de validación fijo.

        Returns:
            dict con ``version``, ``precision_macro``, ``recall_macro``, ``f1_macro``,
            ``accuracy``, ``per_class``, ``labels`` y ``confusion_matrix``.
        """
        return self.service.metrics()

    def api_versions(self) -> list[dict]:
        """Todas las versiones: fecha, filas, estrategia, F1, decisión del control y estado."""
        return self.service.versions()

    def api_history(
        self,
        label: str = "",
        source: str = "",
        search: str = "",
        page: int = 1,
        page_size: int = 100,
    ) -> dict:
        """Textos etiquetados guardados, filtrados y por páginas.

        Args:
            label: número de ODS (vacío = todos).
            source: origen (nombre del archivo; vacío = todos).
            search: texto a buscar (sin distinguir mayúsculas).
            page: página, desde 1.
            page_size: filas por página (máximo 1000).

        Returns:
            dict con ``total``, ``page``, ``pages`` y ``rows`` (lista de dicts).
        """
        page_rows = max(1, min(int(page_size or 100), API_HISTORY_MAX_ROWS))
        rows, total, page_number, pages = self._history_page(label, source, search, page, page_rows)
        return {"total": total, "page": page_number, "pages": pages, "rows": _json_records(rows)}

    def api_review_queue(
        self, admin_password: str = "", profile: gr.OAuthProfile | None = None
    ) -> list[dict]:
        """(Administración) Predicciones dudosas pendientes de revisión, las más inciertas primero.

        Solo administradores: contiene textos de la ciudadanía (datos personales enmascarados).

        Args:
            admin_password: contraseña de administración.

        Returns:
            Lista de dicts ``{id, text, predicted_label, probability, margin, probabilities,
            model_version, origin, created_at}`` ordenada por ``margin`` creciente.
        """
        self._actor(admin_password, profile)
        return _json_records(self.service.review_queue())

    def api_review_decide(
        self,
        decisions: list[dict],
        admin_password: str = "",
        profile: gr.OAuthProfile | None = None,
    ) -> dict:
        """(Administración) Confirma, corrige o descarta elementos de la cola de revisión.

        Las filas confirmadas o corregidas se añaden a los datos etiquetados (origen
        ``review``) y se usarán en el próximo reentrenamiento.

        Args:
            decisions: lista JSON ``[{"id": ..., "label": ODS}]``; ``label`` igual al predicho
                confirma, otro corrige, ``null`` descarta.
            admin_password: contraseña de administración.

        Returns:
            dict con ``confirmed``, ``corrected``, ``dismissed`` y ``history_rows``.
        """
        actor = self._actor(admin_password, profile)
        if isinstance(decisions, str):
            try:
                decisions = json.loads(decisions)
            except ValueError:
                raise DataError("Se esperaba una lista JSON de decisiones.") from None
        if not isinstance(decisions, list) or not all(isinstance(d, Mapping) for d in decisions):
            raise DataError('Se esperaba una lista de decisiones {"id": ..., "label": ODS}.')
        return self.service.review_decide(decisions, actor=actor)

    def api_drift(self) -> dict:
        """Deriva de la versión actual: recuentos en producción frente a validación (sin textos).

        Returns:
            dict con ``version``, ``baseline`` y ``production`` (predicciones, reparto de ODS,
            proporción de baja confianza y de palabras desconocidas), ``psi``,
            ``low_confidence_ratio``, ``oov_ratio`` (``null`` si no se puede calcular),
            ``warnings``, ``retrain_suggested`` y ``series`` (una fila por día).
        """
        report = self.service.drift_report()
        series = self.service.drift_series()
        return _json_safe({**report, "series": _json_records(series)})

    def api_hub_pull(
        self, admin_password: str = "", profile: gr.OAuthProfile | None = None
    ) -> dict:
        """(Administración) Trae del Hub de Hugging Face la versión ``current`` y la pone en uso.

        Args:
            admin_password: contraseña de administración.

        Returns:
            dict con ``version`` (la traída), ``current`` y ``message``.
        """
        self._actor(admin_password, profile)
        message = self.pull_from_hub()
        return {
            "version": self.service.current_info()["version"],
            "current": self.service.registry.current_version(),
            "message": message,
        }

    # --------------------------------------------------------------- hub
    def hub_status_line(self) -> str:
        """The Hub line shown in «Métricas» and «Acerca de» (Spanish, plain text)."""
        settings = self.service.settings
        if not settings.hub_model_repo:
            return "Hub de Hugging Face no configurado: se usa la copia local."
        from odsgr import hub  # huggingface_hub is imported only when a Hub is configured

        queued = hub.queued_versions(settings)
        line = self.hub_status or f"Repositorio de modelos en el Hub: {settings.hub_model_repo}."
        if queued:
            line += f" Publicaciones en cola: {', '.join(queued)}."
        return line

    def pull_from_hub(self) -> str:
        """Pull the Hub's ``current`` version and make it current; the new status line.

        Raises:
            HubError: no repo configured, nothing published, or the Hub is offline (then the
                status line says the cached version keeps being served).
        """
        from odsgr import hub

        try:
            pulled = hub.pull_version(self.service.settings)
        except hub.HubOfflineError as error:
            cached = self.service.registry.current_version() or "ninguna"
            self.hub_status = (
                f"{hub.OFFLINE_STATUS} ({cached}). No se pudo traer el modelo del Hub: {error}"
            )
            raise
        self.service.current_model()
        self.hub_status = (
            f"Modelo {pulled.version} traído del Hub ({self.service.settings.hub_model_repo})."
        )
        return self.hub_status

    # --------------------------------------------------------------- UI handlers
    def status_banner(self) -> str:
        """The line under the title: current version, or how to train the first one."""
        if not self.service.has_model():
            return (
                '<div class="odsgr-demo"><b>Todavía no hay ningún modelo entrenado.</b> '
                "Un administrador puede entrenarlo en la pestaña «Reentrenar», o ejecute "
                "<code>python -m odsgr train --data ARCHIVO</code>.</div>"
            )
        about = self.service.current_info()
        line = f"Modelo en uso: <b>{html.escape(about['version'])}</b>"
        if about.get("demo"):
            return (
                '<div class="odsgr-demo"><b>DEMO</b> — este modelo se entrenó con textos '
                "inventados de demostración (solo ODS 1, 3 y 4). No lo use para decisiones "
                f"reales: reentrénelo con sus datos. {line}</div>"
            )
        return f"<div>{line}</div>"

    def ui_classify(self, text: str, store_for_review: bool = False) -> tuple:
        result = self.service.predict(text, store_for_review=store_for_review is True)
        probabilities = {sdg_title(k): v for k, v in result["probabilities"].items()}
        explanation = result.get("explanation", {})
        terms = pd.DataFrame(explanation.get("terms", []), columns=["término", "peso"])
        notes = [f"**Aviso:** {w}" for w in result["warnings"]]
        if result.get("queued_for_review"):
            notes.append(
                "**Enviado a revisión:** un administrador confirmará el ODS en la pestaña "
                "«Revisión» (datos personales enmascarados)."
            )
        warnings = "\n\n".join(notes)
        return (
            badge_html(result),
            probabilities,
            highlights_for_widget(explanation.get("highlights", [])),
            terms,
            warnings,
        )

    def ui_inspect_upload(self, file: object) -> tuple:
        path = _file_path(file)
        if not path:
            return gr.Dropdown(choices=[], value=None), None, ""
        try:
            frame, column = data.load_texts(path, settings=self.service.settings)
        except OdsgrError as error:
            return (
                gr.Dropdown(choices=[], value=None),
                None,
                f"**No se puede usar el archivo.** {error}",
            )
        message = (
            f"{len(frame):,} filas · columna de texto detectada: **{column}**. "
            "Pulse «Clasificar el archivo»."
        ).replace(",", ".")
        return (
            gr.Dropdown(choices=[str(c) for c in frame.columns], value=str(column)),
            frame.head(PREVIEW_ROWS),
            message,
        )

    def ui_classify_file(
        self,
        file: object,
        text_column: str | None,
        store_for_review: bool = False,
        progress=gr.Progress(),  # noqa: B008
    ):
        hidden = gr.DownloadButton(visible=False)
        try:
            summary = self.classify_table(
                _file_path(file),
                text_column,
                _progress_callback(progress),
                store_for_review,
                head_rows=RESULT_ROWS_SHOWN,
            )
        except OdsgrError as error:
            return f"**No se pudo clasificar el archivo.** {error}", None, None, hidden, hidden
        csv_path, xlsx_path = summary.paths
        result = summary.head
        shown = pd.DataFrame(
            {
                "texto": result[summary.text_column],
                "ODS": result["label"],
                "nombre": result["label_name"],
                "probabilidad": result["probability"],
                "revisar": result["needs_review"].map({True: "sí", False: "no"}),
            }
        )
        message = (
            f"Clasificadas **{summary.classified}** de {summary.rows} filas; "
            f"**{summary.needs_review}** marcadas «revisar» (probabilidad < "
            f"{self.service.settings.review_threshold:.0%})."
        )
        queued = summary.queued_for_review
        if queued:
            message += (
                f" **{queued}** enviadas a la cola de «Revisión» (datos personales enmascarados)."
            )
        if summary.rows > RESULT_ROWS_SHOWN:
            message += (
                f" Se muestran las primeras {RESULT_ROWS_SHOWN}; descargue el archivo completo."
            )
        return (
            message,
            shown,
            distribution_frame(summary.distribution),
            gr.DownloadButton(value=str(csv_path), visible=True),
            gr.DownloadButton(value=str(xlsx_path), visible=True),
        )

    def ui_validate_labelled(self, file: object, table: pd.DataFrame | None) -> str:
        path = _file_path(file)
        try:
            if path:
                frame, report = data.load_labelled(path, settings=self.service.settings)
            else:
                rows = _table_rows(table)
                if rows is None:
                    return "Suba un archivo o escriba filas en la tabla para revisarlas."
                frame, report = data.clean_labelled(rows, settings=self.service.settings)
        except OdsgrError as error:
            return f"**Los datos no se pueden usar.** {error}"
        counts = frame["label"].value_counts().sort_index()
        lines = [report.to_markdown(), "", "### Textos por ODS", ""]
        lines += [f"- {sdg_title(label)}: {count}" for label, count in counts.items()]
        lines += ["", "Revise el informe y, si es correcto, entrene la versión candidata."]
        return "\n".join(lines)

    def ui_train_candidate(
        self,
        file: object,
        table: pd.DataFrame | None,
        strategy: str,
        window_mode: str,
        window: float | None,
        window_days: float | None,
        balance_with_llm: bool,
        augment_ratio: float | None,
        augment_seed: float | None,
        password: str,
        profile: gr.OAuthProfile | None,
        progress=gr.Progress(),  # noqa: B008
    ) -> tuple:
        actor = self._actor(password, profile)
        by_days = window_mode == "days"
        balance = balance_with_llm is True and self.service.settings.llm_configured
        options = None
        if balance:
            options = {"ratio": _positive_number(augment_ratio, "proporción") or 0.8}
            if augment_seed not in (None, ""):
                try:
                    options["seed"] = int(augment_seed)
                except (TypeError, ValueError):
                    raise DataError("La semilla del aumento debe ser un número entero.") from None
        result = self._retrain(
            _file_path(file),
            table,
            strategy,
            None if by_days else window,
            actor,
            _progress_callback(progress),
            balance,
            window_days=window_days if by_days else None,
            augment_options=options,
        )
        gate = result["gate"]
        verdict = (
            "**Decisión del control de calidad: ACEPTADA.**"
            if gate["accepted"]
            else "**Decisión del control de calidad: RECHAZADA.**"
        )
        reasons = "\n".join(f"- {reason}" for reason in gate["reasons"])
        summary = (
            f"### Versión candidata {result['candidate']} (frente a {result['parent']})\n\n"
            f"{verdict}\n{reasons}\n\n"
            f"Filas nuevas: {result['new_rows']} · filas de entrenamiento: {result['train_rows']}"
            f" · estrategia: {STRATEGY_NAMES.get(result['strategy'], result['strategy'])}.\n\n"
            f"{result.get('message') or ''}\n\n"
            f"{augmentation_markdown(result.get('augmentation'))}\n\n"
            "La candidata **no se usa** hasta que la promueva; puede descartarla."
        )
        augmentation = result.get("augmentation") or {}
        balance_table = gr.Dataframe(
            value=pd.DataFrame(augmentation.get("class_balance", [])),
            visible=bool(augmentation),
        )
        comparison = pd.DataFrame(result["comparison"])
        current_cm = {
            "labels": result["labels"],
            "confusion_matrix": result["current_confusion_matrix"],
        }
        candidate_cm = {
            "labels": result["labels"],
            "confusion_matrix": result["candidate_confusion_matrix"],
        }
        return (
            result["candidate"],
            summary,
            comparison,
            confusion_html(current_cm),
            confusion_html(candidate_cm),
            balance_table,
        )

    def ui_promote(self, version: str, force: bool, password: str, profile: gr.OAuthProfile | None):
        actor = self._actor(password, profile)
        if not version:
            raise DataError("No hay ninguna versión candidata: entrene una primero.")
        self.service.promote(version.strip(), force=bool(force), actor=actor)
        return f"La versión **{version}** es ahora la versión en uso.", self.status_banner()

    def ui_discard(self, version: str, password: str, profile: gr.OAuthProfile | None):
        actor = self._actor(password, profile)
        if not version:
            raise DataError("No hay ninguna versión candidata que descartar.")
        self.service.discard(version.strip(), actor=actor)
        return f"La versión **{version}** se ha descartado (queda guardada para auditoría).", ""

    def ui_metrics(self) -> tuple:
        empty = (None, None, "", None, None, gr.Dropdown(choices=[]))
        if not self.service.has_model():
            return ("Todavía no hay ningún modelo entrenado.", *empty)
        metrics = self.service.metrics()
        headline = pd.DataFrame(
            evaluate.comparison_table(metrics, metrics).iloc[:, :2].values,
            columns=["Métrica", "Valor"],
        )
        versions = pd.DataFrame(self.service.versions())
        table = pd.DataFrame(
            {
                "versión": versions["version"],
                "fecha": versions["created_at"].astype(str).str.slice(0, 19).str.replace("T", " "),
                "filas": versions["train_rows"],
                "F1 macro": versions["f1_macro"].astype(float).round(4),
                "estrategia": versions["strategy"],
                "estado": versions["status"],
            }
        )
        chart = pd.DataFrame(
            {
                "versión": versions["version"].str.lstrip("v").astype(int),
                "F1 macro": versions["f1_macro"].astype(float),
            }
        )
        message = (
            f"Versión en uso: **{metrics['version']}** · medido sobre {metrics.get('n', '?')} "
            "textos del conjunto de validación fijo (nunca usados para entrenar)."
        )
        return (
            message,
            headline,
            evaluate.per_class_table(metrics),
            confusion_html(metrics),
            table,
            chart,
            gr.Dropdown(choices=versions["version"].tolist(), value=None),
        )

    def ui_drift(self) -> tuple:
        if not self.service.has_model():
            return "", None, None
        report = self.service.drift_report()
        return (
            drift_html(report),
            drift_table(report),
            drift_chart_frame(self.service.drift_series()),
        )

    def ui_hub_status(self) -> str:
        return f"**Hub:** {html.escape(self.hub_status_line())}"

    def ui_hub_pull(self, password: str, profile: gr.OAuthProfile | None):
        self._actor(password, profile)
        from odsgr import hub

        try:
            self.pull_from_hub()
        except hub.HubOfflineError:
            log.warning("Pull from the Hub failed: offline")
        return self.ui_hub_status(), self.status_banner()

    def ui_review_load(self, password: str, profile: gr.OAuthProfile | None) -> tuple:
        """The review table, for admins only (the queue holds citizen texts)."""
        self._actor(password, profile)
        return self._review_view("")

    def _review_view(self, done: str) -> tuple:
        queue = self.service.review_queue()
        if queue.empty:
            status = "No hay predicciones pendientes de revisión."
        else:
            status = (
                f"**{len(queue)}** predicciones pendientes; se muestran las "
                f"{min(len(queue), REVIEW_PAGE_ROWS)} más inciertas."
            )
        return (f"{done}\n\n{status}" if done else status), review_table(queue)

    def ui_review_decide(
        self, table: pd.DataFrame | None, password: str, profile: gr.OAuthProfile | None
    ) -> tuple:
        actor = self._actor(password, profile)
        decisions = review_decisions(table)
        if not decisions:
            raise DataError("No hay filas que decidir: cargue primero la cola de revisión.")
        counts = self.service.review_decide(decisions, actor=actor)
        done = (
            f"Confirmadas **{counts['confirmed']}** · corregidas **{counts['corrected']}** · "
            f"descartadas **{counts['dismissed']}**. {counts['history_rows']} filas se han "
            "añadido a los datos etiquetados y se usarán en el próximo reentrenamiento."
        )
        return self._review_view(done)

    def ui_rollback(self, version: str, password: str, profile: gr.OAuthProfile | None):
        actor = self._actor(password, profile)
        if not version:
            raise DataError("Elija la versión a la que quiere volver.")
        self.service.rollback(version, actor=actor)
        return f"La versión **{version}** vuelve a ser la versión en uso.", self.status_banner()

    def ui_data_overview(self) -> tuple:
        history = self.service.history()
        if history.empty:
            return None, gr.Dropdown(choices=["Todos"]), gr.Dropdown(choices=["Todos"])
        kind = history["synthetic"].map({True: "sintético", False: "real"})
        counts = (
            pd.DataFrame({"ODS": history["label"].astype(int).map(sdg_title), "tipo": kind})
            .value_counts()
            .rename("textos")
            .reset_index()
            .sort_values("ODS")
        )
        sources = ["Todos"] + sorted(history["source"].astype(str).unique().tolist())
        return (
            counts,
            gr.Dropdown(choices=_label_filter_choices(history), value="Todos"),
            gr.Dropdown(choices=sources, value="Todos"),
        )

    def ui_history_page(self, label: str, source: str, search: str, page: float | None):
        rows, total, page_number, pages = self._history_page(
            label, source, search, page, HISTORY_PAGE_ROWS
        )
        shown = pd.DataFrame(
            {
                "ODS": rows["label"],
                "origen": rows["source"],
                "sintético": rows["synthetic"].map({True: "sí", False: "no"}),
                "añadido": rows["added_at"].astype(str).str.slice(0, 10),
                "texto": rows["text"],
            }
        )
        info = f"{total} textos · página {page_number} de {pages}"
        return shown, info, page_number

    def ui_download_history(self, label: str, source: str, search: str):
        rows = filter_history(self.service.history(), label, source, search)
        path = data.write_table(rows, _download_dir() / "odsgr_datos_etiquetados.csv")
        return gr.DownloadButton(value=str(path), visible=True)

    def ui_about(self) -> str:
        if not self.service.has_model():
            return (
                "**Modelo:** ninguno todavía (entrénelo en la pestaña «Reentrenar»).\n\n"
                + self.ui_hub_status()
            )
        about = self.service.current_info()
        lines = [
            "## Modelo en uso",
            f"- Versión: **{about['version']}** (creada {about.get('created_at') or '—'})",
            "- Huella de los datos de entrenamiento (SHA-256): "
            f"`{about.get('data_sha256') or '—'}`",
            f"- Textos de entrenamiento: {about.get('train_rows', '—')} · ODS que conoce: "
            + ", ".join(str(label) for label in about.get("labels", [])),
            f"- Umbral «revisar»: probabilidad < {self.service.settings.review_threshold:.0%}",
            f"- {self.ui_hub_status()}",
        ]
        if about.get("demo"):
            lines.insert(
                0,
                '<div class="odsgr-demo"><b>DEMO</b> — modelo entrenado con datos inventados de '
                "demostración; no lo use para decisiones reales.</div>\n",
            )
        return "\n".join(lines)


def _positive_number(value: object, name: str) -> float | None:
    """``value`` as a finite number > 0, ``None`` when empty; DataError naming ``name`` else."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = math.nan
    if isinstance(value, bool) or not math.isfinite(number) or number <= 0:
        raise DataError(f"«{name}» debe ser un número mayor que 0 (recibido: {str(value)[:40]!r}).")
    return number


def _table_rows(table: pd.DataFrame | None) -> pd.DataFrame | None:
    """The filled rows of the editable text/label table, or None when it is empty."""
    if table is None or len(table) == 0:
        return None
    frame = pd.DataFrame(table).iloc[:, :2].copy()
    frame.columns = ["text", "label"]
    filled = frame["text"].astype(str).str.strip().ne("") & frame["text"].notna()
    frame = frame[filled]
    return None if frame.empty else frame.reset_index(drop=True)


# ------------------------------------------------------------------------------ layout


def build_app(
    service: Service, access: AccessPolicy | None = None, hub_status: str = ""
) -> gr.Blocks:
    """The Gradio Blocks of odsgr over ``service`` (nothing is trained or loaded here).

    Args:
        service: the use cases (its current model is loaded lazily, on first prediction).
        access: who may write; by default from ``service.settings`` (OAuth only on a Space).
        hub_status: the line :func:`odsgr.hub.sync_at_startup` returned, shown in «Métricas»
            and «Acerca de» (e.g. offline: the cached version is served).
    """
    access = access or AccessPolicy.from_settings(service.settings)
    app = OdsgrApp(service, access, hub_status)
    h = user_errors
    predict_group = {"concurrency_id": "predict", "concurrency_limit": PREDICT_CONCURRENCY}
    write_group = {"concurrency_id": "retrain", "concurrency_limit": 1}

    with gr.Blocks(title="odsgr · Clasificador ODS") as demo:
        gr.Markdown(t("title"))
        gr.Markdown(t("subtitle"))
        banner = gr.HTML()

        with gr.Accordion(t("admin_access"), open=False):
            gr.Markdown(access.describe())
            if access.oauth:
                gr.LoginButton()
            password = gr.Textbox(
                label=t("admin_password"),
                info=t("admin_password_info"),
                type="password",
                visible=access.password_enabled,
            )

        with gr.Tabs():
            # ---------------------------------------------------------- Clasificar
            with gr.Tab(t("tab_classify"), id="clasificar"):
                with gr.Row():
                    with gr.Column(scale=3):
                        text = gr.Textbox(
                            label=t("text"), placeholder=t("text_placeholder"), lines=6
                        )
                        classify_review = gr.Checkbox(
                            label=t("store_for_review"),
                            info=t("store_for_review_info"),
                            value=False,
                        )
                        classify_button = gr.Button(t("classify"), variant="primary")
                        gr.Examples(EXAMPLES, inputs=[text], label=t("examples"))
                    with gr.Column(scale=2):
                        badge = gr.HTML(label=t("result"), elem_id="prediction")
                        warnings = gr.Markdown()
                        probabilities = gr.Label(label=t("probabilities"), num_top_classes=17)
                with gr.Row():
                    highlighted = gr.HighlightedText(label=t("explanation"), scale=3)
                    terms = gr.Dataframe(label=t("top_terms"), interactive=False, scale=2)
                classify_outputs = [badge, probabilities, highlighted, terms, warnings]
                gr.on(
                    [classify_button.click, text.submit],
                    h(app.ui_classify),
                    inputs=[text, classify_review],
                    outputs=classify_outputs,
                    api_visibility=PRIVATE,
                    **predict_group,
                )

            # ---------------------------------------------------------- Lote
            with gr.Tab(t("tab_batch"), id="lote"):
                with gr.Row():
                    batch_file = gr.File(
                        label=t("file_to_classify"),
                        file_types=FILE_TYPES,
                        type="filepath",
                        elem_id="batch-file",
                    )
                    with gr.Column():
                        batch_column = gr.Dropdown(
                            label=t("text_column"), info=t("text_column_info"), choices=[]
                        )
                        batch_review = gr.Checkbox(
                            label=t("store_for_review"),
                            info=t("store_for_review_info"),
                            value=False,
                        )
                        batch_button = gr.Button(t("classify_file"), variant="primary")
                batch_status = gr.Markdown()
                batch_preview = gr.Dataframe(label=t("preview"), interactive=False, max_height=300)
                batch_result = gr.Dataframe(label=t("results"), interactive=False, max_height=400)
                with gr.Row():
                    batch_chart = gr.BarPlot(
                        x="ODS",
                        y="textos",
                        color="ODS",
                        color_map=sdg_colour_map(),
                        label=t("distribution"),
                        x_label_angle=-20,
                        y_lim=[0, None],
                        y_axis_format="d",
                    )
                    with gr.Column():
                        download_csv = gr.DownloadButton(t("download_csv"), visible=False)
                        download_xlsx = gr.DownloadButton(t("download_xlsx"), visible=False)
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
                    **predict_group,
                )

            # ---------------------------------------------------------- Reentrenar
            with gr.Tab(t("tab_retrain"), id="reentrenar"):
                gr.Markdown(access.describe())
                with gr.Row():
                    labelled_file = gr.File(
                        label=t("labelled_file"),
                        file_types=FILE_TYPES,
                        type="filepath",
                        elem_id="labelled-file",
                    )
                    labelled_table = gr.Dataframe(
                        headers=["texto", "ODS"],
                        datatype=["str", "str"],
                        column_count=2,
                        row_count=3,
                        interactive=True,
                        label=t("labelled_table"),
                    )
                validate_button = gr.Button(t("validate"))
                report = gr.Markdown()
                with gr.Row():
                    with gr.Column(scale=2):
                        strategy = gr.Dropdown(
                            choices=_strategy_choices(), value="batch", label=t("strategy")
                        )
                        strategy_help = gr.Markdown(STRATEGY_HELP["batch"])
                    with gr.Column(scale=1, visible=False) as window_options:
                        window_mode = gr.Radio(
                            choices=[(name, key) for key, name in WINDOW_MODES.items()],
                            value="rows",
                            label=t("window_mode"),
                        )
                        window = gr.Number(label=t("window"), value=500, precision=0, minimum=10)
                        window_days = gr.Number(
                            label=t("window_days"), value=90, minimum=1, visible=False
                        )
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
                candidate = gr.Textbox(label=t("candidate_version"), max_lines=1)
                candidate_summary = gr.Markdown()
                augment_table = gr.Dataframe(
                    label=t("augment_balance"), interactive=False, visible=False
                )
                comparison = gr.Dataframe(label=t("comparison"), interactive=False)
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

                strategy.change(
                    lambda name: (
                        STRATEGY_HELP.get(name, ""),
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
                gr.on(
                    [labelled_file.change, validate_button.click],
                    h(app.ui_validate_labelled),
                    inputs=[labelled_file, labelled_table],
                    outputs=[report],
                    api_visibility=PRIVATE,
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
                    **write_group,
                )
                promote_button.click(
                    h(app.ui_promote),
                    inputs=[candidate, force, password],
                    outputs=[decision, banner],
                    api_visibility=PRIVATE,
                    **write_group,
                )
                discard_button.click(
                    h(app.ui_discard),
                    inputs=[candidate, password],
                    outputs=[decision, candidate],
                    api_visibility=PRIVATE,
                    **write_group,
                )

            # ---------------------------------------------------------- Métricas
            with gr.Tab(t("tab_metrics"), id="metricas") as metrics_tab:
                metrics_status = gr.Markdown()
                with gr.Row():
                    headline = gr.Dataframe(label=t("headline"), interactive=False, scale=1)
                    per_class = gr.Dataframe(label=t("per_class"), interactive=False, scale=2)
                gr.Markdown(t("confusion"))
                confusion = gr.HTML(elem_id="metrics-confusion")
                versions_table = gr.Dataframe(label=t("versions"), interactive=False)
                f1_chart = gr.LinePlot(
                    x="versión", y="F1 macro", label=t("f1_chart"), y_lim=[0, 1], x_axis_format="d"
                )
                with gr.Row():
                    rollback_version = gr.Dropdown(label=t("rollback_version"), choices=[])
                    rollback_button = gr.Button(t("rollback"))
                rollback_status = gr.Markdown()
                gr.Markdown(t("drift_title"))
                drift_status = gr.HTML(elem_id="drift-status")
                drift_figures = gr.Dataframe(label=t("drift_table"), interactive=False)
                drift_chart = gr.LinePlot(
                    x="fecha", y="valor", color="indicador", label=t("drift_chart"), y_lim=[0, None]
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
                ]
                drift_outputs = [drift_status, drift_figures, drift_chart]
                metrics_tab.select(
                    h(app.ui_metrics), outputs=metrics_outputs, api_visibility=PRIVATE
                ).then(h(app.ui_drift), outputs=drift_outputs, api_visibility=PRIVATE).then(
                    h(app.ui_hub_status), outputs=[hub_line], api_visibility=PRIVATE
                )
                hub_pull_button.click(
                    h(app.ui_hub_pull),
                    inputs=[password],
                    outputs=[hub_line, banner],
                    api_visibility=PRIVATE,
                    **write_group,
                ).then(h(app.ui_metrics), outputs=metrics_outputs, api_visibility=PRIVATE)
                rollback_button.click(
                    h(app.ui_rollback),
                    inputs=[rollback_version, password],
                    outputs=[rollback_status, banner],
                    api_visibility=PRIVATE,
                    **write_group,
                ).then(h(app.ui_metrics), outputs=metrics_outputs, api_visibility=PRIVATE)

            # ---------------------------------------------------------- Revisión
            with gr.Tab(t("tab_review"), id="revision"):
                gr.Markdown(t("review_intro"))
                review_load = gr.Button(t("review_load"))
                review_status = gr.Markdown(elem_id="review-status")
                review_grid = gr.Dataframe(
                    headers=REVIEW_COLUMNS,
                    label=t("review_table"),
                    interactive=True,
                    wrap=True,
                    max_height=600,
                    static_columns=list(range(len(REVIEW_COLUMNS) - 1)),
                    column_widths=["9%", "45%", "8%", "8%", "7%", "7%", "8%", "8%"],
                    elem_id="review-table",
                )
                review_confirm = gr.Button(t("review_confirm"), variant="primary")
                review_load.click(
                    h(app.ui_review_load),
                    inputs=[password],
                    outputs=[review_status, review_grid],
                    api_visibility=PRIVATE,
                )
                review_confirm.click(
                    h(app.ui_review_decide),
                    inputs=[review_grid, password],
                    outputs=[review_status, review_grid],
                    api_visibility=PRIVATE,
                    **write_group,
                )

            # ---------------------------------------------------------- Datos
            with gr.Tab(t("tab_data"), id="datos") as data_tab:
                data_chart = gr.BarPlot(
                    x="ODS",
                    y="textos",
                    color="tipo",
                    label=t("data_distribution"),
                    x_label_angle=-20,
                    y_lim=[0, None],
                    y_axis_format="d",
                )
                with gr.Row():
                    filter_label = gr.Dropdown(label=t("filter_label"), choices=["Todos"])
                    filter_source = gr.Dropdown(label=t("filter_source"), choices=["Todos"])
                    filter_search = gr.Textbox(label=t("filter_search"), max_lines=1)
                    page = gr.Number(label=t("page"), value=1, precision=0, minimum=1)
                page_info = gr.Markdown()
                history_table = gr.Dataframe(
                    label=t("history_table"),
                    interactive=False,
                    max_height=500,
                    wrap=True,
                    column_widths=["6%", "16%", "8%", "10%", "60%"],
                )
                download_history = gr.DownloadButton(t("download_filtered"))
                filters = [filter_label, filter_source, filter_search, page]
                page_outputs = [history_table, page_info, page]
                data_tab.select(
                    h(app.ui_data_overview),
                    outputs=[data_chart, filter_label, filter_source],
                    api_visibility=PRIVATE,
                ).then(
                    h(app.ui_history_page),
                    inputs=filters,
                    outputs=page_outputs,
                    api_visibility=PRIVATE,
                )
                gr.on(
                    [filter_label.input, filter_source.input, filter_search.submit, page.submit],
                    h(app.ui_history_page),
                    inputs=filters,
                    outputs=page_outputs,
                    api_visibility=PRIVATE,
                )
                download_history.click(
                    h(app.ui_download_history),
                    inputs=[filter_label, filter_source, filter_search],
                    outputs=[download_history],
                    api_visibility=PRIVATE,
                )

            # ---------------------------------------------------------- Acerca de
            with gr.Tab(t("tab_about"), id="acerca") as about_tab:
                about_model = gr.Markdown()
                gr.Markdown(t("about"))
                about_tab.select(h(app.ui_about), outputs=[about_model], api_visibility=PRIVATE)

        # -------------------------------------------------------------- API
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

        gr.api(h(app.api_predict), api_name="predict", **predict_group)
        gr.api(h(app.api_predict_batch), api_name="predict_batch", **predict_group)
        api_predict_file_trigger.click(
            h(app.api_predict_file),
            inputs=[api_file, api_text_column, api_store_for_review],
            outputs=[api_result_file, api_summary],
            api_name="predict_file",
            api_description=app.api_predict_file.__doc__,
            **predict_group,
        )
        api_retrain_trigger.click(
            h(app.api_retrain),
            inputs=[api_file, api_strategy, api_window, api_password, api_window_days, api_balance],
            outputs=[api_candidate, api_comparison],
            api_name="retrain",
            api_description=app.api_retrain.__doc__,
            **write_group,
        )
        gr.api(h(app.api_promote), api_name="promote", **write_group)
        gr.api(h(app.api_discard), api_name="discard", **write_group)
        gr.api(h(app.api_rollback), api_name="rollback", **write_group)
        gr.api(h(app.api_metrics), api_name="metrics")
        gr.api(h(app.api_versions), api_name="versions")
        gr.api(h(app.api_history), api_name="history")
        gr.api(h(app.api_review_queue), api_name="review_queue")
        gr.api(h(app.api_review_decide), api_name="review_decide", **write_group)
        gr.api(h(app.api_drift), api_name="drift")
        gr.api(h(app.api_hub_pull), api_name="hub_pull", **write_group)

        demo.load(h(app.status_banner), outputs=[banner], api_visibility=PRIVATE)

    demo.queue(default_concurrency_limit=DEFAULT_CONCURRENCY)
    return demo
