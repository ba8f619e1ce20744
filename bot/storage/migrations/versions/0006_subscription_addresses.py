"""Store tip subscriptions as our own addresses instead of Bot Framework references.

``subscriptions.reference`` held a serialized ``ConversationReference`` (msrest's camelCase
JSON). It now holds a :class:`bot.core.address.Address` (``{"v": 1, "channel": ...}``), so
the stored data no longer depends on the Bot Framework SDK. Rows that cannot be read (no
channel or conversation id) are left as they are; delivery reports them as failed.

Revision ID: 0006_subscription_addresses
Revises: 0005_feedback_comments
Create Date: 2026-12-02
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

from bot.core.address import AddressError, from_json, from_reference_json, to_reference_json

revision = "0006_subscription_addresses"
down_revision = "0005_feedback_comments"
branch_labels = None
depends_on = None

subscriptions = sa.table("subscriptions", sa.column("id", sa.BigInteger),
                         sa.column("reference", sa.JSON))


def _rows() -> list[tuple[int, dict[str, Any]]]:
    rows = op.get_bind().execute(sa.select(subscriptions.c.id, subscriptions.c.reference))
    found = []
    for row_id, stored in rows.all():
        if isinstance(stored, str):
            try:
                stored = json.loads(stored)
            except ValueError:
                continue
        if isinstance(stored, dict):
            found.append((row_id, stored))
    return found


def _write(row_id: int, value: dict[str, Any]) -> None:
    op.get_bind().execute(sa.update(subscriptions).where(subscriptions.c.id == row_id)
                          .values(reference=value))


def upgrade() -> None:
    for row_id, stored in _rows():
        if "v" in stored:
            continue
        try:
            _write(row_id, from_reference_json(stored).to_json())
        except AddressError:
            continue


def downgrade() -> None:
    for row_id, stored in _rows():
        if "v" not in stored:
            continue
        try:
            _write(row_id, to_reference_json(from_json(stored)))
        except AddressError:
            continue
