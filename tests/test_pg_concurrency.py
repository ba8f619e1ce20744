"""Real concurrent writers on one state key: two engines ("replicas"), SQLite and PostgreSQL.

No update may get lost: a writer that meets a changed eTag re-reads and tries again, so the
final counter equals the number of increments.
"""

from __future__ import annotations

import asyncio
import uuid

import pytest

from bot.storage.bf_storage import NEW_ITEM_ETAG, EtagConflictError, SqlStorage
from bot.storage.database import Database
from tests.helpers_db import db_url_fixture, replicas_fixture  # noqa: F401 - fixtures

WRITERS = 24


@pytest.fixture
def two_stores(replicas: list[Database]) -> list[SqlStorage]:
    """Two SqlStorages on two separate engines (as two replicas have)."""
    return [SqlStorage(db) for db in replicas]


def _key(name: str) -> str:
    return f"{uuid.uuid4().hex[:8]}/{name}"


async def _increment(store: SqlStorage, key: str, conflicts: list[str]) -> None:
    """Read-modify-write with retry on conflict (what a turn's rerun does)."""
    while True:
        item = (await store.read([key])).get(key) or {"n": 0, "e_tag": NEW_ITEM_ETAG}
        item["n"] += 1
        await asyncio.sleep(0)  # let the other writers read the same version
        try:
            await store.write({key: item})
            return
        except EtagConflictError:
            conflicts.append(key)


async def test_concurrent_increments_lose_nothing(two_stores: list[SqlStorage]) -> None:
    key = _key("counter")
    conflicts: list[str] = []
    await asyncio.gather(*(_increment(two_stores[i % 2], key, conflicts)
                           for i in range(WRITERS)))
    final = await two_stores[0].read([key])
    assert final[key]["n"] == WRITERS
    assert conflicts, "the writers never collided: the test did not test anything"


async def test_create_only_lets_exactly_one_first_writer_win(
        two_stores: list[SqlStorage]) -> None:
    """Two first turns of a new conversation: the second must not overwrite the first."""
    for round_ in range(5):
        key = _key(f"new{round_}")
        results = await asyncio.gather(
            *(s.write({key: {"by": i, "e_tag": NEW_ITEM_ETAG}})
              for i, s in enumerate(two_stores)),
            return_exceptions=True)
        winners = [i for i, r in enumerate(results) if r is None]
        losers = [r for r in results if isinstance(r, Exception)]
        assert len(winners) == 1 and len(losers) == 1, results
        assert isinstance(losers[0], EtagConflictError)
        assert (await two_stores[1].read([key]))[key]["by"] == winners[0]


async def test_create_only_on_an_existing_key_conflicts(two_stores: list[SqlStorage]) -> None:
    key = _key("exists")
    await two_stores[0].write({key: {"v": 1}})
    with pytest.raises(EtagConflictError):
        await two_stores[1].write({key: {"v": 2, "e_tag": NEW_ITEM_ETAG}})
    assert (await two_stores[0].read([key]))[key]["v"] == 1
