"""outbox rows can carry photos (attachment ids): an officer's progress or resolution
photos reach the citizen on their channel

Revision ID: i19_outbox_media
Revises: i18_queue_due
Create Date: 2026-12-03 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "i19_outbox_media"
down_revision = "i18_queue_due"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("outbox", sa.Column("media", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("media")
