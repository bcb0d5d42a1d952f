"""provider message ids up to 255 characters: Instagram's are about 160 (120 refused
every Instagram message on PostgreSQL, and the ids of replies sent there)

Revision ID: i21_provider_ids
Revises: i21_event_lane
Create Date: 2026-12-06 20:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "i21_provider_ids"
down_revision = "i21_event_lane"
branch_labels = None
depends_on = None

COLUMNS = {"messages": ("external_id",), "outbox": ("reply_to", "provider_id")}


def _widen(old: int, new: int) -> None:
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for column in columns:
                batch.alter_column(column, type_=sa.String(new), existing_type=sa.String(old))


def upgrade() -> None:
    _widen(120, 255)


def downgrade() -> None:
    _widen(255, 120)
