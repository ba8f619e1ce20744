"""The real cards: complete, citing only known sources, and short enough for a chat."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from knowledge import KnowledgeBase, load_knowledge
from knowledge.loader import PACKAGE_DIR
from knowledge.models import SECTOR_EXAMPLE_CARD_IDS, CardKind, sentence_count
from knowledge.sectors import EXAMPLE_SECTORS, GENERAL, SECTORS, detect_sector
from knowledge.taxonomy import (
    ADVICE_IDS,
    ALL_CARD_IDS,
    BLENDED_CARD_ID,
    MISCONCEPTION_IDS,
    SOURCE_TITLES,
    TIP_IDS,
)

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


# --------------------------------------------------------------------------- sector examples

SEEDS = Path(__file__).parent / "fixtures" / "seeds"


def test_the_ten_cards_with_sector_examples() -> None:
    assert MISCONCEPTION_IDS | {BLENDED_CARD_ID} == SECTOR_EXAMPLE_CARD_IDS
    assert len(SECTOR_EXAMPLE_CARD_IDS) == 10


@pytest.mark.parametrize("card_id", sorted(SECTOR_EXAMPLE_CARD_IDS))
def test_card_has_an_example_for_all_six_sectors(kb: KnowledgeBase, card_id: str) -> None:
    card = kb.card(card_id)
    assert set(card.examples) == set(EXAMPLE_SECTORS)
    shown = {sector: card.example_for(sector) for sector in SECTORS}
    assert shown[GENERAL] == card.example
    texts = [text for ex in shown.values() for text in (ex.synchroon, ex.asynchroon)]
    assert len(set(texts)) == 12, "six different pairs, no example repeated"
    for example in shown.values():
        assert 12 <= words(example.synchroon) <= 60 and 12 <= words(example.asynchroon) <= 60


@pytest.mark.parametrize("card_id", sorted(SECTOR_EXAMPLE_CARD_IDS))
@pytest.mark.parametrize("sector", EXAMPLE_SECTORS)
def test_sector_example_is_a_lesson_of_that_sector(kb: KnowledgeBase, card_id: str,
                                                   sector: str) -> None:
    """The example names the sector well enough for the bot's own sector reading."""
    example = kb.card(card_id).example_for(sector)
    assert detect_sector(example.synchroon) == sector
    assert detect_sector(f"{example.synchroon} {example.asynchroon}") == sector


def test_example_for_an_unknown_sector_is_the_general_one(kb: KnowledgeBase) -> None:
    card = kb.card("mis-video")
    assert card.example_for("landbouw") == card.example
    assert card.example_for("") == card.example
    tip = kb.card("tip-verbind")  # no sector examples: always the general one
    assert tip.examples == {}
    assert all(tip.example_for(s) == tip.example for s in SECTORS)


# --------------------------------------------------------------------------- summaries

@pytest.mark.parametrize("card_id", sorted(ALL_CARD_IDS))
def test_summary_is_one_or_two_sentences(kb: KnowledgeBase, card_id: str) -> None:
    assert sentence_count(kb.card(card_id).summary) <= 2


def test_sentence_count() -> None:
    assert sentence_count("Nee. Technologie vervangt nooit een goede docent.") == 2
    assert sentence_count("Er is geen vast percentage: 30-79% heet 'blended'.") == 1
    assert sentence_count("Wat moeten ze kunnen? Kies dan! En evalueer...") == 3
    assert sentence_count("zonder punt") == 1


# --------------------------------------------------------------------------- own words

RUN = 12
#: Quoted text: "...", “...” and '...' (not the apostrophe of "duo's").
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|(?<!\w)'[^']*'(?!\w)")


def _words(text: str) -> list[str]:
    """Lower-case words; a word broken over a line with a hyphen is joined again."""
    text = re.sub(r"-\s*\n\s*", "", text)
    return re.findall(r"\w+", text.lower().replace("’", "'"))


def _runs(words_: list[str], n: int = RUN) -> set[tuple[str, ...]]:
    return {tuple(words_[i:i + n]) for i in range(len(words_) - n + 1)}


@pytest.fixture(scope="module")
def seed_runs() -> set[tuple[str, ...]]:
    files = sorted(SEEDS.glob("0*.txt"))
    if not files:
        pytest.skip(f"the source documents are not at {SEEDS}")
    return set().union(*(_runs(_words(p.read_text(encoding="utf-8"))) for p in files))


def _card_texts(card) -> dict[str, str]:
    texts = {"title": card.title, "summary": card.summary, "body": card.body,
             "verdict_hint": card.verdict_hint or ""}
    for name, example in [("example", card.example), *card.examples.items()]:
        texts[f"{name}.synchroon"] = example.synchroon
        texts[f"{name}.asynchroon"] = example.asynchroon
    return texts


@pytest.mark.parametrize("card_id", sorted(ALL_CARD_IDS))
def test_no_card_copies_a_run_of_twelve_words_from_the_sources(
        kb: KnowledgeBase, seed_runs: set[tuple[str, ...]], card_id: str) -> None:
    """Our own words: outside quotation marks (an attributed quote, a stelling) no run of
    twelve words is the same as in a source document."""
    copied = {}
    for field, text in _card_texts(kb.card(card_id)).items():
        own = _QUOTED.sub(" | ", text)
        hits = [" ".join(run) for run in _runs(_words(own)) if run in seed_runs]
        if hits:
            copied[field] = hits[0]
    assert not copied, copied


def test_the_run_check_finds_a_copied_sentence(seed_runs: set[tuple[str, ...]]) -> None:
    copied = ("Een student doet de ene keer een leeractiviteit online, en de andere keer "
              "fysiek. De ene keer synchroon, de andere keer asynchroon.")
    assert _runs(_words(copied)) & seed_runs
    assert not _runs(_words(_QUOTED.sub(" | ", f'Zoals de kaart zegt: "{copied}"'))) & seed_runs


CONVERSATION_CARD_IDS = ("mis-bezuiniging", "mis-noodonderwijs", "mis-ict-inzet",
                         "mis-iets-nieuws", "mis-hybride")
#: Spelling slips of the source that a quotation may correct.
_SOURCE_SLIPS = {"nieuws lms": "nieuw lms"}


@pytest.mark.parametrize("card_id", CONVERSATION_CARD_IDS)
def test_stellingen_quote_the_conversation_cards(kb: KnowledgeBase, card_id: str) -> None:
    path = SEEDS / "001_5dd61598f03c78a4.txt"
    if not path.is_file():
        pytest.skip(f"the source documents are not at {SEEDS}")
    source = " ".join(_words(path.read_text(encoding="utf-8")))
    for wrong, right in _SOURCE_SLIPS.items():
        source = source.replace(wrong, right)
    for stelling in kb.card(card_id).stellingen:
        assert " ".join(_words(stelling)) in source, stelling


def test_ict_stelling_keeps_who_complains(kb: KnowledgeBase) -> None:
    assert kb.card("mis-ict-inzet").stellingen[0].startswith('"De studenten klagen:')


@pytest.mark.parametrize(("card_id", "text"), [
    ("def-blended-onderwijs", "terechkomen"), ("tip-leerdoelen", "daar naartoe"),
    ("tip-didactiek", "haakt de helft af"), ("mis-afstandsleren", "Dat klopt als"),
])
def test_reported_slips_are_gone(kb: KnowledgeBase, card_id: str, text: str) -> None:
    card = kb.card(card_id)
    assert text not in " ".join(_card_texts(card).values()), text
