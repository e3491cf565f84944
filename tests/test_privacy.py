"""Tests of odsgr.privacy: one group per entity type, then idempotence, speed and fixture recall."""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

import pytest

from odsgr.privacy import (
    ENTITY_TYPES,
    MaskResult,
    find_personal_data,
    mask_personal_data,
    mask_texts,
)

# Recall reached on tests/fixtures/personal_data.jsonl (see docs/privacy.md); the asserted floors
# sit a little below the measured values so that a regression, not noise, fails the test.
RECALL_FLOOR = {
    "CORREO": 0.95,
    "TELEFONO": 0.95,
    "CEDULA": 0.95,
    "NIT": 0.95,
    "URL": 0.95,
    "NOMBRE": 0.90,
}
HELD_OUT_NAME_RECALL_FLOOR = 0.85


def masked(text: str, **kwargs: bool) -> str:
    return mask_personal_data(text, **kwargs).text


# --- e-mail ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "email",
    ["ana.perez@gmail.com", "JUAN_2005@HOTMAIL.COM", "jac-san.isidro@une.net.co", "a+b@x.org"],
)
def test_email_is_masked(email: str) -> None:
    result = mask_personal_data(f"Escríbanme a {email}, por favor.")
    assert result.text == "Escríbanme a [CORREO], por favor."
    assert result.counts == {"CORREO": 1}


# --- phone -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phone",
    [
        "3001234567",
        "300 123 4567",
        "300-123-4567",
        "300.123.4567",
        "+57 300 123 4567",
        "+573001234567",
        "(57) 300 123 4567",
        "316 555 12 34",
        "601 234 5678",
        "(604) 444-5555",
        "(601) 7654321",
    ],
)
def test_phone_is_masked(phone: str) -> None:
    assert (
        masked(f"Llamen al {phone} en la tarde.", names=False)
        == "Llamen al [TELEFONO] en la tarde."
    )


def test_seven_digit_phone_needs_a_cue() -> None:
    assert masked("Teléfono 444 5555 de la junta.") == "Teléfono [TELEFONO] de la junta."
    assert masked("Hubo 444 5555 visitas.") == "Hubo 444 5555 visitas."


# --- cédula ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("C.C. 1.023.456.789 de Bogotá", "C.C. [CEDULA] de Bogotá"),
        ("cc 80123456", "cc [CEDULA]"),
        ("cédula de ciudadanía No. 52.345.678", "cédula de ciudadanía No. [CEDULA]"),
        ("mi documento es el 1098765432", "mi documento es el [CEDULA]"),
        ("Identificación: 9.876.543.", "Identificación: [CEDULA]."),
        ("tarjeta de identidad 1005678912", "tarjeta de identidad [CEDULA]"),
    ],
)
def test_cedula_with_cue_is_masked(text: str, expected: str) -> None:
    assert masked(text) == expected


def test_bare_digit_run_is_masked_as_cedula() -> None:
    assert masked("1030567890 es mi número, ayuda.") == "[CEDULA] es mi número, ayuda."
    assert masked("Datos: 17.345.678, vereda Alto.") == "Datos: [CEDULA], vereda Alto."


@pytest.mark.parametrize(
    "text",
    [
        "El subsidio es de $1.200.000 mensuales.",
        "La obra costó 3.500.000.000 de pesos.",
        "Pagamos 45000000 pesos por el terreno.",
        "Somos 1.250.000 habitantes.",
        "El radicado No. 20231234 sigue sin respuesta.",
        "En 2023 el 35% de los hogares no tuvo agua.",
        "Artículo 79, Ley 1098 de 2006, ODS 3 y meta 6.1.",
        "La reunión es el 15/08/2024 a las 3:00 p. m.",
    ],
)
def test_amounts_years_and_articles_are_kept(text: str) -> None:
    assert mask_personal_data(text) == MaskResult(text=text, counts={})


# --- NIT -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NIT 900.123.456-7", "NIT [NIT]"),
        ("nit: 900123456-7", "nit: [NIT]"),
        ("El NIT de la fundación es 900456789", "El NIT de la fundación es [NIT]"),
        ("Proveedor 900.987.654-1 vende caro", "Proveedor [NIT] vende caro"),
        ("Proveedor 900123456-7 vende caro", "Proveedor [NIT] vende caro"),
    ],
)
def test_nit_is_masked(text: str, expected: str) -> None:
    assert masked(text) == expected


