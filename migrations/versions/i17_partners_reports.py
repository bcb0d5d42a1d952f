"""API tokens with scopes and the API call audit, partner webhooks and their
deliveries, the reports' working-day table, tickets.kecamatan and report indexes;
users.api_token_hash moves into api_tokens.

Revision ID: i17_partners_reports
Revises: 0003
Create Date: 2026-12-02 06:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "i17_partners_reports"
down_revision = "i16_privacy"
branch_labels = None
depends_on = None

ROLE_SCOPES = {
    "agent": ["tickets:read", "tickets:write"],
    "supervisor": ["tickets:read", "tickets:write", "reports:read"],
    "admin": ["tickets:read", "tickets:write", "reports:read", "admin"],
}


def upgrade() -> None:
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("scopes", sa.JSON(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    with op.batch_alter_table("api_tokens") as batch:
        batch.create_index("ix_api_tokens_owner_id", ["owner_id"])
    op.create_table(
        "api_calls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("path", sa.String(length=500), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("remote_addr", sa.String(length=64), nullable=True),
        sa.Column("ticket_number", sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(["token_id"], ["api_tokens.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("api_calls") as batch:
        batch.create_index("ix_api_calls_at", ["at"])
        batch.create_index("ix_api_calls_token_at", ["token_id", "at"])
    op.create_table(
        "webhook_endpoints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("events", sa.JSON(), nullable=False),
        sa.Column("trusted", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("secret_nonce", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("disabled_reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "webhook_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("endpoint_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=40), nullable=False),
        sa.Column("event_type", sa.String(length=40), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("ticket_status", sa.String(length=20), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("response_status", sa.Integer(), nullable=True),
        sa.Column("response_body", sa.Text(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["endpoint_id"], ["webhook_endpoints.id"]),
        sa.ForeignKeyConstraint(["ticket_id"], ["tickets.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("webhook_deliveries") as batch:
        batch.create_index("ix_webhook_deliveries_endpoint", ["endpoint_id", "id"])
        batch.create_index("ix_webhook_deliveries_ticket", ["ticket_id", "event_type", "id"])
        batch.create_index(
            "ix_webhook_deliveries_pending_due",
            ["next_attempt_at"],
            postgresql_where=sa.text("status = 'pending'"),
            sqlite_where=sa.text("status = 'pending'"),
        )
    op.create_table(
        "report_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("opens", sa.BigInteger(), nullable=False),
        sa.Column("closes", sa.BigInteger(), nullable=False),
        sa.Column("before", sa.BigInteger(), nullable=False),
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("signature", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("day"),
    )
    with op.batch_alter_table("tickets") as batch:
        batch.create_index("ix_tickets_created_at", ["created_at"])
    with op.batch_alter_table("ticket_events") as batch:
        batch.create_index("ix_ticket_events_action_at", ["action", "at"])

    # Existing per-user tokens keep working as tokens with their role's scopes.
    connection = op.get_bind()
    users = connection.execute(
        sa.text("SELECT id, role, api_token_hash FROM users WHERE api_token_hash IS NOT NULL")
    ).all()
    tokens = sa.table(
        "api_tokens",
        sa.column("name", sa.String),
        sa.column("token_hash", sa.String),
        sa.column("prefix", sa.String),
        sa.column("scopes", sa.JSON),
        sa.column("owner_id", sa.Integer),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    for user_id, role, token_hash in users:
        connection.execute(
            tokens.insert().values(
                name="cli",
                token_hash=token_hash,
                prefix="adn_…",
                scopes=ROLE_SCOPES.get(role, ["tickets:read"]),
                owner_id=user_id,
                created_at=sa.func.now(),
            )
        )
    with op.batch_alter_table("users") as batch:
        batch.drop_column("api_token_hash")


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("api_token_hash", sa.String(length=64), nullable=True))
    with op.batch_alter_table("ticket_events") as batch:
        batch.drop_index("ix_ticket_events_action_at")
    with op.batch_alter_table("tickets") as batch:
        batch.drop_index("ix_tickets_created_at")
    for table in ("report_days", "webhook_deliveries", "webhook_endpoints", "api_calls"):
        op.drop_table(table)
    op.drop_table("api_tokens")
