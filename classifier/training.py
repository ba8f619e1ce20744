"""Building the model from the labelled data and the cards, with an on-disk cache.

The cache file is keyed by sha256 over the training examples, the knowledge base
fingerprint, the source of the modules that shape the model (:data:`MODEL_MODULES`), the
scikit-learn and numpy versions and :data:`MODEL_VERSION`; a stale, corrupt or unreadable
cache is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np

from classifier.compiled import CompiledModel
from classifier.dataset import TRAIN_PATH, Example, card_examples, read_examples
from classifier.features import model_text, rule_vector, settings_key
from classifier.rules import Lexicon, analyse
from classifier.text import normalise, tokenize

log = logging.getLogger(__name__)

#: Bump when features or labels change in a way the cache key cannot see.
MODEL_VERSION = "3"
CACHE_PREFIX = "classifier-"


@dataclass
class TrainedModel:
    """The model used for classification; ``fitted`` (scikit-learn) only after a fit."""

    key: str
    compiled: CompiledModel
    fitted: Any = None
    from_cache: bool = False


def _sklearn_version() -> str:
    try:
        return version("scikit-learn")
    except PackageNotFoundError:  # pragma: no cover - it is a dependency
        return "unknown"


def known_words(examples: Sequence[Example]) -> set[str]:
    """Every word of the training texts: such words are never typo-corrected."""
    words: set[str] = set()
    for ex in examples:
        words.update(tokenize(normalise(ex.text)))
    return words


def build_examples(kb: Any, train_path: Path | None = None) -> list[Example]:
    """The labelled training lines plus the cards as examples."""
    return read_examples(train_path or TRAIN_PATH) + card_examples(kb)


#: Modules whose code shapes the fitted (and compiled) model: a change to any of them, even
#: one that leaves the lexicon's phrase lists alone (a new separable verb, a typo rule),
#: must refit rather than reuse a stale cache.
MODEL_MODULES: tuple[str, ...] = (
    "lexicon.py", "rules.py", "text.py", "features.py", "model.py", "compiled.py",
    "analysis.py", "reading.py", "segment.py", "hits.py",
    "dataset.py", "training.py",
)


def _code_fingerprint() -> str:
    digest = hashlib.sha256()
    for name in MODEL_MODULES:
        digest.update(name.encode() + b"\0" + (Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()


def cache_key(examples: Sequence[Example], fingerprint: str) -> str:
    digest = hashlib.sha256()
    parts = (MODEL_VERSION, _sklearn_version(), np.__version__, fingerprint, settings_key())
    for part in parts:
        digest.update(part.encode() + b"\0")
    digest.update(_code_fingerprint().encode())
    for ex in examples:
        digest.update(json.dumps([ex.text, ex.label, ex.weight], ensure_ascii=False).encode())
    return digest.hexdigest()


def fit_examples(examples: Sequence[Example], lex: Lexicon) -> Any:
    """Fit the model on examples (rules run on each text first); scikit-learn loads here."""
    from classifier.model import fit

    findings = [analyse(ex.text, lex) for ex in examples]
    texts = [model_text(f) for f in findings]
    rules = np.vstack([rule_vector(f) for f in findings])
    return fit(texts, rules, [ex.label for ex in examples], [ex.weight for ex in examples])


def _cache_file(cache_dir: Path, key: str) -> Path:
    return cache_dir / f"{CACHE_PREFIX}{key[:24]}.pkl"


def _read_cache(path: Path, key: str) -> CompiledModel | None:
    try:
        with path.open("rb") as fh:
            payload = pickle.load(fh)
        if (
            isinstance(payload, dict)
            and payload.get("key") == key
            and isinstance(payload.get("model"), CompiledModel)
        ):
            return payload["model"]
        log.info("event=classifier_cache_stale file=%s", path.name)
    except FileNotFoundError:
        return None
    except Exception as exc:  # noqa: BLE001 - any unreadable cache is simply rebuilt
        log.warning(
            "event=classifier_cache_unreadable file=%s error=%s", path.name, type(exc).__name__
        )
    return None


def _write_cache(cache_dir: Path, key: str, model: CompiledModel) -> None:
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        target = _cache_file(cache_dir, key)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=cache_dir)
        with os.fdopen(fd, "wb") as fh:
            pickle.dump({"key": key, "model": model}, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)
        for old in cache_dir.glob(f"{CACHE_PREFIX}*.pkl"):
            if old != target:
                old.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("event=classifier_cache_write_failed error=%s", exc.strerror)


def load_or_fit(
    examples: Sequence[Example], fingerprint: str, lex: Lexicon, cache_dir: Path | None
) -> TrainedModel:
    """The fitted model for these examples: from the cache when it is valid, else fitted."""
    key = cache_key(examples, fingerprint)
    if cache_dir is not None:
        cached = _read_cache(_cache_file(Path(cache_dir), key), key)
        if cached is not None:
            return TrainedModel(key, cached, from_cache=True)
    fitted = fit_examples(examples, lex)
    compiled = CompiledModel(fitted)
    if cache_dir is not None:
        _write_cache(Path(cache_dir), key, compiled)
    return TrainedModel(key, compiled, fitted)
