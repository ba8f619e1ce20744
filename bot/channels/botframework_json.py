"""msrest's JSON serialization of Bot Framework models, with each model class's walk planned once.

msrest's ``Serializer._serialize`` visits every attribute of a model for every call: it
copies the attribute's description, splits its key, and raises and catches a
``ValueError`` for each attribute that is None (an outgoing ``Activity`` has ~40, most of
them None, and so do its ``ChannelAccount`` and ``ConversationAccount``). That was about
0.5 ms per reply. :class:`PlannedSerializer` computes per model class once which
attributes there are, under which JSON key and of which type, and then writes the same JSON
msrest writes: the same keys in the same order, values of the declared basic types as they
are, nested models the same way, plain JSON "object" values unchanged. Whatever it does not
plan for (XML models, flattened or read-only attributes, other key transformers) takes
msrest's own path, as does a value of another type (dates, enums) or of a type other
than the declared one, and any error makes msrest redo the
whole model, so failures read exactly as msrest's do.
"""

from __future__ import annotations

from enum import Enum
from math import isfinite
from typing import Any

from msrest.serialization import (
    _FLATTEN,
    Model,
    Serializer,
    _decode_attribute_map_key,
    full_restapi_key_transformer,
)

#: The basic types msrest writes as the value itself when it already has that type.
BASIC_TYPES: dict[str, type] = {"str": str, "int": int, "bool": bool, "float": float}
#: Values the JSON encoder writes as they are.
JSON_SCALARS = (str, int, float, bool)
#: kwargs of ``_serialize`` that change what it writes: such calls take msrest's path.
_CHANGING_KWARGS = frozenset({"key_transformer", "keep_readonly", "basic_types_serializers"})

_ADDITIONAL = "additional"
_MODEL = "model"
_OBJECT = "object"
_LIST = "list"
_DICT = "dict"
_SCALAR = "scalar"
_OTHER = "other"

#: (attribute, JSON key, kind, detail): detail is the Python type of a scalar, the msrest
#: type of a list's or dict's items, or the declared msrest type otherwise.
Step = tuple[str, str, str, Any]


def plain_json(value: Any) -> bool:
    """Whether ``value`` is plain JSON: dicts with str keys, lists, str, int, bool, finite
    floats and None, each of exactly that type, for which msrest's node-by-node copy would
    be equal. Not tuples, subclasses (a str ``Enum``), other keys or NaN: ``json.dumps``
    accepts those but msrest writes them otherwise (``str()`` of a tuple, "1" for the key
    1) or refuses them, so they take its path. A cycle or a nesting too deep for the
    interpreter is not plain either (msrest fails on it its own way)."""
    try:
        return _plain(value)
    except RecursionError:
        return False


def _plain(value: Any) -> bool:
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return True
    if kind is dict:  # loops, not all(): a generator per node is ~60% slower here
        for key, item in value.items():  # noqa: SIM110
            if type(key) is not str or not _plain(item):
                return False
        return True
    if kind is list:
        for item in value:  # noqa: SIM110
            if not _plain(item):
                return False
        return True
    return kind is float and isfinite(value)


def is_model_type(dependencies: dict[str, Any], data_type: str) -> bool:
    """Whether msrest's ``data_type`` names a model class (not an enum) of ``dependencies``."""
    cls = dependencies.get(data_type)
    return isinstance(cls, type) and issubclass(cls, Model) and not issubclass(cls, Enum)


