"""contacts and identities: phone_end, the last four digits of a phone number, indexed, so
a search by a number's end ("...5678", "0812 xxx 5678") reads an index

Revision ID: i23_phone_end
Revises: i22_search_symbols
Create Date: 2026-12-07 07:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "i23_phone_end"
down_revision = "i22_search_symbols"
branch_labels = None
depends_on = None

# ticketing/models/people.py:PHONE_CHANNELS as of this revision.
PHONE_CHANNELS = "('sms', 'whatsapp', 'whatsapp_cloud', 'voice')"
NUMBERS = {"contacts": ("phone", ""), "identities": ("address", f"channel IN {PHONE_CHANNELS}")}


def upgrade() -> None:
    last_four = "substr({}, -4)" if op.get_bind().dialect.name == "sqlite" else "right({}, 4)"
    for table, (column, only) in NUMBERS.items():
        op.add_column(table, sa.Column("phone_end", sa.String(length=4), nullable=True))
        op.create_index(f"ix_{table}_phone_end", table, ["phone_end"], unique=False)
        # E.164 only (people.py:phone_end): erased addresses and ids stay NULL.
        where = f"{column} LIKE '+%' AND length({column}) > 8" + (f" AND {only}" if only else "")
        op.execute(f"UPDATE {table} SET phone_end = {last_four.format(column)} WHERE {where}")


def downgrade() -> None:
    for table in NUMBERS:
        op.drop_index(f"ix_{table}_phone_end", table_name=table)
        with op.batch_alter_table(table) as batch:
            batch.drop_column("phone_end")
