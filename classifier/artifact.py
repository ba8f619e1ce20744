"""The trained model as one file: numpy arrays plus a JSON header in an ``.npz``, no pickle.

The cache directory may be writable by others, so loading a file must never run code:
``numpy.load(allow_pickle=False)`` reads plain arrays only, vocabularies are stored as
newline-joined UTF-8 text, and every shape is checked before the model is used. A file
that is unreadable, corrupt, of another format or for another key is ignored (the caller
fits again); it never raises.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import zipfile
from pathlib import Path

import numpy as np

from classifier.compiled import CompiledModel, CompiledTfidf

log = logging.getLogger(__name__)

PREFIX = "classifier-"
SUFFIX = ".npz"
#: Bump when the layout of the file changes.
FORMAT = 1
_PARTS = ("word", "char")


def artifact_path(cache_dir: Path, key: str) -> Path:
    """Where the artifact for this staleness key lives."""
    return Path(cache_dir) / f"{PREFIX}{key[:24]}{SUFFIX}"


def _text_array(words: list[str]) -> np.ndarray:
    if any("\n" in w for w in words):
        raise ValueError("a vocabulary entry contains a newline")
    return np.frombuffer("\n".join(words).encode("utf-8"), dtype=np.uint8)


def _words(array: np.ndarray) -> list[str]:
    if array.dtype != np.uint8 or array.ndim != 1:
        raise ValueError("vocabulary is not text")
    text = array.tobytes().decode("utf-8")
    return text.split("\n") if text else []


def to_arrays(key: str, model: CompiledModel) -> dict[str, np.ndarray]:
    """Everything needed to rebuild ``model``, as plain arrays."""
    header: dict[str, object] = {
        "format": FORMAT, "key": key, "labels": model.labels,
        "slices": {name: [s.start, s.stop] for name, s in model.slices.items()},
    }
    arrays: dict[str, np.ndarray] = {
        "coef_text": model.coef_text, "coef_rules": model.coef_rules,
        "intercept": model.intercept, "intent_idx": model._intent_idx,
        "sub_idx": model._sub_idx,
    }
    for name in _PARTS:
        part: CompiledTfidf = getattr(model, name)
        words = sorted(part.vocabulary, key=part.vocabulary.__getitem__)
        if [part.vocabulary[w] for w in words] != list(range(len(words))):
            raise ValueError(f"{name} vocabulary columns are not 0..n-1")
        header[name] = {"kind": part.kind, "low": part.low, "high": part.high,
                        "token_pattern": part.token_pattern, "offset": part.offset}
        arrays[f"{name}_vocabulary"] = _text_array(words)
        arrays[f"{name}_idf"] = part.idf
    arrays["header"] = np.frombuffer(json.dumps(header).encode("utf-8"), dtype=np.uint8)
    return arrays


def from_arrays(arrays: dict[str, np.ndarray], key: str) -> CompiledModel | None:
    """The model stored in ``arrays``, or None when it is for another key or format."""
    header = json.loads(arrays["header"].tobytes().decode("utf-8"))
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        return None
    if header.get("key") != key:
        return None
    parts = {}
    for name in _PARTS:
        meta = header[name]
        words = _words(arrays[f"{name}_vocabulary"])
        vocabulary = dict(zip(words, range(len(words)), strict=True))
        if len(vocabulary) != len(words):
            raise ValueError(f"{name} vocabulary has duplicates")
        parts[name] = CompiledTfidf(
            str(meta["kind"]), int(meta["low"]), int(meta["high"]), str(meta["token_pattern"]),
            vocabulary, _floats(arrays[f"{name}_idf"], 1), int(meta["offset"]),
        )
    slices = {str(n): slice(int(a), int(b)) for n, (a, b) in header["slices"].items()}
    return CompiledModel(
        parts["word"], parts["char"], _floats(arrays["coef_text"], 2),
        _floats(arrays["coef_rules"], 2), _floats(arrays["intercept"], 1), slices,
        [str(label) for label in header["labels"]],
        _ints(arrays["intent_idx"]), _ints(arrays["sub_idx"]),
    )


def _floats(array: np.ndarray, ndim: int) -> np.ndarray:
    if array.dtype != np.float64 or array.ndim != ndim or not np.isfinite(array).all():
        raise ValueError("not a finite float array of the right shape")
    return array


def _ints(array: np.ndarray) -> np.ndarray:
    if array.dtype.kind != "i" or array.ndim != 1:
        raise ValueError("not an integer vector")
    if array.size and array.min() < -1:
        raise ValueError("negative index")
    return array


def save(cache_dir: Path, key: str, model: CompiledModel) -> Path:
    """Write the artifact atomically and remove older ones; returns its path.

    Raises ``OSError`` when the directory cannot be written.
    """
    cache_dir = Path(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    target = artifact_path(cache_dir, key)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=SUFFIX, dir=cache_dir)
    try:
        with os.fdopen(fd, "wb") as fh:
            np.savez(fh, **to_arrays(key, model))
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    for old in (*cache_dir.glob(f"{PREFIX}*{SUFFIX}"), *cache_dir.glob(f"{PREFIX}*.pkl")):
        if old != target:
            old.unlink(missing_ok=True)
    return target


def load(path: Path, key: str) -> CompiledModel | None:
    """The model in ``path`` if it is a valid artifact for ``key``; else None (never raises)."""
    try:
        with np.load(path, allow_pickle=False) as data:
            model = from_arrays({name: data[name] for name in data.files}, key)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError, EOFError,
            zipfile.BadZipFile, json.JSONDecodeError, AttributeError, IndexError) as exc:
        log.warning("event=classifier_artifact_unreadable file=%s error=%s",
                    Path(path).name, type(exc).__name__)
        return None
    if model is None:
        log.info("event=classifier_artifact_stale file=%s", Path(path).name)
    return model
