"""A DigiCoach's "overzicht" is one view (InsightsReport) that each target renders from the
same parts: the numbers a Teams card shows are the numbers Slack and the terminal show."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot import insights
from bot.render import adaptive, slack, text
from bot.render.views import InsightsReport
from bot.storage.database import Database
from knowledge.loader import load_knowledge
from tests.helpers_digicoach import NOW, database, seed_known_events  # noqa: F401 - fixture

TITLES = {card_id: card.title for card_id, card in load_knowledge().cards.items()}
PAGE = "https://blendbot.test/insights"


@pytest.fixture
async def report(database: Database) -> InsightsReport:  # noqa: F811 - the fixture
    await seed_known_events(database)
    period = insights.Period(NOW - timedelta(days=30), NOW)
    data = await insights.collect(database.engine, period)
    return InsightsReport(data, TITLES, 30, PAGE)


def _slack_text(blocks: list[dict]) -> str:
    out = []
    for block in blocks:
        if isinstance(block.get("text"), dict):
            out.append(block["text"]["text"])
        out += [e.get("text", "") for e in block.get("elements", []) if isinstance(e, dict)]
    return "\n".join(str(x) for x in out)


async def test_every_target_shows_the_same_counts(report: InsightsReport) -> None:
    card = adaptive.render(report)
    facts = next(b for b in card["body"] if b["type"] == "FactSet")["facts"]
    top_title, top_value = facts[0]["title"], facts[0]["value"]
    assert top_value == "7× (2 met twijfel)"
    totals = "10 antwoorden, waarvan 40% met twijfel"
    plain = text.render(report).text
    blocks = slack.render(report)
    for shown in (plain, _slack_text(blocks)):
        assert totals in shown and top_title in shown and top_value in shown
        assert "Feedback: 2 behulpzaam, 2 niet behulpzaam." in shown
    assert blocks[0] == slack.header("Wat vragen docenten?")
    assert blocks[-1]["elements"][0]["url"] == PAGE  # a link, not a submit button
    assert f"Open het hele overzicht: {PAGE}" in plain


async def test_the_chart_is_an_image_on_teams_only(report: InsightsReport) -> None:
    card = adaptive.render(report)
    assert any(b["type"] == "Image" and b["url"].startswith("data:image/png")
               for b in card["body"])
    assert not any(b["type"] == "image" for b in slack.render(report))  # Slack wants a URL
    assert "data:image" not in text.render(report).text


async def test_no_page_means_no_link(report: InsightsReport) -> None:
    bare = InsightsReport(report.data, TITLES, 30, None)
    assert "actions" not in adaptive.render(bare)
    assert slack.render(bare)[-1]["type"] != "actions"
