"""A view as the Bot Framework activity botbuilder sends: the protocol message that
:mod:`bot.wire.outgoing` writes (cards for Teams, Web Chat and the Emulator; Markdown with
``messageBack`` suggested actions for text-only channels), as an ``Activity``. Both Teams
adapters send exactly the same messages because they share that one writer.
"""

from __future__ import annotations

import json
from typing import Any

from botbuilder.schema import Activity, Attachment
from msrest.serialization import (
    _FLATTEN,
    Deserializer,
    _decode_attribute_map_key,
    rest_key_extractor,
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


def _plain_json(value: Any) -> bool:
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError):
        return False
    return True


class _FastDeserializer(Deserializer):
    """msrest ``Deserializer`` that takes plain JSON "object" values as they are.

    ``Activity.deserialize`` builds a deserializer over all ~150 schema classes on every
    call and then copies every node of an "object" attribute (an Adaptive Card in
    ``attachments[].content``, ``channelData``, ``value``) one by one; for data the C JSON
    encoder accepts the copy would be equal. The counterpart of the adapter's
    ``_FastSerializer``."""

    def __init__(self, classes: dict[str, type]) -> None:
        super().__init__(classes)
        self.key_extractors = [rest_key_extractor]  # JSON only: no XML lookups per field
        self._known: dict[int, frozenset[str]] = {}

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
        if type(attr) in (dict, list) and _plain_json(attr):
            return attr
        return super().deserialize_object(attr, **kwargs)


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
