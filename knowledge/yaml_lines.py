"""YAML with line numbers, and pydantic validation that reports ``file:line: message``.

Generic helpers for every YAML the project validates (cards, tips, advice, the readiness
questions): :func:`read_yaml_with_lines` parses one document and maps a field location to its
line; :func:`validate_model` turns pydantic errors into short :class:`Problem` lines.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, get_args

import yaml
from pydantic import BaseModel, ValidationError

#: Maps a pydantic error location (field names and list indexes) to a 1-based line number.
Locate = Callable[[Sequence[str | int]], int]
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file; sorts by file, then line."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class KnowledgeError(Exception):
    """The knowledge base (or another validated YAML file) is broken; ``problems`` lists all."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(sorted(set(problems)))
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


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
            if loc and loc[-1] == _KEY:  # a bad mapping key: point at the key itself
                loc = loc[:-1]
                message = _describe_key(err)
            else:
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


#: The last part of a pydantic location that names a dict key rather than its value.
_KEY = "[key]"


def _describe_key(err: Mapping[str, Any]) -> str:
    """'unknown key' with the allowed keys and a 'did you mean' hint."""
    value, expected = err.get("input"), (err.get("ctx") or {}).get("expected")
    if err["type"] != "literal_error" or not isinstance(value, str) or not expected:
        return str(err["msg"])
    options = re.findall(r"'([^']*)'", str(expected))
    hint = did_you_mean(value, options)
    return f"unknown key (expected {expected}" + (f"; {hint})" if hint else ")")


def _describe(err: Mapping[str, Any], model_cls: type[BaseModel]) -> str:
    """A short developer-facing message for one pydantic error."""
    kind, ctx, value = err["type"], err.get("ctx") or {}, err.get("input")
    loc = tuple(err["loc"])
    if kind == "missing":
        return "missing required field"
    if kind == "extra_forbidden":
        hint = did_you_mean(str(loc[-1]), _field_names(model_cls, loc[:-1]))
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


def did_you_mean(word: str, options: Iterable[str]) -> str:
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
