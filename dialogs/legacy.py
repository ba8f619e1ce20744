"""Upgrade a conversation whose check was stored by the botbuilder-dialogs waterfall.

Until the check became a plain state machine, the handler kept a botbuilder ``DialogState``
under the conversation-state property ``"DialogState"`` in every conversation (an empty
stack when no check ran). A check in progress was a ``readiness`` component dialog whose
inner stack held the ``readiness.vraag`` waterfall; that step's ``options`` are exactly the
state the machine keeps now. :func:`take_legacy_check` reads them once and drops the old
property, so the document holds the new state only.

Duck-typed on purpose: this module never imports botbuilder.dialogs. (The storage codec may
still import it while it decodes such an old document; see the report of the upgrade.)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.core.state import ConversationData

LEGACY_PROPERTY = "DialogState"
LEGACY_DIALOG_ID = "readiness"
LEGACY_LOOP_ID = "readiness.vraag"


def _stack(dialog_state: object) -> list[Any]:
    """The stack of a ``DialogState`` (object or already plain dict); [] for anything else."""
    stack = (dialog_state.get("_dialog_stack", dialog_state.get("dialog_stack"))
             if isinstance(dialog_state, Mapping)
             else getattr(dialog_state, "_dialog_stack", None))
    return list(stack) if isinstance(stack, list) else []


def _field(instance: object, name: str) -> Any:
    return instance.get(name) if isinstance(instance, Mapping) else getattr(instance, name, None)


def legacy_options(dialog_state: object) -> dict[str, Any] | None:
    """The waterfall options of a stored readiness check; None when there is none."""
    for outer in reversed(_stack(dialog_state)):
        state = _field(outer, "state")
        if _field(outer, "id") != LEGACY_DIALOG_ID or not isinstance(state, Mapping):
            continue
        for inner in reversed(_stack(state.get("dialogs"))):
            inner_state = _field(inner, "state")
            if _field(inner, "id") == LEGACY_LOOP_ID and isinstance(inner_state, Mapping):
                options = inner_state.get("options")
                return dict(options) if isinstance(options, Mapping) else None
    return None


def take_legacy_check(state: ConversationData) -> dict[str, Any] | None:
    """The old check's options, once: the old property is dropped whatever it held."""
    stored = state.get(LEGACY_PROPERTY)
    if stored is None:
        return None
    state.delete(LEGACY_PROPERTY)
    return legacy_options(stored)
