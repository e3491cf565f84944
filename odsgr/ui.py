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
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import NamedTuple

import gradio as gr
import pandas as pd

from odsgr import data, drift, evaluate, sessions
from odsgr.access import AccessPolicy
from odsgr.config import Settings
from odsgr.errors import (
    OFFLINE_STATUS,
    AccessDeniedError,
    DataError,
    HubOfflineError,
    OdsgrError,
)
from odsgr.sdg import SDGS
from odsgr.service import STRATEGIES, FileSummary, Service

log = logging.getLogger(__name__)

GENERIC_ERROR = (
    "Ha ocurrido un error inesperado. Inténtelo de nuevo y, si se repite, avise al equipo "
    "técnico (el detalle ha quedado en el registro del servidor)."
)
NOTICE_TITLE = "No se pudo completar · Not done"
DOWNLOADS_DIR = "odsgr-downloads"
PREVIEW_ROWS = 10
RESULT_ROWS_SHOWN = 1_000
HISTORY_PAGE_ROWS = 50
API_HISTORY_MAX_ROWS = 1_000
TEXTS_FOR_ADMINS = (
    "Los textos guardados son de la ciudadanía: solo los ven administradores (o todos si "
    "ODSGR_PUBLIC_HISTORY=1). Escriba la contraseña de administración y pulse «Mostrar los textos»."
)
SEARCH_FOR_ADMINS = "La búsqueda en los textos guardados está reservada a administradores."
PREDICT_CONCURRENCY = 16
DEFAULT_CONCURRENCY = 4
FILE_TYPES = [".csv", ".tsv", ".txt", ".xlsx", ".xls", ".json", ".jsonl", ".parquet"]
PRIVATE = "private"
ALL = "Todos"  # the value of the «Todos» (all) choice of the Datos filters

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

