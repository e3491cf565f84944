"""Every text the app shows, in Spanish and English: ``TEXTS``, the ``gr.I18n`` built from it,
the CSS and the page script, and the helpers that pick or fill a text (``marker``, ``say``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple, cast

import gradio as gr

from odsgr import drift
from odsgr.sdg import SDGS

GENERIC_ERROR = (
    "Ha ocurrido un error inesperado. Inténtelo de nuevo y, si se repite, avise al equipo "
    "técnico (el detalle ha quedado en el registro del servidor)."
)


NOTICE_TITLE = "No se pudo completar · Not done"


TEXTS_FOR_ADMINS = (
    "Los textos guardados son de la ciudadanía: solo los ven administradores (o todos si "
    "ODSGR_PUBLIC_HISTORY=1). Escriba la contraseña de administración y pulse «Mostrar los textos»."
)


SEARCH_FOR_ADMINS = "La búsqueda en los textos guardados está reservada a administradores."


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


def t_str(key: str) -> str:
    """``t(key)`` where Gradio's annotations ask for a ``str`` (plot axis titles, download button
    labels): Gradio translates the ``I18nData`` there too, its annotations just omit it."""
    return cast(str, t(key))


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
