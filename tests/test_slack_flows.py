"""Slack conversations end to end: the real app, the real router, a local Slack Web API.

A DM and an app_mention reach the same router as Teams messages; replies go back in the
thread they came from as Block Kit; button clicks come back as the Teams submits.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import sqlalchemy as sa

from bot.keys import SERVICES_KEY
from bot.render import actions, wording
from bot.settings import Settings
from bot.storage.schema import feedback
from tests.helpers_slack import (  # noqa: F401 - fixtures
    BOT_USER,
    CHANNEL,
    DM_CHANNEL,
    QUESTION,
    TOKEN,
    SlackApiStandIn,
    SlackEnv,
    app_mention,
    block_actions,
    buttons,
    direct_message,
    slack_api_fixture,
    slack_fixture,
    slack_settings,
    texts,
)


def _answer_post(slack: SlackEnv) -> dict[str, Any]:
    posts = slack.api.posts()
    assert posts, "the bot posted nothing"
    return posts[-1]


async def test_direct_message_gets_an_answer_card_in_the_dm(slack: SlackEnv) -> None:
    await slack.event(direct_message(QUESTION))
    post = _answer_post(slack)
    assert post["channel"] == DM_CHANNEL
    assert "thread_ts" not in post  # a DM is answered where the teacher wrote
    assert slack.api.calls[-1].token == TOKEN
    blocks = post["blocks"]
    assert blocks[0]["type"] == "header"
    sent = [value["action"] for _, value in buttons(blocks)]
    # the answer first; its explanation and sources behind "Lees meer"
    assert {actions.FEEDBACK, actions.MORE} <= set(sent) or actions.FOLLOW_UP in sent
    assert post["text"]  # notification fallback


async def test_app_mention_in_a_thread_is_answered_in_that_thread(slack: SlackEnv) -> None:
    await slack.event(app_mention("help", thread_ts="1515449483.000108"))
    post = _answer_post(slack)
    assert post["channel"] == CHANNEL
    assert post["thread_ts"] == "1515449483.000108"
    assert wording.HELP_TITLE in texts(post["blocks"])
    labels = [label for label, _ in buttons(post["blocks"])]
    assert wording.START_CHECK in labels


async def test_app_mention_outside_a_thread_starts_one_under_the_mention(
        slack: SlackEnv) -> None:
    await slack.event(app_mention(QUESTION, ts="1515449522.000016", thread_ts=None))
    post = _answer_post(slack)
    assert post["channel"] == CHANNEL
    assert post["thread_ts"] == "1515449522.000016"


async def test_own_and_other_bot_messages_are_ignored(slack: SlackEnv) -> None:
    own = direct_message("Welkom!")
    own["event"]["user"] = BOT_USER
    other = direct_message("Ik ben een andere bot")
    other["event"]["bot_id"] = "B999"
    edited = direct_message(QUESTION)
    edited["event"]["subtype"] = "message_changed"
    for payload in (own, other, edited):
        assert (await slack.event(payload)).status == 200
    assert slack.api.posts() == []


async def test_feedback_click_updates_the_card_and_is_stored(slack: SlackEnv) -> None:
    await slack.event(direct_message("Wat is blended leren?"))
    post = _answer_post(slack)
    clicks = [v for _, v in buttons(post["blocks"]) if v["action"] == actions.FEEDBACK]
    assert clicks, "answer card without feedback buttons"
    helpful = next(v for v in clicks if v["helpful"] is True)
    message_ts = "1700000001.000100"
    response = await slack.click(block_actions(helpful, message_ts=message_ts))
    assert response.status == 200
    updates = slack.api.posts("chat.update")
    assert len(updates) == 1
    assert updates[0]["ts"] == message_ts and updates[0]["channel"] == DM_CHANNEL
    assert wording.FEEDBACK_THANKS in texts(updates[0]["blocks"])
    assert not [v for _, v in buttons(updates[0]["blocks"]) if v["action"] == actions.FEEDBACK]
    async with slack.app[SERVICES_KEY].database.connect() as conn:
        rows = (await conn.execute(sa.select(feedback.c.card_id, feedback.c.helpful))).all()
    assert [(r.card_id, r.helpful) for r in rows] == [(helpful["card"], True)]


async def test_button_in_a_channel_thread_answers_in_that_thread(slack: SlackEnv) -> None:
    await slack.click(block_actions(actions.help_(), channel=CHANNEL,
                                    message_ts="1515449600.000200",
                                    thread_ts="1515449483.000108"))
    post = _answer_post(slack)
    assert post["channel"] == CHANNEL and post["thread_ts"] == "1515449483.000108"
    assert wording.HELP_TITLE in texts(post["blocks"])


async def test_unknown_button_value_gets_a_dutch_reply(slack: SlackEnv) -> None:
    await slack.click(block_actions("geen json"))
    post = _answer_post(slack)
    assert wording.UNKNOWN_BUTTON in post["text"] or wording.UNKNOWN_BUTTON in texts(
        post.get("blocks") or [])


def _with_readiness(services: Any) -> Any:
    """BlendBot with the readiness dialog (added here unless the router already has it);
    the Slack channel runs on the same router."""
    from bot.channels.botframework_bot import BlendBot
    from bot.router import READINESS_DIALOG
    from dialogs.readiness import readiness_dialog

    bot = BlendBot(services)
    if READINESS_DIALOG not in bot.router.dialogs:
        bot.router.add_dialog(readiness_dialog(services))
    return bot


async def test_readiness_check_works_with_buttons(
        make_bot_server: Callable[..., Awaitable[Any]], settings: Settings,
        slack_api: SlackApiStandIn) -> None:
    server = await make_bot_server(settings=slack_settings(settings, slack_api.url),
                                   bot_factory=_with_readiness)
    slack = SlackEnv(server, slack_api)
    await slack.click(block_actions(actions.start_check()))
    first = _answer_post(slack)
    options = buttons(first["blocks"])
    assert len(options) >= 5, texts(first["blocks"])
    level_one = options[0][1]
    await slack.click(block_actions(level_one, message_ts="1700000001.000100"))
    second = _answer_post(slack)
    assert second is not first
    assert texts(second["blocks"]) != texts(first["blocks"])
    assert "2" in texts(second["blocks"])  # "Vraag 2 van 12"


async def test_a_slack_api_error_does_not_break_the_app(slack: SlackEnv) -> None:
    slack.api.fail_next("chat.postMessage", 200, {"ok": False, "error": "not_in_channel"})
    assert (await slack.event(direct_message(QUESTION))).status == 200
    assert (await slack.event(direct_message("help"))).status == 200
    assert wording.HELP_TITLE in texts(_answer_post(slack)["blocks"])



async def test_weekly_tip_reaches_a_slack_channel_and_can_be_stopped(slack: SlackEnv) -> None:
    from bot.tips.build import delivery_for
    from bot.tips.proactive import proactive_outbox
    from bot.tips.subscriptions import SubscriptionRepository

    await slack.event(app_mention("tips aan", thread_ts="1515449483.000108"))
    services = slack.app[SERVICES_KEY]
    repository = SubscriptionRepository(services.database.engine)
    subscription = await repository.get(f"slack:T061EG9R6:{CHANNEL}")
    assert subscription is not None and subscription.active
    before = len(slack.api.posts())

    summary = await delivery_for(services, proactive_outbox(slack.app)).run()
    assert summary.sent == 1
    tip = slack.api.posts()[before]
    assert tip["channel"] == CHANNEL
    assert "thread_ts" not in tip  # a new post in the channel, not in the old thread
    values = [v for _, v in buttons(tip["blocks"])]
    assert {"action": "tips_off"} in values
    assert any("url" in e for b in tip["blocks"] if b["type"] == "actions"
               for e in b["elements"])  # "Lees de hele kaart" opens the card page

    await slack.click(block_actions({"action": "tips_off"}, channel=CHANNEL,
                                    message_ts="1700000009.000100"))
    ended = await repository.get(f"slack:T061EG9R6:{CHANNEL}")
    assert ended is not None and not ended.active
