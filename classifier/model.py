"""Fitting with scikit-learn: TF-IDF (word 1-2 grams + char_wb 2-5 grams) + rule features,
and one multinomial logistic regression per head (intent, question card, scenario outcome).

Only the fit imports scikit-learn; classification uses :mod:`classifier.compiled`, which
turns the fitted model into plain arrays (a test checks that both give the same numbers).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion

from classifier import features
from classifier.features import HEADS, head_target


def _vectorizers() -> FeatureUnion:
    return FeatureUnion(
        [
            (
                "word",
                TfidfVectorizer(
                    analyzer="word", ngram_range=features.WORD_NGRAMS, sublinear_tf=True, min_df=1,
                    token_pattern=r"(?u)\b\w+\b", lowercase=False, dtype=np.float64,
                ),
            ),
            (
                "char",
                TfidfVectorizer(
                    analyzer="char_wb", ngram_range=features.CHAR_NGRAMS, sublinear_tf=True,
                    min_df=features.CHAR_MIN_DF,
                    lowercase=False, max_features=60000, dtype=np.float64,
                ),
            ),
        ]
    )


@dataclass
class FittedModel:
    """What scikit-learn produced: shared vectorizers and one classifier per head."""

    union: FeatureUnion
    heads: dict[str, LogisticRegression]
    labels: list[str]

    def matrix(self, texts: Sequence[str], rules: np.ndarray) -> sparse.csr_matrix:
        return sparse.hstack([self.union.transform(texts), sparse.csr_matrix(rules)]).tocsr()

    def predict_proba(self, texts: Sequence[str], rules: np.ndarray) -> np.ndarray:
        """Joint label probabilities (slow path: scikit-learn end to end)."""
        x = self.matrix(texts, rules)
        per_head = {
            name: dict(zip(clf.classes_, clf.predict_proba(x).T, strict=True))
            for name, clf in self.heads.items()
        }
        return np.column_stack([_joint(per_head, label) for label in self.labels])


def _joint(per_head: dict[str, dict[str, np.ndarray]], label: str) -> np.ndarray:
    intent, target = head_target(label)
    p = per_head["intent"][intent]
    return p if target is None else p * per_head[intent][target]


def fit(
    texts: Sequence[str],
    rules: np.ndarray,
    labels: Sequence[str],
    weights: Sequence[float] | None = None,
    c: float | None = None,
) -> FittedModel:
    """Fit the shared vectorizers and the three heads on already rule-analysed texts."""
    union = _vectorizers()
    x = sparse.hstack([union.fit_transform(texts), sparse.csr_matrix(rules)]).tocsr()
    w = np.ones(len(labels)) if weights is None else np.asarray(weights, dtype=np.float64)
    targets = [head_target(label) for label in labels]
    heads: dict[str, LogisticRegression] = {}
    for name in HEADS:
        if name == "intent":
            rows = np.arange(len(labels))
            y = [t[0] for t in targets]
        else:
            rows = np.array([i for i, t in enumerate(targets) if t[0] == name])
            y = [targets[i][1] for i in rows]
        clf = LogisticRegression(
            C=features.C if c is None else c,
            solver="newton-cg",
            max_iter=500,
            class_weight="balanced",
        )
        clf.fit(x[rows], y, sample_weight=w[rows])
        heads[name] = clf
    return FittedModel(union, heads, sorted(set(labels)))


