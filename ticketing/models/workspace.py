"""The agents' workspace: canned replies, and the indexes that serve the inbox's sorted
tabs and its search.

Every tab of the inbox is one index walk: the queue's sort keys are expressions
(`-priority`, the due time or, before a ticket has one, its arrival time, then `id`)
indexed exactly as the queries spell them (ticketing/queue.py), partial on the open
statuses, so the first page of a tab reads 50 index entries whatever the backlog.
The search indexes (full-text on message text and summaries, trigram on names) exist
only on PostgreSQL; SQLite keeps an FTS5 table of its own (ticketing/search.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    DDL,
    Boolean,
    ForeignKey,
    Index,
    String,
    Text,
    event,
    func,
    literal_column,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from aduan.extensions import db

from .base import UTCDateTime, utcnow
from .people import Contact, Identity
from .tickets import OPEN_STATUSES, Message, Ticket

#: The open statuses as SQL (a literal, so partial indexes match on every backend).
OPEN_SQL = "status IN ({})".format(", ".join(f"'{s}'" for s in OPEN_STATUSES))


class CannedReply(db.Model):
    """A reply text supervisors keep for agents; {nomor}, {nama}, {unit} and {batas_waktu}
    are filled from the ticket when an agent picks it (ticketing/canned.py)."""

    __tablename__ = "canned_replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


def urgency() -> tuple:
    """The queue's sort keys, most urgent first: priority (negated, so every key
    ascends), the deadline the citizen waits on (tickets.queue_due; the arrival time for
    a row written before it was kept), id."""
    return (-Ticket.priority, func.coalesce(Ticket.queue_due_at, Ticket.created_at))


_open = {"postgresql_where": text(OPEN_SQL), "sqlite_where": text(OPEN_SQL)}
QUEUE_INDEXES = (
    Index("ix_tickets_q_open", *urgency(), Ticket.id, **_open),
    Index("ix_tickets_q_assignee", Ticket.assignee_id, *urgency(), Ticket.id, **_open),
    Index("ix_tickets_q_assignee_id", Ticket.assignee_id, Ticket.id, **_open),
    Index("ix_tickets_q_kind", Ticket.kind, *urgency(), Ticket.id, **_open),
    Index("ix_tickets_q_kind_id", Ticket.kind, Ticket.id, **_open),
    Index("ix_tickets_q_status", Ticket.status, *urgency(), Ticket.id),
    Index("ix_tickets_q_status_id", Ticket.status, Ticket.id),
)


def folded(column: Any) -> Any:
    """Returns lower(coalesce(column, '')): a name as search compares it (the same
    expression in the trigram index and in ticketing/search.py, a literal, no parameter)."""
    return func.lower(func.coalesce(column, literal_column("''")))


# PostgreSQL search: full-text on what citizens wrote, trigram on names and numbers.
# Emoji and other symbols become spaces before the text is split into words: a database
# whose LC_CTYPE is C takes every non-ASCII character for a letter, so "banjir🌊parah"
# was one word and neither "banjir" nor "parah" found it. Code point ranges, not
# character classes, so the words are the same under every locale (punctuation,
# arrows to dingbats, variation selectors, keycaps, emoji, tags).
SYMBOLS = (
    r"[\u2000-\u206f\u2190-\u2bff\u3030\u303d\ufe00-\ufe0f\u20e3"
    r"\U0001F000-\U0001FAFF\U000E0020-\U000E007F]+"
)


def fts(column: str) -> str:
    """Returns the full-text expression of `column` (the same in the index and the
    search, ticketing/search.py)."""
    return f"to_tsvector('simple', regexp_replace(coalesce({column}, ''), '{SYMBOLS}', ' ', 'g'))"


FTS_MESSAGES = fts("text")
FTS_TICKETS = fts("summary")
SEARCH_INDEXES = (
    Index(
        "ix_messages_fts", text(FTS_MESSAGES), postgresql_using="gin", _table=Message.__table__
    ).ddl_if(dialect="postgresql"),
    Index(
        "ix_tickets_fts", text(FTS_TICKETS), postgresql_using="gin", _table=Ticket.__table__
    ).ddl_if(dialect="postgresql"),
    Index(
        "ix_contacts_name_trgm",
        folded(Contact.__table__.c.name).label("name_folded"),
        postgresql_using="gin",
        postgresql_ops={"name_folded": "gin_trgm_ops"},
    ).ddl_if(dialect="postgresql"),
    Index(
        "ix_identities_name_trgm",
        folded(Identity.__table__.c.display_name).label("display_name_folded"),
        postgresql_using="gin",
        postgresql_ops={"display_name_folded": "gin_trgm_ops"},
    ).ddl_if(dialect="postgresql"),
)

event.listen(
    db.metadata,
    "before_create",
    DDL("CREATE EXTENSION IF NOT EXISTS pg_trgm").execute_if(dialect="postgresql"),
)
