"""Tests of odsgr.augment with the real ``openai`` client against a loopback server."""

from __future__ import annotations

import hashlib
import math
import random
import shutil
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openai_double import ENGLISH_TEXT, FRENCH_TEXT, OpenAIDouble

from odsgr.augment import (
    OFFLINE_METHOD,
    AugmentReport,
    DryRunEstimate,
    NearDuplicateIndex,
    augment,
    augment_labelled,
    parse_texts,
    plan_augmentation,
)
from odsgr.config import Settings
from odsgr.errors import DataError, LLMError
from odsgr.language import is_spanish
from odsgr.sdg import OUT_OF_SCOPE

MODEL = "modelo-de-prueba"

# Sentences written for these tests, three per text, about three SDGs.
POOLS = {
    1: [
        "Muchas familias del barrio no pueden pagar el alquiler desde que cerró la fábrica.",
        "El ayuntamiento tarda meses en resolver las ayudas de emergencia social.",
        "Cada vez hay más personas durmiendo en la calle cerca de la estación.",
        "Los comedores sociales de la ciudad no dan abasto los fines de semana.",
        "Hay niños que llegan al colegio sin haber desayunado porque en casa no hay nada.",
        "La renta mínima no alcanza para cubrir la luz, el agua y la comida del mes.",
        "Conozco a jubilados que eligen entre calentar la casa o comprar medicinas.",
        "Las personas sin papeles no pueden acceder a ningún tipo de ayuda pública.",
        "Los trabajos que ofrecen en la zona son temporales y muy mal pagados.",
        "El banco de alimentos necesita voluntarios y productos frescos cada semana.",
        "Muchas familias monoparentales viven con menos de la mitad del salario medio.",
        "El problema de la vivienda empuja a los jóvenes a vivir con sus padres.",
    ],
    4: [
        "El colegio público del barrio necesita más profesores de apoyo para los niños.",
        "Las aulas están masificadas y los alumnos con dificultades se quedan atrás.",
        "El ayuntamiento debería abrir la biblioteca también por las tardes y en verano.",
        "Muchas familias no pueden pagar las clases de refuerzo ni las academias.",
        "La formación profesional de la ciudad tiene listas de espera muy largas.",
        "Los niños con discapacidad no siempre encuentran plaza en un centro adaptado.",
        "Faltan becas de comedor y de material escolar para las familias con menos ingresos.",
        "Las personas adultas que quieren terminar sus estudios no encuentran horarios.",
        "El instituto no tiene calefacción en invierno y los alumnos pasan frío.",
        "Es importante que la escuela enseñe a usar internet de forma segura.",
        "La educación infantil de cero a tres años debería ser gratuita para todos.",
        "Los profesores piden menos burocracia y más tiempo para preparar las clases.",
    ],
    6: [
        "En verano el agua del grifo sale turbia y con un olor muy fuerte.",
        "El ayuntamiento no repara las tuberías y se pierde mucha agua en la red.",
        "El río que pasa por la ciudad recibe vertidos de las granjas cercanas.",
        "Muchas familias compran agua embotellada porque no se fían del grifo.",
        "La depuradora del pueblo lleva años sin funcionar como es debido.",
        "Los cortes de agua en el barrio son cada vez más frecuentes y largos.",
        "Las personas mayores no pueden cargar con garrafas cuando cortan el suministro.",
        "Los pozos de la comarca se están secando por el regadío intensivo.",
        "Faltan fuentes públicas y aseos limpios en los parques de la ciudad.",
        "La factura del agua ha subido mucho y el servicio no ha mejorado nada.",
        "Es importante vigilar los nitratos en el agua que beben los niños.",
        "Las lluvias fuertes desbordan el alcantarillado y inundan los sótanos.",
    ],
}
COUNTS = {4: 24, 1: 10, 6: 6}


def make_frame(counts: dict[int, int] = COUNTS, seed: int = 7) -> pd.DataFrame:
    rng = random.Random(seed)
    rows = []
    for label, count in counts.items():
        seen: set[tuple[int, ...]] = set()
        while len(seen) < count:
            chosen = tuple(sorted(rng.sample(range(len(POOLS[label])), 3)))
            if chosen not in seen:
                seen.add(chosen)
                rows.append({"text": " ".join(POOLS[label][i] for i in chosen), "label": label})
    return pd.DataFrame(rows)


def targets(frame: pd.DataFrame, ratio: float = 0.8) -> dict[int, int]:
    counts = frame["label"].value_counts()
    return {int(label): math.ceil(ratio * counts.max()) for label in counts.index}


