"""Examples that fit the teacher: the sector words in a lesson pick the card's example.

Through the Teams protocol: the "Lees meer" part of an answer shows the example of the
sector the teacher named, and the general example when the text names none.
"""

from __future__ import annotations

import pytest

from bot.render import wording
from knowledge.loader import load_knowledge
from knowledge.sectors import GENERAL, detect_sector
from knowledge.taxonomy import BLENDED_CARD_ID
from tests.harness import BotServer
from tests.helpers_cards import card_text
from tests.test_answer_flow_teams import more_card, say

LESSON = ("{intro} kijken studenten thuis een kennisclip in de ELO en maken ze een online "
          "quiz. In de les bouwen we daarop voort: ze oefenen in groepjes met een casus.")


@pytest.mark.parametrize(("intro", "sector"), [
    ("Bij verpleegkunde", "zorg"),
    ("In mijn lessen elektrotechniek", "techniek"),
    ("Bij de opleiding tot kok", "horeca"),
    ("Bij boekhouden", "economie"),
    ("Bij software development", "ict"),
    ("In mijn lessen", GENERAL),
])
async def test_lees_meer_shows_the_example_of_the_teachers_sector(
        bot_server: BotServer, intro: str, sector: str) -> None:
    text = LESSON.format(intro=intro)
    assert detect_sector(text) == sector
    content = await say(bot_server, text)
    assert card_text(content).splitlines()[0].endswith(wording.VERDICT["blended"])
    details = card_text(more_card(content))
    card = load_knowledge().card(BLENDED_CARD_ID)
    fitting = card.example_for(sector)
    assert fitting.synchroon in details and fitting.asynchroon in details
    for other in {s for s in ("zorg", "techniek", "horeca", "economie", "ict") if s != sector}:
        assert card.example_for(other).synchroon not in details
