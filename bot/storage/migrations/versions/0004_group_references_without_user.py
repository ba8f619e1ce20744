"""Drop the stored user from channel and group-chat tip subscriptions.

Older versions kept the raw id, name and AAD object id of whoever spoke last in a channel in
``subscriptions.reference``; proactive posts there do not need it, and "vergeet mij" could not
always find it. New references are stored without it (``bot.tips.subscriptions.reference_for``).

Revision ID: 0004_group_refs_no_user
Revises: 0003_app_secrets
Create Date: 2025-11-24
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0004_group_refs_no_user"
down_revision = "0003_app_secrets"
branch_labels = None
depends_on = None

subscriptions = sa.table("subscriptions", sa.column("id", sa.BigInteger),
                         sa.column("reference", sa.JSON))


def _is_group(reference: dict[str, Any]) -> bool:
    conversation = reference.get("conversation")
    if not isinstance(conversation, dict):
        return False
    kind = conversation.get("conversationType") or conversation.get("conversation_type")
    return kind in ("channel", "groupChat") or bool(
        conversation.get("isGroup") or conversation.get("is_group"))


def upgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.select(subscriptions.c.id, subscriptions.c.reference)).all()
    for row_id, reference in rows:
        if isinstance(reference, str):
            reference = json.loads(reference)
        if isinstance(reference, dict) and _is_group(reference) and "user" in reference:
            reference = {k: v for k, v in reference.items() if k != "user"}
            bind.execute(sa.update(subscriptions).where(subscriptions.c.id == row_id)
                         .values(reference=reference))


def downgrade() -> None:
    """Nothing to restore: the removed ids are not needed and must not come back."""
