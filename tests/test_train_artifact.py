"""``blendbot train`` writes the model artifact; serve, chat and classify load it.

Real processes throughout: the artifact is written by ``blendbot train``, read by
``blendbot classify`` / ``chat`` / ``serve``; a missing or stale artifact is refitted in a
child process, so the serving process never maps scikit-learn or SciPy.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from classifier import artifact
from classifier.training import TrainingError, fit_in_child

ROOT = Path(__file__).resolve().parents[1]
TRAIN = ROOT / "classifier" / "data" / "train.jsonl"


def blendbot_env(cache_dir: Path, **extra: str) -> dict[str, str]:
    """Nothing but what a deployment sets: the cache dir (plus the source on the path)."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT),
           "BLENDBOT_CACHE_DIR": str(cache_dir), "LANG": "C.UTF-8"}
    env.update(extra)
    return env


def blendbot(cwd: Path, env: dict[str, str], *args: str, stdin: str = "",
             timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], input=stdin, text=True,
                          capture_output=True, cwd=cwd, env=env, timeout=timeout)


def one_line_error(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    (line,) = proc.stderr.strip().splitlines()
    return line


def snapshot(cache_dir: Path) -> dict[str, tuple[int, int]]:
    """Name -> (inode, mtime_ns) of every file: a refit replaces the artifact's inode."""
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in cache_dir.iterdir()}


