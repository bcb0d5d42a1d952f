"""public side: ticket category, district and private flag, public photos, Open311 keys

Revision ID: i13_public
Revises: 0003
Create Date: 2026-12-03 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "i13_public"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("service_code", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("kecamatan", sa.String(length=40), nullable=True))
        batch.create_index("ix_tickets_kecamatan", ["kecamatan"])
        batch.add_column(
            sa.Column("private", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("attachments") as batch:
        batch.add_column(
            sa.Column("public", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        "open311_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("prefix", sa.String(length=12), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key_hash"),
    )


def downgrade() -> None:
    op.drop_table("open311_keys")
    with op.batch_alter_table("attachments") as batch:
        batch.drop_column("public")
    with op.batch_alter_table("tickets") as batch:
        batch.drop_column("private")
        batch.drop_index("ix_tickets_kecamatan")
        batch.drop_column("kecamatan")
        batch.drop_column("service_code")
