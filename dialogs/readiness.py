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

from bot.channels.botframework_reply import send, supports_update, to_activity
from bot.logging_setup import exception_summary, kv
from bot.metrics import Metrics, metrics_of
from bot.render.readiness_cards import (
    OTHER_USER,
    PAUSED,
    STOPPED,
    ReadinessAnswered,
    ReadinessQuestion,
)
from dialogs.answers import ANSWER, parse_reply
from dialogs.legacy import take_legacy_check
from dialogs.results import ReadinessResults, identify, results_for

if TYPE_CHECKING:
    from botbuilder.core import BotState, TurnContext

    from bot.services import BotServices

log = logging.getLogger(__name__)

DIALOG_ID = "readiness"
#: Conversation-state property holding the state of a check in progress.
STATE_PROPERTY = "BlendbotReadiness"
#: Note that waits for the next reply without asking again (after a colleague's message).
SILENT = "silent"
#: An activity type that is an Action.Execute (its card is replaced by the invoke response).
_INVOKE = "invoke"

#: Called with a message that is not an answer (a blended question, another command): the
#: bot answers it as it would outside the check, then the check offers to continue.
OnOther = Callable[["TurnContext", str], Awaitable[None]]


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

    def __init__(self, results: ReadinessResults, conversation_state: BotState,
                 on_other: OnOther | None = None, metrics: Metrics | None = None) -> None:
        self.results = results
        self.metrics = metrics or Metrics()
        self.readiness = results.readiness
        self.on_other = on_other
        self.conversation_state = conversation_state
        self.property = conversation_state.create_property(STATE_PROPERTY)

    async def stored(self, turn_context: TurnContext) -> dict[str, Any] | None:
        """The state of the check in progress in this conversation; None when there is none."""
        stored = await self.property.get(turn_context)
        if stored is None:
            legacy = await take_legacy_check(turn_context, self.conversation_state)
            if legacy is not None:
                log.info("event=readiness_state_upgraded")
                stored = _state(legacy)
                await self.property.set(turn_context, stored)
        return stored if isinstance(stored, dict) else None

    async def active(self, turn_context: TurnContext) -> bool:
        return await self.stored(turn_context) is not None

    async def begin(self, turn_context: TurnContext) -> None:
        """A fresh check, owned by the teacher who started it (a channel thread is shared)."""
        owner = identify(turn_context)[0]
        self.metrics.readiness_check_started()
        await self._ask(turn_context, {**_state(None), "user": owner})

    async def end(self, turn_context: TurnContext) -> None:
        if await self.property.get(turn_context) is not None:
            await self.property.delete(turn_context)

    async def _ask(self, turn_context: TurnContext, state: dict[str, Any]) -> None:
        """Ask question ``index`` (or finish) and keep the state for the reply."""
        index, answers = state["index"], state["answers"]
        if index >= len(self.readiness.dimensions):
            await self.results.finish(turn_context, answers)
            self.metrics.readiness_check_finished()
            await self.end(turn_context)
            return
        await self.property.set(turn_context, state)
        if state["note"] == SILENT:
            return
        dim_id = self.readiness.dimensions[index].id
        await send(turn_context, ReadinessQuestion(
            self.readiness, index, state["note"], earlier=answers.get(dim_id),
            has_earlier=dim_id in answers))

    async def reply(self, turn_context: TurnContext) -> None:
        """This turn's message or button, read as the reply to the question that waits."""
        state = _state(await self.stored(turn_context))
        index, answers = state["index"], state["answers"]
        activity = turn_context.activity
        dim_id = self.readiness.dimensions[min(index, len(self.readiness.dimensions) - 1)].id
        reply = parse_reply(self.readiness, dim_id, activity.text, activity.value)
        log.info("event=readiness_reply index=%d kind=%s", index, reply.kind)

        async def again(new_index: int, note: str | None,
                        new_answers: dict | None = None) -> None:
            await self._ask(turn_context, {
                "index": new_index, "note": note, "user": state["user"],
                "answers": answers if new_answers is None else new_answers})

        if state["user"] and identify(turn_context)[0] != state["user"]:
            # A colleague in the same channel thread: answer them, keep the check as it is.
            if reply.kind == "question" and self.on_other is not None and activity.text:
                await self.on_other(turn_context, activity.text)
            else:
                await turn_context.send_activity(OTHER_USER)
            await again(index, SILENT)
        elif reply.kind in ("level", "unknown"):
            await self._mark_answered(turn_context, index, reply.level)
            await again(index + 1, None, {**answers, dim_id: reply.level})
        elif reply.kind == "back":
            await (again(index - 1, "back") if index > 0 else again(0, "first"))
        elif reply.kind == "stop":
            await turn_context.send_activity(STOPPED)
            await self.end(turn_context)
        elif reply.kind == "restart":
            await again(0, "restart", {})
        elif reply.kind in ("resume", "help"):
            await again(index, reply.kind)
        elif reply.kind == "result":
            await self.results.show_latest(turn_context)
            await again(index, "continue")
        elif reply.kind in ("yes", "no"):
            await self._yes_no(state, reply.kind == "yes", turn_context, again)
        elif reply.kind == "question" and self.on_other is not None and activity.text:
            await self.on_other(turn_context, activity.text)
            await again(index, "continue")
        else:
            await again(index, reply.kind if reply.kind in ("stale", "free_text")
                        else "invalid")

    async def _yes_no(self, state: dict[str, Any], yes: bool, turn_context: TurnContext,
                      again: Callable[..., Awaitable[None]]) -> None:
        """A typed "ja"/"nee": the answer to "zullen we verder gaan?" (continue or pause) or
        to "liever opnieuw beginnen?" (restart or go on); elsewhere not an answer."""
        index, asked = state["index"], state["note"]
        if asked in ("continue", SILENT):
            if not yes:
                await turn_context.send_activity(PAUSED)
            await again(index, "go_on" if yes else SILENT)
        elif asked == "resume":
            await (again(0, "restart", {}) if yes else again(index, "go_on"))
        else:
            await again(index, "yes_no")

    async def _mark_answered(self, turn_context: TurnContext, index: int,
                             level: int | None) -> None:
        """A tapped question card becomes a button-free summary (as feedback cards do), so
        old cards cannot be tapped again. Best effort: a failed update is logged, the check
        goes on. Typed answers have no card to update; an Action.Execute invoke gets its
        card replaced by the invoke response instead."""
        activity = turn_context.activity
        tapped = isinstance(activity.value, dict) and activity.value.get("action") == ANSWER
        if (not tapped or not activity.reply_to_id or activity.type == _INVOKE
                or not supports_update(activity.channel_id)):
            return
        message = to_activity(ReadinessAnswered(self.readiness, index, level),
                              activity.channel_id)
        message.id = activity.reply_to_id
        try:
            await turn_context.update_activity(message)
        except Exception as error:  # any connector or Slack failure: go on
            log.warning("event=readiness_card_update_failed %s", kv(
                index=index, channel=activity.channel_id, status=_status(error),
                error=exception_summary(error)))


def _status(error: Exception) -> int | None:
    """The HTTP status of a connector (msrest) or Slack failure, when it has one."""
    response = getattr(error, "response", None)
    status = getattr(response, "status_code", None) or getattr(error, "status", None)
    return status if isinstance(status, int) else None


def readiness_dialog(services: BotServices, on_other: OnOther | None = None
                     ) -> ReadinessCheck | None:
    """The check for the bot's services; None when the knowledge base has no check."""
    results = results_for(services)
    return (ReadinessCheck(results, services.conversation_state, on_other,
                           metrics_of(services))
            if results is not None else None)
