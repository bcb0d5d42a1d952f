"""search: emoji and symbols split words in the full-text indexes (any LC_CTYPE)

Revision ID: i22_search_symbols
Revises: i21_provider_ids
Create Date: 2026-12-07 04:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "i22_search_symbols"
down_revision = "i21_provider_ids"
branch_labels = None
depends_on = None

# ticketing/models/workspace.py:SYMBOLS as of this revision.
SYMBOLS = (
    r"[\u2000-\u206f\u2190-\u2bff\u3030\u303d\ufe00-\ufe0f\u20e3"
    r"\U0001F000-\U0001FAFF\U000E0020-\U000E007F]+"
)
INDEXES = {"ix_messages_fts": ("messages", "text"), "ix_tickets_fts": ("tickets", "summary")}


def _create(split: bool) -> None:
    for name, (table, column) in INDEXES.items():
        value = f"coalesce({column}, '')"
        if split:
            value = f"regexp_replace({value}, '{SYMBOLS}', ' ', 'g')"
        op.drop_index(name, table_name=table)
        expression = sa.text(f"to_tsvector('simple', {value})")
        op.create_index(name, table, [expression], postgresql_using="gin")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _create(split=True)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _create(split=False)
