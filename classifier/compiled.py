"""Fast single-text inference with a fitted model's exact numbers (numpy only).

Classifying one text at a time through scikit-learn's generic ``transform`` and
``predict_proba`` costs far more in call overhead than in arithmetic, and importing
scikit-learn takes most of a second. A :class:`CompiledModel` holds the vocabularies, idf
weights and coefficients as plain arrays; it is what the artifact stores
(:mod:`classifier.artifact`), and it never imports scikit-learn.

Speed: ``char_wb`` n-grams never cross a word boundary, so a text's char features are the
sum of its words' features. Each distinct word is featurised once and remembered (a
bounded cache), which turns the char block, the bulk of the work, into a few dictionary
look-ups per word.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Any

import numpy as np

from classifier.features import HEADS, head_target

#: At most this many distinct words keep their char features cached (a few MB at most).
WORD_CACHE_SIZE = 20_000


def char_wb_ngrams(text: str, low: int, high: int) -> list[str]:
    """The n-grams of scikit-learn's ``char_wb`` analyzer, computed without its overhead.

    Same output as ``TfidfVectorizer(analyzer="char_wb")`` on whitespace-collapsed text
    (a test compares both): each word is padded with one space on both sides, and a word
    shorter than n counts once as a whole.
    """
    grams: list[str] = []
    for word in text.split():
        grams.extend(_word_char_ngrams(word, low, high))
    return grams


def _word_char_ngrams(word: str, low: int, high: int) -> list[str]:
    grams: list[str] = []
    w = f" {word} "
    size = len(w)
    for n in range(low, high + 1):
        if n >= size:
            grams.append(w)
            break
        grams.extend([w[i : i + n] for i in range(size - n + 1)])
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

    def __init__(
        self, kind: str, low: int, high: int, token_pattern: str,
        vocabulary: dict[str, int], idf: np.ndarray, offset: int,
    ) -> None:
        if kind not in ("word", "char_wb"):
            raise ValueError(f"cannot compile analyzer {kind!r}")
        if len(idf) != len(vocabulary):
            raise ValueError("vocabulary and idf differ in length")
        self.kind = kind
        self.low, self.high = int(low), int(high)
        self.token_pattern = token_pattern
        self.pattern = re.compile(token_pattern)
        self.vocabulary = vocabulary
        self.idf = np.asarray(idf, dtype=np.float64)
        self.offset = int(offset)
        self._word_cache: dict[str, tuple[int, ...]] = {}

    @classmethod
    def from_vectorizer(cls, vec: Any, offset: int) -> CompiledTfidf:
        """From a fitted scikit-learn ``TfidfVectorizer``."""
        if vec.lowercase or vec.preprocessor is not None or not vec.sublinear_tf:
            raise ValueError("only non-lowercasing, sublinear TF-IDF can be compiled")
        if vec.norm != "l2":
            raise ValueError(f"cannot compile norm {vec.norm!r}")
        low, high = (int(n) for n in vec.ngram_range)
        vocabulary = {str(k): int(v) for k, v in vec.vocabulary_.items()}
        return cls(vec.analyzer, low, high, vec.token_pattern, vocabulary, vec.idf_, offset)

    def grams(self, text: str) -> list[str]:
        if self.kind == "char_wb":
            return char_wb_ngrams(text, self.low, self.high)
        return word_ngrams(text, self.low, self.high, self.pattern)

    def _word_columns(self, word: str) -> np.ndarray:
        """Columns (with offset) of one word's char n-grams, with repeats; remembered."""
        cols = self._word_cache.get(word)
        if cols is None:
            vocab = self.vocabulary
            found = [i for i in map(vocab.get, _word_char_ngrams(word, self.low, self.high))
                     if i is not None]
            cols = np.array(found, dtype=np.intp) + self.offset
            if len(self._word_cache) >= WORD_CACHE_SIZE:
                self._word_cache.clear()
            self._word_cache[word] = cols
        return cols

    def columns(self, text: str) -> np.ndarray:
        """Every in-vocabulary n-gram of ``text`` as its column (with offset), with repeats."""
        if self.kind == "char_wb":
            words = text.split()
            if not words:
                return _NO_COLUMNS
            return np.concatenate([self._word_columns(w) for w in words])
        vocab = self.vocabulary
        found = [i for i in map(vocab.get, self.grams(text)) if i is not None]
        return np.array(found, dtype=np.intp) + self.offset

    def counts(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Distinct columns (with offset) of ``text`` and their term counts."""
        if self.kind == "char_wb":
            return np.unique(self.columns(text), return_counts=True)
        vocab = self.vocabulary
        counts = Counter(i for i in map(vocab.get, self.grams(text)) if i is not None)
        n = len(counts)
        idx = np.fromiter(counts, dtype=np.intp, count=n)
        if self.offset:
            idx += self.offset
        return idx, np.fromiter(counts.values(), dtype=np.float64, count=n)

    def features(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Column indexes (with offset) and L2-normalised TF-IDF values of one text."""
        idx, tf = self.counts(text)
        vals = np.log(tf)
        vals += 1.0
        vals *= self.idf[idx - self.offset]
        norm = math.sqrt(float(vals @ vals))
        if norm > 0:
            vals /= norm
        return idx, vals


_NO_COLUMNS = np.zeros(0, dtype=np.intp)


class CompiledModel:
    """Fast single-text inference with the fitted model's exact numbers.

    All heads' coefficients sit side by side in one matrix, so one text costs one sparse
    dot product; the joint probabilities are products of per-head softmaxes.
    """

    def __init__(
        self, word: CompiledTfidf, char: CompiledTfidf, coef_text: np.ndarray,
        coef_rules: np.ndarray, intercept: np.ndarray, slices: dict[str, slice],
        labels: list[str], intent_idx: np.ndarray, sub_idx: np.ndarray,
    ) -> None:
        n_out = len(intercept)
        if coef_text.shape != (len(word.vocabulary) + len(char.vocabulary), n_out):
            raise ValueError("text coefficients do not fit the vocabularies")
        if coef_rules.ndim != 2 or coef_rules.shape[1] != n_out:
            raise ValueError("rule coefficients do not fit the heads")
        if len(intent_idx) != len(labels) or len(sub_idx) != len(labels):
            raise ValueError("label mapping does not fit the labels")
        if set(slices) != set(HEADS) or any(s.stop > n_out for s in slices.values()):
            raise ValueError("head slices do not fit the coefficients")
        if intent_idx.size and (intent_idx.max() >= n_out or sub_idx.max() >= n_out):
            raise ValueError("label mapping points outside the heads")
        self.word = word
        self.char = char
        self.coef_text = np.ascontiguousarray(coef_text, dtype=np.float64)
        self.coef_rules = np.ascontiguousarray(coef_rules, dtype=np.float64)
        self.intercept = np.asarray(intercept, dtype=np.float64)
        self.slices = slices
        self.labels = labels
        self._intent_idx = np.asarray(intent_idx, dtype=np.intp)
        self._sub_idx = np.asarray(sub_idx, dtype=np.intp)
        # The heads' slices partition the outputs in order, so each softmax step is one
        # numpy call over all heads (reduceat per head); index n_out is a constant 1.0 for
        # labels without a sub-head.
        bounds = sorted((s.start, s.stop) for s in slices.values())
        if bounds[0][0] != 0 or bounds[-1][1] != n_out or any(
            a[1] != b[0] or a[0] >= a[1] for a, b in zip(bounds, bounds[1:], strict=False)
        ):
            raise ValueError("head slices do not partition the outputs")
        self._starts = np.array([b[0] for b in bounds], dtype=np.intp)
        self._head_of = np.repeat(np.arange(len(bounds)), [b - a for a, b in bounds])
        self._sub_or_one = np.where(self._sub_idx >= 0, self._sub_idx, n_out)

    @classmethod
    def from_fitted(cls, fitted: Any) -> CompiledModel:
        """Build from a :class:`classifier.model.FittedModel`."""
        word_vec = fitted.union.transformer_list[0][1]
        char_vec = fitted.union.transformer_list[1][1]
        word = CompiledTfidf.from_vectorizer(word_vec, 0)
        char = CompiledTfidf.from_vectorizer(char_vec, len(word.vocabulary))
        n_text = len(word.vocabulary) + len(char.vocabulary)
        blocks, intercepts, slices = [], [], {}
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
            slices[name] = slice(start, start + coef.shape[0])
            start += coef.shape[0]
        coef_all = np.vstack(blocks)
        labels = [str(label) for label in fitted.labels]
        # For each joint label: (index in the intent softmax, index in its head or -1).
        intent_pos = {c: i for i, c in enumerate(classes["intent"])}
        intent_idx, sub_idx = [], []
        for label in labels:
            intent, target = head_target(label)
            sub = -1
            if target is not None:
                sub = slices[intent].start + classes[intent].index(target)
            intent_idx.append(slices["intent"].start + intent_pos[intent])
            sub_idx.append(sub)
        return cls(
            word, char, coef_all[:, :n_text].T, coef_all[:, n_text:].T,
            np.concatenate(intercepts), slices, labels,
            np.array(intent_idx, dtype=np.intp), np.array(sub_idx, dtype=np.intp),
        )

    def scores(self, text: str, rules: np.ndarray) -> np.ndarray:
        """Decision values of every head, side by side."""
        out = self.intercept + rules @ self.coef_rules
        w_idx, w_vals = self.word.features(text)
        c_idx, c_vals = self.char.features(text)
        if w_idx.size:
            out += w_vals @ self.coef_text[w_idx]
        if c_idx.size:
            out += c_vals @ self.coef_text[c_idx]
        return out

    def predict_proba(self, text: str, rules: np.ndarray) -> np.ndarray:
        """Joint label probabilities, in the order of :attr:`labels`."""
        z = self.scores(text, rules)
        z -= np.maximum.reduceat(z, self._starts)[self._head_of]
        e = np.exp(z)
        p = np.empty(len(e) + 1)
        np.divide(e, np.add.reduceat(e, self._starts)[self._head_of], out=p[:-1])
        p[-1] = 1.0
        return p[self._intent_idx] * p[self._sub_or_one]
