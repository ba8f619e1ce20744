"""Building the model from the labelled data and the cards, and keeping it as an artifact.

The artifact (:mod:`classifier.artifact`) is keyed by sha256 over the training examples,
the knowledge base fingerprint, the source of the modules that shape the model
(:data:`MODEL_MODULES`), the scikit-learn and numpy versions and :data:`MODEL_VERSION`.

``blendbot train`` writes it (:func:`train`). Loading (:func:`load_or_fit`) reads it with
numpy only; when it is missing, stale or unreadable, the fit runs in a *child process*
(:func:`fit_in_child`) that writes a fresh artifact, so scikit-learn and SciPy, which stay
in memory once imported, never enter the serving process.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np

from classifier import artifact
from classifier.compiled import CompiledModel
from classifier.dataset import TRAIN_PATH, Example, card_examples, read_examples
from classifier.features import model_text, rule_vector, settings_key
from classifier.matching import Lexicon
from classifier.rules import analyse
from classifier.text import normalise, tokenize

log = logging.getLogger(__name__)

#: Bump when features or labels change in a way the cache key cannot see.
MODEL_VERSION = "4"
#: A child fit that takes longer than this is given up (the machine is hopelessly busy).
CHILD_TIMEOUT_S = 900


class TrainingError(RuntimeError):
    """Fitting failed (in the child process); ``str()`` is a one-line reason."""


@dataclass
class TrainedModel:
    """The model used for classification; ``fitted`` (scikit-learn) only after an
    in-process fit (no cache directory), ``path`` is the artifact it came from."""

    key: str
    compiled: CompiledModel
    fitted: Any = None
    from_cache: bool = False
    path: Path | None = None


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
#: must refit rather than reuse a stale artifact.
MODEL_MODULES: tuple[str, ...] = (
    "lexicon.py", "rules.py", "text.py", "features.py", "model.py", "compiled.py",
    "analysis.py", "links.py", "patterns.py", "reading.py", "segment.py", "hits.py",
    "negation.py", "negation_spread.py", "phrases.py", "matching.py", "lookalikes.py",
    "hybrid.py",
    "hit_context.py", "online_part.py",
    "dataset.py", "training.py", "artifact.py",
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


# ------------------------------------------------------------------ training (writes)


@dataclass(frozen=True)
class TrainResult:
    path: Path
    key: str
    fitted: bool
    """False when a valid artifact for the same key was already there."""
    seconds: float


def train(
    examples: Sequence[Example], fingerprint: str, cache_dir: Path, force: bool = False
) -> TrainResult:
    """Fit and write the artifact into ``cache_dir`` (a no-op when it is up to date).

    Raises ``OSError`` when ``cache_dir`` cannot be written, ``ValueError`` (and friends)
    when the examples cannot be learnt from.
    """
    start = time.perf_counter()
    key = cache_key(examples, fingerprint)
    path = artifact.artifact_path(cache_dir, key)
    if not force and artifact.load(path, key) is not None:
        return TrainResult(path, key, False, time.perf_counter() - start)
    lex = Lexicon(known_words=known_words(examples))
    compiled = CompiledModel.from_fitted(fit_examples(examples, lex))
    path = artifact.save(cache_dir, key, compiled)
    return TrainResult(path, key, True, time.perf_counter() - start)


# ------------------------------------------------------------------ the child process

_CHILD_CODE = "from classifier.training import child_main; child_main()"


def child_main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the child process: ``EXAMPLES.json CACHE_DIR FINGERPRINT``.

    Prints the artifact's path on stdout; on failure exits 1 with a one-line reason on
    standard error.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        examples_file, cache_dir, fingerprint = args
        rows = json.loads(Path(examples_file).read_text(encoding="utf-8"))
        examples = [Example(r["text"], r["intent"], r["verdict"], r["card"], r["weight"])
                    for r in rows]
        result = train(examples, fingerprint, Path(cache_dir))
    except Exception as exc:  # noqa: BLE001 - the parent shows one line, not a traceback
        reason = (str(exc).splitlines() or [""])[0]
        sys.stderr.write(f"{type(exc).__name__}: {reason}\n")
        sys.exit(1)
    sys.stdout.write(f"{result.path}\n")


def fit_in_child(examples: Sequence[Example], fingerprint: str, cache_dir: Path) -> Path:
    """Fit in a fresh Python process that writes the artifact; returns its path.

    A plain subprocess rather than ``multiprocessing``: it works from daemonic processes
    too and never re-imports the caller's ``__main__``.
    """
    package_root = str(Path(__file__).resolve().parents[1])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (package_root, env.get("PYTHONPATH", "")) if p)
    rows = [{"text": e.text, "intent": e.intent, "verdict": e.verdict, "card": e.card,
             "weight": e.weight} for e in examples]
    with tempfile.TemporaryDirectory(prefix="blendbot-train-") as tmp:
        examples_file = Path(tmp) / "examples.json"
        examples_file.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        try:
            done = subprocess.run(
                [sys.executable, "-c", _CHILD_CODE, str(examples_file), str(cache_dir),
                 fingerprint],
                capture_output=True, text=True, env=env, timeout=CHILD_TIMEOUT_S,
                stdin=subprocess.DEVNULL,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise TrainingError(f"het trainen lukte niet: {type(exc).__name__}") from exc
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()
        raise TrainingError(f"het trainen lukte niet: {lines[-1] if lines else done.returncode}")
    written = done.stdout.strip().splitlines()
    if not written:
        raise TrainingError("het trainen lukte niet: geen model geschreven")
    return Path(written[-1])


# ------------------------------------------------------------------ loading


def load_or_fit(
    examples: Sequence[Example], fingerprint: str, lex: Lexicon, cache_dir: Path | None
) -> TrainedModel:
    """The model for these examples: the artifact when it is valid, else a fresh fit.

    Without a cache directory the fit runs in this process (cross-validation, tests that
    compare with scikit-learn); with one, a missing or stale artifact is rebuilt by a child
    process and then loaded, so this process never imports scikit-learn. When the cache
    directory cannot be written, the child writes into a private temporary directory.
    """
    key = cache_key(examples, fingerprint)
    if cache_dir is None:
        fitted = fit_examples(examples, lex)
        return TrainedModel(key, CompiledModel.from_fitted(fitted), fitted)
    path = artifact.artifact_path(Path(cache_dir), key)
    model = artifact.load(path, key)
    if model is not None:
        return TrainedModel(key, model, from_cache=True, path=path)
    start = time.perf_counter()
    try:
        Path(cache_dir).mkdir(parents=True, exist_ok=True)
        writable = os.access(cache_dir, os.W_OK | os.X_OK)
    except OSError:
        writable = False
    if writable:
        path = fit_in_child(examples, fingerprint, Path(cache_dir))
        model = artifact.load(path, key)
    else:
        log.warning("event=classifier_cache_not_writable action=fit_without_cache")
        with tempfile.TemporaryDirectory(prefix="blendbot-model-") as tmp:
            model = artifact.load(fit_in_child(examples, fingerprint, Path(tmp)), key)
        path = None
    if model is None:
        raise TrainingError("het getrainde model is niet te lezen")
    log.info("event=classifier_fitted where=child_process seconds=%.1f",
             time.perf_counter() - start)
    return TrainedModel(key, model, from_cache=False, path=path)
