"""Cards published on the Hugging Face Hub: the model card of a version, the dataset card and the
Space README. Pure text builders: nothing here touches the network.

A card only ever contains metadata already stored with the version (metrics, counts, checksums)
and public repository ids; settings secrets are never read here.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pandas as pd
import yaml
from huggingface_hub import EvalResult, ModelCard, ModelCardData

from odsgr import evaluate
from odsgr.registry import ModelVersion
from odsgr.sdg import label_name, sdg
from odsgr.storage import atomic_path

log = logging.getLogger(__name__)

LICENSE = "apache-2.0"
CONFUSION_IMAGE = "confusion_matrix.png"
_METRIC_NAMES = {
    "precision_macro": "Precisión macro",
    "recall_macro": "Exhaustividad (recall) macro",
    "f1_macro": "F1 macro",
    "accuracy": "Exactitud",
}


def markdown_table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A GitHub-flavoured markdown table (floats with four decimals)."""
    return pd.DataFrame(list(rows), columns=list(headers)).to_markdown(index=False, floatfmt=".4f")


def _frame_table(frame: pd.DataFrame, index: bool = False) -> str:
    if index:
        frame = frame.reset_index(names="")
    return markdown_table(list(frame.columns), frame.itertuples(index=False, name=None))


def write_confusion_png(metrics: Mapping, path: Path) -> None:
    """Draw the confusion matrix as a PNG (matplotlib is imported here: only pushes need it)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = [f"ODS {label}" for label in metrics["labels"]]
    matrix = metrics["confusion_matrix"]
    size = max(4.0, 0.6 * len(labels) + 2)
    figure, axes = plt.subplots(figsize=(size, size))
    axes.imshow(matrix, cmap="Blues")
    axes.set_xticks(range(len(labels)), labels, rotation=45, ha="right")
    axes.set_yticks(range(len(labels)), labels)
    axes.set_xlabel("ODS predicho")
    axes.set_ylabel("ODS real")
    for i, row in enumerate(matrix):
        for j, value in enumerate(row):
            axes.text(j, i, str(value), ha="center", va="center")
    figure.tight_layout()
    with atomic_path(path) as temporary:
        figure.savefig(temporary, format="png", dpi=100)
    plt.close(figure)


def _card_data(meta: Mapping, model_repo: str, dataset_repo: str, revision: str) -> ModelCardData:
    metrics = meta.get("validation_metrics", {})
    dataset = dataset_repo or "validacion-fija-odsgr"
    results = [
        EvalResult(
            task_type="text-classification",
            task_name="Clasificación de textos según los ODS",
            dataset_type=dataset,
            dataset_name="Conjunto de validación fijo de odsgr",
            dataset_split="validation",
            dataset_revision=revision or None,
            metric_type=metric,
            metric_name=name,
            metric_config="macro",
            metric_value=round(float(metrics[key]), 6),
        )
        for key, metric, name in (
            ("f1_macro", "f1", "F1 macro"),
            ("precision_macro", "precision", "Precisión macro"),
            ("recall_macro", "recall", "Exhaustividad macro"),
        )
        if key in metrics
    ]
    return ModelCardData(
        language="es",
        license=LICENSE,
        library_name="sklearn",
        pipeline_tag="text-classification",
        tags=["sdg", "ods", "text-classification", "sklearn", "spanish", "agenda-2030"],
        datasets=[dataset_repo] if dataset_repo else None,
        model_name=(model_repo or "odsgr").split("/")[-1],
        eval_results=results or None,
        odsgr_version=meta.get("version"),
        odsgr_parent=meta.get("parent"),
        data_sha256=meta.get("data_sha256"),
        model_sha256=meta.get("model_sha256"),
        sklearn_version=meta.get("sklearn_version"),
        dataset_revision=revision or None,
    )


def _training_section(meta: Mapping, dataset_repo: str, revision: str) -> str:
    counts = {int(k): int(v) for k, v in meta.get("class_counts", {}).items()}
    total = sum(counts.values()) or 1
    rows = [
        [f"ODS {label}", label_name(label), count, f"{100 * count / total:.1f} %"]
        for label, count in sorted(counts.items())
    ]
    synthetic = int(meta.get("synthetic_rows", 0))
    train_rows = int(meta.get("train_rows", sum(counts.values())))
    where = (
        f"Conjunto de datos: [`{dataset_repo}`](https://huggingface.co/datasets/{dataset_repo}), "
        f"revisión `{revision}` (split `train` = historial etiquetado, `validation` = validación "
        "fija; datos personales enmascarados)."
        if dataset_repo
        else "El historial etiquetado no se publica en un repositorio de datos del Hub."
    )
    return "\n".join(
        [
            "## Datos de entrenamiento",
            "",
            f"- Filas de entrenamiento: **{train_rows}** ({train_rows - synthetic} reales, "
            f"{synthetic} sintéticas generadas con un LLM y marcadas como tales).",
            f"- Conjunto de validación fijo: {meta.get('validation_rows', '—')} textos reales, "
            "nunca usados para entrenar.",
            f"- Huella de los datos (SHA-256 de pares texto–etiqueta): `{meta.get('data_sha256')}`",
            f"- Huella de la validación: `{meta.get('validation_sha256')}`",
            f"- {where}",
            "",
            markdown_table(["ODS", "Nombre", "Textos", "Porcentaje"], rows),
        ]
    )


def _metrics_section(metrics: Mapping, image: bool) -> str:
    rows = [[name, float(metrics[key])] for key, name in _METRIC_NAMES.items() if key in metrics]
    parts = [
        "## Métricas en el conjunto de validación fijo",
        "",
        f"Medidas sobre {metrics.get('n', '—')} textos. Las medias macro dan el mismo peso a "
        "cada ODS, aunque tenga pocos textos.",
        "",
        markdown_table(["Métrica", "Valor"], rows),
        "",
        "### Por ODS",
        "",
        _frame_table(evaluate.per_class_table(metrics)),
        "",
        "### Matriz de confusión",
        "",
        "Filas: ODS real; columnas: ODS predicho.",
        "",
    ]
    if image:
        parts.append(f"![Matriz de confusión]({CONFUSION_IMAGE})")
    else:
        parts.append(_frame_table(evaluate.confusion_table(metrics), index=True))
    return "\n".join(parts)


def _reliability_section(meta: Mapping) -> str:
    """Calibration (ECE, reliability diagram as a table) and the «revisar» operating point."""
    calibration, curve = meta.get("calibration"), meta.get("risk_coverage")
    if not calibration or not curve:
        return ""
    scope = meta.get("scope", {})
    bins = [
        [f"{b['low']:.1f}–{b['high']:.1f}", b["count"], b["confidence"], b["accuracy"]]
        for b in calibration["bins"]
    ]
    points = [[p["flagged"], p["errors_caught"], p["risk"]] for p in curve[:7]]
    return "\n".join(
        [
            "## Calibración y revisión",
            "",
            f"Las probabilidades se calibran por escalado de temperatura (T = "
            f"{calibration.get('temperature') or 1:.3f}) ajustado con validación cruzada sobre "
            f"los textos de entrenamiento. Error de calibración esperado (ECE) en la validación "
            f"fija: **{calibration['ece']:.4f}**.",
            "",
            markdown_table(["Probabilidad", "Textos", "Confianza media", "Acierto"], bins),
            "",
            f"Umbral «revisar» por defecto: probabilidad < **{meta.get('review_threshold')}**, "
            "elegido en la curva riesgo–cobertura de la validación para marcar como máximo el "
            f"{100 * meta.get('review_budget', 0):.0f} % de los textos; marca el "
            f"{100 * scope.get('validation_flagged', 0):.1f} % y detecta el "
            f"{100 * scope.get('validation_errors_caught', 0):.0f} % de los errores "
            f"({100 * scope.get('validation_out_of_scope', 0):.1f} % marcados fuera de alcance).",
            "",
            markdown_table(["Textos marcados", "Errores detectados", "Error del resto"], points),
        ]
    )


def _comparison_section(meta: Mapping, parent: ModelVersion | None) -> str:
    if parent is None:
        return "## Comparación con la versión anterior\n\nEs la primera versión publicada."
    before = parent.metadata.get("validation_metrics", {})
    after = meta.get("validation_metrics", {})
    same_validation = parent.metadata.get("validation_sha256") == meta.get("validation_sha256")
    note = (
        "Ambas versiones se midieron sobre el mismo conjunto de validación."
        if same_validation
        else "Atención: la versión anterior se midió sobre otro conjunto de validación."
    )
    table = _frame_table(evaluate.comparison_table(before, after))
    gate = meta.get("gate") or {}
    reasons = " ".join(gate.get("reasons", []))
    decision = ""
    if gate:
        verdict = "aceptada" if gate.get("accepted") else "rechazada (promovida a mano)"
        decision = f"\n\nControl de calidad: {verdict}. {reasons}".rstrip()
    return (
        f"## Comparación con la versión anterior ({parent.version})\n\n{note}\n\n{table}{decision}"
    )


def _usage_section(version: str, model_repo: str, space_id: str) -> str:
    space = space_id or "ORGANIZACION/ESPACIO"
    repo = model_repo or "ORGANIZACION/MODELO"
    return f"""## Cómo usarlo

