"""The text classifier: a scikit-learn Pipeline that normalises, vectorises, predicts and explains.

All text normalisation lives inside the pipeline (in :class:`SpanishAnalyzer`), so the persisted
object is exactly what predicts. The default design, chosen by 5-fold cross-validation (see
``benchmarks/quality.py``), is TF-IDF over words plus 6-character word prefixes (a cheap stemmer
that
generalises across Spanish inflections: *educación*, *educativo*, *educadores* share ``educac``/
``educat``) feeding a class-balanced multinomial logistic regression.

That regression also knows what it does not know (:class:`ScopedLogisticRegression`): it learns an
extra class, :data:`OUT_OF_SCOPE`, from the user's rows labelled «otro» and from the Spanish
descriptions of the SDGs the data does not cover (:func:`odsgr.sdg.scope_examples`), and its
probabilities are calibrated by temperature scaling on out-of-fold predictions of the training
rows. :func:`score` turns it into what every prediction carries: label, calibrated probability,
``in_scope``, language warning and the «revisar» flag with its reasons.
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import ftfy
import numpy as np
from scipy.sparse import spmatrix
from scipy.special import log_softmax, logsumexp, softmax
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.naive_bayes import ComplementNB
from sklearn.pipeline import Pipeline, make_union
from sklearn.svm import LinearSVC

from odsgr import language, sdg

DEFAULT_CANDIDATE = "scoped_prefix_words_lr"
OUT_OF_SCOPE = sdg.OUT_OF_SCOPE
DEFAULT_REVIEW_THRESHOLD = 0.6
"""«revisar» threshold of versions that did not choose their own (see ``review_threshold_``)."""

REASON_LOW_PROBABILITY = "probabilidad baja"
REASON_OUT_OF_SCOPE = "parece tratar de otro ODS"

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


class SdgRowsOnly:
    """``coef_`` and ``intercept_`` of the SDG classes only, for a classifier whose inner
    ``estimator_`` also learned the out-of-scope class (``_inside`` marks the SDG rows)."""

    estimator_: Any
    _inside: np.ndarray

    @property
    def coef_(self) -> np.ndarray:
        """Coefficients of the SDG classes (rows in ``classes_`` order)."""
        return self.estimator_.coef_[self._inside]

    @property
    def intercept_(self) -> np.ndarray:
        """Intercepts of the SDG classes."""
        return self.estimator_.intercept_[self._inside]


class ScopedLogisticRegression(SdgRowsOnly, ClassifierMixin, BaseEstimator):
    """Class-balanced multinomial logistic regression with an out-of-scope class, calibrated.

    Rows labelled :data:`OUT_OF_SCOPE` are learned as one more class; ``classes_``,
    ``predict_proba``, ``coef_`` and ``intercept_`` cover only the SDGs (so the rest of odsgr sees
    an ordinary SDG classifier) and :meth:`out_of_scope_proba` gives the probability of the extra
    class. A text is out of scope (:meth:`in_scope`) when its *energy* — minus the log-sum-exp of
    its SDG logits, i.e. how little evidence it gives for any of the model's SDGs — is above
    ``scope_threshold_``; this separated texts of other SDGs from in-scope ones better than the
    probability of the extra class (``benchmarks/scope.md``). ``cv``-fold out-of-fold logits of
    the ``real`` rows fit the temperature that calibrates the probabilities and that threshold,
    which lets the share ``in_scope_error`` of real in-scope rows out.
    """

    def __init__(
        self,
        C: float = 30.0,
        max_iter: int = 3000,
        cv: int = 3,
        in_scope_error: float = 0.04,
        cv_tol: float = 1e-3,
        random_state: int = 0,
    ) -> None:
        self.C = C
        self.max_iter = max_iter
        self.cv = cv
        self.in_scope_error = in_scope_error
        self.cv_tol = cv_tol
        self.random_state = random_state

    def _regression(self, tol: float = 1e-4) -> LogisticRegression:
        return LogisticRegression(
            class_weight="balanced", C=self.C, max_iter=self.max_iter, tol=tol
        )

    def fit(
        self,
        X: object,
        y: Sequence[int] | np.ndarray,
        real: Sequence[bool] | np.ndarray | None = None,
    ) -> ScopedLogisticRegression:
        """Fit on features ``X`` and labels ``y``; ``real`` marks the rows that are real texts
        (not SDG descriptions): only they set the temperature and the scope threshold."""
        y = np.asarray(y, dtype=int)
        real = np.ones(len(y), dtype=bool) if real is None else np.asarray(real, dtype=bool)
        inside = y != OUT_OF_SCOPE
        self.classes_ = np.unique(y[inside])
        if len(self.classes_) < 2:
            raise ValueError("Se necesitan textos de al menos dos ODS para entrenar.")
        self.estimator_ = self._regression().fit(X, y)
        all_classes = self.estimator_.classes_
        self._inside = np.isin(all_classes, self.classes_)
        self._outside = np.flatnonzero(~self._inside)
        self.temperature_, self.scope_threshold_ = 1.0, np.inf
        counts = np.bincount(np.searchsorted(all_classes, y))
        folds = min(self.cv, int(counts.min()))
        if folds >= 2:
            # imported here: predicting (the CLI, the workers) never needs them
            from sklearn.model_selection import StratifiedKFold, cross_val_predict

            splitter = StratifiedKFold(folds, shuffle=True, random_state=self.random_state)
            logits = cross_val_predict(
                self._regression(self.cv_tol), X, y, cv=splitter, method="decision_function"
            )
            chosen = real & inside
            truth = np.searchsorted(self.classes_, y[chosen])
            self.temperature_ = fit_temperature(logits[chosen][:, self._inside], truth)
            energy = -logsumexp(logits[chosen][:, self._inside], axis=1)
            # the conformal quantile: on n rows, at most ``in_scope_error`` of new in-scope texts
            # are expected above it (a plain quantile lets more out when n is small)
            level = min(1.0, np.ceil((len(energy) + 1) * (1.0 - self.in_scope_error)) / len(energy))
            self.scope_threshold_ = float(np.quantile(energy, level, method="higher"))
        return self

    def _logits(self, X: object) -> np.ndarray:
        logits = self.estimator_.decision_function(X)
        return logits if logits.ndim == 2 else np.column_stack([-logits, logits])

    def _scaled_logits(self, X: object) -> np.ndarray:
        return self._logits(X) / self.temperature_

    def decision_function(self, X: object) -> np.ndarray:
        """Calibrated logits of the SDG classes."""
        return self._scaled_logits(X)[:, self._inside]

    def predict_proba(self, X: object) -> np.ndarray:
        """Calibrated probability of each SDG, given that the text is about one of them."""
        return softmax(self.decision_function(X), axis=1)

    def out_of_scope_proba(self, X: np.ndarray | spmatrix) -> np.ndarray:
        """Probability that each text is about none of the model's SDGs."""
        if not len(self._outside):
            return np.zeros(X.shape[0])
        return softmax(self._scaled_logits(X), axis=1)[:, self._outside].sum(axis=1)

    def in_scope(self, X: object) -> np.ndarray:
        """Whether each text gives enough evidence for one of the model's SDGs."""
        return self.assess(X)[2]

    def assess(self, X: object) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``predict_proba``, ``out_of_scope_proba`` and ``in_scope`` from one pass over ``X``."""
        logits = self._logits(X)
        inside = logits[:, self._inside]
        scaled = logits / self.temperature_
        outside = softmax(scaled, axis=1)[:, self._outside].sum(axis=1)
        in_scope = -logsumexp(inside, axis=1) <= self.scope_threshold_
        return softmax(scaled[:, self._inside], axis=1), outside, in_scope

    def predict(self, X: object) -> np.ndarray:
        """The most probable SDG of each text (never :data:`OUT_OF_SCOPE`)."""
        return self.classes_[self.predict_proba(X).argmax(axis=1)]


def fit_temperature(logits: np.ndarray, truth: np.ndarray) -> float:
    """The temperature T minimising the log-loss of ``softmax(logits / T)`` (Guo et al., 2017).

    Args:
        logits: held-out logits, one row per text.
        truth: column index of each text's true class.
    """
    from scipy.optimize import minimize_scalar  # training only

    rows = np.arange(len(truth))

    def loss(log_t: float) -> float:
        return float(-log_softmax(logits / np.exp(log_t), axis=1)[rows, truth].mean())

    return float(np.exp(minimize_scalar(loss, bounds=(-3.0, 3.0), method="bounded").x))


CANDIDATES: dict[str, Callable[[], Pipeline]] = {
    # The reference system, as it shipped.
    "reference_word12_lr": lambda: Pipeline(
        [
            ("tfidf", _word_tfidf(ngram_range=(1, 2), min_df=0.01, max_df=0.8)),
            ("classifier", LogisticRegression(class_weight="balanced", max_iter=2000)),
        ]
    ),
    "scoped_prefix_words_lr": lambda: Pipeline(
        [
            ("tfidf", _tfidf(analyzer=SpanishAnalyzer(), min_df=2)),
            ("classifier", ScopedLogisticRegression()),
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
    texts: Sequence[str], labels: Sequence[int] | np.ndarray, candidate: str = DEFAULT_CANDIDATE
) -> Pipeline:
    """Fit a new pipeline of design ``candidate`` on ``texts`` and integer SDG ``labels``.

    Rows labelled :data:`OUT_OF_SCOPE` («otro») teach a scoped design what lies outside its SDGs,
    together with the descriptions of the SDGs the data does not cover; designs without a scope
    class ignore them.
    """
    texts, labels = list(texts), np.asarray(labels, dtype=int)
    pipeline = build_pipeline(candidate)
    if not isinstance(pipeline.named_steps["classifier"], ScopedLogisticRegression):
        keep = labels != OUT_OF_SCOPE
        pipeline.fit([t for t, k in zip(texts, keep) if k], labels[keep])
        return pipeline
    known = sorted(set(labels.tolist()) - {OUT_OF_SCOPE})
    extra_texts, extra_labels = sdg.scope_examples(known)
    real = np.r_[np.ones(len(texts), dtype=bool), np.zeros(len(extra_texts), dtype=bool)]
    pipeline.fit(texts + extra_texts, np.r_[labels, extra_labels], classifier__real=real)
    return pipeline


def model_labels(pipeline: BaseEstimator) -> list[int]:
    """The SDG numbers a fitted pipeline can predict, in its probability-column order."""
    return [int(label) for label in pipeline.classes_]


def resolve_review_threshold(pipeline: BaseEstimator, override: float | None = None) -> float:
    """The «revisar» threshold: ``override`` when given, else the one chosen for the version."""
    if override is not None:
        return float(override)
    classifier = getattr(pipeline, "named_steps", {}).get("classifier")
    return float(getattr(classifier, "review_threshold_", DEFAULT_REVIEW_THRESHOLD))


def set_review_threshold(pipeline: Pipeline, threshold: float) -> None:
    """Store the version's own «revisar» threshold in the fitted pipeline (persisted with it)."""
    pipeline.named_steps["classifier"].review_threshold_ = float(threshold)


