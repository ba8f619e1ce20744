"""What every channel does when a turn fails: the Dutch notices, and whether the stored
conversation state (not our code) was the cause, so the channel can drop that state."""

from __future__ import annotations

import re

from bot.storage.bf_storage import CorruptStateError

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
