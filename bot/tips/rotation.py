"""The fixed rotation of weekly tips, and ISO-week period keys (pure functions, no SDK).

Personal chats get the ten toolkit tips and the five school recommendations (two tips, then
one piece of advice). Group conversations (team channels and group chats) get the same items
with a misconception's discussion statement ("stelling van de week") every other week.
A subscription's ``rotation`` counter is the number of tips it has had; the item for the
next week is ``rotation_for(audience, cards)[rotation % len]``, so everyone sees every item
once before anything repeats.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from knowledge.models import Card
from knowledge.taxonomy import ADVICE_ORDER, MISCONCEPTION_ORDER, TIP_ORDER

DEFAULT_TIMEZONE = "Europe/Amsterdam"

STELLING_SEPARATOR = "#"


class Audience(StrEnum):
    PERSONAL = "personal"
    GROUP = "group"


class TipKind(StrEnum):
    TIP = "tip"
    ADVICE = "advice"
    STELLING = "stelling"


@dataclass(frozen=True)
class TipItem:
    """One week's content: a tip or advice card, or one stelling of a misconception card."""

    key: str
    """Stable id stored in ``deliveries.tip_id``: the card id, or ``<card id>#<n>``."""
    kind: TipKind
    card: Card
    stelling: str | None = None


def audience_for(conversation_type: str | None, is_group: bool | None = None) -> Audience:
    """Team channels and group chats are a group audience; everything else is personal."""
    if conversation_type in ("channel", "groupChat") or is_group:
        return Audience.GROUP
    return Audience.PERSONAL


def _personal_items(cards: Mapping[str, Card]) -> list[TipItem]:
    tips = [TipItem(i, TipKind.TIP, cards[i]) for i in TIP_ORDER if i in cards]
    advice = [TipItem(i, TipKind.ADVICE, cards[i]) for i in ADVICE_ORDER if i in cards]
    items: list[TipItem] = []
    while tips or advice:
        items.extend(tips[:2])
        del tips[:2]
        items.extend(advice[:1])
        del advice[:1]
    return items


def _stelling_items(cards: Mapping[str, Card]) -> list[TipItem]:
    items: list[TipItem] = []
    for card_id in MISCONCEPTION_ORDER:
        card = cards.get(card_id)
        if card is None:
            continue
        for n, text in enumerate(card.stellingen):
            key = f"{card_id}{STELLING_SEPARATOR}{n}"
            items.append(TipItem(key, TipKind.STELLING, card, text))
    return items


def rotation_for(audience: Audience, cards: Mapping[str, Card]) -> tuple[TipItem, ...]:
    """The full cycle for an audience; every item appears exactly once."""
    personal = _personal_items(cards)
    if audience is Audience.PERSONAL:
        return tuple(personal)
    stellingen = _stelling_items(cards)
    items: list[TipItem] = []
    for n in range(max(len(personal), len(stellingen))):
        if n < len(personal):
            items.append(personal[n])
        if n < len(stellingen):
            items.append(stellingen[n])
    return tuple(items)


def tip_for(rotation: int, audience: Audience, cards: Mapping[str, Card]) -> TipItem:
    """The item a subscription with this rotation counter gets next."""
    cycle = rotation_for(audience, cards)
    if not cycle:
        raise LookupError("no tip, advice or misconception cards are loaded")
    return cycle[rotation % len(cycle)]


def tip_by_key(key: str, cards: Mapping[str, Card]) -> TipItem:
    """Rebuild an item from its stored key (used to resend an interrupted delivery)."""
    card_id, _, index = key.partition(STELLING_SEPARATOR)
    card = cards.get(card_id)
    if card is None:
        raise LookupError(f"unknown tip card {card_id!r}")
    if index:
        n = int(index)
        if not 0 <= n < len(card.stellingen):
            raise LookupError(f"card {card_id!r} has no stelling {n}")
        return TipItem(key, TipKind.STELLING, card, card.stellingen[n])
    kind = TipKind.ADVICE if card.kind.value == "advice" else TipKind.TIP
    return TipItem(key, kind, card)


def period_key(at: datetime, timezone: str = DEFAULT_TIMEZONE) -> str:
    """ISO week of ``at`` in the tips' time zone, e.g. ``2026-W48`` (naive means UTC)."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=ZoneInfo("UTC"))
    year, week, _ = at.astimezone(ZoneInfo(timezone)).isocalendar()
    return f"{year}-W{week:02d}"
