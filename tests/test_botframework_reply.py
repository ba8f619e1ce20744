"""Activities are read and written by one cached msrest deserializer: the same Activity as
the SDK's own ``Activity.deserialize``, and outgoing cards are shared, not copied, when
``TurnContext`` copies an activity to fill in the conversation reference."""

from __future__ import annotations

import copy
import json

import pytest
from botbuilder.core import TurnContext
from botbuilder.schema import Activity

from bot.channels.botframework_reply import activity_of, card_of, to_activity
from bot.render.views import FollowUp, Help, Notice, Welcome
from bot.wire import outgoing
from tests.harness import fixture_names, load_fixture


def _canonical(activity: Activity) -> str:
    return json.dumps(activity.serialize(), sort_keys=True, default=str)


@pytest.mark.parametrize("name", fixture_names())
def test_every_teams_fixture_reads_as_the_sdk_reads_it(name: str) -> None:
    data = load_fixture(name)
    assert _canonical(activity_of(data)) == _canonical(Activity().deserialize(data))


def test_an_object_that_is_not_plain_json_takes_msrests_path() -> None:
    data = {**load_fixture(fixture_names()[0]), "value": {"n": float("nan")}}
    assert _canonical(activity_of(data)) == _canonical(Activity().deserialize(data))


@pytest.mark.parametrize("view", [Help(), Welcome(), FollowUp(key="online", ref="r1"),
                                  Notice("Kies", buttons=(("Ja", {"action": "x"}),))],
                         ids=lambda v: type(v).__name__)
def test_the_copy_the_sdk_sends_shares_the_card_and_is_the_same_message(view: object) -> None:
    activity = to_activity(view, "msteams")
    reference = TurnContext.get_conversation_reference(Activity().deserialize(
        load_fixture("b_personal_chat_message")))
    sent = TurnContext.apply_conversation_reference(copy.deepcopy(activity), reference)
    assert sent is not activity and activity.conversation is None  # the original is untouched
    assert sent.attachments[0] is activity.attachments[0]
    assert card_of(sent) == outgoing.card_of(outgoing.message_json(view, "msteams"))
    assert {k: v for k, v in sent.serialize().items()
            if k not in ("conversation", "from", "recipient", "channelId", "serviceUrl",
                         "replyToId", "locale")} == outgoing.message_json(view, "msteams")


@pytest.mark.parametrize("name", fixture_names())
def test_a_request_body_is_what_msrest_writes(name: str) -> None:
    """The adapter's serializer skips msrest's rebuilding of a model that is one already."""
    from msrest.serialization import Serializer

    from bot.channels.botframework_adapter import _FastSerializer

    models = Activity._infer_class_models()
    for activity in (activity_of(load_fixture(name)), to_activity(Help(), "msteams")):
        stock = Serializer(models)
        stock.client_side_validation = False
        fast = _FastSerializer(models)
        fast.client_side_validation = False
        assert json.dumps(fast.body(activity, "Activity"), sort_keys=True, default=str) == \
            json.dumps(stock.body(copy.deepcopy(activity), "Activity"), sort_keys=True,
                       default=str)
