"""The database tables as SQLAlchemy Core objects (created by Alembic revision 0001).

Types are chosen to work on SQLite and PostgreSQL alike. Timestamps are stored in UTC:
:class:`UTCDateTime` turns naive datetimes from SQLite back into aware UTC ones.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator

#: Constraint names are fixed so that later migrations can refer to them on both databases.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)

#: 64-bit ids on PostgreSQL; plain INTEGER on SQLite so the column is the autoincrementing rowid.
Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """``DateTime(timezone=True)`` that always hands out aware UTC datetimes."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime, got {type(value).__name__}")
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware (UTC) datetime")
        value = value.astimezone(UTC)
        # SQLite has no time zones: store the UTC wall time.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _id() -> sa.Column[int]:
    return sa.Column("id", Id, primary_key=True, autoincrement=True)


def _created_at() -> sa.Column[datetime]:
    return sa.Column(
        "created_at", UTCDateTime(), nullable=False, default=utcnow, server_default=sa.func.now()
    )


bot_state = sa.Table(
    "bot_state",
    metadata,
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("document", sa.Text, nullable=False),  # JSON, see bot.storage.state_codec
    sa.Column("etag", sa.Text, nullable=False),
    sa.Column("updated_at", UTCDateTime(), nullable=False, default=utcnow),
)

feedback = sa.Table(
    "feedback",
    metadata,
    _id(),
    _created_at(),
    sa.Column("user_key", sa.Text, nullable=False),
    sa.Column("conversation_key", sa.Text, nullable=False),
    sa.Column("card_id", sa.Text, nullable=False),
    sa.Column("confidence", sa.Float, nullable=True),
    sa.Column("helpful", sa.Boolean, nullable=False),
    sa.Column("activity_id", sa.Text, nullable=True),
    sa.UniqueConstraint("user_key", "activity_id", "card_id"),
    sa.Index(None, "user_key"),
)

answer_events = sa.Table(
    "answer_events",
    metadata,
    _id(),
    _created_at(),
    sa.Column("user_key", sa.Text, nullable=False),
    sa.Column("team_id", sa.Text, nullable=True),
    sa.Column("channel", sa.Text, nullable=False),
    sa.Column("intent", sa.Text, nullable=False),
    sa.Column("verdict", sa.Text, nullable=True),
    sa.Column("card_id", sa.Text, nullable=True),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.Column("unsure", sa.Boolean, nullable=False),
    sa.Index(None, "created_at"),
    sa.Index(None, "user_key"),
)

KEPT_REASONS = ("unsure", "niet_behulpzaam")

kept_questions = sa.Table(
    "kept_questions",
    metadata,
    _id(),
    _created_at(),
    sa.Column("user_key", sa.Text, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("card_id", sa.Text, nullable=True),
    sa.Column("reason", sa.Text, nullable=False),
    sa.CheckConstraint("reason IN ('unsure', 'niet_behulpzaam')", name="reason"),
    sa.Index(None, "created_at"),
    sa.Index(None, "user_key"),
)

#: What a teacher typed after 👎 ("wat klopt er niet?"), kept only with their consent, under
#: their pseudonymous key, for DigiCoach review; purged after the retention period like
#: ``kept_questions`` and removed by "vergeet mij".
feedback_comments = sa.Table(
    "feedback_comments",
    metadata,
    _id(),
    _created_at(),
    sa.Column("user_key", sa.Text, nullable=False),
    sa.Column("card_id", sa.Text, nullable=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Index(None, "created_at"),
    sa.Index(None, "user_key"),
)

readiness_results = sa.Table(
    "readiness_results",
    metadata,
    _id(),
    _created_at(),
    sa.Column("user_key", sa.Text, nullable=False),
    sa.Column("team_id", sa.Text, nullable=True),
    sa.Column("answers", sa.JSON, nullable=False),
    sa.Column("levels", sa.JSON, nullable=False),
    sa.Index(None, "user_key"),
)

subscriptions = sa.Table(
    "subscriptions",
    metadata,
    _id(),
    sa.Column("conversation_key", sa.Text, nullable=False, unique=True),
    sa.Column("channel", sa.Text, nullable=False),
    sa.Column("reference", sa.JSON, nullable=False),  # bot.core.address.Address JSON
    sa.Column("tenant_id", sa.Text, nullable=True),
    sa.Column("team_id", sa.Text, nullable=True),
    sa.Column("created_by", sa.Text, nullable=True),
    sa.Column("active", sa.Boolean, nullable=False, default=True, server_default=sa.true()),
    sa.Column("rotation", sa.Integer, nullable=False, default=0, server_default="0"),
    _created_at(),
    sa.Column("ended_at", UTCDateTime(), nullable=True),
    sa.Column("ended_reason", sa.Text, nullable=True),
)

deliveries = sa.Table(
    "deliveries",
    metadata,
    _id(),
    sa.Column(
        "subscription_id",
        Id,
        sa.ForeignKey("subscriptions.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("period", sa.Text, nullable=False),  # ISO week, e.g. 2026-W48
    sa.Column("tip_id", sa.Text, nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False, default=0, server_default="0"),
    sa.Column("last_error", sa.Text, nullable=True),
    sa.Column("claimed_by", sa.Text, nullable=True),
    sa.Column("claimed_at", UTCDateTime(), nullable=True),
    sa.Column("sent_at", UTCDateTime(), nullable=True),
    sa.UniqueConstraint("subscription_id", "period"),
)

job_locks = sa.Table(
    "job_locks",
    metadata,
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("owner", sa.Text, nullable=False),
    sa.Column("expires_at", UTCDateTime(), nullable=False),
)

#: Slack Events API deliveries already taken on (retries carry the same event_id); rev. 0002.
slack_events = sa.Table(
    "slack_events",
    metadata,
    sa.Column("event_id", sa.Text, primary_key=True),
    sa.Column("received_at", UTCDateTime(), nullable=False, default=utcnow, index=True),
)

#: Server secrets generated once per database, shared by all replicas; rev. 0003.
app_secrets = sa.Table(
    "app_secrets",
    metadata,
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)
