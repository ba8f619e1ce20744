"""A view as the Bot Framework activity botbuilder sends: the protocol message that
:mod:`bot.wire.outgoing` writes (cards for Teams, Web Chat and the Emulator; Markdown with
``messageBack`` suggested actions for text-only channels), as an ``Activity``. Both Teams
adapters send exactly the same messages because they share that one writer.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from botbuilder.schema import Activity, Attachment
from msrest.serialization import (
    _FLATTEN,
    Deserializer,
    Model,
    _decode_attribute_map_key,
    rest_key_extractor,
)

from bot.channels.botframework_json import (
    BASIC_TYPES,
    JSON_SCALARS,
    is_model_type,
    plain_json,
)
from bot.render.views import View
from bot.wire import outgoing


class SharedAttachment(Attachment):
    """An outgoing attachment that the SDK shares instead of copying.

    ``TurnContext.send_activities`` deep-copies every outgoing activity before it fills in
    the conversation reference, which copied the Adaptive Card node by node (about 1 ms per
    card). The reference only sets top-level fields; an attachment is built fresh for one
    message and never changed afterwards, so its copy is itself."""

    def __deepcopy__(self, memo: dict[int, Any]) -> SharedAttachment:
        return self


#: A planned attribute: (attribute, JSON key, kind, detail), the kind a basic type's
#: name, "object", or one of the kinds below.
_Read = tuple[str, str, str, Any]
_MODEL, _LIST, _DICT, _OTHER = "model", "list", "dict", "other"


class _FastDeserializer(Deserializer):
    """msrest ``Deserializer`` that takes plain JSON "object" values as they are, and
    reads each model class the way its plan says.

    ``Activity.deserialize`` builds a deserializer over all ~150 schema classes on every
    call and then copies every node of an "object" attribute (an Adaptive Card in
    ``attachments[].content``, ``channelData``, ``value``) one by one; for data the C JSON
    encoder accepts the copy would be equal. For every attribute msrest copies its
    description and looks up its type again; here each model class's attributes, keys
    and types are worked out once (not for polymorphic or flattened models, which keep
    msrest's path), values of the declared basic type are taken as they are, and
    anything else (dates, another type than declared) is msrest's to read. An error
    makes msrest read the whole model again, so it fails as msrest does. The counterpart
    of the adapter's ``_FastSerializer``."""

    def __init__(self, classes: dict[str, type]) -> None:
        super().__init__(classes)
        self.key_extractors = [rest_key_extractor]  # JSON only: no XML lookups per field
        self._known: dict[int, frozenset[str]] = {}
        self._plans: dict[type, list[_Read] | None] = {}

    def _build_additional_properties(self, attribute_map: dict[str, Any], data: Any) -> Any:
        """msrest's, with each model's known keys computed once instead of per object."""
        if not self.additional_properties_detection:
            return None
        if not isinstance(data, dict) or "additional_properties" in attribute_map:
            return super()._build_additional_properties(attribute_map, data)
        known = self._known.get(id(attribute_map))
        if known is None:
            known = self._known[id(attribute_map)] = frozenset(
                _decode_attribute_map_key(_FLATTEN.split(desc["key"])[0])
                for desc in attribute_map.values() if desc["key"] != "")
        return {key: data[key] for key in data.keys() - known}

    def deserialize_object(self, attr: Any, **kwargs: Any) -> Any:
        if type(attr) in (dict, list) and plain_json(attr):
            return attr
        return super().deserialize_object(attr, **kwargs)

    def _deserialize(self, target_obj: Any, data: Any) -> Any:
        if type(data) is dict:
            cls = self.dependencies.get(target_obj) if isinstance(target_obj, str) \
                else target_obj
            plan = self._plan(cls) if isinstance(cls, type) else None
            if plan is not None:
                try:
                    return self._planned(cls, plan, data)
                except Exception:  # noqa: BLE001 - msrest reads it again, failing its way
                    pass
        return super()._deserialize(target_obj, data)

    # ---- plans ------------------------------------------------------------------------------
    def _plan(self, cls: type) -> list[_Read] | None:
        if cls not in self._plans:
            self._plans[cls] = self._make_plan(cls)
        return self._plans[cls]

    def _make_plan(self, cls: type) -> list[_Read] | None:
        if not issubclass(cls, Model) or issubclass(cls, Enum) or cls.__dict__.get(
                "_subtype_map") or cls.is_xml_model():
            return None
        plan: list[_Read] = []
        for attr, desc in cls._attribute_map.items():
            if attr == "additional_properties" and desc["key"] == "":
                continue
            if "." in desc["key"]:
                return None
            plan.append((attr, desc["key"], *self._kind(desc["type"])))
        return plan

    def _kind(self, data_type: str) -> tuple[str, Any]:
        if data_type in BASIC_TYPES or data_type == "object":
            return data_type, BASIC_TYPES.get(data_type)
        if is_model_type(self.dependencies, data_type):
            return _MODEL, data_type
        inner = data_type[1:-1]
        if data_type[:1] + data_type[-1:] in ("[]", "{}") and inner:
            kind = self._kind(inner)
            if kind[0] != _OTHER:
                return (_LIST if data_type[0] == "[" else _DICT), (inner, kind)
        return _OTHER, data_type

    # ---- reading ----------------------------------------------------------------------------
    def _planned(self, cls: type, plan: list[_Read], data: dict[str, Any]) -> Any:
        attrs = {attr: self._value(data.get(key), kind, detail)
                 for attr, key, kind, detail in plan}
        return self._instantiate_model(
            cls, attrs, self._build_additional_properties(cls._attribute_map, data))

    def _value(self, raw: Any, kind: str, detail: Any) -> Any:
        if raw is None:
            return None
        if kind in BASIC_TYPES:
            return raw if type(raw) is detail else self.deserialize_data(raw, kind)
        if kind == "object":
            return raw if type(raw) in JSON_SCALARS else self.deserialize_data(raw, kind)
        if kind == _MODEL:
            return self._deserialize(detail, raw) if type(raw) is dict \
                else self.deserialize_data(raw, detail)
        if kind == _LIST and type(raw) is list:
            inner, (inner_kind, inner_detail) = detail
            return [self._value(item, inner_kind, inner_detail) for item in raw]
        if kind == _DICT and type(raw) is dict:
            inner, (inner_kind, inner_detail) = detail
            return {key: self._value(item, inner_kind, inner_detail)
                    for key, item in raw.items()}
        if kind in (_LIST, _DICT):
            return self.deserialize_data(raw, f"[{detail[0]}]" if kind == _LIST
                                         else f"{{{detail[0]}}}")
        return self.deserialize_data(raw, detail)


_DESERIALIZE = _FastDeserializer(Activity._infer_class_models())


def activity_of(data: dict[str, Any]) -> Activity:
    """The ``Activity`` of protocol JSON (an incoming request's or one of ours)."""
    return _DESERIALIZE("Activity", data)


def to_activity(view: View, channel_id: str | None) -> Activity:
    """The outgoing message activity for ``view`` on ``channel_id``."""
    activity = activity_of(outgoing.message_json(view, channel_id))
    for attachment in activity.attachments or ():
        attachment.__class__ = SharedAttachment  # same fields; only copying differs
    return activity


def card_of(activity: Activity) -> dict | None:
    """The Adaptive Card content of an outgoing activity, if it has one."""
    return outgoing.card_of(activity.serialize())


def card_reply(messages: list[Activity]) -> tuple[dict[str, Any] | None, list[Activity]]:
    """:func:`bot.wire.outgoing.card_reply` over activities: the card that replaces the
    clicked one, and the activities still to send (the same objects, in order)."""
    wire = [m.serialize() for m in messages]
    card, rest = outgoing.card_reply(wire)
    by_id = {id(w): m for w, m in zip(wire, messages, strict=True)}
    return card, [by_id[id(w)] for w in rest]
