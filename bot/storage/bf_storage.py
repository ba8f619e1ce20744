"""Bot Framework ``Storage`` on the ``bot_state`` table, with eTag optimistic concurrency.

Semantics follow ``botbuilder.core.MemoryStorage`` and botbuilder-azure's storages:

- ``read`` returns a fresh object per key with ``e_tag`` set (dict key or attribute);
  unknown keys are simply absent.
- ``write``: an item whose ``e_tag`` is missing, ``None`` or ``"*"`` overwrites; an item
  carrying an eTag is written only if the stored row still has that eTag (else
  :class:`EtagConflictError`, nothing of the batch written); ``""`` is an error. The caller's
  objects are not modified. An eTag no row carries (:data:`NEW_ITEM_ETAG`) thus means
  "create only": it succeeds only while the key does not exist yet.
- ``delete`` ignores unknown keys.

The check happens in SQL (``UPDATE ... WHERE etag = :old``; an ``INSERT`` that fails when
another writer created the row first), so it holds across processes and replicas.
Documents are JSON via :class:`~bot.storage.state_codec.StateCodec` (no pickle).
"""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from bot.storage.database import Database, retry_reads
from bot.storage.schema import bot_state, utcnow
from bot.storage.state_codec import DEFAULT_ALLOWED_MODULES, TAG, StateCodec, StateCodecError

ETAG = "e_tag"
#: eTag for "write only if nobody created this key meanwhile" (stored eTags are uuid hex).
NEW_ITEM_ETAG = "new-item"
_READ_CHUNK = 500


# Statements are built once; values travel as bind parameters (cheaper per turn).
_SELECT_ITEMS = sa.select(bot_state.c.key, bot_state.c.document, bot_state.c.etag).where(
    bot_state.c.key.in_(sa.bindparam("keys", expanding=True)))
_UPDATE_IF_MATCH = (
    sa.update(bot_state)
    .where(bot_state.c.key == sa.bindparam("b_key"), bot_state.c.etag == sa.bindparam("b_old"))
    .values(document=sa.bindparam("b_doc"), etag=sa.bindparam("b_new"),
            updated_at=sa.bindparam("b_at", type_=bot_state.c.updated_at.type))
)
#: The one key of a turn's state read: without the expanding IN list's per-call rendering.
_SELECT_ONE = sa.select(bot_state.c.key, bot_state.c.document, bot_state.c.etag).where(
    bot_state.c.key == sa.bindparam("key"))
_EXISTS = sa.select(sa.literal(1)).where(bot_state.c.key == sa.bindparam("b_key"))


def _select_rows(conn: Connection, keys: list[str]) -> list[Any]:
    if len(keys) == 1:
        return list(conn.execute(_SELECT_ONE, {"key": keys[0]}))
    rows: list[Any] = []
    for start in range(0, len(keys), _READ_CHUNK):
        rows.extend(conn.execute(_SELECT_ITEMS, {"keys": keys[start : start + _READ_CHUNK]}))
    return rows


class EtagConflictError(KeyError):
    """Another writer changed the item since it was read (stale eTag)."""

    def __str__(self) -> str:
        return f"eTag conflict for state key {self.args[0]!r}"


class CorruptStateError(RuntimeError):
    """A stored state document cannot be decoded; deleting the key recovers."""

    def __init__(self, key: str, reason: str) -> None:
        super().__init__(f"stored state for key {key!r} is unreadable: {reason}")
        self.key = key


def _etag_of(item: Any) -> Any:
    if isinstance(item, Mapping):
        return item.get(ETAG)
    return getattr(item, ETAG, None)


def _set_etag(item: Any, etag: str) -> None:
    if isinstance(item, dict):
        item[ETAG] = etag
        return
    with contextlib.suppress(AttributeError, TypeError):  # plain values carry no eTag
        setattr(item, ETAG, etag)


def _strip_etag(encoded: Any) -> Any:
    """Drop the top-level eTag from an encoded document: it lives in its own column."""
    if isinstance(encoded, dict):
        if encoded.get(TAG) == "object" and isinstance(encoded.get("attrs"), dict):
            encoded["attrs"].pop(ETAG, None)
        elif TAG not in encoded:
            encoded.pop(ETAG, None)
    return encoded