# A text the vocabulary covers densely and that uses the Spanish articles is taken as Spanish
# without running the language identifier (~1 ms a text, ~10x the model); the rest are checked.
LANGUAGE_CHECK_MIN_DENSITY = 0.10
"""Known features per character above which a text may skip the language identifier."""
# Function words Portuguese, Catalan, Italian, French and English do not write (accents stripped).
_SPANISH_MARKERS = (
    *("los", "las", "pero", "muy", "hay", "tambien", "cuando", "donde", "ellos", "desde"),
    *("nuestra", "nuestro", "nuestros", "nuestras", "hacia", "segun", "mientras", "aunque"),
)


@dataclass(frozen=True)
class Scores:
    """What the model says about a list of texts, as arrays (one entry per text)."""

    labels: np.ndarray
    probability: np.ndarray
    matrix: np.ndarray
    in_scope: np.ndarray
    out_of_scope_probability: np.ndarray
    needs_review: np.ndarray
    language_warnings: list[str | None]
    review_reasons: list[tuple[str, ...]]


def _language_warnings(
    pipeline: BaseEstimator, texts: list[str], features: spmatrix
) -> list[str | None]:
    """A language warning (or ``None``) per text; densely known Spanish texts skip the check."""
    vectorizer = getattr(pipeline, "named_steps", {}).get("tfidf")
    vocabulary = getattr(vectorizer, "vocabulary_", None) or {}
    trusted = np.zeros(len(texts), dtype=bool)
    columns = [vocabulary[m] for m in _SPANISH_MARKERS if m in vocabulary]
    if columns:
        lengths = np.fromiter((max(len(t), 1) for t in texts), dtype=float, count=len(texts))
        dense = np.diff(features.indptr) / lengths >= LANGUAGE_CHECK_MIN_DENSITY
        trusted = dense & (features[:, columns].getnnz(axis=1) > 0)
    return [None if ok else language.check(t).warning for t, ok in zip(texts, trusted)]


