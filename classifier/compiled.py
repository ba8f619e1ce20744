"""Fast single-text inference with a fitted model's exact numbers (numpy only).

Classifying one text at a time through scikit-learn's generic ``transform`` and
``predict_proba`` costs far more in call overhead than in arithmetic, and importing
scikit-learn takes most of a second. A :class:`CompiledModel` holds the vocabularies, idf
weights and coefficients as plain arrays; it is what the cache stores.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Any

import numpy as np

from classifier.features import HEADS, head_target


def char_wb_ngrams(text: str, low: int, high: int) -> list[str]:
    """The n-grams of scikit-learn's ``char_wb`` analyzer, computed without its overhead.

    Same output as ``TfidfVectorizer(analyzer="char_wb")`` on whitespace-collapsed text
    (a test compares both): each word is padded with one space on both sides, and a word
    shorter than n counts once as a whole.
    """
    grams: list[str] = []
    extend = grams.extend
    for word in text.split():
        w = f" {word} "
        size = len(w)
        for n in range(low, high + 1):
            if n >= size:
                grams.append(w)
                break
            extend([w[i : i + n] for i in range(size - n + 1)])
    return grams


def word_ngrams(text: str, low: int, high: int, pattern: re.Pattern[str]) -> list[str]:
    """The n-grams of scikit-learn's ``word`` analyzer (no lowercasing, no stop words)."""
    tokens = pattern.findall(text)
    if high == 1:
        return tokens
    grams = list(tokens) if low == 1 else []
    for n in range(max(low, 2), min(high, len(tokens)) + 1):
        grams.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
    return grams


class CompiledTfidf:
    """One fitted TfidfVectorizer (sublinear tf, l2 norm) as a vocabulary dict + idf array."""

    def __init__(self, vec: Any, offset: int) -> None:
        if vec.lowercase or vec.preprocessor is not None or not vec.sublinear_tf:
            raise ValueError("only non-lowercasing, sublinear TF-IDF can be compiled")
        if vec.analyzer not in ("word", "char_wb") or vec.norm != "l2":
            raise ValueError(f"cannot compile analyzer {vec.analyzer!r} / norm {vec.norm!r}")
        self.kind: str = vec.analyzer
        self.low, self.high = (int(n) for n in vec.ngram_range)
        self.pattern = re.compile(vec.token_pattern)
        self.vocabulary: dict[str, int] = {str(k): int(v) for k, v in vec.vocabulary_.items()}
        self.idf = np.asarray(vec.idf_, dtype=np.float64)
        self.offset = offset

    def grams(self, text: str) -> list[str]:
        if self.kind == "char_wb":
            return char_wb_ngrams(text, self.low, self.high)
        return word_ngrams(text, self.low, self.high, self.pattern)

    def features(self, text: str) -> tuple[list[int], np.ndarray]:
        """Column indexes (with offset) and L2-normalised TF-IDF values of one text."""
        vocab = self.vocabulary
        idx: list[int] = []
        tf: list[float] = []
        for gram, count in Counter(self.grams(text)).items():
            i = vocab.get(gram)
            if i is not None:
                idx.append(i)
                tf.append(count)
        if not idx:
            return [], np.zeros(0)
        vals = np.log(np.asarray(tf, dtype=np.float64))
        vals += 1.0
        vals *= self.idf[idx]
        norm = math.sqrt(float(vals @ vals))
        if norm > 0:
            vals /= norm
        return [i + self.offset for i in idx], vals


class CompiledModel:
    """Fast single-text inference with the fitted model's exact numbers.

    All heads' coefficients sit side by side in one matrix, so one text costs one sparse
    dot product; the joint probabilities are products of per-head softmaxes.
    """

    def __init__(self, fitted: Any) -> None:
        """Build from a :class:`classifier.model.FittedModel`."""
        word = fitted.union.transformer_list[0][1]
        char = fitted.union.transformer_list[1][1]
        self.word = CompiledTfidf(word, 0)
        self.char = CompiledTfidf(char, len(word.vocabulary_))
        n_text = len(word.vocabulary_) + len(char.vocabulary_)
        blocks, intercepts, self.slices = [], [], {}
        start = 0
        classes: dict[str, list[str]] = {}
        for name in HEADS:
            clf = fitted.heads[name]
            coef = np.asarray(clf.coef_, dtype=np.float64)
            classes[name] = [str(c) for c in clf.classes_]
            if coef.shape[0] == 1:  # binary head: sklearn keeps one row
                coef = np.vstack([-coef / 2, coef / 2])
                inter = np.asarray([-clf.intercept_[0] / 2, clf.intercept_[0] / 2])
            else:
                inter = np.asarray(clf.intercept_, dtype=np.float64)
            blocks.append(coef)
            intercepts.append(inter)
            self.slices[name] = slice(start, start + coef.shape[0])
            start += coef.shape[0]
        coef_all = np.vstack(blocks)
        self.coef_text = np.ascontiguousarray(coef_all[:, :n_text].T)
        self.coef_rules = np.ascontiguousarray(coef_all[:, n_text:].T)
        self.intercept = np.concatenate(intercepts)
        self.labels: list[str] = list(fitted.labels)
        # For each joint label: (index in the intent softmax, index in its head or -1).
        intent_pos = {c: i for i, c in enumerate(classes["intent"])}
        self._pick: list[tuple[int, int]] = []
        for label in self.labels:
            intent, target = head_target(label)
            sub = -1
            if target is not None:
                sub = self.slices[intent].start + classes[intent].index(target)
            self._pick.append((self.slices["intent"].start + intent_pos[intent], sub))
        self._intent_idx = np.array([p[0] for p in self._pick])
        self._sub_idx = np.array([p[1] for p in self._pick])
        self._has_sub = self._sub_idx >= 0

    def scores(self, text: str, rules: np.ndarray) -> np.ndarray:
        """Decision values of every head, side by side."""
        out = self.intercept + rules @ self.coef_rules
        for part in (self.word, self.char):
            idx, vals = part.features(text)
            if idx:
                out = out + vals @ self.coef_text[idx]
        return out

    def predict_proba(self, text: str, rules: np.ndarray) -> np.ndarray:
        """Joint label probabilities, in the order of :attr:`labels`."""
        z = self.scores(text, rules)
        p = np.empty_like(z)
        for sl in self.slices.values():
            e = np.exp(z[sl] - z[sl].max())
            p[sl] = e / e.sum()
        joint = p[self._intent_idx]
        joint[self._has_sub] *= p[self._sub_idx[self._has_sub]]
        return joint
