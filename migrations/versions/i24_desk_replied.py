"""tickets.desk_replied_at: the Media Center's own reply, kept apart from the first
response of the unit that owns the ticket (an agent's reply meets no OPD's clock)

Revision ID: i24_desk_replied
Revises: i23_phone_end
Create Date: 2026-12-07 07:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from ticketing.models.base import UTCDateTime

revision = "i24_desk_replied"
down_revision = "i23_phone_end"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a plain ADD COLUMN on both databases: SQLite keeps its expression indexes
    op.add_column("tickets", sa.Column("desk_replied_at", UTCDateTime(timezone=True)))


def downgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.drop_column("desk_replied_at")
