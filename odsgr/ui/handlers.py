"""The handlers of the odsgr app: :class:`OdsgrApp` (named API endpoints and screen handlers).

Every handler calls :class:`odsgr.service.Service`; the functions here only turn results into
widgets (they never read or write files, nor reach the registry or the Hub). Two kinds of handlers:

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
from collections.abc import Callable, Mapping
from pathlib import Path

import gradio as gr
import pandas as pd

from odsgr import evaluate
from odsgr.access import AccessPolicy
from odsgr.batch import BatchOptions
from odsgr.errors import (
    OFFLINE_STATUS,
    AccessDeniedError,
    DataError,
    HubOfflineError,
    OdsgrError,
)
from odsgr.results import AugmentOptions, RetrainSummary
from odsgr.sdg import SDGS
from odsgr.service import FileSummary, Service
from odsgr.ui.render import (
    REVIEW_PAGE_ROWS,
    _json_records,
    _json_safe,
    _label_filter_choices,
    _status_label,
    _status_name,
    _strategy_label,
    augmentation_markdown,
    badge_html,
    balance_frame,
    comparison_frame,
    confusion_html,
    distribution_frame,
    drift_chart_frame,
    drift_html,
    drift_table,
    filter_history,
    gate_reasons,
    highlights_for_widget,
    intake_markdown,
    labelled_columns,
    metrics_frame,
    origin_label,
    per_class_frame,
    percent,
    reliability_html,
    review_decisions,
    review_table,
    rollback_choices,
    sdg_label,
    sdg_short,
    sdg_title,
    strategy_name,
    validation_size_markdown,
)
from odsgr.ui.texts import (
    ALL,
    BATCH_RESULT_KEYS,
    GENERIC_ERROR,
    HISTORY_KEYS,
    NOTICE_TITLE,
    SEARCH_FOR_ADMINS,
    TEXTS,
    TEXTS_FOR_ADMINS,
    VERSION_KEYS,
    Both,
    marker,
    say,
    say_block,
    say_count,
    t,
)

log = logging.getLogger(__name__)


RESULT_ROWS_SHOWN = 1_000


HISTORY_PAGE_ROWS = 50


API_HISTORY_MAX_ROWS = 1_000


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
    # (Functions take any attribute; typeshed's functools._Wrapped just does not declare it.)
    wrapper.__signature__ = inspect.signature(fn, eval_str=True)  # type: ignore[attr-defined]
    return wrapper


def _progress_callback(progress: gr.Progress) -> Callable[[float, str], None]:
    def update(fraction: float, message: str) -> None:
        progress(fraction, desc=message)

    return update


def _file_path(file: object) -> str | None:
    if file is None or file == "":
        return None
    if isinstance(file, Mapping):
        return file.get("path")
    return str(getattr(file, "name", file))


class OdsgrApp:
    """The handlers of the app, bound to one service and one access policy."""

    def __init__(self, service: Service, access: AccessPolicy, hub_status: str = "") -> None:
        self.service = service
        self.access = access
        self.hub_status = hub_status

    # --------------------------------------------------------------- shared logic
    def _actor(self, password: str | None, profile: Mapping | None) -> str:
        return self.access.authorize(password or None, profile, client=_client_address())

    def _texts_visible(self, password: str | None, profile: Mapping | None) -> bool:
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
        folder = self.service.download_folder()
        return self.service.classify_file(
            path,
            [folder / f"odsgr_resultados{extension}" for extension in extensions],
            BatchOptions(
                text_column=text_column or None, store_for_review=store_for_review is True
            ),
            progress,
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
        augment_options: AugmentOptions | None = None,
        columns: tuple[str | None, str | None] = (None, None),
    ) -> RetrainSummary:
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
        return self.service.predict(
            text, store_for_review=store_for_review is True, origin="api"
        ).to_dict()

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
        predictions = self.service.predict_many(texts, store_for_review=store_for_review is True)
        return [prediction.to_dict() for prediction in predictions]

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
        excel = path is not None and Path(path).suffix.lower() in (".xlsx", ".xls")
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
        return result.candidate, _json_safe(result.to_dict())

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
        return _json_safe({**report.to_dict(), "series": _json_records(series)})

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
            "current": self.service.current_version_id(),
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
            cached = self.service.current_version_id() or "ninguna"
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
        probabilities = {sdg_label(k): v for k, v in result.probabilities.items()}
        explanation = result.explanation
        terms = labelled_columns(
            pd.DataFrame(explanation.terms if explanation else [], columns=["term", "weight"]),
            ["col_term", "col_weight"],
        )
        notes = [say("classify_warning", warning=html.escape(w)) for w in result.warnings]
        if result.queued_for_review:
            notes.append(say("classify_queued"))
        warnings = "\n\n".join(notes)
        return (
            badge_html(result),
            probabilities,
            highlights_for_widget(explanation.highlights if explanation else []),
            terms,
            warnings,
        )

    def ui_inspect_upload(self, file: object) -> tuple:
        """Preview an uploaded file and offer every column as the text column."""
        path = _file_path(file)
        if not path:
            return gr.Dropdown(choices=[], value=None), None, ""
        try:
            table = self.service.inspect_upload(path)
        except OdsgrError as error:
            message = say("upload_unusable", error=html.escape(str(error)))
            return gr.Dropdown(choices=[], value=None), None, message
        column = table.text_column
        rows = say_count("rows", table.rows)
        if column is None:
            message = say("upload_choose_column", rows=rows)
        else:
            message = say("upload_detected", rows=rows, column=html.escape(column))
        return (
            gr.Dropdown(choices=list(table.columns), value=column),
            table.preview,
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
            table = self.service.inspect_upload(path)
        except OdsgrError:
            return empty, empty
        choices = list(table.columns)
        return (
            gr.Dropdown(choices=choices, value=table.text_column),
            gr.Dropdown(choices=choices, value=table.label_column),
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
        assert result is not None  # head_rows > 0 keeps the first rows of a file with rows
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
                frame, report = self.service.validate_labelled(
                    path, text_column or None, label_column or None
                )
            else:
                rows = _table_rows(table)
                if rows is None:
                    return say("validate_needs_data")
                frame, report = self.service.validate_labelled(rows)
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
            seed = None
            if augment_seed not in (None, ""):
                try:
                    seed = int(augment_seed)
                except (TypeError, ValueError):
                    raise DataError(say("augment_seed_whole")) from None
            ratio = _positive_number(augment_ratio, "proporción") or 0.8
            options = AugmentOptions(ratio=ratio, seed=seed)
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
        gate = result.gate
        reasons = "\n".join(f"- {reason}" for reason in gate_reasons(gate))
        summary = (
            say_block("candidate_title", candidate=result.candidate, parent=result.parent)
            + f"\n\n{say('gate_accepted' if gate.accepted else 'gate_rejected')}\n\n"
            + f"{reasons}\n\n"
            + intake_markdown(result)
            + "\n\n"
            + say(
                "candidate_rows",
                train_rows=result.train_rows,
                strategy=strategy_name(result.strategy),
            )
            + f"\n\n{result.message or ''}\n\n"
            f"{augmentation_markdown(result.augmentation)}\n\n" + say("candidate_next")
        )
        augmentation = result.augmentation or {}
        balance_table = gr.Dataframe(
            value=balance_frame(pd.DataFrame(augmentation.get("class_balance", []))),
            visible=bool(augmentation),
        )
        comparison = comparison_frame(pd.DataFrame(result.comparison))
        current_cm = {
            "labels": result.labels,
            "confusion_matrix": result.current_confusion_matrix,
        }
        candidate_cm = {
            "labels": result.labels,
            "confusion_matrix": result.candidate_confusion_matrix,
        }
        return (
            result.candidate,
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
        path = self.service.export_labelled(rows)
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


def _parsed_number(value: object) -> float | None:
    """``value`` as a float: ``None`` when empty, NaN when it is not a number."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan


def _whole_number(value: object, name: str) -> int | None:
    """``value`` as an int (``None`` when empty); DataError naming ``name`` otherwise."""
    number = _parsed_number(value)
    if number is None:
        return None
    if isinstance(value, bool) or not math.isfinite(number) or abs(number) > 2**53:
        raise DataError(f"«{name}» debe ser un número entero (recibido: {str(value)[:40]!r}).")
    return int(number)


def _positive_number(value: object, name: str) -> float | None:
    """``value`` as a finite number > 0, ``None`` when empty; DataError naming ``name`` else."""
    number = _parsed_number(value)
    if number is None:
        return None
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