def reached(result: pd.DataFrame, frame: pd.DataFrame, ratio: float = 0.8) -> bool:
    counts = result["label"].value_counts()
    return all(counts[label] >= target for label, target in targets(frame, ratio).items())


def run(double: OpenAIDouble, home: Path, frame: pd.DataFrame | None = None, **kwargs):
    kwargs.setdefault("timeout", 5.0)
    kwargs.setdefault("max_retries", 2)
    return augment(
        make_frame() if frame is None else frame,
        Settings(home=home),
        model_name=MODEL,
        base_url=double.base_url,
        seed=11,
        **kwargs,
    )


@pytest.fixture
def frame() -> pd.DataFrame:
    return make_frame()


# --- planning, parsing, near duplicates --------------------------------------------------------


def test_plan_tops_every_class_up_to_ratio_of_majority(frame: pd.DataFrame) -> None:
    assert plan_augmentation(frame, 0.8) == {1: 10, 4: 0, 6: 14}
    assert plan_augmentation(frame, 1.0) == {1: 14, 4: 0, 6: 18}
    with pytest.raises(DataError):
        plan_augmentation(frame, 1.5)
    with pytest.raises(DataError, match="label"):
        plan_augmentation(frame.drop(columns="label"))


def test_plan_never_asks_for_out_of_scope_rows(frame: pd.DataFrame) -> None:
    others = pd.DataFrame({"text": [f"Texto de otro tema número {i}." for i in range(40)]})
    with_others = pd.concat([frame, others.assign(label=OUT_OF_SCOPE)], ignore_index=True)
    # «otro» is neither planned nor the majority the SDGs are topped up to
    assert plan_augmentation(with_others, 0.8) == plan_augmentation(frame, 0.8)
    with pytest.raises(DataError, match="otro"):
        plan_augmentation(others.assign(label=OUT_OF_SCOPE))


@pytest.mark.parametrize(
    "content",
    [
        '{"textos": ["Primer texto.", "Segundo texto."]}',
        '```json\n["Primer texto.", "Segundo texto."]\n```',
        "Aquí tienes:\n1. Primer texto.\n2) Segundo texto.",
        "- «Primer texto.»\n- Segundo\ntexto.",
        "Estos son los textos:\n\nPrimer texto.\n\nSegundo texto.",
    ],
)
def test_parse_texts_accepts_json_lists_and_paragraphs(content: str) -> None:
    assert [" ".join(text.split()) for text in parse_texts(content)] == [
        "Primer texto.",
        "Segundo texto.",
    ]


def test_near_duplicate_index_finds_edits_and_is_fast() -> None:
    rng = random.Random(3)
    words = [w for pool in POOLS.values() for s in pool for w in s.lower().split()]
    texts = [" ".join(rng.choices(words, k=60)) for _ in range(2000)]
    index = NearDuplicateIndex()
    started = time.process_time()  # CPU time: other processes' load does not count
    for text in texts[:1000]:
        index.add(text)
    flagged = sum(index.is_near_duplicate(text) for text in texts[1000:])
    cpu_s = time.process_time() - started
    assert cpu_s < 10, f"1000 indexed + 1000 queries took {cpu_s:.2f} s of CPU"
    assert flagged == 0
    edited = texts[5].replace(" ", "  ", 3) + " y poco más."
    assert index.is_near_duplicate(edited)
    assert index.is_near_duplicate(texts[5].upper())


# --- LLM path against the loopback server -----------------------------------------------------


def test_structured_output_reaches_target_with_provenance(
    tmp_path: Path, frame: pd.DataFrame
) -> None:
    with OpenAIDouble("json") as double:
        result, report = run(double, tmp_path, frame)
    assert isinstance(report, AugmentReport)
    assert reached(result, frame)
    assert report.method == f"llm:{MODEL}"
    assert report.failed_requests == 0 and not report.errors
    assert report.requests == double.request_count >= 6
    assert report.prompt_tokens > 0 and report.completion_tokens > 0
    assert report.generated == report.accepted + sum(report.rejected.values())
    body = double.requests[0]
    assert body["model"] == MODEL
    assert body["response_format"]["type"] == "json_schema"
    assert "Fin de la pobreza" in body["messages"][1]["content"]

    original = result[~result["synthetic"]]
    synthetic = result[result["synthetic"]]
    assert len(original) == len(frame)
    assert original["text"].tolist() == frame["text"].tolist()
    assert original["generator"].isna().all() and original["source_row"].isna().all()
    assert len(synthetic) == report.accepted
    assert (synthetic["generator"] == MODEL).all()
    assert set(synthetic["label"]) == {1, 6}
    for row in synthetic.itertuples():
        assert frame["label"].iat[row.source_row] == row.label
    prompts = {
        hashlib.sha256(
            "\n".join(f"{m['role']}: {m['content']}" for m in r["messages"]).encode()
        ).hexdigest()
        for r in double.requests
    }
    assert set(synthetic["prompt_hash"]) <= prompts
    assert not synthetic["text"].isin(frame["text"]).any()
    assert synthetic["text"].is_unique

    table = report.balance_table()
    assert list(table.columns) == [
        "label",
        "name",
        "count before",
        "% before",
        "count after",
        "% after",
        "Δ abs",
        "Δ rel",
    ]
    assert table.set_index("label").loc[6, "count after"] == report.counts_after[6] >= 20
    assert report.to_dict()["counts_before"] == {1: 10, 4: 24, 6: 6}


