"""Answering blended questions: classify, record, complete the analysis by follow-up.

The handler routes; this module does the work for a question, for a typed or tapped answer
to a follow-up question and for the buttons on answer cards (``show_card``, ``more``,
``follow_up``; the 👍/👎 buttons live in ``bot.feedback``). Teachers' texts are never logged (unless
``settings.log_texts``) and only stored when the bot was unsure or the answer was not helpful.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from bot import follow_up
from bot.commands import normalize
from bot.core.session import Session
from bot.core.turn import Turn
from bot.follow_up import Reply
from bot.logging_setup import kv
from bot.memory import ConversationMemory, Memo, to_state
from bot.metrics import metrics_of
from bot.render import actions, layout, next_step, wording
from bot.render.views import LESSON, Answer, Details, FollowUp, Notice, described_lesson
from bot.storage.repositories import conversation_key, user_key
from classifier.types import CORE_SIGNALS, Classification
from knowledge.models import Card, CardKind
from knowledge.taxonomy import BLENDED_CARD_ID

if TYPE_CHECKING:
    from bot.services import BotServices

log = logging.getLogger(__name__)


def identity(turn: Turn) -> tuple[str, str]:
    """(user_key, conversation_key) of this turn, pseudonymous as the storage wants them
    (the conversation is the thread: a reply thread in a channel counts on its own)."""
    return (user_key(turn.channel, turn.user_id or ""),
            conversation_key(turn.channel, turn.thread))


class Answerer:
    """Answers blended questions in a turn; stateless apart from conversation state."""

    def __init__(self, services: BotServices) -> None:
        self.services = services
        self.memory = ConversationMemory()

    def _card(self, card_id: object) -> Card | None:
        kb = self.services.knowledge
        return kb.card(card_id) if isinstance(card_id, str) and card_id in kb else None

    def _alternative(self, c: Classification) -> Card | None:
        """The next best card, never one that contradicts the verdict just given."""
        return next((card for a in c.alternatives if a.card != c.card
                     and (card := self._card(a.card)) is not None and fits(card, c)), None)

    def _candidates(self, c: Classification) -> tuple[Card, ...]:
        ids = [c.card, *(a.card for a in c.alternatives)]
        cards = [card for i in dict.fromkeys(ids) if (card := self._card(i)) is not None]
        return tuple(cards[:3]) if len(cards) > 1 else ()

    def _share_url(self, card: Card) -> str:
        """The card's public page (issue 7: the "Deel" action)."""
        return f"{self.services.settings.public_url.rstrip('/')}/kaarten/{card.id}"

    def classify(self, text: str, answers: dict[str, bool] | None = None) -> Classification:
        classifier = self.services.classifier
        c = classifier.classify(text, answers=answers) if answers else classifier.classify(text)
        log.info("event=classified %s", kv(
            intent=c.intent, verdict=c.verdict, card=c.card, confidence=round(c.confidence, 3),
            unsure=c.unsure, follow_up=c.follow_up, missing=",".join(c.missing),
            answered=",".join(c.answered), chars=len(text)))
        if self.services.settings.log_texts:
            log.info("event=classified_text %s", kv(text=text))
        return c

    async def answer(self, session: Session, text: str) -> None:
        """A typed text: "meer", an answer to the open follow-up, insisting, or a question."""
        user, _ = identity(session.turn)
        if normalize(text) in wording.MORE_WORDS and await self._more_of_last(session, user):
            return
        pending = self.memory.pending(session.state, user)
        if pending is not None:
            ref, memo = pending
            reply_ = follow_up.read_reply(text)
            if reply_.kind != "text" or self.classify(text).intent != "question":
                await self._continue(session, ref, memo, reply_, text)
                return
            self.memory.set_pending(session.state, user, None)  # a new question
        elif follow_up.is_insisting(text) and (
                last := self.memory.last(session.state, user)) is not None:
            await self._insisted(session, *last)
            return
        await self._new_question(session, text, user)

    async def _new_question(self, session: Session, text: str, user: str) -> None:
        c = follow_up.as_lesson(self.classify(text))
        metrics_of(self.services).turn(c)
        await self._record_event(session, c)
        if c.intent == "other" and c.card is None:
            await session.replies.send(Notice(wording.OFF_TOPIC))
            return
        ref = self.memory.remember(session.state, text, c, asker=user)
        if c.unsure or c.card is None:
            await self.services.events.keep_question(
                user_key=user, text=text, card_id=c.card, reason="unsure")
        if c.intent == "scenario" and (c.verdict == "onduidelijk" or c.unsure):
            memo = self.memory.recall(session.state, ref)
            key = follow_up.first_question(c)
            if key is None and c.verdict == "onduidelijk" and not described_lesson(c):
                key = LESSON
            if memo is not None and key is not None:
                await self._ask(session, ref, memo, c, key)
                return
        elif c.intent != "scenario" and (c.unsure or c.card is None):
            candidates = self._candidates(c)
            if candidates:
                metrics_of(self.services).follow_up_asked(actions.CHOOSE_CARD)
                await session.replies.send(FollowUp(key=actions.CHOOSE_CARD, ref=ref,
                                                  candidates=candidates))
                return
        await self._show(session, ref, c)

    async def _ask(self, session: Session, ref: str, memo: Memo, c: Classification,
                   key: str, preface: tuple[str, ...] = ()) -> None:
        """Ask about ``key`` and remember that a typed reply answers it."""
        memo = memo.model_copy(update={"classification": to_state(c), "waiting": key,
                                       "asked": [*memo.asked, key]})
        self.memory.update(session.state, ref, memo)
        self.memory.set_pending(session.state, memo.asker or identity(session.turn)[0],
                                      ref)
        metrics_of(self.services).follow_up_asked(key)
        await session.replies.send(FollowUp(key=key, ref=ref, preface=preface,
                                          number=len(memo.asked)))

    def answer_view(self, card: Card, c: Classification | None, ref: str | None, *,
                    quotes: dict[str, str] | None = None, note: str | None = None,
                    feedback_given: bool = False, score: float | None = None,
                    added: str = "") -> Answer:
        """The answer view for a card (and classification): next step, fitting alternative."""
        shown = replace(c, card=card.id) if c is not None else None
        tip = self._card(next_step.tip_id(shown, card)) if shown is not None else None
        return Answer(card=card, classification=shown, ref=ref, note=note, score=score,
                      alternative=self._alternative(shown) if shown else None,
                      feedback_given=feedback_given, share_url=self._share_url(card),
                      next_step=tip, quotes=quotes or {}, added=added)

    async def _show(self, session: Session, ref: str, c: Classification,
                    note: str | None = None, memo: Memo | None = None) -> None:
        card = self._card(c.card) or self.services.knowledge.card(BLENDED_CARD_ID)
        user, _ = identity(session.turn)
        self.memory.set_pending(session.state, memo.asker if memo and memo.asker else user,
                                      None)
        self.memory.set_last(session.state, user, ref)
        await session.replies.send(self.answer_view(
            card, c, ref, note=note, quotes=memo.quotes if memo else None,
            added="\n".join(memo.additions) if memo else ""))

    async def on_show_card(self, session: Session, value: dict[str, Any]) -> None:
        card = self._card(value.get("card"))
        if card is None:
            await session.replies.send(Notice(wording.UNKNOWN_BUTTON))
            return
        memo = self.memory.recall(session.state, value.get("ref"))
        alternatives = memo.result().alternatives if memo else ()
        score = next((a.score for a in alternatives if a.card == card.id), None)
        await session.replies.send(Answer(card=card, ref=value.get("ref"), score=score,
                                        share_url=self._share_url(card)))

    async def on_more(self, session: Session, value: dict[str, Any]) -> None:
        """ "Lees meer": the card's explanation, examples and sources."""
        card = self._card(value.get("card"))
        if card is None:
            await session.replies.send(Notice(wording.UNKNOWN_BUTTON))
            return
        memo = self.memory.recall(session.state, value.get("ref"))
        await session.replies.send(self._details(card, memo))

    def _details(self, card: Card, memo: Memo | None) -> Details:
        c = memo.result() if memo is not None else None
        lesson = c is not None and c.intent == "scenario" and described_lesson(c)
        return Details(card=card, text=memo.text if memo else "", lesson=lesson)

    async def _more_of_last(self, session: Session, user: str) -> bool:
        """A typed "meer" after an answer: its details. False when there is no answer yet."""
        last = self.memory.last(session.state, user)
        if last is None:
            return False
        _, memo = last
        card = self._card(memo.result().card) or self.services.knowledge.card(BLENDED_CARD_ID)
        await session.replies.send(self._details(card, memo))
        return True

    async def on_follow_up(self, session: Session, value: dict[str, Any]) -> None:
        """A tapped answer to a follow-up question (a card choice or ja / nee / weet niet)."""
        ref, key, answer = value.get("ref"), value.get("key"), value.get("answer")
        memo = self.memory.recall(session.state, ref)
        if memo is None or not isinstance(key, str) or not isinstance(answer, str) \
                or not isinstance(ref, str):
            await session.replies.send(Notice(wording.FOLLOW_UP_EXPIRED))
            return
        c = memo.result()
        if key == actions.CHOOSE_CARD:
            card = self._card(answer)
            if card is None:
                await session.replies.send(Notice(wording.NONE_CHOSEN))
                return
            metrics_of(self.services).follow_up_answered("choice")
            score = next((a.score for a in c.alternatives if a.card == answer), c.confidence)
            chosen = replace(c, card=answer, confidence=score, unsure=False,
                             alternatives=tuple(a for a in c.alternatives if a.card != answer))
            self.memory.update(session.state, ref, memo.model_copy(
                update={"classification": to_state(chosen)}))
            await self._show(session, ref, chosen)
            return
        label = {actions.YES: wording.ANSWER_YES, actions.NO: wording.ANSWER_NO}.get(answer, "")
        await self._continue(session, ref, memo.model_copy(update={"waiting": key}),
                             follow_up.from_button(answer), label)

    async def _continue(self, session: Session, ref: str, memo: Memo, said: Reply,
                        typed: str) -> None:
        """Apply a reply to the open question, then ask the next one or answer."""
        key = memo.waiting or LESSON
        metrics_of(self.services).follow_up_answered(said.kind)
        before = memo.result()
        if said.kind == "insist":
            await self._insisted(session, ref, memo)
            return
        answers, quotes = dict(memo.answers), dict(memo.quotes)
        unknown, additions = list(memo.unknown), list(memo.additions)
        if said.kind in ("yes", "no") and key in CORE_SIGNALS:
            answers[key] = said.kind == "yes"
            quotes[key] = follow_up.quote_of(typed or wording.ANSWER_YES)
            if said.extra:
                additions.append(said.extra)
        elif said.kind == "unknown":
            unknown.append(key)
        elif said.extra or said.kind == "text":
            additions.append(said.extra or typed)
        text = "\n".join([memo.text, *additions])
        changed = answers != memo.answers or additions != memo.additions
        again = follow_up.as_lesson(self.classify(text, answers), True) if changed else before
        memo = memo.model_copy(update={
            "classification": to_state(again), "answers": answers, "quotes": quotes,
            "unknown": unknown, "additions": additions, "waiting": None})
        self.memory.update(session.state, ref, memo)
        nothing_new = said.kind == "text" and not follow_up.learned(before, again)
        if nothing_new and len(memo.asked) < follow_up.MAX_QUESTIONS:
            await self._ask(session, ref, memo, again, key,
                            preface=(wording.NOT_UNDERSTOOD_ANSWER,))
            return
        nxt = follow_up.next_question(again, answers, unknown, len(memo.asked))
        if nxt is None and again.verdict == "onduidelijk" and not described_lesson(again) \
                and len(memo.asked) < follow_up.MAX_QUESTIONS and key != LESSON:
            nxt = LESSON
        if nxt is not None:
            await self._ask(session, ref, memo, again, nxt)
            return
        note = wording.STILL_UNKNOWN_NOTE if again.verdict == "onduidelijk" else None
        await self._show(session, ref, again, note=note, memo=memo)

    async def _insisted(self, session: Session, ref: str, memo: Memo) -> None:
        """Disagreeing without new facts: say what the verdict rests on, ask what is open."""
        c = memo.result()
        preface = tuple(layout.insist_preface(c, memo.quotes))
        open_ = [k for k in layout.still_open(c) if k not in memo.answers]
        key = open_[0] if open_ else LESSON
        log.info("event=insisted %s", kv(verdict=c.verdict, ask=key))
        await self._ask(session, ref, memo, c, key, preface=preface)

    async def _record_event(self, session: Session, c: Classification) -> None:
        user, _ = identity(session.turn)
        await self.services.events.record(
            user_key=user, team_id=session.turn.team_id, channel=session.turn.channel,
            intent=c.intent, verdict=c.verdict, card_id=c.card, confidence=c.confidence,
            unsure=c.unsure)


def fits(card: Card, c: Classification) -> bool:
    """May ``card`` be offered next to the answer ``c``? Never one that says the opposite.

    Misconception cards open with "Nee": not after a blended verdict. After a not-blended
    verdict the definition card is not "what you meant" either.
    """
    if c.verdict == "blended":
        return card.kind is not CardKind.MISCONCEPTION
    if c.verdict == "niet_blended":
        return card.id != BLENDED_CARD_ID
    return True