# --- URL -------------------------------------------------------------------------------------


def test_url_with_query_is_masked_whole() -> None:
    text = "Vean https://www.sisben.gov.co/consulta?documento=1098765432&tipo=CC."
    assert masked(text) == "Vean [URL]."
    assert masked("Entren a www.alcaldia.gov.co/tramite?id=4 hoy") == "Entren a [URL] hoy"


def test_url_without_query_is_kept() -> None:
    text = "Información en https://www.minsalud.gov.co/salud/dengue.aspx? No dice nada."
    assert masked(text) == text


# --- names -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Me llamo Luisa Fernanda Ríos y vivo en Bosa.", "Me llamo [NOMBRE] y vivo en Bosa."),
        ("Mi nombre es Jhon Jairo Mosquera.", "Mi nombre es [NOMBRE]."),
        ("Sr. Ramírez, revise el alumbrado.", "Sr. [NOMBRE], revise el alumbrado."),
        ("La docente Yuliana Rentería no vino.", "La docente [NOMBRE] no vino."),
        ("Doña Rosalba Quintero cuida niños.", "Doña [NOMBRE] cuida niños."),
        ("Atentamente, Martha Lucía Cárdenas", "Atentamente, [NOMBRE]"),
        ("Mi hija Valentina tiene asma.", "Mi hija [NOMBRE] tiene asma."),
        ("Hablé con Carlos Arturo Mejía ayer.", "Hablé con [NOMBRE] ayer."),
        ("Gracias a Camilo por los mercados.", "Gracias a [NOMBRE] por los mercados."),
        ("Luz Marina Betancur fue víctima.", "[NOMBRE] fue víctima."),
        (
            "Mi nombre es sandra patricia gómez y no tengo casa.",
            "Mi nombre es [NOMBRE] y no tengo casa.",
        ),
    ],
)
def test_name_is_masked(text: str, expected: str) -> None:
    assert masked(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "La Secretaría de Salud de Medellín no responde.",
        "En Santa Marta y San Andrés hay racionamiento.",
        "El Colegio José Antonio Galán no tiene restaurante.",
        "El Hospital San Vicente de Paúl está colapsado.",
        "Santiago de Cali y Bogotá necesitan agua; la luz se va.",
        "Soy Colombiana y madre cabeza de familia.",
        "Señora Alcaldesa, arregle la vía.",
        "Gracias a Dios y a la Virgen del Carmen.",
        "El ODS 4 y el Plan de Desarrollo Municipal.",
        "La Institución Educativa Antonio Nariño no tiene agua.",
    ],
)
def test_places_and_institutions_are_not_names(text: str) -> None:
    assert masked(text) == text


def test_names_can_be_switched_off() -> None:
    result = mask_personal_data("Me llamo Ana Gómez, cel 3001234567.", names=False)
    assert result.text == "Me llamo Ana Gómez, cel [TELEFONO]."
    assert result.counts == {"TELEFONO": 1}


# --- API contract ----------------------------------------------------------------------------


def test_counts_several_entities() -> None:
    text = "Datos: Edwin Rodríguez, cédula 79.876.543, celular 301 234 5678, edwin@gmail.com."
    result = mask_personal_data(text)
    assert result.text == "Datos: [NOMBRE], cédula [CEDULA], celular [TELEFONO], [CORREO]."
    assert result.counts == {"NOMBRE": 1, "CEDULA": 1, "TELEFONO": 1, "CORREO": 1}


def test_text_without_personal_data_is_unchanged() -> None:
    text = "El barrio no tiene alcantarillado y los niños se enferman de diarrea."
    assert mask_personal_data(text) == MaskResult(text=text, counts={})
    assert mask_personal_data("") == MaskResult(text="", counts={})


def test_mask_texts_sums_counts() -> None:
    texts, counts = mask_texts(["cel 3001234567", "sin datos", "a@b.co y c@d.co"])
    assert texts == ["cel [TELEFONO]", "sin datos", "[CORREO] y [CORREO]"]
    assert counts == {"TELEFONO": 1, "CORREO": 2}
    assert mask_texts([]) == ([], {})


def test_entities_are_sorted_and_disjoint() -> None:
    text = "Yo, Carmenza Villa, C.C. 52.345.678, tel 3204567812, carmenza@x.co"
    entities = find_personal_data(text)
    assert [e.label for e in entities] == ["NOMBRE", "CEDULA", "TELEFONO", "CORREO"]
    assert all(a.end <= b.start for a, b in zip(entities, entities[1:]))
    assert all(text[e.start : e.end] == e.text for e in entities)


