"""Alembic environment.

Normally run from :meth:`bot.storage.database.Database.migrate`, which hands over an open
(synchronous facade of an async) connection in ``config.attributes["connection"]`` and the
PostgreSQL schema for the version table in ``config.attributes["version_table_schema"]``.
Offline mode (``alembic upgrade --sql``) works from ``sqlalchemy.url`` for reviewing DDL.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from bot.storage.schema import metadata

config = context.config


def _configure_online(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        version_table_schema=config.attributes.get("version_table_schema"),
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    _run_offline()
else:
    _connection = config.attributes.get("connection")
    if _connection is None:
        raise RuntimeError(
            "run migrations through bot.storage.database.Database.migrate() "
            "(or offline with --sql)"
        )
    _configure_online(_connection)
