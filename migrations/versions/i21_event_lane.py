"""inbound events have a lane: a payload with words of an emergency is claimed before the
rest, so a 112 reply never waits behind a flood's backlog

Revision ID: i21_event_lane
Revises: i20_outbox_unknown
Create Date: 2026-12-06 20:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "i21_event_lane"
down_revision = "i20_outbox_unknown"
branch_labels = None
depends_on = None

PENDING = sa.text("processed_at IS NULL")


def upgrade() -> None:
    with op.batch_alter_table("inbound_events") as batch:
        batch.add_column(sa.Column("lane", sa.Integer(), server_default=sa.text("1"), nullable=False))
    op.drop_index("ix_inbound_events_pending", table_name="inbound_events")
    op.create_index(
        "ix_inbound_events_pending",
        "inbound_events",
        ["lane", "received_at"],
        postgresql_where=PENDING,
        sqlite_where=PENDING,
    )


def downgrade() -> None:
    op.drop_index("ix_inbound_events_pending", table_name="inbound_events")
    op.create_index(
        "ix_inbound_events_pending",
        "inbound_events",
        ["received_at"],
        postgresql_where=PENDING,
        sqlite_where=PENDING,
    )
    with op.batch_alter_table("inbound_events") as batch:
        batch.drop_column("lane")
