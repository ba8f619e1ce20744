"""One turn at a time per conversation inside a process.

Two activities of one conversation that reach the same process at once (a double tap, two
teachers in a channel) would both read the same state and the second save would meet a
changed eTag. Taking turns on an asyncio lock per conversation avoids that on one replica;
across replicas the eTag policy (``bot.storage.turn_state``) still holds.

A lock exists only while a turn holds it or waits for it, so the table does not grow with
the number of conversations ever seen.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any


@dataclass
class _Entry:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    users: int = 0


class KeyedLocks:
    """``async with locks.hold(key):`` serialises the holders of one key."""

    def __init__(self) -> None:
        self._entries: dict[str, _Entry] = {}

    def __len__(self) -> int:
        return len(self._entries)

    @asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        entry = self._entries.get(key)
        if entry is None:
            entry = self._entries[key] = _Entry()
        entry.users += 1
        try:
            async with entry.lock:
                yield
        finally:
            entry.users -= 1
            if entry.users == 0 and self._entries.get(key) is entry:
                del self._entries[key]


_PER_STORAGE: weakref.WeakKeyDictionary[Any, KeyedLocks] = weakref.WeakKeyDictionary()
_UNKEYED = KeyedLocks()


def locks_for(storage: Any) -> KeyedLocks:
    """The turn locks of one storage (one app; two apps in one process stay two replicas)."""
    if storage is None:
        return _UNKEYED
    locks = _PER_STORAGE.get(storage)
    if locks is None:
        locks = _PER_STORAGE[storage] = KeyedLocks()
    return locks
