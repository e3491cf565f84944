"""The text classifier: a scikit-learn Pipeline that normalises, vectorises, predicts and explains.

All text normalisation lives inside the pipeline (in :class:`SpanishAnalyzer`), so the persisted
object is exactly what predicts. The default design, chosen by 5-fold cross-validation (see
``benchmarks/quality.py``), is TF-IDF over words plus 6-character word prefixes (a cheap stemmer
that
generalises across Spanish inflections: *educación*, *educativo*, *educadores* share ``educac``/
``educat``) feeding a class-balanced multinomial logistic regression.
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import ftfy
import numpy as np
from sklearn.base import BaseEstimator
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.naive_bayes import ComplementNB
from sklearn.pipeline import Pipeline, make_union
from sklearn.svm import LinearSVC

DEFAULT_CANDIDATE = "prefix_words_lr"

_TOKEN = re.compile(r"[a-zñ0-9]+")
_MOJIBAKE_HINT = re.compile("[ÃÂâ][\u0080-\u00ff\u2018-\u203a]")
# ``str.translate`` would do, but it costs ~40 µs on a 700-character non-ASCII text (a third of a
# prediction); one ``str.replace`` per accent that occurs costs ~3 µs and gives the same string.
_ACCENTS = tuple(zip("áéíóúüàèìòùâêîôûäëïö", "aeiouuaeiouaeiouaeio", strict=True))


def normalise_for_model(text: str) -> str:
    """Lower-case, repair mojibake, NFC, strip accents (keeping ñ): the model's view of a text."""
    if _MOJIBAKE_HINT.search(text):
        text = ftfy.fix_text(text)
    text = unicodedata.normalize("NFC", text).lower()
    for accented, plain in _ACCENTS:
        if accented in text:
            text = text.replace(accented, plain)
    return text


class SpanishAnalyzer:
    """Turn a raw text into features: words (≥ ``min_length`` chars) and their prefix stems.

    An object rather than a closure so that pipelines pickle; stems are marked with ``~``.
    """

    def __init__(self, prefix: int = 6, min_length: int = 3, words: bool = True) -> None:
        self.prefix = prefix
        self.min_length = min_length
        self.words = words

    def tokens(self, text: str) -> list[str]:
        """The normalised words of ``text`` that the model looks at."""
        return [t for t in _TOKEN.findall(normalise_for_model(text)) if len(t) >= self.min_length]

    def features_of(self, token: str) -> list[str]:
        """Feature names produced by one normalised token."""
        stem = "~" + token[: self.prefix]
        return [stem, token] if self.words else [stem]

    def __call__(self, text: str) -> list[str]:
        tokens = self.tokens(text)
        features = ["~" + t[: self.prefix] for t in tokens]
        if self.words:
            features += tokens
        return features


def _tfidf(**params: object) -> TfidfVectorizer:
    return TfidfVectorizer(sublinear_tf=True, dtype=np.float32, **params)


def _word_tfidf(**params: object) -> TfidfVectorizer:
    return _tfidf(strip_accents="unicode", lowercase=True, **params)


def _char_tfidf() -> TfidfVectorizer:
    return _tfidf(
        analyzer="char_wb",
        ngram_range=(2, 5),
        strip_accents="unicode",
        min_df=2,
        max_features=200_000,
    )


