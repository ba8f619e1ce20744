"""The messaging extension: search cards from the compose box and insert one into a post.

Each result is the full Adaptive Card (knowledge only, no submit buttons: whoever reads the
post should not press buttons meant for a conversation with the bot) with a thumbnail
preview (title, summary). An empty query (or Teams' ``initialRun``) lists the most asked
cards, topped up with the core cards.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot import insights
from bot.digicoach import wording as w
from bot.render import adaptive
from bot.render.views import Answer
from knowledge.models import Card, CardKind

if TYPE_CHECKING:
    from bot.services import BotServices

log = logging.getLogger(__name__)

SEARCH_COMMAND_ID = "searchCards"
MAX_RESULTS = 10
INITIAL_RUN = "initialRun"


@dataclass(frozen=True)
class SearchQuery:
    """What a ``composeExtension/query`` asks for, whatever shape its value had."""

    command_id: str
    text: str
    limit: int


@dataclass(frozen=True)
class SearchResult:
    """The cards a compose-box search found, each with its shareable Adaptive Card.

    A view of its own: the Teams edge turns it into the ``composeExtension`` response
    (``bot.channels.teams_compose``).
    """

    cards: tuple[Card, ...]
    shareable: tuple[dict[str, Any], ...]


def _field(obj: Any, json_key: str) -> Any:
    """A field of a raw JSON object; None for anything else."""
    return obj.get(json_key) if isinstance(obj, Mapping) else None


def query_text(query: Any, max_chars: int) -> str:
    """The typed search text ('' for the initial run, an empty box or a malformed query)."""
    parameters = _field(query, "parameters")
    for parameter in parameters if isinstance(parameters, list | tuple) else []:
        if _field(parameter, "name") == INITIAL_RUN:
            continue
        value = _field(parameter, "value")
        if isinstance(value, str | int | float):
            return " ".join(str(value).split())[:max_chars]
    return ""


def parse_query(query: Mapping[str, Any] | Any, max_chars: int) -> SearchQuery:
    """Total: any value (the invoke's raw JSON, None, junk) gives a query.

    Malformed parts count as absent, so junk becomes the empty query (the most asked cards).
    A missing ``commandId`` means our only command.
    """
    command = _field(query, "commandId")
    count = _field(_field(query, "queryOptions"), "count")
    limit = max(1, min(MAX_RESULTS, count if isinstance(count, int) and count > 0
                       else MAX_RESULTS))
    return SearchQuery(command_id=SEARCH_COMMAND_ID if command is None else str(command),
                       text=query_text(query, max_chars), limit=limit)


def share_url(public_url: str, card_id: str) -> str:
    return f"{public_url.rstrip('/')}/kaarten/{card_id}"


def shareable_card(card: Card, public_url: str) -> dict[str, Any]:
    """The answer card as a DigiCoach posts it: content plus a link to the public page."""
    content = adaptive.render(Answer(card=card, expanded=True))
    content["actions"] = [{"type": "Action.OpenUrl", "title": w.READ_MORE,
                           "url": share_url(public_url, card.id)}]
    return content


def _core_cards(services: BotServices) -> list[Card]:
    """Definitions first, then misconceptions: the cards worth showing without a query."""
    order = {CardKind.DEFINITION: 0, CardKind.MISCONCEPTION: 1}
    return sorted(services.knowledge.answer_cards(), key=lambda c: (order.get(c.kind, 2), c.id))


async def find_cards(services: BotServices, text: str, limit: int = MAX_RESULTS) -> list[Card]:
    kb = services.knowledge
    if text:
        hits = services.classifier.search(text, limit=limit)
        return [kb.cards[a.card] for a in hits if a.card in kb.cards]
    async with services.database.connect() as conn:
        asked = await insights.most_asked(conn, limit)
    cards = [kb.cards[i] for i in asked if i in kb.cards]
    for card in _core_cards(services):
        if len(cards) >= limit:
            break
        if card not in cards:
            cards.append(card)
    return cards


async def on_query(services: BotServices, query: Mapping[str, Any] | Any) -> SearchResult:
    """What a ``composeExtension/query`` finds: cards (possibly none).

    ``query`` is the raw invoke value; see :func:`parse_query`.
    """
    cards: list[Card] = []
    parsed = parse_query(query, services.settings.max_text_chars)
    if parsed.command_id == SEARCH_COMMAND_ID:
        text = parsed.text
        cards = await find_cards(services, text, parsed.limit)
        log.info("event=extension_query empty=%s results=%d chars=%d",
                 not text, len(cards), len(text))
    else:
        log.info("event=extension_query_unknown_command")
    public_url = services.settings.public_url
    return SearchResult(tuple(cards), tuple(shareable_card(c, public_url) for c in cards))
