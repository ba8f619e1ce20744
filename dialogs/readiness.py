"""The readiness check dialog: twelve questions, one tap each, then the result.

A ``ComponentDialog`` with one two-step ``WaterfallDialog`` that loops with
``replace_dialog``: step 1 asks question ``index`` and waits, step 2 reads the reply and
starts the loop again with new options. The options are the whole state of the check
(``{"index": int, "answers": {dimension: level | None}, "note": str | None}``), plain JSON,
so the handler's per-turn save of conversation state is all it takes to resume after the
teacher leaves or the bot restarts. Questions are re-rendered from ``readiness.yaml`` on
resume, never stored. A tapped question card is updated in place to a button-free summary
("... — jouw antwoord: Toepassen") before the next question is sent.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from botbuilder.core import TurnContext
from botbuilder.dialogs import (
    ComponentDialog,
    Dialog,
    DialogContext,
    DialogTurnResult,
    WaterfallDialog,
    WaterfallStepContext,
)
from botbuilder.schema import ActivityTypes

from bot.logging_setup import exception_summary, kv
from bot.metrics import Metrics, metrics_of
from bot.render.readiness_cards import (
    OTHER_USER,
    PAUSED,
    STOPPED,
    answered_activity,
    question_activity,
)
from bot.render.reply import supports_update
from dialogs.answers import ANSWER, parse_reply
from dialogs.results import ReadinessResults, identify, results_for

if TYPE_CHECKING:
    from bot.services import BotServices

log = logging.getLogger(__name__)

DIALOG_ID = "readiness"
LOOP_ID = "readiness.vraag"
#: Note that re-enters the loop without asking again (after a colleague's message).
SILENT = "silent"

#: Called with a message that is not an answer (a blended question, another command): the
#: bot answers it as it would outside the check, then the check offers to continue.
OnOther = Callable[[TurnContext, str], Awaitable[None]]


def _state(options: object) -> dict[str, Any]:
    """The check's state from the waterfall options; a fresh check for anything else."""
    if isinstance(options, dict) and isinstance(options.get("answers"), dict):
        index = options.get("index")
        return {"index": index if isinstance(index, int) and index >= 0 else 0,
                "answers": dict(options["answers"]), "note": options.get("note"),
                "user": options.get("user")}
    user = options.get("user") if isinstance(options, dict) else None
    return {"index": 0, "answers": {}, "note": "intro", "user": user}


