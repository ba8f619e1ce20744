"""The real cards: complete, citing only known sources, and short enough for a chat."""

from __future__ import annotations

import re

import pytest

from knowledge import KnowledgeBase, load_knowledge
from knowledge.loader import PACKAGE_DIR
from knowledge.models import CardKind
from knowledge.taxonomy import ADVICE_IDS, ALL_CARD_IDS, MISCONCEPTION_IDS, SOURCE_TITLES, TIP_IDS

TOOLKIT = SOURCE_TITLES["004"]
HANDREIKING = SOURCE_TITLES["003"]


def words(text: str) -> int:
    return len(re.findall(r"\w+", text))


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge()


def test_every_spec_id_has_exactly_one_card(kb: KnowledgeBase) -> None:
    assert set(kb.cards) == ALL_CARD_IDS


@pytest.mark.parametrize("card_id", sorted(ALL_CARD_IDS))
def test_card_cites_only_known_sources(kb: KnowledgeBase, card_id: str) -> None:
    sources = kb.card(card_id).sources
    assert set(sources) <= set(SOURCE_TITLES.values()), sources
    assert len(sources) == len(set(sources)), "a source is cited twice"


@pytest.mark.parametrize("card_id", sorted(ALL_CARD_IDS))
def test_card_has_two_different_examples(kb: KnowledgeBase, card_id: str) -> None:
    example = kb.card(card_id).example
    assert example.synchroon.strip() and example.asynchroon.strip()
    assert example.synchroon.strip() != example.asynchroon.strip()


@pytest.mark.parametrize("card_id", sorted(ALL_CARD_IDS))
def test_summary_is_short(kb: KnowledgeBase, card_id: str) -> None:
    assert words(kb.card(card_id).summary) <= 60


@pytest.mark.parametrize("card_id", sorted(ALL_CARD_IDS))
def test_misconception_fields_only_on_misconceptions(kb: KnowledgeBase, card_id: str) -> None:
    card = kb.card(card_id)
    if card_id in MISCONCEPTION_IDS:
        assert card.kind is CardKind.MISCONCEPTION
        assert card.verdict_hint and card.verdict_hint.strip()
        assert 1 <= len(card.stellingen) <= 2
    else:
        assert card.verdict_hint is None and card.stellingen == []


@pytest.mark.parametrize("card_id", sorted(ALL_CARD_IDS))
def test_related_cards_exist_and_are_not_the_card_itself(kb: KnowledgeBase, card_id: str) -> None:
    related = kb.card(card_id).related
    assert card_id not in related
    assert all(r in kb for r in related)
    assert len(related) == len(set(related))


@pytest.mark.parametrize("card_id", sorted(TIP_IDS | ADVICE_IDS))
def test_tips_and_advice_read_well_on_their_own(kb: KnowledgeBase, card_id: str) -> None:
    """Weekly broadcast content: a short title, a 40-110 word body, 1-3 links, the spec's source."""
    card = kb.card(card_id)
    assert words(card.title) <= 6
    assert 40 <= words(card.body) <= 110
    assert 1 <= len(card.related) <= 3
    expected = TOOLKIT if card_id in TIP_IDS else HANDREIKING
    assert expected in card.sources
    assert (PACKAGE_DIR / "tips" / f"{card_id}.yaml").is_file()


def test_answer_cards_live_in_cards_dir() -> None:
    for card_id in ALL_CARD_IDS - TIP_IDS - ADVICE_IDS:
        assert (PACKAGE_DIR / "cards" / f"{card_id}.yaml").is_file(), card_id


def test_titles_are_unique(kb: KnowledgeBase) -> None:
    titles = [c.title.strip('"').lower() for c in kb.cards.values()]
    assert len(titles) == len(set(titles))
