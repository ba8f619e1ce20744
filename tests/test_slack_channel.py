"""Slack as a channel adapter of its own: payloads as our ``Turn``, the router inside the
conversation state, Slack's own replies and outbox, and what a failing turn says.

End to end where it matters (signed requests to the real app, the local Web API stand-in);
the routing outbox and the replies also on their own.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
import sqlalchemy as sa

from bot.channels.botframework_bot import BlendBot
from bot.channels.botframework_outbox import AdapterOutbox
from bot.core.address import Address
from bot.core.outbox import ChannelOutbox, CollectingOutbox
from bot.core.session import Session
from bot.keys import ADAPTER_KEY, SERVICES_KEY, SLACK_KEY
from bot.render import slack as slack_render
from bot.render import wording
from bot.render.views import Notice
from bot.router import Router
from bot.settings import Settings
from bot.slack.conversation import Kind
from bot.slack.replies import NOT_CONFIGURED, SlackOutbox, SlackReplies
from bot.slack.translate import event_turn
from bot.storage.bf_storage import EtagConflictError
from bot.storage.conversation_store import conversation_state_key
from bot.storage.schema import bot_state
from bot.tips.proactive import channel_outbox, proactive_outbox
from bot.tips.throttle import SendError
from bot.turn_errors import APOLOGY, CONFLICT_NOTICE
from tests.helpers_slack import (  # noqa: F401 - fixtures
    BOT_USER,
    CHANNEL,
    DM_CHANNEL,
    TEACHER,
    TEAM,
    SlackApiStandIn,
    SlackEnv,
    app_mention,
    direct_message,
    envelope,
    slack_api_fixture,
    slack_fixture,
    slack_settings,
    texts,
)

THREAD = "1515449483.000108"
SECRET_QUESTION = "Mijn geheime les over Zebra-didactiek"


def _address(channel: str, conversation_id: str) -> Address:
    return Address(channel=channel, conversation_id=conversation_id, conversation_type="channel")


def _text(post: dict[str, Any]) -> str:
    return texts(post.get("blocks") or []) or post.get("text", "")


# --- proactive posts: the routing outbox -----------------------------------------------------

async def test_the_channel_outbox_posts_each_address_through_its_channel() -> None:
    teams, slack = CollectingOutbox(), CollectingOutbox()
    outbox = ChannelOutbox(teams, {"slack": slack})
    to_slack = _address("slack", f"{TEAM}:{CHANNEL}")
    to_teams = _address("msteams", "19:chan@thread.tacv2")
    to_webchat = _address("webchat", "abc")
    for address in (to_slack, to_teams, to_webchat):
        await outbox.post(address, Notice("Hallo"))
    assert [a for a, _ in slack.posted] == [to_slack]
    assert [a for a, _ in teams.posted] == [to_teams, to_webchat]


async def test_without_slack_a_slack_address_fails_clearly_and_teams_still_posts() -> None:
    teams = CollectingOutbox()
    outbox = channel_outbox(teams, None)
    with pytest.raises(SendError) as failed:
        await outbox.post(_address("slack", f"{TEAM}:{CHANNEL}"), Notice("Hallo"))
    assert failed.value.reason == NOT_CONFIGURED
    await outbox.post(_address("msteams", "19:chan@thread.tacv2"), Notice("Hallo"))
    assert len(teams.posted) == 1


async def test_the_apps_outbox_sends_slack_to_the_web_api_at_top_level(slack: SlackEnv) -> None:
    outbox = proactive_outbox(slack.app)
    assert outbox.outbox_for("slack") is slack.app[SLACK_KEY].outbox
    teams = outbox.outbox_for("msteams")
    assert isinstance(teams, AdapterOutbox) and teams.adapter is slack.app[ADAPTER_KEY]
    await outbox.post(_address("slack", f"{TEAM}:{CHANNEL};messageid={THREAD}"),
                      Notice("Hallo"))
    [post] = slack.api.posts()
    assert post["channel"] == CHANNEL and "thread_ts" not in post  # an address has no thread
    assert post["text"] == "Hallo"


@pytest.mark.parametrize(("status", "body", "headers", "expected"), [
    (429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "7"}, (429, 7.0, False)),
    (200, {"ok": False, "error": "not_in_channel"}, {}, (404, None, True)),
    (200, {"ok": False, "error": "msg_too_long"}, {}, (400, None, False)),
], ids=["rate-limited", "gone", "refused"])
async def test_web_api_failures_become_the_tips_send_errors(
        slack: SlackEnv, status: int, body: dict[str, Any], headers: dict[str, str],
        expected: tuple[int, float | None, bool]) -> None:
    slack.api.fail_next("chat.postMessage", status, body, headers)
    outbox: SlackOutbox = slack.app[SLACK_KEY].outbox
    with pytest.raises(SendError) as failed:
        await outbox.post(_address("slack", f"{TEAM}:{CHANNEL}"), Notice("Hallo"))
    error = failed.value
    assert (error.status, error.retry_after, error.gone) == expected
    assert error.reason == f"slack {body['error']}"


async def test_stuur_tip_in_a_slack_channel_posts_the_tip_at_top_level(
        make_bot_server: Callable[..., Awaitable[Any]], settings: Settings,
        slack_api: SlackApiStandIn) -> None:
    server = await make_bot_server(settings=slack_settings(settings, slack_api.url,
                                                           digicoaches=TEACHER))
    slack = SlackEnv(server, slack_api)
    await slack.event(app_mention("tips aan", thread_ts=THREAD))
    before = len(slack.api.posts())
    await slack.event(app_mention("stuur tip", ts="1515449600.000001", thread_ts=THREAD))
    tip, answer = slack.api.posts()[before:]
    assert tip["channel"] == CHANNEL and "thread_ts" not in tip  # the session's outbox
    assert "van de week" in texts(tip["blocks"])
    assert answer["thread_ts"] == THREAD and "Verstuurd" in _text(answer)


# --- turns -----------------------------------------------------------------------------------

def test_a_mention_in_a_thread_is_taken_out_and_the_turn_belongs_to_the_thread() -> None:
    incoming = event_turn(app_mention("help", thread_ts=THREAD), BOT_USER, 4000)
    assert incoming is not None and incoming.kind is Kind.MESSAGE
    turn = incoming.turn
    assert turn.text == "help" and turn.mentioned and BOT_USER not in turn.text
    assert turn.thread_id == f"{TEAM}:{CHANNEL};messageid={THREAD}"
    assert turn.address.conversation_id == f"{TEAM}:{CHANNEL}"
    assert turn.conversation_key == f"slack:{TEAM}:{CHANNEL}"
    assert turn.address.user_id is None  # a channel keeps nobody's id
    assert incoming.where.thread_ts == THREAD


async def test_a_bare_mention_in_a_thread_is_greeted_in_that_thread(slack: SlackEnv) -> None:
    await slack.event(app_mention("", thread_ts=THREAD))
    [post] = slack.api.posts()
    assert post["channel"] == CHANNEL and post["thread_ts"] == THREAD
    assert slack_render.mrkdwn(wording.GREETING) in _text(post)  # no text once the mention is out


async def test_a_channel_event_without_the_bots_mention_is_ignored(slack: SlackEnv) -> None:
    payload = app_mention("help", thread_ts=THREAD)
    payload["event"]["text"] = "help <@U0SOMEONE>"
    assert (await slack.event(payload)).status == 200
    assert slack.api.calls == []


async def test_each_thread_keeps_its_state_under_the_old_keys(slack: SlackEnv) -> None:
    await slack.event(envelope({"type": "member_joined_channel", "user": BOT_USER,
                                "channel": CHANNEL, "channel_type": "C", "team": TEAM}))
    store = slack.app[SERVICES_KEY].conversations
    top = await store.load(conversation_state_key("slack", f"{TEAM}:{CHANNEL}"))
    assert top.to_document(), "the welcome is remembered in the channel's own row"
    thread = await store.load(conversation_state_key(
        "slack", f"{TEAM}:{CHANNEL};messageid={THREAD}"))
    assert thread.to_document() == {}


async def test_replace_tapped_without_a_tapped_message_is_false() -> None:
    class Poster:
        calls: list[str] = []

        async def update(self, *args: Any) -> None:
            self.calls.append("update")

    replies = SlackReplies(Poster(), None, reply_to_id=None)  # type: ignore[arg-type]
    assert replies.shows_cards
    assert await replies.replace_tapped(Notice("Bedankt")) is False
    assert Poster.calls == []


# --- failing turns ---------------------------------------------------------------------------

class FailingRouter(Router):
    """Fails a typed question (after answering it when ``answer_first``) or the welcome."""

    answer_first = False
    failure: type[Exception] = RuntimeError

    async def handle_text(self, session: Session, text: str) -> None:
        if self.answer_first:
            await session.replies.send(Notice("Eerste antwoord"))
            raise EtagConflictError("slack/conversations/x")
        raise self.failure(f"kapot bij {text}")

    async def welcome(self, session: Session) -> None:
        raise RuntimeError("welkom kapot")


async def _failing(make_bot_server: Callable[..., Awaitable[Any]], settings: Settings,
                   api: SlackApiStandIn, **router: Any) -> SlackEnv:
    def factory(services: Any) -> BlendBot:
        failing = FailingRouter(services)
        for name, value in router.items():
            setattr(failing, name, value)
        return BlendBot(services, failing)

    server = await make_bot_server(settings=slack_settings(settings, api.url),
                                   bot_factory=factory)
    return SlackEnv(server, api)


async def test_a_failing_turn_apologises_in_the_thread_and_logs_no_text(
        make_bot_server: Callable[..., Awaitable[Any]], settings: Settings,
        slack_api: SlackApiStandIn, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    slack = await _failing(make_bot_server, settings, slack_api)
    await slack.event(app_mention(SECRET_QUESTION, thread_ts=THREAD))
    [post] = slack.api.posts()
    assert post["text"] == APOLOGY and post["thread_ts"] == THREAD
    [record] = [r.getMessage() for r in caplog.records if "event=turn_error" in r.getMessage()]
    assert "turn=message" in record and "channel=slack" in record
    assert "Zebra" not in caplog.text


async def test_an_answered_turn_that_conflicts_gets_the_conflict_notice(
        make_bot_server: Callable[..., Awaitable[Any]], settings: Settings,
        slack_api: SlackApiStandIn) -> None:
    slack = await _failing(make_bot_server, settings, slack_api, answer_first=True)
    await slack.event(direct_message("een vraag"))
    assert [p["text"] for p in slack.api.posts()] == ["Eerste antwoord", CONFLICT_NOTICE]


async def test_a_failing_welcome_says_nothing(
        make_bot_server: Callable[..., Awaitable[Any]], settings: Settings,
        slack_api: SlackApiStandIn, caplog: pytest.LogCaptureFixture) -> None:
    slack = await _failing(make_bot_server, settings, slack_api)
    await slack.event(envelope({"type": "member_joined_channel", "user": BOT_USER,
                                "channel": CHANNEL, "channel_type": "C", "team": TEAM}))
    assert slack.api.calls == []
    assert "turn=welcome" in caplog.text


async def test_a_corrupt_state_is_cleared_and_the_next_message_works(slack: SlackEnv) -> None:
    key = conversation_state_key("slack", f"{TEAM}:{DM_CHANNEL}")
    async with slack.app[SERVICES_KEY].database.begin() as conn:
        await conn.execute(sa.insert(bot_state).values(
            key=key, document='{"DialogState": {"$t": "object", "cls": "os:system"}}',
            etag="x", updated_at=sa.func.now()))
    await slack.event(direct_message("help"))
    assert [p["text"] for p in slack.api.posts()] == [APOLOGY]
    async with slack.app[SERVICES_KEY].database.connect() as conn:
        rows = (await conn.execute(sa.select(bot_state.c.key, bot_state.c.document))).all()
    assert all("os:system" not in row.document for row in rows)
    await slack.event(direct_message("help"))
    assert wording.HELP_TITLE in texts(slack.api.posts()[-1]["blocks"])


# --- no Bot Framework ------------------------------------------------------------------------

def test_the_slack_channel_loads_no_bot_framework_sdk() -> None:
    code = ("import importlib, pkgutil, sys, bot.slack\n"
            "for m in pkgutil.iter_modules(bot.slack.__path__):\n"
            "    importlib.import_module('bot.slack.' + m.name)\n"
            "print(sorted({n.split('.')[0] for n in sys.modules}"
            " & {'botbuilder', 'botframework', 'msrest'}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, timeout=120)
    assert result.stdout.strip() == "[]"