class PlannedSerializer(Serializer):
    """msrest ``Serializer`` with planned model walks (see the module docstring) and plain
    JSON "object" values passed through (msrest would rebuild them node by node, checking
    each dict and list against all ~150 schema classes, for an identical result)."""

    def __init__(self, classes: dict[str, type] | None = None) -> None:
        super().__init__(classes)
        self._plans: dict[type, list[Step] | None] = {}

    def serialize_object(self, attr: Any, **kwargs: Any) -> Any:
        # Custom basic-type serializers (and XML's) apply to every scalar node: msrest's path.
        if (isinstance(attr, dict | list) and not kwargs.get("basic_types_serializers")
                and not kwargs.get("is_xml") and plain_json(attr)):
            return attr
        return super().serialize_object(attr, **kwargs)

    def _serialize(self, target_obj: Any, data_type: str | None = None, **kwargs: Any) -> Any:
        if (data_type is None and isinstance(target_obj, Model)
                and self.key_transformer is full_restapi_key_transformer
                and kwargs.get("is_xml") is False
                and _CHANGING_KWARGS.isdisjoint(kwargs)):
            plan = self._plan(type(target_obj))
            if plan is not None:
                try:
                    return self._planned(target_obj, plan, kwargs)
                except Exception:  # noqa: BLE001 - msrest redoes it and raises its own error
                    pass
        return super()._serialize(target_obj, data_type, **kwargs)

    # ---- plans --------------------------------------------------------------------------
    def _plan(self, cls: type) -> list[Step] | None:
        if cls in self._plans:
            return self._plans[cls]
        plan = self._plans[cls] = self._make_plan(cls)
        return plan

    def _make_plan(self, cls: type) -> list[Step] | None:
        if cls.is_xml_model():
            return None
        validation = getattr(cls, "_validation", None) or {}
        steps: list[Step] = []
        for attr, desc in cls._attribute_map.items():
            if validation.get(attr, {}).get("readonly", False):
                return None
            if attr == "additional_properties" and desc["key"] == "":
                steps.append((attr, "", _ADDITIONAL, None))
                continue
            keys = _FLATTEN.split(desc["key"])
            if len(keys) != 1 or "xml" in desc:
                return None
            step = self._step(attr, _decode_attribute_map_key(keys[0]), desc["type"])
            if step is None:
                return None
            steps.append(step)
        return steps

    def _step(self, attr: str, key: str, data_type: str) -> Step | None:
        if data_type in BASIC_TYPES:
            return attr, key, _SCALAR, BASIC_TYPES[data_type]
        if data_type == "object":
            return attr, key, _OBJECT, None
        if self._is_model(data_type):
            return attr, key, _MODEL, data_type
        inner = data_type[1:-1]
        if data_type[:1] + data_type[-1:] in ("[]", "{}") and (
                inner in BASIC_TYPES or inner == "object" or self._is_model(inner)):
            return attr, key, _LIST if data_type[0] == "[" else _DICT, inner
        return attr, key, _OTHER, data_type  # dates, enums, bytes...: msrest writes them

    def _is_model(self, data_type: str) -> bool:
        return is_model_type(self.dependencies, data_type)

    # ---- the walk -------------------------------------------------------------------------
    def _planned(self, target: Any, plan: list[Step], kwargs: dict[str, Any]) -> dict[str, Any]:
        serialized: dict[str, Any] = {}
        for attr, key, kind, detail in plan:
            if kind == _ADDITIONAL:
                if target.additional_properties is not None:
                    serialized.update(target.additional_properties)
                continue
            value = getattr(target, attr)
            if value is None:
                continue  # msrest: "No value for given attribute", skipped
            if key not in serialized:  # msrest keeps a key additional properties set
                serialized[key] = self._value(value, kind, detail, kwargs)
        return serialized

    def _value(self, value: Any, kind: str, detail: Any, kwargs: dict[str, Any]) -> Any:
        if kind == _SCALAR:
            return value if type(value) is detail else \
                self._fallback(value, detail.__name__, kwargs)
        if kind == _OBJECT:
            if type(value) in JSON_SCALARS:
                return value
            return self.serialize_object(value, **kwargs)
        if kind == _MODEL:
            return self._model(value, detail, kwargs)
        if kind == _OTHER:
            return self.serialize_data(value, detail, **kwargs)
        if kind == _LIST:
            if type(value) is not list:
                return self.serialize_data(value, f"[{detail}]", **kwargs)
            return [None if item is None else self._item(item, detail, kwargs)
                    for item in value]
        if type(value) is not dict:
            return self.serialize_data(value, f"{{{detail}}}", **kwargs)
        return {(key if type(key) is str else Serializer.serialize_unicode(key)):
                None if item is None else self._item(item, detail, kwargs)
                for key, item in value.items()}

    def _item(self, item: Any, data_type: str, kwargs: dict[str, Any]) -> Any:
        scalar = BASIC_TYPES.get(data_type)
        if scalar is not None:
            return item if type(item) is scalar else self._fallback(item, data_type, kwargs)
        if data_type == "object":
            return item if type(item) in JSON_SCALARS else self.serialize_object(item, **kwargs)
        return self._model(item, data_type, kwargs)

    def _model(self, value: Any, data_type: str, kwargs: dict[str, Any]) -> Any:
        if isinstance(value, Model):
            plan = self._plan(type(value))
            if plan is not None:
                return self._planned(value, plan, kwargs)
        return self.serialize_data(value, data_type, **kwargs)

    def _fallback(self, value: Any, data_type: str, kwargs: dict[str, Any]) -> Any:
        return self.serialize_data(value, data_type, **kwargs)
