"""The planned msrest walks write and read exactly what msrest writes and reads.

``PlannedSerializer`` (the adapter's ``_FastSerializer``) and the reply module's
``_FastDeserializer`` skip msrest's per-attribute bookkeeping; for every Teams fixture,
outgoing replies, and malformed variants of both (wrong types, bad dates, lists where
dicts belong, tuples, str enums, non-str keys, NaN) the result, or the error's type and
message, must be msrest's own."""

from __future__ import annotations

import copy
import datetime
import enum
import itertools
import logging
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from botbuilder.schema import (
    Activity,
    ActivityTypes,
    Attachment,
    CardAction,
    ChannelAccount,
    ConversationAccount,
    Entity,
    Mention,
    SemanticAction,
    SuggestedActions,
    TextFormatTypes,
)
from msrest.serialization import Deserializer, Model, Serializer

from bot.channels.botframework_adapter import _FastSerializer
from bot.channels.botframework_json import PlannedSerializer, plain_json
from bot.channels.botframework_reply import _FastDeserializer, activity_of, to_activity
from bot.render.views import FollowUp, Help, Notice, Welcome
from tests.harness import fixture_names, load_fixture

MODELS = Activity._infer_class_models()
_ADDRESS = re.compile(r"0x[0-9a-f]+")


class _Colour(str, enum.Enum):  # noqa: UP042 - the mixin, not StrEnum (str() differs)
    RED = "red"


class _Level(enum.IntEnum):
    ONE = 1


def _shape(value: Any) -> Any:
    """``value`` with every type spelt out, dict order kept (``==`` ignores both)."""
    if isinstance(value, Model):
        fields = dict(vars(value))
        extra = fields.pop("additional_properties", None)
        if isinstance(extra, dict):  # msrest collects them through a set: any order
            extra = dict(sorted(extra.items()))
        return (type(value).__name__, [(k, _shape(v)) for k, v in sorted(fields.items())],
                _shape(extra))
    if isinstance(value, dict):
        return (type(value).__name__, [(_shape(k), _shape(v)) for k, v in value.items()])
    if isinstance(value, list | tuple):
        return (type(value).__name__, [_shape(v) for v in value])
    return (type(value).__name__, repr(value))


def _outcome(call: Callable[[], Any]) -> Any:
    try:
        return ("ok", _shape(call()))
    except Exception as error:  # noqa: BLE001 - the error is the outcome compared
        return ("error", type(error).__name__, _ADDRESS.sub("0x?", str(error)))


# ---- reading ------------------------------------------------------------------------------
def _paths(data: Any, prefix: tuple = ()) -> Iterator[tuple]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*prefix, key)
            yield from _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield (*prefix, index)
            yield from _paths(value, (*prefix, index))


def _replaced(data: Any, path: tuple, value: Any) -> Any:
    data = copy.deepcopy(data)
    node = data
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return data


_WRONG = [5, 1.5, -0.0, True, 0, "x", "", "not-a-date", "2026-13-45T99:99:99Z", [], ["x"],
          [5, None], {}, {"id": 5}, {"a": float("nan")}, None, [{"id": ["x"]}],
          {"key": "k", "value": "v"}, [{"key": "k", "value": "v"}]]


def _malformed() -> Iterator[tuple[str, Any]]:
    for name in fixture_names():
        data = load_fixture(name)
        for path, value in itertools.product(_paths(data), _WRONG):
            yield f"{name}:{'.'.join(map(str, path))}={value!r}", _replaced(data, path, value)
        for key in ("from", "conversation", "attachments", "entities", "timestamp",
                    "localTimestamp", "value", "channelData"):
            for value in _WRONG:
                yield f"{name}:+{key}={value!r}", {**data, key: value}


def _reads_alike(data: Any) -> None:
    fast = _FastDeserializer(MODELS)
    stock = Deserializer(MODELS)
    assert _outcome(lambda: fast("Activity", data)) == _outcome(lambda: stock("Activity", data))


@pytest.mark.parametrize("name", fixture_names())
def test_every_fixture_reads_as_msrest_reads_it(name: str) -> None:
    data = load_fixture(name)
    _reads_alike(data)
    assert _shape(activity_of(data)) == _shape(Deserializer(MODELS)("Activity", data))


def test_every_malformed_variant_reads_or_fails_as_msrest_does(
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR)  # msrest warns about dates without a zone, per call
    count = 0
    for label, data in _malformed():
        fast = _FastDeserializer(MODELS)
        stock = Deserializer(MODELS)
        got, want = (_outcome(lambda d=data, f=fast: f("Activity", d)),
                     _outcome(lambda d=data, s=stock: s("Activity", d)))
        assert got == want, label
        count += 1
    assert count > 2000


