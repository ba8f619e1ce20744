"""Load and save a conversation's :class:`~bot.core.state.ConversationData` with its eTag.

Rows live in the ``bot_state`` table through :class:`~bot.storage.bf_storage.SqlStorage`,
under the keys Bot Framework's ``ConversationState`` used (``<channel>/conversations/<id>``)
and in the same document shape, so state written by earlier versions reads unchanged.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from bot.core.state import ConversationData
from bot.core.turn import Turn
from bot.storage.bf_storage import ETAG, NEW_ITEM_ETAG

log = logging.getLogger(__name__)


class DocumentStorage(Protocol):
    """What :class:`~bot.storage.bf_storage.SqlStorage` offers (read / write / delete)."""

    async def read(self, keys: list[str]) -> dict[str, Any]: ...
    async def write(self, changes: dict[str, Any]) -> None: ...
    async def write_json(self, key: str, document: str, etag: str | None) -> None: ...
    async def delete(self, keys: list[str]) -> None: ...


def conversation_state_key(channel: str, conversation_id: str) -> str:
    """The storage key of a conversation (a channel thread is a conversation of its own)."""
    return f"{channel}/conversations/{conversation_id}"


def state_key_of(turn: Turn) -> str:
    return conversation_state_key(turn.channel, turn.thread)


def user_state_key(channel: str, user_id: str) -> str:
    """The key Bot Framework's ``UserState`` used: "vergeet mij" still deletes such rows."""
    return f"{channel}/users/{user_id}"


class ConversationStore:
    def __init__(self, storage: DocumentStorage) -> None:
        self.storage = storage

    async def load(self, key: str) -> ConversationData:
        item = (await self.storage.read([key])).get(key)
        if not isinstance(item, dict):
            return ConversationData()
        parts = dict(item)
        etag = parts.pop(ETAG, None)
        return ConversationData(parts, etag if isinstance(etag, str) else None)

    async def reload(self, key: str, data: ConversationData) -> None:
        """Carry on from what is stored now (after another writer changed the row)."""
        fresh = await self.load(key)
        data.replace(fresh.to_document(), fresh.etag)

    async def save(self, key: str, data: ConversationData) -> None:
        """Write ``data`` if it changed; only over the row it was read from (else
        :class:`~bot.storage.bf_storage.EtagConflictError`), create-only when it was new."""
        unsaved = data.unsaved()
        if unsaved is None:
            return
        text, plain = unsaved
        etag = data.etag or NEW_ITEM_ETAG
        if plain:  # as every part should be: stored as it is, no walk through the codec
            await self.storage.write_json(key, text, etag)
        else:
            document = data.to_document()
            log.warning("event=state_not_plain_json key_parts=%s", ",".join(document))
            await self.storage.write({key: {**document, ETAG: etag}})
        # The new eTag is not returned; a later save is a new turn's.
        data.mark_saved(None, text if plain else None)

    async def delete(self, key: str) -> None:
        await self.storage.delete([key])