class SqlStorage:
    """Conversation state documents on SQLite or PostgreSQL.

    The interface of Bot Framework's ``Storage`` (``read`` / ``write`` / ``delete``, by duck
    typing: the SDK's state classes still run on it), without importing the SDK."""

    def __init__(
        self, database: Database, *, allowed_modules: Iterable[str] = DEFAULT_ALLOWED_MODULES,
        legacy_as_dict: bool = False,
    ) -> None:
        self.database = database
        self.codec = StateCodec(allowed_modules, legacy_as_dict=legacy_as_dict)

    @retry_reads
    async def read(self, keys: Iterable[str] | None) -> dict[str, Any]:
        if keys is None:
            raise ValueError("Keys are required when reading")
        wanted = list(dict.fromkeys(keys))
        if not wanted:
            return {}
        rows = await self.database.run_read(lambda conn: _select_rows(conn, wanted))
        items: dict[str, Any] = {}
        for key, document, etag in rows:
            try:
                item = self._load(document)
            except StateCodecError as exc:
                raise CorruptStateError(key, str(exc)) from exc
            _set_etag(item, etag)
            items[key] = item
        return items

    async def write(self, changes: Mapping[str, Any] | None) -> None:
        if changes is None:
            raise ValueError("Changes are required when writing")
        if not changes:
            return
        prepared: list[tuple[str, Any, str]] = []
        for key, item in changes.items():
            etag = _etag_of(item)
            if etag == "":
                raise ValueError(f"SqlStorage.write(): etag missing for key {key!r}")
            document = self.codec.to_jsonable(item)
            prepared.append((key, etag, self._dump(_strip_etag(document))))
        await self._write_prepared(prepared)

    async def write_json(self, key: str, document: str, etag: str | None) -> None:
        """Write a document that is JSON text already (plain JSON, no eTag inside), with
        the eTag rules of :meth:`write`: the cheap path for state that is plain JSON."""
        if etag == "":
            raise ValueError(f"SqlStorage.write_json(): etag missing for key {key!r}")
        await self._write_prepared([(key, etag, document)])

    async def _write_prepared(self, prepared: list[tuple[str, Any, str]]) -> None:
        await self.database.run_write(lambda conn: self._write_rows(conn, prepared))

    def _write_rows(self, conn: Connection, prepared: list[tuple[str, Any, str]]) -> None:
        for key, etag, document in prepared:
            if etag is None or etag == "*":
                self._upsert(conn, key, document)
            else:
                self._write_if_match(conn, key, str(etag), document)

    async def delete(self, keys: Iterable[str] | None) -> None:
        wanted = list(dict.fromkeys(keys or ()))
        if not wanted:
            return
        async with self.database.begin() as conn:
            for start in range(0, len(wanted), _READ_CHUNK):
                chunk = wanted[start : start + _READ_CHUNK]
                await conn.execute(sa.delete(bot_state).where(bot_state.c.key.in_(chunk)))

    # ---- SQL --------------------------------------------------------------------------
    def _load(self, document: str) -> Any:
        """A stored document; one without a tagged value (``"$t"``, as every document of
        plain JSON) is taken as it is, without walking it through the codec."""
        if isinstance(document, str) and f'"{TAG}"' not in document:
            try:
                return json.loads(document)
            except ValueError as exc:
                raise StateCodecError(f"stored state is not valid JSON: {exc}") from exc
        return self.codec.loads(document)

    @staticmethod
    def _dump(encoded: Any) -> str:
        return json.dumps(encoded, ensure_ascii=True, separators=(",", ":"))

    def _insert(self) -> Any:
        if self.database.is_postgres:
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        return insert(bot_state)

    def _upsert(self, conn: Connection, key: str, document: str) -> None:
        stmt = self._insert().values(
            key=key, document=document, etag=uuid.uuid4().hex, updated_at=utcnow()
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=[bot_state.c.key],
            set_={
                "document": stmt.excluded.document,
                "etag": stmt.excluded.etag,
                "updated_at": stmt.excluded.updated_at,
            },
        )
        conn.execute(stmt)

    def _write_if_match(self, conn: Connection, key: str, etag: str, document: str) -> None:
        new_etag = uuid.uuid4().hex
        result = conn.execute(_UPDATE_IF_MATCH, {
            "b_key": key, "b_old": etag, "b_doc": document, "b_new": new_etag, "b_at": utcnow()})
        if result.rowcount == 1:
            return
        exists = conn.scalar(_EXISTS, {"b_key": key})
        if exists:
            raise EtagConflictError(key)
        # The row is gone (deleted since it was read): create it, unless someone else just did.
        try:
            conn.execute(
                sa.insert(bot_state).values(
                    key=key, document=document, etag=new_etag, updated_at=utcnow()
                )
            )
        except IntegrityError as exc:  # the whole batch rolls back
            raise EtagConflictError(key) from exc