@pytest.mark.parametrize("data", [None, 5, "text", [], [{"type": "message"}], {},
                                  {"type": 5, "text": ["a"], "timestamp": 7},
                                  {"attachments": {"contentType": "x"}},
                                  {"entities": "mention"},
                                  {"channelData": ("tuple",)},
                                  {"value": {1: "int key"}},
                                  {"value": {"colour": _Colour.RED}},
                                  {"value": [_Level.ONE]},
                                  {"value": {"when": datetime.datetime(2026, 1, 1)}},
                                  {"semanticAction": {"entities": {"e": {"type": "x"}},
                                                      "state": "start"}},
                                  {"semanticAction": {"entities": [{"key": "e",
                                                                    "value": {"type": 1}}]}},
                                  {"membersAdded": [None, {"id": None}, "x"]},
                                  {"from": ChannelAccount(id="already a model")}],
                         ids=repr)
def test_odd_top_level_data_reads_or_fails_as_msrest_does(data: Any) -> None:
    _reads_alike(data)


def test_plain_json_is_only_what_msrest_would_copy_unchanged() -> None:
    assert plain_json({"a": [1, 2.5, True, None, "x", {"b": []}]})
    for odd in ({1: "a"}, {None: 1}, ("a",), {"a": ("b",)}, [_Colour.RED], {"n": _Level.ONE},
                [float("nan")], {"x": float("inf")}, {"d": datetime.date(2026, 1, 1)},
                {"m": ChannelAccount(id="x")}, {"s": {"a"}}):
        assert not plain_json(odd), odd
    cycle: dict[str, Any] = {}
    cycle["self"] = cycle
    assert not plain_json(cycle)


# ---- writing ------------------------------------------------------------------------------
_CARD = {"type": "AdaptiveCard", "version": "1.5",
         "body": [{"type": "TextBlock", "text": "Hé <at>Rido</at>", "wrap": True,
                   "size": None}],
         "actions": [{"type": "Action.Submit", "title": "Ja", "data": {"n": 1, "ok": False}}]}


def _replies() -> Iterator[tuple[str, Activity]]:
    for name in fixture_names():
        yield name, activity_of(load_fixture(name))
    for view in (Help(), Welcome(), FollowUp(key="online", ref="r1"),
                 Notice("Kies", buttons=(("Ja", {"action": "x"}),))):
        yield type(view).__name__, to_activity(view, "msteams")
    rido = ChannelAccount(id="29:1", name="Rido", aad_object_id="c5e9", role=None)
    yield "built", Activity(
        type=ActivityTypes.message, text="<at>Rido</at> hoi", text_format=TextFormatTypes.xml,
        from_property=ChannelAccount(id="28:bot", name="bot"), recipient=rido,
        conversation=ConversationAccount(id="a:1", is_group=True, conversation_type="channel",
                                         tenant_id="t"),
        timestamp=datetime.datetime(2026, 1, 7, 6, 4, 59, 890000, tzinfo=datetime.UTC),
        local_timestamp=datetime.datetime(
            2026, 1, 6, 22, 4, 59, tzinfo=datetime.timezone(datetime.timedelta(hours=-8))),
        attachments=[Attachment(content_type="application/vnd.microsoft.card.adaptive",
                                content=_CARD, name=None)],
        entities=[Mention(mentioned=rido, text="<at>Rido</at>", type="mention"),
                  Entity(type="clientInfo")],
        suggested_actions=SuggestedActions(to=["29:1"], actions=[
            CardAction(type="imBack", title="Ja", value={"a": [1, None]})]),
        semantic_action=SemanticAction(id="s", entities={"e": Entity(type="x")}, state="start"),
        channel_data={"tenant": {"id": "t"}, "notification": {"alert": True}},
        value={"action": "x", "n": 1.5}, members_added=[rido, None], locale="nl-NL")
    extra = activity_of(load_fixture(fixture_names()[0]))
    extra.additional_properties = {"type": "shadowed", "extra": {"x": 1}}
    extra.attachments = [Attachment(content_type="x", content=_CARD)]
    extra.attachments[0].additional_properties = {"contentType": "y", "z": [1]}
    yield "additional properties", extra


