"""Typed data of the readiness check (``knowledge/readiness.yaml``), validated by pydantic.

The dimension ids, their order and their groups are fixed by ``shared/spec/readiness.md``;
this module is the single place that lists them. No platform SDK here: the dialog, the
renderers and the tests all read these plain models.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from knowledge.taxonomy import ALL_CARD_IDS, SOURCE_TITLES

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

#: The fixed dimension ids per group, in the order the check asks them.
GROUPS: dict[str, tuple[str, ...]] = {
    "eigen-onderwijs": ("flexibiliteit", "interactie", "ontwerpproces", "studentervaring"),
    "voorwaarden": (
        "ondersteuning",
        "strategie",
        "delen",
        "professionalisering",
        "kwaliteitszorg",
        "organisatie",
        "financiering",
        "faciliteiten",
    ),
}
DIMENSION_IDS: tuple[str, ...] = tuple(d for ids in GROUPS.values() for d in ids)
GROUP_OF: dict[str, str] = {d: g for g, ids in GROUPS.items() for d in ids}
LEVELS: tuple[int, ...] = (1, 2, 3, 4)
#: Card kinds a next step may link to.
LINK_PREFIXES: tuple[str, ...] = ("tip-", "advies-", "def-")


class Level(BaseModel):
    """One step of the four-step scale."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    value: Annotated[int, Field(ge=1, le=4)]
    label: Text
    description: Text
    synonyms: list[Text] = []
    """Extra words a teacher may type for this step (matched leniently)."""


class Unknown(BaseModel):
    """The 'weet ik niet' answer: allowed on every question, never scored."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: Text
    description: Text
    synonyms: list[Text] = []


class Group(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Text
    label: Text
    """As it reads in a sentence: 'je eigen onderwijs', 'de voorwaarden om je heen'."""
    plural: bool = False
    """Whether the label takes a plural verb ('de voorwaarden staan')."""


class Dimension(BaseModel):
    """One question of the check: a dimension with four concrete practices, one per level."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Text
    group: Text
    label: Text
    short_label: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                                  max_length=20)]
    """Axis label on the radar chart, and the name used in running text (lower case)."""
    question: Text
    options: Annotated[list[Text], Field(min_length=4, max_length=4)]
    """The practice that fits level 1, 2, 3 and 4, in that order."""
    next_step: Text
    cards: Annotated[list[Text], Field(min_length=1, max_length=3)]
    sources: Annotated[list[Text], Field(min_length=1)]

    @field_validator("cards")
    @classmethod
    def _known_cards(cls, cards: list[str]) -> list[str]:
        for card in cards:
            if not card.startswith(LINK_PREFIXES):
                raise ValueError(f"card '{card}' is not a tip-, advies- or def- card")
            if card not in ALL_CARD_IDS:
                raise ValueError(f"card '{card}' is not a known card id in the spec")
        if not any(card.startswith(("tip-", "advies-")) for card in cards):
            raise ValueError("link at least one tip- or advies- card")
        return cards

    @field_validator("sources")
    @classmethod
    def _known_sources(cls, sources: list[str]) -> list[str]:
        titles = set(SOURCE_TITLES.values())
        for source in sources:
            if source not in titles:
                raise ValueError(f"source '{source}' is not one of the source titles")
        return sources

    @model_validator(mode="after")
    def _fixed_id_and_group(self) -> Dimension:
        if self.id not in GROUP_OF:
            raise ValueError(
                f"id '{self.id}' is not a dimension of the spec (known: {', '.join(DIMENSION_IDS)})"
            )
        if self.group != GROUP_OF[self.id]:
            raise ValueError(f"dimension '{self.id}' belongs to group '{GROUP_OF[self.id]}'")
        return self

    def option(self, level: int) -> str:
        return self.options[level - 1]


class Readiness(BaseModel):
    """The whole check: scale, groups and the twelve questions in spec order."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    scale: Annotated[list[Level], Field(min_length=4, max_length=4)]
    unknown: Unknown
    groups: Annotated[list[Group], Field(min_length=2, max_length=2)]
    dimensions: Annotated[list[Dimension], Field(min_length=12, max_length=12)]

    @model_validator(mode="after")
    def _complete_and_ordered(self) -> Readiness:
        if tuple(level.value for level in self.scale) != LEVELS:
            raise ValueError("the scale must list levels 1, 2, 3 and 4 in that order")
        if tuple(g.id for g in self.groups) != tuple(GROUPS):
            raise ValueError(f"groups must be {', '.join(GROUPS)} in that order")
        ids = tuple(d.id for d in self.dimensions)
        if ids != DIMENSION_IDS:
            missing = [d for d in DIMENSION_IDS if d not in ids]
            extra = [d for d in ids if d not in DIMENSION_IDS]
            raise ValueError(
                "dimensions must be the twelve of the spec in spec order"
                + (f"; missing: {', '.join(missing)}" if missing else "")
                + (f"; unknown or double: {', '.join(extra)}" if extra else "")
                + f" (order: {', '.join(DIMENSION_IDS)})"
            )
        return self

    def dimension(self, dimension_id: str) -> Dimension:
        return self.dimensions[DIMENSION_IDS.index(dimension_id)]

    def level(self, value: int) -> Level:
        return self.scale[value - 1]

    def group(self, group_id: str) -> Group:
        return next(g for g in self.groups if g.id == group_id)


def missing_card_links(readiness: Readiness, card_ids: Iterable[str]) -> list[tuple[int, str]]:
    """(dimension index, message) for each linked card the knowledge base does not hold."""
    known = set(card_ids)
    return [
        (index, f"dimension '{dim.id}' links to card '{card}', which is not in the knowledge base")
        for index, dim in enumerate(readiness.dimensions)
        for card in dim.cards
        if card not in known
    ]
