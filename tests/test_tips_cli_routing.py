"""``blendbot tips send`` routes by channel like the scheduled run: a Teams subscription goes
to the Bot Connector stand-in, a Slack one to the Slack Web API stand-in."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.settings import load_settings
from bot.slack import translate
from bot.storage.database import Database
from bot.storage.schema import deliveries
from bot.tips.cli_send import send_tips, summary_lines
from bot.tips.subscriptions import SubscriptionRepository
from tests.helpers_slack import BOT_USER, CHANNEL, SECRET, TOKEN, SlackApiStandIn, app_mention
from tests.helpers_tips import ConnectorStandIn, connector_fixture, teams_address  # noqa: F401


@pytest.fixture
async def slack_api() -> AsyncIterator[SlackApiStandIn]:
    api = await SlackApiStandIn().start()
    try:
        yield api
    finally:
        await api.close()


async def subscribe_both(db_url: str, connector_url: str) -> None:
    """A Teams channel and a Slack channel, subscribed as the handler stores them."""
    db = Database(db_url)
    await db.migrate()
    try:
        repo = SubscriptionRepository(db.engine)
        await repo.subscribe(teams_address(1, connector_url, channel=True), tenant_id="tenant-a")
        slack_turn = translate.event_turn(app_mention("tips aan"), BOT_USER, 4000)
        assert slack_turn is not None
        await repo.subscribe(slack_turn.turn.address, tenant_id="T061EG9R6")
    finally:
        await db.dispose()


async def test_tips_send_delivers_to_teams_and_slack(
        tmp_path: Path, connector: ConnectorStandIn, slack_api: SlackApiStandIn) -> None:
    db_url = f"sqlite:///{tmp_path / 'tips.sqlite3'}"
    await subscribe_both(db_url, connector.url)
    settings = load_settings(
        _env_file=None, database_url=db_url, app_id="", app_password="",
        public_url="https://blendbot.test", slack_api_url=slack_api.url,
        SLACK_BOT_TOKEN=TOKEN, SLACK_SIGNING_SECRET=SECRET)
    lines: list[str] = []
    summary = await send_tips(settings, dry_run=False, echo=lines.append)

    assert (summary.sent, summary.failed_total) == (2, 0), summary_lines(summary)
    (teams_tip,) = connector.sent_to("19:chan1@thread.tacv2")
    assert teams_tip["attachments"][0]["contentType"] == "application/vnd.microsoft.card.adaptive"
    (slack_tip,) = slack_api.posts()
    assert slack_tip["channel"] == CHANNEL and "thread_ts" not in slack_tip
    assert slack_api.calls[0].token == TOKEN
    db = Database(db_url)
    try:
        async with db.connect() as conn:
            statuses = (await conn.execute(select(deliveries.c.status))).scalars().all()
    finally:
        await db.dispose()
    assert statuses == ["sent", "sent"]


async def test_without_slack_settings_slack_fails_clearly_and_teams_gets_its_tip(
        tmp_path: Path, connector: ConnectorStandIn, slack_api: SlackApiStandIn) -> None:
    db_url = f"sqlite:///{tmp_path / 'tips.sqlite3'}"
    await subscribe_both(db_url, connector.url)
    settings = load_settings(_env_file=None, database_url=db_url, app_id="",
                             SLACK_BOT_TOKEN="", SLACK_SIGNING_SECRET="")
    summary = await send_tips(settings, dry_run=False, echo=lambda _line: None)
    assert (summary.sent, summary.failed_total) == (1, 1)
    assert "Slack is not configured" in next(iter(summary.failed))
    assert len(connector.sent) == 1 and slack_api.calls == []
