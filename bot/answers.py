"""Answering blended questions: classify, record, ask one follow-up when unsure.

The handler routes; this module does the work for a question and for the buttons on answer
cards (``show_card``, ``follow_up``; the 👍/👎 buttons live in ``bot.feedback``). Teachers'
texts are never logged (unless ``settings.log_texts``) and only stored when the bot was unsure
or the answer was not helpful.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from botbuilder.core import TurnContext
from botbuilder.core.teams import teams_get_team_info
from botbuilder.schema import Activity

from bot import follow_up
from bot.logging_setup import kv
from bot.memory import ConversationMemory, to_state
from bot.render import actions, wording
from bot.render.reply import send
from bot.render.views import Answer, FollowUp, Notice
from bot.storage.repositories import conversation_key, user_key
from classifier.types import CORE_SIGNALS, Classification
from knowledge.models import Card
from knowledge.taxonomy import BLENDED_CARD_ID

if TYPE_CHECKING:
    from bot.services import BotServices

log = logging.getLogger(__name__)


def identity(turn_context: TurnContext) -> tuple[str, str]:
    """(user_key, conversation_key) of this turn, pseudonymous as the storage wants them."""
    activity = turn_context.activity
    channel = activity.channel_id or ""
    user_id = activity.from_property.id if activity.from_property else ""
    conversation_id = activity.conversation.id if activity.conversation else ""
    return user_key(channel, user_id or ""), conversation_key(channel, conversation_id or "")


class Answerer:
    """Answers blended questions in a turn; stateless apart from conversation state."""

    def __init__(self, services: BotServices) -> None:
        self.services = services
        self.memory = ConversationMemory(services.conversation_state)

    def _card(self, card_id: object) -> Card | None:
        kb = self.services.knowledge
        return kb.card(card_id) if isinstance(card_id, str) and card_id in kb else None

    def _alternative(self, c: Classification) -> Card | None:
        return next((card for a in c.alternatives if a.card != c.card
                     and (card := self._card(a.card)) is not None), None)

    def _candidates(self, c: Classification) -> tuple[Card, ...]:
        ids = [c.card, *(a.card for a in c.alternatives)]
        cards = [card for i in dict.fromkeys(ids) if (card := self._card(i)) is not None]
        return tuple(cards[:3]) if len(cards) > 1 else ()

    def _share_url(self, card: Card) -> str:
        """The card's public page (issue 7: the "Deel" action)."""
        return f"{self.services.settings.public_url.rstrip('/')}/kaarten/{card.id}"

    def classify(self, text: str) -> Classification:
        c = self.services.classifier.classify(text)
        log.info("event=classified %s", kv(
            intent=c.intent, verdict=c.verdict, card=c.card, confidence=round(c.confidence, 3),
            unsure=c.unsure, follow_up=c.follow_up, chars=len(text)))
        if self.services.settings.log_texts:
            log.info("event=classified_text %s", kv(text=text))
        return c

    async def answer(self, turn_context: TurnContext, text: str) -> None:
        """A teacher's question: one answer card, or one follow-up question when unsure."""
        c = self.classify(text)
        await self._record_event(turn_context, c)
        if c.intent == "other" and c.card is None:
            await send(turn_context, Notice(wording.OFF_TOPIC))
            return
        user, _ = identity(turn_context)
        ref = await self.memory.remember(turn_context, text, c, asker=user)
        if c.unsure or c.card is None:
            await self.services.events.keep_question(
                user_key=user, text=text, card_id=c.card, reason="unsure")
            await self._ask(turn_context, ref, c, asked=[])
            return
        await self._show(turn_context, ref, c)

    async def _ask(self, turn_context: TurnContext, ref: str, c: Classification,
                   asked: list[str]) -> None:
        candidates = self._candidates(c)
        key = follow_up.next_key(c, asked, bool(candidates))
        await send(turn_context, FollowUp(key=key, ref=ref,
                                          candidates=() if key in CORE_SIGNALS else candidates))

    async def _show(self, turn_context: TurnContext, ref: str, c: Classification,
                    note: str | None = None) -> None:
        card = self._card(c.card) or self.services.knowledge.card(BLENDED_CARD_ID)
        await send(turn_context, Answer(card=card, classification=replace(c, card=card.id),
                                        alternative=self._alternative(c), ref=ref, note=note,
                                        share_url=self._share_url(card)))

    async def on_show_card(self, turn_context: TurnContext, value: dict[str, Any]) -> None:
        card = self._card(value.get("card"))
        if card is None:
            await send(turn_context, Notice(wording.UNKNOWN_BUTTON))
            return
        memo = await self.memory.recall(turn_context, value.get("ref"))
        alternatives = memo.result().alternatives if memo else ()
        score = next((a.score for a in alternatives if a.card == card.id), None)
        await send(turn_context, Answer(card=card, ref=value.get("ref"), score=score,
                                        share_url=self._share_url(card)))

    async def on_follow_up(self, turn_context: TurnContext, value: dict[str, Any]) -> None:
        """The teacher answered a follow-up question: show the card (or ask one more)."""
        ref, key, answer = value.get("ref"), value.get("key"), value.get("answer")
        memo = await self.memory.recall(turn_context, ref)
        if memo is None or not isinstance(key, str) or not isinstance(answer, str):
            await send(turn_context, Notice(wording.FOLLOW_UP_EXPIRED))
            return
        c = memo.result()
        if key == actions.CHOOSE_CARD:
            card = self._card(answer)
            if card is None:
                await send(turn_context, Notice(wording.NONE_CHOSEN))
                return
            score = next((a.score for a in c.alternatives if a.card == answer), c.confidence)
            chosen = replace(c, card=answer, confidence=score, unsure=False,
                             alternatives=tuple(a for a in c.alternatives if a.card != answer))
            await self.memory.update(turn_context, ref, memo.model_copy(
                update={"classification": to_state(chosen)}))
            await self._show(turn_context, ref, chosen)
            return
        added = follow_up.addition(key, answer)
        if added is None:  # "weet ik niet", or a question we cannot add text for
            await self._show(turn_context, ref, c, note=wording.BEST_GUESS_NOTE)
            return
        additions = [*memo.additions, added]
        again = follow_up.settle(self.classify(" ".join([memo.text, *additions])), key, answer)
        asked = [*memo.asked, key]
        await self.memory.update(turn_context, ref, memo.model_copy(update={
            "classification": to_state(again), "asked": asked, "additions": additions}))
        if follow_up.ask_again(again, asked):
            await self._ask(turn_context, ref, again, asked)
            return
        note = wording.BEST_GUESS_NOTE if again.unsure or again.card is None else None
        await self._show(turn_context, ref, again, note=note)

    async def _record_event(self, turn_context: TurnContext, c: Classification) -> None:
        activity: Activity = turn_context.activity
        team = teams_get_team_info(activity) if activity.channel_id == "msteams" else None
        user, _ = identity(turn_context)
        await self.services.events.record(
            user_key=user, team_id=team.id if team else None, channel=activity.channel_id,
            intent=c.intent, verdict=c.verdict, card_id=c.card, confidence=c.confidence,
            unsure=c.unsure)


#: turn_state key under which a submit handler leaves the updated card (Action.Execute reply).
UPDATED_CARD = "blendbot.updated_card"
