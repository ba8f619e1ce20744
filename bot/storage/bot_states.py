"""ConversationState / UserState with cheaper change detection.

botbuilder decides whether state changed by hashing it with ``jsonpickle``'s
``Pickler().flatten`` three times per state per turn (after loading, before saving, after
saving). For a conversation state with a dialog stack and a few cards that was ~1.5 ms each,
the largest single CPU cost of a Blendbot turn. These subclasses compare the JSON of our own
:class:`~bot.storage.state_codec.StateCodec` instead (falling back to jsonpickle for values
the codec refuses), and are otherwise the SDK classes.
"""

from __future__ import annotations

from typing import Any

from botbuilder.core import ConversationState, TurnContext, UserState
from botbuilder.core.bot_assert import BotAssert
from botbuilder.core.bot_state import CachedBotState

from bot.storage.state_codec import StateCodec, StateCodecError

_CODEC = StateCodec()


class JsonCachedBotState(CachedBotState):
    """``CachedBotState`` whose hash is the state's JSON (same role: spot changes)."""

    def compute_hash(self, obj: object) -> str:
        try:
            return _CODEC.dumps(obj)
        except (StateCodecError, TypeError, ValueError, RecursionError):
            return "jsonpickle:" + super().compute_hash(obj)


class _JsonHashMixin:
    """``load`` / ``clear_state`` as in ``botbuilder.core.BotState``, with our cache class."""

    _storage: Any
    _context_service_key: str

    async def load(self, turn_context: TurnContext, force: bool = False) -> None:
        BotAssert.context_not_none(turn_context)
        cached_state = self.get_cached_state(turn_context)  # type: ignore[attr-defined]
        storage_key = self.get_storage_key(turn_context)  # type: ignore[attr-defined]
        if force or not cached_state or not cached_state.state:
            items = await self._storage.read([storage_key])
            turn_context.turn_state[self._context_service_key] = JsonCachedBotState(
                items.get(storage_key))

    async def clear_state(self, turn_context: TurnContext) -> None:
        BotAssert.context_not_none(turn_context)
        cache_value = JsonCachedBotState()
        cache_value.hash = ""  # always "changed": the next save writes the empty state
        turn_context.turn_state[self._context_service_key] = cache_value


class BlendConversationState(_JsonHashMixin, ConversationState):
    """``ConversationState`` with JSON change detection."""


class BlendUserState(_JsonHashMixin, UserState):
    """``UserState`` with JSON change detection."""