WINDOW_MODES = {"rows": "window_rows", "days": "window_days_mode"}  # mode → TEXTS key
REVIEW_PAGE_ROWS = 25
# Header keys (TEXTS) of the tables; the frames carry ``marker(key)`` as column names.
REVIEW_KEYS = [
    "col_id",
    "col_text",
    "col_predicted",
    "col_probability",
    "col_margin",
    "col_origin",
    "col_date",
    "col_reviewed",
]
BATCH_RESULT_KEYS = ["col_sdg", "col_name", "col_probability", "col_review", "col_text"]
HISTORY_KEYS = ["col_sdg", "col_source", "col_synthetic", "col_added", "col_text"]
VERSION_KEYS = ["col_version", "col_date", "col_rows", "metric_f1_macro", "col_strategy"]
VERSION_KEYS += ["col_status"]
DRIFT_KEYS = ["col_indicator", "col_production", "col_validation"]
DRIFT_INDICATORS = ["low_confidence_share", "oov_share", "psi"]

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
    "admin_password_placeholder": ("Escriba la contraseña", "Type the password"),
    # not "text": Gradio shows any choice equal to a key translated (a column «text» read «Texto»)
    "text_box": ("Texto", "Text"),
    "text_placeholder": (
        "Pegue aquí el texto de una consulta, un diagnóstico o un informe…",
        "Paste the text of a consultation, diagnosis or report here…",
    ),
    "classify": ("Clasificar", "Classify"),
    "examples": ("Ejemplos", "Examples"),
    "result": ("Resultado", "Result"),
    "probabilities": ("Probabilidad de cada ODS", "Probability of each SDG"),
    "explanation": (
        "Palabras del texto: en rojo las que empujan hacia el ODS predicho, en morado las que "
        "empujan en contra (más intenso = más peso)",
        "Words of the text: red ones push toward the predicted SDG, purple ones push against it "
        "(stronger colour = more weight)",
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
    "rollback_force": (
        "Confirmo que quiero volver a ella aunque esté rechazada, descartada o sea de demostración",
        "I confirm I want it back although it is rejected, discarded or a demo",
    ),
    "pending_candidates": (
        "**Candidatas pendientes de decisión**",
        "**Candidates awaiting a decision**",
    ),
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
    "show_texts": ("Mostrar los textos (administración)", "Show the texts (admin)"),
    "store_for_review": (
        "Enviar a revisión si es dudosa",
        "Send to review if doubtful",
    ),
    "store_for_review_info": (
        "Si la confianza es baja, el texto se guarda en la cola de la pestaña «Revisión» para "
        "que un administrador confirme el ODS. Los textos pueden ser sensibles: los datos "
        "personales (nombres, documentos, teléfonos, correos…) se enmascaran antes de guardarlos.",
        "If confidence is low, the text is stored in the «Review» queue so that an "
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
        "the two most likely SDGs); press «Load the queue». Type the right SDG in «Reviewed SDG» "
        "(prefilled with the prediction: keep it to confirm, change it to correct) or **leave it "
        "empty to dismiss** the row. «Confirm labels» decides **every row shown**; confirmed and "
        "corrected rows join the labelled data and feed the next retrain. Admins only: the texts "
        "come from citizens (personal data was masked when stored).",
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
        "«Configuración», al pie de la página; cualquier otro idioma del navegador recibe el "
        "español. Los mensajes sobre el contenido de archivos y datos están en español.",
        "## What it is for\n"
        "It classifies Spanish citizen texts (consultations, territorial diagnoses, community "
        "reports) by the Sustainable Development Goal (SDG) they refer to most, to help the "
        "technical teams tracking the 2030 Agenda sort large volumes of text.\n\n"
        "## Limits and risks\n"
        "- **It can be wrong.** It is a statistical model trained on examples; predictions "
        "flagged «review» have low confidence.\n"
        "- **Never decide on a single prediction.** Use it to sort and prioritise, and have a "
        "person review the texts.\n"
        "- **It only knows the SDGs of its training data.** A text about another SDG still "
        "gets one of the known ones.\n"
        "- **Do not upload personal data** (names, IDs, phone numbers, addresses).\n"
        "- **It drifts if never retrained**: language and topics change; retrain with recent "
        "labelled texts and watch the metrics.\n\n"
        "## Language\n"
        "The interface follows the browser's language (Spanish or English); change it under "
        "“Settings” at the bottom of the page; any other browser language gets Spanish. "
        "Messages about the content of files and data are in Spanish.",
    ),
    # Gradio's own texts: a key its translations lack (screen readers heard "common.complete")
    # and the table drop hint, in usted and without "dataframe".
    "common.complete": ("Completado", "Done"),
    "dataframe.drop_to_upload": (
        "Arrastre aquí un archivo CSV o TSV para cargar sus filas en la tabla",
        "Drop a CSV or TSV file here to load its rows into the table",
    ),
    # ---- what the handlers write (bilingual through say(); {name} fields are filled in)
    "banner_none": (
        "<b>Todavía no hay ningún modelo entrenado.</b> Un administrador puede entrenarlo en la "
        "pestaña «Reentrenar», o ejecute <code>python -m odsgr train --data ARCHIVO</code>.",
        "<b>No model has been trained yet.</b> An admin can train one in the «Retrain» tab, or "
        "run <code>python -m odsgr train --data FILE</code>.",
    ),
    "banner_model": ("Modelo en uso: <b>{version}</b>", "Model in use: <b>{version}</b>"),
    "banner_demo": (
        "<b>DEMO</b> — este modelo se entrenó con textos inventados de demostración (solo ODS 1, "
        "3 y 4). No lo use para decisiones reales: reentrénelo con sus datos.",
        "<b>DEMO</b> — this model was trained on invented demo texts (SDG 1, 3 and 4 only). Do "
        "not use it for real decisions: retrain it with your data.",
    ),
    "badge_review": (
        "REVISAR: confianza baja; confirme el ODS con una persona.",
        "REVIEW: low confidence; have a person confirm the SDG.",
    ),
    "classify_warning": ("**Aviso:** {warning}", "**Warning:** {warning}"),
    "classify_queued": (
        "**Enviado a revisión:** un administrador confirmará el ODS en la pestaña «Revisión» "
        "(datos personales enmascarados).",
        "**Sent to review:** an admin will confirm the SDG in the «Review» tab (personal data "
        "masked).",
    ),
    "rows_one": ("{n} fila", "{n} row"),
    "rows_other": ("{n} filas", "{n} rows"),
    "texts_one": ("{n} texto", "{n} text"),
    "texts_other": ("{n} textos", "{n} texts"),
    "predictions_one": ("{n} predicción", "{n} prediction"),
    "predictions_other": ("{n} predicciones", "{n} predictions"),
    "upload_detected": (
        "{rows} · columna de texto detectada: **{column}**. Pulse «Clasificar el archivo».",
        "{rows} · text column detected: **{column}**. Press «Classify the file».",
    ),
    "upload_choose_column": (
        "{rows} · no se ha detectado la columna de texto: elíjala en «Columna de texto» y pulse "
        "«Clasificar el archivo».",
        "{rows} · no text column was detected: choose it in «Text column» and press «Classify "
        "the file».",
    ),
    "upload_unusable": (
        "**No se puede usar el archivo.** {error}",
        "**The file cannot be used.** {error}",
    ),
    "batch_failed": (
        "**No se pudo clasificar el archivo.** {error}",
        "**The file could not be classified.** {error}",
    ),
    "batch_done": (
        "Clasificadas **{classified}** de {rows}; **{review}** marcadas «revisar» (probabilidad "
        "< {threshold}).",
        "Classified **{classified}** of {rows}; **{review}** flagged «review» (probability < "
        "{threshold}).",
    ),
    "batch_queued": (
        "**{n}** enviadas a la cola de «Revisión» (datos personales enmascarados).",
        "**{n}** sent to the «Review» queue (personal data masked).",
    ),
    "batch_truncated": (
        "Se muestran las primeras {n}; descargue el archivo completo.",
        "The first {n} are shown; download the whole file.",
    ),
    "label_column": ("Columna de ODS", "SDG column"),
    "columns_info": (
        "Elegida automáticamente si se reconoce; cámbiela si no es la correcta.",
        "Chosen automatically when recognised; change it if it is not the right one.",
    ),
    "validate_needs_data": (
        "Suba un archivo o escriba filas en la tabla para revisarlas.",
        "Upload a file or type rows in the table to check them.",
    ),
    "validate_unusable": (
        "**Los datos no se pueden usar.** {error}",
        "**The data cannot be used.** {error}",
    ),
    "validate_next": (
        "Revise el informe y, si es correcto, entrene la versión candidata.",
        "Check the report and, if it is right, train the candidate version.",
    ),
    "gate_accepted": (
        "**Decisión del control de calidad: ACEPTADA.**",
        "**Quality gate decision: ACCEPTED.**",
    ),
    "gate_rejected": (
        "**Decisión del control de calidad: RECHAZADA.**",
        "**Quality gate decision: REJECTED.**",
    ),
    "candidate_title": (
        "### Versión candidata {candidate} (frente a {parent})",
        "### Candidate version {candidate} (against {parent})",
    ),
    "candidate_rows": (
        "Filas de entrenamiento: {train_rows} · estrategia: {strategy}.",
        "Training rows: {train_rows} · strategy: {strategy}.",
    ),
    "intake": (
        "Filas leídas: **{rows_read}** · textos nuevos: **{new_texts}** · ya guardados: "
        "{already_stored} · reetiquetados: {relabelled} · conflictos: {conflicts} · descartadas "
        "(vacías o repetidas): {dropped} · en validación: {validation}",
        "Rows read: **{rows_read}** · new texts: **{new_texts}** · already stored: "
        "{already_stored} · relabelled: {relabelled} · conflicts: {conflicts} · dropped "
        "(empty or repeated): {dropped} · in validation: {validation}",
    ),
    "relabels_title": ("Reetiquetados:", "Relabelled:"),
    "relabel_line": (
        "«{text}»: ODS {previous} → ODS {label}",
        "«{text}»: SDG {previous} → SDG {label}",
    ),
    "validation_size": (
        "Versión en uso: **{version}** · las cifras se basan en **{total}** textos del conjunto "
        "de validación fijo (nunca usados para entrenar).",
        "Version in use: **{version}** · the figures rest on **{total}** texts of the fixed "
        "validation set (never used for training).",
    ),
    "validation_unreliable": ("⚠️ **Cifras poco fiables:**", "⚠️ **Unreliable figures:**"),
    "validation_few_total": ("Menos de {n} textos en total.", "Fewer than {n} texts in all."),
    "validation_few_class": (
        "Menos de {n} textos en ODS {sdgs}.",
        "Fewer than {n} texts in SDG {sdgs}.",
    ),
    "texts_for_admins": (
        "Los textos guardados son de la ciudadanía: solo los ven administradores (o todos si "
        "ODSGR_PUBLIC_HISTORY=1). Escriba la contraseña de administración y pulse «Mostrar los "
        "textos».",
        "Stored texts come from citizens: only admins see them (everyone if "
        "ODSGR_PUBLIC_HISTORY=1). Type the admin password and press «Show the texts».",
    ),
    "texts_for_admins_cell": ("(solo administradores)", "(admins only)"),
    "search_for_admins": (
        SEARCH_FOR_ADMINS,
        "Searching the stored texts is reserved to admins.",
    ),
    "status_rejected_confirm": ("rechazada (requiere confirmar)", "rejected (needs confirming)"),
    "status_discarded_confirm": (
        "descartada (requiere confirmar)",
        "discarded (needs confirming)",
    ),
    "status_demo_confirm": ("demostración (requiere confirmar)", "demo (needs confirming)"),
    "pending_none": (
        "No hay candidatas pendientes de decisión.",
        "No candidates awaiting a decision.",
    ),
    "pending_line": (
        "({status}, F1 {f1}, {rows}; se descarta sola en {hours} h)",
        "({status}, F1 {f1}, {rows}; discarded automatically in {hours} h)",
    ),
    "new_rows_one": ("{n} fila nueva", "{n} new row"),
    "new_rows_other": ("{n} filas nuevas", "{n} new rows"),
    "pending_how": (
        "Para promover o descartar una, elíjala en «Candidata pendiente», junto a «Versión "
        "candidata».",
        "To promote or discard one, choose it in «Pending candidate», beside «Candidate version».",
    ),
    "pending_choice": ("Candidata pendiente", "Pending candidate"),
    "pending_choice_info": (
        "La elegida pasa a «Versión candidata»: promuévala o descártela.",
        "The chosen one goes to «Candidate version»: promote or discard it.",
    ),
    "no_candidate_to_promote": (
        "No hay ninguna versión candidata: entrene una o elija una candidata pendiente.",
        "There is no candidate version: train one or choose a pending candidate.",
    ),
    "no_candidate_to_discard": (
        "No hay ninguna versión candidata que descartar.",
        "There is no candidate version to discard.",
    ),
    "choose_rollback": (
        "Elija la versión a la que quiere volver.",
        "Choose the version you want back.",
    ),
    "review_nothing": (
        "No hay filas que decidir: cargue primero la cola de revisión.",
        "There are no rows to decide: load the review queue first.",
    ),
    "augment_seed_whole": (
        "La semilla del aumento debe ser un número entero.",
        "The augmentation seed must be a whole number.",
    ),
    "calibration_missing": (
        "Esta versión no guardó su calibración (se entrenó antes de medirla).",
        "This version did not store its calibration (it was trained before it was measured).",
    ),
    "calibration_summary": (
        "Error de calibración esperado (ECE): <b>{ece}</b>. Umbral «revisar» elegido en la "
        "curva: probabilidad &lt; <b>{threshold}</b>, que marca el {flagged} % de la validación "
        "(máximo {budget} %) y detecta el {caught} % de sus errores; revisando el {at_flagged} % "
        "se detectaría el {at_caught} %.",
        "Expected calibration error (ECE): <b>{ece}</b>. «Review» threshold chosen on the curve: "
        "probability &lt; <b>{threshold}</b>, which flags {flagged} % of the validation set "
        "(at most {budget} %) and catches {caught} % of its errors; reviewing {at_flagged} % "
        "would catch {at_caught} %.",
    ),
    "reliability_caption": ("Diagrama de fiabilidad", "Reliability diagram"),
    "risk_coverage_caption": (
        "Riesgo–cobertura del indicador «revisar»",
        "Risk–coverage of the «review» flag",
    ),
    "axis_shown_probability": ("probabilidad mostrada", "probability shown"),
    "axis_real_accuracy": ("acierto real", "actual accuracy"),
    "axis_flagged_texts": ("textos marcados", "texts flagged"),
    "axis_errors_caught": ("errores detectados", "errors caught"),
    "augmentation_title": ("### Equilibrio con LLM", "### LLM balancing"),
    "augmentation_summary": (
        "Método: `{method}` · textos sintéticos añadidos: **{synthetic}** · generados: "
        "{generated} · aceptados: **{accepted}** · rechazados: **{rejected}** ({reasons}) · "
        "peticiones: {made} (desde caché: {cached}, fallidas: {failed}).",
        "Method: `{method}` · synthetic texts added: **{synthetic}** · generated: {generated} · "
        "accepted: **{accepted}** · rejected: **{rejected}** ({reasons}) · requests: {made} "
        "(from cache: {cached}, failed: {failed}).",
    ),
    "none_word": ("ninguno", "none"),
    "hub_repo": (
        "Repositorio de modelos en el Hub: {repo}.",
        "Model repository on the Hub: {repo}.",
    ),
    "hub_queued": ("Publicaciones en cola: {versions}.", "Queued uploads: {versions}."),
    "generic_error": (
        GENERIC_ERROR,
        "An unexpected error occurred. Try again and, if it happens again, tell the technical "
        "team (the details are in the server log).",
    ),
    "calibration_title": (
        "Calibración y umbral «revisar»",
        "Calibration and the «review» threshold",
    ),
    "col_share_before": ("% antes", "% before"),
    "gate_no_current": (
        "No hay versión actual con la que comparar.",
        "There is no current version to compare with.",
    ),
    "gate_f1_drop": (
        "El F1 macro baja {drop} (tolerancia {tolerance}).",
        "Macro F1 drops {drop} (tolerance {tolerance}).",
    ),
    "gate_recall_drop": (
        "La exhaustividad (recall) del ODS {label} baja {drop} (tolerancia {tolerance}).",
        "The recall of SDG {label} drops {drop} (tolerance {tolerance}).",
    ),
    "col_share_after": ("% después", "% after"),
    "out_of_scope_badge": (
        "Fuera de los ODS del modelo ({known})",
        "Outside the model's SDGs ({known})",
    ),
    "out_of_scope_review": (
        "REVISAR: parece tratar de otro ODS; el más cercano es el ODS {number} · {name}.",
        "REVIEW: it seems to be about another SDG; the closest is SDG {number} · {name}.",
    ),
    "candidate_next": (
        "La candidata **no se usa** hasta que la promueva; puede descartarla.",
        "The candidate is **not used** until you promote it; you may discard it.",
    ),
    "promoted": (
        "La versión **{version}** es ahora la versión en uso.",
        "Version **{version}** is now the version in use.",
    ),
    "discarded": (
        "La versión **{version}** se ha descartado (queda guardada para auditoría).",
        "Version **{version}** was discarded (it stays stored for auditing).",
    ),
    "rolled_back": (
        "La versión **{version}** vuelve a ser la versión en uso.",
        "Version **{version}** is the version in use again.",
    ),
    "strategy_batch": (
        "Completo: todo el historial + datos nuevos (batch)",
        "Full: whole history + new data (batch)",
    ),
    "strategy_incremental": (
        "Incremental: actualizar el modelo actual solo con las filas nuevas",
        "Incremental: update the current model with the new rows only",
    ),
    "strategy_window": (
        "Ventana: solo los datos más recientes (window)",
        "Window: only the most recent data",
    ),
    "strategy_help_batch": (
        "Reentrena desde cero con todos los textos etiquetados guardados más los nuevos. Es la "
        "opción más segura; tarda más cuanto mayor es el historial.",
        "Retrains from scratch on every stored labelled text plus the new ones. The safest "
        "choice; it takes longer as the history grows.",
    ),
    "strategy_help_incremental": (
        "Actualiza el modelo incremental actual solo con las filas que aún no ha aprendido, sin "
        "empezar de cero: rápido para lotes pequeños y frecuentes. La primera vez construye el "
        "modelo incremental con todo el historial; un ODS nunca visto obliga a reentrenar desde "
        "cero.",
        "Updates the current incremental model with only the rows it has not learnt yet, "
        "without starting over: fast for small, frequent batches. The first time it builds the "
        "incremental model from the whole history; an SDG never seen forces a full retrain.",
    ),
    "strategy_help_window": (
        "Reentrena solo con los datos más recientes (las últimas N filas o los últimos D días): "
        "útil cuando el lenguaje o los temas han cambiado y lo antiguo ya no representa la "
        "realidad.",
        "Retrains on the most recent data only (the last N rows or the last D days): useful "
        "when language or topics have changed and old data no longer reflects reality.",
    ),
    "window_rows": ("Últimas N filas", "Last N rows"),
    "window_days_mode": ("Últimos D días", "Last D days"),
    "metrics_none": (
        "Todavía no hay ningún modelo entrenado.",
        "No model has been trained yet.",
    ),
    "metrics_status": (
        "Versión en uso: **{version}** · medido sobre {texts} del conjunto de validación fijo "
        "(nunca usados para entrenar).",
        "Version in use: **{version}** · measured on {texts} of the fixed validation set "
        "(never used for training).",
    ),
    "review_none": (
        "No hay predicciones pendientes de revisión.",
        "No predictions waiting for review.",
    ),
    "review_pending": ("**{pending}**; {shown}.", "**{pending}**; {shown}."),
    "pending_one": ("{n} predicción pendiente", "{n} prediction waiting"),
    "pending_other": ("{n} predicciones pendientes", "{n} predictions waiting"),
    "shown_one": ("se muestra la más incierta", "the most uncertain one is shown"),
    "shown_other": ("se muestran las {n} más inciertas", "the {n} most uncertain are shown"),
    "review_done": (
        "Confirmadas **{confirmed}** · corregidas **{corrected}** · descartadas **{dismissed}**. "
        "{rows} añadidas a los datos etiquetados; se usarán en el próximo reentrenamiento.",
        "Confirmed **{confirmed}** · corrected **{corrected}** · dismissed **{dismissed}**. "
        "{rows} added to the labelled data; they will be used in the next retrain.",
    ),
    "page_info": ("{texts} · página {page} de {pages}", "{texts} · page {page} of {pages}"),
    "drift_retrain": (
        "<b>Se recomienda reentrenar.</b> Los textos que llegan ya no se parecen a los de "
        "validación:",
        "<b>Retraining is recommended.</b> Incoming texts no longer look like the validation "
        "texts:",
    ),
    "drift_retrain_next": (
        "Revise textos recientes en la pestaña «Revisión» y reentrene en «Reentrenar».",
        "Review recent texts in the «Review» tab and retrain in «Retrain».",
    ),
    "drift_empty": (
        "Todavía no hay predicciones registradas para esta versión.",
        "No predictions recorded for this version yet.",
    ),
    "drift_ok": (
        "Sin señales de deriva frente al conjunto de validación.",
        "No sign of drift against the validation set.",
    ),
    "drift_predictions": ("Predicciones registradas", "Recorded predictions"),
    "drift_low_confidence": ("Predicciones de baja confianza", "Low-confidence predictions"),
    "drift_oov": ("Palabras desconocidas (OOV)", "Unknown words (OOV)"),
    "drift_psi": ("PSI del reparto de ODS (> 0,2 = cambio)", "PSI of the SDG mix (> 0.2 = shift)"),
    "drift_insufficient": (
        f"insuficiente (< {drift.MIN_PREDICTIONS} predicciones)",
        f"insufficient (< {drift.MIN_PREDICTIONS} predictions)",
    ),
    "drift_few": (
        "Solo {predictions}: aún son pocas para juzgar la deriva.",
        "Only {predictions}: still too few to judge drift.",
    ),
    "drift_no_baseline": (
        "La versión {version} no tiene línea base de validación.",
        "Version {version} has no validation baseline.",
    ),
    "drift_psi_shift": (
        "El reparto de ODS predichos ha cambiado (PSI {psi} > {limit}).",
        "The mix of predicted SDGs has changed (PSI {psi} > {limit}).",
    ),
    "drift_low_confidence_up": (
        "Las predicciones de baja confianza se han duplicado: {now} frente a {base} en validación.",
        "Low-confidence predictions have doubled: {now} against {base} on validation.",
    ),
    "drift_oov_up": (
        "Las palabras desconocidas para el modelo se han duplicado: {now} frente a {base} en "
        "validación.",
        "Words unknown to the model have doubled: {now} against {base} on validation.",
    ),
    "indicator_low_confidence_share": ("baja confianza", "low confidence"),
    "indicator_oov_share": ("palabras desconocidas", "unknown words"),
    "indicator_psi": ("PSI (reparto de ODS)", "PSI (SDG mix)"),
    "about_none": (
        "**Modelo:** ninguno todavía (entrénelo en la pestaña «Reentrenar»).",
        "**Model:** none yet (train one in the «Retrain» tab).",
    ),
    "about_model": (
        "## Modelo en uso\n"
        "- Versión: **{version}** (creada {created})\n"
        "- Huella de los datos de entrenamiento (SHA-256): `{sha}`\n"
        "- Textos de entrenamiento: {rows} · ODS que conoce: {labels}\n"
        "- Umbral «revisar»: probabilidad < {threshold}",
        "## Model in use\n"
        "- Version: **{version}** (created {created})\n"
        "- Fingerprint of the training data (SHA-256): `{sha}`\n"
        "- Training texts: {rows} · SDGs it knows: {labels}\n"
        "- «Review» threshold: probability < {threshold}",
    ),
    "about_demo": (
        "<b>DEMO</b> — modelo entrenado con datos inventados de demostración; no lo use para "
        "decisiones reales.",
        "<b>DEMO</b> — model trained on invented demo data; do not use it for real decisions.",
    ),
    # ---- table headers, chart axes and cell values (translated in the browser)
    "all": ("Todos", "All"),
    "yes": ("sí", "yes"),
    "no": ("no", "no"),
    "real": ("real", "real"),
    "synthetic": ("sintético", "synthetic"),
    "col_sdg": ("ODS", "SDG"),
    "col_name": ("nombre", "name"),
    "col_probability": ("probabilidad", "probability"),
    "col_review": ("revisar", "review"),
    "col_text": ("texto", "text"),
    "col_term": ("término", "term"),
    "col_weight": ("peso", "weight"),
    "col_texts": ("textos", "texts"),
    "col_kind": ("tipo", "kind"),
    "col_metric": ("Métrica", "Metric"),
    "col_value": ("Valor", "Value"),
    "col_before": ("Antes", "Before"),
    "col_after": ("Después", "After"),
    "col_precision": ("Precisión", "Precision"),
    "col_recall": ("Exhaustividad (recall)", "Recall"),
    "col_support": ("Textos", "Support"),
    "col_version": ("versión", "version"),
    "col_date": ("fecha", "date"),
    "col_rows": ("filas", "rows"),
    "col_strategy": ("estrategia", "strategy"),
    "col_status": ("estado", "status"),
    "col_indicator": ("Indicador", "Indicator"),
    "col_production": ("Producción", "Production"),
    "col_validation": ("Validación", "Validation"),
    "col_predicted": ("ODS predicho", "Predicted SDG"),
    "col_margin": ("margen", "margin"),
    "col_origin": ("origen", "origin"),
    "col_reviewed": ("ODS revisado", "Reviewed SDG"),
    "col_id": ("id", "id"),
    "access_disabled": (
        "",  # Spanish: AccessPolicy.describe()
        "Admin actions (retrain, promote, discard, roll back) are disabled. To enable them, set "
        "the environment variable ODSGR_ADMIN_PASSWORD before starting the app or, on a Hugging "
        "Face Space, ODSGR_ADMIN_USERS (comma-separated users) or ODSGR_ADMIN_ORG "
        "(organisation).",
    ),
    "access_oauth": ("", "sign in with Hugging Face (authorised account)"),
    "access_password": ("", "type the admin password"),
    "access_how": ("", "To retrain or change version, {ways}."),
    "hub_local": (
        "Hub de Hugging Face no configurado: se usa la copia local.",
        "Hugging Face Hub not configured: the local copy is used.",
    ),
    "cm_corner": ("real \\ predicho", "true \\ predicted"),
    "col_source": ("origen", "source"),
    "col_synthetic": ("sintético", "synthetic"),
    "col_added": ("añadido", "added"),
    "col_value_axis": ("valor", "value"),
    "origin_classify": ("Clasificar", "Classify"),
    "origin_batch": ("Lote", "Batch"),
    "origin_api": ("API", "API"),
    "origin_review": ("Revisión", "Review"),
    "metric_precision_macro": ("Precisión macro", "Macro precision"),
    "metric_recall_macro": ("Exhaustividad macro", "Macro recall"),
    "metric_f1_macro": ("F1 macro", "Macro F1"),
    "metric_accuracy": ("Exactitud", "Accuracy"),
    "status_current": ("en uso", "in use"),
    "status_candidate": ("candidata", "candidate"),
    "status_discarded": ("descartada", "discarded"),
    "status_previous": ("usada antes", "previously in use"),
    "status_rejected": ("rechazada", "rejected"),
    "status_demo": ("demostración", "demo"),
    **{
        f"sdg_{goal.number:02d}": (goal.title(), f"SDG {goal.number} · {goal.name_en}")
        for goal in SDGS.values()
    },
    **{f"sdgn_{n:02d}": (f"ODS {n}", f"SDG {n}") for n in SDGS},
}

