"""Learned model: TF-IDF (word 1-2 grams, char_wb 2-5 grams, Sastrawi stems) -> linear
classifiers.

Two classifiers share one feature space: a logistic regression for the message kind and
a linear SVM for the OPD (trained on complaints and emergencies; more accurate than a
logistic regression on these 29 classes and faster to fit). The kind's probabilities
come from log-loss; the OPD's from a softmax of the SVM scores with OPD_TEMPERATURE,
chosen for the lowest log-loss on the corpus holdout. `aduan routing eval` reports how
well confidence matches accuracy (per bucket, and the expected calibration error). The fitted model
is cached with joblib under a directory given by the caller, keyed by a hash of the
corpus files, any extra examples (agents' corrections), ``MODEL_VERSION`` and the code that
makes the features (``code_hash``).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import warnings
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import joblib
import numpy as np
from scipy import sparse
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC

from .corpus import Example, corpus_hash, load_corpus
from .normalize import normalize, stems

MODEL_VERSION = "2026.4"  # the cache format; code changes retrain by themselves (code_hash)
CACHE_PREFIX = "routing-model-"
OPD_KINDS = frozenset({"complaint", "emergency"})
OPD_TEMPERATURE = 5.5


# Feature rows kept per process, least recently used out first: ~2.7 KB each (~5.4 MB at
# the cap, full after a few minutes of a flood). It holds the open tickets
# incidents.similar compares (MAX_CANDIDATES per unit, the busy units' stay); a row
# missed is computed again with the others missed, in one call (200 rows: ~40 ms).
VECTOR_CACHE = 2_000


@dataclass
class Model:
    """Fitted vectorisers and classifiers plus the metadata of the training run."""

    word_vec: TfidfVectorizer
    char_vec: TfidfVectorizer
    stem_vec: TfidfVectorizer
    kind_clf: LogisticRegression
    opd_clf: LinearSVC
    version: str = MODEL_VERSION
    corpus_hash: str = ""
    n_examples: int = 0
    _inverse: dict[int, str] | None = field(default=None, repr=False, compare=False)

    # ------------------------------------------------------------------ features
    def features(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """Feature matrix of raw texts (normalised here)."""
        norm = [normalize(t) for t in texts]
        stemmed = [stems(t) for t in texts]
        return sparse.hstack(
            [
                self.word_vec.transform(norm),
                self.char_vec.transform(norm),
                self.stem_vec.transform(stemmed),
            ],
            format="csr",
        )

    def vector(self, text: str) -> sparse.csr_matrix:
        """The feature row of one text, cached (classification and duplicate detection
        look at the same texts)."""
        cache = self.__dict__.setdefault("_vectors", OrderedDict())
        if text in cache:
            cache.move_to_end(text)
        else:
            self.warm([text])  # cached as the most recently used
        return cache[text]

    def warm(self, texts: Sequence[str]) -> None:
        """Computes the feature rows of the texts not cached yet, in one call (a call for
        many texts costs little more than for one), and caches them; the texts asked for
        become the most recently used, and the least recently used go past VECTOR_CACHE."""
        cache = self.__dict__.setdefault("_vectors", OrderedDict())
        missing = list(dict.fromkeys(t for t in texts if t not in cache))
        if missing:
            rows = self.features(missing)
            for i, text in enumerate(missing):
                cache[text] = rows[i]
        for text in texts:
            cache.move_to_end(text)
        while len(cache) > VECTOR_CACHE:
            cache.popitem(last=False)

    @property
    def kinds(self) -> list[str]:
        return [str(c) for c in self.kind_clf.classes_]

    @property
    def opds(self) -> list[str]:
        return [str(c) for c in self.opd_clf.classes_]

    def kind_proba(self, x: sparse.csr_matrix) -> np.ndarray:
        return _softmax_proba(self.kind_clf, x)

    def opd_proba(self, x: sparse.csr_matrix) -> np.ndarray:
        scores = np.asarray(x @ self.opd_clf.coef_.T) + self.opd_clf.intercept_
        if scores.shape[1] == 1:  # two classes: one score for the second
            scores = np.hstack([-scores, scores])
        return _softmax(scores, OPD_TEMPERATURE)

    # ------------------------------------------------------------------ reasons
    def _feature_name(self, index: int) -> str:
        if self._inverse is None:
            inv = {i: n for n, i in self.word_vec.vocabulary_.items()}
            offset = len(self.word_vec.vocabulary_)
            inv.update({i + offset: n for n, i in self.char_vec.vocabulary_.items()})
            offset += len(self.char_vec.vocabulary_)
            inv.update({i + offset: f"{n}*" for n, i in self.stem_vec.vocabulary_.items()})
            self._inverse = inv
        return self._inverse.get(index, "?")

    def top_features(
        self, x: sparse.csr_matrix, clf: LogisticRegression | LinearSVC, label: str, n: int = 3
    ) -> list[str]:
        """The n-grams present in row ``x`` that push most towards ``label``.

        Whole words are preferred; character n-grams fill in when fewer than ``n``
        words contribute.
        """
        classes = [str(c) for c in clf.classes_]
        if label not in classes or x.nnz == 0:
            return []
        row = x.getrow(0) if x.shape[0] > 1 else x
        coef = clf.coef_[classes.index(label)] if clf.coef_.shape[0] > 1 else clf.coef_[0]
        contrib = row.data * coef[row.indices]
        order = np.argsort(-contrib)
        n_word = len(self.word_vec.vocabulary_)
        n_char = n_word + len(self.char_vec.vocabulary_)
        words: list[str] = []
        chars: list[str] = []
        for pos in order:
            if contrib[pos] <= 0:
                break
            idx = int(row.indices[pos])
            name = self._feature_name(idx).strip()
            if idx < n_word or idx >= n_char:
                if name not in words and name.rstrip("*") not in words:
                    words.append(name)
            elif len(name) >= 3 and name not in chars:
                chars.append(name)
            if len(words) >= n:
                break
        picked = words[:n]
        for c in chars:
            if len(picked) >= n:
                break
            if not any(c in w for w in picked):
                picked.append(c)
        return picked

    # --------------------------------------------------------------- persistence
    def save(self, path: str | Path) -> Path:
        """Write the model atomically (temp file + rename) with joblib."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".joblib")
        os.close(fd)
        try:
            self._inverse = None
            joblib.dump(self, tmp, compress=0)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        return path

    @staticmethod
    def load(path: str | Path) -> Model:
        """Load a model written by ``save``."""
        model = joblib.load(path)
        if not isinstance(model, Model):
            raise TypeError(f"{path} does not hold a routing Model")
        return model


