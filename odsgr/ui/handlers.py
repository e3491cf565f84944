"""The screen handlers of the odsgr app: :class:`OdsgrApp` (the tabs' events).

:class:`OdsgrApp` extends :class:`odsgr.ui.api.ApiEndpoints` (the named API endpoints) with the
``ui_*`` handlers, which format the same service results for widgets and are hidden from the API
(``api_visibility``). They never read or write files, nor reach the registry or the Hub.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable

import gradio as gr
import pandas as pd

from odsgr import evaluate
from odsgr.errors import (
    AccessDeniedError,
    DataError,
    HubOfflineError,
    OdsgrError,
)
from odsgr.results import AugmentOptions
from odsgr.sdg import SDGS
from odsgr.ui.api import (
    ApiEndpoints,
    positive_number,
    table_rows,
    upload_path,
)
from odsgr.ui.render import (
    REVIEW_PAGE_ROWS,
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
    HISTORY_KEYS,
    TEXTS,
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


def _progress_callback(progress: gr.Progress) -> Callable[[float, str], None]:
    def update(fraction: float, message: str) -> None:
        progress(fraction, desc=message)

    return update


class OdsgrApp(ApiEndpoints):
    """The handlers of the app: the API endpoints plus the screens' handlers."""

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
        path = upload_path(file)
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
        path = upload_path(file)
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
                upload_path(file),
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
        path = upload_path(file)
        try:
            if path:
                frame, report = self.service.validate_labelled(
                    path, text_column or None, label_column or None
                )
            else:
                rows = table_rows(table)
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
            ratio = positive_number(augment_ratio, "proporción") or 0.8
            options = AugmentOptions(ratio=ratio, seed=seed)
        result = self._retrain(
            upload_path(file),
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
        rows, matching, page_number, pages = self._history_page(
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
        info = say(
            "page_info", texts=say_count("texts", len(matching)), page=page_number, pages=pages
        )
        download = gr.DownloadButton(visible=False)
        if texts:
            # a DownloadButton downloads the file it holds when clicked: ready it with the filter
            download = gr.DownloadButton(
                value=str(self.service.export_labelled(matching)), visible=True
            )
        else:
            info += "\n\n" + say("texts_for_admins")
        return shown, info, page_number, download

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
