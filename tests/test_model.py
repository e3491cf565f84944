"""Code tests of odsgr.model on the invented demo data."""

from __future__ import annotations

import pickle
import random
import unicodedata

import numpy as np
import pytest

from odsgr import data, model


@pytest.fixture(scope="module")
def demo_frame(demo_data):
    frame, _ = data.load_labelled(demo_data)
    return frame


@pytest.fixture(scope="module")
def fitted(demo_frame):
    return model.fit(demo_frame["text"].tolist(), demo_frame["label"].tolist())


def test_probabilities_cover_every_class_and_sum_to_one(fitted):
    [prediction] = model.predict(fitted, ["Faltan médicos y medicamentos en el hospital."])
    assert set(prediction.probabilities) == {1, 3, 4}
    assert sum(prediction.probabilities.values()) == pytest.approx(1.0, abs=1e-6)
    assert prediction.probability == max(prediction.probabilities.values())


def test_review_flag_follows_threshold(fitted):
    text = "Faltan médicos y medicamentos en el hospital."
    [low] = model.predict(fitted, [text], review_threshold=1.01)
    [high] = model.predict(fitted, [text], review_threshold=0.0)
    assert low.needs_review and model.REASON_LOW_PROBABILITY in low.review_reasons
    assert not high.needs_review and high.in_scope


def test_normalisation_lives_inside_the_pipeline(fitted):
    clean = "La educación de los niños en la escuela rural necesita más docentes."
    broken = clean.encode("utf-8").decode("latin-1")  # mojibake: educaciÃ³n, niÃ±os
    assert "Ã" in broken
    a, b = model.predict(fitted, [clean, broken.upper()])
    assert a.label == b.label
    assert a.probability == pytest.approx(b.probability, abs=1e-6)


def test_pipeline_round_trips_through_pickle(fitted):
    text = "Los hogares pobres no tienen ingresos suficientes para comer."
    restored = pickle.loads(pickle.dumps(fitted))
    assert np.allclose(restored.predict_proba([text]), fitted.predict_proba([text]))


def test_explanation_names_terms_that_push_toward_the_label(fitted):
    text = "La escuela no tiene docentes y los estudiantes abandonan sus estudios."
    explanation = model.explain(fitted, text)
    assert explanation.label == 4
    assert explanation.terms and all(weight > 0 for _, weight in explanation.terms)
    joined = "".join(fragment for fragment, _ in explanation.highlights)
    assert joined == text
    assert any(w is not None and w > 0 for _, w in explanation.highlights)


def test_every_candidate_builds_and_unknown_is_refused():
    for name in model.CANDIDATES:
        assert model.build_pipeline(name) is not None
    with pytest.raises(ValueError, match="desconocido"):
        model.build_pipeline("no-existe")


def test_predict_arrays_matches_predict(fitted, demo_frame):
    texts = demo_frame["text"].tolist()[:20]
    labels, probabilities = model.predict_arrays(fitted, texts)
    single = model.predict(fitted, texts)
    assert labels.tolist() == [p.label for p in single]
    assert np.allclose(probabilities, [p.probability for p in single])


def test_accent_stripping_equals_str_translate():
    table = str.maketrans("áéíóúüàèìòùâêîôûäëïö", "aeiouuaeiouaeiouaeio")
    generator = random.Random(5)
    alphabet = list("aeiouñ áéíóúüàèìòùâêîôûäëïöÁÉÍÓÚÜÀÈÌÒÙÂÊÎÔÛÄËÏÖİẞ\u0301\u0308xÃ©")
    for _ in range(20_000):
        text = "".join(generator.choices(alphabet, k=generator.randint(0, 12)))
        expected = unicodedata.normalize("NFC", text).lower().translate(table)
        if not model._MOJIBAKE_HINT.search(text):
            assert model.normalise_for_model(text) == expected, repr(text)


def test_explanation_uses_the_vocabulary_of_the_latest_fit(demo_frame):
    pipeline = model.fit(demo_frame["text"].tolist(), demo_frame["label"].tolist())
    vectorizer = pipeline.named_steps["tfidf"]
    model.explain(pipeline, "La escuela no tiene docentes.")
    half = demo_frame.iloc[::2]
    pipeline.fit(half["text"].tolist(), half["label"].tolist())  # same object, new vocabulary
    names = model._feature_names(vectorizer)
    assert names.tolist() == vectorizer.get_feature_names_out().tolist()