@pytest.fixture(scope="module")
def small_train(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every fourth training line: a model that fits in a few seconds (quality irrelevant)."""
    lines = TRAIN.read_text(encoding="utf-8").splitlines()
    path = tmp_path_factory.mktemp("data") / "small.jsonl"
    path.write_text("\n".join(lines[::4]) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One real ``blendbot train`` on the built-in data, with only BLENDBOT_CACHE_DIR set."""
    work = tmp_path_factory.mktemp("train")
    cache = work / "cache"
    proc = blendbot(work, blendbot_env(cache), "train")
    return {"work": work, "cache": cache, "proc": proc}


def test_train_writes_the_artifact_and_says_where(trained: dict[str, Any]) -> None:
    proc = trained["proc"]
    assert proc.returncode == 0, proc.stderr
    (line,) = proc.stdout.strip().splitlines()
    assert line.startswith("model trained in ") and " s: " in line
    (written,) = trained["cache"].glob("classifier-*.npz")
    assert line.endswith(str(written))
    with np.load(written, allow_pickle=False) as data:  # plain arrays, no pickle inside
        assert {"header", "coef_text", "char_vocabulary"} <= set(data.files)


def test_a_second_train_is_a_no_op(trained: dict[str, Any]) -> None:
    before = snapshot(trained["cache"])
    proc = blendbot(trained["work"], blendbot_env(trained["cache"]), "train")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("model is up to date")
    assert snapshot(trained["cache"]) == before


def test_classify_and_chat_load_the_artifact(trained: dict[str, Any]) -> None:
    before = snapshot(trained["cache"])
    env = blendbot_env(trained["cache"], BLENDBOT_TIP_SCHEDULE="off",
                       BLENDBOT_DATABASE_URL=f"sqlite:///{trained['work'] / 'chat.sqlite3'}")
    proc = blendbot(trained["work"], env, "classify", "Wat is blended leren precies?")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["intent"] == "question"
    chat = blendbot(trained["work"], env, "chat", stdin="Wat is blended leren precies?\nstop\n")
    assert chat.returncode == 0, chat.stderr
    assert "blended" in chat.stdout.lower()
    assert snapshot(trained["cache"]) == before  # read, not refitted


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve_and_check(work: Path, env: dict[str, str]) -> str:
    """Start ``blendbot serve``, wait for /healthz, return its memory map; always stops it."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=work, env={**env, "BLENDBOT_TIP_SCHEDULE": "off",
                       "BLENDBOT_DATABASE_URL": f"sqlite:///{work / 'serve.sqlite3'}"},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 240
        while True:
            assert server.poll() is None, server.stderr.read() if server.stderr else ""
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "serve did not become healthy"
            time.sleep(0.3)
        return Path(f"/proc/{server.pid}/maps").read_text()
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs /proc (Linux)")
def test_serve_loads_the_artifact_without_scikit_learn(trained: dict[str, Any]) -> None:
    before = snapshot(trained["cache"])
    maps = _serve_and_check(trained["work"], blendbot_env(trained["cache"]))
    assert "/sklearn/" not in maps and "/scipy/" not in maps
    assert "/numpy/" in maps  # the check sees extension modules at all
    assert snapshot(trained["cache"]) == before


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs /proc (Linux)")
def test_a_first_serve_start_fits_in_a_child_process(tmp_path: Path, small_train: Path) -> None:
    cache = tmp_path / "fresh-cache"
    env = blendbot_env(cache, BLENDBOT_TRAIN_PATH=str(small_train))
    maps = _serve_and_check(tmp_path, env)
    assert len(list(cache.glob("classifier-*.npz"))) == 1  # the child wrote it
    assert "/sklearn/" not in maps and "/scipy/" not in maps


_LOAD_AND_REPORT = """
import json, sys
from pathlib import Path
from classifier import load_classifier
from knowledge.loader import load_knowledge
clf = load_classifier(load_knowledge(), Path(sys.argv[1]), Path(sys.argv[2]))
print(json.dumps({
    "from_cache": clf.from_cache,
    "scientific": sorted({m.split(".")[0] for m in sys.modules} & {"sklearn", "scipy"}),
    "files": sorted(p.name for p in Path(sys.argv[1]).iterdir()),
    "card": clf.classify("Wat is blended leren?").card,
}))
"""


def load_in_fresh_interpreter(cache: Path, train: Path) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, "-c", _LOAD_AND_REPORT, str(cache), str(train)],
                          capture_output=True, text=True, cwd=cache.parent,
                          env=blendbot_env(cache), timeout=300)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_a_stale_artifact_is_refitted_in_a_child_and_sklearn_stays_out(
        trained: dict[str, Any], tmp_path: Path, small_train: Path) -> None:
    cache = tmp_path / "cache"
    shutil.copytree(trained["cache"], cache)
    (old,) = (p.name for p in cache.glob("classifier-*.npz"))
    report = load_in_fresh_interpreter(cache, small_train)  # other data: the artifact is stale
    assert report["from_cache"] is False
    assert report["scientific"] == []
    (new,) = report["files"]
    assert new != old and new.startswith("classifier-") and new.endswith(".npz")
    again = load_in_fresh_interpreter(cache, small_train)
    assert again["from_cache"] is True and again["files"] == [new]
    assert again["scientific"] == [] and again["card"] == report["card"]


def test_loading_from_the_artifact_never_imports_scikit_learn(trained: dict[str, Any]) -> None:
    report = load_in_fresh_interpreter(trained["cache"], TRAIN)
    assert report["from_cache"] is True
    assert report["scientific"] == []
    assert report["card"] == "def-blended-leren"


def test_a_corrupt_artifact_is_rebuilt_by_classify(trained: dict[str, Any], tmp_path: Path,
                                                   small_train: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    env = blendbot_env(cache, BLENDBOT_TRAIN_PATH=str(small_train))
    assert blendbot(tmp_path, env, "train").returncode == 0
    (path,) = cache.glob("classifier-*.npz")
    path.write_bytes(path.read_bytes()[:1000])  # truncated, as by a full disk
    proc = blendbot(tmp_path, env, "classify", "Wat is blended leren?")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert json.loads(proc.stdout)["intent"] == "question"
    redo = blendbot(tmp_path, env, "train")
    assert redo.stdout.startswith("model is up to date")  # classify wrote a valid one


class _Evil:
    """Unpickling this would create the marker file."""

    marker: Path

    def __reduce__(self) -> tuple[Any, ...]:
        return (Path.touch, (self.marker,))


def _corruptions(valid: Path, tmp_path: Path) -> dict[str, Path]:
    out = {}
    garbage = tmp_path / "garbage.npz"
    garbage.write_bytes(b"not an artifact at all")
    out["garbage"] = garbage
    truncated = tmp_path / "truncated.npz"
    truncated.write_bytes(valid.read_bytes()[: valid.stat().st_size // 2])
    out["truncated"] = truncated
    with np.load(valid, allow_pickle=False) as data:
        arrays = {name: data[name] for name in data.files}
    evil = _Evil()
    evil.marker = tmp_path / "pwned"
    pickled = tmp_path / "pickled.npz"
    np.savez(pickled, **{**arrays, "coef_text": np.array([evil], dtype=object)})
    out["pickled"] = pickled
    shapes = tmp_path / "shapes.npz"
    np.savez(shapes, **{**arrays, "coef_text": arrays["coef_text"][:-1]})
    out["shapes"] = shapes
    header = tmp_path / "header.npz"
    np.savez(header, **{**arrays, "header": np.frombuffer(b"{not json", dtype=np.uint8)})
    out["header"] = header
    return out


def test_damaged_or_hostile_artifacts_are_ignored(trained: dict[str, Any],
                                                  tmp_path: Path) -> None:
    (valid,) = trained["cache"].glob("classifier-*.npz")
    with np.load(valid, allow_pickle=False) as data:
        key = json.loads(data["header"].tobytes())["key"]
    assert artifact.load(valid, key) is not None
    assert artifact.load(valid, "0" * 64) is None  # another key: stale
    for name, path in _corruptions(valid, tmp_path).items():
        assert artifact.load(path, key) is None, name
    assert not (tmp_path / "pwned").exists()  # nothing was unpickled


def test_the_artifact_keeps_the_exact_probabilities(trained: dict[str, Any]) -> None:
    (valid,) = trained["cache"].glob("classifier-*.npz")
    with np.load(valid, allow_pickle=False) as data:
        key = json.loads(data["header"].tobytes())["key"]
    model = artifact.load(valid, key)
    assert model is not None
    again = artifact.from_arrays(artifact.to_arrays(key, model), key)
    assert again is not None
    rules = np.linspace(0, 0.3, model.coef_rules.shape[0])
    for text in ("wat is blended leren", "thuis lezen ze en in de les bespreken we het", ""):
        p = model.predict_proba(text, rules)
        assert np.array_equal(p, again.predict_proba(text, rules))
        assert abs(p.sum() - 1.0) < 1e-9


# --------------------------------------------------------------------------- exit codes


def test_train_with_broken_training_data_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "train.jsonl"
    bad.write_text('{"text": "a", "intent": "other", "verdict": null, "card": null}\n{x\n',
                   encoding="utf-8")
    line = one_line_error(blendbot(tmp_path, blendbot_env(tmp_path / "c"), "train",
                                   "--data", str(bad)))
    assert line.startswith("blendbot: the training data is broken: ")
    assert "train.jsonl:2: malformed JSON" in line
    assert not (tmp_path / "c").exists() or not list((tmp_path / "c").iterdir())


def test_train_and_classify_with_a_broken_knowledge_base_exit_1(tmp_path: Path) -> None:
    root = tmp_path / "kb"
    (root / "cards").mkdir(parents=True)
    env = blendbot_env(tmp_path / "c")
    for args in (("train", "--root", str(root)), ("classify", "--root", str(root), "x")):
        line = one_line_error(blendbot(tmp_path, env, *args))
        assert line.startswith("blendbot: the knowledge base is broken: "), line


def test_train_into_an_unwritable_place_exits_1(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file, not a directory", encoding="utf-8")
    line = one_line_error(blendbot(tmp_path, blendbot_env(tmp_path / "c"), "train",
                                   "--out", str(blocker / "cache")))
    assert line.startswith("blendbot: cannot write the model to ")


def test_classify_with_empty_training_data_exits_1(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    proc = blendbot(tmp_path, blendbot_env(tmp_path / "c", BLENDBOT_TRAIN_PATH=str(empty)),
                    "classify", "x")
    expected = f"blendbot: the training data is broken: {empty}: no labelled lines"
    assert one_line_error(proc) == expected
    assert proc.stdout == ""


def test_a_failing_child_fit_is_a_one_line_training_error(tmp_path: Path) -> None:
    with pytest.raises(TrainingError) as caught:
        fit_in_child([], "0" * 64, tmp_path)
    message = str(caught.value)
    assert message.startswith("het trainen lukte niet: ") and "\n" not in message
    assert not list(tmp_path.glob("classifier-*.npz"))
