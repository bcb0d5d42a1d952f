"""outbox rows whose send outcome is unknown have an index: the admin pages list their
tickets for an agent to resend or settle

Revision ID: i20_outbox_unknown
Revises: i19_outbox_media
Create Date: 2026-12-06 17:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "i20_outbox_unknown"
down_revision = "i19_outbox_media"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_outbox_unknown",
        "outbox",
        ["ticket_id"],
        postgresql_where=sa.text("status = 'unknown'"),
        sqlite_where=sa.text("status = 'unknown'"),
    )


def downgrade() -> None:
    op.drop_index("ix_outbox_unknown", table_name="outbox")
