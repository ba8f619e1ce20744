"""Load and validate the knowledge base: every card, tip and advice YAML file.

All problems are collected (not just the first) and reported as ``file:line: message``, so a
DigiCoach editing a card sees everything to fix in one run of ``blendbot knowledge check``.
The YAML helpers (:func:`read_yaml_with_lines`, :func:`validate_model`) are generic, so other
YAML content (for example the readiness questions) is validated the same way.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar, get_args

import yaml
from pydantic import BaseModel, ValidationError

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

PACKAGE_DIR = Path(__file__).resolve().parent
#: Sub-directories of a knowledge root that hold one card per ``<id>.yaml``.
CARD_DIRS: tuple[str, ...] = ("cards", "tips")
READINESS_FILE = "readiness.yaml"

#: Maps a pydantic error location (field names and list indexes) to a 1-based line number.
Locate = Callable[[Sequence[str | int]], int]
M = TypeVar("M", bound=BaseModel)

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


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file; sorts by file, then line."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class KnowledgeError(Exception):
    """The knowledge base is broken; ``problems`` lists everything found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(sorted(set(problems)))
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


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


# --------------------------------------------------------------------------- YAML helpers


def display_path(path: Path) -> str:
    """``path`` relative to the current directory when it lies below it, else absolute."""
    cwd = Path.cwd()
    for candidate, base in ((path.absolute(), cwd), (path.resolve(), cwd.resolve())):
        try:
            return candidate.relative_to(base).as_posix()
        except ValueError:
            continue
    return str(path.absolute())


def read_yaml_with_lines(path: Path) -> tuple[Any, Locate]:
    """Parse one YAML document and return its data plus a location-to-line function.

    Raises :class:`KnowledgeError` for an unreadable file, broken YAML (with the parser's
    line) or a key that appears twice in one mapping (PyYAML would silently keep the last).
    """
    shown = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise KnowledgeError([Problem(shown, 1, f"not valid UTF-8 (byte {exc.start})")]) from None
    except OSError as exc:
        raise KnowledgeError([Problem(shown, 1, f"cannot read file: {exc.strerror}")]) from None

    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        duplicates = _duplicate_keys(node)
        if duplicates:
            raise KnowledgeError(
                Problem(shown, line, f"{key}: duplicate key") for line, key in duplicates
            )
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        raise KnowledgeError([_yaml_problem(shown, exc)]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML errors are normally marked
        raise KnowledgeError([Problem(shown, 1, f"invalid YAML: {exc}")]) from None
    finally:
        loader.dispose()
    return data, _locator(node)


def validate_model(
    model_cls: type[M], data: Any, path: Path, locate: Locate
) -> tuple[M | None, list[Problem]]:
    """Validate ``data`` as ``model_cls``; problems carry the YAML line of each error."""
    try:
        return model_cls.model_validate(data), []
    except ValidationError as exc:
        shown = display_path(path)
        problems: list[Problem] = []
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            message = _describe(err, model_cls)
            if loc:
                line = locate(loc)
                message = f"{_format_loc(loc)}: {message}"
            else:
                line = locate(_first_named_field(message, data))
            problems.append(Problem(shown, line, message))
        return None, problems


def _yaml_problem(shown: str, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else 1
    message = f"invalid YAML: {exc.problem or exc.context}"
    if exc.problem and exc.context and exc.context_mark is not None:
        message += f" ({exc.context} on line {exc.context_mark.line + 1})"
    return Problem(shown, line, message)


def _duplicate_keys(root: yaml.Node | None) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    stack = [root] if root is not None else []
    visited: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in visited:  # aliases may share (or even nest) nodes
            continue
        visited.add(id(node))
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value != "<<":
                    if key.value in seen:
                        found.append((key.start_mark.line + 1, key.value))
                    seen.add(key.value)
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return found


def _locator(root: yaml.Node | None) -> Locate:
    """Follow a location through the node tree.

    A found mapping key gives the key's line; a location that cannot be followed (a missing
    field) gives the start line of the deepest mapping or list that was reached.
    """

    def locate(loc: Sequence[str | int]) -> int:
        if root is None:
            return 1
        node, line = root, root.start_mark.line + 1
        for part in loc:
            child: yaml.Node | None = None
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                        child, line = value, key.start_mark.line + 1
            elif (
                isinstance(node, yaml.SequenceNode)
                and isinstance(part, int)
                and 0 <= part < len(node.value)
            ):
                child = node.value[part]
                line = child.start_mark.line + 1
            if child is None:
                return node.start_mark.line + 1
            node = child
        return line

    return locate


def _format_loc(loc: Sequence[str | int]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int) and out:
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _first_named_field(message: str, data: Any) -> tuple[str, ...]:
    """For a whole-object error, the first top-level field its message names (else none)."""
    if isinstance(data, dict):
        for word in re.findall(r"[A-Za-z_]+", message):
            if word in data:
                return (word,)
    return ()


def _describe(err: Mapping[str, Any], model_cls: type[BaseModel]) -> str:
    """A short developer-facing message for one pydantic error."""
    kind, ctx, value = err["type"], err.get("ctx") or {}, err.get("input")
    loc = tuple(err["loc"])
    if kind == "missing":
        return "missing required field"
    if kind == "extra_forbidden":
        hint = _did_you_mean(str(loc[-1]), _field_names(model_cls, loc[:-1]))
        return "unknown field" + (f" ({hint})" if hint else "")
    if kind in ("string_too_short", "too_short") and ctx.get("min_length") == 1:
        return "must not be empty"
    if kind == "string_type":
        if value is None:
            return "must not be empty"
        return f"must be text (got {value!r}; put it in quotes)"
    if kind == "list_type":
        return "must be a list"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "must be a mapping of fields" if loc else "expected a mapping of fields"
    if kind == "enum":
        return f"must be one of {ctx.get('expected')} (got {value!r})"
    if kind == "too_long" and "max_length" in ctx:
        return f"at most {ctx['max_length']} items (got {ctx.get('actual_length')})"
    if kind in ("value_error", "assertion_error") and "error" in ctx:
        return str(ctx["error"])
    return str(err["msg"])


def _did_you_mean(word: str, options: Iterable[str]) -> str:
    match = difflib.get_close_matches(word, sorted(options), n=1, cutoff=0.75)
    return f"did you mean '{match[0]}'?" if match else ""


def _field_names(model_cls: type[BaseModel], loc: Sequence[str | int]) -> list[str]:
    """Field names of the (nested) model at ``loc``, for 'did you mean' hints."""
    current: type[BaseModel] | None = model_cls
    for part in loc:
        if isinstance(part, int):
            continue  # a list index: the item model was already found in the annotation
        if current is None or part not in current.model_fields:
            return []
        current = _model_in(current.model_fields[part].annotation)
    return list(current.model_fields) if current is not None else []


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The first pydantic model in a type such as ``Example``, ``list[Item]``, ``X | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


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
        hint = _did_you_mean(card_id, ALL_CARD_IDS)
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
            hint = _did_you_mean(target, ALL_CARD_IDS)
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
