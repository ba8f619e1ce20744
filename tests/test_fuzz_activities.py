"""Hypothesis: thousands of malformed and hostile activities over HTTP never get a 5xx.

The real app (real BlendBot, SQLite, connector stand-in) runs on its own event loop in a
thread, so Hypothesis can drive plain synchronous HTTP requests against it.
"""

from __future__ import annotations

import asyncio
import copy
import json
import os
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import pytest
import requests
from aiohttp import web
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app import create_app
from bot.channels.botframework_adapter import APOLOGY
from bot.services import open_services
from tests.harness import ConnectorStandIn, build_activity, fixture_names, make_settings

FIXTURES = [build_activity(name) for name in fixture_names()]
#: Examples per test; raise it for a deeper local run (BLENDBOT_FUZZ_EXAMPLES=20000).
EXAMPLES = int(os.environ.get("BLENDBOT_FUZZ_EXAMPLES", "1000"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.large_base_example])


class ThreadedBot:
    """Connector stand-in + real app on a private event loop in a daemon thread."""

    def __init__(self, settings: Any, kb: Any, classifier: Any) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.stack = AsyncExitStack()
        self.connector = ConnectorStandIn()
        self.url = self._call(self._start(settings, kb, classifier))
        self.http = requests.Session()

    def _call(self, coro: Any) -> Any:
        future: Future[Any] = asyncio.run_coroutine_threadsafe(coro, self.loop)
        return future.result(timeout=120)

    async def _start(self, settings: Any, kb: Any, classifier: Any) -> str:
        await self.connector.start()
        self.stack.push_async_callback(self.connector.close)
        services = await self.stack.enter_async_context(
            open_services(settings, knowledge=kb, classifier=classifier))
        runner = web.AppRunner(create_app(settings, services=services), access_log=None)
        await runner.setup()
        self.stack.push_async_callback(runner.cleanup)
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        return f"http://127.0.0.1:{runner.addresses[0][1]}/api/messages"

    def post(self, body: bytes, content_type: str = "application/json") -> int:
        response = self.http.post(self.url, data=body, headers={"Content-Type": content_type},
                                  timeout=60)
        return response.status_code

    def post_activity(self, activity: dict[str, Any]) -> int:
        body = json.dumps(activity, allow_nan=True).encode("utf-8", "surrogatepass")
        return self.post(body)

    def close(self) -> None:
        self.http.close()
        self._call(self.stack.aclose())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def threaded_bot(tmp_path_factory: pytest.TempPathFactory, classifier_cache_dir: Path,
                 kb: Any, classifier_model: Any) -> Iterator[ThreadedBot]:
    settings = make_settings(tmp_path_factory.mktemp("fuzz"), classifier_cache_dir)
    bot = ThreadedBot(settings, kb, classifier_model)
    try:
        yield bot
    finally:
        bot.close()


# ---- strategies ------------------------------------------------------------------------------
odd_text = st.one_of(
    st.text(st.characters(exclude_categories=()), max_size=300),  # incl. lone surrogates
    st.text(st.sampled_from("\u202e\u200b\u200d\ufeff\x00\x07\u0301é🎓<>&\"'\\/;:@#"),
            max_size=200),
    st.sampled_from(["<at>Blendbot</at>", "<at>", "</at> <at>", "<at><at>x</at>", "&lt;at&gt;",
                     "<script>alert(1)</script>", "{{value}}", "%s%n%x", "\r\n" * 50,
                     "vergeet mij", "tips aan", "check", "help"]),
    st.binary(max_size=300).map(lambda b: b.decode("latin-1")),
    st.integers(1000, 120_000).map(lambda n: "blended " * (n // 8)),
)
leaf = st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70),
                 st.floats(allow_nan=True, allow_infinity=True), odd_text)
junk = st.recursive(leaf, lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(max_size=12), inner, max_size=4), max_leaves=6)
activity_types = st.one_of(
    st.sampled_from(["message", "invoke", "event", "conversationUpdate", "messageReaction",
                     "installationUpdate", "typing", "endOfConversation", "messageUpdate",
                     "messageDelete", "contactRelationUpdate", "deleteUserData", "handoff",
                     "trace", "delay", "invokeResponse", "command", "suggestion", "Message",
                     "MESSAGE", " message"]),
    st.text(min_size=1, max_size=30))
