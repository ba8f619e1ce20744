"""DigiCoach role, the insights card, "stuur tip" and "vergeet mij", as called by the handler."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from botbuilder.core import CardFactory, MessageFactory, TurnContext
from botbuilder.schema import Activity
from sqlalchemy.exc import SQLAlchemyError

from bot import insights, privacy
from bot.digicoach import wording as w
from bot.pending import Pending
from bot.render import adaptive, reply
from bot.render.views import Notice
from bot.storage.repositories import user_key
from bot.tips.turns import tip_now
from bot.web.chart import Bar, bar_chart_png, data_uri

if TYPE_CHECKING:
    from bot.services import BotServices

log = logging.getLogger(__name__)

FORGET_ACTION = "forget"
TOP_CARDS = 5


def is_digicoach(digicoach_ids: frozenset[str], activity: Activity) -> bool:
    """By Azure AD object id (Teams) or by the channel's own user id (Teams, Slack, terminal)."""
    user = activity.from_property
    if user is None or not digicoach_ids:
        return False
    ids = {getattr(user, "aad_object_id", None), user.id}
    return any(i and i in digicoach_ids for i in ids)


def is_personal(activity: Activity) -> bool:
    conversation = activity.conversation
    if conversation is None:
        return True
    return conversation.conversation_type in (None, "personal") and not conversation.is_group


def insights_card(data: insights.Insights, title_of: Any, days: int,
                  page_url: str | None) -> dict[str, Any]:
    body: list[dict[str, Any]] = [
        adaptive.text_block(w.INSIGHTS_TITLE, size="Large", weight="Bolder"),
        adaptive.text_block(w.INSIGHTS_PERIOD.format(days=days), isSubtle=True, spacing="None"),
    ]
    if not data.total_answers:
        body.append(adaptive.text_block(w.INSIGHTS_EMPTY))
    else:
        body.append(adaptive.text_block(w.INSIGHTS_TOTALS.format(
            total=data.total_answers, unsure=f"{round(data.unsure_share * 100)}%")))
        top = data.cards[:TOP_CARDS]
        if top:
            bars = [Bar(title_of(c.card_id), c.answered, c.unsure) for c in top]
            body.append(adaptive.text_block(w.INSIGHTS_TOP, weight="Bolder"))
            body.append({"type": "Image", "url": data_uri(bar_chart_png(bars)),
                         "altText": w.CHART_ALT, "size": "Stretch"})
            body.append({"type": "FactSet", "facts": [
                {"title": title_of(c.card_id),
                 "value": w.INSIGHTS_CARD_LINE.format(count=c.answered, unsure=c.unsure)}
                for c in top]})
    helpful = sum(f.helpful for f in data.feedback)
    not_helpful = sum(f.not_helpful for f in data.feedback)
    body.append(adaptive.text_block(w.INSIGHTS_FEEDBACK.format(
        helpful=helpful, not_helpful=not_helpful)))
    body.append(adaptive.text_block(w.INSIGHTS_TEAMS.format(teams=len(data.readiness))))
    if data.questions:
        body.append(adaptive.text_block(
            w.INSIGHTS_QUESTIONS.format(count=len(data.questions)), weight="Bolder"))
        body.append(adaptive.text_block(adaptive.bullets(
            [q.text[:140] for q in data.questions[:5]])))
    if data.comments:
        body.append(adaptive.text_block(
            w.INSIGHTS_COMMENTS.format(count=len(data.comments)), weight="Bolder"))
        body.append(adaptive.text_block(adaptive.bullets(
            [c.text[:140] for c in data.comments[:5]])))
    card = adaptive.card(body, [])
    if page_url:
        card["actions"] = [{"type": "Action.OpenUrl", "title": w.INSIGHTS_PAGE, "url": page_url}]
    return card


