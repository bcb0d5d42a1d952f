"""Tickets, the citizen messages in them, attachments, and the audit trail."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from aduan.extensions import db

from .base import UTCDateTime, utcnow

STATUSES = ("new", "triage", "routed", "in_progress", "waiting", "resolved", "closed")
OPEN_STATUSES = ("new", "triage", "routed", "in_progress", "waiting")
# What a report reads of a ticket (the covering index ix_tickets_report).
REPORT_COLUMNS = (
    "kind", "opd_code", "channel", "kecamatan", "assignee_id", "assigned_officer_id",
    "work_first_response_s", "work_resolution_s", "promise_status", "promise_due_at",
    "promise_met_at", "resolved_at", "reopened", "rating", "status",
)  # fmt: skip
SUMMARY_CHARS = 500  # what a ticket's summary keeps of the citizen's words


def summary_of(text: str) -> str:
    """The citizen's words as a ticket's summary: at most SUMMARY_CHARS, cut between
    words, with "…" (the whole text stays in the conversation)."""
    text = text.strip()
    if len(text) <= SUMMARY_CHARS:
        return text
    cut = text[: SUMMARY_CHARS - 1]
    space = max(cut.rfind(" "), cut.rfind("\n"))
    if space > SUMMARY_CHARS // 2:  # else one very long "word" (a link): cut it
        cut = cut[:space]
    return cut.rstrip(" \n,.;:-") + "…"


KINDS = ("complaint", "info_request", "emergency", "external", "not_complaint", "status_check")


class TicketCounter(db.Model):
    """The last number issued per series and year (race-free via UPDATE ... RETURNING)."""

    __tablename__ = "ticket_counters"

    series: Mapped[str] = mapped_column(String(10), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


class Ticket(db.Model):
    __tablename__ = "tickets"
    __table_args__ = (
        Index("ix_tickets_status_due", "status", "first_response_due_at"),
        Index("ix_tickets_contact_status", "contact_id", "status"),
        Index("ix_tickets_status_resolved", "status", "resolved_at"),
        # Retention (ticketing/retention.py) reads closed tickets not yet redacted.
        Index(
            "ix_tickets_retention",
            "closed_at",
            postgresql_where=text("redacted_at IS NULL"),
            sqlite_where=text("redacted_at IS NULL"),
        ),
        Index("ix_tickets_created_at", "created_at"),  # reports: tickets of a period
        # Reports on PostgreSQL: a period's figures from the index alone.
        Index("ix_tickets_report", "created_at", postgresql_include=list(REPORT_COLUMNS)),
        # Incident candidates: one OPD's recent tickets (ticketing/incidents.py).
        Index("ix_tickets_opd_created", "opd_code", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"))
    identity_id: Mapped[int] = mapped_column(ForeignKey("identities.id"))
    channel: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="new")
    kind: Mapped[str] = mapped_column(String(20), default="complaint")
    opd_code: Mapped[str | None] = mapped_column(ForeignKey("opds.code"), index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    priority: Mapped[int] = mapped_column(Integer, default=0)  # 0 normal, 1 urgent, 2 emergency
    confidence: Mapped[float | None] = mapped_column(Float)
    routing_reason: Mapped[str | None] = mapped_column(Text)
    suggestions: Mapped[list[Any]] = mapped_column(JSON, default=list)
    routed_by: Mapped[str | None] = mapped_column(String(20))  # rule | model | agent
    external_body: Mapped[str | None] = mapped_column(String(20))
    registration_number: Mapped[str | None] = mapped_column(String(24), unique=True)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    address: Mapped[str | None] = mapped_column(Text)
    pii_flag: Mapped[bool] = mapped_column(default=False)
    # The category the citizen chose (web form, Open311), the district the ticket is
    # about (a kecamatan name: reports and public pages group by it), and an agent's
    # "never publish this ticket" (ticketing/publication.py).
    service_code: Mapped[str | None] = mapped_column(String(40))
    kecamatan: Mapped[str | None] = mapped_column(String(40), index=True)
    private: Mapped[bool] = mapped_column(default=False)
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    # An agent confirmed the incident (ticketing/incidents.py): only then does the ticket
    # follow its parent's handling and its citizen hear the parent's updates.
    incident_confirmed: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    last_citizen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_response_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The Media Center's first own reply to the citizen (an agent's): it answers them but
    # meets no unit's first-response clock (ticketing/actions.py:reply).
    desk_replied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolution_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The urgent sort's due time (queue_due below), kept on every flush of the ticket.
    queue_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    bounces: Mapped[int] = mapped_column(Integer, default=0)  # "bukan wewenang" returns
    assigned_officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)  # agent
    rating: Mapped[int | None] = mapped_column(Integer)  # the citizen's 1-5 after resolve
    reopened: Mapped[int] = mapped_column(Integer, default=0)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    close_reason: Mapped[str | None] = mapped_column(String(40))
    # When the retention policy or an erasure removed the personal data (facts stay).
    redacted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Report facts, kept by PostgreSQL triggers (ticketing/models/reporting.py), empty on
    # SQLite: working seconds from creation to the first response and to resolution (on
    # report_days), and a copy of the kind's promise clock (status, due, met).
    work_first_response_s: Mapped[float | None] = mapped_column(Float)
    work_resolution_s: Mapped[float | None] = mapped_column(Float)
    promise_status: Mapped[str | None] = mapped_column(String(10))
    promise_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    promise_met_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    contact = relationship("Contact")
    identity = relationship("Identity")
    opd = relationship("Opd")
    assigned_officer = relationship("Officer")
    assignee = relationship("User")
    messages: Mapped[list[Message]] = relationship(
        back_populates="ticket", order_by="Message.id", lazy="selectin"
    )
    events: Mapped[list[TicketEvent]] = relationship(
        back_populates="ticket", order_by="TicketEvent.id"
    )

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def awaited_due(self) -> datetime | None:
        """The deadline the citizen now waits on (see awaited_due)."""
        return awaited_due(self)


def in_triage(ticket: object) -> bool:
    """Whether the ticket (or queue row) still waits for the desk to route it."""
    return getattr(ticket, "status", None) == "triage"


def answered(ticket: object) -> bool:
    """Whether the citizen had a real answer: the first response of the unit that owns
    the ticket, or, on a ticket reopened after an agent resolved it over the head of a
    unit that never answered (no first response of that unit, ticketing/actions.py
    `_first_response`), that resolution. Works on a Ticket or a queue row."""
    responded = getattr(ticket, "first_responded_at", None) is not None
    return responded or bool(getattr(ticket, "reopened", 0))


def awaited_due(ticket: object) -> datetime | None:
    """The deadline the citizen now waits on: the first response (the 1x24 h promise)
    until it was given, then the resolution (None when no resolution clock runs, e.g. an
    emergency once acknowledged). A ticket still in triage waits on its routing: an agent's
    holding reply answers the citizen but the disposition clock runs on (first_response_due_at
    is the earliest running clock's). Works on a Ticket or a queue row."""
    if not answered(ticket) or in_triage(ticket):
        return getattr(ticket, "first_response_due_at", None) or getattr(
            ticket, "resolution_due_at", None
        )
    return getattr(ticket, "resolution_due_at", None)


# Sorts after every real deadline: an answered ticket no clock runs on any more.
NOTHING_AWAITED = datetime(2999, 12, 31, tzinfo=UTC)


def queue_due(ticket: Ticket) -> datetime:
    """The urgent sort's due time: the deadline the citizen waits on (awaited_due), else
    the arrival time while unanswered, else NOTHING_AWAITED."""
    due = awaited_due(ticket)
    if due is not None:
        return due
    if not answered(ticket):
        return ticket.created_at or utcnow()
    return NOTHING_AWAITED


@event.listens_for(Ticket, "before_insert")
@event.listens_for(Ticket, "before_update")
def _keep_queue_due(_mapper: Any, _connection: Any, ticket: Ticket) -> None:
    ticket.queue_due_at = queue_due(ticket)


class Message(db.Model):
    """One inbound message from a citizen; (channel, external_id) is the provider's dedupe key."""

    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("channel", "external_id", name="uq_message_channel_extid"),
        Index("ix_messages_channel_received", "channel", "received_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"), index=True)
    identity_id: Mapped[int] = mapped_column(ForeignKey("identities.id"))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("inbound_events.id"))
    channel: Mapped[str] = mapped_column(String(20))
    external_id: Mapped[str] = mapped_column(String(255))  # Instagram's: ~160
    text: Mapped[str] = mapped_column(Text, default="")
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    address: Mapped[str | None] = mapped_column(Text)
    unsupported: Mapped[str | None] = mapped_column(String(40))
    public: Mapped[bool] = mapped_column(default=False)
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    ticket: Mapped[Ticket | None] = relationship(back_populates="messages")
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="message", order_by="Attachment.id", lazy="selectin"
    )


