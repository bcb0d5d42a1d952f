"""inbound events claimed in batches: inbound_events.claim_token, claimed_until

Revision ID: i15_claims
Revises: i11_session_version
Create Date: 2026-12-02 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import ticketing.models.base

revision = "i15_claims"
down_revision = "i11_session_version"
branch_labels = None
depends_on = None

UTC = ticketing.models.base.UTCDateTime


def upgrade() -> None:
    with op.batch_alter_table("inbound_events") as batch:
        batch.add_column(sa.Column("claim_token", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("claimed_until", UTC(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("inbound_events") as batch:
        batch.drop_column("claimed_until")
        batch.drop_column("claim_token")
