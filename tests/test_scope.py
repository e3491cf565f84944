"""Code, model and data tests of scope (other SDGs, «otro» rows), calibration and the review flag.

Fixture texts (``tests/fixtures/otros_ods.csv``, ``idiomas.csv``) were written for odsgr; the data
test reads the shared ``otros_ods_6_7_16.csv`` only to measure (skipped when it is absent).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.special import softmax

from odsgr import data, evaluate, language, model, sdg
from odsgr.config import Settings
from odsgr.service import Service

IN_SCOPE = [
    "En el centro de salud no hay médicos ni medicinas y las citas tardan meses en llegar.",
    "La escuela del barrio no tiene profesores suficientes y los niños se quedan sin clases.",
    "Las familias no tienen ingresos para comprar comida ni pagar el arriendo de la casa.",
]


@pytest.fixture(scope="module")
def demo_frame(demo_data: Path) -> pd.DataFrame:
    frame, _ = data.load_labelled(demo_data)
    return frame


@pytest.fixture(scope="module")
def fitted(demo_frame: pd.DataFrame):
    return model.fit(demo_frame["text"].tolist(), demo_frame["label"].tolist())


@pytest.fixture(scope="module")
def other_sdgs() -> pd.DataFrame:
    return pd.read_csv(Path(__file__).parent / "fixtures" / "otros_ods.csv")


# --- scope ---------------------------------------------------------------------------------------


def test_texts_of_other_sdgs_are_out_of_scope_and_need_review(fitted, other_sdgs):
    predictions = model.predict(fitted, other_sdgs["texto"].tolist())
    out = [p for p in predictions if not p.in_scope]
    # 23 of 28 when fitted on the 120 demo texts: on so few rows the conformal scope threshold
    # lets fewer texts out, in-scope ones included (benchmarks/scope.md measures the full data)
    assert len(out) >= 0.8 * len(predictions)
    assert all(p.needs_review and model.REASON_OUT_OF_SCOPE in p.review_reasons for p in out)
    assert {p.label for p in predictions} <= {1, 3, 4}  # the nearest SDG is still given


def test_clear_in_scope_texts_stay_in_scope(fitted):
    predictions = model.predict(fitted, IN_SCOPE)
    assert [p.label for p in predictions] == [3, 4, 1]
    assert all(
        p.in_scope and model.REASON_OUT_OF_SCOPE not in p.review_reasons for p in predictions
    )


def test_scope_examples_cover_every_sdg_and_mark_the_unknown_ones_as_other():
    texts, labels = sdg.scope_examples([1, 3, 4])
    assert set(labels) == {0, 1, 3, 4}
    assert len(texts) == len(labels) and len(set(texts)) == len(texts)
    assert all(len(sdg.ABOUT_ES[number]) >= 8 for number in range(1, 18))
    # two sentences per target (SDG 7 and 13 have the fewest: 5), none naming its goal
    assert all(len(sdg.TARGETS_ES[number]) >= 10 for number in range(1, 18))
    targets = [t for number in range(1, 18) for t in sdg.TARGETS_ES[number]]
    assert len(set(targets)) == len(targets) == 338
    assert not [t for t in targets if re.search(r"\b(ODS|SDG|objetivo)\b", t, re.IGNORECASE)]
    assert sdg.scope_examples([1, 3, 4]) == (texts, labels)  # deterministic


def test_a_small_training_set_lets_at_most_one_in_scope_validation_text_out(trained_home):
    # 102 demo training texts: a plain 96th percentile let 2 of the 18 validation texts out; the
    # conformal quantile expects 0.7 of 18 out (4 %), so at most one, one text over a 5 % budget
    meta = Service(Settings(home=trained_home)).registry.get("v1").metadata
    one_text = round(1 / 18, 6)  # as stored
    assert meta["scope"]["validation_out_of_scope"] <= max(evaluate.REVIEW_BUDGET, one_text)
    assert meta["scope"]["validation_flagged"] <= max(evaluate.REVIEW_BUDGET, one_text)


def test_development_texts_stay_apart_from_what_the_model_learns():
    folder = Path(__file__).resolve().parents[1] / "benchmarks" / "fixtures"
    development = pd.read_csv(folder / "otros_ods_desarrollo.csv")
    assert set(development["ods"]) == {2, *range(5, 18)}  # every SDG but the modelled 1, 3, 4
    shipped = {model.normalise_for_model(t) for t in sdg.scope_examples(range(1, 18))[0]}
    written = [model.normalise_for_model(t) for t in development["texto"]]
    assert not [t for t in written if any(t in s or s in t for s in shipped)]


def test_otro_labels_are_parsed_counted_learned_and_never_predicted(demo_frame):
    assert data.parse_label("Otro") == data.parse_label(" OTROS ") == model.OUT_OF_SCOPE
    with pytest.raises(ValueError):
        data.parse_label(0)
    raw = pd.DataFrame(
        {
            "text": [*demo_frame["text"], "El acueducto no da agua potable y el río está sucio."],
            "label": [*demo_frame["label"].astype(str), "otro"],
        }
    )
    cleaned, report = data.clean_labelled(raw)
    assert report.out_of_scope == 1 and "«otro»" in report.to_markdown()
    pipeline = model.fit(cleaned["text"].tolist(), cleaned["label"].tolist())
    assert model.model_labels(pipeline) == [1, 3, 4]
    labels, _ = model.predict_arrays(pipeline, cleaned["text"].tolist())
    assert model.OUT_OF_SCOPE not in set(labels.tolist())
    assert sdg.label_name(model.OUT_OF_SCOPE) == "Otro"


def test_designs_without_a_scope_class_ignore_otro_rows(demo_frame):
    texts = [*demo_frame["text"], "Texto sobre otro tema distinto de los ODS del modelo."]
    labels = [*demo_frame["label"], model.OUT_OF_SCOPE]
    pipeline = model.fit(texts, labels, "prefix_words_lr")
    assert model.model_labels(pipeline) == [1, 3, 4]
    [prediction] = model.predict(pipeline, [IN_SCOPE[0]])
    assert prediction.in_scope  # no scope class: everything counts as in scope


# --- language ------------------------------------------------------------------------------------


def test_language_warning_sets_needs_review(fitted):
    english = "The school has no teachers and the children leave early every single day."
    [prediction] = model.predict(fitted, [english], review_threshold=0.0)
    assert prediction.language_warning == language.NOT_SPANISH_WARNING
    assert prediction.needs_review and language.NOT_SPANISH_WARNING in prediction.review_reasons


def test_spanish_with_mojibake_and_typos_gets_no_language_warning(fitted):
    broken = IN_SCOPE[1].encode("utf-8").decode("latin-1")
    typos = "aki la jente no tiene plata pa comer i los niños ban sin desayunar al colejio"
    for prediction in model.predict(fitted, [broken, typos.upper(), typos]):
        assert prediction.language_warning is None


# --- calibration and the review flag --------------------------------------------------------------


def test_fit_temperature_recovers_the_temperature_that_generated_the_labels():
    rng = np.random.default_rng(0)
    logits = rng.normal(scale=4.0, size=(4000, 3))
    truth = np.array([rng.choice(3, p=p) for p in softmax(logits / 2.5, axis=1)])
    assert model.fit_temperature(logits, truth) == pytest.approx(2.5, rel=0.1)


def test_reliability_measures_the_gap_between_confidence_and_accuracy():
    report = evaluate.reliability([True, False, True, True], [0.95, 0.95, 0.55, 0.55], bins=10)
    # bin 0.9–1.0: confidence 0.95, accuracy 0.5; bin 0.5–0.6: confidence 0.55, accuracy 1.0
    assert report["ece"] == pytest.approx((2 * 0.45 + 2 * 0.45) / 4)
    assert [b["count"] for b in report["bins"]] == [2, 2]


def test_risk_coverage_counts_errors_caught_among_the_most_uncertain():
    correct = [True, False, True, False, True]
    curve = evaluate.risk_coverage(correct, [0.1, 0.9, 0.2, 0.8, 0.3], points=6)
    assert curve[0] == {"flagged": 0.0, "errors_caught": 0.0, "risk": 0.4}
    two = next(p for p in curve if p["flagged"] == 0.4)
    assert two["errors_caught"] == 1.0 and two["risk"] == 0.0


def test_review_threshold_is_the_highest_within_budget():
    probability = np.linspace(0.5, 1.0, 100)
    anyway = np.zeros(100, dtype=bool)
    anyway[-2:] = True
    threshold = evaluate.choose_review_threshold(probability, anyway, budget=0.1)
    assert np.mean(anyway | (probability < threshold)) <= 0.1
    assert np.mean(anyway | (probability < threshold + 0.01)) > 0.1


def test_a_version_stores_and_uses_its_calibration_and_threshold(trained_home, other_sdgs):
    service = Service(Settings(home=trained_home))
    meta = service.registry.current().metadata
    assert 0.3 <= meta["review_threshold"] <= 0.99
    assert meta["calibration"]["ece"] >= 0 and meta["calibration"]["temperature"] > 0
    assert meta["risk_coverage"][0]["flagged"] == 0.0
    assert service.review_threshold() == meta["review_threshold"]
    metrics = service.metrics()
    assert metrics["review_threshold"] == meta["review_threshold"] and "calibration" in metrics
    result = service.predict(other_sdgs["texto"][4], explain=False)  # about energy (ODS 7)
    assert result.in_scope is False and result.needs_review is True
    assert model.REASON_OUT_OF_SCOPE in result.review_reasons
    frame = service.predict_frame(
        pd.DataFrame({"texto": [IN_SCOPE[0], other_sdgs["texto"][4], "😀😀😀 1234"]}), "texto"
    )
    assert frame["in_scope"].tolist() == [True, False, False]
    assert frame["needs_review"].tolist() == [False, True, True]
    assert language.NOT_LANGUAGE_WARNING in frame.loc[2, "review_reason"]


def test_the_environment_threshold_overrides_the_versions(trained_home):
    service = Service(Settings(home=trained_home, review_threshold=1.01))
    assert service.review_threshold() == 1.01
    assert service.predict(IN_SCOPE[0], explain=False).needs_review is True


# --- data test on the shared file of other SDGs ---------------------------------------------------


def test_reference_texts_of_other_sdgs_are_flagged(reference_data_dir: Path, reference_model):
    path = reference_data_dir / "otros_ods_6_7_16.csv"
    if not path.is_file():
        pytest.skip(f"{path.name} not found in {reference_data_dir}")
    texts = pd.read_csv(path).iloc[:, 0].astype(str).tolist()
    scores = model.score(reference_model, texts)
    flagged = float(scores.needs_review.mean())
    print(f"\nother SDGs flagged: {flagged:.1%}; out of scope: {(~scores.in_scope).mean():.1%}")
    assert flagged >= 0.80  # today's model: 73 %; see benchmarks/scope.md for the measured figure
