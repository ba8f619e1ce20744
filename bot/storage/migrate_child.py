"""Child process that runs the Alembic upgrade for a server (``Database.migrate_if_needed``).

The URL comes from the environment (never argv, which other users can read in ``ps``).
Failure: exit status 1 with one line naming the error type (never the URL or a password).
"""

from __future__ import annotations

import asyncio
import os
import sys

from bot.storage.database import MIGRATE_SCHEMA_ENV, MIGRATE_URL_ENV, Database


async def _run(url: str, schema: str | None) -> None:
    database = Database(url, schema=schema)
    try:
        await database.migrate()
    finally:
        await database.dispose()


def main() -> int:
    url = os.environ.get(MIGRATE_URL_ENV, "")
    if not url:
        print("no database URL given", file=sys.stderr)
        return 2
    try:
        asyncio.run(_run(url, os.environ.get(MIGRATE_SCHEMA_ENV) or None))
    except Exception as exc:  # noqa: BLE001 - one line for the parent, never a traceback
        first = (str(exc).splitlines() or [""])[0][:200]
        print(f"{type(exc).__name__}: {first}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
