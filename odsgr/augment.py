"""Balance the classes of a labelled data set with synthetic Spanish texts.

Minority SDGs are topped up until each reaches ``ratio`` times the majority count. Texts come
from an OpenAI-compatible chat model through the official ``openai`` client (structured JSON
output, with a plain-text fallback for servers without it) or, when no endpoint is configured,
from a clearly labelled offline recombination of same-class sentences. Every candidate passes
the same quality gate (not empty, Spanish, length within the class range, optionally agreed by
the current model, not a near-duplicate). Responses are cached on disk and appended to a per-run
checkpoint, so an identical request is never paid twice and a cancelled or failed run resumes
where it stopped.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import re
import threading
import zlib
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import openai
import pandas as pd
from sklearn.pipeline import Pipeline

from odsgr import evaluate
from odsgr.config import Settings
from odsgr.data import text_key, text_key_of
from odsgr.errors import DataError, LLMError
from odsgr.language import is_spanish
from odsgr.model import fit as fit_model
from odsgr.model import model_labels, predict_arrays
from odsgr.sdg import OUT_OF_SCOPE, SDGS, label_name
from odsgr.storage import atomic_path

log = logging.getLogger(__name__)

OFFLINE_METHOD = "offline:recombination"
REJECTION_REASONS = ("empty", "not_spanish", "length", "model_disagrees", "near_duplicate")
DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_RETRIES = 3
TEXTS_PER_REQUEST = 5
SOURCES_PER_REQUEST = 3
LENGTH_SLACK = 0.10
NEAR_DUPLICATE_JACCARD = 0.8
MAX_CONSECUTIVE_FAILURES = 2
# Local OpenAI-compatible servers need no key, but the client refuses to start without one.
PLACEHOLDER_API_KEY = "sk-no-key-required"

RESPONSE_FORMAT: dict[str, Any] = {
    "type": "json_schema",
    "json_schema": {
        "name": "textos_sinteticos",
        "strict": True,
        "schema": {
            "type": "object",
            "properties": {"textos": {"type": "array", "items": {"type": "string"}}},
            "required": ["textos"],
            "additionalProperties": False,
        },
    },
}


@dataclass
class AugmentReport:
    """What an augmentation run did, for the UI, the CLI and the model card."""

    method: str
    target_ratio: float
    counts_before: dict[int, int]
    counts_after: dict[int, int]
    generated: int = 0
    accepted: int = 0
    rejected: dict[str, int] = field(default_factory=lambda: dict.fromkeys(REJECTION_REASONS, 0))
    requests: int = 0
    cached_requests: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    failed_requests: int = 0
    errors: list[str] = field(default_factory=list)
    resumed_requests: int = 0
    cancelled: bool = False
    checkpoint: str = ""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable copy."""
        return asdict(self)

    def balance_table(self) -> pd.DataFrame:
        """Per class: label, name, count and share before and after, absolute and relative change.

        Shares and the relative change are percentages (``50.0`` means +50 %).
        """
        total_before = sum(self.counts_before.values()) or 1
        total_after = sum(self.counts_after.values()) or 1
        rows = []
        for label in sorted(set(self.counts_before) | set(self.counts_after)):
            before = self.counts_before.get(label, 0)
            after = self.counts_after.get(label, 0)
            rows.append(
                {
                    "label": label,
                    "name": label_name(label) if label in SDGS else str(label),
                    "count before": before,
                    "% before": round(100 * before / total_before, 1),
                    "count after": after,
                    "% after": round(100 * after / total_after, 1),
                    "Δ abs": after - before,
                    "Δ rel": round(100 * (after - before) / before, 1) if before else math.nan,
                }
            )
        return pd.DataFrame(rows)


@dataclass
class DryRunEstimate:
    """Cost of an augmentation run without making it (tokens estimated as characters / 4)."""

    requests: int
    prompt_tokens: int
    completion_tokens: int
    per_class: dict[int, int]


# --- near-duplicate detection ---------------------------------------------------------------


def shingles(text: str, size: int = 5) -> set[str]:
    """Character ``size``-grams of the text key of ``text`` (see :func:`odsgr.data.text_key_of`)."""
    normal = text_key_of(text)
    if len(normal) <= size:
        return {normal} if normal else set()
    return {normal[i : i + size] for i in range(len(normal) - size + 1)}


def jaccard(first: set[str], second: set[str]) -> float:
    """Jaccard similarity of two shingle sets (0.0 for two empty sets)."""
    union = len(first | second)
    return len(first & second) / union if union else 0.0


