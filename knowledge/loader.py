"""Load and validate the knowledge base: every card, tip and advice YAML file.

All problems are collected (not just the first) and reported as ``file:line: message``, so a
DigiCoach editing a card sees everything to fix in one run of ``blendbot knowledge check``.
The generic YAML helpers live in :mod:`knowledge.yaml_lines` and are re-exported here
(``read_yaml_with_lines``, ``validate_model``, ``Problem``, ``KnowledgeError``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from knowledge.models import Card, CardKind
from knowledge.readiness_model import Readiness, missing_card_links
from knowledge.taxonomy import (
    ADVICE_IDS,
    ALL_CARD_IDS,
    ANSWER_CARD_IDS,
    DEFINITION_IDS,
    MISCONCEPTION_IDS,
    TIP_IDS,
)
from knowledge.yaml_lines import (
    KnowledgeError,
    Locate,
    Problem,
    did_you_mean,
    display_path,
    read_yaml_with_lines,
    validate_model,
)

__all__ = [
    "CARD_DIRS",
    "PACKAGE_DIR",
    "READINESS_FILE",
    "KnowledgeBase",
    "KnowledgeError",
    "Locate",
    "Problem",
    "display_path",
    "load_knowledge",
    "read_yaml_with_lines",
    "validate_model",
]

PACKAGE_DIR = Path(__file__).resolve().parent
#: Sub-directories of a knowledge root that hold one card per ``<id>.yaml``.
CARD_DIRS: tuple[str, ...] = ("cards", "tips")
READINESS_FILE = "readiness.yaml"

_KIND_OF_ID: dict[str, CardKind] = {
    **dict.fromkeys(DEFINITION_IDS, CardKind.DEFINITION),
    **dict.fromkeys(MISCONCEPTION_IDS, CardKind.MISCONCEPTION),
    **dict.fromkeys(TIP_IDS, CardKind.TIP),
    **dict.fromkeys(ADVICE_IDS, CardKind.ADVICE),
}
_DIR_OF_KIND: dict[CardKind, str] = {
    CardKind.DEFINITION: "cards",
    CardKind.MISCONCEPTION: "cards",
    CardKind.TIP: "tips",
    CardKind.ADVICE: "tips",
}


@dataclass(frozen=True, eq=False)
class KnowledgeBase:
    """The validated cards. Immutable; ``fingerprint`` changes whenever any YAML byte does."""

    cards: Mapping[str, Card]
    fingerprint: str
    root: Path
    readiness: Readiness | None = None
    """The readiness check (``readiness.yaml``); None only for a root without that file."""

    def card(self, card_id: str) -> Card:
        try:
            return self.cards[card_id]
        except KeyError:
            raise KeyError(f"no card with id {card_id!r}") from None

    def of_kind(self, kind: CardKind | str) -> tuple[Card, ...]:
        wanted = CardKind(kind)
        return tuple(c for c in self.cards.values() if c.kind is wanted)

    def answer_cards(self) -> tuple[Card, ...]:
        """The cards the classifier may answer with (definitions and misconceptions)."""
        return tuple(c for c in self.cards.values() if c.id in ANSWER_CARD_IDS)

    def __contains__(self, card_id: object) -> bool:
        return card_id in self.cards

    def __len__(self) -> int:
        return len(self.cards)


# --------------------------------------------------------------------------- cards


def load_knowledge(root: Path | None = None) -> KnowledgeBase:
    """Read ``root/cards/*.yaml`` and ``root/tips/*.yaml``; raise :class:`KnowledgeError`."""
    root = Path(root) if root is not None else PACKAGE_DIR
    files = sorted(p for sub in CARD_DIRS for p in (root / sub).glob("*.yaml") if p.is_file())
    problems: list[Problem] = [
        Problem(display_path(p), 1, "card files must end in .yaml")
        for sub in CARD_DIRS
        for p in sorted((root / sub).glob("*.yml"))
    ]
    cards: dict[str, Card] = {}
    first_seen: dict[str, tuple[Path, int]] = {}
    for path in files:
        try:
            data, locate = read_yaml_with_lines(path)
        except KnowledgeError as exc:
            problems.extend(exc.problems)
            continue
        card, found = validate_model(Card, data, path, locate)
        # The loader reports unknown ids and id/kind mismatches itself (below), for every
        # file and with the id's line, so the model's whole-card id error would repeat it.
        problems.extend(p for p in found if not p.message.startswith("id '"))
        problems.extend(_check_identity(data, path, locate, first_seen))
        if card is not None:
            cards.setdefault(card.id, card)

    present = {p.stem for p in files} | set(first_seen)
    for card_id in sorted(ALL_CARD_IDS - present):
        expected = root / _DIR_OF_KIND[_KIND_OF_ID[card_id]] / f"{card_id}.yaml"
        problems.append(
            Problem(display_path(expected), 1, f"missing card: no file for spec id '{card_id}'")
        )
    readiness_path = root / READINESS_FILE
    readiness = None
    if readiness_path.is_file():
        readiness, found = _load_readiness(readiness_path, present)
        problems.extend(found)
        files = [*files, readiness_path]
    if problems:
        raise KnowledgeError(problems)
    return KnowledgeBase(
        cards=MappingProxyType(dict(sorted(cards.items()))),
        fingerprint=_fingerprint(root, files),
        root=root,
        readiness=readiness,
    )


def _load_readiness(path: Path, card_ids: Iterable[str]) -> tuple[Readiness | None, list[Problem]]:
    """The readiness questions, validated like the cards; linked cards must exist."""
    try:
        data, locate = read_yaml_with_lines(path)
    except KnowledgeError as exc:
        return None, list(exc.problems)
    readiness, problems = validate_model(Readiness, data, path, locate)
    if readiness is not None:
        problems += [Problem(display_path(path), locate(("dimensions", index, "cards")), message)
                     for index, message in missing_card_links(readiness, card_ids)]
    return (readiness if not problems else None), problems


def _check_identity(
    data: Any, path: Path, locate: Locate, first_seen: dict[str, tuple[Path, int]]
) -> list[Problem]:
    """Checks that need the spec or other files: id, kind, file name, duplicates, related."""
    if not isinstance(data, dict):
        return []
    shown = display_path(path)
    raw_id = data.get("id")
    card_id = raw_id.strip() if isinstance(raw_id, str) else ""
    line = locate(("id",))
    found: list[Problem] = []
    if card_id and card_id not in ALL_CARD_IDS:
        hint = did_you_mean(card_id, ALL_CARD_IDS)
        msg = f"id: unknown card id '{card_id}' (not in the spec" + (f"; {hint})" if hint else ")")
        found.append(Problem(shown, line, msg))
    elif card_id and data.get("kind") in set(CardKind) and data["kind"] != _KIND_OF_ID[card_id]:
        msg = (f"kind: '{data['kind']}' does not match id '{card_id}' "
               f"(expected '{_KIND_OF_ID[card_id].value}')")
        found.append(Problem(shown, locate(("kind",)), msg))
    if card_id and path.stem != card_id:
        msg = f"id: '{card_id}' does not match the file name {path.name}"
        found.append(Problem(shown, line, msg))
    if card_id in first_seen:
        other, other_line = display_path(first_seen[card_id][0]), first_seen[card_id][1]
        msg = f"id: duplicate id '{card_id}' (also in "
        found.append(Problem(shown, line, f"{msg}{other}:{other_line})"))
        found.append(Problem(other, other_line, f"{msg}{shown}:{line})"))
    elif card_id:
        first_seen[card_id] = (path, line)
    return found + _check_related(data.get("related"), card_id, shown, locate)


def _check_related(related: Any, card_id: str, shown: str, locate: Locate) -> list[Problem]:
    found: list[Problem] = []
    for index, target in enumerate(related if isinstance(related, list) else []):
        if not isinstance(target, str) or not target.strip():
            continue  # the model reports wrong types and empty entries
        target = target.strip()
        if target not in ALL_CARD_IDS:
            hint = did_you_mean(target, ALL_CARD_IDS)
            msg = f"unknown card id '{target}'" + (f" ({hint})" if hint else "")
        elif target == card_id:
            msg = "a card cannot be related to itself"
        else:
            continue
        found.append(Problem(shown, locate(("related", index)), f"related[{index}]: {msg}"))
    return found


def _fingerprint(root: Path, files: Sequence[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(files, key=lambda p: p.relative_to(root).as_posix()):
        name = path.relative_to(root).as_posix().encode()
        content = path.read_bytes()
        digest.update(len(name).to_bytes(8, "big") + name)
        digest.update(len(content).to_bytes(8, "big") + content)
    return digest.hexdigest()
