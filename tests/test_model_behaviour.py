"""Behavioural tests of the classifier trained on the reference data (skipped without it).

The texts below are written for these tests; none comes from the reference files.
"""

from __future__ import annotations

from odsgr import model

HEALTH = (
    "En el corregimiento el puesto de salud permanece cerrado la mayor parte del mes. Las "
    "madres gestantes no reciben controles prenatales, faltan médicos y enfermeras, y los "
    "medicamentos para la hipertensión y la diabetes nunca llegan. Cuando alguien enferma "
    "debe viajar horas hasta el hospital de la cabecera municipal."
)
NEUTRAL = " La reunión se realizó el martes en el salón comunal y asistieron varias personas."


def _probability(pipeline, text, label):
    [prediction] = model.predict(pipeline, [text])
    return prediction.label, prediction.probabilities[label]


def test_health_text_is_sdg3(reference_model):
    assert _probability(reference_model, HEALTH, 3)[0] == 3


def test_neutral_sentence_does_not_change_the_label(reference_model):
    assert _probability(reference_model, HEALTH + NEUTRAL, 3)[0] == 3


def test_school_words_move_the_prediction_toward_sdg4(reference_model):
    school = (
        HEALTH.replace("puesto de salud", "escuela")
        .replace("médicos y enfermeras", "docentes y maestras")
        .replace("hospital", "colegio")
        .replace("controles prenatales", "clases")
    )
    _, p4_health = _probability(reference_model, HEALTH, 4)
    _, p4_school = _probability(reference_model, school, 4)
    assert p4_school > p4_health + 0.2


def test_poverty_text_is_sdg1(reference_model):
    poverty = (
        "Muchas familias del barrio sobreviven con menos de un salario mínimo, viven en "
        "ranchos de lata sin servicios públicos y dependen del rebusque diario y de los "
        "subsidios para poder comer. El desempleo y la informalidad no las dejan salir de la "
        "pobreza."
    )
    assert _probability(reference_model, poverty, 1)[0] == 1
