"""A classifier that learns from new rows without refitting from scratch.

The design mirrors the default pipeline (Spanish words and prefix stems, TF-IDF, a linear model)
with two parts that can be updated in place:

* :class:`HashingTfidf` hashes the :class:`~odsgr.model.SpanishAnalyzer` features into a fixed
  number of columns (so no vocabulary has to be fitted) and keeps the document frequency of every
  column, updated with each batch: the IDF follows the data as it arrives. Columns never seen in
  training get no weight, as an unknown word gets none in ``TfidfVectorizer``.
* an ``SGDClassifier(loss="log_loss")`` updated with ``partial_fit``, weighted by the cumulative
  class counts (``class_weight="balanced"`` is not available to ``partial_fit``). Like the batch
  design it learns the out-of-scope class (:data:`~odsgr.sdg.OUT_OF_SCOPE`) from rows labelled
  «otro» and from the descriptions of the SDGs it was not built with; :class:`ScopedSGDClassifier`
  hides that class from the SDG probabilities and calls a text out of scope when it is the most
  probable class (no out-of-fold threshold: an update must stay cheap).

:class:`IncrementalPipeline` is a ``Pipeline`` with steps ``tfidf`` / ``classifier`` (so
``model.predict`` and ``model.explain`` work unchanged) that also remembers the class counts and
a hash of every (text, label) pair it has learned, so an update only ever sees rows it has not
learned yet.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Iterable, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.linear_model import SGDClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import normalize
from sklearn.utils import murmurhash3_32

from odsgr import sdg
from odsgr.model import SdgRowsOnly, SpanishAnalyzer

CANDIDATE = "incremental_hashing_sgd"
N_FEATURES = 2**18
ALPHA = 5e-5
BUILD_EPOCHS = 30
UPDATE_EPOCHS = 3


class UnseenLabelError(ValueError):
    """The new rows carry an SDG the incremental model was not built with."""

    def __init__(self, labels: Iterable[int]) -> None:
        self.labels = sorted(int(label) for label in labels)
        super().__init__(
            "Los datos nuevos contienen ODS que el modelo incremental no conoce: "
            + ", ".join(
                "«otro»" if label == sdg.OUT_OF_SCOPE else str(label) for label in self.labels
            )
        )


class HashingTfidf(TransformerMixin, BaseEstimator):
    """Sublinear TF-IDF over hashed analyzer features with an updatable document frequency."""

    def __init__(self, analyzer: SpanishAnalyzer | None = None, n_features: int = N_FEATURES):
        self.analyzer = analyzer
        self.n_features = n_features

    def _hasher(self) -> HashingVectorizer:
        return HashingVectorizer(
            analyzer=self.analyzer or SpanishAnalyzer(),
            n_features=self.n_features,
            alternate_sign=False,
            norm=None,
            dtype=np.float32,
        )

    def fit(self, texts: Sequence[str], y: object = None) -> HashingTfidf:
        """Start the document frequencies from ``texts``."""
        self.document_frequency_ = np.zeros(self.n_features, dtype=np.int64)
        self.n_documents_ = 0
        return self.partial_fit(texts)

    def partial_fit(self, texts: Sequence[str], y: object = None) -> HashingTfidf:
        """Add the documents of ``texts`` to the document frequencies."""
        if not hasattr(self, "document_frequency_"):
            self.document_frequency_ = np.zeros(self.n_features, dtype=np.int64)
            self.n_documents_ = 0
        counts = self._hasher().transform(list(texts)).tocsr()
        counts.sum_duplicates()
        self.document_frequency_ += np.bincount(counts.indices, minlength=self.n_features)
        self.n_documents_ += counts.shape[0]
        return self

    @property
    def idf_(self) -> np.ndarray:
        """Smoothed IDF per column; 0 for columns never seen (they carry no weight)."""
        df = self.document_frequency_
        idf = np.log((1.0 + self.n_documents_) / (1.0 + df)) + 1.0
        return np.where(df > 0, idf, 0.0).astype(np.float32)

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """L2-normalised ``(1 + log tf) · idf`` rows."""
        counts = self._hasher().transform(list(texts)).tocsr()
        counts.sum_duplicates()
        counts.data = 1.0 + np.log(counts.data)
        weighted = counts @ sp.diags(self.idf_)
        weighted.eliminate_zeros()
        return normalize(weighted.tocsr(), copy=False)

    def column_of(self, feature: str) -> int:
        """The column a feature name is hashed to (as ``HashingVectorizer`` does)."""
        return abs(murmurhash3_32(feature, seed=0)) % self.n_features

    def named_features(self, text: str) -> dict[str, tuple[int, float]]:
        """``{feature name: (column, tf-idf value)}`` of the known features of ``text``.

        Hashing keeps no vocabulary; the names come from analysing ``text`` again.
        """
        row = self.transform([text])
        values = dict(zip(row.indices.tolist(), row.data.tolist()))
        named = {}
        for feature in (self.analyzer or SpanishAnalyzer())(text):
            column = self.column_of(feature)
            if column in values:
                named[feature] = (column, float(values[column]))
        return named

    def known(self, features: Sequence[str]) -> np.ndarray:
        """Boolean mask: which features were seen in some training document."""
        columns = np.fromiter((self.column_of(f) for f in features), dtype=np.int64)
        return self.document_frequency_[columns] > 0


class ScopedSGDClassifier(SdgRowsOnly, ClassifierMixin, BaseEstimator):
    """``SGDClassifier(loss="log_loss")`` with an out-of-scope class it never predicts as an SDG.

    ``classes_``, ``predict_proba``, ``coef_`` and ``intercept_`` cover only the SDGs;
    :meth:`assess` adds the probability of the extra class and ``in_scope``, as
    :class:`odsgr.model.ScopedLogisticRegression` does.
    """

    def __init__(self, alpha: float = ALPHA, random_state: int = 0) -> None:
        self.alpha = alpha
        self.random_state = random_state

    def fit(
        self, X: object, y: np.ndarray, sample_weight: np.ndarray | None = None
    ) -> ScopedSGDClassifier:
        """Start afresh with one pass over ``X`` / ``y`` (:func:`build` runs the epochs)."""
        if hasattr(self, "estimator_"):
            del self.estimator_
        return self.partial_fit(X, y, np.unique(y), sample_weight)

    def partial_fit(
        self,
        X: object,
        y: np.ndarray,
        classes: np.ndarray,
        sample_weight: np.ndarray | None = None,
    ) -> ScopedSGDClassifier:
        """One pass of SGD over ``X`` / ``y`` (``classes``: every label it will ever see)."""
        if not hasattr(self, "estimator_"):
            self.estimator_ = SGDClassifier(
                loss="log_loss", alpha=self.alpha, random_state=self.random_state
            )
        self.estimator_.partial_fit(X, y, classes=classes, sample_weight=sample_weight)
        every = self.estimator_.classes_
        self._inside = every != sdg.OUT_OF_SCOPE
        self.classes_ = every[self._inside]
        return self

    def assess(self, X: object) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """SDG probabilities (summing to 1), out-of-scope probability and ``in_scope``."""
        every = self.estimator_.predict_proba(X)
        inside = every[:, self._inside]
        total = inside.sum(axis=1, keepdims=True)
        even = np.full_like(inside, 1.0 / inside.shape[1])
        matrix = np.divide(inside, total, out=even, where=total > 0)
        outside = 1.0 - total[:, 0]
        in_scope = self._inside[every.argmax(axis=1)]
        return matrix, outside, in_scope

    def predict_proba(self, X: object) -> np.ndarray:
        """Probability of each SDG, given that the text is about one of them."""
        return self.assess(X)[0]

    def predict(self, X: object) -> np.ndarray:
        """The most probable SDG of each text (never :data:`~odsgr.sdg.OUT_OF_SCOPE`)."""
        return self.classes_[self.predict_proba(X).argmax(axis=1)]


class IncrementalPipeline(Pipeline):
    """``tfidf`` → ``classifier`` pipeline that also tracks class counts and learned rows."""


def row_keys(texts: Sequence[str], labels: Iterable[int]) -> np.ndarray:
    """A 64-bit hash of each normalised (text, label) pair, to tell learned rows from new ones."""
    keys = np.empty(len(texts), dtype=np.uint64)
    for i, (text, label) in enumerate(zip(texts, labels)):
        normalised = " ".join(str(text).lower().split())
        digest = hashlib.blake2b(f"{int(label)}\t{normalised}".encode(), digest_size=8)
        keys[i] = int.from_bytes(digest.digest(), "little")
    return keys


def unlearned(pipeline: IncrementalPipeline, texts: Sequence[str], labels: Sequence[int]):
    """Boolean mask of the rows ``pipeline`` has not learned yet."""
    return ~np.isin(row_keys(texts, labels), pipeline.learned_keys_)


def _sample_weight(pipeline: IncrementalPipeline, labels: np.ndarray) -> np.ndarray:
    counts = pipeline.class_counts_
    total = sum(counts.values())
    per_class = {label: total / (len(counts) * count) for label, count in counts.items()}
    return np.array([per_class[int(label)] for label in labels], dtype=np.float64)


def _epochs(
    pipeline: IncrementalPipeline, texts: list[str], labels: np.ndarray, epochs: int, seed: int
):
    features = pipeline.named_steps["tfidf"].transform(texts)
    weights = _sample_weight(pipeline, labels)
    classifier = pipeline.named_steps["classifier"]
    rng = np.random.default_rng(seed)
    for _ in range(epochs):
        order = rng.permutation(len(labels))
        classifier.partial_fit(
            features[order],
            labels[order],
            classes=np.asarray(sorted(pipeline.class_counts_)),
            sample_weight=weights[order],
        )


def build(
    texts: Sequence[str], labels: Sequence[int], epochs: int = BUILD_EPOCHS, seed: int = 0
) -> IncrementalPipeline:
    """Fit a new incremental pipeline on ``texts`` / ``labels`` (all classes it will know).

    Rows labelled «otro» and the descriptions of the SDGs absent from ``labels``
    (:func:`odsgr.sdg.scope_examples`) teach it the out-of-scope class; only the given rows count
    as learned.
    """
    texts, targets = list(texts), np.asarray(labels, dtype=int)
    known = sorted(set(targets.tolist()) - {sdg.OUT_OF_SCOPE})
    extra_texts, extra_labels = sdg.scope_examples(known)
    every_text = texts + extra_texts
    every_label = np.r_[targets, np.asarray(extra_labels, dtype=int)]
    pipeline = IncrementalPipeline(
        [
            ("tfidf", HashingTfidf(analyzer=SpanishAnalyzer())),
            ("classifier", ScopedSGDClassifier(alpha=ALPHA, random_state=seed)),
        ]
    )
    pipeline.named_steps["tfidf"].fit(every_text)
    found, counts = np.unique(every_label, return_counts=True)
    pipeline.class_counts_ = {int(k): int(v) for k, v in zip(found, counts)}
    _epochs(pipeline, every_text, every_label, epochs, seed)
    pipeline.learned_keys_ = np.unique(row_keys(texts, targets))
    return pipeline


def update(
    pipeline: IncrementalPipeline,
    texts: Sequence[str],
    labels: Sequence[int],
    epochs: int = UPDATE_EPOCHS,
    seed: int = 0,
) -> IncrementalPipeline:
    """A copy of ``pipeline`` that has also learned ``texts`` / ``labels`` (the input is kept).

    Raises:
        UnseenLabelError: a label is not among the classes of ``pipeline`` (refit instead).
        ValueError: there are no rows.
    """
    texts, targets = list(texts), np.asarray(labels, dtype=int)
    if not texts:
        raise ValueError("No hay filas nuevas con las que actualizar el modelo.")
    unseen = set(targets.tolist()) - set(pipeline.class_counts_)
    if unseen:
        raise UnseenLabelError(unseen)
    updated = copy.deepcopy(pipeline)
    updated.named_steps["tfidf"].partial_fit(texts)
    for label, count in zip(*np.unique(targets, return_counts=True)):
        updated.class_counts_[int(label)] += int(count)
    _epochs(updated, texts, targets, epochs, seed)
    updated.learned_keys_ = np.union1d(updated.learned_keys_, row_keys(texts, targets))
    return updated


def is_incremental(pipeline: object) -> bool:
    """Whether ``pipeline`` can be updated with :func:`update`."""
    return isinstance(pipeline, IncrementalPipeline) and hasattr(pipeline, "learned_keys_")
