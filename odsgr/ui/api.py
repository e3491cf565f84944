"""The named API endpoints of the odsgr app (:class:`ApiEndpoints`): JSON in, JSON out.

Each ``api_*`` method calls :class:`odsgr.service.Service` and turns its typed result into plain
JSON (``.to_dict()`` happens here, at the edge). The screen handlers
(:class:`odsgr.ui.handlers.OdsgrApp`) extend this class and share its access checks.

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
from odsgr.service import FileSummary, Service
from odsgr.ui.render import (
    _json_records,
    _json_safe,
    filter_history,
)
from odsgr.ui.texts import (
    GENERIC_ERROR,
    NOTICE_TITLE,
    SEARCH_FOR_ADMINS,
    TEXTS_FOR_ADMINS,
    say,
)

log = logging.getLogger(__name__)

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


def upload_path(file: object) -> str | None:
    if file is None or file == "":
        return None
    if isinstance(file, Mapping):
        return file.get("path")
    return str(getattr(file, "name", file))


class ApiEndpoints:
    """The named endpoints, bound to one service and one access policy."""

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
        days = None if strategy != "window" else positive_number(window_days, "window_days")
        sources: dict = {}
        if path:
            sources["paths"] = [path]
            sources["text_column"], sources["label_column"] = (c or None for c in columns)
        else:
            rows = table_rows(table)
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
    ) -> tuple[pd.DataFrame, pd.DataFrame, int, int]:
        """``(rows of the page, every matching row, page number, pages)``: the history is read
        and filtered once per call."""
        if search is not None and not isinstance(search, str):
            raise DataError(f"«search» debe ser un texto (recibido: {str(search)[:40]!r}).")
        matching = filter_history(self.service.history(), label, source, search)
        pages = max(1, math.ceil(len(matching) / page_rows))
        page_number = min(max(1, whole_number(page, "page") or 1), pages)
        start = (page_number - 1) * page_rows
        return matching.iloc[start : start + page_rows], matching, page_number, pages

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
        path = upload_path(file)
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
            upload_path(file),
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
        page_rows = max(1, min(whole_number(page_size, "page_size") or 100, API_HISTORY_MAX_ROWS))
        rows, matching, page_number, pages = self._history_page(
            label, source, search, page, page_rows
        )
        by_label = matching["label"].astype(int).value_counts().sort_index()
        result = {
            "total": len(matching),
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


def whole_number(value: object, name: str) -> int | None:
    """``value`` as an int (``None`` when empty); DataError naming ``name`` otherwise."""
    number = _parsed_number(value)
    if number is None:
        return None
    if isinstance(value, bool) or not math.isfinite(number) or abs(number) > 2**53:
        raise DataError(f"«{name}» debe ser un número entero (recibido: {str(value)[:40]!r}).")
    return int(number)


def positive_number(value: object, name: str) -> float | None:
    """``value`` as a finite number > 0, ``None`` when empty; DataError naming ``name`` else."""
    number = _parsed_number(value)
    if number is None:
        return None
    if isinstance(value, bool) or not math.isfinite(number) or number <= 0:
        raise DataError(f"«{name}» debe ser un número mayor que 0 (recibido: {str(value)[:40]!r}).")
    return number


def table_rows(table: pd.DataFrame | None) -> pd.DataFrame | None:
    """The filled rows of the editable text/label table, or None when it is empty."""
    if table is None or len(table) == 0:
        return None
    frame = pd.DataFrame(table).iloc[:, :2].copy()
    frame.columns = ["text", "label"]
    filled = frame["text"].astype(str).str.strip().ne("") & frame["text"].notna()
    frame = frame[filled]
    return None if frame.empty else frame.reset_index(drop=True)
