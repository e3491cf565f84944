"""Pure formatters: results (dicts, frames) in, widget values (HTML, Markdown, frames) out.

Nothing here calls the service, reads or writes a file: these functions can be tested without a
server.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Mapping
from typing import overload

import pandas as pd
from gradio.i18n import I18nData

from odsgr import data, drift, evaluate
from odsgr.access import AccessPolicy
from odsgr.errors import (
    DataError,
)
from odsgr.results import DriftReport, GateDecision, Prediction, RetrainSummary, TrainSummary
from odsgr.sdg import SDGS
from odsgr.service import STRATEGIES
from odsgr.ui.texts import (
    ALL,
    DRIFT_INDICATORS,
    DRIFT_KEYS,
    REVIEW_KEYS,
    TEXTS,
    Both,
    marker,
    say,
    say_block,
    say_count,
    t,
)

REVIEW_PAGE_ROWS = 25


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


def percent(value: float | str | None) -> str:
    """A probability as ``"86 %"``, as in «Clasificar»; empty when missing."""
    if value is None:
        return ""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return ""
    return "" if math.isnan(number) else f"{100 * number:.0f} %"


def _json_records(frame: pd.DataFrame) -> list[dict]:
    return json.loads(frame.to_json(orient="records", force_ascii=False, date_format="iso"))


def badge_html(result: Prediction) -> str:
    """The predicted SDG as a coloured badge (grey when the text seems to be about another SDG),
    plus the «revisar» flag when the prediction needs review."""
    goal = SDGS[int(result.label)]
    if not result.in_scope:
        known = ", ".join(str(label) for label in sorted(int(k) for k in result.probabilities))
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
        f'<span style="white-space:nowrap">{percent(result.probability)}</span></div>'
    )
    if result.needs_review:
        badge += f'<span class="odsgr-review">{say("badge_review")}</span>'
    return f'<div>{badge}<p class="odsgr-es">{html.escape(goal.description_es)}</p></div>'


def highlights_for_widget(highlights: list) -> list[tuple[str, float | None]]:
    """Scale the explanation weights to [-1, 1], as ``gr.HighlightedText`` expects."""
    weights = [abs(w) for _, w in highlights if w is not None]
    top = max(weights, default=0.0) or 1.0
    return [(fragment, None if w is None else round(w / top, 3)) for fragment, w in highlights]


MIN_VALIDATION_TEXTS = 100


MIN_VALIDATION_PER_CLASS = 10


def intake_markdown(result: TrainSummary | RetrainSummary) -> str:
    """What the rows read became: new, already stored, relabelled, conflicts, dropped."""
    intake = result.intake
    line = say(
        "intake",
        rows_read=intake.rows_read,
        new_texts=intake.new_texts,
        already_stored=intake.already_stored,
        relabelled=intake.relabelled,
        conflicts=intake.conflicts,
        dropped=intake.dropped,
        validation=result.in_validation + result.to_validation,
    )
    relabels = [
        "- "
        + say(
            "relabel_line",
            text=html.escape(r["text"][:80]),
            previous=r["previous_label"],
            label=r["label"],
        )
        for r in intake.relabels[:10]
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


def _strategy_choices() -> list[tuple[str | I18nData, str]]:
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


def _label_filter_choices(history: pd.DataFrame) -> list[tuple[str | I18nData, str]]:
    labels = sorted(history["label"].dropna().astype(int).unique()) if len(history) else []
    choices: list[tuple[str | I18nData, str]] = [(t("all"), ALL)]
    return choices + [(t(f"sdg_{number:02d}"), str(number)) for number in labels]


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
    decisions: list[dict[str, str | int | None]] = []
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


@overload
def _json_safe(value: Mapping) -> dict: ...


@overload
def _json_safe(value: object) -> object: ...


def _json_safe(value: object) -> object:
    """``value`` with NaN/±inf floats as ``None`` (JSON has no such numbers)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, Mapping):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    return value


def _share(value: float | None) -> str:
    return "—" if value is None else f"{100 * float(value):.1f} %"


def drift_table(report: DriftReport) -> pd.DataFrame:
    """Production vs validation figures of a drift report, one row per indicator.

    The PSI of fewer than ``drift.MIN_PREDICTIONS`` predictions is shown as «insuficiente»: the
    mix of a handful of texts says nothing about a shift.
    """
    base = report.baseline or {}
    production = report.production
    psi = report.psi
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


def drift_warnings(report: DriftReport) -> list[str]:
    """The warnings of :func:`odsgr.drift.report`, in both languages, from its figures."""
    base = report.baseline
    production = report.production
    count = int(production.get("predictions") or 0)
    if base is None:
        return [say("drift_no_baseline", version=html.escape(str(report.version)))]
    if count == 0:
        return []
    if count < drift.MIN_PREDICTIONS:
        return [say("drift_few", predictions=say_count("predictions", count))]
    warnings = []
    if report.psi is not None and report.psi > drift.PSI_WARNING:
        warnings.append(say("drift_psi_shift", psi=f"{report.psi:.3f}", limit=drift.PSI_WARNING))
    if (report.low_confidence_ratio or 0) >= drift.LOW_CONFIDENCE_FACTOR:
        warnings.append(
            say(
                "drift_low_confidence_up",
                now=_share(production.get("low_confidence_share")),
                base=_share(base.get("low_confidence_share")),
            )
        )
    if (report.oov_ratio or 0) >= drift.OOV_FACTOR:
        warnings.append(
            say(
                "drift_oov_up",
                now=_share(production.get("oov_share")),
                base=_share(base.get("oov_share")),
            )
        )
    return warnings


def drift_html(report: DriftReport) -> str:
    """A warning box when a retrain is suggested, else a short line."""
    warnings = drift_warnings(report)
    if report.retrain_suggested:
        items = "".join(f"<li>{w}</li>" for w in warnings)
        return (
            f'<div class="odsgr-demo">{say("drift_retrain")}<ul>{items}</ul>'
            f"{say('drift_retrain_next')}</div>"
        )
    if warnings:
        return "<div>" + "<br>".join(warnings) + "</div>"
    if not report.production.get("predictions"):
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


def _sdg_table(table: pd.DataFrame, keys: Mapping[str, str]) -> pd.DataFrame:
    """``table`` (Spanish headers, columns ``ODS`` and ``Nombre``) with its SDG names translated
    and its headers renamed to the translation keys ``keys``."""
    frame = table.copy()
    if "ODS" in frame and "Nombre" in frame:
        frame["Nombre"] = frame["ODS"].map(sdg_label)
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
    return _sdg_table(table, keys)


def gate_reasons(gate: GateDecision) -> list[str]:
    """Why the quality gate (:func:`odsgr.evaluate.promotion_gate`) decided so, in both
    languages, from its figures."""
    f1_delta, f1_tolerance = gate.f1_delta, gate.f1_tolerance
    recall_tolerance = gate.recall_tolerance
    if f1_delta is None:
        return [say("gate_no_current")]
    reasons = []
    if f1_delta < -f1_tolerance:
        reasons.append(
            say("gate_f1_drop", drop=f"{-f1_delta:.4f}", tolerance=f"{f1_tolerance:.4f}")
        )
    for label, delta in gate.recall_deltas.items():
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
    return _sdg_table(table, keys)


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
