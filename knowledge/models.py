"""Typed card data: the single source of truth every renderer (Teams, Slack, terminal) reads.

Validation is done by pydantic: unknown fields are forbidden, texts may not be empty, and a
card's id must be one the fixed taxonomy (``../shared/spec/cards.md``) knows.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from knowledge.taxonomy import ADVICE_IDS, DEFINITION_IDS, MISCONCEPTION_IDS, TIP_IDS

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


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
    sources: Annotated[list[Text], Field(min_length=1)]
    verdict_hint: Text | None = None
    stellingen: Annotated[list[Text], Field(max_length=2)] = []
    related: list[Text] = []
    """Ids of cards worth reading next (shown as 'lees ook', used for next steps)."""

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
        return self
