"""Comments after 👎 ("wat klopt er niet?"), kept only when the teacher agrees.

Revision ID: 0005_feedback_comments
Revises: 0004_group_refs_no_user
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_feedback_comments"
down_revision = "0004_group_refs_no_user"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "feedback_comments",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
        sa.Column("user_key", sa.Text, nullable=False),
        sa.Column("card_id", sa.Text, nullable=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_feedback_comments"),
    )
    op.create_index("ix_feedback_comments_created_at", "feedback_comments", ["created_at"])
    op.create_index("ix_feedback_comments_user_key", "feedback_comments", ["user_key"])


def downgrade() -> None:
    op.drop_index("ix_feedback_comments_user_key", "feedback_comments")
    op.drop_index("ix_feedback_comments_created_at", "feedback_comments")
    op.drop_table("feedback_comments")
