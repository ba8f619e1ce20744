"""Saving a turn's Bot Framework state safely when several replicas share one database.

Any replica may get any activity of a conversation, so two replicas can run two turns of
one conversation at the same moment: both read the same state, the second save meets a
changed eTag. The policy (issue 5) is that the loser never overwrites and never loses its
update silently:

- nothing was sent in the turn yet: the turn runs once more from the top, on fresh state;
- something was sent already (or the second run conflicts too): the
  :class:`~bot.storage.bf_storage.EtagConflictError` propagates to ``on_turn_error``
  (``bot.channels.botframework_adapter``), which tells the teacher clearly, in Dutch.

Within one process, turns of one conversation take turns first
(:mod:`bot.storage.conversation_locks`), so a double tap on one replica never conflicts.

A state that did not exist when the turn read it is saved "create only"
(:data:`~bot.storage.bf_storage.NEW_ITEM_ETAG`): two first turns of a new conversation on
two replicas cannot overwrite each other either.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence

from botbuilder.core import BotState, TurnContext

from bot.storage.bf_storage import ETAG, NEW_ITEM_ETAG, EtagConflictError
from bot.storage.conversation_locks import locks_for

log = logging.getLogger(__name__)

TurnLogic = Callable[[TurnContext], Awaitable[None]]
MAX_ATTEMPTS = 2


async def run_turn_with_state(
    context: TurnContext,
    logic: TurnLogic,
    states: Sequence[BotState],
    *,
    attempts: int = MAX_ATTEMPTS,
) -> None:
    """Run ``logic`` and save ``states``; rerun once on an eTag conflict if nothing was sent.

    Turns of one conversation in this process run one after the other.
    """
    locks = locks_for(getattr(states[0], "_storage", None) if states else None)
    async with locks.hold(conversation_lock_key(context)):
        await _run(context, logic, states, attempts)


def conversation_lock_key(context: TurnContext) -> str:
    activity = context.activity
    conversation = activity.conversation.id if activity.conversation else ""
    return f"{activity.channel_id or ''}/{conversation or ''}"


async def _run(context: TurnContext, logic: TurnLogic, states: Sequence[BotState],
               attempts: int) -> None:
    for attempt in range(1, attempts + 1):
        await logic(context)
        saved = 0
        try:
            for state in states:
                await save_state(context, state)
                saved += 1
            return
        except EtagConflictError:
            retry = attempt < attempts and not context.responded and saved == 0
            log.warning("event=state_conflict attempt=%d responded=%s action=%s",
                        attempt, context.responded, "retry" if retry else "give_up")
            if not retry:
                raise
        for state in states:  # fresh state for the next run (only what this turn had read)
            if state.get_cached_state(context) is not None:
                await state.load(context, force=True)


async def save_state(context: TurnContext, state: BotState) -> None:
    """``state.save_changes``, with a state that is new in storage written create-only."""
    cached = state.get_cached_state(context)
    if cached is None or not cached.is_changed:
        return
    if isinstance(cached.state, dict) and not cached.state.get(ETAG):
        cached.state[ETAG] = NEW_ITEM_ETAG
    await state.save_changes(context)
