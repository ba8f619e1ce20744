"""What every channel does when a turn fails: log it (never a teacher's text), drop a stored
conversation state that caused it, and tell the teacher in Dutch. The channels only say how
to reply (:func:`handle_turn_failure`'s ``say`` and ``apologise``)."""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from bot.logging_setup import exception_summary, kv
from bot.storage.bf_storage import CorruptStateError, EtagConflictError

if TYPE_CHECKING:
    from bot.storage.conversation_store import ConversationStore

log = logging.getLogger(__name__)

APOLOGY = "Sorry, er ging iets mis aan mijn kant. Probeer het zo nog eens."
#: Another replica changed this conversation during a turn that had already answered.
CONFLICT_NOTICE = ("Let op: er kwamen twee berichten tegelijk binnen. Mijn antwoord hierboven "
                   "klopt, maar ik heb het niet kunnen onthouden. Stuur je laatste bericht "
                   "gerust nog een keer.")
_DIALOG_STACK_BROKEN = re.compile(
    r"Can't continue dialog|Can't resume previous dialog|Can't find A dialog"
)


def is_corrupt_state(error: BaseException) -> bool:
    """True when the stored conversation state (not our code) made the turn fail."""
    seen = 0
    current: BaseException | None = error
    while current is not None and seen < 10:
        if isinstance(current, CorruptStateError):
            return True
        if _DIALOG_STACK_BROKEN.search(str(current.args[0]) if current.args else ""):
            return True
        current = current.__cause__ or current.__context__
        seen += 1
    return False


async def handle_turn_failure(
    error: BaseException, *, responded: bool, conversations: ConversationStore | None,
    state_key: str, say: Callable[[str], Awaitable[Any]],
    apologise: Callable[[], Awaitable[Any]], **fields: Any,
) -> None:
    """Log the failure (``fields`` name the turn: channel, activity type ...), delete a
    corrupt state row under ``state_key``, then ``say`` the conflict notice when the answer
    had gone out before another replica changed the state, else ``apologise``."""
    corrupt = is_corrupt_state(error)
    conflict_after_reply = isinstance(error, EtagConflictError) and responded
    log.log(logging.WARNING if conflict_after_reply else logging.ERROR,
            "event=turn_error %s", kv(error=exception_summary(error), **fields,
                                      corrupt_state=corrupt, responded=responded))
    if corrupt and conversations is not None:
        try:  # the unreadable row goes; the next turn starts on empty state
            await conversations.delete(state_key)
            log.warning("event=conversation_state_cleared reason=corrupt")
        except Exception as exc:
            log.error("event=state_clear_failed %s", kv(error=exception_summary(exc)))
    try:
        if conflict_after_reply:  # the answer went out, but what it changed was not saved
            await say(CONFLICT_NOTICE)
        else:
            await apologise()
    except Exception as exc:
        log.error("event=apology_failed %s", kv(error=exception_summary(exc)))
