"""Code tests of the review queue: opt-in storage, ordering, masking and bulk decisions."""

from __future__ import annotations

import shutil
import threading

import pandas as pd
import pytest

from odsgr import review
from odsgr.config import Settings
from odsgr.errors import DataError
from odsgr.model import Prediction
from odsgr.service import Service

UNCERTAIN = "Escríbanme a ana.perez@example.com: falta agua y escuela en la vereda."


@pytest.fixture
def service(tmp_path, trained_home):
    home = tmp_path / "home"
    shutil.copytree(trained_home, home)
    # every prediction counts as uncertain, so every opted-in prediction is queued
    return Service(Settings(home=home, seed=7, review_threshold=1.01))


def test_nothing_is_queued_without_opting_in(service):
    result = service.predict(UNCERTAIN)
    assert result.needs_review and not result.queued_for_review
    frame = service.predict_frame(pd.DataFrame({"t": [UNCERTAIN]}), "t")
    assert frame.attrs["queued_for_review"] == 0
    assert service.review_queue().empty


def test_queue_keeps_masked_text_prediction_and_margin_lowest_first(service):
    assert service.predict(UNCERTAIN, store_for_review=True).queued_for_review
    texts = pd.DataFrame(
        {"t": ["El hospital no tiene médicos ni medicinas para los enfermos.", ""]}
    )
    assert service.predict_frame(texts, "t", store_for_review=True).attrs["queued_for_review"] == 1
    service.predict_many(["Los niños no tienen maestros en la escuela."], store_for_review=True)
    queue = service.review_queue()
    assert len(queue) == 3 and list(queue.columns) == list(review.QUEUE_COLUMNS)
    assert queue["margin"].is_monotonic_increasing
    assert sorted(queue["origin"]) == ["api", "batch", "classify"]
    assert (queue["model_version"] == "v1").all()
    classify = queue[queue["origin"] == "classify"].iloc[0]
    assert "ana.perez@example.com" not in classify["text"] and "[" in classify["text"]
    assert set(classify["probabilities"]) == {"1", "3", "4"}
    top = sorted(classify["probabilities"].values(), reverse=True)
    assert classify["margin"] == pytest.approx(top[0] - top[1], abs=1e-5)
    raw = (service.settings.data_dir / "review").rglob("*.jsonl")
    assert not any("ana.perez@example.com" in path.read_text("utf-8") for path in raw)


def test_texts_are_kept_as_written_when_masking_is_off(tmp_path, trained_home):
    home = tmp_path / "home"
    shutil.copytree(trained_home, home)
    plain = Service(Settings(home=home, review_threshold=1.01, mask_personal_data=False))
    plain.predict(UNCERTAIN, store_for_review=True)
    assert plain.review_queue()["text"].tolist() == [UNCERTAIN]


def test_decisions_confirm_correct_and_dismiss_in_bulk(service):
    for text in (UNCERTAIN, "Faltan médicos.", "Sin maestros en la escuela del pueblo."):
        service.predict(text, store_for_review=True)
    queue = service.review_queue()
    first, second, third = queue.to_dict("records")
    history_before = len(service.history())
    outcome = service.review_decide(
        [
            {"id": first["id"], "label": first["predicted_label"]},
            {"id": second["id"], "label": 1 if second["predicted_label"] != 1 else 3},
            {"id": third["id"], "label": None},
        ],
        actor="revisora",
    )
    assert outcome == {"confirmed": 1, "corrected": 1, "dismissed": 1, "history_rows": 2}
    assert service.review_queue().empty
    history = service.history()
    added = history.iloc[history_before:]
    assert len(added) == 2 and (added["source"] == "review").all()
    assert set(added["text"]) == {first["text"], second["text"]}
    decided = service.review_queue(include_decided=True)
    assert set(decided["decided_by"]) == {"revisora"}
    training = service.training_frame()
    assert set(added["text"]) <= set(training["text"])


def test_bad_decisions_are_refused_before_anything_is_written(service):
    service.predict(UNCERTAIN, store_for_review=True)
    item = service.review_queue().iloc[0]["id"]
    rows = len(service.history())
    with pytest.raises(DataError, match="desconocidos"):
        service.review_decide([{"id": "nope", "label": 3}])
    with pytest.raises(DataError, match="ODS 1–17"):
        service.review_decide([{"id": item, "label": 42}])
    with pytest.raises(DataError, match="dos veces"):
        service.review_decide([{"id": item, "label": 3}, {"id": item, "label": 4}])
    assert len(service.history()) == rows
    service.review_decide([{"id": item, "label": 3}])
    with pytest.raises(DataError, match="ya revisados"):
        service.review_decide([{"id": item, "label": 4}])


