"""Keyword side of card search: each answer card's words (title, CARD_KEYWORDS, id), and a
typo-tolerant share of a query's words that match them."""

from __future__ import annotations

from typing import Any

from rapidfuzz import fuzz, process

from classifier import lexicon
from classifier.text import normalise, tokenize
from knowledge.taxonomy import ANSWER_CARD_IDS


def search_vocabulary(kb: Any) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for card_id in sorted(ANSWER_CARD_IDS):
        words: set[str] = set()
        card = kb.cards.get(card_id) if hasattr(kb, "cards") else None
        if card is not None:
            words.update(
                w for w in tokenize(normalise(card.title)) if len(w) >= 4 and w not in _GENERIC
            )
        for phrase in lexicon.CARD_KEYWORDS.get(card_id, ()):
            toks = tokenize(normalise(phrase))
            words.update(t for t in toks if len(t) >= 3)
            if len(toks) > 1:
                words.add("".join(toks))
        words.update(t for t in card_id.split("-")[1:] if len(t) >= 4 and t not in _GENERIC)
        out[card_id] = sorted(words)
    return out


#: Title words every card shares; they come back only where CARD_KEYWORDS lists them.
_GENERIC = frozenset({"blended", "blend", "leren", "wat", "hoe", "hoeveel", "jouw", "niet"})


def keyword_score(words: list[str], vocab: list[str]) -> float:
    """Share of the query's words that match a card word (typo-tolerant)."""
    hits = 0.0
    for word in words:
        best = process.extractOne(word, vocab, scorer=fuzz.ratio, score_cutoff=80)
        if best is not None:
            hits += best[1] / 100.0
    return hits / len(words)