Desde la aplicación (Space) con `gradio_client`:

```python
from gradio_client import Client

client = Client("{space}")  # hf_token=... si el Space es privado
resultado = client.predict("Texto ciudadano en español…", api_name="/predict")
print(resultado["label"], resultado["label_name"], resultado["probability"])
```

Cargando el archivo del modelo (requiere la misma versión de scikit-learn; compruebe la suma
SHA-256 de `metadata.json` antes de cargarlo, porque joblib ejecuta código al deserializar):

```python
import joblib
from huggingface_hub import hf_hub_download

ruta = hf_hub_download("{repo}", "model.joblib", revision="{version}")  # o revision="current"
modelo = joblib.load(ruta)
print(modelo.predict(["Texto ciudadano en español…"]))
```

Con la línea de comandos de odsgr: `python -m odsgr pull --version {version}`."""


def render_model_card(
    version: ModelVersion,
    parent: ModelVersion | None = None,
    *,
    model_repo: str = "",
    dataset_repo: str = "",
    dataset_revision: str = "",
    space_id: str = "",
    confusion_image: bool = False,
) -> str:
    """The README.md of a model version: YAML metadata (with ``model-index``) and a Spanish body.

    Args:
        version: the stored version (its metadata provides every figure).
        parent: the version it was compared with, if known locally.
        model_repo, dataset_repo, dataset_revision, space_id: public ids shown in the card.
        confusion_image: the folder has ``confusion_matrix.png`` (else a markdown table is used).

    Returns:
        The card text; ``huggingface_hub.ModelCard`` reads its metadata back.
    """
    meta = version.metadata
    metrics = meta.get("validation_metrics", {})
    labels = [int(label) for label in meta.get("labels", metrics.get("labels", []))]
    goals = "\n".join(
        f"- **{sdg(label).title()}**: {sdg(label).description_es}" for label in labels
    )
    demo = (
        "> **Versión de demostración**: entrenada con 120 textos inventados; no la use para "
        "decisiones reales.\n\n"
        if meta.get("demo")
        else ""
    )
    body = f"""
