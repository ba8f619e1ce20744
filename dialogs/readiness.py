"""The readiness check: twelve questions, one tap each, then the result.

A plain state machine over conversation state. Its whole state is one JSON dict under the
property :data:`STATE_PROPERTY`: ``{"index": int, "answers": {dimension: level | None},
"note": str | None, "user": str}``, the question that waits for a reply (``note`` says how it
was asked: "intro", "back", "continue", ...) and the teacher who owns the check. No state: no
check. Each turn reads the reply against that question, then asks the next one (or the same
one again with a note) and stores what the next reply is read against; the handler's
per-turn save of conversation state is all it takes to resume after the teacher leaves or
the bot restarts. Questions are re-rendered from ``readiness.yaml``, never stored. A tapped
question card is updated in place to a button-free summary ("... — jouw antwoord:
Toepassen") before the next question is sent. A check stored by the former
botbuilder-dialogs waterfall is taken over on first read (:mod:`dialogs.legacy`).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from bot.core.session import Session
from bot.logging_setup import exception_summary, kv
from bot.metrics import Metrics, metrics_of
from bot.render.readiness_cards import (
    OTHER_USER,
    PAUSED,
    STOPPED,
    ReadinessAnswered,
    ReadinessQuestion,
)
from bot.render.views import Notice
from dialogs.answers import ANSWER, parse_reply
from dialogs.legacy import take_legacy_check
from dialogs.results import ReadinessResults, identify, results_for

if TYPE_CHECKING:
    from bot.services import BotServices

log = logging.getLogger(__name__)

DIALOG_ID = "readiness"
#: Conversation-state property holding the state of a check in progress.
STATE_PROPERTY = "BlendbotReadiness"
#: Note that waits for the next reply without asking again (after a colleague's message).
SILENT = "silent"

#: Called with a message that is not an answer (a blended question, another command): the
#: bot answers it as it would outside the check, then the check offers to continue.
OnOther = Callable[[Session, str], Awaitable[None]]


def _state(stored: object) -> dict[str, Any]:
    """The check's state from what was stored; a fresh check for anything else."""
    if isinstance(stored, dict) and isinstance(stored.get("answers"), dict):
        index = stored.get("index")
        return {"index": index if isinstance(index, int) and index >= 0 else 0,
                "answers": dict(stored["answers"]), "note": stored.get("note"),
                "user": stored.get("user")}
    user = stored.get("user") if isinstance(stored, dict) else None
    return {"index": 0, "answers": {}, "note": "intro", "user": user}


