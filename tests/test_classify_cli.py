"""``blendbot classify`` and ``blendbot evaluate`` as real processes (shared/spec/classify.md)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEV = Path(__file__).parent / "fixtures" / "eval" / "dev.jsonl"


@pytest.fixture
def run(classifier_model: Any, classifier_cache_dir: Path, tmp_path: Path):  # noqa: ANN201
    """Run ``blendbot`` with the session's warm classifier cache; returns CompletedProcess."""
    env = {**os.environ, "BLENDBOT_CACHE_DIR": str(classifier_cache_dir), "LANG": "C"}
    env.pop("PYTHONIOENCODING", None)

    def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [sys.executable, "-m", "bot.cli", *args],
            input=None if stdin is None else stdin.encode("utf-8"),
            cwd=tmp_path, env={**env, "PYTHONPATH": str(ROOT)}, capture_output=True,
            timeout=300,
        )

    return _run


def one_line_error(proc: subprocess.CompletedProcess[bytes]) -> str:
    assert proc.returncode != 0
    err = proc.stderr.decode("utf-8")
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


# --------------------------------------------------------------------------- classify


def test_classify_one_text_prints_one_json_line(run: Any) -> None:
    text = "Is hybride lesgeven hetzelfde als blended? Ik geef les in de klas én online, tegelijk."
    proc = run("classify", text)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.decode("utf-8").splitlines()
    assert len(lines) == 1
    obj = json.loads(lines[0])
    assert obj["text"] == text  # UTF-8, not escaped, even with LANG=C
    assert "én" in lines[0]
    assert obj["intent"] == "scenario" and obj["card"] == "mis-hybride"
    assert {"verdict", "confidence", "alternatives", "signals"} <= set(obj)


def test_classify_streams_stdin_in_order_with_empty_lines(run: Any) -> None:
    texts = ["Wat is blended onderwijs?", "", "Hallo", "   ", "Tijdens corona gaf ik alles online.",
             "Wat zijn de niveaus van blended leren?"] * 5
    proc = run("classify", stdin="\n".join(texts) + "\n")
    assert proc.returncode == 0, proc.stderr
    objs = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]
    assert [o["text"] for o in objs] == texts
    for obj in objs:
        if not obj["text"].strip():
            assert obj["intent"] == "other" and obj["card"] is None
    assert objs[4]["card"] == "mis-noodonderwijs"
    assert objs[0]["intent"] == "question"


def test_classify_flushes_each_line(classifier_model: Any, classifier_cache_dir: Path) -> None:
    env = {**os.environ, "BLENDBOT_CACHE_DIR": str(classifier_cache_dir), "PYTHONPATH": str(ROOT)}
    with subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "classify"], stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, env=env, cwd=ROOT,
    ) as proc:
        assert proc.stdin and proc.stdout
        proc.stdin.write(b"Wat is blended leren?\n")
        proc.stdin.flush()
        first = json.loads(proc.stdout.readline())  # would block forever without a flush
        assert first["card"] == "def-blended-leren"
        proc.stdin.close()
        assert proc.wait(timeout=60) == 0


def test_classify_with_a_broken_knowledge_base(run: Any, tmp_path: Path) -> None:
    root = tmp_path / "kb"
    shutil.copytree(ROOT / "knowledge" / "cards", root / "cards")
    shutil.copytree(ROOT / "knowledge" / "tips", root / "tips")
    (root / "cards" / "mis-video.yaml").write_text("id: mis-video\nkind: [unclosed\n")
    line = one_line_error(run("classify", "--root", str(root), "Is dit blended?"))
    assert "knowledge base" in line and "mis-video.yaml" in line


# --------------------------------------------------------------------------- evaluate


def test_evaluate_prints_the_report(run: Any) -> None:
    proc = run("evaluate", str(DEV))
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.decode("utf-8")
    for heading in ("intent accuracy", "verdict accuracy", "card accuracy", "macro-F1",
                    "mis-hybride"):
        assert heading in out


def test_evaluate_json_and_plot(run: Any, tmp_path: Path) -> None:
    png = tmp_path / "matrix.png"
    proc = run("evaluate", str(DEV), "--json", "--plot", str(png))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.decode("utf-8").splitlines()
    assert len(lines) == 1
    report = json.loads(lines[0])
    assert report["lines"] == 28
    assert 0.9 <= report["intent_accuracy"] <= 1.0
    assert report["scenario_lines"] == 16 and report["card_lines"] == 25
    assert set(report["per_card"]["mis-hybride"]) == {"precision", "recall", "f1", "support"}
    assert isinstance(report["confusions"], list) and isinstance(report["errors"], list)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_evaluate_with_cross_validation(run: Any) -> None:
    proc = run("evaluate", str(DEV), "--json", "--cv")
    assert proc.returncode == 0, proc.stderr
    cv = json.loads(proc.stdout)["cross_validation"]
    assert "5-fold" in cv["source"]
    assert cv["lines"] >= 500
    assert cv["card_accuracy"] >= 0.8 and cv["intent_accuracy"] >= 0.9


def test_evaluate_missing_file(run: Any, tmp_path: Path) -> None:
    line = one_line_error(run("evaluate", str(tmp_path / "nope.jsonl")))
    assert "nope.jsonl" in line and "not found" in line


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"text": "a", "intent": "other", "verdict": null, "card": null}\n{broken\n',
         "bad.jsonl:2: malformed JSON"),
        ('{"text": "a", "intent": "other", "verdict": null, "card": null}\n\n'
         '{"text": "b", "intent": "other", "verdict": null, "card": "mis-nope"}\n',
         "bad.jsonl:3: unknown card"),
        ('["a list"]\n', "bad.jsonl:1: expected a JSON object"),
    ],
)
def test_evaluate_malformed_file(run: Any, tmp_path: Path, content: str, expected: str) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(content, encoding="utf-8")
    assert expected in one_line_error(run("evaluate", str(bad)))