# Clasificador de textos ciudadanos según los ODS — versión {version.version}

{demo}Modelo de `odsgr` que asigna a un texto ciudadano en español (consultas, diagnósticos
territoriales, informes comunitarios) el Objetivo de Desarrollo Sostenible (ODS) al que se refiere,
con la probabilidad de cada ODS. Creado el {meta.get("created_at")}; versión anterior:
{meta.get("parent") or "ninguna"}; clasificador `{meta.get("classifier", "—")}` (TF-IDF + modelo
lineal de scikit-learn {meta.get("sklearn_version")}).

## Uso previsto y usuarios

Pensado para los equipos técnicos de UNFPA y de entidades públicas que siguen la Agenda 2030:
ordenar y contar grandes volúmenes de textos por ODS, priorizar la lectura y preparar informes.
Es una ayuda a la lectura, no una decisión automática: las predicciones con probabilidad baja se
marcan «revisar» y deben leerse por una persona.

## ODS cubiertos

{goals}

Un texto que parece tratar de otro ODS se marca «fuera de los ODS del modelo» (`in_scope`
falso) y «revisar», aunque se indique el ODS cubierto más cercano.

{_training_section(meta, dataset_repo, dataset_revision)}

{_metrics_section(metrics, confusion_image)}

{_reliability_section(meta)}

{_comparison_section(meta, parent)}