class DigiCoach:
    """The handler's entry points for "overzicht", "stuur tip" and "vergeet mij"."""

    def __init__(self, services: BotServices) -> None:
        self.services = services

    async def insights(self, turn_context: TurnContext, days: int = insights.DEFAULT_DAYS
                       ) -> None:
        activity = turn_context.activity
        if not is_digicoach(self.services.settings.digicoach_ids, activity):
            log.info("event=insights_refused")
            await reply.send(turn_context, Notice(w.NOT_A_DIGICOACH))
            return
        if not is_personal(activity):
            await reply.send(turn_context, Notice(w.INSIGHTS_ONLY_PERSONAL))
            return
        data = await insights.collect(self.services.database.engine,
                                      insights.Period.last_days(days))
        kb = self.services.knowledge

        def title_of(card_id: str) -> str:
            return kb.cards[card_id].title if card_id in kb.cards else card_id

        settings = self.services.settings
        page = f"{settings.public_url.rstrip('/')}/insights" if settings.insights_token else None
        card = insights_card(data, title_of, days, page)
        log.info("event=insights_shown answers=%d", data.total_answers)
        if reply.supports_cards(activity.channel_id):
            await turn_context.send_activity(
                MessageFactory.attachment(CardFactory.adaptive_card(card)))
        else:
            await turn_context.send_activity(_card_as_text(card))

    async def tip_now(self, turn_context: TurnContext) -> None:
        """ "stuur tip": a DigiCoach sends this team conversation's tip now."""
        activity = turn_context.activity
        if not is_digicoach(self.services.settings.digicoach_ids, activity):
            log.info("event=tip_now_refused")
            await reply.send(turn_context, Notice(w.TIP_NOW_NOT_A_DIGICOACH))
            return
        if is_personal(activity):
            await reply.send(turn_context, Notice(w.TIP_NOW_ONLY_IN_TEAM))
            return
        await tip_now(self.services, turn_context)

    async def forget_ask(self, turn_context: TurnContext) -> None:
        buttons = ((w.FORGET_YES, {"action": FORGET_ACTION, "confirm": True}),
                   (w.FORGET_NO, {"action": FORGET_ACTION, "confirm": False}))
        await reply.send(turn_context, Notice(w.FORGET_ASK, buttons=buttons))

    async def forget_answer(self, turn_context: TurnContext, value: dict[str, Any]) -> None:
        if value.get("confirm") is not True:
            await reply.send(turn_context, Notice(w.FORGET_KEPT))
            return
        try:
            counts = await self.forget(turn_context)
        except (OSError, SQLAlchemyError) as exc:
            log.error("event=forget_failed error=%s", type(exc).__name__)
            await reply.send(turn_context, Notice(w.FORGET_FAILED))
            return
        details = w.forget_details(counts)
        await reply.send(turn_context, Notice(
            w.FORGET_DONE.format(details=details) if details else w.FORGET_NOTHING))

    async def forget(self, turn_context: TurnContext) -> dict[str, int]:
        """Delete everything about the user of this turn; returns counts per table."""
        activity = turn_context.activity
        channel = activity.channel_id or ""
        user_id = activity.from_property.id if activity.from_property else ""
        states = [self.services.user_state]
        personal_key = None
        if is_personal(activity) and activity.conversation is not None:
            states.append(self.services.conversation_state)
            personal_key = f"{channel}:{activity.conversation.id}"
        keys = tuple(s.get_storage_key(turn_context) for s in states)
        subject = privacy.Subject(user_key=user_key(channel, user_id or ""), state_keys=keys,
                                  personal_conversation_key=personal_key)
        counts = await privacy.forget_user(self.services.database.engine, subject)
        for state in states:  # drop this turn's cached copy, so it is not written back
            await state.load(turn_context)
            await state.delete(turn_context)
        if personal_key is None:
            # A shared conversation: forget_user rewrote its stored row (this teacher's
            # questions are gone from it). Carry on from that row, not from the copy this
            # turn read before, or saving the turn would lose an eTag race against ourselves.
            await self.services.conversation_state.load(turn_context, force=True)
            await Pending(self.services.conversation_state).close(turn_context, subject.user_key)
        log.info("event=forget_done %s", " ".join(f"{k}={v}" for k, v in counts.items()))
        return counts


def _card_as_text(card: dict[str, Any]) -> str:
    """Text channels (terminal): the TextBlocks and facts of the card, line by line."""
    lines: list[str] = []
    for element in card.get("body", []):
        if element.get("type") == "TextBlock":
            lines.append(element["text"])
        elif element.get("type") == "FactSet":
            lines += [f"- {f['title']}: {f['value']}" for f in element["facts"]]
    return "\n".join(lines)