def score(
    pipeline: BaseEstimator,
    texts: Sequence[str],
    review_threshold: float | None = None,
    check_language: bool = True,
) -> Scores:
    """Score non-empty ``texts``: label, calibrated probability, scope, language and «revisar».

    A text needs review when its probability is under the threshold (the version's own unless
    ``review_threshold`` is given), when it seems to be about another SDG (``in_scope`` false) or
    when it does not look like Spanish; ``review_reasons`` says which, in Spanish.
    """
    texts = list(texts)
    threshold = resolve_review_threshold(pipeline, review_threshold)
    if isinstance(pipeline, Pipeline):
        features = pipeline[:-1].transform(texts)
        classifier = pipeline.steps[-1][1]
    else:
        features, classifier = texts, pipeline
    if hasattr(classifier, "assess"):
        matrix, outside, in_scope = classifier.assess(features)
    else:
        matrix = classifier.predict_proba(features)
        outside, in_scope = np.zeros(len(texts)), np.ones(len(texts), dtype=bool)
    best = matrix.argmax(axis=1)
    probability = matrix[np.arange(len(best)), best]
    warnings: list[str | None]
    if not check_language:
        warnings = [None] * len(texts)
    elif hasattr(features, "indptr"):
        warnings = _language_warnings(pipeline, texts, features)
    else:
        warnings = [language.check(t).warning for t in texts]
    low = probability < threshold
    reasons = [
        tuple(
            reason
            for reason, applies in (
                (REASON_OUT_OF_SCOPE, not scoped),
                (REASON_LOW_PROBABILITY, is_low),
                (warning or "", warning is not None),
            )
            if applies
        )
        for scoped, is_low, warning in zip(in_scope, low, warnings)
    ]
    return Scores(
        labels=np.asarray(model_labels(pipeline))[best],
        probability=probability,
        matrix=matrix,
        in_scope=np.asarray(in_scope, dtype=bool),
        out_of_scope_probability=np.asarray(outside, dtype=float),
        needs_review=np.array([bool(r) for r in reasons], dtype=bool),
        language_warnings=warnings,
        review_reasons=reasons,
    )


