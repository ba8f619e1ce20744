"""Typed yes/no/weet ik niet, and thanks/annoyance: pure functions over short texts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.small_talk import recognise
from bot.yes_no import parse_yes_no


@pytest.mark.parametrize("text", [
    "ja", "Ja!", "JA", "jaa", "jaaaa", "ja graag", "Ja, graag.", "doe maar", "ok", "Oké",
    "prima", "klopt", "Dat klopt", "klpot", "ja hoor", "ja zeker", "jazeker", "akkoord",
    "ik denk het wel", "ja, verwijder maar", "👍"])
def test_yes(text: str) -> None:
    assert parse_yes_no(text) == "ja"


@pytest.mark.parametrize("text", [
    "nee", "Nee.", "neee", "nee hoor", "nee dank je", "liever niet", "Nee, liever niet",
    "nee dat klopt niet", "Nee, dat klopt niet!", "klopt niet", "niet doen", "laat maar",
    "ik denk het niet", "nope", "👎"])
def test_no_and_negated_yes(text: str) -> None:
    assert parse_yes_no(text) == "nee"


@pytest.mark.parametrize("text", [
    "weet ik niet", "Weet ik niet.", "weet niet", "geen idee", "ik weet het niet",
    "misschien", "ja nee", "deels"])
def test_unknown(text: str) -> None:
    assert parse_yes_no(text) == "weet_niet"


@pytest.mark.parametrize("text", [
    "", "   ", "mee", "top", "bedankt", "ik geef les in de zorg",
    "ja dat bouwt op elkaar voort en ze werken samen in groepjes",  # more than an answer
    "Ik laat studenten thuis een kennisclip kijken. Is dat blended?", "tips aan", "3"])
def test_not_an_answer(text: str) -> None:
    assert parse_yes_no(text) is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_never_raises(text: str) -> None:
    assert parse_yes_no(text) in (None, "ja", "nee", "weet_niet")
    assert recognise(text) in (None, "thanks", "annoyed")


@pytest.mark.parametrize("text", [
    "dank je wel, top", "Dank je, dit helpt echt", "thanks", "super bedankt", "bedankt!",
    "super bedankt voor de hulp", "dankjewel!!", "Top, dit helpt echt", "super duidelijk",
    "hartelijk dank voor de uitleg", "bedankr"])
def test_thanks(text: str) -> None:
    assert recognise(text) == "thanks"


@pytest.mark.parametrize("text", [
    "je snapt er niks van", "Je snapt er echt helemaal niks van!", "wat een onzin",
    "Wat een onzin zeg", "dit slaat nergens op", "Dit slaat nergens op.",
    "snap je het nou niet?", "hier heb ik niks aan", "waardeloos"])
def test_annoyance(text: str) -> None:
    assert recognise(text) == "annoyed"


@pytest.mark.parametrize("text", [
    "bedankt voor je hulp, mijn studenten kijken thuis een kennisclip en oefenen in de les",
    "Bedankt! Is een online quiz na de les blended?",
    "wat een onzin, blended is toch gewoon online les",  # a belief: the classifier's
    "dit klopt echt niet, mijn les is wel degelijk blended",  # insisting: the follow-up's
    "ik snap niet wat samenhang is", "studenten snappen de stof niet",
    "ik wil mijn studenten bedanken met een online quiz", "hoi", "is dit blended?"])
def test_lessons_questions_and_beliefs_are_not_small_talk(text: str) -> None:
    assert recognise(text) is None
