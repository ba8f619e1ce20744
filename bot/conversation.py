"""Everyday conversation around the answers: typed yes/no to what the bot asked, thanks and
annoyance, the optional "wat klopt er niet?" after 👎, and "tip" on request.

The handler calls ``answer_pending`` and ``small_talk`` before a text is classified; each
returns True when it handled the text. Buttons and typed answers take the same path.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import SQLAlchemyError

from bot import pending as p
from bot.answers import identity
from bot.commands import match_command
from bot.core.session import Session
from bot.logging_setup import kv
from bot.render import conversation_wording as cw
from bot.render.views import Notice
from bot.small_talk import recognise
from bot.storage.comments_repo import keep_comment
from bot.yes_no import parse_yes_no

if TYPE_CHECKING:
    from bot.digicoach.coach import DigiCoach
    from bot.services import BotServices

log = logging.getLogger(__name__)

#: Submit action of the buttons under "wat klopt er niet?" and "mag ik het bewaren?".
COMMENT_ACTION = "feedback_comment"
#: Pending questions a yes/no answers: these may interrupt an active dialog.
YES_NO_KINDS = frozenset({p.FORGET, p.KEEP_COMMENT})
#: "Typ het in een zin": a longer text after 👎 is a new lesson description, not a comment.
MAX_COMMENT_WORDS = 50


class Conversation:
    def __init__(self, services: BotServices, digicoach: DigiCoach) -> None:
        self.services = services
        self.digicoach = digicoach
        self.pending = p.Pending()

    # --- typed answers to what the bot asked -------------------------------------------------

    async def answer_pending(self, session: Session, text: str, *,
                             in_dialog: bool = False) -> bool:
        """A typed reply to the bot's open question; False when it is something else (the
        question is then closed and the text handled as usual)."""
        user, _ = identity(session.turn)
        question = self.pending.peek(session.state, user)
        if question is None:
            return False
        answer = parse_yes_no(text)
        if in_dialog and (question.kind not in YES_NO_KINDS or answer is None):
            return False  # the dialog reads it; the question stays open meanwhile
        self.pending.close(session.state, user)
        log.info("event=pending_answer %s", kv(kind=question.kind, answer=answer))
        if question.kind == p.FORGET:
            if answer not in ("ja", "nee"):
                return False
            await self.digicoach.forget_answer(session, {"confirm": answer == "ja"})
            return True
        if question.kind == p.WHAT_WAS_WRONG:
            return await self._comment_typed(session, text, answer, question.data)
        if question.kind == p.KEEP_COMMENT:
            if answer not in ("ja", "nee"):
                return False
            await self._keep(session, question.data, keep=answer == "ja")
            return True
        return False

    async def on_button(self, session: Session, value: dict[str, Any]) -> None:
        """The buttons under the two questions after 👎: "Sla over", "Ja, bewaar", "Nee"."""
        user, _ = identity(session.turn)
        question = self.pending.take(session.state, user)
        if value.get("step") == "skip":
            await session.replies.send(Notice(cw.SKIPPED))
            return
        if question is None or question.kind != p.KEEP_COMMENT:
            await session.replies.send(Notice(cw.KEEP_EXPIRED))
            return
        await self._keep(session, question.data, keep=value.get("keep") is True)

    async def forget_asked(self, session: Session) -> None:
        """ "vergeet mij" was asked: a typed yes/no confirms, as the buttons do."""
        self.pending.ask(session.state, p.FORGET, identity(session.turn)[0])

    async def forget_tapped(self, session: Session) -> None:
        self.pending.close(session.state, identity(session.turn)[0])

    # --- after 👎 ----------------------------------------------------------------------------

    async def ask_what_was_wrong(self, session: Session, card_id: str) -> None:
        self.pending.ask(session.state, p.WHAT_WAS_WRONG, identity(session.turn)[0],
                               card=card_id)
        await session.replies.send(Notice(cw.WHAT_WAS_WRONG, buttons=(
            (cw.SKIP_BUTTON, {"action": COMMENT_ACTION, "step": "skip"}),)))

    async def _comment_typed(self, session: Session, text: str, answer: str | None,
                             data: dict[str, Any]) -> bool:
        """The reply to "wat klopt er niet?": a comment, a "nee", or a new question."""
        if answer is not None:  # "nee", "laat maar", "weet ik niet": nothing to add
            await session.replies.send(Notice(cw.SKIPPED))
            return True
        if (match_command(text) or recognise(text) or text.rstrip().endswith("?")
                or not any(ch.isalpha() for ch in text)
                or len(text.split()) > MAX_COMMENT_WORDS):
            return False  # a command, thanks, a new question or lesson, a number
        user, _ = identity(session.turn)
        self.pending.ask(session.state, p.KEEP_COMMENT, user,
                               card=data.get("card"), text=text)
        await session.replies.send(Notice(
            cw.KEEP_ASK.format(days=self.services.settings.retention_days), buttons=(
                (cw.KEEP_YES_BUTTON, {"action": COMMENT_ACTION, "keep": True}),
                (cw.KEEP_NO_BUTTON, {"action": COMMENT_ACTION, "keep": False}))))
        return True

    async def _keep(self, session: Session, data: dict[str, Any], *,
                    keep: bool) -> None:
        text, card = data.get("text"), data.get("card")
        if not keep or not isinstance(text, str) or not text.strip():
            await session.replies.send(Notice(cw.NOT_KEPT if not keep else cw.KEEP_EXPIRED))
            return
        user, _ = identity(session.turn)
        try:
            await keep_comment(self.services.database.engine, user_key=user,
                               card_id=card if isinstance(card, str) else None, text=text)
        except (OSError, SQLAlchemyError) as exc:
            log.error("event=feedback_comment_failed error=%s", type(exc).__name__)
            await session.replies.send(Notice(cw.KEEP_FAILED))
            return
        log.info("event=feedback_comment_kept %s", kv(card=card, chars=len(text)))
        await session.replies.send(Notice(cw.KEPT))

    # --- thanks and annoyance ----------------------------------------------------------------

    async def small_talk(self, session: Session, text: str) -> bool:
        kind = recognise(text)
        if kind is None:
            return False
        log.info("event=small_talk %s", kv(kind=kind))
        await session.replies.send(Notice(cw.THANKS if kind == "thanks" else cw.ANNOYED))
        return True