@pytest.mark.parametrize("behaviour", ["no_schema", "plain", "paragraphs"])
def test_plain_text_servers_are_parsed(tmp_path: Path, frame: pd.DataFrame, behaviour: str) -> None:
    with OpenAIDouble(behaviour) as double:
        result, report = run(double, tmp_path, frame)
    assert reached(result, frame)
    assert report.failed_requests == 0
    if behaviour == "no_schema":
        # one 400 teaches the run that structured output is unsupported; no schema afterwards
        assert "response_format" in double.requests[0]
        assert all("response_format" not in body for body in double.requests[1:])
        assert report.requests == double.request_count


def test_rate_limit_then_success_honours_retry_after(tmp_path: Path, frame: pd.DataFrame) -> None:
    with OpenAIDouble("json", script=["429"], retry_after="1") as double:
        result, report = run(double, tmp_path, frame)
    assert double.behaviours()[:2] == ["429", "json"]
    assert double.request_times[1] - double.request_times[0] >= 0.9
    assert report.failed_requests == 0
    assert reached(result, frame)


def test_server_errors_keep_earlier_texts_and_resume(tmp_path: Path, frame: pd.DataFrame) -> None:
    with OpenAIDouble("500", script=["json", "json"]) as double:
        partial, report = run(double, tmp_path, frame, max_retries=1)
    # two good answers, then two requests of two attempts each before the run stops
    assert double.behaviours() == ["json", "json"] + ["500"] * 4
    assert report.failed_requests == 2
    assert any("500" in error for error in report.errors)
    assert 0 < report.accepted == int(partial["synthetic"].sum())
    assert Path(report.checkpoint).exists()

    with OpenAIDouble("json") as double:
        result, resumed = run(double, tmp_path, frame)
    assert resumed.resumed_requests == 2
    assert reached(result, frame)
    assert result["text"].is_unique
    kept = set(partial.loc[partial["synthetic"], "text"])
    assert kept <= set(result["text"])


def test_every_request_failing_raises_llm_error_in_spanish(
    tmp_path: Path, frame: pd.DataFrame
) -> None:
    with OpenAIDouble("500") as double, pytest.raises(LLMError, match="No se pudo generar"):
        run(double, tmp_path, frame, max_retries=0)


def test_malformed_json_body_is_a_failed_request_not_a_crash(
    tmp_path: Path, frame: pd.DataFrame
) -> None:
    with OpenAIDouble("json", script=["malformed"]) as double:
        result, report = run(double, tmp_path, frame)
    assert report.failed_requests == 1
    assert "JSON" in report.errors[0]
    assert reached(result, frame)


def test_timeout_is_handled_quickly(tmp_path: Path, frame: pd.DataFrame) -> None:
    # The double answers after 3 s: a timeout error proves the client gave up after 0.3 s.
    with OpenAIDouble("slow", slow_seconds=3) as double:
        with pytest.raises(LLMError, match="tiempo de espera"):
            run(double, tmp_path, frame, timeout=0.3, max_retries=0)

    with OpenAIDouble("json", script=["slow"], slow_seconds=3) as double:
        result, report = run(double, tmp_path / "retry", frame, timeout=0.5, max_retries=1)
    assert double.behaviours()[:2] == ["slow", "json"]
    assert report.failed_requests == 0 and reached(result, frame)


def test_gate_rejects_duplicates_foreign_and_empty(tmp_path: Path, frame: pd.DataFrame) -> None:
    with OpenAIDouble("json", extras=["duplicate", "french", "english", "empty"]) as double:
        result, report = run(double, tmp_path, frame, texts_per_request=8)
    assert report.rejected["near_duplicate"] >= double.request_count
    assert report.rejected["not_spanish"] >= 2 * double.request_count
    assert report.rejected["empty"] >= double.request_count
    synthetic = result.loc[result["synthetic"], "text"]
    assert not synthetic.isin([FRENCH_TEXT, ENGLISH_TEXT]).any()
    assert not synthetic.isin(frame["text"]).any()
    assert reached(result, frame)


