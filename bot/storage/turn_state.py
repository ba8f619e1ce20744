"""Saving a turn's conversation state safely when several replicas share one database.

Any replica may get any activity of a conversation, so two replicas can run two turns of
one conversation at the same moment: both read the same state, the second save meets a
changed eTag. The policy (issue 5) is that the loser never overwrites and never loses its
update silently:

- nothing was sent in the turn yet: the turn runs once more from the top, on fresh state;
- something was sent already (or the second run conflicts too): the
  :class:`~bot.storage.bf_storage.EtagConflictError` propagates to the channel's error
  handler, which tells the teacher clearly, in Dutch.

Within one process, turns of one conversation take turns first
(:mod:`bot.storage.conversation_locks`), so a double tap on one replica never conflicts.
A state that did not exist when the turn read it is saved "create only": two first turns of
a new conversation on two replicas cannot overwrite each other either.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from bot.core.state import ConversationData
from bot.storage.bf_storage import EtagConflictError
from bot.storage.conversation_locks import locks_for
from bot.storage.conversation_store import ConversationStore

log = logging.getLogger(__name__)

TurnLogic = Callable[[ConversationData], Awaitable[None]]
MAX_ATTEMPTS = 2


async def run_turn_with_state(
    store: ConversationStore,
    key: str,
    logic: TurnLogic,
    responded: Callable[[], bool],
    *,
    attempts: int = MAX_ATTEMPTS,
) -> None:
    """Run ``logic`` on the state under ``key`` and save it; rerun once on an eTag conflict
    if nothing was sent (``responded()``). Turns of one key in this process run one after
    the other."""
    async with locks_for(store.storage).hold(key):
        for attempt in range(1, attempts + 1):
            state = await store.load(key)
            await logic(state)
            try:
                await store.save(key, state)
                return
            except EtagConflictError:
                retry = attempt < attempts and not responded()
                log.warning("event=state_conflict attempt=%d responded=%s action=%s",
                            attempt, responded(), "retry" if retry else "give_up")
                if not retry:
                    raise
