"""Command matching: whole-message, tolerant of case, punctuation, accents and small typos."""

from __future__ import annotations

import pytest

from bot.commands import COMMANDS, match_command, normalize


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("help", "help"),
        ("Help!", "help"),
        ("HULP", "help"),
        ("?", "help"),
        ("Wat kun je?", "help"),
        ("wat kan jij", "help"),
        ("hoi", "greeting"),
        ("Hallo!!", "greeting"),
        ("Goedemorgen allemaal", "greeting"),
        ("hoi blendbot", "greeting"),
        ("bedankt", "thanks"),
        ("Dank je wel!", "thanks"),
        ("super bedankt voor de hulp", "thanks"),
        ("check", "check"),
        ("Readiness check", "check"),
        ("start de check", "check"),
        ("scan", "check"),
        ("mijn resultaat", "result"),
        ("tips aan", "tips_on"),
        ("Tips aan, graag", "tips_on"),
        ("tips uit", "tips_off"),
        ("tips", "tips_status"),
        ("overzicht", "insights"),
        ("stuur tip", "tip_now"),
        ("Stuur een tip, graag!", "tip_now"),
        ("tip nu", "tip_now"),
        ("Stuur de tip nu", "tip_now"),
        ("Vergeet mij", "forget"),
        ("vergeet mij alsjeblieft", "forget"),
    ],
)
def test_phrases_match_their_command(text: str, expected: str) -> None:
    assert match_command(text) == expected


@pytest.mark.parametrize(
    ("typo", "expected"),
    [
        ("hlep", "help"),
        ("chek", "check"),
        ("start de chekc", "check"),
        ("readines check", "check"),
        ("tisp aan", "tips_on"),
        ("tips uti", "tips_off"),
        ("mijn resultat", "result"),
        ("overzciht", "insights"),
        ("vergeet mj", "forget"),
        ("stuur tips", "tip_now"),
        ("tips nu", "tip_now"),
        ("stuurtip", "tip_now"),
        ("bedank", "thanks"),
        ("dankjewl", "thanks"),
    ],
)
def test_small_typos_still_match(typo: str, expected: str) -> None:
    assert match_command(typo) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Ik laat studenten thuis een kennisclip kijken. Is dat blended?",
        "check of mijn les blended is",
        "hoi, is dit blended?",
        "hoi ik gebruik kahoot in de les",
        "tips voor mijn les over hybride leren graag",
        "is video blended",
        "",
        "   ",
        "!!!",
        "x" * 5000,
    ],
)
def test_questions_and_noise_are_not_commands(text: str) -> None:
    assert match_command(text) is None


def test_short_phrases_need_to_be_exact() -> None:
    # 'tip' is one letter from 'tips' but 'dat'/'da' must not become the greeting 'dag'
    assert match_command("da") is None
    assert match_command("hoi") == "greeting"
    assert match_command("hio") is None


def test_tips_on_and_off_are_never_confused() -> None:
    for text in ("tips aan", "tipsaan", "tips aam", "Tips AAN!"):
        assert match_command(text) == "tips_on", text
    for text in ("tips uit", "tipsuit", "tips uiy", "TIPS UIT."):
        assert match_command(text) == "tips_off", text


def test_send_a_tip_now_is_never_confused_with_the_subscription_commands() -> None:
    for text in ("tips", "mijn tips", "tips status"):
        assert match_command(text) == "tips_status", text
    # "tip" (singular) asks for this week's tip itself, for any teacher.
    for text in ("tip", "Tip!", "geef me een tip", "tip van de week?", "heb je een tip"):
        assert match_command(text) == "tip", text
    for text in ("tips aan", "tip aan", "zet tips aan"):
        assert match_command(text) == "tips_on", text
    for text in ("tips uit", "tip uit", "stop tips", "stop tip", "geen tips"):
        assert match_command(text) == "tips_off", text
    for text in ("stuur tip", "tip nu", "stuur tip nu", "tip sturen"):
        assert match_command(text) == "tip_now", text
    assert match_command("stuur mij een tip over video in de les") is None  # a question


def test_every_table_phrase_matches_its_own_command() -> None:
    for name, phrases in COMMANDS.items():
        for phrase in phrases:
            assert match_command(phrase) == name, phrase


def test_normalize_folds_case_accents_and_punctuation() -> None:
    assert normalize("  Één, twéé!  ") == "een twee"
    assert normalize("commando's?") == "commandos"


def test_non_strings_are_not_commands() -> None:
    assert match_command(None) is None  # type: ignore[arg-type]
    assert match_command(42) is None  # type: ignore[arg-type]