def _broken() -> Iterator[tuple[str, Activity]]:
    odd: dict[str, Any] = {
        "text": [5, ("x",), {"a": 1}, b"bytes", _Colour.RED, 1.5],
        "type": [_Colour.RED, ActivityTypes.message, 5],
        "from_property": [{"id": "x"}, "x", [ChannelAccount(id="x")], Attachment()],
        "attachments": [(Attachment(content="x"),), [None, Attachment()], "abc", [{"a": 1}],
                        Attachment(), [Attachment(content=("tuple",))],
                        [Attachment(content={1: "int key"})],
                        [Attachment(content={"c": _Colour.RED, "l": _Level.ONE})],
                        [Attachment(content={"nan": float("nan")})],
                        [Attachment(content=[ChannelAccount(id="model in json")])],
                        [Attachment(content=datetime.date(2026, 1, 1))]],
        "entities": [[{"type": "mention"}], [Entity(type=5)], {"type": "x"}],
        "timestamp": ["not a date", 5, datetime.datetime(2026, 1, 1),
                      datetime.date(2026, 1, 1), "2026-01-07T06:04:59.89Z"],
        "members_added": [(ChannelAccount(id="x"),), [ChannelAccount(id=["x"])], [5]],
        "history_disclosed": ["yes", 1, 0.0],
        "channel_data": [("a",), {None: 1}, {"n": _Level.ONE}, ChannelAccount(id="x"),
                         {"when": datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)}, 7],
        "semantic_action": [SemanticAction(entities=[Entity(type="x")]),
                            SemanticAction(entities={1: Entity(type="x"), "n": None}),
                            SemanticAction(entities={"e": {"type": "x"}})],
        "suggested_actions": [SuggestedActions(to="29:1"),
                              SuggestedActions(actions=[CardAction(value=("t",))])],
        "value": [{"k": {1, 2}}, [1, [2, (3,)]], float("inf"), b"raw"],
    }
    base = to_activity(Help(), "msteams")
    for attr, values in odd.items():
        for value in values:
            activity = copy.deepcopy(base)
            setattr(activity, attr, value)
            yield f"{attr}={value!r}", activity
    gone = copy.deepcopy(base)
    del gone.__dict__["text"]
    yield "missing attribute", gone


def _writers() -> tuple[Serializer, Serializer]:
    stock = Serializer(MODELS)
    planned = PlannedSerializer(MODELS)
    return stock, planned


def _writes_alike(label: str, activity: Activity, *, validate: bool) -> None:
    stock, planned = _writers()
    fast = _FastSerializer(MODELS)
    for serializer in (stock, planned, fast):
        serializer.client_side_validation = validate
    want = _outcome(lambda: stock._serialize(copy.deepcopy(activity)))
    assert _outcome(lambda: planned._serialize(copy.deepcopy(activity))) == want, label
    want = _outcome(lambda: stock._serialize(copy.deepcopy(activity), is_xml=False))
    assert _outcome(lambda: planned._serialize(copy.deepcopy(activity), is_xml=False)) == \
        want, label
    want = _outcome(lambda: stock.body(copy.deepcopy(activity), "Activity"))
    assert _outcome(lambda: planned.body(copy.deepcopy(activity), "Activity")) == want, label
    if not validate:  # the adapter's body skips msrest's rebuilding of the model (on purpose)
        want = _outcome(lambda: stock._serialize(copy.deepcopy(activity), "Activity",
                                                 is_xml=False))
    assert _outcome(lambda: fast.body(copy.deepcopy(activity), "Activity")) == want, label


@pytest.mark.parametrize("validate", [False, True])
def test_replies_are_written_as_msrest_writes_them(validate: bool) -> None:
    for label, activity in _replies():
        _writes_alike(label, activity, validate=validate)
        stock, fast = Serializer(MODELS), _FastSerializer(MODELS)
        stock.client_side_validation = fast.client_side_validation = validate
        assert _outcome(lambda a=activity, f=fast: f.body(copy.deepcopy(a), "Activity")) == \
            _outcome(lambda a=activity, s=stock: s.body(copy.deepcopy(a), "Activity")), label


@pytest.mark.parametrize("validate", [False, True])
def test_broken_replies_are_written_or_refused_as_msrest_does(
        validate: bool, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR)
    for label, activity in _broken():
        _writes_alike(label, activity, validate=validate)


def test_the_planned_walk_is_taken_and_reused() -> None:
    planned = PlannedSerializer(MODELS)
    activity = to_activity(Help(), "msteams")
    planned.body(activity, "Activity")
    assert planned._plans[Activity] is not None
    assert planned._plans[type(activity.attachments[0])] is not None
    reader = _FastDeserializer(MODELS)
    reader("Activity", load_fixture(fixture_names()[0]))
    assert reader._plans[Activity] is not None


def test_other_key_transformers_and_keep_readonly_take_msrests_path() -> None:
    from msrest.serialization import attribute_transformer

    activity = to_activity(Help(), "msteams")
    stock, planned = _writers()
    for kwargs in ({"key_transformer": attribute_transformer}, {"keep_readonly": True},
                   {"basic_types_serializers": {"str": str.upper}}):
        assert _outcome(lambda k=kwargs: planned._serialize(activity, is_xml=False, **k)) == \
            _outcome(lambda k=kwargs: stock._serialize(activity, is_xml=False, **k))
    planned.key_transformer = stock.key_transformer = attribute_transformer
    assert _outcome(lambda: planned.body(activity, "Activity")) == \
        _outcome(lambda: stock.body(activity, "Activity"))


