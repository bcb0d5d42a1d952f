"""Officer links remember the OPD they were issued for: a link stops working once its
ticket leaves that OPD (re-route, transfer, "bukan kewenangan kami") or its officer does.
Existing links get their officer's current OPD.

Revision ID: i11_link_opd
Revises: i15_claims
Create Date: 2026-12-02 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "i11_link_opd"
down_revision = "i15_claims"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("officer_links") as batch:
        batch.add_column(sa.Column("opd_code", sa.String(length=20), nullable=True))
    op.execute(
        "UPDATE officer_links SET opd_code = "
        "(SELECT officers.opd_code FROM officers WHERE officers.id = officer_links.officer_id"
        " AND officers.group_code IS NULL)"
    )


def downgrade() -> None:
    with op.batch_alter_table("officer_links") as batch:
        batch.drop_column("opd_code")
