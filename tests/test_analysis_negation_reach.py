"""How far a negation reaches when the teacher writes "never" with "geen" ("geen enkele
keer", "geen moment"), and what the text leaves undecided. Rule layer only; each rule has
phrasings of our own and a control."""

from __future__ import annotations

import pytest

from classifier.matching import Lexicon
from classifier.rules import analyse


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return Lexicon()


@pytest.mark.parametrize("text", [
    "Alles loopt via Teams en Moodle. Ze komen dit semester geen enkele keer naar de "
    "hogeschool.",
    "De module doen ze online in de ELO, en naar school komen ze geen enkele keer.",
    "Ze werken in Canvas aan de casus; op locatie zijn ze geen moment.",
])
def test_never_said_with_geen_denies_the_place(lex: Lexicon, text: str) -> None:
    assert analyse(text, lex).signals["fysiek"] is False


def test_geen_with_a_noun_of_its_own_leaves_the_place_standing(lex: Lexicon) -> None:
    f = analyse("Ze maken online een quiz en in het lokaal oefenen ze zonder boek; ze krijgen "
                "geen enkel cijfer.", lex)
    assert f.signals["fysiek"] is True
