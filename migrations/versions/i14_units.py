"""kecamatan and kelurahan as units of their own; confirmed incidents

Revision ID: i14_units
Revises: i11_link_opd
Create Date: 2026-12-02 09:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "i14_units"
down_revision = "i11_link_opd"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("opds") as batch:
        batch.add_column(sa.Column("region_code", sa.String(length=13), nullable=True))
        batch.add_column(sa.Column("parent_code", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("boundary", sa.JSON(), nullable=True))
        batch.create_unique_constraint("uq_opds_region_code", ["region_code"])
        batch.create_foreign_key("fk_opds_parent_code", "opds", ["parent_code"], ["code"])
        batch.create_index("ix_opds_parent_code", ["parent_code"])
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(
            sa.Column(
                "incident_confirmed", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch.create_index("ix_tickets_opd_created", ["opd_code", "created_at"])
    # Links agents made before are confirmed; the system's text-only links are not.
    op.execute(
        "UPDATE tickets SET incident_confirmed = true WHERE incident_id IS NOT NULL AND id IN "
        "(SELECT ticket_id FROM ticket_events WHERE action = 'incident_linked' "
        "AND actor_kind = 'agent')"
    )


def downgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.drop_index("ix_tickets_opd_created")
        batch.drop_column("incident_confirmed")
    with op.batch_alter_table("opds") as batch:
        batch.drop_index("ix_opds_parent_code")
        batch.drop_constraint("fk_opds_parent_code", type_="foreignkey")
        batch.drop_constraint("uq_opds_region_code", type_="unique")
        batch.drop_column("boundary")
        batch.drop_column("parent_code")
        batch.drop_column("region_code")
