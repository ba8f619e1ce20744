"""ConversationState / UserState with cheaper change detection.

botbuilder decides whether state changed by hashing it with ``jsonpickle``'s
``Pickler().flatten`` three times per state per turn (after loading, before saving, after
saving). For a conversation state with a dialog stack and a few cards that was ~1.5 ms each,
the largest single CPU cost of a Blendbot turn. These subclasses compare a JSON rendering
made by the C encoder of :mod:`json` instead (objects become their class name plus
attributes), falling back to jsonpickle for anything it cannot render, and are otherwise
the SDK classes. The hash only has to change when the state changes; it is never stored.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime, time
from enum import Enum
from typing import Any

from botbuilder.core import ConversationState, TurnContext, UserState
from botbuilder.core.bot_assert import BotAssert
from botbuilder.core.bot_state import CachedBotState
from pydantic import BaseModel


def _render(obj: Any) -> Any:
    """``json.dumps`` ``default`` hook: what makes an object different from another."""
    cls = type(obj)
    name = f"{cls.__module__}.{cls.__qualname__}"
    if isinstance(obj, Enum):
        return {"$enum": name, "v": obj.value}
    if isinstance(obj, (set, frozenset)):
        return {"$set": sorted(map(repr, obj))}
    if isinstance(obj, (datetime, date, time)):
        return {"$dt": obj.isoformat()}
    if isinstance(obj, BaseModel):
        return {"$model": name, "v": obj.model_dump(mode="python")}
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {"$dc": name, "v": {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}}
    if hasattr(obj, "__dict__"):
        return {"$obj": name, "v": vars(obj)}
    raise TypeError(f"cannot render {name}")


def state_hash(obj: object) -> str:
    """A string that changes whenever ``obj`` (plain data and objects) changes."""
    return json.dumps(obj, default=_render, ensure_ascii=False, allow_nan=True)


class JsonCachedBotState(CachedBotState):
    """``CachedBotState`` whose hash is a JSON rendering (same role: spot changes)."""

    def compute_hash(self, obj: object) -> str:
        try:
            return state_hash(obj)
        except (TypeError, ValueError, RecursionError):  # e.g. tuple keys, a cycle
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
