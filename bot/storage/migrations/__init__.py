"""Alembic migrations, run by :meth:`bot.storage.database.Database.migrate`."""