I18N = gr.I18n(
    es={key: pair[0] for key, pair in TEXTS.items()},
    en={key: pair[1] for key, pair in TEXTS.items()},
)
t = I18N


def marker(key: str) -> str:
    """``"⟪key⟫"``: a translation key that :data:`HEAD` turns into the page's language.

    For table headers, cell values and chart categories: Gradio translates labels and choices
    (``t(key)``) but leaves the data of tables and charts as it is. Short, so charts lay it out.
    """
    return f"⟪{key}⟫"


class Both(NamedTuple):
    """A text in Spanish and in English, to fill a field of :func:`say`."""

    es: str
    en: str


def _fill(key: str, values: Mapping[str, object]) -> tuple[str, str]:
    """``TEXTS[key]`` in both languages, each filled with the values of its own language."""
    spanish, english = TEXTS[key]
    return (
        spanish.format(**{k: v.es if isinstance(v, Both) else v for k, v in values.items()}),
        english.format(**{k: v.en if isinstance(v, Both) else v for k, v in values.items()}),
    )


def say(key: str, **values: object) -> str:
    """``TEXTS[key]`` filled with ``values`` in both languages; the page shows the browser's one.

    Inline HTML: use it inside a line of Markdown or HTML.
    """
    spanish, english = _fill(key, values)
    return f'<span class="odsgr-es">{spanish}</span><span class="odsgr-en">{english}</span>'


def say_block(key: str, **values: object) -> str:
    """Like :func:`say` for Markdown blocks (headings, lists, paragraphs)."""
    spanish, english = _fill(key, values)
    return (
        f'<div class="odsgr-es">\n\n{spanish}\n\n</div>\n'
        f'<div class="odsgr-en">\n\n{english}\n\n</div>'
    )


def say_count(key: str, n: int) -> Both:
    """``"1 fila"`` / ``"7 filas"`` (and English) from ``{key}_one`` and ``{key}_other``."""
    spanish, english = TEXTS[f"{key}_one" if n == 1 else f"{key}_other"]
    return Both(spanish.format(n=f"{n:,}".replace(",", ".")), english.format(n=f"{n:,}"))


