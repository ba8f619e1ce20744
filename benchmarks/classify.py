"""Benchmark: Blendbot's classifier next to a plain TF-IDF + LinearSVC peer.

Run: ``.venv/bin/python benchmarks/classify.py [--texts N]``

Measures, in one run and on the same texts (classified one at a time, as a stream):
per-text latency p50/p99, start-up (cold = fit, warm = from the cache, plus a whole
``blendbot classify`` process), and peak memory. Targets: per-text cost at most twice the
peer's, p99 under 5 ms, warm start-up under 2 s.
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.pipeline import Pipeline  # noqa: E402
from sklearn.svm import LinearSVC  # noqa: E402

from classifier import load_classifier  # noqa: E402
from classifier.dataset import TEST_PATH, TRAIN_PATH, read_examples  # noqa: E402
from knowledge.loader import load_knowledge  # noqa: E402

_TYPO_SOURCE = "abcdefghijklmnopqrstuvwxyz"


def make_texts(n: int, seed: int = 7) -> list[str]:
    """Varied teacher-like texts: labelled lines, their sentences recombined, typos, case."""
    rng = random.Random(seed)
    base = [ex.text for ex in read_examples(TRAIN_PATH) + read_examples(TEST_PATH)]
    sentences = [s.strip() for t in base for s in t.replace("?", ".").split(".") if s.strip()]
    out: list[str] = []
    while len(out) < n:
        kind = rng.random()
        if kind < 0.4:
            text = rng.choice(base)
        elif kind < 0.7:
            text = ". ".join(rng.sample(sentences, rng.randint(2, 5))) + ". Blended?"
        elif kind < 0.9:
            chars = list(rng.choice(base))
            for _ in range(rng.randint(1, 4)):
                if chars:
                    chars[rng.randrange(len(chars))] = rng.choice(_TYPO_SOURCE)
            text = "".join(chars)
        else:
            text = rng.choice(base).upper() if rng.random() < 0.5 else rng.choice(base) * 3
        out.append(text)
    return out


def latencies(fn, texts: list[str]) -> np.ndarray:  # noqa: ANN001
    times = np.empty(len(texts))
    for i, text in enumerate(texts):
        start = time.perf_counter_ns()
        fn(text)
        times[i] = time.perf_counter_ns() - start
    return times / 1e6  # ms


def fit_peer() -> tuple[Pipeline, float]:
    examples = read_examples(TRAIN_PATH)
    start = time.perf_counter()
    peer = Pipeline([("tfidf", TfidfVectorizer()), ("svc", LinearSVC())])
    peer.fit([e.text for e in examples], [e.label for e in examples])
    return peer, time.perf_counter() - start


def process_start(cache_dir: Path) -> float:
    """Wall time of a whole ``blendbot classify TEXT`` process (warm cache)."""
    env = {"BLENDBOT_CACHE_DIR": str(cache_dir), "PATH": "/usr/bin:/bin"}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "bot.cli", "classify", "Is dit blended?"],
        cwd=ROOT, env=env, check=True, capture_output=True,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=3000, help="number of texts (default 3000)")
    args = parser.parse_args()

    kb = load_knowledge()
    texts = make_texts(args.texts)
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp)
        start = time.perf_counter()
        load_classifier(kb, cache)
        cold = time.perf_counter() - start
        start = time.perf_counter()
        clf = load_classifier(kb, cache)
        warm = time.perf_counter() - start
        assert clf.from_cache, "second load should come from the cache"
        proc = process_start(cache)

    peer, peer_fit = fit_peer()
    for text in texts[:50]:  # warm-up both
        clf.classify(text)
        peer.predict([text])
    ours = latencies(clf.classify, texts)
    theirs = latencies(lambda t: peer.predict([t]), texts)
    long_text = "Ik geef les in de klas en zet kennisclips online. " * 2000  # ~100 KB
    long_ms = latencies(clf.classify, [long_text] * 20)

    tracemalloc.start()
    load_classifier(kb, None)
    for text in texts[:500]:
        clf.classify(text)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def row(name: str, a: str, b: str, c: str = "") -> None:
        print(f"{name:<34} {a:>14} {b:>14} {c:>10}")

    print(f"\n{len(texts)} texts, classified one at a time\n")
    row("", "blendbot", "tfidf+svc", "ratio")
    for label, q in (("per-text p50 (ms)", 50), ("per-text p99 (ms)", 99)):
        a, b = np.percentile(ours, q), np.percentile(theirs, q)
        row(label, f"{a:.3f}", f"{b:.3f}", f"{a / b:.2f}x")
    a, b = ours.mean(), theirs.mean()
    row("per-text mean (ms)", f"{a:.3f}", f"{b:.3f}", f"{a / b:.2f}x")
    row("start-up cold: fit (s)", f"{cold:.2f}", f"{peer_fit:.2f}")
    row("start-up warm: cache (s)", f"{warm:.2f}", "-")
    row("process 'blendbot classify' (s)", f"{proc:.2f}", "-")
    row("100 KB line (ms, p50)", f"{np.percentile(long_ms, 50):.2f}", "-")
    row("peak traced (fit + 500 texts, MB)", f"{traced_peak / 2**20:.1f}", "-")
    row("peak RSS whole run (MB)", f"{rss_mb:.0f}", "-")
    ok_ratio = ours.mean() <= 2 * theirs.mean()
    ok_p99 = np.percentile(ours, 99) < 5.0
    ok_start = warm < 2.0 and proc < 2.0
    print(
        f"\ntargets: cost <= 2x peer {'OK' if ok_ratio else 'MISSED'}; "
        f"p99 < 5 ms {'OK' if ok_p99 else 'MISSED'}; "
        f"start-up < 2 s {'OK' if ok_start else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
