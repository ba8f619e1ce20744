"""``blendbot chat`` as a real subprocess on a real SQLite file."""

from __future__ import annotations

import os
import queue
import re
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from bot.render import conversation_wording, readiness_cards, wording

ROOT = Path(__file__).resolve().parents[1]
#: Generous upper bound for one subprocess (first model training included); not a timing test.
LIMIT = 240


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One classifier cache for all chat runs in this module."""
    return tmp_path_factory.mktemp("chat-cache")


def chat_env(cache_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BLENDBOT_")}
    env.update(BLENDBOT_CACHE_DIR=str(cache_dir), PYTHONIOENCODING="utf-8", USER="docent-test")
    return env


def chat_cmd(db: Path) -> list[str]:
    return [sys.executable, "-m", "bot.cli", "chat", "--database-url", f"sqlite:///{db}"]


def run_chat(db: Path, cache_dir: Path, lines: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        chat_cmd(db), input="".join(f"{line}\n" for line in lines), capture_output=True,
        text=True, encoding="utf-8", cwd=ROOT, env=chat_env(cache_dir), timeout=LIMIT)


def test_piped_conversation_with_a_numbered_choice(tmp_path: Path, cache_dir: Path) -> None:
    result = run_chat(tmp_path / "chat.sqlite3", cache_dir, [
        "hallo", "help", "2", "", "   ", "99", "<at>Blendbot</at>", "x" * 20_000,
        "wat is het weer morgen?", "stop", "dit komt nooit aan"])
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in out + result.stderr
    assert out.startswith(wording.WELCOME_TITLE)
    assert "Typ: check" in out and "Typ: tips aan" in out  # markdown bold removed
    assert "1. Start de readiness check\n2. Wekelijkse tips aan" in out
    assert wording.GREETING.replace("**", "") in out
    assert wording.HELP_TITLE in out
    assert "(Wekelijkse tips aan)" in out  # "2" chose the help card's second button
    assert wording.ONLY_TEXT in out  # empty and blank lines
    assert wording.TOO_LONG in out
    assert wording.OFF_TOPIC.replace("**", "") in out
    assert out.rstrip().endswith(wording.GOODBYE)
    assert "dit komt nooit aan" not in out


def test_welcome_only_on_the_first_start(tmp_path: Path, cache_dir: Path) -> None:
    db = tmp_path / "restart.sqlite3"
    first = run_chat(db, cache_dir, ["hoi"])
    second = run_chat(db, cache_dir, ["help"])
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    assert first.stdout.count(wording.WELCOME_TITLE) == 1
    assert wording.WELCOME_TITLE not in second.stdout
    assert wording.HELP_TITLE in second.stdout  # same conversation, still answering
    assert second.stdout.rstrip().endswith(wording.GOODBYE)  # EOF ends it cleanly


class Chat:
    """A running ``blendbot chat`` fed line by line; output read by a thread."""

    def __init__(self, db: Path, cache_dir: Path) -> None:
        self.process = subprocess.Popen(
            chat_cmd(db), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, encoding="utf-8", cwd=ROOT,
            env=chat_env(cache_dir), bufsize=1)
        self.output = ""
        self._lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._lines.put(line)
        self._lines.put(None)

    def send(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def wait_for(self, pattern: str) -> re.Match[str]:
        """Read output until ``pattern`` (a regex) matches what came after the last wait."""
        start = len(self.output)
        while True:
            found = re.search(pattern, self.output[start:], re.MULTILINE)
            if found:
                return found
            line = self._lines.get(timeout=LIMIT)
            if line is None:
                raise AssertionError(f"chat ended without {pattern!r}:\n{self.output[start:]}")
            self.output += line

    def close(self) -> tuple[int, str]:
        assert self.process.stdin is not None
        self.process.stdin.close()
        code = self.process.wait(timeout=LIMIT)
        while (line := self._lines.get(timeout=LIMIT)) is not None:
            self.output += line
        return code, self.process.stderr.read() if self.process.stderr else ""


def plain(text: str) -> str:
    """A phrase as the terminal prints it (bold markers removed)."""
    return text.replace("**", "")


def test_feedback_by_number_then_a_comment_kept_with_consent(
    tmp_path: Path, cache_dir: Path
) -> None:
    db = tmp_path / "feedback.sqlite3"
    chat = Chat(db, cache_dir)
    try:
        chat.wait_for(re.escape(wording.WELCOME_TITLE))
        chat.wait_for(re.escape(plain(conversation_wording.TERMINAL_HOW_TO_LEAVE)))
        chat.send("Ik geef les aan de klas en zet tegelijk Teams open voor studenten thuis. "
                  "Is dat blended?")
        number = chat.wait_for(r"^(\d+)\. 👎 Niet behulpzaam$").group(1)
        chat.send(number)
        chat.wait_for(re.escape(wording.FEEDBACK_THANKS))
        chat.wait_for(re.escape(conversation_wording.WHAT_WAS_WRONG))
        chat.send("Mijn studenten thuis doen een andere opdracht dan de klas")
        chat.wait_for(re.escape(plain(conversation_wording.KEEP_ASK.format(days=90))))
        chat.send("ja graag")
        chat.wait_for(re.escape(conversation_wording.KEPT))
    finally:
        code, stderr = chat.close()
    assert code == 0, stderr
    assert "Traceback" not in chat.output + stderr
    with sqlite3.connect(db) as conn:
        feedback = conn.execute("SELECT card_id, helpful, activity_id FROM feedback").fetchall()
        kept = conn.execute("SELECT reason, text FROM kept_questions").fetchall()
        events = conn.execute("SELECT channel, intent FROM answer_events").fetchall()
        comments = conn.execute("SELECT card_id, text, user_key FROM feedback_comments"
                                ).fetchall()
    assert len(feedback) == 1 and feedback[0][1] in (0, False) and feedback[0][2]
    assert [(reason, "Teams open" in text) for reason, text in kept] == [
        ("niet_behulpzaam", True)]
    assert events == [("terminal", "scenario")]
    assert [(c, t) for c, t, _ in comments] == [
        (feedback[0][0], "Mijn studenten thuis doen een andere opdracht dan de klas")]
    assert "docent" not in comments[0][2]  # pseudonymous key, not the login name


def test_terminal_says_how_to_leave_and_exit_leaves_even_in_the_check(
    tmp_path: Path, cache_dir: Path
) -> None:
    result = run_chat(tmp_path / "leave.sqlite3", cache_dir, [
        "check", "help", "exit", "dit komt nooit aan"])
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert plain(conversation_wording.TERMINAL_HOW_TO_LEAVE) in out
    assert plain(readiness_cards.NOTES["help"]) in out  # help inside the check explains it
    assert out.rstrip().endswith(wording.GOODBYE)
    assert "dit komt nooit aan" not in out


def test_tips_on_in_the_terminal_stores_nothing_and_shows_this_weeks_tip(
    tmp_path: Path, cache_dir: Path
) -> None:
    db = tmp_path / "tips.sqlite3"
    result = run_chat(db, cache_dir, ["tips aan", "tip", "stop"])
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert plain(conversation_wording.TERMINAL_TIPS_ON) in out
    assert out.count("Tip van de week") + out.count("Advies van de week") == 2
    assert "Lees de hele kaart: http" in out
    assert "Afmelden" not in out and "Top! Je krijgt" not in out
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM subscriptions").fetchone() == (0,)
