"""Evaluation of minimal pairs: pair accuracy (both sides right) and grounded answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from classifier.dataset import DATA_DIR, DatasetError, Example, read_examples
from classifier.evaluate import format_report, grounded, score
from classifier.types import Activity, Classification


def result(text: str, verdict: str | None, card: str | None, **kw: object) -> Classification:
    return Classification(text, "scenario", verdict, card, 0.9, (), **kw)  # type: ignore[arg-type]


def test_pair_accuracy_counts_a_pair_only_when_both_sides_are_right() -> None:
    gold = [
        Example("a", "scenario", "blended", "def-blended-leren", pair="p1"),
        Example("b", "scenario", "onduidelijk", None, pair="p1"),
        Example("c", "scenario", "blended", "def-blended-leren", pair="p2"),
        Example("d", "scenario", "niet_blended", "mis-hybride", pair="p2"),
    ]
    predicted = [
        result("a", "blended", "def-blended-leren"),
        result("b", "onduidelijk", None),
        result("c", "blended", "def-blended-leren"),
        result("d", "niet_blended", "mis-ict-inzet"),  # right verdict, wrong card
    ]
    report = score("pairs", gold, predicted)
    assert (report.pair_accuracy, report.pairs) == (0.5, 2)
    assert report.verdict_accuracy == 1.0 and report.card_accuracy == pytest.approx(2 / 3, 1e-3)
    assert "pair accuracy    50.0%  (2 pairs)" in format_report(report)
    assert report.to_json()["pair_accuracy"] == 0.5


def test_a_file_without_pair_ids_has_no_pair_accuracy() -> None:
    gold = [Example("a", "scenario", "onduidelijk", None)]
    report = score("dev", gold, [result("a", "onduidelijk", None)])
    assert report.pair_accuracy is None and report.pairs == 0
    assert "pair accuracy" not in format_report(report)


def test_pair_ids_are_read_and_checked(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"text": "x", "intent": "other", "verdict": None, "card": None,
                                "pair": "p9"}) + "\n", "utf-8")
    assert read_examples(good)[0].pair == "p9"
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"text": "x", "intent": "other", "verdict": None, "card": None,
                               "pair": 3}) + "\n", "utf-8")
    with pytest.raises(DatasetError, match="bad.jsonl:1: pair must be a string"):
        read_examples(bad)


def test_grounded_needs_a_quote_for_every_finding_and_every_activity() -> None:
    text = "Thuis maken ze een online quiz en in de les bespreken we die."
    ok = result(text, "blended", "def-blended-leren",
                signals={"online": True, "fysiek": True},
                evidence={"online": "online", "fysiek": "in de les"},
                activities=(Activity("in de les bespreken we die", "fysiek"),))
    assert grounded(ok)
    assert not grounded(result(text, None, None, signals={"online": True}, evidence={}))
    assert not grounded(result(text, None, None, signals={"online": False},
                               evidence={"online": "niks online"}))
    assert not grounded(result(text, None, None, activities=(Activity("op stage", "werkplek"),)))
    answered = result(text, None, None, signals={"samenhang": True},
                      evidence={"samenhang": None}, answered=("samenhang",))
    assert grounded(answered)


@pytest.mark.parametrize("name", ["pairs.jsonl", "pairs_fresh.jsonl"])
def test_the_pair_files_hold_pairs_with_different_outcomes(name: str) -> None:
    lines = read_examples(DATA_DIR / name)
    by_pair: dict[str, list[Example]] = {}
    for ex in lines:
        assert ex.pair is not None
        by_pair.setdefault(ex.pair, []).append(ex)
    assert all(len(v) == 2 for v in by_pair.values())
    assert all((a.verdict, a.card) != (b.verdict, b.card) for a, b in by_pair.values())
    if name == "pairs.jsonl":
        assert len(by_pair) >= 60
