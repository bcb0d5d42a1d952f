"""report facts on tickets: stored working seconds and the promise clock, kept by
PostgreSQL triggers; a covering index for the reports

Revision ID: i17c_report_facts
Revises: i14_units
Create Date: 2026-12-02 13:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from ticketing.models.base import UTCDateTime
from ticketing.models.reporting import BACKFILL, DROP, TRIGGERS
from ticketing.models.tickets import REPORT_COLUMNS

revision = "i17c_report_facts"
down_revision = "i14_units"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("work_first_response_s", sa.Float(), nullable=True))
        batch.add_column(sa.Column("work_resolution_s", sa.Float(), nullable=True))
        batch.add_column(sa.Column("promise_status", sa.String(length=10), nullable=True))
        batch.add_column(sa.Column("promise_due_at", UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("promise_met_at", UTCDateTime(timezone=True), nullable=True))
    op.create_index(
        "ix_tickets_report",
        "tickets",
        ["created_at"],
        postgresql_include=list(REPORT_COLUMNS),
    )
    op.create_index("ix_report_days_opens", "report_days", ["opens"])
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in TRIGGERS:
        op.execute(statement)
    # Backfill: the working seconds on the table as it stands (report_days is rebuilt,
    # and these recomputed, when the calendar changes), and the promise clocks.
    op.execute(BACKFILL)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in DROP:
            op.execute(statement)
    op.drop_index("ix_report_days_opens", table_name="report_days")
    op.drop_index("ix_tickets_report", table_name="tickets")
    with op.batch_alter_table("tickets") as batch:
        for name in (
            "promise_met_at",
            "promise_due_at",
            "promise_status",
            "work_resolution_s",
            "work_first_response_s",
        ):
            batch.drop_column(name)