class ReadinessCheck:
    """``begin`` starts a fresh check; ``reply`` reads a turn of one in progress."""

    id = DIALOG_ID

    def __init__(self, results: ReadinessResults, on_other: OnOther | None = None,
                 metrics: Metrics | None = None) -> None:
        self.results = results
        self.metrics = metrics or Metrics()
        self.readiness = results.readiness
        self.on_other = on_other

    def stored(self, session: Session) -> dict[str, Any] | None:
        """The state of the check in progress in this conversation; None when there is none."""
        stored = session.state.get(STATE_PROPERTY)
        if stored is None:
            legacy = take_legacy_check(session.state)
            if legacy is not None:
                log.info("event=readiness_state_upgraded")
                stored = _state(legacy)
                session.state.set(STATE_PROPERTY, stored)
        return stored if isinstance(stored, dict) else None

    async def active(self, session: Session) -> bool:
        return self.stored(session) is not None

    async def begin(self, session: Session) -> None:
        """A fresh check, owned by the teacher who started it (a channel thread is shared)."""
        owner = identify(session)[0]
        self.metrics.readiness_check_started()
        await self._ask(session, {**_state(None), "user": owner})

    async def end(self, session: Session) -> None:
        session.state.delete(STATE_PROPERTY)

    async def _ask(self, session: Session, state: dict[str, Any]) -> None:
        """Ask question ``index`` (or finish) and keep the state for the reply."""
        index, answers = state["index"], state["answers"]
        if index >= len(self.readiness.dimensions):
            await self.results.finish(session, answers)
            self.metrics.readiness_check_finished()
            await self.end(session)
            return
        session.state.set(STATE_PROPERTY, state)
        if state["note"] == SILENT:
            return
        dim_id = self.readiness.dimensions[index].id
        await session.replies.send(ReadinessQuestion(
            self.readiness, index, state["note"], earlier=answers.get(dim_id),
            has_earlier=dim_id in answers))

    async def reply(self, session: Session) -> None:
        """This turn's message or button, read as the reply to the question that waits."""
        state = _state(self.stored(session))
        index, answers = state["index"], state["answers"]
        turn = session.turn
        dim_id = self.readiness.dimensions[min(index, len(self.readiness.dimensions) - 1)].id
        reply = parse_reply(self.readiness, dim_id, turn.text,
                            dict(turn.value) if turn.value is not None else None)
        log.info("event=readiness_reply index=%d kind=%s", index, reply.kind)

        async def again(new_index: int, note: str | None,
                        new_answers: dict | None = None) -> None:
            await self._ask(session, {
                "index": new_index, "note": note, "user": state["user"],
                "answers": answers if new_answers is None else new_answers})

        if state["user"] and identify(session)[0] != state["user"]:
            # A colleague in the same channel thread: answer them, keep the check as it is.
            if reply.kind == "question" and self.on_other is not None and turn.text:
                await self.on_other(session, turn.text)
            else:
                await session.replies.send(Notice(OTHER_USER))
            await again(index, SILENT)
        elif reply.kind in ("level", "unknown"):
            await self._mark_answered(session, index, reply.level)
            await again(index + 1, None, {**answers, dim_id: reply.level})
        elif reply.kind == "back":
            await (again(index - 1, "back") if index > 0 else again(0, "first"))
        elif reply.kind == "stop":
            await session.replies.send(Notice(STOPPED))
            await self.end(session)
        elif reply.kind == "restart":
            await again(0, "restart", {})
        elif reply.kind in ("resume", "help"):
            await again(index, reply.kind)
        elif reply.kind == "result":
            await self.results.show_latest(session)
            await again(index, "continue")
        elif reply.kind in ("yes", "no"):
            await self._yes_no(state, reply.kind == "yes", session, again)
        elif reply.kind == "question" and self.on_other is not None and turn.text:
            await self.on_other(session, turn.text)
            await again(index, "continue")
        else:
            await again(index, reply.kind if reply.kind in ("stale", "free_text")
                        else "invalid")

    async def _yes_no(self, state: dict[str, Any], yes: bool, session: Session,
                      again: Callable[..., Awaitable[None]]) -> None:
        """A typed "ja"/"nee": the answer to "zullen we verder gaan?" (continue or pause) or
        to "liever opnieuw beginnen?" (restart or go on); elsewhere not an answer."""
        index, asked = state["index"], state["note"]
        if asked in ("continue", SILENT):
            if not yes:
                await session.replies.send(Notice(PAUSED))
            await again(index, "go_on" if yes else SILENT)
        elif asked == "resume":
            await (again(0, "restart", {}) if yes else again(index, "go_on"))
        else:
            await again(index, "yes_no")

    async def _mark_answered(self, session: Session, index: int,
                             level: int | None) -> None:
        """A tapped question card becomes a button-free summary (as feedback cards do), so
        old cards cannot be tapped again. Best effort: a failed update is logged, the check
        goes on. Typed answers have no card to update; an Action.Execute invoke gets its
        card replaced by the invoke response (the next question) instead."""
        turn = session.turn
        tapped = isinstance(turn.value, dict) and turn.value.get("action") == ANSWER
        if not tapped or turn.invoked:
            return
        try:
            await session.replies.replace_tapped(ReadinessAnswered(self.readiness, index, level))
        except Exception as error:  # any connector or Slack failure: go on
            log.warning("event=readiness_card_update_failed %s", kv(
                index=index, channel=turn.channel, status=_status(error),
                error=exception_summary(error)))


def _status(error: Exception) -> int | None:
    """The HTTP status of a connector (msrest) or Slack failure, when it has one."""
    response = getattr(error, "response", None)
    status = (getattr(response, "status_code", None) or getattr(response, "status", None)
              or getattr(error, "status", None))
    return status if isinstance(status, int) else None


def readiness_dialog(services: BotServices, on_other: OnOther | None = None
                     ) -> ReadinessCheck | None:
    """The check for the bot's services; None when the knowledge base has no check."""
    results = results_for(services)
    return (ReadinessCheck(results, on_other, metrics_of(services))
            if results is not None else None)