def test_two_reviewers_deciding_the_same_item_at_once(service):
    service.predict(UNCERTAIN, store_for_review=True)
    item = service.review_queue().iloc[0]["id"]
    outcomes: list[str] = []
    start = threading.Barrier(4)

    def decide(label: int) -> None:
        start.wait()
        try:
            review.decide(service.settings, [{"id": item, "label": label}], actor=str(label))
            outcomes.append("ok")
        except DataError:
            outcomes.append("refused")

    threads = [threading.Thread(target=decide, args=(label,)) for label in (1, 3, 4, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "refused", "refused", "refused"]
    assert (service.history()["source"] == "review").sum() == 1


# --- size cap and storage (issue 12) ------------------------------------------------------------


def _doubtful(margin: float) -> Prediction:
    top = (1 + margin) / 2
    return Prediction(
        label=4, probability=top, probabilities={4: top, 3: 1 - top}, needs_review=True
    )


def test_the_queue_is_capped_dropping_the_least_doubtful_oldest_first(tmp_path):
    settings = Settings(home=tmp_path / "home", review_max_items=5, mask_personal_data=False)
    margins = [0.9, 0.1, 0.9, 0.5, 0.2, 0.9, 0.05]  # the first 0.9 is the oldest of the three
    ids = [
        review.enqueue(settings, [f"Texto dudoso número {i}"], [_doubtful(m)], "v1", "api")[0]
        for i, m in enumerate(margins)
    ]
    queue = review.list_queue(settings)
    assert len(queue) == 5
    assert set(queue["id"]) == set(ids) - {ids[0], ids[2]}  # two oldest of the least doubtful
    assert review.dropped_count(settings) == 2
    # A batch larger than the cap keeps only its most doubtful items and counts the rest.
    review.enqueue(
        settings, ["a", "b", "c", "d", "e", "f", "g"], [_doubtful(0.01)] * 7, "v1", "api"
    )
    assert len(review.list_queue(settings)) == 5 and review.dropped_count(settings) == 2 + 7


def test_many_single_enqueues_stay_in_a_bounded_number_of_files(tmp_path):
    settings = Settings(home=tmp_path / "home", review_max_items=50, mask_personal_data=False)
    for i in range(3 * review.COMPACT_AFTER_PARTS):
        review.enqueue(settings, [f"Texto {i} " * 200], [_doubtful(i / 1000)], "v1", "api")
    folder = review.review_dir(settings)
    assert len(list((folder / "items").glob("part-*.jsonl"))) <= review.COMPACT_AFTER_PARTS
    assert len(list((folder / "decisions").glob("part-*.jsonl"))) <= review.COMPACT_AFTER_PARTS
    queue = review.list_queue(settings)
    assert len(queue) == 50 and queue["margin"].max() < 0.05  # the 50 most doubtful are kept
    stored = "".join(p.read_text("utf-8") for p in (folder / "items").glob("*.jsonl"))
    assert stored.count('"id"') <= 50 + review.COMPACT_AFTER_PARTS  # dropped texts are deleted


@pytest.mark.parametrize("label", [True, False])
def test_booleans_are_not_labels(service, label):
    service.predict(UNCERTAIN, store_for_review=True)
    item = service.review_queue().iloc[0]
    with pytest.raises(DataError, match="Etiqueta no válida"):
        service.review_decide([{"id": item["id"], "label": label}])
    assert len(service.review_queue()) == 1


def test_queue_writes_run_off_the_prediction_thread_with_a_bounded_backlog(service, monkeypatch):
    """Masking and writing the queue never hold a /predict slot (they used to run inline)."""
    threads, release = [], threading.Event()
    original = review.enqueue

    def slow_enqueue(*args, **kwargs):
        threads.append(threading.current_thread().name)
        release.wait(30)
        return original(*args, **kwargs)

    monkeypatch.setattr(review, "enqueue", slow_enqueue)
    monkeypatch.setattr(review.ReviewWriter, "MAX_BACKLOG", 3)
    results = [service.predict(UNCERTAIN, store_for_review=True) for _ in range(4)]
    # The caller got its answers while the writer was still blocked; the fourth overflowed.
    assert [r.queued_for_review for r in results] == [True, True, True, False]
    release.set()
    assert len(service.review_queue()) == 3
    assert threads and all(name.startswith("odsgr-review") for name in threads)
