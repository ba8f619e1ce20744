"""A read of one key (every turn's state read) takes its own statement; it returns what the
many-key read returns for that key, on both backends."""

from __future__ import annotations

import uuid

from bot.storage.bf_storage import SqlStorage
from tests.helpers_db import db_url_fixture, migrated  # noqa: F401 - fixture


async def test_one_key_reads_as_part_of_many(db_url: str) -> None:
    async with migrated(db_url) as (db,):
        storage = SqlStorage(db)
        a, b, missing = (f"k-{uuid.uuid4().hex}" for _ in range(3))
        await storage.write({a: {"n": 1}, b: {"n": 2, "tekst": "één"}})
        many = await storage.read([a, b, missing])
        assert set(many) == {a, b}
        for key in (a, b):
            assert await storage.read([key]) == {key: many[key]}
            assert await storage.read([key, key]) == {key: many[key]}
        assert await storage.read([missing]) == {}
        assert many[a]["n"] == 1 and many[b]["tekst"] == "één"