def test_model_agreement_gate(tmp_path: Path, frame: pd.DataFrame) -> None:
    with OpenAIDouble("json") as double:
        result, report = run(double, tmp_path, frame, agree_with=lambda texts: [17] * len(texts))
    assert report.accepted == 0 and report.rejected["model_disagrees"] > 0
    assert any("solo se aceptaron 0" in error for error in report.errors)
    assert len(result) == len(frame)


def test_cache_prevents_paying_twice(tmp_path: Path, frame: pd.DataFrame) -> None:
    with OpenAIDouble("json") as double:
        first, report = run(double, tmp_path, frame)
        paid = double.request_count
        shutil.rmtree(tmp_path / "data" / "augment")  # no checkpoint: only the cache helps
        second, again = run(double, tmp_path, frame)
        assert double.request_count == paid
    assert again.requests == 0 and again.cached_requests == report.requests
    assert again.prompt_tokens == 0
    pd.testing.assert_frame_equal(first, second)
    assert any((tmp_path / "data" / "cache" / "llm").glob("*.json"))


def test_resume_after_cancel_does_not_duplicate(tmp_path: Path, frame: pd.DataFrame) -> None:
    with OpenAIDouble("json") as double:
        reference, _ = run(double, tmp_path / "uninterrupted", frame)
        uninterrupted_requests = double.request_count

    cancel = threading.Event()
    with OpenAIDouble("json") as double:
        partial, report = run(
            double, tmp_path, frame, cancel=cancel, progress=lambda *_: cancel.set()
        )
        assert report.cancelled and double.request_count == 1
        assert 0 < int(partial["synthetic"].sum()) < sum(plan_augmentation(frame).values())
        result, resumed = run(double, tmp_path, frame)
        assert double.request_count == uninterrupted_requests
    assert resumed.resumed_requests == 1 and not resumed.cancelled
    assert result["text"].is_unique
    pd.testing.assert_frame_equal(result, reference)


def test_dry_run_makes_no_request(tmp_path: Path, frame: pd.DataFrame) -> None:
    with OpenAIDouble("json") as double:
        result, estimate = run(double, tmp_path, frame, dry_run=True)
        assert double.request_count == 0
    assert isinstance(estimate, DryRunEstimate)
    assert estimate.per_class == {1: 10, 4: 0, 6: 14}
    assert estimate.requests == 2 + 3  # ceil(10 / 5) + ceil(14 / 5)
    assert estimate.prompt_tokens > 0 and estimate.completion_tokens > 0
    assert len(result) == len(frame) and not result["synthetic"].any()
    assert not (tmp_path / "data").exists()


# --- offline fallback --------------------------------------------------------------------------


def test_offline_fallback_reaches_target_and_is_labelled(tmp_path: Path) -> None:
    frame = make_frame()
    result, report = augment(frame, Settings(home=tmp_path), seed=5)
    assert report.method == OFFLINE_METHOD and report.requests == 0
    assert reached(result, frame)
    synthetic = result[result["synthetic"]]
    assert (synthetic["generator"] == OFFLINE_METHOD).all()
    assert synthetic["text"].map(is_spanish).all()
    assert synthetic["text"].is_unique and not synthetic["text"].isin(frame["text"]).any()
    again, _ = augment(frame, Settings(home=tmp_path), seed=5)
    pd.testing.assert_frame_equal(result, again)
    other, _ = augment(frame, Settings(home=tmp_path), seed=6)
    assert not other["text"].equals(result["text"])


def test_before_after_metrics_leave_otro_validation_rows_out(tmp_path: Path) -> None:
    frame = make_frame()
    validation = make_frame({1: 4, 4: 4, 6: 4}, seed=3)
    otro = pd.DataFrame(
        {"text": ["El parque del barrio necesita más bancos, sombra y fuentes."], "label": [0]}
    )
    reports = [
        augment_labelled(
            frame,
            Settings(home=tmp_path / name),
            held_out=np.zeros(len(frame), dtype=bool),
            validation=rows,
            origin="home",
            cleaning={},
        )[1]
        for name, rows in (("plain", validation), ("otro", pd.concat([validation, otro])))
    ]
    assert reports[0]["method"] == OFFLINE_METHOD and reports[0]["synthetic_rows"] > 0
    # «otro» rows are never predicted: counting them would lower both figures for nothing.
    assert reports[1]["metrics_before"] == reports[0]["metrics_before"]
    assert reports[1]["metrics_after"] == reports[0]["metrics_after"]
