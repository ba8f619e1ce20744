"""The server migrates only a schema that is not current, and then in a child process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from bot.storage.database import Database, head_revision, migration_heads


def test_heads_from_the_files_match_alembic() -> None:
    assert migration_heads() == {head_revision()}


async def test_fresh_file_database_is_migrated_then_left_alone(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    try:
        assert not await db.schema_is_current()
        assert await db.migrate_if_needed() is True  # ran in a child process
        async with db.connect() as conn:
            version = await conn.scalar(sa.text("SELECT version_num FROM alembic_version"))
        assert version == head_revision()
        assert await db.schema_is_current()
        assert await db.migrate_if_needed() is False
    finally:
        await db.dispose()


async def test_in_memory_database_is_migrated_in_process() -> None:
    db = Database("sqlite:///:memory:")
    try:
        assert await db.migrate_if_needed() is True
        assert await db.schema_is_current()
    finally:
        await db.dispose()


def test_a_current_schema_never_imports_alembic(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    code = (
        "import asyncio, sys\n"
        "from bot.storage.database import Database\n"
        f"db = Database({url!r})\n"
        "async def go():\n"
        "    first = await db.migrate_if_needed()\n"
        "    second = await db.migrate_if_needed()\n"
        "    await db.dispose()\n"
        "    loaded = any(m.split('.')[0] in ('alembic', 'mako') for m in sys.modules)\n"
        "    print(first, second, loaded)\n"
        "asyncio.run(go())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parents[1])
    assert out.stdout.split() == ["True", "False", "False"]
