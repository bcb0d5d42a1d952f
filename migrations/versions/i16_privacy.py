"""personal data: tickets.redacted_at, contacts.erased_at, the privacy_log table

Revision ID: i16_privacy
Revises: 0003
Create Date: 2026-12-02 06:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import ticketing.models.base

revision = "i16_privacy"
down_revision = "i13_public"
branch_labels = None
depends_on = None

UTC = ticketing.models.base.UTCDateTime


def upgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("redacted_at", UTC(timezone=True), nullable=True))
        batch.create_index(
            "ix_tickets_retention",
            ["closed_at"],
            unique=False,
            postgresql_where=sa.text("redacted_at IS NULL"),
            sqlite_where=sa.text("redacted_at IS NULL"),
        )
    with op.batch_alter_table("contacts") as batch:
        batch.add_column(sa.Column("erased_at", UTC(timezone=True), nullable=True))
    op.create_table(
        "privacy_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", UTC(timezone=True), nullable=False),
        sa.Column("actor_kind", sa.String(length=20), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contacts.id"]),
        sa.ForeignKeyConstraint(["ticket_id"], ["tickets.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("privacy_log") as batch:
        batch.create_index(batch.f("ix_privacy_log_at"), ["at"], unique=False)
        batch.create_index(batch.f("ix_privacy_log_contact_id"), ["contact_id"], unique=False)
        batch.create_index(batch.f("ix_privacy_log_ticket_id"), ["ticket_id"], unique=False)


def downgrade() -> None:
    op.drop_table("privacy_log")
    with op.batch_alter_table("contacts") as batch:
        batch.drop_column("erased_at")
    with op.batch_alter_table("tickets") as batch:
        batch.drop_index("ix_tickets_retention")
        batch.drop_column("redacted_at")