class ReadinessDialog(ComponentDialog):
    """``begin_dialog("readiness")`` starts a fresh check; the result ends it."""

    def __init__(self, results: ReadinessResults, on_other: OnOther | None = None,
                 metrics: Metrics | None = None) -> None:
        super().__init__(DIALOG_ID)
        self.results = results
        self.metrics = metrics or Metrics()
        self.readiness = results.readiness
        self.on_other = on_other
        self.add_dialog(WaterfallDialog(LOOP_ID, [self._ask, self._read]))
        self.initial_dialog_id = LOOP_ID

    async def begin_dialog(self, dialog_context: DialogContext,
                           options: object = None) -> DialogTurnResult:
        """A fresh check, owned by the teacher who started it (a channel thread is shared)."""
        owner = identify(dialog_context.context)[0]
        self.metrics.readiness_check_started()
        return await super().begin_dialog(dialog_context, {**_state(options), "user": owner})

    async def _ask(self, step: WaterfallStepContext) -> DialogTurnResult:
        state = _state(step.options)
        index, answers = state["index"], state["answers"]
        total = len(self.readiness.dimensions)
        if index >= total:
            stored = await self.results.finish(step.context, answers)
            self.metrics.readiness_check_finished()
            return await step.end_dialog({"status": "done", "result_id": stored.id})
        if state["note"] == SILENT:
            return Dialog.end_of_turn
        dim_id = self.readiness.dimensions[index].id
        activity = question_activity(
            self.readiness, index, step.context.activity.channel_id, state["note"],
            earlier=answers.get(dim_id), has_earlier=dim_id in answers)
        await step.context.send_activity(activity)
        return Dialog.end_of_turn

    async def _read(self, step: WaterfallStepContext) -> DialogTurnResult:
        state = _state(step.options)
        index, answers = state["index"], state["answers"]
        activity = step.context.activity
        dim_id = self.readiness.dimensions[min(index, len(self.readiness.dimensions) - 1)].id
        reply = parse_reply(self.readiness, dim_id, activity.text, activity.value)
        log.info("event=readiness_reply index=%d kind=%s", index, reply.kind)

        def again(new_index: int, note: str | None, new_answers: dict | None = None):
            options = {"index": new_index, "note": note, "user": state["user"],
                       "answers": answers if new_answers is None else new_answers}
            return step.replace_dialog(LOOP_ID, options)

        if state["user"] and identify(step.context)[0] != state["user"]:
            # A colleague in the same channel thread: answer them, keep the check as it is.
            if reply.kind == "question" and self.on_other is not None and activity.text:
                await self.on_other(step.context, activity.text)
            else:
                await step.context.send_activity(OTHER_USER)
            return await again(index, SILENT)
        if reply.kind in ("level", "unknown"):
            await self._mark_answered(step.context, index, reply.level)
            return await again(index + 1, None, {**answers, dim_id: reply.level})
        if reply.kind == "back":
            return await again(index - 1, "back") if index > 0 else await again(0, "first")
        if reply.kind == "stop":
            await step.context.send_activity(STOPPED)
            return await step.end_dialog({"status": "stopped"})
        if reply.kind == "restart":
            return await again(0, "restart", {})
        if reply.kind == "resume":
            return await again(index, "resume")
        if reply.kind == "result":
            await self.results.show_latest(step.context)
            return await again(index, "continue")
        if reply.kind == "help":
            return await again(index, "help")
        if reply.kind in ("yes", "no"):
            return await self._yes_no(step, state, reply.kind == "yes", again)
        if reply.kind == "question" and self.on_other is not None and activity.text:
            await self.on_other(step.context, activity.text)
            return await again(index, "continue")
        return await again(index, reply.kind if reply.kind in ("stale", "free_text")
                           else "invalid")

    async def _yes_no(self, step: WaterfallStepContext, state: dict[str, Any], yes: bool,
                      again: Callable[..., Awaitable[DialogTurnResult]]) -> DialogTurnResult:
        """A typed "ja"/"nee": the answer to "zullen we verder gaan?" (continue or pause) or
        to "liever opnieuw beginnen?" (restart or go on); elsewhere not an answer."""
        index, asked = state["index"], state["note"]
        if asked in ("continue", SILENT):
            if yes:
                return await again(index, "go_on")
            await step.context.send_activity(PAUSED)
            return await again(index, SILENT)
        if asked == "resume":
            return await again(0, "restart", {}) if yes else await again(index, "go_on")
        return await again(index, "yes_no")

    async def _mark_answered(self, turn_context: TurnContext, index: int,
                             level: int | None) -> None:
        """A tapped question card becomes a button-free summary (as feedback cards do), so
        old cards cannot be tapped again. Best effort: a failed update is logged, the check
        goes on. Typed answers have no card to update; an Action.Execute invoke gets its
        card replaced by the invoke response instead."""
        activity = turn_context.activity
        tapped = isinstance(activity.value, dict) and activity.value.get("action") == ANSWER
        if (not tapped or not activity.reply_to_id or activity.type == ActivityTypes.invoke
                or not supports_update(activity.channel_id)):
            return
        message = answered_activity(self.readiness, index, level, activity.channel_id)
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
                     ) -> ReadinessDialog | None:
    """The dialog for the bot's services; None when the knowledge base has no check."""
    results = results_for(services)
    return (ReadinessDialog(results, on_other, metrics_of(services))
            if results is not None else None)