def _vectorisers() -> tuple[TfidfVectorizer, TfidfVectorizer, TfidfVectorizer]:
    word = TfidfVectorizer(
        analyzer="word",
        ngram_range=(1, 2),
        token_pattern=r"(?u)\b\w+\b",
        sublinear_tf=True,
        min_df=2,
        dtype=np.float32,
    )
    char = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(2, 5),
        sublinear_tf=True,
        min_df=3,
        max_features=150_000,
        dtype=np.float32,
    )
    stem = TfidfVectorizer(
        analyzer="word", token_pattern=r"(?u)\b\w+\b", sublinear_tf=True, dtype=np.float32
    )
    return word, char, stem


def _softmax_proba(clf: LogisticRegression, x: sparse.csr_matrix) -> np.ndarray:
    """predict_proba of a multinomial logistic regression, computed directly: the same
    numbers without scikit-learn's per-call input validation (most of the time for one
    short message)."""
    if clf.coef_.shape[0] == 1:  # two classes: sklearn's binary form
        return clf.predict_proba(x)
    return _softmax(np.asarray(x @ clf.coef_.T) + clf.intercept_)


def _softmax(scores: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    scores = scores * temperature
    scores -= scores.max(axis=1, keepdims=True)
    exp = np.exp(scores)
    return exp / exp.sum(axis=1, keepdims=True)


def _classifier(c: float) -> LogisticRegression:
    # saga stops after a fixed number of passes: enough for these sparse features and
    # keeps training (which CI does) well under a minute.
    return LogisticRegression(
        C=c, solver="saga", max_iter=40, tol=1e-3, class_weight="balanced", random_state=0
    )


def _fit(clf: LogisticRegression, x: sparse.csr_matrix, y: list[str]) -> LogisticRegression:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return clf.fit(x, y)


def train(
    examples: Iterable[Example],
    extra_examples: Iterable[Example] = (),
    *,
    kind_c: float = 20.0,
    opd_c: float = 1.0,
    corpus_digest: str = "",
) -> Model:
    """Fit a model on ``examples`` plus ``extra_examples`` (e.g. agents' corrections)."""
    data = list(examples) + list(extra_examples)
    if not data:
        raise ValueError("no training examples")
    norm = [normalize(ex.text) for ex in data]
    stemmed = [stems(ex.text) for ex in data]
    word, char, stem = _vectorisers()
    x = sparse.hstack(
        [word.fit_transform(norm), char.fit_transform(norm), stem.fit_transform(stemmed)],
        format="csr",
    )
    kind_clf = _fit(_classifier(kind_c), x, [ex.kind for ex in data])
    opd_rows = [i for i, ex in enumerate(data) if ex.kind in OPD_KINDS and ex.opd]
    if not opd_rows:
        raise ValueError("no complaint or emergency examples with an OPD")
    opd_y = [data[i].opd for i in opd_rows]
    opd_clf = LinearSVC(C=opd_c, class_weight="balanced").fit(x[opd_rows], opd_y)
    return Model(
        word_vec=word,
        char_vec=char,
        stem_vec=stem,
        kind_clf=kind_clf,
        opd_clf=opd_clf,
        corpus_hash=corpus_digest,
        n_examples=len(data),
    )


# The modules that decide what the model sees of a text.
FEATURE_CODE = ("model.py", "normalize.py", "lookalike.py")


def code_hash() -> str:
    """A digest of the code that decides what the model sees (FEATURE_CODE): a change
    there retrains, as a corpus change does."""
    digest = hashlib.sha256()
    for name in FEATURE_CODE:
        digest.update(Path(__file__).with_name(name).read_bytes())
    return digest.hexdigest()[:12]


def cache_path(cache_dir: str | Path, digest: str) -> Path:
    """The cache file for a corpus digest and the current code."""
    name = f"{CACHE_PREFIX}{MODEL_VERSION}-{code_hash()}-{digest[:20]}.joblib"
    return Path(cache_dir) / name


def load_or_train(
    cache_dir: str | Path,
    extra_examples: Iterable[Example] = (),
    corpus_dir: str | Path | None = None,
) -> Model:
    """Load the cached model for the current corpus, or train, save and return it.

    Stale cache files (other corpus hashes or versions) are removed after a save.
    """
    extra = list(extra_examples)
    digest = corpus_hash(corpus_dir, extra)
    path = cache_path(cache_dir, digest)
    if path.exists():
        try:
            return Model.load(path)
        except Exception:  # corrupt or incompatible cache: rebuild it
            path.unlink(missing_ok=True)
    model = train(load_corpus(corpus_dir), extra, corpus_digest=digest)
    model.save(path)
    for old in Path(cache_dir).glob(f"{CACHE_PREFIX}*.joblib"):
        if old != path:
            old.unlink(missing_ok=True)
    return model
