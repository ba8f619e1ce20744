"""Broken classifier training data stops start-up with a one-line reason, never a traceback:
in-process (``open_services``) and as real ``blendbot chat`` / ``blendbot serve`` processes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.services import StartupError, open_services
from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
BROKEN = '{"text": "a", "intent": "other", "verdict": null, "card": null}\n{broken\n'


@pytest.fixture
def broken_training(tmp_path: Path) -> Path:
    path = tmp_path / "train.jsonl"
    path.write_text(BROKEN, encoding="utf-8")
    return path


def run_blendbot(tmp_path: Path, train: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BLENDBOT_TRAIN_PATH": str(train),
           "BLENDBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'bot.sqlite3'}",
           "BLENDBOT_CACHE_DIR": str(tmp_path / "cache"), "BLENDBOT_TIP_SCHEDULE": "off"}
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], input="", text=True,
                          capture_output=True, cwd=tmp_path, env=env, timeout=120)


async def test_open_services_raises_a_startup_error(
        settings: Settings, kb: Any, broken_training: Path) -> None:
    broken = settings.model_copy(update={"train_path": broken_training})
    with pytest.raises(StartupError) as caught:
        async with open_services(broken, knowledge=kb):
            pass
    assert str(caught.value) == (f"the training data is broken: {broken_training}:2: "
                                 "malformed JSON (Expecting property name enclosed in double "
                                 "quotes)")


def test_chat_exits_1_with_one_line(tmp_path: Path, broken_training: Path) -> None:
    proc = run_blendbot(tmp_path, broken_training, "chat")
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    (line,) = proc.stderr.strip().splitlines()
    assert line.startswith("blendbot: the training data is broken: ")
    assert f"{broken_training.name}:2: malformed JSON" in line
    assert proc.stdout == ""  # no welcome: the chat never started


def test_serve_exits_1_with_the_reason(tmp_path: Path, broken_training: Path) -> None:
    with socket.socket() as probe:  # a free port (nothing listens: start-up fails first)
        probe.bind(("127.0.0.1", 0))
        port = str(probe.getsockname()[1])
    proc = run_blendbot(tmp_path, broken_training, "serve", "--host", "127.0.0.1",
                        "--port", port)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    reasons = [line for line in proc.stderr.splitlines() if line.startswith("blendbot:")]
    assert len(reasons) == 1
    assert reasons[0].startswith("blendbot: cannot start: the training data is broken: ")
    assert f"{broken_training.name}:2: malformed JSON" in reasons[0]
