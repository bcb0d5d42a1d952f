"""staff sessions can be revoked: users.session_version (issue 11)

Revision ID: i11_session_version
Revises: i12_workspace
Create Date: 2026-12-02 09:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "i11_session_version"
down_revision = "i12_workspace"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("session_version", sa.Integer(), nullable=False, server_default="1")
        )


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("session_version")