invoke_names = st.one_of(
    st.sampled_from(["composeExtension/query", "composeExtension/submitAction",
                     "composeExtension/fetchTask", "composeExtension/selectItem",
                     "adaptiveCard/action", "task/fetch", "task/submit", "signin/verifyState",
                     "signin/tokenExchange", "fileConsent/invoke",
                     "actionableMessage/executeAction", "config/fetch", "tab/fetch",
                     "healthCheck", "application/search"]),
    st.text(max_size=30))
TOP_FIELDS = ["serviceUrl", "text", "value", "entities", "channelData", "from", "recipient",
              "conversation", "attachments", "id", "replyToId", "membersAdded", "membersRemoved",
              "locale",
              "timestamp", "localTimestamp", "textFormat", "channelId", "name", "deliveryMode",
              "reactionsAdded", "action", "speak", "inputHint", "summary", "label", "code",
              "relatesTo", "importance", "expiration", "valueType", "callerId", "listenFor"]


def _dict_nodes(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], dict]]:
    if isinstance(node, dict):
        yield path, node
        for key, child in node.items():
            yield from _dict_nodes(child, (*path, key))
    elif isinstance(node, list):
        for i, child in enumerate(node):
            yield from _dict_nodes(child, (*path, i))


CONNECTOR = "<connector>"  # replaced by the stand-in's URL unless a mutation changed it


@st.composite
def hostile_activities(draw: st.DrawFn) -> dict[str, Any]:
    activity = copy.deepcopy(draw(st.sampled_from(FIXTURES)))
    activity["serviceUrl"] = CONNECTOR
    for _ in range(draw(st.integers(0, 6))):
        operation = draw(st.sampled_from(
            ["set", "delete", "nested", "text", "type", "name", "value"]))
        if operation == "set":
            activity[draw(st.sampled_from(TOP_FIELDS) | st.text(max_size=8))] = draw(junk)
        elif operation == "delete" and activity:
            activity.pop(draw(st.sampled_from(sorted(activity))), None)
        elif operation == "nested":
            nodes = list(_dict_nodes(activity))
            _, node = draw(st.sampled_from(nodes))
            if node and draw(st.booleans()):
                node.pop(draw(st.sampled_from(sorted(node, key=str))))
            else:
                node[draw(st.sampled_from(sorted(node, key=str)) if node and draw(
                    st.booleans()) else st.text(max_size=8))] = draw(junk)
        elif operation == "text":
            activity["text"] = draw(odd_text)
        elif operation == "type":
            activity["type"] = draw(activity_types)
        elif operation == "name":
            activity["name"] = draw(invoke_names)
        elif operation == "value":
            activity["value"] = draw(junk | st.fixed_dictionaries(
                {"action": st.sampled_from(["feedback", "kaart", "check", "tips_aan",
                                            "help"]) | junk}, optional={"card": junk,
                                                                        "helpful": junk}))
    return activity


def _normal_answer_still_works(bot: ThreadedBot) -> None:
    bot.connector.clear()
    normal = build_activity("b_personal_chat_message", connector_url=bot.connector.url,
                            text="Is een online quiz na een fysieke les blended?",
                            id="after-fuzz-1")
    assert bot.post_activity(normal) == 200
    texts = [r.text for r in bot.connector.activities]
    assert texts, "no answer after the fuzzing"
    assert APOLOGY not in texts


# ---- tests -----------------------------------------------------------------------------------
@FUZZ
@given(activity=hostile_activities())
def test_hostile_activities_never_get_a_5xx(threaded_bot: ThreadedBot,
                                            activity: dict[str, Any]) -> None:
    if activity.get("serviceUrl") == CONNECTOR:
        activity["serviceUrl"] = threaded_bot.connector.url
    status = threaded_bot.post_activity(activity)
    assert status < 500, (status, activity)
    assert status in (200, 400, 413), status


@FUZZ
@given(body=st.one_of(st.binary(max_size=2000),
                      junk.map(lambda v: json.dumps(v, allow_nan=True).encode()),
                      st.text(max_size=500).map(str.encode)),
       content_type=st.sampled_from(["application/json", "application/json; charset=latin-1",
                                     "application/json; charset=nonsense", "text/plain", ""]))
def test_raw_junk_bodies_never_get_a_5xx(threaded_bot: ThreadedBot, body: bytes,
                                         content_type: str) -> None:
    status = threaded_bot.post(body, content_type)
    assert status in (200, 400, 413, 415), status


def test_a_normal_message_still_gets_an_answer_after_fuzzing(threaded_bot: ThreadedBot) -> None:
    _normal_answer_still_works(threaded_bot)
