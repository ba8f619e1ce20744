"""What a tip message says, whatever it is rendered as (no SDK, no renderer).

The weekly message has a heading, the tip (or a discussion statement), one line of
explanation, "Lees de hele kaart" (a link to ``{public_url}/kaarten/<id>``) and, for a
subscriber, a footer and "Afmelden". ``bot.render.adaptive``, ``bot.render.text`` and
``bot.render.slack`` each lay out these same parts for their target.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.render.views import Tip
from bot.render.wording import UNSUBSCRIBE
from bot.tips.rotation import TipKind

__all__ = ["FOOTER", "HEADING", "READ_MORE", "STELLING_PROMPT", "UNSUBSCRIBE",
           "TipParts", "card_url", "parts_of"]

READ_MORE = "Lees de hele kaart"
HEADING = {
    TipKind.TIP: "💡 Tip van de week",
    TipKind.ADVICE: "🧭 Advies van de week",
    TipKind.STELLING: "💬 Stelling van de week",
}
STELLING_PROMPT = "Eens of oneens? Bespreek het met je team."
FOOTER = "Je krijgt elke week één tip. Geen tips meer? Kies Afmelden of typ **tips uit**."


def card_url(public_url: str, card_id: str) -> str:
    return f"{public_url.rstrip('/')}/kaarten/{card_id}"


@dataclass(frozen=True, slots=True)
class TipParts:
    heading: str
    main: str  # Markdown, bold
    sub: str
    source: str  # "Uit de kaart ..." under a statement, else ""
    url: str
    footer: str  # below everything, subtle: the subscriber's footer or a hint, or ""


def parts_of(view: Tip) -> TipParts:
    """The parts of one tip message, in display order."""
    item = view.item
    if item.kind is TipKind.STELLING:
        main, sub = f"**{item.stelling}**", STELLING_PROMPT
        source = f"Uit de kaart {item.card.title}"
    else:
        main, sub, source = f"**{item.card.title}**", item.card.summary, ""
    footer = FOOTER if view.subscribed else view.hint
    return TipParts(HEADING[item.kind], main, sub, source,
                    card_url(view.public_url, item.card.id), footer)
