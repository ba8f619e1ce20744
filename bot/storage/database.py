"""One SQLAlchemy AsyncEngine for SQLite (aiosqlite) or PostgreSQL (asyncpg), plus migrations.

``Database(url)`` accepts the plain URLs people write (``sqlite:///blendbot.sqlite3``,
``postgresql://user@host/db``, ``postgres://...``) and maps them onto the async drivers.
On PostgreSQL an optional schema (argument, or a ``?schema=name`` query parameter on the URL)
becomes the connection's ``search_path``, so every table, including Alembic's version table,
lives there: tests use one throw-away schema per run.
"""

from __future__ import annotations

import ast
import asyncio
import functools
import logging
import os
import re
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from alembic.config import Config

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import StaticPool
from tenacity import retry, retry_if_exception, stop_after_attempt, wait_exponential

from bot.storage.sqlite_inline import Busy, InlineSqlite
from bot.storage.sqlite_terminate import WorkerStops, terminate_without_waiting

log = logging.getLogger(__name__)
T = TypeVar("T")

MIGRATIONS_DIR = Path(__file__).with_name("migrations")

#: Key for ``pg_advisory_lock``: only one replica migrates at a time ("BlendBot" in ASCII).
MIGRATION_LOCK_KEY = 0x426C656E64426F74

_SCHEMA_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")
_SQLITE_SCHEMES = {"sqlite", "sqlite+pysqlite", "sqlite+aiosqlite"}
_POSTGRES_SCHEMES = {
    "postgres",
    "postgresql",
    "postgresql+asyncpg",
    "postgresql+psycopg",
    "postgresql+psycopg2",
}
SQLITE_BUSY_TIMEOUT_MS = 10_000
PG_CONNECT_TIMEOUT_S = 5.0


def is_connection_error(exc: BaseException) -> bool:
    """True when ``exc`` means the database connection was lost or could not be made."""
    if isinstance(exc, DBAPIError):
        return bool(exc.connection_invalidated) or isinstance(exc.orig, OSError)
    return isinstance(exc, OSError | TimeoutError)


#: For idempotent reads only: a dropped connection is retried on a fresh one, briefly
#: (a write whose commit may have happened cannot be repeated blindly under eTags).
_READ_RETRY_FIRST_WAIT_S = 0.05
_read_retries = retry(  # the second and third try, after a first one failed
    retry=retry_if_exception(is_connection_error),
    stop=stop_after_attempt(2),
    wait=wait_exponential(multiplier=0.1, max=0.5),
    reraise=True,
)


def retry_reads(read: Callable[..., Awaitable[T]]) -> Callable[..., Awaitable[T]]:
    """Up to three tries of ``read`` on a lost connection. The first try runs without the
    retry machinery, which costs ~35 us a call on the hot path (every state read)."""
    again = _read_retries(read)

    @functools.wraps(read)
    async def first_then_retry(*args: Any, **kwargs: Any) -> T:
        try:
            return await read(*args, **kwargs)
        except Exception as exc:
            if not is_connection_error(exc):
                raise
        await asyncio.sleep(_READ_RETRY_FIRST_WAIT_S)
        return await again(*args, **kwargs)

    return first_then_retry


class DatabaseURLError(ValueError):
    """The configured database URL cannot be used (the message never contains a password)."""


def normalize_url(url: str) -> str:
    """Map a plain database URL onto its async driver.

    ``sqlite:///file`` -> ``sqlite+aiosqlite:///file``; ``postgresql://`` and ``postgres://``
    -> ``postgresql+asyncpg://``. Anything else raises :class:`DatabaseURLError`.
    """
    scheme, sep, rest = url.strip().partition("://")
    if not sep:
        raise DatabaseURLError("database URL must look like sqlite:///file or postgresql://...")
    lowered = scheme.lower()
    if lowered in _SQLITE_SCHEMES:
        return f"sqlite+aiosqlite://{rest}"
    if lowered in _POSTGRES_SCHEMES:
        return f"postgresql+asyncpg://{rest}"
    raise DatabaseURLError(
        f"unsupported database URL scheme '{scheme}' (use sqlite:/// or postgresql://)"
    )


class MigrationError(SQLAlchemyError):
    """The migration child process failed; ``str()`` is its last line of output."""


#: The migration child reads the database URL (with its password) from here, not from argv.
MIGRATE_URL_ENV = "BLENDBOT_MIGRATE_URL"
MIGRATE_SCHEMA_ENV = "BLENDBOT_MIGRATE_SCHEMA"


