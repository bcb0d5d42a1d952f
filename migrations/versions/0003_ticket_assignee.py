"""tickets: assignee_id (the Media Center agent working the ticket)

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 05:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("assignee_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_tickets_assignee_id_users", "users", ["assignee_id"], ["id"])
        batch.create_index("ix_tickets_assignee_id", ["assignee_id"])


def downgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.drop_index("ix_tickets_assignee_id")
        batch.drop_constraint("fk_tickets_assignee_id_users", type_="foreignkey")
        batch.drop_column("assignee_id")
