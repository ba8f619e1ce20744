"""JSON encoding of Bot Framework state without pickle.

Why: botbuilder 4.17 persists state through jsonpickle (botbuilder-azure's Cosmos and Blob
storages call ``jsonpickle.pickler.Pickler().flatten`` / ``Unpickler().restore``). Restoring
jsonpickle documents can build any importable class. This codec writes plain JSON and only
rebuilds classes from an allow-list of module prefixes (the SDK and our own packages), which
covers what conversation and user state hold: ``DialogState`` / ``DialogInstance``,
``PromptOptions`` with msrest ``Activity`` objects, ``Choice``, enums, dataclasses and pydantic
models.

Encoded forms: JSON scalars, lists and str-keyed dicts stay as they are; anything else is an
object with a ``"$t"`` tag (``tuple``, ``set``, ``dict`` with non-str keys, ``datetime``,
``enum``, ``dataclass``, ``pydantic``, ``object`` ...).
"""

from __future__ import annotations

import base64
import dataclasses
import importlib
import json
import math
import uuid
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any

from pydantic import BaseModel

TAG = "$t"
MAX_DEPTH = 100
DEFAULT_ALLOWED_MODULES: tuple[str, ...] = (
    "botbuilder.",
    "botframework.",
    "bot.",
    "dialogs.",
    "knowledge.",
    "classifier.",
)


#: Classes of state written before the readiness check left botbuilder-dialogs: decoded as
#: their attribute dicts (see dialogs/legacy.py).
LEGACY_AS_DICT = frozenset({
    "botbuilder.dialogs.dialog_state:DialogState",
    "botbuilder.dialogs.dialog_instance:DialogInstance",
})


class StateCodecError(ValueError):
    """A value cannot be encoded, or a stored document cannot be decoded."""