def _alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str | None:
    """The newest migration's revision id."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def migration_heads() -> frozenset[str]:
    """The newest revision id(s), read from the migration files without importing Alembic.

    Alembic, Mako and Pygments cost the server ~15 MB that stays mapped after one upgrade;
    comparing this with the database's ``alembic_version`` lets a current schema skip them.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        for node in ast.parse(path.read_text("utf-8")).body:
            if not (isinstance(node, ast.Assign) and len(node.targets) == 1
                    and isinstance(node.targets[0], ast.Name)
                    and node.targets[0].id in ("revision", "down_revision")):
                continue
            name, value = node.targets[0].id, ast.literal_eval(node.value)
            if name == "revision":
                revisions.add(str(value))
            elif name == "down_revision" and value is not None:
                parents.update([value] if isinstance(value, str) else value)
    return frozenset(revisions - parents)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Deleted rows ("vergeet mij", expired texts) are overwritten, not left in free pages.
        cursor.execute("PRAGMA secure_delete=ON")
    finally:
        cursor.close()


async def checkpoint_wal(engine: AsyncEngine) -> bool:
    """SQLite: copy the WAL into the database file and truncate it, so that deleted rows do
    not linger in the ``-wal`` file. True when the WAL is empty now; a no-op elsewhere."""
    if engine.dialect.name != "sqlite":
        return True
    async with engine.connect() as conn:
        busy, _log, _done = (await conn.exec_driver_sql(
            "PRAGMA wal_checkpoint(TRUNCATE)")).one()
        await conn.commit()
    if busy:
        log.warning("event=wal_checkpoint_busy")
    return not busy


