"""What the handler does for tips: "tips aan/uit", "tips", "tip", "stuur tip", address
refresh, bot removed.

State lives in ``services.extras["tips"]`` (one :class:`TipsService` per process), so the
handler needs one-line methods only. Each takes our own :class:`~bot.core.turn.Turn` and
answers through a :class:`~bot.core.replies.Replies`; no platform SDK.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy.exc import SQLAlchemyError

from bot.core.address import Address
from bot.core.outbox import Outbox
from bot.core.replies import Replies
from bot.core.turn import Turn
from bot.metrics import metrics_of
from bot.render import conversation_wording as cw
from bot.render.views import Notice, Tip
from bot.tips.build import delivery_for
from bot.tips.rotation import Audience, TipItem, TipKind, audience_for, tip_for
from bot.tips.scheduler import ScheduleError, dutch_moment, next_send_time
from bot.tips.subscriptions import (
    ENDED_REMOVED,
    ReferenceRefresher,
    SubscriptionRepository,
)

if TYPE_CHECKING:
    from bot.services import BotServices
    from bot.tips.scheduler import TipScheduler

log = logging.getLogger(__name__)

TIPS_ON_VALUE = {"action": "tips_on"}
TIPS_OFF_VALUE = {"action": "tips_off"}


class TipsService:
    def __init__(self, services: BotServices) -> None:
        self.settings = services.settings
        self.repository = SubscriptionRepository(services.database.engine)
        self.refresher = ReferenceRefresher(self.repository)
        self.scheduler: TipScheduler | None = None

    def next_send(self) -> str:
        """'maandag 24 november om 09:00', or a vaguer phrase when there is no schedule."""
        if self.scheduler is not None:
            found = self.scheduler.next_run_time()
            if found is not None:
                return dutch_moment(found)
        try:
            return dutch_moment(
                next_send_time(self.settings.tip_schedule, self.settings.tip_timezone))
        except ScheduleError:
            return "bij de volgende verzending"


def tips_of(services: BotServices) -> TipsService:
    found = services.extras.get("tips")
    if not isinstance(found, TipsService):
        found = services.extras["tips"] = TipsService(services)
    return found


def _where(audience: Audience) -> str:
    return "Dit kanaal krijgt" if audience is Audience.GROUP else "Je krijgt"


#: Channels that `tips send` cannot post to: no subscription is stored there.
NO_PROACTIVE_CHANNELS = frozenset({"terminal"})


async def tips_on(services: BotServices, turn: Turn, replies: Replies) -> None:
    tips = tips_of(services)
    if turn.channel in NO_PROACTIVE_CHANNELS:
        log.info("event=tips_on_not_here channel=%s", turn.channel)
        await replies.send(Notice(cw.TERMINAL_TIPS_ON))
        await _send_tip(services, turn, replies, _week_item(services, turn.address, None),
                        hint=False)
        return
    subscription, was_active = await tips.repository.subscribe(
        turn.address, tenant_id=turn.tenant_id, team_id=turn.team_id,
        created_by=turn.user_key)
    tips.refresher.remember(subscription.conversation_key, turn.address.service_url or "")
    when = tips.next_send()
    who = _where(subscription.audience)
    if was_active:
        text = f"{who} al elke week een tip. De volgende komt {when}."
    else:
        what = ("een tip of een stelling om samen te bespreken"
                if subscription.audience is Audience.GROUP else "een korte tip over blended leren")
        text = (f"Top! {who} vanaf nu elke week {what}. De eerste komt {when}. "
                "Stoppen kan altijd met **tips uit**.")
    log.info("event=tips_on conversation_type=%s again=%s",
             subscription.address.conversation_type, was_active)
    await replies.send(Notice(text, (("Afmelden", dict(TIPS_OFF_VALUE)),)))


async def tips_off(services: BotServices, turn: Turn, replies: Replies) -> None:
    tips = tips_of(services)
    if await tips.repository.unsubscribe(turn.conversation_key):
        text = "Je bent afgemeld: hier komen geen wekelijkse tips meer. Weer aanzetten? " \
               "Typ **tips aan**."
    else:
        text = "De wekelijkse tips stonden hier al uit. Wil je ze wel? Typ **tips aan**."
    log.info("event=tips_off")
    await replies.send(Notice(text, (("Wekelijkse tips aan", dict(TIPS_ON_VALUE)),)))


async def tips_status(services: BotServices, turn: Turn, replies: Replies) -> None:
    tips = tips_of(services)
    subscription = await tips.repository.get(turn.conversation_key)
    if subscription is not None and subscription.active:
        count = subscription.rotation
        had = f" Tot nu toe kwamen er {count}." if count else ""
        text = (f"De wekelijkse tips staan hier aan. De volgende komt "
                f"{tips.next_send()}.{had}")
        button = ("Afmelden", dict(TIPS_OFF_VALUE))
    else:
        text = "De wekelijkse tips staan hier uit. Elke week een praktische tip? Typ **tips aan**."
        button = ("Wekelijkse tips aan", dict(TIPS_ON_VALUE))
    await replies.send(Notice(text, (button,)))


NOW_NOT_SUBSCRIBED = ("Dit gesprek krijgt nog geen wekelijkse tips, dus ik stuur hier niets. "
                      "Zet ze eerst aan met **tips aan** en vraag het dan nog eens.")
NOW_SENT = ("Verstuurd: de tip van deze week staat nu hier ({title}). De wekelijkse "
            "verzending slaat dit gesprek deze week over. De volgende tip komt {when}.")
NOW_EXTRA = ("De tip van deze week was hier al verstuurd. Daarom heb ik de volgende gestuurd "
             "({title}). De wekelijkse tips gaan gewoon door: de volgende komt {when}.")
NOW_BUSY = "Ik ben de tip hier op dit moment al aan het versturen. Kijk zo even in het gesprek."
NOW_FAILED = "Het versturen van de tip lukte nu niet. Probeer het over een paar minuten nog eens."


def _title(item: TipItem | None) -> str:
    if item is None:
        return "een tip"
    if item.kind is TipKind.STELLING:
        return f"een stelling uit **{item.card.title}**"
    return f"**{item.card.title}**"


async def tip_now(services: BotServices, turn: Turn, replies: Replies,
                  outbox: Outbox) -> None:
    """Send this conversation's tip now through ``outbox`` (the caller checked that a
    DigiCoach asked)."""
    tips = tips_of(services)
    subscription = await tips.repository.get(turn.conversation_key)
    if subscription is None or not subscription.active:
        log.info("event=tip_now_not_subscribed")
        await replies.send(Notice(NOW_NOT_SUBSCRIBED,
                                  (("Wekelijkse tips aan", dict(TIPS_ON_VALUE)),)))
        return
    # Someone is waiting for the answer: two attempts and short waits, not a run's patience.
    quick = services.settings.tip_delivery.model_copy(
        update={"attempts": 2, "backoff_max": 5.0})
    delivery = delivery_for(services, outbox, settings=quick)
    result = await delivery.deliver_now(subscription)
    log.info("event=tip_now outcome=%s reason=%r", result.outcome, result.reason)
    metrics_of(services).tip_delivery(result.outcome, trigger="now")
    text = {"sent": NOW_SENT, "extra": NOW_EXTRA, "busy": NOW_BUSY}.get(
        result.outcome, NOW_FAILED)
    await replies.send(Notice(text.format(title=_title(result.item), when=tips.next_send())))


def _week_item(services: BotServices, address: Address,
               rotation: int | None) -> TipItem | None:
    """This week's tip here: the last one sent to a subscribed conversation, else the tip
    the rotation gives for the current ISO week (the same for everyone that week)."""
    audience = audience_for(address.conversation_type, address.is_group)
    if rotation is None:
        year, week, _ = datetime.now(ZoneInfo(services.settings.tip_timezone)).isocalendar()
        rotation = year * 53 + week
    try:
        return tip_for(rotation, audience, services.knowledge.cards)
    except LookupError:
        return None


async def _send_tip(services: BotServices, turn: Turn, replies: Replies,
                    item: TipItem | None, *, hint: bool) -> None:
    """The tip as the weekly message shows it, without the subscriber's footer and button."""
    if item is None:
        await replies.send(Notice(cw.TIP_NONE))
        return
    await replies.send(Tip(item, services.settings.public_url, subscribed=False,
                           hint=cw.TIP_SUBSCRIBE_HINT if hint else ""))