class NearDuplicateIndex:
    """Finds texts whose 5-shingle Jaccard similarity with an indexed text reaches ``threshold``.

    MinHash signatures split into LSH bands propose candidates; the exact Jaccard of each
    candidate decides. With 20 bands of 5 rows a pair at Jaccard 0.8 is proposed with
    probability 0.9997, while unrelated texts rarely are, so a lookup costs a few set
    intersections instead of one per indexed text.
    """

    _PRIME = (1 << 31) - 1

    def __init__(self, threshold: float = NEAR_DUPLICATE_JACCARD, bands: int = 20, rows: int = 5):
        self.threshold = threshold
        self.bands = bands
        self.rows = rows
        generator = np.random.default_rng(20240917)
        permutations = bands * rows
        self._a = generator.integers(1, self._PRIME, size=permutations, dtype=np.uint64)
        self._b = generator.integers(0, self._PRIME, size=permutations, dtype=np.uint64)
        self._shingles: list[set[str]] = []
        self._buckets: list[dict[bytes, list[int]]] = [{} for _ in range(bands)]

    def __len__(self) -> int:
        return len(self._shingles)

    def _band_keys(self, grams: set[str]) -> list[bytes]:
        hashes = np.fromiter(
            (zlib.crc32(gram.encode()) % self._PRIME for gram in grams),
            dtype=np.uint64,
            count=len(grams),
        )
        signature = ((np.outer(self._a, hashes) + self._b[:, None]) % self._PRIME).min(axis=1)
        return [
            signature[band * self.rows : (band + 1) * self.rows].tobytes()
            for band in range(self.bands)
        ]

    def similarity(self, text: str) -> float:
        """Highest Jaccard similarity of ``text`` with an indexed text among LSH candidates."""
        grams = shingles(text)
        if not grams or not self._shingles:
            return 0.0
        candidates: set[int] = set()
        for band, key in enumerate(self._band_keys(grams)):
            candidates.update(self._buckets[band].get(key, ()))
        return max((jaccard(grams, self._shingles[i]) for i in candidates), default=0.0)

    def is_near_duplicate(self, text: str) -> bool:
        """Whether ``text`` is at least ``threshold`` similar to an indexed text."""
        return self.similarity(text) >= self.threshold

    def add(self, text: str) -> None:
        """Index ``text``."""
        grams = shingles(text)
        position = len(self._shingles)
        self._shingles.append(grams)
        if grams:
            for band, key in enumerate(self._band_keys(grams)):
                self._buckets[band].setdefault(key, []).append(position)


# --- planning, prompts and parsing ------------------------------------------------------------


def _validate(frame: pd.DataFrame) -> None:
    missing = [column for column in ("text", "label") if column not in frame.columns]
    if missing:
        raise DataError(f"Faltan columnas para el aumento de datos: {', '.join(missing)}.")
    if frame.empty:
        raise DataError("No hay textos etiquetados que aumentar.")


def plan_augmentation(frame: pd.DataFrame, ratio: float = 0.8) -> dict[int, int]:
    """How many synthetic texts each SDG needs to reach ``ratio`` × the majority SDG's count.

    Rows labelled «otro» (:data:`~odsgr.sdg.OUT_OF_SCOPE`) are neither planned nor counted: a
    synthetic text "about no SDG of the model" has no topic to imitate.

    Args:
        frame: labelled texts with columns ``text`` and ``label``.
        ratio: target share of the majority count, in (0, 1].

    Returns:
        ``{label: texts needed}`` for every SDG present (0 for classes already at target).

    Raises:
        DataError: missing columns, no rows, no SDG rows, or a ratio outside (0, 1].
    """
    _validate(frame)
    if not 0 < ratio <= 1:
        raise DataError(f"La proporción objetivo debe estar entre 0 y 1 (se recibió {ratio}).")
    labels = frame["label"].astype(int)
    counts = labels[labels != OUT_OF_SCOPE].value_counts()
    if counts.empty:
        raise DataError("No hay textos etiquetados con un ODS que aumentar (solo «otro»).")
    target = math.ceil(ratio * int(counts.max()))
    return {int(label): max(0, target - int(counts[label])) for label in sorted(counts.index)}


def build_messages(label: int, sources: list[str], count: int) -> list[dict[str, str]]:
    """The chat messages asking for ``count`` new texts about SDG ``label`` like ``sources``."""
    goal = SDGS.get(label)
    topic = (
        f"ODS {label}: «{goal.name_es}». {goal.description_es}" if goal else f"Etiqueta {label}."
    )
    quoted = "\n".join(f"<texto>\n{' '.join(source.split())}\n</texto>" for source in sources)
    system = (
        "Eres un asistente que redacta textos de ciudadanos en español de España para entrenar "
        "un clasificador de Objetivos de Desarrollo Sostenible (ODS). Respondes solo con JSON."
    )
    user = (
        f"Tema: {topic}\n\n"
        f"Textos de ejemplo de este ODS:\n{quoted}\n\n"
        f"Escribe {count} textos nuevos sobre el mismo ODS, en español, con una longitud y un "
        "registro parecidos a los ejemplos. No copies frases de los ejemplos: cambia los hechos, "
        "los lugares y la redacción. Cada texto debe entenderse por sí solo. "
        'Devuelve un objeto JSON con la forma {"textos": ["...", "..."]}.'
    )
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def _prompt_text(messages: list[dict[str, str]]) -> str:
    return "\n".join(f"{message['role']}: {message['content']}" for message in messages)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_ITEM = re.compile(r"^\s*(?:\d+\s*[.):-]|[-*•])\s+(.*)$")
