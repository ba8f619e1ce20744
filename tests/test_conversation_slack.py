"""The everyday conversation is shared by Slack: the same handler behind the Events API and
block_actions, replies caught at a local Slack Web API stand-in."""

from __future__ import annotations

import sqlalchemy as sa

from bot.keys import SERVICES_KEY
from bot.render import actions
from bot.render import conversation_wording as cw
from bot.storage.schema import answer_events, feedback_comments
from tests.helpers_slack import (  # noqa: F401 - fixtures
    SlackEnv,
    block_actions,
    buttons,
    direct_message,
    slack_api_fixture,
    slack_fixture,
    texts,
)


def last_text(slack: SlackEnv) -> str:
    post = slack.api.posts()[-1]
    return texts(post.get("blocks") or []) or post.get("text", "")


async def _rows(slack: SlackEnv, table: sa.Table) -> int:
    async with slack.app[SERVICES_KEY].database.connect() as conn:
        return len((await conn.execute(sa.select(table.c.id))).all())


async def test_thanks_and_annoyance_in_a_slack_dm(slack: SlackEnv) -> None:
    await slack.event(direct_message("Dank je, dit helpt echt"))
    assert cw.THANKS.split("!")[0] in last_text(slack)
    await slack.event(direct_message("je snapt er niks van"))
    assert "Sorry, dat ging niet goed" in last_text(slack)
    assert await _rows(slack, answer_events) == 0


async def test_typed_ja_confirms_vergeet_mij_in_slack(slack: SlackEnv) -> None:
    await slack.event(direct_message("Ik gebruik Kahoot in de les om te oefenen, is dat blended?"))
    assert await _rows(slack, answer_events) == 1
    await slack.event(direct_message("vergeet mij"))
    await slack.event(direct_message("ja"))
    assert "Klaar. Ik heb alles over jou verwijderd" in last_text(slack)
    assert await _rows(slack, answer_events) == 0


async def test_thumbs_down_comment_kept_with_consent_in_slack(slack: SlackEnv) -> None:
    await slack.event(direct_message("Wat is blended leren?"))
    post = slack.api.posts()[-1]
    down = next(v for _, v in buttons(post["blocks"])
                if v["action"] == actions.FEEDBACK and v["helpful"] is False)
    await slack.click(block_actions(down, message_ts="1700000001.000100"))
    assert "Wat klopt er niet?" in last_text(slack)
    await slack.event(direct_message("Ik miste een voorbeeld uit de zorg"))
    assert "Mag ik je opmerking bewaren" in last_text(slack)
    keep = dict(buttons(slack.api.posts()[-1]["blocks"]))[cw.KEEP_YES_BUTTON]
    await slack.click(block_actions(keep))
    assert cw.KEPT in last_text(slack)
    assert await _rows(slack, feedback_comments) == 1


async def test_tip_in_slack(slack: SlackEnv) -> None:
    await slack.event(direct_message("tip"))
    assert "van de week" in last_text(slack)
