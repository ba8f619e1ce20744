"""The weekly tip is one view (bot.render.views.Tip), rendered per target, and the delivery
run posts it through an Outbox of our own: no SDK between the rotation and the renderer."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.channels.botframework_reply import to_activity
from bot.core.outbox import CollectingOutbox
from bot.render import adaptive, slack, text
from bot.render.tip_cards import FOOTER, READ_MORE, UNSUBSCRIBE
from bot.render.views import Tip
from bot.settings import DeliverySettings
from bot.storage.database import Database
from bot.tips.delivery import TipDelivery
from bot.tips.rotation import Audience, TipKind, rotation_for
from bot.tips.subscriptions import SubscriptionRepository
from knowledge.loader import load_knowledge
from tests.helpers_tips import teams_address, tips_db_fixture  # noqa: F401 - fixture

CARDS = load_knowledge().cards
URL = "https://blendbot.test"
TIP = next(i for i in rotation_for(Audience.PERSONAL, CARDS) if i.kind is TipKind.TIP)
STELLING = next(i for i in rotation_for(Audience.GROUP, CARDS) if i.kind is TipKind.STELLING)
OFF = {"action": "tips_off"}


def _texts(card: dict) -> list[str]:
    return [b["text"] for b in card["body"] if b.get("type") == "TextBlock"]


def test_the_weekly_card_links_the_card_page_and_offers_afmelden() -> None:
    card = adaptive.render(Tip(TIP, URL))
    assert _texts(card)[1] == f"**{TIP.card.title}**" and FOOTER in _texts(card)
    assert [(a["type"], a["title"]) for a in card["actions"]] == [
        ("Action.OpenUrl", READ_MORE), ("Action.Execute", UNSUBSCRIBE)]
    assert card["actions"][0]["url"] == f"{URL}/kaarten/{TIP.card.id}"
    assert card["actions"][1]["data"] == OFF


def test_a_tip_asked_for_has_the_hint_instead_of_the_footer_and_no_afmelden() -> None:
    card = adaptive.render(Tip(TIP, URL, subscribed=False, hint="Typ **tips aan**."))
    assert FOOTER not in _texts(card) and _texts(card)[-1] == "Typ **tips aan**."
    assert [a["title"] for a in card["actions"]] == [READ_MORE]
    plain = text.render(Tip(TIP, URL, subscribed=False))
    assert FOOTER not in plain.text and plain.choices == []


def test_a_statement_names_the_card_it_comes_from_on_every_target() -> None:
    view = Tip(STELLING, URL)
    source = f"Uit de kaart {STELLING.card.title}"
    assert source in _texts(adaptive.render(view))
    assert source in text.render(view).text
    blocks = slack.render(view)
    assert any(b["type"] == "context" and source in b["elements"][0]["text"] for b in blocks)


def test_slack_gets_block_kit_from_the_view_itself() -> None:
    blocks = slack.render(Tip(TIP, URL))
    assert blocks[0] == slack.header("💡 Tip van de week")
    buttons = blocks[-1]["elements"]
    assert buttons[0]["url"] == f"{URL}/kaarten/{TIP.card.id}"
    assert buttons[1]["text"]["text"] == UNSUBSCRIBE
    assert buttons[1]["value"] == '{"action":"tips_off"}'


def test_text_channels_get_the_link_and_afmelden_as_suggested_actions() -> None:
    activity = to_activity(Tip(TIP, URL), "terminal")
    assert f"{READ_MORE}: {URL}/kaarten/{TIP.card.id}" in activity.text
    actions = activity.suggested_actions.actions
    assert [(a.type, a.title) for a in actions] == [("openUrl", READ_MORE),
                                                   ("messageBack", UNSUBSCRIBE)]
    assert actions[1].value == OFF
    teams = to_activity(Tip(TIP, URL), "msteams")
    assert teams.summary == "💡 Tip van de week"  # what a notification shows


async def test_the_run_posts_one_tip_view_per_subscriber_through_the_outbox(
        tips_db: Database) -> None:
    repository = SubscriptionRepository(tips_db.engine)
    for n in range(3):
        await repository.subscribe(teams_address(n, "https://smba.test/"), tenant_id="t")
    outbox = CollectingOutbox()
    run = TipDelivery(tips_db.engine, outbox, CARDS, URL, settings=DeliverySettings(
        tenant_rate=1000, tenant_burst=100, conversation_rate=100))
    summary = await run.run(now=datetime(2026, 11, 23, 8, 0, tzinfo=UTC))
    assert summary.sent == 3
    assert sorted(a.conversation_id for a, _ in outbox.posted) == [
        f"a:personal-{n}" for n in range(3)]
    first = rotation_for(Audience.PERSONAL, CARDS)[0]
    assert all(v.item == first for _, v in outbox.posted)
    assert all(isinstance(v, Tip) and v.subscribed for _, v in outbox.posted)
