"""Typed card data: the single source of truth every renderer (Teams, Slack, terminal) reads.

Validation is done by pydantic: unknown fields are forbidden, texts may not be empty, and a
card's id must be one the fixed taxonomy (``../shared/spec/cards.md``) knows.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from knowledge.sectors import EXAMPLE_SECTORS, GENERAL, ExampleSector
from knowledge.taxonomy import (
    ADVICE_IDS,
    BLENDED_CARD_ID,
    DEFINITION_IDS,
    MISCONCEPTION_IDS,
    TIP_IDS,
)

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

#: Cards that must have an example for every sector: the blended verdict's card and the
#: misconception cards (the cards a verdict answers with).
SECTOR_EXAMPLE_CARD_IDS: frozenset[str] = frozenset({BLENDED_CARD_ID}) | MISCONCEPTION_IDS
#: A summary is the answer itself: one or two sentences.
MAX_SUMMARY_SENTENCES = 2
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")


class CardKind(StrEnum):
    DEFINITION = "definition"
    MISCONCEPTION = "misconception"
    TIP = "tip"
    ADVICE = "advice"


_IDS_BY_KIND: dict[CardKind, frozenset[str]] = {
    CardKind.DEFINITION: DEFINITION_IDS,
    CardKind.MISCONCEPTION: MISCONCEPTION_IDS,
    CardKind.TIP: TIP_IDS,
    CardKind.ADVICE: ADVICE_IDS,
}


class Example(BaseModel):
    """A synchronous and an asynchronous learning activity that fit the card."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    synchroon: Text
    asynchroon: Text


class Card(BaseModel):
    """One knowledge card, as written in ``knowledge/cards/<id>.yaml`` or ``knowledge/tips/``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Text
    kind: CardKind
    title: Text
    summary: Text
    body: Text
    example: Example
    examples: dict[ExampleSector, Example] = {}
    """Examples per sector (``knowledge.sectors.EXAMPLE_SECTORS``); ``example`` is the
    general one. Required for every sector on ``SECTOR_EXAMPLE_CARD_IDS``."""
    sources: Annotated[list[Text], Field(min_length=1)]
    verdict_hint: Text | None = None
    stellingen: Annotated[list[Text], Field(max_length=2)] = []
    related: list[Text] = []
    """Ids of cards worth reading next (shown as 'lees ook', used for next steps)."""

    @field_validator("summary")
    @classmethod
    def _one_or_two_sentences(cls, summary: str) -> str:
        count = sentence_count(summary)
        if count > MAX_SUMMARY_SENTENCES:
            raise ValueError(
                f"at most {MAX_SUMMARY_SENTENCES} sentences (found {count}); "
                "the explanation belongs in the body"
            )
        return summary

    @field_validator("examples", mode="before")
    @classmethod
    def _general_is_example(cls, examples: Any) -> Any:
        if isinstance(examples, dict) and GENERAL in examples:
            raise ValueError(f"'{GENERAL}' is the card's own `example`, not a sector here")
        return examples

    def example_for(self, sector: str) -> Example:
        """The example for ``sector`` where the card has one, else the general ``example``."""
        return self.examples.get(sector, self.example)  # type: ignore[call-overload]

    @model_validator(mode="after")
    def _check_kind_fields(self) -> Card:
        known = _IDS_BY_KIND[self.kind]
        if self.id not in known:
            raise ValueError(
                f"id '{self.id}' is not a known {self.kind.value} card id in the spec "
                f"(known: {', '.join(sorted(known))})"
            )
        if self.kind is CardKind.MISCONCEPTION:
            if self.verdict_hint is None:
                raise ValueError("a misconception card needs a verdict_hint")
            if not self.stellingen:
                raise ValueError("a misconception card needs one or two stellingen")
        elif self.verdict_hint is not None or self.stellingen:
            raise ValueError("verdict_hint and stellingen belong on misconception cards only")
        if self.id in SECTOR_EXAMPLE_CARD_IDS:
            missing = [s for s in EXAMPLE_SECTORS if s not in self.examples]
            if missing:
                raise ValueError(
                    f"examples: missing sector(s) {', '.join(missing)} (this card needs an "
                    f"example for each of {', '.join(EXAMPLE_SECTORS)})"
                )
        return self


def sentence_count(text: str) -> int:
    """Sentences in a short text: runs of . ! ? before a space or the end (so '30-79%' and
    'e-learning' do not end one); a text without an end mark is one sentence."""
    return max(1, len(_SENTENCE_END.findall(" ".join(text.split()))))