async def tip_of_the_week(services: BotServices, turn: Turn, replies: Replies) -> None:
    """ "tip": any teacher, any channel, gets this week's tip now (nothing is stored)."""
    tips = tips_of(services)
    subscription = None
    if turn.channel not in NO_PROACTIVE_CHANNELS:
        try:
            subscription = await tips.repository.get(turn.conversation_key)
        except (SQLAlchemyError, OSError):
            log.warning("event=tip_of_the_week_lookup_failed", exc_info=True)
    subscribed = subscription is not None and subscription.active
    rotation = subscription.rotation - 1 if subscribed and subscription.rotation else None
    log.info("event=tip_of_the_week subscribed=%s", subscribed)
    await replies.send(Notice(cw.TIP_NOW_INTRO))
    hint = not subscribed and turn.channel not in NO_PROACTIVE_CHANNELS
    await _send_tip(services, turn, replies, _week_item(services, turn.address, rotation),
                    hint=hint)


async def observe(services: BotServices, address: Address) -> None:
    """Refresh a stored address when Teams moved the conversation (never fails a turn)."""
    try:
        if await tips_of(services).refresher.observe(address):
            log.info("event=tips_reference_refreshed")
    except (SQLAlchemyError, OSError, ValueError, TypeError, AttributeError):
        log.warning("event=tips_reference_refresh_failed", exc_info=True)


async def bot_removed(services: BotServices, turn: Turn) -> None:
    """The bot was uninstalled here or removed from the team: end the subscription(s)."""
    tips = tips_of(services)
    ended = await tips.repository.end(turn.conversation_key, ENDED_REMOVED)
    team = turn.team_id
    ended_team = await tips.repository.end_team(team) if team else 0
    log.info("event=tips_bot_removed ended=%d team_channels=%d", int(ended), ended_team)
