"""Benchmark: Blendbot's classifier next to a plain TF-IDF + LinearSVC peer.

Run: ``.venv/bin/python benchmarks/classify.py [--texts N] [--process-runs N]``

Measures, in one run and on the same texts (classified one at a time, as a stream, the
two classifiers taking turns text by text): per-text CPU and wall time p50/p99/mean,
``blendbot train`` (fit + write the artifact), start-up from the artifact
(``load_classifier``) and a whole ``blendbot classify TEXT`` process, and memory.

Targets: per-text cost (mean CPU time) at most 1.0x the peer's, p99 under 5 ms, start-up
from the artifact under 0.5 s (also printed: the whole process). On a shared machine
compare the two columns of one run, not runs with each other.
"""

from __future__ import annotations

import argparse
import os
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
from classifier.training import build_examples, train  # noqa: E402
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


def latencies(pairs: list[tuple[str, object]], texts: list[str]) -> dict[str, dict]:
    """Per-text wall and CPU time (ms) of each classifier, taking turns text by text.

    Alternating per text spreads a busy moment on a shared machine over both; CPU time
    (this thread only) is what a text costs, free of time spent waiting for a core.
    """
    out = {name: {"wall": np.empty(len(texts)), "cpu": np.empty(len(texts))}
           for name, _ in pairs}
    wall, cpu = time.perf_counter_ns, time.thread_time_ns
    for i, text in enumerate(texts):
        for name, fn in pairs:
            c0, w0 = cpu(), wall()
            fn(text)
            w1, c1 = wall(), cpu()
            out[name]["wall"][i] = (w1 - w0) / 1e6
            out[name]["cpu"][i] = (c1 - c0) / 1e6
    return out


def fit_peer() -> tuple[Pipeline, float]:
    examples = read_examples(TRAIN_PATH)
    start = time.perf_counter()
    peer = Pipeline([("tfidf", TfidfVectorizer()), ("svc", LinearSVC())])
    peer.fit([e.text for e in examples], [e.label for e in examples])
    return peer, time.perf_counter() - start


def process_start(cache_dir: Path, runs: int) -> tuple[float, float]:
    """Median wall and CPU seconds of a whole ``blendbot classify TEXT`` process."""
    env = {"BLENDBOT_CACHE_DIR": str(cache_dir), "PATH": "/usr/bin:/bin"}
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "bot.cli", "classify", "Is dit blended?"],
            cwd=ROOT, env=env, check=True, capture_output=True,
        )
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return float(np.median(walls)), float(np.median(cpus))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=3000, help="number of texts (default 3000)")
    parser.add_argument("--process-runs", type=int, default=5,
                        help="whole 'blendbot classify' processes to time (default 5)")
    args = parser.parse_args()

    kb = load_knowledge()
    texts = make_texts(args.texts)
    examples = build_examples(kb)
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp)
        trained = train(examples, kb.fingerprint, cache)
        assert trained.fitted, "a fresh cache dir must be trained"
        loads = []
        for _ in range(5):
            start = time.perf_counter()
            clf = load_classifier(kb, cache)
            loads.append(time.perf_counter() - start)
            assert clf.from_cache, "load_classifier must load the artifact that train wrote"
        warm = float(np.median(loads))
        proc_wall, proc_cpu = process_start(cache, args.process_runs)
        tracemalloc.start()
        served = load_classifier(kb, cache)
        for text in texts[:500]:
            served.classify(text)
        _, traced_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        del served

    peer, peer_fit = fit_peer()
    pairs = [("blendbot", clf.classify), ("peer", lambda t: peer.predict([t]))]
    latencies(pairs, texts[:100])  # warm-up both
    times = latencies(pairs, texts)
    ours, theirs = times["blendbot"], times["peer"]
    long_text = "Ik geef les in de klas en zet kennisclips online. " * 2000  # ~100 KB
    long_ms = latencies([("blendbot", clf.classify)], [long_text] * 20)["blendbot"]["wall"]
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def row(name: str, a: str, b: str, c: str = "") -> None:
        print(f"{name:<36} {a:>12} {b:>12} {c:>8}")

    print(f"\n{len(texts)} texts, classified one at a time, the two taking turns per text\n")
    row("", "blendbot", "tfidf+svc", "ratio")
    for kind in ("cpu", "wall"):
        for label, q in (("p50", 50), ("p99", 99)):
            a, b = np.percentile(ours[kind], q), np.percentile(theirs[kind], q)
            row(f"per-text {label} {kind} (ms)", f"{a:.3f}", f"{b:.3f}", f"{a / b:.2f}x")
        a, b = ours[kind].mean(), theirs[kind].mean()
        row(f"per-text mean {kind} (ms)", f"{a:.3f}", f"{b:.3f}", f"{a / b:.2f}x")
    row("blendbot train: fit + write (s)", f"{trained.seconds:.2f}", f"{peer_fit:.2f}")
    row("start-up from artifact (s, median)", f"{warm:.3f}", "-")
    row("process 'blendbot classify' wall (s)", f"{proc_wall:.2f}", "-")
    row("process 'blendbot classify' cpu (s)", f"{proc_cpu:.2f}", "-")
    row("100 KB line (ms, p50)", f"{np.percentile(long_ms, 50):.2f}", "-")
    row("peak traced (load + 500 texts, MB)", f"{traced_peak / 2**20:.1f}", "-")
    row("peak RSS whole run (MB)", f"{rss_mb:.0f}", "-")
    ratio = ours["cpu"].mean() / theirs["cpu"].mean()
    ok_ratio = ratio <= 1.0
    p99_wall, p99_cpu = np.percentile(ours["wall"], 99), np.percentile(ours["cpu"], 99)
    ok_start = warm < 0.5
    ok_proc = proc_wall < 0.5
    print(
        f"\ntargets: cost <= 1.0x peer ({ratio:.2f}x) {'OK' if ok_ratio else 'MISSED'}; "
        f"p99 < 5 ms: wall {'OK' if p99_wall < 5 else 'MISSED'}, "
        f"cpu {'OK' if p99_cpu < 5 else 'MISSED'}; "
        f"start-up from artifact < 0.5 s {'OK' if ok_start else 'MISSED'}; "
        f"whole process < 0.5 s {'OK' if ok_proc else 'MISSED'}"
    )
    print(f"load average during the run: {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores (wall figures include waiting for a core)")


if __name__ == "__main__":
    main()