# Tab labels are markers too: Gradio re-translates only the open tab when the language changes.
# Run in the page (``launch(head=...)``): (1) every browser language other than English gets the
# Spanish interface (Gradio would fall back to English); (2) table headers and cells holding a
# translation key, which Gradio leaves as they are, are translated and re-translated when the
# language is changed under Settings.
HEAD = """<script>
(() => {
  const texts = %s;
  const marker = /__i18n__(\\{[^}]*\\})|⟪([A-Za-z0-9_.]+)⟫/g;
  const original = new WeakMap();
  const english = () => (document.documentElement.lang || "").toLowerCase().startsWith("en");
  const render = (raw) => raw.replace(marker, (whole, json, key) => {
    const entry = texts[key || JSON.parse(json).key];
    return entry ? entry[english() ? 1 : 0] : whole;
  });
  const translateAttributes = (element) => {
    for (const name of ["title", "aria-label"]) {
      const raw = element.getAttribute(name);
      if (raw && /__i18n__|⟪/.test(raw)) element.setAttribute(name, render(raw));
    }
  };
  const translate = (root) => {
    if (!root) return;
    if (root.nodeType === Node.TEXT_NODE) root = root.parentNode;
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    translateAttributes(root);
    root.querySelectorAll("[title], [aria-label]").forEach(translateAttributes);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (/__i18n__|⟪/.test(node.nodeValue)) {
        const raw = node.nodeValue;
        const shown = render(raw);
        if (shown !== raw) node.nodeValue = shown;  // unchanged: setting it again would loop
        original.set(node, {raw, shown});
      }
    }
  };
  const retranslate = () => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const seen = original.get(node);
      if (seen && node.nodeValue === seen.shown) {
        const shown = render(seen.raw);
        if (shown !== seen.shown) node.nodeValue = shown;
        seen.shown = shown;
      }
    }
  };
  const preferSpanish = async () => {
    const lang = (document.documentElement.lang || "").toLowerCase();
    if (!lang || lang.startsWith("en") || lang.startsWith("es")) return;
    const core = performance.getEntriesByType("resource").map((e) => e.name)
      .find((name) => /\\/assets\\/core-[^/]*\\.js$/.test(name));
    if (core) (await import(core)).changeLocale?.("es");
  };
  const start = () => {
    new MutationObserver((changes) => {
      for (const change of changes) {
        if (change.type === "characterData") translate(change.target);
        else if (change.type === "attributes") translateAttributes(change.target);
        else change.addedNodes.forEach(translate);
      }
    }).observe(document.body, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
      attributeFilter: ["title", "aria-label"],
    });
    new MutationObserver(() => { retranslate(); preferSpanish(); })
      .observe(document.documentElement, {attributes: true, attributeFilter: ["lang"]});
    translate(document.body);
    preferSpanish();
  };
  document.body ? start() : document.addEventListener("DOMContentLoaded", start);
})();
</script>"""

CSS = """
.odsgr-badge {display:inline-flex; align-items:center; gap:.6rem; padding:.6rem 1rem;
  border-radius:.5rem; color:#fff; font-size:1.15rem; font-weight:600}
.odsgr-badge .odsgr-number {font-size:1.8rem; font-weight:800}
.odsgr-out-of-scope {background:#6c757d}
.odsgr-review {display:inline-block; margin-left:.6rem; padding:.3rem .7rem; border-radius:.4rem;
  background:#fff3cd; color:#664d03; border:1px solid #ffe69c; font-weight:600}
.odsgr-demo {padding:.6rem 1rem; border-radius:.5rem; background:#fff3cd; color:#664d03;
  border:1px solid #ffe69c}
.odsgr-cm {border-collapse:collapse; font-size:.9rem}
.odsgr-cm th, .odsgr-cm td {border:1px solid #ccc; padding:.3rem .5rem; text-align:center}
html[lang^="en"] .odsgr-es, html:not([lang^="en"]) .odsgr-en {display:none}
#admin-password:has(input:not(:placeholder-shown)) .info-text {display:none}
"""


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


# ------------------------------------------------------------------------------ helpers


def user_errors(fn: Callable) -> Callable:
    """Wrap a handler: OdsgrError → its Spanish message, anything else → a generic message.

    API endpoints raise ``gr.Error`` (the client receives the message). Screen handlers (named
    ``ui_*``) show the message once, as one notice, and leave their outputs as they were:
    ``gr.Error`` would also put a red "Error" badge on every output, kept after the next success.
    """
    screen = fn.__name__.startswith("ui_")

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except gr.Error:
            raise
        except OdsgrError as error:
            message = str(error)
        except Exception:
            log.exception("Unexpected error in %s", fn.__name__)
            message = say("generic_error") if screen else GENERIC_ERROR
        if not screen:
            raise gr.Error(message, print_exception=False) from None
        gr.Warning(message, title=NOTICE_TITLE)
        return gr.skip()

    # gr.api reads the return type from the signature: give it real types, not strings.
    wrapper.__signature__ = inspect.signature(fn, eval_str=True)
    return wrapper


def sdg_title(label: int | str) -> str:
    """``"ODS 3 · Salud y bienestar"``; an unknown number is shown as it is."""
    try:
        return SDGS[int(label)].title()
    except (KeyError, TypeError, ValueError):
        return f"ODS {label}"


def sdg_label(number: int | str) -> str:
    """The SDG's title as a translation key (``"SDG 3 · Good health…"`` in English)."""
    try:
        return marker(f"sdg_{SDGS[int(number)].number:02d}")
    except (KeyError, TypeError, ValueError):
        return f"ODS {number}"