class Attachment(db.Model):
    """A file a citizen sent; the worker downloads it into local storage."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"), index=True)
    # Evidence an officer uploaded (progress or resolution photo) hangs off its event.
    event_id: Mapped[int | None] = mapped_column(ForeignKey("ticket_events.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    ref: Mapped[str] = mapped_column(Text)
    mime_type: Mapped[str | None] = mapped_column(String(100))
    size: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending|stored|failed
    storage_path: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)
    # Shown on public pages: a photo the citizen sent for publication (web form) or an
    # officer's evidence marked public. Everything else stays inside.
    public: Mapped[bool] = mapped_column(default=False)

    message: Mapped[Message | None] = relationship(back_populates="attachments")


class TicketEvent(db.Model):
    """The audit trail: who did what to a ticket, and when."""

    __tablename__ = "ticket_events"
    __table_args__ = (Index("ix_ticket_events_action_at", "action", "at"),)  # reports: bounces

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_kind: Mapped[str] = mapped_column(String(20))  # system | agent | officer | citizen
    actor_id: Mapped[int | None] = mapped_column(Integer)
    actor_name: Mapped[str] = mapped_column(String(200), default="")
    action: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    ticket: Mapped[Ticket] = relationship(back_populates="events")
    attachments: Mapped[list[Attachment]] = relationship(order_by="Attachment.id", lazy="selectin")