## Límites y riesgos

- Solo español; los textos en otras lenguas o que no son lenguaje (números, emojis, letras al
  azar) reciben un aviso y «revisar»; los muy cortos (menos de 20 caracteres) son poco fiables.
- Un texto que trata varios ODS recibe una sola etiqueta (la más probable); mire las
  probabilidades.
- Los ODS con pocos textos de entrenamiento se reconocen peor (vea la tabla por ODS).
- Los datos pueden reflejar sesgos de quién escribe y de quién etiqueta; los textos sintéticos
  pueden ser menos variados que los reales.
- Los textos pueden contener datos personales: en el Hub se publican enmascarados, pero no envíe
  datos personales innecesarios a la aplicación.

{_usage_section(version.version, model_repo, space_id)}

## Procedencia

- Versión `{version.version}`, padre `{meta.get("parent") or "—"}`, estrategia
  `{meta.get("strategy", "—")}`.
- SHA-256 de `model.joblib`: `{meta.get("model_sha256")}`
- Licencia: Apache 2.0.
"""
    card_data = _card_data(meta, model_repo, dataset_repo, dataset_revision)
    return f"---\n{card_data.to_yaml()}\n---\n{body}"


def load_model_card(path: Path) -> ModelCard:
    """Parse a model card file (a check that the Hub will read its metadata)."""
    return ModelCard.load(path)


def render_dataset_card(
    history: pd.DataFrame,
    validation: pd.DataFrame,
    *,
    dataset_repo: str,
    model_repo: str = "",
    masked: Mapping[str, int] | None = None,
) -> str:
    """Spanish body of the dataset card (``datasets`` keeps its own YAML metadata above it)."""
    counts = history["label"].astype(int).value_counts().sort_index()
    synthetic = int(history["synthetic"].astype(bool).sum()) if "synthetic" in history else 0
    rows = [[f"ODS {label}", label_name(int(label)), int(n)] for label, n in counts.items()]
    masked_text = (
        ", ".join(f"{kind}: {n}" for kind, n in sorted(masked.items())) if masked else "ninguno"
    )
    model_line = (
        f"Modelos entrenados con estos datos: [`{model_repo}`](https://huggingface.co/{model_repo})"
        " (la etiqueta `vN` de este repositorio es la revisión usada por la versión `vN`)."
        if model_repo
        else "Cada etiqueta `vN` es la revisión de los datos de la versión de modelo `vN`."
    )
    return f"""
# Textos ciudadanos etiquetados por ODS (odsgr)

Historial de textos ciudadanos en español etiquetados con el Objetivo de Desarrollo Sostenible
(ODS) al que se refieren, usado para entrenar los modelos de `odsgr`. {model_line}

## Splits

- `train`: el historial etiquetado ({len(history)} filas; {synthetic} sintéticas). Columnas:
  `text`, `label` (número de ODS), `source` (archivo o proceso de origen), `added_at` (fecha UTC en
  que se aceptó), `synthetic` (generado por un LLM).
- `validation`: el conjunto de validación fijo ({len(validation)} textos reales), nunca usado para
  entrenar; todas las versiones se miden sobre él.

{markdown_table(["ODS", "Nombre", "Textos (train)"], rows)}

## Datos personales

Antes de publicar, los datos personales (correos, teléfonos, documentos, direcciones, nombres) se
sustituyen por marcadores como `[CORREO]` o `[NOMBRE]`. Entidades enmascaradas en esta revisión:
{masked_text}. El enmascarado no es perfecto (vea `docs/privacy.md`): no redistribuya estos datos
fuera de la organización.

## Uso

```python
from datasets import load_dataset

datos = load_dataset("{dataset_repo}", revision="v1")  # la revisión de una versión de modelo
```
"""


def render_space_readme(front_matter: Mapping, body: str) -> str:
    """A Space README: YAML front matter (title, sdk, …) followed by ``body``."""
    header = yaml.safe_dump(dict(front_matter), allow_unicode=True, sort_keys=False).strip()
    return f"---\n{header}\n---\n\n{strip_front_matter(body).lstrip()}"


def strip_front_matter(text: str) -> str:
    """``text`` without a leading ``---`` YAML block."""
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end != -1:
            return text[end + 4 :].lstrip("\n")
    return text
