"""agents' workspace: canned replies, the inbox queue's sort indexes, search indexes

Revision ID: i12_workspace
Revises: 0003
Create Date: 2026-12-02 06:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "i12_workspace"
down_revision = "i17_partners_reports"
branch_labels = None
depends_on = None

OPEN = "status IN ('new', 'triage', 'routed', 'in_progress', 'waiting')"
URGENCY = ["(-priority)", "coalesce(first_response_due_at, created_at)", "id"]
QUEUE = {
    "ix_tickets_q_open": ([], True),
    "ix_tickets_q_assignee": (["assignee_id"], True),
    "ix_tickets_q_kind": (["kind"], True),
    "ix_tickets_q_status": (["status"], False),
}
BY_ID = {
    "ix_tickets_q_assignee_id": ("assignee_id", True),
    "ix_tickets_q_kind_id": ("kind", True),
    "ix_tickets_q_status_id": ("status", False),
}
SEARCH = {
    "ix_messages_fts": ("messages", "to_tsvector('simple', coalesce(text, ''))"),
    "ix_tickets_fts": ("tickets", "to_tsvector('simple', coalesce(summary, ''))"),
    "ix_contacts_name_trgm": ("contacts", "lower(coalesce(name, ''))"),
    "ix_identities_name_trgm": ("identities", "lower(coalesce(display_name, ''))"),
}


def upgrade() -> None:
    op.create_table(
        "canned_replies",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("title", sa.String(120), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    for name, (lead, partial) in QUEUE.items():
        where = {"postgresql_where": sa.text(OPEN), "sqlite_where": sa.text(OPEN)}
        columns = [sa.text(c) if c.startswith(("(", "coalesce")) else c for c in lead + URGENCY]
        op.create_index(name, "tickets", columns, **(where if partial else {}))
    for name, (lead, partial) in BY_ID.items():
        where = {"postgresql_where": sa.text(OPEN), "sqlite_where": sa.text(OPEN)}
        op.create_index(name, "tickets", [lead, "id"], **(where if partial else {}))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        # The operator class lives in the extension's schema: keep it on the search path
        # (it already is unless the database is migrated into another schema).
        op.execute(
            "SELECT set_config('search_path', current_setting('search_path') || ', '"
            " || quote_ident(n.nspname), true) FROM pg_extension e"
            " JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'"
        )
        for name, (table, expression) in SEARCH.items():
            trigram = name.endswith("_trgm")
            column = f"{expression} gin_trgm_ops" if trigram else expression
            op.create_index(name, table, [sa.text(column)], postgresql_using="gin")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name, (table, _) in SEARCH.items():
            op.drop_index(name, table_name=table)
    for name in [*QUEUE, *BY_ID]:
        op.drop_index(name, table_name="tickets")
    op.drop_table("canned_replies")
