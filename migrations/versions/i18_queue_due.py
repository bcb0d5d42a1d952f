"""the urgent sort follows the deadline the citizen waits on: tickets.queue_due_at, and
the queue's sort indexes rebuilt on it

Revision ID: i18_queue_due
Revises: i17c_report_facts
Create Date: 2026-12-03 12:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from ticketing.models.base import UTCDateTime
from ticketing.models.tickets import NOTHING_AWAITED

revision = "i18_queue_due"
down_revision = "i17c_report_facts"
branch_labels = None
depends_on = None

OPEN = "status IN ('new', 'triage', 'routed', 'in_progress', 'waiting')"
QUEUE = {
    "ix_tickets_q_open": ([], True),
    "ix_tickets_q_assignee": (["assignee_id"], True),
    "ix_tickets_q_kind": (["kind"], True),
    "ix_tickets_q_status": (["status"], False),
}
# ticketing.models.tickets.queue_due, for the rows written before it was kept.
BACKFILL = """UPDATE tickets SET queue_due_at = CASE
    WHEN first_responded_at IS NULL
        THEN coalesce(first_response_due_at, resolution_due_at, created_at)
    ELSE coalesce(resolution_due_at, :never) END"""


def _indexes(due: str) -> None:
    for name, (lead, partial) in QUEUE.items():
        where = {"postgresql_where": sa.text(OPEN), "sqlite_where": sa.text(OPEN)}
        columns = [*lead, sa.text("(-priority)"), sa.text(f"coalesce({due}, created_at)"), "id"]
        op.create_index(name, "tickets", columns, **(where if partial else {}))


def upgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("queue_due_at", UTCDateTime(timezone=True), nullable=True))
    never = sa.bindparam("never", NOTHING_AWAITED, type_=UTCDateTime())
    op.execute(sa.text(BACKFILL).bindparams(never))
    for name in QUEUE:
        op.drop_index(name, table_name="tickets", if_exists=True)
    _indexes("queue_due_at")


def downgrade() -> None:
    for name in QUEUE:
        op.drop_index(name, table_name="tickets", if_exists=True)
    _indexes("first_response_due_at")
    with op.batch_alter_table("tickets") as batch:
        batch.drop_column("queue_due_at")