# --- fixture ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def records() -> list[dict]:
    path = Path(__file__).parent / "fixtures" / "personal_data.jsonl"
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def recall(records: list[dict]) -> dict[str, float]:
    planted: Counter[str] = Counter()
    found: Counter[str] = Counter()
    for record in records:
        entities = find_personal_data(record["text"])
        for item in record["entities"]:
            planted[item["type"]] += 1
            found[item["type"]] += any(
                e.label == item["type"] and e.start <= item["start"] and item["end"] <= e.end
                for e in entities
            )
    return {label: found[label] / planted[label] for label in planted}


def test_fixture_is_well_formed(records: list[dict]) -> None:
    positives = [r for r in records if r["entities"]]
    assert len(positives) >= 120
    assert len(records) - len(positives) >= 30
    for record in records:
        for item in record["entities"]:
            assert item["type"] in ENTITY_TYPES
            assert record["text"][item["start"] : item["end"]] == item["text"], record["id"]


def test_masking_is_idempotent_on_fixture(records: list[dict]) -> None:
    for record in records:
        once = mask_personal_data(record["text"])
        twice = mask_personal_data(once.text)
        assert twice == MaskResult(text=once.text, counts={}), record["id"]


def test_fixture_recall(records: list[dict]) -> None:
    measured = recall(records)
    for label, floor in RECALL_FLOOR.items():
        assert measured[label] >= floor, f"{label} recall {measured[label]:.2f} < {floor}"


def test_held_out_name_recall(records: list[dict]) -> None:
    measured = recall([r for r in records if r.get("split") == "holdout"])
    assert measured["NOMBRE"] >= HELD_OUT_NAME_RECALL_FLOOR


def test_no_false_positive_on_clean_sentences(records: list[dict]) -> None:
    for record in records:
        if not record["entities"]:
            assert find_personal_data(record["text"]) == [], record["id"]


def test_speed(records: list[dict]) -> None:
    corpus = " ".join(record["text"] for record in records)
    texts = [(corpus[(i * 37) % len(corpus) :] + corpus)[:700] for i in range(1000)]
    started = time.process_time()  # CPU time: other processes' load does not count
    mask_texts(texts)
    per_second = len(texts) / (time.process_time() - started)
    # The target is 2,000 texts/s; the floor is lower so that a loaded CI machine does not fail.
    assert per_second >= 1000, f"{per_second:.0f} texts/s"


# --- hostile texts (issue 12) ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, secret, placeholder",
    [
        ("Mi número es CC52345678, gracias.", "52345678", "[CEDULA]"),
        ("Cédula 52'345.678 de Bogotá.", "345.678", "[CEDULA]"),
        ("El número 52'345.678 aparece en la carta.", "345.678", "[CEDULA]"),
        ("Escríbame a wa.me/573104567890 por favor.", "573104567890", "[URL]"),
        ("Enlace: https://wa.me/573104567890.", "573104567890", "[URL]"),
    ],
)
def test_round_two_misses_are_masked(text: str, secret: str, placeholder: str) -> None:
    result = masked(text)
    assert secret not in result and placeholder in result


@pytest.mark.parametrize("unit", ["Ana-", "3104567890 ", "CC 52345678 ", "a@b.co ", "Sra. Ana, "])
def test_masking_a_hostile_text_is_linear_and_errs_on_privacy(unit: str) -> None:
    # 100,000 characters of back-to-back matches: the old pairwise overlap test took minutes;
    # the bound below is about 100 times the measured cost, in CPU time so load cannot eat it.
    text = unit * (100_000 // len(unit))
    started = time.process_time()
    result = mask_personal_data(text)
    assert time.process_time() - started < 2.0
    assert result.text == "[TEXTO_OMITIDO]"
    assert mask_personal_data(result.text).text == result.text


def test_a_long_ordinary_text_is_masked_not_omitted() -> None:
    prose = "La comunidad del barrio pide agua potable, alumbrado y mejores vías. " * 280
    result = mask_personal_data(prose + "Me llamo Ana Gómez y mi celular es 310 456 7890.")
    assert result.text.endswith("Me llamo [NOMBRE] y mi celular es [TELEFONO].")
    assert result.counts == {"NOMBRE": 1, "TELEFONO": 1}
