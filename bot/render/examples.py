"""The one place that picks which example of a card a teacher sees.

Every renderer that shows a card's synchronous and asynchronous example asks
``examples_for(card, text)``: the example of the sector the teacher's own words name
(zorg, techniek, economie, ICT, horeca), else the card's general example.
"""

from __future__ import annotations

from knowledge.models import Card, Example
from knowledge.sectors import GENERAL, detect_sector


def examples_for(card: Card, text: str | None = None) -> Example:
    """The example of ``card`` that best fits the teacher who wrote ``text``."""
    sector = detect_sector(text) if text else GENERAL
    return card.example_for(sector)
