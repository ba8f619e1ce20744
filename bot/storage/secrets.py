"""Server secrets kept in the ``app_secrets`` table: random, made once, shared by replicas.

The first replica to ask inserts a fresh random value; the insert is "if absent", so replicas
starting at the same moment all end up reading the one value that won.
"""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from bot.storage.database import Database, retry_reads
from bot.storage.schema import app_secrets

#: The HMAC key of readiness chart URLs (``dialogs.results.chart_key``).
CHART_KEY_SECRET = "readiness_chart_key"
SECRET_BYTES = 32


async def app_secret(database: Database, name: str) -> bytes:
    """The secret called ``name`` (as HMAC key bytes), created at random on first use."""
    insert = pg_insert if database.is_postgres else sqlite_insert
    statement = insert(app_secrets).values(
        name=name, value=secrets.token_hex(SECRET_BYTES)).on_conflict_do_nothing(
        index_elements=[app_secrets.c.name])
    async with database.begin() as conn:
        await conn.execute(statement)
    return (await _read(database, name)).encode()


@retry_reads
async def _read(database: Database, name: str) -> str:
    async with database.connect() as conn:
        value = (await conn.execute(
            select(app_secrets.c.value).where(app_secrets.c.name == name))).scalar_one()
    return str(value)