class Database:
    """The async engine plus start-up migration; ``dispose()`` when done."""

    def __init__(self, url: str, *, schema: str | None = None, echo: bool = False) -> None:
        parsed = make_url(normalize_url(url))
        url_schema = parsed.query.get("schema")
        if isinstance(url_schema, tuple):
            url_schema = url_schema[-1]
        parsed = parsed.difference_update_query(["schema"])
        self.url: URL = parsed
        self.dialect: str = parsed.get_backend_name()
        self.schema: str | None = (schema or url_schema or None) if self.is_postgres else None
        if self.schema is not None and not _SCHEMA_NAME.fullmatch(self.schema):
            raise DatabaseURLError(f"invalid schema name {self.schema!r}")
        self._worker_stops: WorkerStops | None = None
        self.engine: AsyncEngine = self._create_engine(echo)
        self._write_lock = asyncio.Lock()
        #: Hot-path units on a database file run inline (see ``sqlite_inline``).
        self._inline = (InlineSqlite(self.url)
                        if self.is_sqlite and not self.is_in_memory else None)

    @property
    def is_postgres(self) -> bool:
        return self.dialect == "postgresql"

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    def describe(self) -> str:
        """For logs: driver and location, never the password."""
        return self.url.render_as_string(hide_password=True) + (
            f" schema={self.schema}" if self.schema else ""
        )

    def _create_engine(self, echo: bool) -> AsyncEngine:
        if self.is_sqlite:
            database = self.url.database or ""
            kwargs: dict[str, Any] = {}
            if database in ("", ":memory:") or database.startswith("file::memory:"):
                kwargs["poolclass"] = StaticPool  # one shared in-memory database
            else:
                Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
            engine = create_async_engine(
                self.url, echo=echo, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
                **kwargs,
            )
            event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
            self._worker_stops = terminate_without_waiting(engine.dialect)  # see there
            return engine
        # A restarted or unreachable server: pre-ping replaces dead pooled connections, and
        # connecting gives up after PG_CONNECT_TIMEOUT_S instead of asyncpg's 60 s.
        connect_args: dict[str, Any] = {"timeout": PG_CONNECT_TIMEOUT_S}
        if self.schema:
            connect_args["server_settings"] = {"search_path": self.schema}
        return create_async_engine(
            self.url, echo=echo, pool_pre_ping=True, pool_timeout=PG_CONNECT_TIMEOUT_S,
            connect_args=connect_args,
        )

    def connect(self) -> Any:
        """``async with db.connect() as conn`` (no transaction until you start one)."""
        return self.engine.connect()

    def begin(self) -> Any:
        """``async with db.begin() as conn``: one transaction, committed on success.

        On SQLite, write transactions of this process take turns on an asyncio lock:
        SQLite allows one writer anyway, and its busy handler would otherwise sleep
        (up to 100 ms a time) whenever two of our own connections collide.
        """
        if self.is_sqlite:
            return self._serialized_begin()
        return self.engine.begin()

    @asynccontextmanager
    async def _serialized_begin(self) -> AsyncIterator[AsyncConnection]:
        async with self._write_lock, self.engine.begin() as conn:
            yield conn

    async def run_read(self, unit: Callable[[Connection], T]) -> T:
        """``unit(connection)`` for a short read (a few statements on keys, synchronous).

        On a SQLite file it runs inline, without a thread round trip per statement; if
        another process holds a lock, and elsewhere, it runs on the async engine."""
        if self._inline is not None:
            try:
                return self._inline.run(unit, write=False)
            except Busy:
                log.info("event=sqlite_inline_busy unit=read")
        async with self.engine.connect() as conn:
            return await conn.run_sync(unit)

    async def run_write(self, unit: Callable[[Connection], T]) -> T:
        """``unit(connection)`` in one transaction, committed on success; like
        :meth:`run_read`, and on SQLite after this process's other writers."""
        if not self.is_sqlite:
            async with self.engine.begin() as conn:
                return await conn.run_sync(unit)
        async with self._write_lock:
            if self._inline is not None:
                try:
                    return self._inline.run(unit, write=True)
                except Busy:
                    log.info("event=sqlite_inline_busy unit=write")
            async with self.engine.begin() as conn:
                return await conn.run_sync(unit)

    @property
    def is_in_memory(self) -> bool:
        """An in-memory SQLite database: no other process can see it."""
        database = self.url.database or ""
        return self.is_sqlite and (
            database in ("", ":memory:") or database.startswith("file::memory:"))

    async def schema_is_current(self) -> bool:
        """True when ``alembic_version`` already holds the newest revision(s) (no Alembic)."""
        try:
            async with self.engine.connect() as conn:
                rows = (await conn.execute(sa.text("SELECT version_num FROM alembic_version")))
                current = frozenset(str(row[0]) for row in rows)
        except DBAPIError as exc:
            if is_connection_error(exc):
                raise
            return False  # no version table (yet): a new database
        return current == migration_heads()

    async def migrate_if_needed(self) -> bool:
        """Migrate only when the schema is not current; True when a migration ran.

        The upgrade itself runs in a child process (unless the database is in memory), so
        Alembic, Mako and the migration scripts never stay in a long-running server.
        """
        if await self.schema_is_current():
            return False
        if self.is_in_memory:
            await self.migrate()
        else:
            await self._migrate_in_child()
        return True

    async def _migrate_in_child(self) -> None:
        env = dict(os.environ)
        env[MIGRATE_URL_ENV] = self.url.render_as_string(hide_password=False)
        env[MIGRATE_SCHEMA_ENV] = self.schema or ""
        child = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.storage.migrate_child", env=env,
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT)
        output, _ = await child.communicate()
        if child.returncode != 0:
            lines = output.decode("utf-8", "replace").strip().splitlines()
            raise MigrationError(lines[-1] if lines else f"exit status {child.returncode}")

    async def migrate(self) -> None:
        """Bring the schema to the newest Alembic revision (idempotent), in this process.

        On PostgreSQL this holds ``pg_advisory_lock`` so that replicas starting at the same
        moment migrate one after the other; the second one finds nothing to do.
        """
        async with self.engine.connect() as conn:
            if not self.is_postgres:
                await conn.run_sync(self._upgrade)
                await conn.commit()
                return
            lock = sa.text("SELECT pg_advisory_lock(:key)")
            await conn.execute(lock, {"key": MIGRATION_LOCK_KEY})
            try:
                if self.schema:
                    await conn.execute(sa.text(f'CREATE SCHEMA IF NOT EXISTS "{self.schema}"'))
                await conn.run_sync(self._upgrade)
                await conn.commit()
            except BaseException:
                await conn.rollback()
                raise
            finally:
                await self._unlock(conn)

    async def _unlock(self, conn: AsyncConnection) -> None:
        try:
            await conn.execute(
                sa.text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK_KEY}
            )
            await conn.commit()
        except Exception:  # the lock dies with the connection anyway
            log.warning("event=migration_unlock_failed", exc_info=True)

    def _upgrade(self, connection: Connection) -> None:
        from alembic import command

        config = _alembic_config()
        config.attributes["connection"] = connection
        config.attributes["version_table_schema"] = self.schema
        command.upgrade(config, "head")

    async def dispose(self) -> None:
        if self._inline is not None:
            self._inline.dispose()
        await self.engine.dispose()
        if self._worker_stops is not None:
            late = await self._worker_stops.wait()
            if late:
                log.warning("event=sqlite_workers_still_running count=%d", late)

    async def __aenter__(self) -> Database:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.dispose()