_FENCE = re.compile(r"^```[a-zA-Z]*\s*|\s*```$")
_QUOTES = "\"'«»“”"


def parse_texts(content: str) -> list[str]:
    """Texts from a model answer: JSON (object with a list, or a list), else numbered or
    bulleted lines, else blank-line separated paragraphs. Preambles ending in ":" are dropped."""
    stripped = _FENCE.sub("", (content or "").strip())
    try:
        parsed = json.loads(stripped)
    except ValueError:
        parsed = None
    if isinstance(parsed, dict):
        parsed = next((value for value in parsed.values() if isinstance(value, list)), None)
    if isinstance(parsed, list):
        return [str(item).strip() for item in parsed if isinstance(item, (str, int, float))]
    items: list[list[str]] = []
    for line in stripped.splitlines():
        match = _ITEM.match(line)
        if match:
            items.append([match.group(1)])
        elif items and line.strip():
            items[-1].append(line.strip())
    if not items:
        paragraphs = [" ".join(part.split()) for part in re.split(r"\n\s*\n", stripped)]
        items = [[part] for part in paragraphs if part and not part.endswith(":")]
    return [" ".join(item).strip().strip(_QUOTES).strip() for item in items]


# --- cache and checkpoint ---------------------------------------------------------------------


class _ResponseCache:
    """Model answers on disk, one JSON file per sha256(model + prompt + seed)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get(self, key: str) -> dict[str, Any] | None:
        path = self.folder / f"{key}.json"
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def put(self, key: str, record: dict[str, Any]) -> None:
        with atomic_path(self.folder / f"{key}.json") as temporary:
            temporary.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")


class _Checkpoint:
    """Answers of one run, appended as JSON lines as soon as they arrive."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.records: dict[str, dict[str, Any]] = {}
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                try:
                    record = json.loads(line)
                except ValueError:
                    continue  # a line cut short by a crash; that request is simply redone
                self.records[record["key"]] = record

    def append(self, record: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as stream:
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
            stream.flush()
            os.fsync(stream.fileno())
        self.records[record["key"]] = record


# --- quality gate -----------------------------------------------------------------------------


class _QualityGate:
    """Accepts or rejects candidate texts class by class, remembering what it accepted."""

    def __init__(
        self,
        frame: pd.DataFrame,
        agree_with: Callable[[list[str]], list[int]] | None,
    ) -> None:
        self.frame = frame
        self.agree_with = agree_with
        self._indexes: dict[int, NearDuplicateIndex] = {}
        self._bounds: dict[int, tuple[int, int]] = {}

    def bounds(self, label: int) -> tuple[int, int]:
        if label not in self._bounds:
            lengths = _originals(self.frame, label)["text"].str.len()
            low = math.floor(int(lengths.min()) * (1 - LENGTH_SLACK))
            high = math.ceil(int(lengths.max()) * (1 + LENGTH_SLACK))
            self._bounds[label] = (low, high)
        return self._bounds[label]

    def _index(self, label: int) -> NearDuplicateIndex:
        if label not in self._indexes:
            index = NearDuplicateIndex()
            for text in self.frame.loc[self.frame["label"] == label, "text"]:
                index.add(text)
            self._indexes[label] = index
        return self._indexes[label]

    def check(self, label: int, texts: list[str]) -> list[str | None]:
        """One rejection reason (or ``None`` for accepted) per text; accepted ones are indexed."""
        low, high = self.bounds(label)
        verdicts: list[str | None] = []
        for text in texts:
            if not text.strip():
                verdicts.append("empty")
            elif not is_spanish(text):
                verdicts.append("not_spanish")
            elif not low <= len(text) <= high:
                verdicts.append("length")
            else:
                verdicts.append(None)
        pending = [i for i, verdict in enumerate(verdicts) if verdict is None]
        if self.agree_with is not None and pending:
            predicted = self.agree_with([texts[i] for i in pending])
            for i, prediction in zip(pending, predicted, strict=True):
                if int(prediction) != label:
                    verdicts[i] = "model_disagrees"
        index = self._index(label)
        for i, verdict in enumerate(verdicts):
            if verdict is None:
                if index.is_near_duplicate(texts[i]):
                    verdicts[i] = "near_duplicate"
                else:
                    index.add(texts[i])
        return verdicts


def _originals(frame: pd.DataFrame, label: int) -> pd.DataFrame:
    rows = frame[frame["label"] == label]
    if "synthetic" in rows.columns:
        real = rows[~rows["synthetic"].fillna(False).astype(bool)]
        if not real.empty:
            return real
    return rows


# --- the run ----------------------------------------------------------------------------------


@dataclass
class _Synthetic:
    text: str
    label: int
    generator: str
    source_row: int
    prompt_hash: str


class _Run:
    """State shared by the LLM and offline generators of one ``augment`` call."""

    def __init__(
        self,
        frame: pd.DataFrame,
        plan: dict[int, int],
        report: AugmentReport,
        gate: _QualityGate,
        progress: Callable[[float, str], None] | None,
        cancel: threading.Event | None,
    ) -> None:
        self.frame = frame
        self.plan = plan
        self.report = report
        self.gate = gate
        self.progress = progress
        self.cancel = cancel
        self.rows: list[_Synthetic] = []
        self.accepted_per_class = dict.fromkeys(plan, 0)
        self._shingles: dict[int, set[str]] = {}

    def cancelled(self) -> bool:
        if self.cancel is not None and self.cancel.is_set():
            self.report.cancelled = True
            return True
        return False

    def missing(self, label: int) -> int:
        return self.plan[label] - self.accepted_per_class[label]

    def _source_shingles(self, position: int) -> set[str]:
        if position not in self._shingles:
            self._shingles[position] = shingles(self.frame["text"].iat[position])
        return self._shingles[position]

    def consider(
        self, label: int, texts: list[str], sources: list[int], generator: str, prompt_hash: str
    ) -> None:
        """Run ``texts`` through the gate and keep the accepted ones with their provenance."""
        for text, verdict in zip(texts, self.gate.check(label, texts), strict=True):
            if self.missing(label) <= 0:
                break  # texts beyond the need are neither counted nor kept
            self.report.generated += 1
            if verdict is not None:
                self.report.rejected[verdict] += 1
                continue
            grams = shingles(text)
            source = max(sources, key=lambda p: jaccard(grams, self._source_shingles(p)))
            self.rows.append(_Synthetic(text, label, generator, int(source), prompt_hash))
            self.accepted_per_class[label] += 1
            self.report.accepted += 1
        if self.progress is not None:
            total = sum(self.plan.values()) or 1
            self.progress(
                self.report.accepted / total,
                f"ODS {label}: {self.accepted_per_class[label]} de {self.plan[label]} textos",
            )


def _positions(frame: pd.DataFrame, label: int) -> np.ndarray:
    mask = (frame["label"] == label).to_numpy()
    if "synthetic" in frame.columns:
        real = mask & ~frame["synthetic"].fillna(False).astype(bool).to_numpy()
        if real.any():
            mask = real
    return np.flatnonzero(mask)


def _pick_sources(positions: np.ndarray, seed: int, label: int, index: int, k: int) -> list[int]:
    generator = np.random.default_rng([seed, label, index])
    chosen = generator.choice(positions, size=min(k, len(positions)), replace=False)
    return [int(p) for p in chosen]


def _request_budget(need: int, per_request: int) -> int:
    return 3 * math.ceil(need / per_request) + 2


def _fingerprint(frame: pd.DataFrame, **parameters: Any) -> str:
    digest = hashlib.sha256(json.dumps(parameters, sort_keys=True).encode())
    synthetic = frame["synthetic"] if "synthetic" in frame.columns else [False] * len(frame)
    for text, label, flag in zip(frame["text"], frame["label"], synthetic, strict=True):
        digest.update(f"{int(label)}\x1f{bool(flag)}\x1f{text}\x1e".encode())
    return digest.hexdigest()


def _describe_failure(error: Exception, timeout: float, base_url: str) -> tuple[str, bool]:
    """A Spanish reason for a failed request and whether retrying other requests is pointless."""
    if isinstance(error, openai.APITimeoutError):
        return f"la petición superó el tiempo de espera de {timeout:g} s", False
    if isinstance(error, openai.APIConnectionError):
        return f"no se pudo conectar con {base_url or 'la API de OpenAI'}", False
    if isinstance(error, (openai.AuthenticationError, openai.PermissionDeniedError)):
        return "la clave de API no es válida o no tiene permiso para este modelo", True
    if isinstance(error, openai.NotFoundError):
        return "el modelo o la dirección del servidor no existen", True
    if isinstance(error, openai.RateLimitError):
        return "el servidor sigue limitando la frecuencia de peticiones (429)", False
    if isinstance(error, openai.APIStatusError):
        return f"el servidor respondió con el error {error.status_code}", False
    if isinstance(error, ValueError):
        return "la respuesta del servidor no es JSON válido", False
    return f"error inesperado del cliente de OpenAI ({type(error).__name__})", False


class _Client:
    """The ``openai`` client plus what this run learnt about the server."""

    def __init__(self, client: openai.OpenAI, model: str, report: AugmentReport) -> None:
        self.client = client
        self.model = model
        self.report = report
        self.structured = True

    def complete(self, messages: list[dict[str, str]], request_seed: int) -> tuple[str, Any]:
        arguments: dict[str, Any] = {"model": self.model, "messages": messages}
        arguments["seed"] = request_seed
        if self.structured:
            self.report.requests += 1
            try:
                response = self.client.chat.completions.create(  # type: ignore[call-overload]
                    **arguments, response_format=RESPONSE_FORMAT
                )
            except openai.BadRequestError as error:
                log.info("El servidor no admite salida estructurada (%s); se usa texto.", error)
                self.structured = False
            else:
                return response.choices[0].message.content or "", response.usage
        self.report.requests += 1
        response = self.client.chat.completions.create(**arguments)
        return response.choices[0].message.content or "", response.usage


def _run_llm(
    run: _Run,
    client: _Client,
    *,
    seed: int,
    model: str,
    cache: _ResponseCache,
    checkpoint: _Checkpoint,
    timeout: float,
    base_url: str,
    texts_per_request: int,
    sources_per_request: int,
) -> int:
    """Request texts class by class; returns how many requests produced an answer."""
    report = run.report
    answered = 0
    consecutive_failures = 0
    for label, need in run.plan.items():
        positions = _positions(run.frame, label)
        index = 0
        while run.missing(label) > 0 and index < _request_budget(need, texts_per_request):
            if run.cancelled():
                return answered
            sources = _pick_sources(positions, seed, label, index, sources_per_request)
            texts = [run.frame["text"].iat[p] for p in sources]
            messages = build_messages(label, texts, min(texts_per_request, run.missing(label)))
            prompt = _prompt_text(messages)
            prompt_hash = _sha256(prompt)
            key = _sha256(f"{model}{prompt}{seed}")
            request_seed = int(_sha256(f"{seed}:{label}:{index}")[:8], 16)
            index += 1
            if key in checkpoint.records:
                content = checkpoint.records[key]["content"]
                report.resumed_requests += 1
            elif (cached := cache.get(key)) is not None:
                content = cached["content"]
                report.cached_requests += 1
            else:
                try:
                    content, usage = client.complete(messages, request_seed)
                except (openai.OpenAIError, ValueError) as error:
                    reason, fatal = _describe_failure(error, timeout, base_url)
                    log.warning("Petición fallida (ODS %s): %s", label, reason)
                    report.failed_requests += 1
                    report.errors.append(f"Petición para el ODS {label}: {reason}.")
                    consecutive_failures += 1
                    if fatal or consecutive_failures >= MAX_CONSECUTIVE_FAILURES:
                        report.errors.append(
                            "Aumento detenido tras fallos repetidos; al repetir la misma "
                            "operación se reanudará donde se quedó."
                        )
                        return answered
                    continue
                report.prompt_tokens += getattr(usage, "prompt_tokens", 0) or len(prompt) // 4
                report.completion_tokens += (
                    getattr(usage, "completion_tokens", 0) or len(content) // 4
                )
                cache.put(key, {"model": model, "prompt_hash": prompt_hash, "content": content})
            consecutive_failures = 0
            answered += 1
            if key not in checkpoint.records:
                checkpoint.append(
                    {"key": key, "label": label, "sources": sources, "content": content}
                )
            run.consider(label, parse_texts(content), sources, model, prompt_hash)
        if run.missing(label) > 0 and not report.cancelled:
            report.errors.append(
                f"ODS {label}: solo se aceptaron {run.accepted_per_class[label]} de {need} "
                "textos sintéticos dentro del límite de peticiones."
            )
    return answered


def _split_sentences(text: str) -> list[str]:
    return [part for part in re.split(r"(?<=[.!?])\s+", " ".join(str(text).split())) if part]


def _offline_candidates(
    frame: pd.DataFrame, positions: np.ndarray, seed: int, label: int, attempts: int
) -> Iterator[tuple[str, list[int], str]]:
    generator = np.random.default_rng([seed, label])
    sentences = {int(p): _split_sentences(frame["text"].iat[int(p)]) for p in positions}
    for attempt in range(attempts):
        chosen = generator.choice(positions, size=min(3, len(positions)), replace=False)
        sources = [int(p) for p in chosen]
        pool = [sentence for p in sources for sentence in sentences[p]]
        target = len(frame["text"].iat[sources[0]])
        parts: list[str] = []
        for i in generator.permutation(len(pool)):
            parts.append(pool[i])
            if sum(len(part) + 1 for part in parts) >= target:
                break
        recipe = f"{OFFLINE_METHOD}|seed={seed}|label={label}|attempt={attempt}|{sources}"
        yield " ".join(parts), sources, recipe


def _run_offline(run: _Run, seed: int) -> None:
    for label, need in run.plan.items():
        positions = _positions(run.frame, label)
        for text, sources, recipe in _offline_candidates(
            run.frame, positions, seed, label, attempts=20 * need + 50
        ):
            if run.missing(label) <= 0 or run.cancelled():
                break
            run.consider(label, [text], sources, OFFLINE_METHOD, _sha256(recipe))
        if run.missing(label) > 0 and not run.report.cancelled:
            run.report.errors.append(
                f"ODS {label}: la recombinación sin modelo solo produjo "
                f"{run.accepted_per_class[label]} de {need} textos distintos."
            )


def _estimate(
    frame: pd.DataFrame, plan: dict[int, int], seed: int, per_request: int, k: int, offline: bool
) -> DryRunEstimate:
    requests = prompt_tokens = completion_tokens = 0
    if not offline:
        for label, need in plan.items():
            positions = _positions(frame, label)
            mean_length = float(frame["text"].iloc[positions].str.len().mean())
            for index in range(math.ceil(need / per_request)):
                count = min(per_request, need - index * per_request)
                sources = _pick_sources(positions, seed, label, index, k)
                texts = [frame["text"].iat[p] for p in sources]
                requests += 1
                prompt_tokens += len(_prompt_text(build_messages(label, texts, count))) // 4
                completion_tokens += int(count * (mean_length + 8) / 4) + 4
    return DryRunEstimate(requests, prompt_tokens, completion_tokens, dict(plan))


def _with_provenance(frame: pd.DataFrame) -> pd.DataFrame:
    result = frame.reset_index(drop=True).copy()
    result["label"] = result["label"].astype(int)
    if "synthetic" not in result.columns:
        result["synthetic"] = False
    for column, dtype in (("generator", "str"), ("source_row", "Int64"), ("prompt_hash", "str")):
        if column not in result.columns:
            result[column] = pd.Series(None, index=result.index, dtype=dtype)
    return result


def augment(
    frame: pd.DataFrame,
    settings: Settings,
    *,
    ratio: float = 0.8,
    seed: int | None = None,
    model_name: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    dry_run: bool = False,
    agree_with: Callable[[list[str]], list[int]] | None = None,
    progress: Callable[[float, str], None] | None = None,
    cancel: threading.Event | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_retries: int = DEFAULT_MAX_RETRIES,
    texts_per_request: int = TEXTS_PER_REQUEST,
    sources_per_request: int = SOURCES_PER_REQUEST,
) -> tuple[pd.DataFrame, AugmentReport | DryRunEstimate]:
    """Add synthetic texts until every class reaches ``ratio`` × the majority count.

    Args:
        frame: labelled texts (columns ``text`` and ``label``; others are kept).
        settings: odsgr settings (model, endpoint, key, seed, folders).
        ratio: target share of the majority count, in (0, 1].
        seed: picks the source texts and their order; ``settings.seed`` when ``None``.
        model_name: chat model; ``settings.llm_model`` when ``None``.
        base_url: OpenAI-compatible endpoint; ``settings.openai_base_url`` when ``None``.
        api_key: API key; ``settings.openai_api_key`` (or a placeholder for local servers).
        dry_run: estimate requests and tokens without calling anything.
        agree_with: optional predictor; texts it labels differently are rejected.
        progress: called with (fraction done, Spanish message) after each batch.
        cancel: set it to stop after the current request; the result so far is returned and
            the same call later resumes from the checkpoint.
        timeout: seconds per HTTP request.
        max_retries: retries of the ``openai`` client on 429, 5xx, timeouts and connection
            errors, with exponential backoff that honours ``retry-after``.
        texts_per_request: texts asked for in one request.
        sources_per_request: example texts quoted in one request.

    Returns:
        The input rows (``synthetic=False``) followed by the accepted synthetic rows
        (``synthetic=True``, ``generator``, ``source_row`` = position of the closest source in
        the input, ``prompt_hash`` = sha256 of the prompt, or of the recipe offline), with a
        fresh ``RangeIndex``; and the :class:`AugmentReport`, or a :class:`DryRunEstimate`.

    Raises:
        DataError: missing columns, no rows or a bad ratio.
        LLMError: every request to the model failed.
    """
    plan = plan_augmentation(frame, ratio)
    base = _with_provenance(frame)
    seed = settings.seed if seed is None else seed
    model = model_name or settings.llm_model
    endpoint = base_url if base_url is not None else settings.openai_base_url
    offline = not (settings.llm_configured or base_url or api_key)
    if dry_run:
        return base, _estimate(base, plan, seed, texts_per_request, sources_per_request, offline)

    counts_before = {int(k): int(v) for k, v in base["label"].value_counts().sort_index().items()}
    report = AugmentReport(
        method=OFFLINE_METHOD if offline else f"llm:{model}",
        target_ratio=ratio,
        counts_before=counts_before,
        counts_after=dict(counts_before),
    )
    run = _Run(base, plan, report, _QualityGate(base, agree_with), progress, cancel)
    if offline:
        log.info("Sin endpoint de LLM configurado: aumento por recombinación de frases.")
        _run_offline(run, seed)
    else:
        run_id = _fingerprint(
            base,
            model=model,
            seed=seed,
            ratio=ratio,
            texts_per_request=texts_per_request,
            sources_per_request=sources_per_request,
        )
        checkpoint = _Checkpoint(settings.data_dir / "augment" / f"{run_id[:32]}.jsonl")
        report.checkpoint = str(checkpoint.path)
        client = openai.OpenAI(
            api_key=api_key or settings.openai_api_key or PLACEHOLDER_API_KEY,
            base_url=endpoint or None,
            organization=settings.openai_organization or None,
            timeout=timeout,
            max_retries=max_retries,
        )
        try:
            answered = _run_llm(
                run,
                _Client(client, model, report),
                seed=seed,
                model=model,
                cache=_ResponseCache(settings.home / "data" / "cache" / "llm"),
                checkpoint=checkpoint,
                timeout=timeout,
                base_url=endpoint,
                texts_per_request=texts_per_request,
                sources_per_request=sources_per_request,
            )
        finally:
            client.close()
        if answered == 0 and report.failed_requests and not report.cancelled:
            raise LLMError(
                f"No se pudo generar ningún texto con el modelo «{model}»: "
                + " ".join(report.errors)
            )
    if report.cancelled:
        report.errors.append(
            "Aumento cancelado; al repetir la misma operación se reanudará donde se quedó."
        )
    synthetic = pd.DataFrame(
        {
            "text": pd.Series([row.text for row in run.rows], dtype="str"),
            "label": pd.Series([row.label for row in run.rows], dtype=base["label"].dtype),
            "synthetic": pd.Series([True] * len(run.rows), dtype=bool),
            "generator": pd.Series([row.generator for row in run.rows], dtype="str"),
            "source_row": pd.Series([row.source_row for row in run.rows], dtype="Int64"),
            "prompt_hash": pd.Series([row.prompt_hash for row in run.rows], dtype="str"),
        }
    )
    result = pd.concat([base, synthetic], ignore_index=True) if len(synthetic) else base
    report.counts_after = {
        int(k): int(v) for k, v in result["label"].value_counts().sort_index().items()
    }
    return result, report


# --- orchestration: a balanced file with its report, a balanced training set ------------------

Progress = Callable[[float, str], None]


def hold_out_validation(
    frame: pd.DataFrame,
    stored: pd.DataFrame | None,
    split: Callable[[pd.DataFrame], tuple[pd.DataFrame, pd.DataFrame]],
) -> tuple[np.ndarray, pd.DataFrame, str]:
    """The rows that measure an augmentation: ``(input rows held out, validation, origin)``.

    ``stored`` is the home's fixed validation set (``None`` when there is none, or in DEMO): the
    input rows that belong to it are held out and ``origin`` is ``"home"``. Otherwise ``split``
    (the service's stratified, seeded split) takes the validation rows off ``frame`` and
    ``origin`` is ``"split"``.
    """
    if stored is not None and not stored.empty:
        held_out = text_key(frame["text"]).isin(set(text_key(stored["text"])))
        return held_out.to_numpy(), stored, "home"
    _, validation = split(frame)
    return frame.index.isin(validation.index), validation, "split"


def _agreement(
    pipeline: Pipeline, frame: pd.DataFrame, ratio: float
) -> Callable[[list[str]], list[int]] | None:
    """A predictor by ``pipeline`` for the quality gate, when it knows every class to top up."""
    needed = [label for label, count in plan_augmentation(frame, ratio).items() if count]
    if not set(needed) <= set(model_labels(pipeline)):
        return None

    def agree_with(texts: list[str]) -> list[int]:
        return predict_arrays(pipeline, texts)[0].tolist()

    return agree_with


def augment_labelled(
    frame: pd.DataFrame,
    settings: Settings,
    *,
    held_out: np.ndarray,
    validation: pd.DataFrame,
    origin: str,
    cleaning: dict,
    pipeline: Pipeline | None = None,
    ratio: float = 0.8,
    seed: int | None = None,
    model_name: str | None = None,
    base_url: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> tuple[pd.DataFrame, dict]:
    """Balance a cleaned labelled ``frame`` and measure what it changes (``Service.augment``).

    The ``held_out`` rows (see :func:`hold_out_validation`) count toward the class totals but
    are never quoted to the generator; the default model is fitted on the other rows, then on
    those plus the synthetic ones, and both are scored on ``validation``. ``pipeline`` (the
    current model, or ``None``) rejects synthetic texts it labels differently when it knows
    every class to top up. ``cleaning`` is the data-cleaning report, quoted in the result.

    Returns:
        ``(frame, report)``: the input rows followed by the synthetic rows, and the
        JSON-serialisable report (see :func:`augment_report`); with ``dry_run`` the input rows
        only and the estimate (see :func:`dry_run_report`).
    """
    report_progress = progress or (lambda _fraction, _message: None)
    flagged = (
        frame["synthetic"].astype(bool).to_numpy()
        if "synthetic" in frame
        else np.zeros(len(frame), dtype=bool)
    )
    # augment quotes only rows not flagged synthetic: flagging the validation rows keeps
    # them out of every prompt while they still count toward the class totals.
    shielded = frame.assign(synthetic=flagged | held_out)
    agree_with = _agreement(pipeline, frame, ratio) if pipeline is not None else None

    def on_progress(fraction: float, message: str) -> None:
        report_progress(0.05 + 0.8 * fraction, message)

    result, outcome = augment(
        shielded,
        settings,
        ratio=ratio,
        seed=seed,
        model_name=model_name,
        base_url=base_url,
        dry_run=dry_run,
        agree_with=agree_with,
        progress=on_progress,
        cancel=cancel,
    )
    result.loc[: len(frame) - 1, "synthetic"] = flagged
    result["synthetic"] = result["synthetic"].astype(bool)
    common = {
        "ratio": ratio,
        "seed": settings.seed if seed is None else seed,
        "input_rows": int(len(frame)),
        "cleaning": cleaning,
        "validation": {"origin": origin, "rows": int(len(validation))},
    }
    if isinstance(outcome, DryRunEstimate):
        report_progress(1.0, "Listo.")
        offline = not (settings.llm_configured or base_url)
        model_label = model_name or settings.llm_model
        method = OFFLINE_METHOD if offline else f"llm:{model_label}"
        return result, {**common, **dry_run_report(frame, outcome, method)}
    report = {**common, **augment_report(outcome, len(result) - len(frame))}
    if outcome.cancelled:
        return result, report
    report_progress(0.85, "Midiendo el modelo antes y después del aumento…")
    train_before = frame[~held_out]
    train_after = pd.concat([train_before, result.iloc[len(frame) :]], ignore_index=True)
    before = _fit_and_score(train_before, validation)
    after = _fit_and_score(train_after, validation)
    report["validation"].update(
        {"train_rows_before": int(len(train_before)), "train_rows_after": int(len(train_after))}
    )
    report["metrics_before"] = evaluate.headline(before)
    report["metrics_after"] = evaluate.headline(after)
    report["comparison"] = evaluate.comparison_table(before, after).to_dict(orient="records")
    report_progress(1.0, "Listo.")
    return result, report


def balance_training(
    training: pd.DataFrame,
    settings: Settings,
    pipeline: Pipeline,
    options: dict,
    progress: Progress,
) -> tuple[pd.DataFrame, dict]:
    """``training`` plus synthetic rows (tagged with a ``source``) and a summary of the run.

    ``options`` are keyword arguments of :func:`augment` (``ratio``, ``seed``, ``model_name``,
    ``base_url``, ``api_key``, ``cancel``, …). ``pipeline`` (the current model), when it knows
    every class to top up, rejects texts it labels differently.

    Raises:
        LLMError: the run was cancelled (no version is made from half a balance).
    """
    options = {**options, "dry_run": False}
    agree_with = _agreement(pipeline, training, options.get("ratio", 0.8))
    if agree_with is not None:
        options.setdefault("agree_with", agree_with)
    options.setdefault(
        "progress", lambda fraction, message: progress(0.02 + 0.16 * fraction, message)
    )
    balanced, outcome = augment(training, settings, **options)
    assert isinstance(outcome, AugmentReport)  # dry_run is off
    if outcome.cancelled:
        raise LLMError(
            "Se canceló el aumento con LLM y no se creó ninguna versión; al repetirlo se "
            "reanudará donde se quedó."
        )
    synthetic = balanced.iloc[len(training) :].copy()
    synthetic["source"] = f"aumento {outcome.method}"
    balanced = pd.concat([training, synthetic], ignore_index=True)
    return balanced, augment_report(outcome, len(synthetic))


def _fit_and_score(training: pd.DataFrame, validation: pd.DataFrame) -> dict:
    """Validation metrics of the default model fitted on ``training``."""
    pipeline = fit_model(training["text"].tolist(), training["label"].astype(int).tolist())
    return evaluate.score(pipeline, validation)


def augment_report(outcome: AugmentReport, synthetic_rows: int) -> dict:
    """The JSON form of an augmentation run: balance table, texts, requests and tokens."""
    balance = evaluate.balance_table(outcome.counts_before, outcome.counts_after)
    return {
        "method": outcome.method,
        "synthetic_rows": int(synthetic_rows),
        "class_balance": balance.to_dict(orient="records"),
        "texts": {
            "generated": outcome.generated,
            "accepted": outcome.accepted,
            "rejected": dict(outcome.rejected),
        },
        "requests": {
            "made": outcome.requests,
            "cached": outcome.cached_requests,
            "resumed": outcome.resumed_requests,
            "failed": outcome.failed_requests,
        },
        "tokens": {
            "prompt": outcome.prompt_tokens,
            "completion": outcome.completion_tokens,
            "total": outcome.prompt_tokens + outcome.completion_tokens,
        },
        "errors": list(outcome.errors),
        "cancelled": outcome.cancelled,
        "checkpoint": outcome.checkpoint,
    }


def dry_run_report(frame: pd.DataFrame, estimate: DryRunEstimate, method: str) -> dict:
    """The JSON form of a dry run: planned texts per class and estimated requests and tokens."""
    before = {int(k): int(v) for k, v in frame["label"].value_counts().sort_index().items()}
    after = {label: count + estimate.per_class.get(label, 0) for label, count in before.items()}
    return {
        "dry_run": True,
        "method": method,
        "planned_texts": {str(k): int(v) for k, v in estimate.per_class.items()},
        "class_balance": evaluate.balance_table(before, after).to_dict(orient="records"),
        "requests": {"estimated": estimate.requests},
        "tokens": {
            "prompt": estimate.prompt_tokens,
            "completion": estimate.completion_tokens,
            "total": estimate.prompt_tokens + estimate.completion_tokens,
        },
    }