CANDIDATES: dict[str, Callable[[], Pipeline]] = {
    # The reference system, as it shipped.
    "reference_word12_lr": lambda: Pipeline(
        [
            ("tfidf", _word_tfidf(ngram_range=(1, 2), min_df=0.01, max_df=0.8)),
            ("classifier", LogisticRegression(class_weight="balanced", max_iter=2000)),
        ]
    ),
    "prefix_words_lr": lambda: Pipeline(
        [
            ("tfidf", _tfidf(analyzer=SpanishAnalyzer(), min_df=2)),
            ("classifier", LogisticRegression(class_weight="balanced", C=10.0, max_iter=3000)),
        ]
    ),
    "word12_lr": lambda: Pipeline(
        [
            ("tfidf", _word_tfidf(ngram_range=(1, 2), min_df=2)),
            ("classifier", LogisticRegression(class_weight="balanced", C=10.0, max_iter=3000)),
        ]
    ),
    "char25_lr": lambda: Pipeline(
        [
            ("tfidf", _char_tfidf()),
            ("classifier", LogisticRegression(class_weight="balanced", C=10.0, max_iter=3000)),
        ]
    ),
    "word_char_union_svc_calibrated": lambda: Pipeline(
        [
            ("tfidf", make_union(_word_tfidf(ngram_range=(1, 2), min_df=2), _char_tfidf())),
            ("classifier", CalibratedClassifierCV(LinearSVC(class_weight="balanced", C=0.5), cv=3)),
        ]
    ),
    "word12_complement_nb": lambda: Pipeline(
        [
            ("tfidf", _word_tfidf(ngram_range=(1, 2), min_df=2)),
            ("classifier", ComplementNB(alpha=0.3)),
        ]
    ),
    "prefix_words_sgd": lambda: Pipeline(
        [
            ("tfidf", _tfidf(analyzer=SpanishAnalyzer(), min_df=2)),
            (
                "classifier",
                SGDClassifier(
                    loss="modified_huber",
                    alpha=1e-4,
                    class_weight="balanced",
                    random_state=0,
                ),
            ),
        ]
    ),
}


def build_pipeline(candidate: str = DEFAULT_CANDIDATE) -> Pipeline:
    """A fresh, unfitted pipeline of the named candidate design (see :data:`CANDIDATES`)."""
    try:
        return CANDIDATES[candidate]()
    except KeyError:
        raise ValueError(
            f"Diseño de modelo desconocido: {candidate!r}. Opciones: {', '.join(CANDIDATES)}"
        ) from None


def fit(
    texts: Sequence[str], labels: Sequence[int], candidate: str = DEFAULT_CANDIDATE
) -> Pipeline:
    """Fit a new pipeline of design ``candidate`` on ``texts`` and integer SDG ``labels``."""
    pipeline = build_pipeline(candidate)
    pipeline.fit(list(texts), np.asarray(labels, dtype=int))
    return pipeline


def model_labels(pipeline: BaseEstimator) -> list[int]:
    """The SDG numbers a fitted pipeline can predict, in its probability-column order."""
    return [int(label) for label in pipeline.classes_]


@dataclass(frozen=True)
class Prediction:
    """The model's answer for one text."""

    label: int
    probability: float
    probabilities: dict[int, float]
    needs_review: bool


def predict(
    pipeline: BaseEstimator, texts: Sequence[str], review_threshold: float = 0.6
) -> list[Prediction]:
    """Predict every text; ``needs_review`` when the top probability is under the threshold."""
    if len(texts) == 0:
        return []
    labels = model_labels(pipeline)
    matrix = pipeline.predict_proba(list(texts))
    best = matrix.argmax(axis=1)
    return [
        Prediction(
            label=labels[i],
            probability=float(row[i]),
            probabilities={label: float(p) for label, p in zip(labels, row)},
            needs_review=bool(row[i] < review_threshold),
        )
        for row, i in zip(matrix, best)
    ]