class StateCodec:
    """Encode / decode state values to JSON text; see the module docstring."""

    def __init__(self, allowed_modules: Iterable[str] = DEFAULT_ALLOWED_MODULES, *,
                 legacy_as_dict: bool = False) -> None:
        self.allowed_modules = tuple(allowed_modules)
        #: Read the old waterfall's DialogState/DialogInstance as plain dicts (the bot
        #: does: it only takes the check over); off, they are rebuilt as SDK objects.
        self.legacy_as_dict = legacy_as_dict

    # ---- public API -------------------------------------------------------------------
    def dumps(self, value: Any) -> str:
        return json.dumps(self.to_jsonable(value), ensure_ascii=True, separators=(",", ":"))

    def loads(self, text: str) -> Any:
        try:
            data = json.loads(text)
        except (TypeError, ValueError) as exc:
            raise StateCodecError(f"stored state is not valid JSON: {exc}") from exc
        return self.from_jsonable(data)

    def to_jsonable(self, value: Any, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise StateCodecError("state is nested too deeply (or contains a cycle)")
        d = depth + 1
        if isinstance(value, Enum):  # first: IntEnum / StrEnum are ints / strs too
            return {TAG: "enum", "cls": self._class_name(type(value)),
                    "v": self.to_jsonable(value.value, d)}
        if value is None or isinstance(value, (str, bool)):
            return value
        if isinstance(value, int):
            return int(value)
        if isinstance(value, float):
            return value if math.isfinite(value) else {TAG: "float", "v": repr(value)}
        if isinstance(value, list):
            return [self.to_jsonable(v, d) for v in value]
        if isinstance(value, dict):
            if all(type(k) is str for k in value) and TAG not in value:
                return {k: self.to_jsonable(v, d) for k, v in value.items()}
            return {TAG: "dict",
                    "items": [[self.to_jsonable(k, d), self.to_jsonable(v, d)]
                              for k, v in value.items()]}
        if isinstance(value, tuple):
            items = [self.to_jsonable(v, d) for v in value]
            if type(value) is tuple:
                return {TAG: "tuple", "items": items}
            return {TAG: "namedtuple", "cls": self._class_name(type(value)), "items": items}
        if isinstance(value, (set, frozenset)):
            return {TAG: type(value).__name__ if type(value) in (set, frozenset) else "set",
                    "items": [self.to_jsonable(v, d) for v in value]}
        simple = _encode_simple(value)
        if simple is not None:
            return simple
        return self._encode_object(value, d)

    def from_jsonable(self, data: Any) -> Any:
        if isinstance(data, list):
            return [self.from_jsonable(v) for v in data]
        if not isinstance(data, dict):
            return data
        tag = data.get(TAG)
        if tag is None:
            return {k: self.from_jsonable(v) for k, v in data.items()}
        try:
            return self._decode_tagged(tag, data)
        except StateCodecError:
            raise
        except Exception as exc:  # malformed document: report, never half-decode
            raise StateCodecError(f"cannot decode {tag!r} value: {exc}") from exc

    # ---- objects ----------------------------------------------------------------------
    def _class_name(self, cls: type) -> str:
        module, qualname = cls.__module__, cls.__qualname__
        if "<locals>" in qualname or not self._module_allowed(module):
            raise StateCodecError(
                f"cannot store a {module}.{qualname} in bot state "
                f"(allowed: {', '.join(self.allowed_modules)}; or use plain dicts)"
            )
        return f"{module}:{qualname}"

    def _module_allowed(self, module: str) -> bool:
        return any(module == p.rstrip(".") or module.startswith(p) for p in self.allowed_modules)

    def _resolve(self, name: Any) -> type:
        if not isinstance(name, str) or ":" not in name:
            raise StateCodecError(f"bad class name {name!r}")
        module, qualname = name.split(":", 1)
        if not self._module_allowed(module):
            raise StateCodecError(f"class {name!r} is not allowed in bot state")
        obj: Any = importlib.import_module(module)
        for part in qualname.split("."):
            obj = getattr(obj, part)
        if not isinstance(obj, type):
            raise StateCodecError(f"{name!r} is not a class")
        return obj

    def _encode_object(self, value: Any, depth: int) -> dict[str, Any]:
        cls = type(value)
        name = self._class_name(cls)
        if isinstance(value, BaseModel):
            return {TAG: "pydantic", "cls": name,
                    "data": self.to_jsonable(value.model_dump(mode="python"), depth)}
        if dataclasses.is_dataclass(value):
            fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
            return {TAG: "dataclass", "cls": name, "fields": self.to_jsonable(fields, depth)}
        attrs = _object_attrs(value)
        if attrs is None:
            raise StateCodecError(f"cannot store a {cls.__module__}.{cls.__qualname__}")
        return {TAG: "object", "cls": name, "attrs": self.to_jsonable(attrs, depth)}

    def _decode_tagged(self, tag: str, data: dict[str, Any]) -> Any:
        if tag == "tuple":
            return tuple(self.from_jsonable(v) for v in data["items"])
        if tag in ("set", "frozenset"):
            items = (self.from_jsonable(v) for v in data["items"])
            return set(items) if tag == "set" else frozenset(items)
        if tag == "dict":
            return {self.from_jsonable(k): self.from_jsonable(v) for k, v in data["items"]}
        if tag in _SIMPLE_DECODERS:
            return _SIMPLE_DECODERS[tag](data["v"])
        if tag == "object" and self.legacy_as_dict and data.get("cls") in LEGACY_AS_DICT:
            # the old waterfall's stack: read as plain data, without loading the SDK part
            # that wrote it (botbuilder.dialogs costs ~19 MB; dialogs.legacy reads dicts)
            attrs = self.from_jsonable(data["attrs"])
            if not isinstance(attrs, dict):
                raise StateCodecError("object attributes must be a mapping")
            return attrs
        cls = self._resolve(data.get("cls"))
        if tag == "enum":
            return cls(self.from_jsonable(data["v"]))
        if tag == "namedtuple":
            return cls(*(self.from_jsonable(v) for v in data["items"]))
        if tag == "pydantic":
            return cls.model_validate(self.from_jsonable(data["data"]))
        if tag in ("dataclass", "object"):
            attrs = self.from_jsonable(data["fields" if tag == "dataclass" else "attrs"])
            if not isinstance(attrs, dict):
                raise StateCodecError("object attributes must be a mapping")
            obj = cls.__new__(cls)
            for key, val in attrs.items():
                object.__setattr__(obj, key, val)  # also works for frozen dataclasses
            return obj
        raise StateCodecError(f"unknown value tag {tag!r}")


def _object_attrs(value: Any) -> dict[str, Any] | None:
    attrs: dict[str, Any] = {}
    if hasattr(value, "__dict__"):
        attrs.update(vars(value))
    for klass in type(value).__mro__:
        for slot in getattr(klass, "__slots__", ()):
            if slot not in ("__dict__", "__weakref__") and hasattr(value, slot):
                attrs[slot] = getattr(value, slot)
    if not attrs and not hasattr(value, "__dict__"):
        return None
    return attrs


def _encode_simple(value: Any) -> dict[str, Any] | None:
    if isinstance(value, datetime):
        return {TAG: "datetime", "v": value.isoformat()}
    if isinstance(value, date):
        return {TAG: "date", "v": value.isoformat()}
    if isinstance(value, time):
        return {TAG: "time", "v": value.isoformat()}
    if isinstance(value, timedelta):
        return {TAG: "timedelta", "v": value.total_seconds()}
    if isinstance(value, Decimal):
        return {TAG: "decimal", "v": str(value)}
    if isinstance(value, uuid.UUID):
        return {TAG: "uuid", "v": str(value)}
    if isinstance(value, (bytes, bytearray)):
        return {TAG: "bytes", "v": base64.b64encode(bytes(value)).decode("ascii")}
    return None


_SIMPLE_DECODERS = {
    "float": float,
    "datetime": datetime.fromisoformat,
    "date": date.fromisoformat,
    "time": time.fromisoformat,
    "timedelta": lambda v: timedelta(seconds=v),
    "decimal": Decimal,
    "uuid": uuid.UUID,
    "bytes": lambda v: base64.b64decode(v.encode("ascii")),
}
