"""Malformed ``composeExtension/query`` invokes: treated as an empty query.

Whatever junk arrives in ``parameters`` or ``queryOptions``, the DigiCoach gets the
most-asked cards (topped up with the core cards) and nothing is logged as an error.

Some shapes (``SDK_REJECTS``) would make the SDK's own deserialization raise
(``DeserializationError``), which is why ``BlendBot.on_invoke_activity`` hands the raw value
to ``search.on_query``; the parser itself is checked on all of them directly too.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest

from bot.digicoach.search import MAX_RESULTS, SEARCH_COMMAND_ID, SearchQuery, parse_query
from tests.harness import BotServer

ADAPTIVE = "application/vnd.microsoft.card.adaptive"

#: Malformed values the SDK passes on to our handler.
MALFORMED: dict[str, Any] = {
    "value_is_object": {"commandId": "searchCards",
                        "parameters": [{"name": "searchKeywords", "value": {"q": "hybride"}}]},
    "value_is_list": {"commandId": "searchCards",
                      "parameters": [{"name": "searchKeywords", "value": ["hybride"]}]},
    "value_is_null": {"commandId": "searchCards",
                      "parameters": [{"name": "searchKeywords", "value": None}]},
    "no_value_at_all": {"commandId": "searchCards", "parameters": [{"name": "searchKeywords"}]},
    "no_parameters": {"commandId": "searchCards"},
    "count_is_negative": {"commandId": "searchCards", "queryOptions": {"count": -4}},
    "no_command": {"parameters": [{"name": "searchKeywords", "value": None}]},
    "activity_value_is_null": None,
}
#: Malformed values the SDK's deserializer rejects before our handler runs.
SDK_REJECTS: dict[str, Any] = {
    "parameters_is_text": {"commandId": "searchCards", "parameters": "hybride",
                           "queryOptions": {"skip": 0, "count": 25}},
    "parameters_is_object": {"commandId": "searchCards",
                             "parameters": {"name": "searchKeywords", "value": "hybride"}},
    "parameter_not_an_object": {"commandId": "searchCards", "parameters": ["hybride", 3]},
    "query_options_is_text": {"commandId": "searchCards", "queryOptions": "junk",
                              "parameters": [{"name": "initialRun", "value": "true"}]},
    "query_options_is_list": {"commandId": "searchCards", "queryOptions": [1, 2]},
    "count_is_text": {"commandId": "searchCards", "queryOptions": {"count": "veel"}},
    "activity_value_is_text": "hybride",
    "activity_value_is_list": [1, 2],
}
INITIAL_RUN = {"commandId": "searchCards", "parameters": [{"name": "initialRun", "value": "true"}]}
EMPTY = SearchQuery(command_id=SEARCH_COMMAND_ID, text="", limit=MAX_RESULTS)


def _card_ids(result: dict[str, Any]) -> list[str]:
    return [a["content"]["actions"][0]["url"].rsplit("/", 1)[1] for a in result["attachments"]]


async def _post_query(bot_server: BotServer, value: Any) -> dict[str, Any]:
    posted = await bot_server.post_activity("d", value=value)
    assert posted.status == 200, posted.text
    body = posted.json()
    assert body is not None, "no invoke response body"
    result = body["composeExtension"]
    assert result["type"] == "result"
    assert result["attachmentLayout"] == "list"
    return result


async def _assert_like_the_empty_query(
        bot_server: BotServer, value: Any, caplog: pytest.LogCaptureFixture) -> None:
    empty = await _post_query(bot_server, INITIAL_RUN)
    caplog.clear()
    caplog.set_level(logging.INFO)

    result = await _post_query(bot_server, value)

    assert result["attachments"], "no cards for a malformed query"
    assert all(a["contentType"] == ADAPTIVE for a in result["attachments"])
    assert _card_ids(result) == _card_ids(empty)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert "event=extension_query empty=True" in caplog.text
    assert bot_server.connector.activities == []  # the answer is the invoke response only


@pytest.mark.parametrize("value", list(MALFORMED.values()), ids=list(MALFORMED))
async def test_malformed_query_is_answered_like_an_empty_query(
        bot_server: BotServer, value: Any, caplog: pytest.LogCaptureFixture) -> None:
    await _assert_like_the_empty_query(bot_server, value, caplog)


@pytest.mark.parametrize("value", list(SDK_REJECTS.values()), ids=list(SDK_REJECTS))
async def test_value_the_sdk_rejects_is_answered_like_an_empty_query(
        bot_server: BotServer, value: Any, caplog: pytest.LogCaptureFixture) -> None:
    await _assert_like_the_empty_query(bot_server, value, caplog)


@pytest.mark.parametrize("value", [*MALFORMED.values(), *SDK_REJECTS.values()],
                         ids=[*MALFORMED, *SDK_REJECTS])
def test_parse_query_turns_junk_into_the_empty_query(value: Any) -> None:
    assert parse_query(value, max_chars=500) == EMPTY


def test_parse_query_keeps_what_is_well_formed() -> None:
    raw = {"commandId": "searchCards", "queryOptions": "junk",
           "parameters": ["junk", {"name": "initialRun", "value": "true"},
                          {"name": "searchKeywords", "value": ["x"]},
                          {"name": "searchKeywords", "value": "  hybride   leren "}]}
    assert parse_query(raw, max_chars=500) == SearchQuery(SEARCH_COMMAND_ID, "hybride leren",
                                                          MAX_RESULTS)
    assert parse_query(raw, max_chars=7).text == "hybride"
    numeric = {"commandId": "searchCards", "parameters": [{"name": "q", "value": 42}],
               "queryOptions": {"count": 3}}
    assert parse_query(numeric, max_chars=500) == SearchQuery(SEARCH_COMMAND_ID, "42", 3)
    other = {"commandId": "searchCmd", "parameters": [{"name": "q", "value": "x"}]}
    assert parse_query(other, max_chars=500).command_id == "searchCmd"