def predict_arrays(pipeline: BaseEstimator, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised prediction for large batches: (labels, top probabilities)."""
    matrix = pipeline.predict_proba(list(texts))
    best = matrix.argmax(axis=1)
    labels = np.asarray(model_labels(pipeline))[best]
    return labels, matrix[np.arange(len(best)), best]


@dataclass(frozen=True)
class Explanation:
    """Why the model chose ``label`` for a text.

    ``terms`` are (feature, weight) pairs, strongest push toward ``label`` first (negative weights
    pushed away from it); ``highlights`` split the original text into (fragment, weight or None)
    segments, ready for ``gr.HighlightedText``.
    """

    label: int
    terms: list[tuple[str, float]]
    highlights: list[tuple[str, float | None]] = field(default_factory=list)


def explain(
    pipeline: Pipeline, text: str, label: int | None = None, top_k: int = 10
) -> Explanation:
    """Explain the prediction of a linear pipeline for ``text``.

    The weight of a feature is its TF-IDF value times how much more its coefficient favours
    ``label`` than the average of the other classes (the feature's share of the logit margin).

    Raises:
        ValueError: if the pipeline's classifier exposes no linear coefficients.
    """
    vectorizer, classifier = pipeline.named_steps["tfidf"], pipeline.named_steps["classifier"]
    hashed = hasattr(vectorizer, "named_features")  # e.g. odsgr.incremental.HashingTfidf
    if not hasattr(classifier, "coef_") or not (isinstance(vectorizer, TfidfVectorizer) or hashed):
        raise ValueError("Este diseño de modelo no ofrece explicaciones por término.")
    labels = model_labels(pipeline)
    if label is None:
        label = labels[int(pipeline.predict_proba([text])[0].argmax())]
    row = vectorizer.transform([text])
    coef = np.asarray(classifier.coef_)
    if coef.shape[0] == 1:  # binary problems store one row, for classes_[1]
        coef = np.vstack([-coef[0], coef[0]])
    k = labels.index(label)
    others = np.delete(coef, k, axis=0).mean(axis=0) if len(labels) > 1 else 0.0
    margin = coef[k] - others
    if hashed:  # no vocabulary to invert: the text's own features are hashed again
        named = vectorizer.named_features(text)
        weight_of = {name: float(v * margin[j]) for name, (j, v) in named.items()}
    else:
        names = _feature_names(vectorizer)
        weight_of = {names[j]: float(v * margin[j]) for j, v in zip(row.indices, row.data)}
    analyzer = getattr(vectorizer, "analyzer", None) or (SpanishAnalyzer() if hashed else None)
    if not isinstance(analyzer, SpanishAnalyzer):
        ranked = sorted(weight_of.items(), key=lambda item: item[1], reverse=True)
        terms = [t for t in ranked if t[1] > 0][:top_k]
        return Explanation(label=label, terms=terms, highlights=[(text, None)])
    words = _word_weights(analyzer, text, weight_of)
    by_word: dict[str, float] = {}
    for match, weight in words:
        by_word.setdefault(match.group().lower(), weight)
    ranked = sorted(by_word.items(), key=lambda item: item[1], reverse=True)
    return Explanation(
        label=label,
        terms=[(word, weight) for word, weight in ranked if weight > 0][:top_k],
        highlights=_highlights(text, words),
    )


_FEATURE_NAMES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _feature_names(vectorizer: TfidfVectorizer) -> np.ndarray:
    """``vectorizer.get_feature_names_out()``, built once per fitted vocabulary.

    Building it sorts the whole vocabulary (milliseconds), which was most of an explanation.
    """
    vocabulary = vectorizer.vocabulary_
    cached = _FEATURE_NAMES.get(vectorizer)
    if cached is None or cached[0] is not vocabulary:  # a refit replaces ``vocabulary_``
        cached = (vocabulary, vectorizer.get_feature_names_out())
        _FEATURE_NAMES[vectorizer] = cached
    return cached[1]


def _word_weights(
    analyzer: SpanishAnalyzer, text: str, weight_of: dict[str, float]
) -> list[tuple[re.Match, float]]:
    """Each word of ``text`` with the summed weight of its features (word and stem)."""
    words = []
    for match in re.finditer(r"\w+", text):
        features = [f for t in analyzer.tokens(match.group()) for f in analyzer.features_of(t)]
        weight = sum(weight_of.get(f, 0.0) for f in features)
        if weight != 0.0:
            words.append((match, round(weight, 4)))
    return words


def _highlights(text: str, words: list[tuple[re.Match, float]]) -> list[tuple[str, float | None]]:
    """``text`` split into (fragment, weight or None) segments for ``gr.HighlightedText``."""
    segments: list[tuple[str, float | None]] = []
    cursor = 0
    for match, weight in words:
        if match.start() > cursor:
            segments.append((text[cursor : match.start()], None))
        segments.append((match.group(), weight))
        cursor = match.end()
    if cursor < len(text):
        segments.append((text[cursor:], None))
    return segments