class _Open(Model):
    """A model with additional properties, as msrest declares them (the schema has none)."""

    _attribute_map = {
        "name": {"key": "name", "type": "str"},
        "additional_properties": {"key": "", "type": "{object}"},
        "kind": {"key": "kind", "type": "str"},
        "when": {"key": "when", "type": "iso-8601"},
        "child": {"key": "child", "type": "_Open"},
        "many": {"key": "many", "type": "{[int]}"},
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        for attr in ("name", "kind", "when", "child", "many"):
            setattr(self, attr, kwargs.get(attr))
        self.additional_properties = kwargs.get("additional_properties")


class _Flat(Model):
    _attribute_map = {"name": {"key": "properties.name", "type": "str"},
                      "dotted": {"key": "a\\.b", "type": "str"}}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.name = kwargs.get("name")
        self.dotted = kwargs.get("dotted")


class _ReadOnly(Model):
    _attribute_map = {"name": {"key": "name", "type": "str"},
                      "etag": {"key": "etag", "type": "str"}}
    _validation = {"etag": {"readonly": True}}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.name = kwargs.get("name")
        self.etag = None


_ODD_MODELS = {"_Open": _Open, "_Flat": _Flat, "_ReadOnly": _ReadOnly}


@pytest.mark.parametrize("model", [
    _Open(name="n", additional_properties={"name": "shadowed", "x": [1]}, kind="k"),
    _Open(name=None, additional_properties={"kind": {"a": 1}}, kind="k",
          when=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
          child=_Open(name=5, additional_properties={"child": 1}), many={"a": [1, None, "2"]}),
    _Open(when="yesterday"), _Open(many={"a": "not a list"}), _Open(child={"name": "dict"}),
    _Flat(name="n", dotted="d"), _ReadOnly(name="n"),
], ids=repr)
def test_additional_properties_flattening_and_readonly_write_as_msrest_writes(
        model: Model) -> None:
    if isinstance(model, _ReadOnly):
        model.etag = "read only: never written"
    stock, planned = Serializer(_ODD_MODELS), PlannedSerializer(_ODD_MODELS)
    assert _outcome(lambda: planned._serialize(copy.deepcopy(model), is_xml=False)) == \
        _outcome(lambda: stock._serialize(copy.deepcopy(model), is_xml=False))
    assert _outcome(lambda: planned.body(copy.deepcopy(model), type(model).__name__)) == \
        _outcome(lambda: stock.body(copy.deepcopy(model), type(model).__name__))


@pytest.mark.parametrize("data", [
    {"name": "n", "x": 1, "child": {"name": 2, "y": [1]}, "many": {"a": [1, "2", None]}},
    {"when": "2026-01-01T00:00:00Z", "many": [{"key": "a", "value": [1]}]},
    {"when": "nope"}, {"child": "nope"}, {"many": {"a": ["x"]}},
], ids=repr)
def test_additional_properties_read_as_msrest_reads_them(data: dict[str, Any]) -> None:
    for name in _ODD_MODELS:
        got = _outcome(lambda n=name: _FastDeserializer(_ODD_MODELS)(n, data))
        assert got == _outcome(lambda n=name: Deserializer(_ODD_MODELS)(n, data))
    flat = {"properties": {"name": "n"}, "a.b": "d"}
    assert _outcome(lambda: _FastDeserializer(_ODD_MODELS)("_Flat", flat)) == \
        _outcome(lambda: Deserializer(_ODD_MODELS)("_Flat", flat))


def test_values_of_another_type_than_declared_keep_the_planned_walk(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A str enum in ``type`` (as the SDK's own activities have), a number in ``text``:
    msrest converts that one value; the rest of the walk stays planned."""
    slow: list[str] = []
    stock_serialize = Serializer._serialize

    def counting(self: Serializer, target: Any, data_type: Any = None, **kwargs: Any) -> Any:
        if isinstance(target, Model):
            slow.append(type(target).__name__)
        return stock_serialize(self, target, data_type, **kwargs)

    monkeypatch.setattr(Serializer, "_serialize", counting)
    activity = to_activity(Help(), "msteams")
    activity.type = ActivityTypes.message
    activity.text_format = TextFormatTypes.markdown
    activity.attachments[0].name = 5
    activity.from_property = ChannelAccount(id=7, name="bot")
    activity.local_timestamp = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    written = PlannedSerializer(MODELS)._serialize(activity, is_xml=False)
    assert slow == []
    assert written["type"] == "message" and written["attachments"][0]["name"] == "5"
    assert written["from"] == {"id": "7", "name": "bot"}
    monkeypatch.undo()
    assert written == Serializer(MODELS)._serialize(copy.deepcopy(activity), is_xml=False)