def labelled_columns(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """``frame`` with its columns renamed to the translation keys ``keys`` (same order)."""
    return frame.set_axis([marker(key) for key in keys], axis=1)


def percent(value: object) -> str:
    """A probability as ``"86 %"``, as in «Clasificar»; empty when missing."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return ""
    return "" if math.isnan(number) else f"{100 * number:.0f} %"


def _progress_callback(progress: gr.Progress) -> Callable[[float, str], None]:
    def update(fraction: float, message: str) -> None:
        progress(fraction, desc=message)

    return update


def _download_dir(ttl_minutes: float) -> Path:
    """A fresh folder for result files; result folders older than ``ttl_minutes`` go first."""
    root = Path(tempfile.gettempdir()) / DOWNLOADS_DIR
    purge_expired(root, ttl_minutes * 60)
    folder = root / uuid.uuid4().hex
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def purge_expired(root: Path, max_age_s: float) -> int:
    """Delete the entries of ``root`` last modified more than ``max_age_s`` ago; how many."""
    if not root.is_dir():
        return 0
    cutoff = time.time() - max_age_s
    removed = 0
    for entry in root.iterdir():
        try:
            if entry.stat().st_mtime >= cutoff:
                continue
        except FileNotFoundError:  # removed by another request meanwhile
            continue
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
        removed += 1
    if removed:
        log.info("Deleted %d result folders older than %.0f min", removed, max_age_s / 60)
    return removed


def _file_path(file: object) -> str | None:
    if file is None or file == "":
        return None
    if isinstance(file, Mapping):
        return file.get("path")
    return str(getattr(file, "name", file))


def _json_records(frame: pd.DataFrame) -> list[dict]:
    return json.loads(frame.to_json(orient="records", force_ascii=False, date_format="iso"))


def badge_html(result: Mapping) -> str:
    """The predicted SDG as a coloured badge (grey when the text seems to be about another SDG),
    plus the «revisar» flag when the prediction needs review."""
    goal = SDGS[int(result["label"])]
    if not result.get("in_scope", True):
        known = ", ".join(str(label) for label in sorted(int(k) for k in result["probabilities"]))
        return (
            '<div><div class="odsgr-badge odsgr-out-of-scope"><span>'
            + say("out_of_scope_badge", known=known)
            + '</span></div><span class="odsgr-review">'
            + say(
                "out_of_scope_review",
                number=goal.number,
                name=Both(html.escape(goal.name_es), html.escape(goal.name_en)),
            )
            + "</span></div>"
        )
    name = (
        f'<span class="odsgr-es">ODS {goal.number} · {html.escape(goal.name_es)}</span>'
        f'<span class="odsgr-en">SDG {goal.number} · {html.escape(goal.name_en)}</span>'
    )
    badge = (
        f'<div class="odsgr-badge" style="background:{goal.colour}">'
        f'<span class="odsgr-number">{goal.number}</span>{name}'
        f'<span style="white-space:nowrap">{percent(result["probability"])}</span></div>'
    )
    if result["needs_review"]:
        badge += f'<span class="odsgr-review">{say("badge_review")}</span>'
    return f'<div>{badge}<p class="odsgr-es">{html.escape(goal.description_es)}</p></div>'


def highlights_for_widget(highlights: list) -> list[tuple[str, float | None]]:
    """Scale the explanation weights to [-1, 1], as ``gr.HighlightedText`` expects."""
    weights = [abs(w) for _, w in highlights if w is not None]
    top = max(weights, default=0.0) or 1.0
    return [(fragment, None if w is None else round(w / top, 3)) for fragment, w in highlights]


MIN_VALIDATION_TEXTS = 100
MIN_VALIDATION_PER_CLASS = 10


def intake_markdown(result: Mapping) -> str:
    """What the rows read became: new, already stored, relabelled, conflicts, dropped."""
    line = say(
        "intake",
        rows_read=result["rows_read"],
        new_texts=result["new_texts"],
        already_stored=result["already_stored"],
        relabelled=result["relabelled"],
        conflicts=result["conflicts"],
        dropped=result["dropped"],
        validation=result["in_validation"] + result["to_validation"],
    )
    relabels = [
        "- "
        + say(
            "relabel_line",
            text=html.escape(r["text"][:80]),
            previous=r["previous_label"],
            label=r["label"],
        )
        for r in result.get("relabels", [])[:10]
    ]
    if not relabels:
        return line
    return line + "\n\n" + say("relabels_title") + "\n" + "\n".join(relabels)


def validation_size_markdown(metrics: Mapping) -> str:
    """How many validation texts the figures rest on, with a warning when they are too few."""
    support = {str(k): int(v["support"]) for k, v in metrics.get("per_class", {}).items()}
    total = int(metrics.get("n", 0))
    line = say("validation_size", version=html.escape(str(metrics["version"])), total=total)
    few = sorted((k for k, v in support.items() if 0 < v < MIN_VALIDATION_PER_CLASS), key=int)
    if total < MIN_VALIDATION_TEXTS or few:
        detail = []
        if total < MIN_VALIDATION_TEXTS:
            detail.append(say("validation_few_total", n=MIN_VALIDATION_TEXTS))
        if few:
            detail.append(
                say("validation_few_class", n=MIN_VALIDATION_PER_CLASS, sdgs=", ".join(few))
            )
        line += "\n\n" + say("validation_unreliable") + " " + " ".join(detail)
    return line


def rollback_choices(versions: pd.DataFrame) -> list[tuple[str, str]]:
    """Dropdown choices: versions that may become current first, the rest marked."""
    eligible, others = [], []
    for version, status in zip(versions["version"], versions["status"]):
        if status in ("current", "previous", "candidate"):
            eligible.append((f"{version} · " + _status_name(status), version))
        else:
            others.append((f"{version} · " + _status_name(status, confirm=True), version))
    return eligible[::-1] + others[::-1]


def _status_name(status: str, confirm: bool = False) -> str:
    """A version status for a dropdown choice (translated by Gradio; one key per label)."""
    key = f"status_{status}_confirm" if confirm else f"status_{status}"
    return str(t(key)) if key in TEXTS else str(status)


def confusion_html(metrics: Mapping) -> str:
    """The confusion matrix as an HTML heat-map table (rows = true SDG)."""
    labels, matrix = metrics["labels"], metrics["confusion_matrix"]
    biggest = max((max(row) for row in matrix), default=0) or 1
    names = {
        label: f'<span class="odsgr-es">ODS {label}</span><span class="odsgr-en">SDG {label}</span>'
        for label in labels
    }
    head = "".join(f"<th>{names[label]}</th>" for label in labels)
    rows = []
    for label, row in zip(labels, matrix):
        cells = []
        for count in row:
            alpha = count / biggest
            colour = "#fff" if alpha > 0.55 else "inherit"
            cells.append(
                f'<td style="background:rgba(0,104,157,{alpha:.2f});color:{colour}">{count}</td>'
            )
        rows.append(f"<tr><th>{names[label]}</th>{''.join(cells)}</tr>")
    corner = say("cm_corner")
    return f'<table class="odsgr-cm"><tr><th>{corner}</th>{head}</tr>{"".join(rows)}</table>'


def distribution_frame(counts: Mapping[int, int]) -> pd.DataFrame:
    """Texts per SDG (``{sdg: count}``), ready for ``gr.BarPlot`` (columns ``ODS``, ``textos``)."""
    ordered = sorted(counts.items())
    return pd.DataFrame(
        {"ODS": [sdg_short(k) for k, _ in ordered], "textos": [n for _, n in ordered]}
    )


def sdg_short(number: int | str) -> str:
    """``"ODS 3"`` / ``"SDG 3"`` for chart axes (a chart lays out the key's width, not the
    translation's: keys of long titles overlap once translated)."""
    return marker(f"sdgn_{int(number):02d}")


def _svg_text(key: str, attributes: str) -> str:
    """``TEXTS[key]`` as two SVG ``<text>`` elements, one per language (CSS shows one)."""
    spanish, english = (html.escape(text) for text in TEXTS[key])
    return (
        f'<text class="odsgr-es" {attributes}>{spanish}</text>'
        f'<text class="odsgr-en" {attributes}>{english}</text>'
    )


def _svg_curve(points: list[tuple[float, float]], x_label: str, y_label: str) -> str:
    """A 230×230 SVG line chart of ``points`` in [0, 1]², with the diagonal as a guide; the axis
    labels are TEXTS keys."""
    coords = [(30 + 180 * x, 190 - 180 * y) for x, y in points]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    dots = "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5"/>' for x, y in coords)
    return (
        '<svg width="230" height="230" viewBox="0 0 230 230" fill="#00689D" font-size="10">'
        '<rect x="30" y="10" width="180" height="180" fill="none" stroke="#999"/>'
        '<line x1="30" y1="190" x2="210" y2="10" stroke="#bbb" stroke-dasharray="4"/>'
        f'<polyline points="{line}" fill="none" stroke="#00689D" stroke-width="2"/>{dots}'
        + _svg_text(x_label, 'x="120" y="215" text-anchor="middle" fill="#333"')
        + _svg_text(
            y_label,
            'x="10" y="100" transform="rotate(-90 10 100)" text-anchor="middle" fill="#333"',
        )
        + "</svg>"
    )


def reliability_html(metrics: Mapping) -> str:
    """ECE and reliability diagram, and the risk-coverage curve of the «revisar» flag."""
    calibration, curve = metrics.get("calibration"), metrics.get("risk_coverage")
    if not calibration or not curve:
        return f"<p>{say('calibration_missing')}</p>"
    scope = metrics.get("scope", {})
    at_ten = min(curve, key=lambda point: abs(point["flagged"] - 0.10))
    summary = say(
        "calibration_summary",
        ece=f"{calibration['ece']:.3f}",
        threshold=f"{metrics.get('review_threshold', 0):.2f}",
        flagged=f"{100 * scope.get('validation_flagged', 0):.1f}",
        budget=f"{100 * metrics.get('review_budget', 0):.0f}",
        caught=f"{100 * scope.get('validation_errors_caught', 0):.0f}",
        at_flagged=f"{100 * at_ten['flagged']:.0f}",
        at_caught=f"{100 * at_ten['errors_caught']:.0f}",
    )
    bins = [(b["confidence"], b["accuracy"]) for b in calibration["bins"]]
    risk = [(p["flagged"], p["errors_caught"]) for p in curve]
    return (
        f"<div><p>{say('calibration_title')}</p><p>{summary}</p>"
        "<div style='display:flex;gap:2rem;flex-wrap:wrap'>"
        f"<figure>{_svg_curve(bins, 'axis_shown_probability', 'axis_real_accuracy')}"
        f"<figcaption>{say('reliability_caption')}</figcaption></figure>"
        f"<figure>{_svg_curve(risk, 'axis_flagged_texts', 'axis_errors_caught')}"
        f"<figcaption>{say('risk_coverage_caption')}</figcaption></figure></div></div>"
    )


def sdg_colour_map() -> dict[str, str]:
    """Each SDG (its chart key) → its official colour, for the charts."""
    return {sdg_short(goal.number): goal.colour for goal in SDGS.values()}


def _strategy_choices() -> list[tuple[str, str]]:
    return [(t(f"strategy_{name}"), name) for name in STRATEGIES]


def strategy_name(name: str) -> Both:
    """The strategy's name in both languages."""
    if f"strategy_{name}" in TEXTS:
        return Both(*TEXTS[f"strategy_{name}"])
    return Both(html.escape(name), html.escape(name))


def filter_history(
    history: pd.DataFrame, label: object = None, source: object = None, search: str = ""
) -> pd.DataFrame:
    """Rows of the labelled history matching an SDG, a source and a text search."""
    rows = history
    if label not in (None, "", ALL):
        try:
            number = data.parse_label(label)
        except ValueError as error:
            raise DataError(f"Filtro de ODS no válido: {error}.") from None
        rows = rows[rows["label"].astype(int) == number]
    if source not in (None, "", ALL):
        rows = rows[rows["source"].astype(str) == str(source)]
    if search and search.strip():
        rows = rows[rows["text"].astype(str).str.contains(search.strip(), case=False, regex=False)]
    return rows


def _label_filter_choices(history: pd.DataFrame) -> list[tuple[str, str]]:
    labels = sorted(history["label"].dropna().astype(int).unique()) if len(history) else []
    return [(t("all"), ALL)] + [(t(f"sdg_{number:02d}"), str(number)) for number in labels]


def review_table(queue: pd.DataFrame, rows: int = REVIEW_PAGE_ROWS) -> pd.DataFrame:
    """The first ``rows`` queued items for the editable review table («ODS revisado» prefilled)."""
    shown = queue.head(rows)
    table = pd.DataFrame(
        {
            "id": shown["id"].astype(str),
            "text": shown["text"].astype(str),
            "predicted": shown["predicted_label"].astype("Int64"),
            "probability": shown["probability"].map(percent),
            "margin": shown["margin"].astype(float).round(3),
            "origin": shown["origin"].astype(str).map(origin_label),
            "date": shown["created_at"].astype(str).str.slice(0, 16).str.replace("T", " "),
            "reviewed": shown["predicted_label"].astype("Int64").astype(str),
        }
    )
    return labelled_columns(table, REVIEW_KEYS)


def origin_label(origin: str) -> str:
    """Where a queued prediction came from (classify, batch, api, review), translated."""
    return marker(f"origin_{origin}") if f"origin_{origin}" in TEXTS else origin


def review_decisions(table: pd.DataFrame | None) -> list[dict]:
    """``[{"id", "label"}]`` from the edited review table; an empty «ODS revisado» dismisses.

    Raises:
        DataError: a reviewed label is not an SDG (the message names the row's id).
    """
    if table is None or len(table) == 0:
        return []
    frame = pd.DataFrame(table)
    identifier = next((c for c in (marker("col_id"), "id") if c in frame), None)
    reviewed = next((c for c in (marker("col_reviewed"), "ODS revisado") if c in frame), None)
    if identifier is None or reviewed is None:
        raise DataError("La tabla de revisión no tiene las columnas «id» y «ODS revisado».")
    decisions = []
    for item_id, value in zip(frame[identifier], frame[reviewed]):
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
    """Production vs validation figures of a drift report, one row per indicator.

    The PSI of fewer than ``drift.MIN_PREDICTIONS`` predictions is shown as «insuficiente»: the
    mix of a handful of texts says nothing about a shift.
    """
    base = report.get("baseline") or {}
    production = report.get("production") or {}
    psi = report.get("psi")
    predictions = int(production.get("predictions") or 0)
    if predictions < drift.MIN_PREDICTIONS:
        psi_shown = marker("drift_insufficient")
    else:
        psi_shown = "—" if psi is None else f"{psi:.3f}"
    table = pd.DataFrame(
        [
            [marker("drift_predictions"), predictions, "—"],
            [
                marker("drift_low_confidence"),
                _share(production.get("low_confidence_share")),
                _share(base.get("low_confidence_share")),
            ],
            [
                marker("drift_oov"),
                _share(production.get("oov_share")),
                _share(base.get("oov_share")),
            ],
            [marker("drift_psi"), psi_shown, "0"],
        ]
    )
    return labelled_columns(table, DRIFT_KEYS)


def drift_warnings(report: Mapping) -> list[str]:
    """The warnings of :func:`odsgr.drift.report`, in both languages, from its figures."""
    base = report.get("baseline")
    production = report.get("production") or {}
    count = int(production.get("predictions") or 0)
    if base is None:
        return [say("drift_no_baseline", version=html.escape(str(report.get("version"))))]
    if count == 0:
        return []
    if count < drift.MIN_PREDICTIONS:
        return [say("drift_few", predictions=say_count("predictions", count))]
    warnings = []
    if (report.get("psi") or 0) > drift.PSI_WARNING:
        warnings.append(say("drift_psi_shift", psi=f"{report['psi']:.3f}", limit=drift.PSI_WARNING))
    if (report.get("low_confidence_ratio") or 0) >= drift.LOW_CONFIDENCE_FACTOR:
        warnings.append(
            say(
                "drift_low_confidence_up",
                now=_share(production.get("low_confidence_share")),
                base=_share(base.get("low_confidence_share")),
            )
        )
    if (report.get("oov_ratio") or 0) >= drift.OOV_FACTOR:
        warnings.append(
            say(
                "drift_oov_up",
                now=_share(production.get("oov_share")),
                base=_share(base.get("oov_share")),
            )
        )
    return warnings


def drift_html(report: Mapping) -> str:
    """A warning box when a retrain is suggested, else a short line."""
    warnings = drift_warnings(report)
    if report.get("retrain_suggested"):
        items = "".join(f"<li>{w}</li>" for w in warnings)
        return (
            f'<div class="odsgr-demo">{say("drift_retrain")}<ul>{items}</ul>'
            f"{say('drift_retrain_next')}</div>"
        )
    if warnings:
        return "<div>" + "<br>".join(warnings) + "</div>"
    if not (report.get("production") or {}).get("predictions"):
        return f"<div>{say('drift_empty')}</div>"
    return f"<div>{say('drift_ok')}</div>"


def drift_chart_frame(series: pd.DataFrame) -> pd.DataFrame:
    """Daily drift series in long form for ``gr.LinePlot`` (``fecha``, ``valor``, ``indicador``)."""
    if series is None or series.empty:
        return pd.DataFrame(columns=["fecha", "valor", "indicador"])
    long = series.melt(
        id_vars=["date"],
        value_vars=DRIFT_INDICATORS,
        var_name="indicador",
        value_name="valor",
    ).dropna(subset=["valor"])
    return pd.DataFrame(
        {
            "fecha": pd.to_datetime(long["date"]),
            "valor": long["valor"].astype(float).round(4),
            "indicador": long["indicador"].map(lambda name: marker(f"indicator_{name}")),
        }
    )


def augmentation_markdown(summary: Mapping | None) -> str:
    """What LLM balancing did during a retrain: method, synthetic rows, accepted and rejected."""
    if not summary:
        return ""
    texts = summary.get("texts", {})
    rejected = texts.get("rejected", {}) or {}
    reasons = ", ".join(f"{reason}: {count}" for reason, count in rejected.items())
    requests = summary.get("requests", {})
    return (
        say_block("augmentation_title")
        + "\n\n"
        + say(
            "augmentation_summary",
            method=html.escape(str(summary.get("method", "—"))),
            synthetic=summary.get("synthetic_rows", 0),
            generated=texts.get("generated", 0),
            accepted=texts.get("accepted", 0),
            rejected=sum(int(v) for v in rejected.values()),
            reasons=html.escape(reasons) if reasons else Both(*TEXTS["none_word"]),
            made=requests.get("made", 0),
            cached=requests.get("cached", 0),
            failed=requests.get("failed", 0),
        )
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
        return self.access.authorize(password or None, profile, client=_client_address())

    def _texts_visible(self, password: object, profile: Mapping | None) -> bool:
        """Whether the caller may read stored citizen texts (admin, or ODSGR_PUBLIC_HISTORY=1).

        No credentials means no (counts only); wrong credentials are refused as for a write.
        """
        if self.service.settings.public_history:
            return True
        try:
            self._actor(password, profile)
        except AccessDeniedError:
            if password:
                raise
            return False
        return True

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
        folder = _download_dir(self.service.settings.results_ttl_min)
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
        columns: tuple[str | None, str | None] = (None, None),
    ) -> dict:
        strategy = strategy or "batch"
        window_rows = None if window in (None, "") or strategy != "window" else int(window)
        days = None if strategy != "window" else _positive_number(window_days, "window_days")
        sources: dict = {}
        if path:
            sources["paths"] = [path]
            sources["text_column"], sources["label_column"] = (c or None for c in columns)
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
        if search is not None and not isinstance(search, str):
            raise DataError(f"«search» debe ser un texto (recibido: {str(search)[:40]!r}).")
        history = self.service.history()
        rows = filter_history(history, label, source, search)
        pages = max(1, math.ceil(len(rows) / page_rows))
        page_number = min(max(1, _whole_number(page, "page") or 1), pages)
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
            except (ValueError, RecursionError):
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
        self,
        version: str,
        admin_password: str = "",
        force: bool = False,
        profile: gr.OAuthProfile | None = None,
    ) -> dict:
        """(Administración) Vuelve a usar una versión anterior como actual (no borra nada).

        Args:
            version: p. ej. ``"v1"``.
            admin_password: contraseña de administración.
            force: volver también a una versión rechazada, descartada o de demostración.
        """
        actor = self._actor(admin_password, profile)
        return self.service.rollback(version, actor=actor, force=force is True)

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
        admin_password: str = "",
        profile: gr.OAuthProfile | None = None,
    ) -> dict:
        """Textos etiquetados guardados, filtrados y por páginas.

        Los textos (y la búsqueda en ellos) son solo para administradores, salvo con
        ``ODSGR_PUBLIC_HISTORY=1``; sin contraseña se reciben los recuentos por ODS.

        Args:
            label: número de ODS (vacío = todos).
            source: origen (nombre del archivo; vacío = todos).
            search: texto a buscar (sin distinguir mayúsculas; administradores).
            page: página, desde 1.
            page_size: filas por página (máximo 1000).
            admin_password: contraseña de administración (para ver los textos).

        Returns:
            dict con ``total``, ``page``, ``pages``, ``by_label`` ({ODS: textos}) y ``rows``
            (lista de dicts; vacía sin permiso para ver los textos, con ``note`` explicándolo).
        """
        visible = self._texts_visible(admin_password, profile)
        if isinstance(search, str) and search.strip() and not visible:
            raise AccessDeniedError(SEARCH_FOR_ADMINS)
        page_rows = max(1, min(_whole_number(page_size, "page_size") or 100, API_HISTORY_MAX_ROWS))
        rows, total, page_number, pages = self._history_page(label, source, search, page, page_rows)
        matching = filter_history(self.service.history(), label, source, search)
        by_label = matching["label"].astype(int).value_counts().sort_index()
        result = {
            "total": total,
            "page": page_number,
            "pages": pages,
            "by_label": {str(k): int(v) for k, v in by_label.items()},
            "rows": _json_records(rows) if visible else [],
        }
        if not visible:
            result["note"] = TEXTS_FOR_ADMINS
        return result

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
        """The Hub line shown in «Métricas» and «Acerca de» (inline HTML; the status that
        :mod:`odsgr.hub` reports is in Spanish)."""
        settings = self.service.settings
        if not settings.hub_model_repo:
            return say("hub_local")
        queued = self.service.hub_queued_versions()
        if self.hub_status:
            line = html.escape(self.hub_status)
        else:
            line = say("hub_repo", repo=html.escape(settings.hub_model_repo))
        if queued:
            line += " " + say("hub_queued", versions=html.escape(", ".join(queued)))
        return line

    def pull_from_hub(self) -> str:
        """Pull the Hub's ``current`` version and make it current; the new status line.

        Raises:
            HubError: no repo configured, nothing published, or the Hub is offline (then the
                status line says the cached version keeps being served).
        """
        try:
            pulled = self.service.pull_from_hub()
        except HubOfflineError as error:
            cached = self.service.registry.current_version() or "ninguna"
            self.hub_status = (
                f"{OFFLINE_STATUS} ({cached}). No se pudo traer el modelo del Hub: {error}"
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
            return f'<div class="odsgr-demo">{say("banner_none")}</div>'
        about = self.service.current_info()
        line = say("banner_model", version=html.escape(about["version"]))
        if about.get("demo"):
            return f'<div class="odsgr-demo">{say("banner_demo")} {line}</div>'
        return f"<div>{line}</div>"

    def ui_classify(self, text: str, store_for_review: bool = False) -> tuple:
        result = self.service.predict(text, store_for_review=store_for_review is True)
        probabilities = {sdg_label(k): v for k, v in result["probabilities"].items()}
        explanation = result.get("explanation", {})
        terms = labelled_columns(
            pd.DataFrame(explanation.get("terms", []), columns=["term", "weight"]),
            ["col_term", "col_weight"],
        )
        notes = [say("classify_warning", warning=html.escape(w)) for w in result["warnings"]]
        if result.get("queued_for_review"):
            notes.append(say("classify_queued"))
        warnings = "\n\n".join(notes)
        return (
            badge_html(result),
            probabilities,
            highlights_for_widget(explanation.get("highlights", [])),
            terms,
            warnings,
        )

    def ui_inspect_upload(self, file: object) -> tuple:
        """Preview an uploaded file and offer every column as the text column."""
        path = _file_path(file)
        if not path:
            return gr.Dropdown(choices=[], value=None), None, ""
        try:
            frame = data.read_table(path, self.service.settings)
        except OdsgrError as error:
            message = say("upload_unusable", error=html.escape(str(error)))
            return gr.Dropdown(choices=[], value=None), None, message
        column = _detected(data.find_text_column, frame)
        rows = say_count("rows", len(frame))
        if column is None:
            message = say("upload_choose_column", rows=rows)
        else:
            message = say("upload_detected", rows=rows, column=html.escape(column))
        return (
            gr.Dropdown(choices=[str(c) for c in frame.columns], value=column),
            frame.head(PREVIEW_ROWS),
            message,
        )

    def ui_labelled_columns(self, file: object) -> tuple:
        """Every column of an uploaded labelled file as text and label choices (detected ones
        pre-selected); nothing when the file cannot be read (the report says why)."""
        path = _file_path(file)
        empty = gr.Dropdown(choices=[], value=None)
        if not path:
            return empty, empty
        try:
            frame = data.read_table(path, self.service.settings)
        except OdsgrError:
            return empty, empty
        choices = [str(c) for c in frame.columns]
        text_column = _detected(data.find_text_column, frame)
        label_column = _detected(data.find_label_column, frame)
        if label_column == text_column:
            label_column = None
        return (
            gr.Dropdown(choices=choices, value=text_column),
            gr.Dropdown(choices=choices, value=label_column),
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
            message = say("batch_failed", error=html.escape(str(error)))
            return message, None, None, hidden, hidden
        csv_path, xlsx_path = summary.paths
        result = summary.head
        yes_no = {True: marker("yes"), False: marker("no")}
        shown = labelled_columns(
            pd.DataFrame(
                {
                    "label": result["label"],
                    "name": result["label"].map(sdg_label),
                    "probability": result["probability"].map(percent),
                    "review": result["needs_review"].map(yes_no),
                    "text": result[summary.text_column],
                }
            ),
            BATCH_RESULT_KEYS,
        )
        message = say(
            "batch_done",
            classified=summary.classified,
            rows=say_count("rows", summary.rows),
            review=summary.needs_review,
            threshold=percent(self.service.review_threshold()),
        )
        queued = summary.queued_for_review
        if queued:
            message += " " + say("batch_queued", n=queued)
        if summary.rows > RESULT_ROWS_SHOWN:
            message += " " + say("batch_truncated", n=RESULT_ROWS_SHOWN)
        return (
            message,
            shown,
            distribution_frame(summary.distribution),
            gr.DownloadButton(value=str(csv_path), visible=True),
            gr.DownloadButton(value=str(xlsx_path), visible=True),
        )

    def ui_validate_labelled(
        self,
        file: object,
        table: pd.DataFrame | None,
        text_column: str | None = None,
        label_column: str | None = None,
    ) -> str:
        path = _file_path(file)
        try:
            if path:
                frame, report = data.load_labelled(
                    path,
                    text_column=text_column or None,
                    label_column=label_column or None,
                    settings=self.service.settings,
                )
            else:
                rows = _table_rows(table)
                if rows is None:
                    return say("validate_needs_data")
                frame, report = data.clean_labelled(rows, settings=self.service.settings)
        except OdsgrError as error:
            return say("validate_unusable", error=html.escape(str(error)))
        counts = frame["label"].value_counts().sort_index()
        goals = [SDGS.get(int(number)) for number in counts.index]
        spanish = [f"- {sdg_title(n)}: {c}" for n, c in counts.items()]
        english = [
            f"- SDG {n} · {goal.name_en if goal else ''}: {c}"
            for (n, c), goal in zip(counts.items(), goals)
        ]
        return (
            f'<div class="odsgr-es">\n\n{report.to_markdown()}\n\n### Textos por ODS\n\n'
            + "\n".join(spanish)
            + f"\n\n{TEXTS['validate_next'][0]}\n\n</div>\n"
            f'<div class="odsgr-en">\n\n{report.to_markdown("en")}\n\n### Texts per SDG\n\n'
            + "\n".join(english)
            + f"\n\n{TEXTS['validate_next'][1]}\n\n</div>"
        )

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
        text_column: str | None,
        label_column: str | None,
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
                    raise DataError(say("augment_seed_whole")) from None
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
            columns=(text_column, label_column),
        )
        gate = result["gate"]
        reasons = "\n".join(f"- {reason}" for reason in gate_reasons(gate))
        summary = (
            say_block("candidate_title", candidate=result["candidate"], parent=result["parent"])
            + f"\n\n{say('gate_accepted' if gate['accepted'] else 'gate_rejected')}\n\n"
            + f"{reasons}\n\n"
            + intake_markdown(result)
            + "\n\n"
            + say(
                "candidate_rows",
                train_rows=result["train_rows"],
                strategy=strategy_name(result["strategy"]),
            )
            + f"\n\n{result.get('message') or ''}\n\n"
            f"{augmentation_markdown(result.get('augmentation'))}\n\n" + say("candidate_next")
        )
        augmentation = result.get("augmentation") or {}
        balance_table = gr.Dataframe(
            value=balance_frame(pd.DataFrame(augmentation.get("class_balance", []))),
            visible=bool(augmentation),
        )
        comparison = comparison_frame(pd.DataFrame(result["comparison"]))
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
            raise DataError(say("no_candidate_to_promote"))
        self.service.promote(version.strip(), force=bool(force), actor=actor)
        return say("promoted", version=html.escape(version)), self.status_banner()

    def ui_discard(self, version: str, password: str, profile: gr.OAuthProfile | None):
        actor = self._actor(password, profile)
        if not version:
            raise DataError(say("no_candidate_to_discard"))
        self.service.discard(version.strip(), actor=actor)
        return say("discarded", version=html.escape(version)), ""

    def ui_metrics(self) -> tuple:
        empty = (None, None, "", None, None, gr.Dropdown(choices=[]), "")
        if not self.service.has_model():
            return (say("metrics_none"), *empty)
        metrics = self.service.metrics()
        headline = metrics_frame(evaluate.metrics_table(metrics))
        versions = pd.DataFrame(self.service.versions())
        table = labelled_columns(
            pd.DataFrame(
                {
                    "version": versions["version"],
                    "date": versions["created_at"]
                    .astype(str)
                    .str.slice(0, 19)
                    .str.replace("T", " "),
                    "rows": versions["train_rows"],
                    "f1": versions["f1_macro"].astype(float).round(4),
                    "strategy": versions["strategy"].map(_strategy_label),
                    "status": versions["status"].map(_status_label),
                }
            ),
            VERSION_KEYS,
        )
        # The version id (v1, v2…) on a categorical axis: one point per version, whatever their
        # number (a numeric axis had no point with one version and read "1, 2, 2" with two).
        chart = pd.DataFrame(
            {"versión": versions["version"], "F1 macro": versions["f1_macro"].astype(float)}
        )
        message = validation_size_markdown(metrics)
        return (
            message,
            headline,
            per_class_frame(evaluate.per_class_table(metrics)),
            confusion_html(metrics),
            table,
            chart,
            gr.Dropdown(choices=rollback_choices(versions), value=None),
            reliability_html(metrics),
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
        return f"**Hub:** {self.hub_status_line()}"

    def ui_hub_pull(self, password: str, profile: gr.OAuthProfile | None):
        self._actor(password, profile)
        try:
            self.pull_from_hub()
        except HubOfflineError:
            log.warning("Pull from the Hub failed: offline")
        return self.ui_hub_status(), self.status_banner()

    def ui_review_load(self, password: str, profile: gr.OAuthProfile | None) -> tuple:
        """The review table, for admins only (the queue holds citizen texts)."""
        self._actor(password, profile)
        return self._review_view("")

    def _review_view(self, done: str) -> tuple:
        queue = self.service.review_queue()
        if queue.empty:
            status = say("review_none")
        else:
            status = say(
                "review_pending",
                pending=say_count("pending", len(queue)),
                shown=say_count("shown", min(len(queue), REVIEW_PAGE_ROWS)),
            )
        return (f"{done}\n\n{status}" if done else status), review_table(queue)

    def ui_review_decide(
        self, table: pd.DataFrame | None, password: str, profile: gr.OAuthProfile | None
    ) -> tuple:
        actor = self._actor(password, profile)
        decisions = review_decisions(table)
        if not decisions:
            raise DataError(say("review_nothing"))
        counts = self.service.review_decide(decisions, actor=actor)
        done = say(
            "review_done",
            confirmed=counts["confirmed"],
            corrected=counts["corrected"],
            dismissed=counts["dismissed"],
            rows=say_count("rows", int(counts["history_rows"])),
        )
        return self._review_view(done)

    def ui_pending(self) -> tuple:
        """The candidates awaiting a decision, listed and offered in the «Candidata pendiente»
        dropdown (value: the version), so a reload does not lose them."""
        rows = self.service.pending_candidates() if self.service.has_model() else []
        if not rows:
            return say("pending_none"), gr.Dropdown(choices=[], value=None)
        lines = [
            f"- **{html.escape(row['version'])}** "  # once: it is the same in both languages
            + say(
                "pending_line",
                status=Both(*TEXTS.get(f"status_{row['status']}", (row["status"],) * 2)),
                f1=f"{row['f1_macro'] or 0:.3f}",
                rows=say_count("new_rows", int(row["pending_rows"] or 0)),
                hours=f"{row['expires_in_h']:g}",
            )
            for row in rows
        ]
        choices = [
            (f"{row['version']} · " + _status_name(row["status"]), row["version"]) for row in rows
        ]
        listing = "\n".join(lines) + "\n\n" + say("pending_how")
        return listing, gr.Dropdown(choices=choices, value=None)

    def ui_rollback(
        self, version: str, force: bool, password: str, profile: gr.OAuthProfile | None
    ):
        actor = self._actor(password, profile)
        if not version:
            raise DataError(say("choose_rollback"))
        self.service.rollback(version, actor=actor, force=bool(force))
        return say("rolled_back", version=html.escape(version)), self.status_banner()

    def ui_data_overview(self) -> tuple:
        history = self.service.history()
        everything = [(t("all"), ALL)]
        if history.empty:
            return None, gr.Dropdown(choices=everything), gr.Dropdown(choices=everything)
        kind = history["synthetic"].map({True: marker("synthetic"), False: marker("real")})
        counts = (
            pd.DataFrame({"ODS": history["label"].astype(int).map(sdg_short), "tipo": kind})
            .value_counts()
            .rename("textos")
            .reset_index()
            .sort_values("ODS")
        )
        sources = sorted(history["source"].astype(str).unique().tolist())
        return (
            counts,
            gr.Dropdown(choices=_label_filter_choices(history), value=ALL),
            gr.Dropdown(choices=everything + [(s, s) for s in sources], value=ALL),
        )

    def ui_history_page(
        self,
        label: str,
        source: str,
        search: str,
        page: float | None,
        password: str = "",
        profile: gr.OAuthProfile | None = None,
    ):
        """One page of the stored history: texts (and the filtered download) only for admins,
        or for everyone with ODSGR_PUBLIC_HISTORY=1; counts for everyone."""
        visible = self._texts_visible(password, profile)
        if search and search.strip() and not visible:
            raise AccessDeniedError(say("search_for_admins"))
        return self._history_view(label, source, search, page, visible)

    def _history_view(
        self, label: str, source: str, search: str, page: float | None, texts: bool
    ) -> tuple:
        rows, total, page_number, pages = self._history_page(
            label, source, search, page, HISTORY_PAGE_ROWS
        )
        shown = labelled_columns(
            pd.DataFrame(
                {
                    "label": rows["label"],
                    "source": rows["source"].astype(str).map(origin_label),
                    "synthetic": rows["synthetic"].map({True: marker("yes"), False: marker("no")}),
                    "added": rows["added_at"].astype(str).str.slice(0, 10),
                    "text": rows["text"] if texts else say("texts_for_admins_cell"),
                }
            ),
            HISTORY_KEYS,
        )
        info = say("page_info", texts=say_count("texts", total), page=page_number, pages=pages)
        download = gr.DownloadButton(visible=False)
        if texts:
            download = self.ui_download_history(label, source, search)
        else:
            info += "\n\n" + say("texts_for_admins")
        return shown, info, page_number, download

    def ui_download_history(self, label: str, source: str, search: str):
        """The filtered rows as a CSV, set on the download button whenever the filter changes:
        a DownloadButton downloads the file it holds when clicked, so it must be ready before.
        Called only where stored texts may be shown (admin, or ODSGR_PUBLIC_HISTORY)."""
        rows = filter_history(self.service.history(), label, source, search)
        folder = _download_dir(self.service.settings.results_ttl_min)
        path = data.write_table(rows, folder / "odsgr_datos_etiquetados.csv")
        return gr.DownloadButton(value=str(path), visible=True)

    def ui_about(self) -> str:
        if not self.service.has_model():
            return f"{say('about_none')}\n\n{self.ui_hub_status()}"
        about = self.service.current_info()
        block = say_block(
            "about_model",
            version=html.escape(str(about["version"])),
            created=about.get("created_at") or "—",
            sha=about.get("data_sha256") or "—",
            rows=about.get("train_rows", "—"),
            labels=", ".join(str(number) for number in about.get("labels", [])),
            threshold=percent(self.service.review_threshold()),
        )
        lines = [block, "", f"- {self.ui_hub_status()}"]
        if about.get("demo"):
            lines.insert(0, f'<div class="odsgr-demo">{say("about_demo")}</div>\n')
        return "\n".join(lines)


def _client_address() -> str:
    """The network address of the caller of the running event ("" outside a request)."""
    from gradio.context import LocalContext

    request = LocalContext.request.get(None)
    client = getattr(request, "client", None)
    return str(getattr(client, "host", "") or "")


def _whole_number(value: object, name: str) -> int | None:
    """``value`` as an int (``None`` when empty); DataError naming ``name`` otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = math.nan
    if isinstance(value, bool) or not math.isfinite(number) or abs(number) > 2**53:
        raise DataError(f"«{name}» debe ser un número entero (recibido: {str(value)[:40]!r}).")
    return int(number)


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


def _detected(finder: Callable[[pd.DataFrame], str], frame: pd.DataFrame) -> str | None:
    """The column ``finder`` recognises in ``frame``, or None when it recognises none."""
    try:
        return str(finder(frame))
    except DataError:
        return None


def _strategy_label(name: object) -> str:
    key = f"strategy_{name}"
    return marker(key) if key in TEXTS else str(name)


def _status_label(status: object) -> str:
    key = f"status_{status}"
    return marker(key) if key in TEXTS else str(status)


_METRIC_KEYS = {TEXTS[f"metric_{key}"][0]: f"metric_{key}" for key in evaluate.HEADLINE_METRICS}


def _metric_label(name: object) -> object:
    return marker(_METRIC_KEYS[name]) if name in _METRIC_KEYS else name


def metrics_frame(table: pd.DataFrame) -> pd.DataFrame:
    """:func:`odsgr.evaluate.metrics_table` (Spanish) with translatable headers and names."""
    frame = pd.DataFrame({"metric": table.iloc[:, 0].map(_metric_label), "value": table.iloc[:, 1]})
    return labelled_columns(frame, ["col_metric", "col_value"])


def comparison_frame(table: pd.DataFrame) -> pd.DataFrame:
    """The before/after comparison (Spanish columns) with translatable headers and names."""
    if table.empty:
        return table
    keys = {"Métrica": "col_metric", "Antes": "col_before", "Después": "col_after"}
    frame = table.copy()
    first = frame.columns[0]
    frame[first] = frame[first].map(_metric_label)
    return frame.rename(columns={c: marker(keys[c]) for c in frame.columns if c in keys})


def per_class_frame(table: pd.DataFrame) -> pd.DataFrame:
    """:func:`odsgr.evaluate.per_class_table` with translatable headers and SDG names."""
    keys = {
        "ODS": "col_sdg",
        "Nombre": "col_name",
        "Precisión": "col_precision",
        "Exhaustividad (recall)": "col_recall",
        "Textos": "col_support",
    }
    frame = table.copy()
    if "ODS" in frame and "Nombre" in frame:
        frame["Nombre"] = frame["ODS"].map(sdg_label)
    return frame.rename(columns={c: marker(keys[c]) for c in frame.columns if c in keys})


def gate_reasons(gate: Mapping) -> list[str]:
    """Why the quality gate (:func:`odsgr.evaluate.promotion_gate`) decided so, in both
    languages, from its figures; its Spanish reasons when the figures are missing."""
    try:
        f1_delta, f1_tolerance = gate["f1_delta"], float(gate["f1_tolerance"])
        recall_tolerance = float(gate["recall_tolerance"])
    except (KeyError, TypeError, ValueError):
        return [html.escape(str(reason)) for reason in gate.get("reasons", [])]
    if f1_delta is None:
        return [say("gate_no_current")]
    reasons = []
    if f1_delta < -f1_tolerance:
        reasons.append(
            say("gate_f1_drop", drop=f"{-f1_delta:.4f}", tolerance=f"{f1_tolerance:.4f}")
        )
    for label, delta in gate.get("recall_deltas", {}).items():
        if delta < -recall_tolerance:
            reasons.append(
                say(
                    "gate_recall_drop",
                    label=html.escape(str(label)),
                    drop=f"{-delta:.4f}",
                    tolerance=f"{recall_tolerance:.4f}",
                )
            )
    return reasons


def balance_frame(table: pd.DataFrame) -> pd.DataFrame:
    """:func:`odsgr.evaluate.balance_table` (Spanish) with translatable headers and SDG names."""
    keys = {
        "ODS": "col_sdg",
        "Nombre": "col_name",
        "Antes": "col_before",
        "% antes": "col_share_before",
        "Después": "col_after",
        "% después": "col_share_after",
    }
    frame = table.copy()
    if "ODS" in frame and "Nombre" in frame:
        frame["Nombre"] = frame["ODS"].map(sdg_label)
    return frame.rename(columns={c: marker(keys[c]) for c in frame.columns if c in keys})


def access_note(access: AccessPolicy) -> str:
    """How to act as admin here: :meth:`AccessPolicy.describe` and its English version."""
    if not access.writes_enabled:
        english = TEXTS["access_disabled"][1]
    else:
        ways = [TEXTS["access_oauth"][1]] if access.oauth_enabled else []
        ways += [TEXTS["access_password"][1]] if access.password_enabled else []
        english = TEXTS["access_how"][1].format(ways=" or ".join(ways))
    spanish = html.escape(access.describe())
    return f'<span class="odsgr-es">{spanish}</span><span class="odsgr-en">{english}</span>'


def parameter_docs(fn: Callable) -> dict[str, str]:
    """``{parameter: description}`` from the ``Args:`` section of ``fn``'s docstring."""
    docs: dict[str, str] = {}
    current = None
    in_args = False
    for line in (inspect.getdoc(fn) or "").splitlines():
        stripped = line.strip()
        if stripped in ("Args:", "Returns:", "Raises:"):
            in_args = stripped == "Args:"
            current = None
            continue
        if not in_args or not stripped:
            continue
        name, colon, text = stripped.partition(":")
        if (
            colon
            and line.startswith(" " * 4)
            and not line.startswith(" " * 5)
            and name.isidentifier()
        ):
            current = name
            docs[name] = text.strip()
        elif current is not None:
            docs[current] += " " + stripped
    return docs


class OdsgrBlocks(gr.Blocks):
    """``gr.Blocks`` whose «Usar vía API» page describes every parameter with its docstring's
    ``Args`` (Gradio writes "the input value provided in the «1st» component"), and which
    answers a call with missing arguments in Spanish (Gradio checks the number of inputs before
    any handler runs and, without ``show_error``, answers ``error: None``).
    """

    def validate_inputs(self, block_fn, inputs: list) -> None:
        if len(inputs) < len(block_fn.inputs):
            name = block_fn.api_name or block_fn.name
            raise gr.Error(
                f"Faltan argumentos en la llamada a «{name}»: se esperaban "
                f"{len(block_fn.inputs)} valores y llegaron {len(inputs)}. Vea «Usar vía API» "
                "(al pie de la página) para la lista de argumentos.",
                print_exception=False,
            )
        super().validate_inputs(block_fn, inputs)

    def get_api_info(self, all_endpoints: bool = False, page: str | None = None):
        info = super().get_api_info(all_endpoints=all_endpoints, page=page)
        endpoints = (info or {}).get("named_endpoints", {})
        for block_fn in self.fns.values():
            endpoint = endpoints.get(f"/{block_fn.api_name}")
            if endpoint is None or block_fn.fn is None:
                continue
            docs = parameter_docs(block_fn.fn)
            for parameter in endpoint.get("parameters", []):
                text = docs.get(parameter.get("parameter_name") or "")
                if text:
                    parameter["label"] = parameter["parameter_name"]
                    parameter["python_type"]["description"] = text
        return info


# ------------------------------------------------------------------------------ layout


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
    h = user_errors
    predict_group = {"concurrency_id": "predict", "concurrency_limit": PREDICT_CONCURRENCY}
    write_group = {"concurrency_id": "retrain", "concurrency_limit": 1}

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

        with gr.Tabs():
            # ---------------------------------------------------------- Clasificar
            with gr.Tab(marker("tab_classify"), id="clasificar"):
                with gr.Row():
                    with gr.Column(scale=3):
                        text = gr.Textbox(
                            label=t("text_box"), placeholder=t("text_placeholder"), lines=6
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
                    terms = gr.Dataframe(
                        label=t("top_terms"),
                        headers=[marker("col_term"), marker("col_weight")],
                        interactive=False,
                        scale=2,
                    )
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
            with gr.Tab(marker("tab_batch"), id="lote"):
                with gr.Row():
                    batch_file = gr.File(
                        label=t("file_to_classify"),
                        file_types=FILE_TYPES,
                        type="filepath",
                        elem_id="batch-file",
                    )
                    with gr.Column():
                        batch_column = gr.Dropdown(
                            label=t("text_column"),
                            info=t("text_column_info"),
                            choices=[],
                            elem_id="batch-column",
                        )
                        batch_review = gr.Checkbox(
                            label=t("store_for_review"),
                            info=t("store_for_review_info"),
                            value=False,
                        )
                        batch_button = gr.Button(t("classify_file"), variant="primary")
                batch_status = gr.Markdown()
                batch_preview = gr.Dataframe(label=t("preview"), interactive=False, max_height=300)
                batch_result = gr.Dataframe(
                    label=t("results"),
                    headers=[marker(key) for key in BATCH_RESULT_KEYS],
                    interactive=False,
                    max_height=400,
                    wrap=True,
                    column_widths=["7%", "25%", "11%", "9%", "48%"],
                    elem_id="batch-result",
                )
                with gr.Row():
                    batch_chart = gr.BarPlot(
                        x="ODS",
                        y="textos",
                        color="ODS",
                        color_map=sdg_colour_map(),
                        label=t("distribution"),
                        x_title=t("col_sdg"),
                        y_title=t("col_texts"),
                        color_title=t("col_sdg"),
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
                with gr.Row():
                    candidate = gr.Textbox(label=t("candidate_version"), max_lines=1)
                    pending_choice = gr.Dropdown(
                        label=t("pending_choice"),
                        info=t("pending_choice_info"),
                        choices=[],
                        elem_id="pending-candidate",
                    )
                candidate_summary = gr.Markdown()
                augment_table = gr.Dataframe(
                    label=t("augment_balance"), interactive=False, visible=False
                )
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
                    **write_group,
                ).then(h(app.ui_pending), outputs=pending_outputs, api_visibility=PRIVATE)
                promote_button.click(
                    h(app.ui_promote),
                    inputs=[candidate, force, password],
                    outputs=[decision, banner],
                    api_visibility=PRIVATE,
                    **write_group,
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
                    **write_group,
                ).then(h(app.ui_pending), outputs=pending_outputs, api_visibility=PRIVATE)
                retrain_tab.select(
                    h(app.ui_pending), outputs=pending_outputs, api_visibility=PRIVATE
                )
                pending_choice.input(
                    lambda version: (version, False) if version else (gr.skip(), gr.skip()),
                    inputs=[pending_choice],
                    outputs=[candidate, force],
                    api_visibility=PRIVATE,
                    queue=False,
                )

            # ---------------------------------------------------------- Métricas
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
                    x_title=t("col_version"),
                    y_title=t("metric_f1_macro"),
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
                    x_title=t("col_date"),
                    y_title=t("col_value_axis"),
                    color_title=t("col_indicator"),
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
                    inputs=[rollback_version, rollback_force, password],
                    outputs=[rollback_status, banner],
                    api_visibility=PRIVATE,
                    **write_group,
                ).then(h(app.ui_metrics), outputs=metrics_outputs, api_visibility=PRIVATE).then(
                    h(app.ui_drift), outputs=drift_outputs, api_visibility=PRIVATE
                )

            # ---------------------------------------------------------- Revisión
            with gr.Tab(marker("tab_review"), id="revision"):
                gr.Markdown(t("review_intro"))
                review_load = gr.Button(t("review_load"))
                review_status = gr.Markdown(elem_id="review-status")
                review_grid = gr.Dataframe(
                    headers=[marker(key) for key in REVIEW_KEYS],
                    label=t("review_table"),
                    interactive=True,
                    wrap=True,
                    max_height=600,
                    static_columns=list(range(len(REVIEW_KEYS) - 1)),
                    column_widths=["10%", "27%", "9%", "12%", "8%", "11%", "12%", "11%"],
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
            with gr.Tab(marker("tab_data"), id="datos") as data_tab:
                data_chart = gr.BarPlot(
                    x="ODS",
                    y="textos",
                    color="tipo",
                    label=t("data_distribution"),
                    x_title=t("col_sdg"),
                    y_title=t("col_texts"),
                    color_title=t("col_kind"),
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
                        t("download_filtered"), elem_id="download-history"
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
                gr.on(
                    [filter_label.input, filter_source.input, filter_search.submit, page.submit],
                    h(app.ui_history_page),
                    inputs=[*filters, password],
                    outputs=page_outputs,
                    api_visibility=PRIVATE,
                )
                show_texts.click(
                    h(app.ui_history_page),
                    inputs=[*filters, password],
                    outputs=page_outputs,
                    api_visibility=PRIVATE,
                )

            # ---------------------------------------------------------- Acerca de
            with gr.Tab(marker("tab_about"), id="acerca") as about_tab:
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