@dataclass(frozen=True)
class Prediction:
    """The model's answer for one text.

    ``in_scope`` is false when the text seems to be about an SDG the model does not know;
    ``review_reasons`` (Spanish) say why ``needs_review`` is set.
    """

    label: int
    probability: float
    probabilities: dict[int, float]
    needs_review: bool
    in_scope: bool = True
    out_of_scope_probability: float = 0.0
    language_warning: str | None = None
    review_reasons: tuple[str, ...] = ()


def predict(
    pipeline: BaseEstimator,
    texts: Sequence[str],
    review_threshold: float | None = None,
    check_language: bool = True,
) -> list[Prediction]:
    """Predict every text (see :func:`score` for ``needs_review``)."""
    if len(texts) == 0:
        return []
    labels = model_labels(pipeline)
    scores = score(pipeline, texts, review_threshold, check_language)
    return [
        Prediction(
            label=int(scores.labels[i]),
            probability=float(scores.probability[i]),
            probabilities={label: float(p) for label, p in zip(labels, scores.matrix[i])},
            needs_review=bool(scores.needs_review[i]),
            in_scope=bool(scores.in_scope[i]),
            out_of_scope_probability=float(scores.out_of_scope_probability[i]),
            language_warning=scores.language_warnings[i],
            review_reasons=scores.review_reasons[i],
        )
        for i in range(len(scores.labels))
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
