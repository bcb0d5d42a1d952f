"""The two durable queues at the edges: raw inbound events and the outbox."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from aduan.extensions import db

from .base import UTCDateTime, utcnow

INBOUND_MAX_ATTEMPTS = 5  # failed attempts before an event waits for an admin's replay


class InboundEvent(db.Model):
    """A provider's raw payload, committed before the webhook answers 2xx."""

    __tablename__ = "inbound_events"
    __table_args__ = (
        UniqueConstraint("channel", "external_id", name="uq_event_channel_extid"),
        Index(
            "ix_inbound_events_pending",
            "lane",
            "received_at",
            postgresql_where=text("processed_at IS NULL"),
            sqlite_where=text("processed_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    external_id: Mapped[str] = mapped_column(String(120))
    payload: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    # A worker's claim (ticketing/inbound/claims.py): its token and the lease's end; after
    # the lease, or a retry's back-off, any worker may claim the event again.
    claim_token: Mapped[str | None] = mapped_column(String(32))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Claimed in lane order, then oldest first: LANE_ALARM for a payload with words of an
    # emergency in it (a guess before any parsing), so it never waits behind a flood;
    # LANE_STATUS for delivery statuses only, so they never delay a citizen's answer.
    lane: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))


LANE_ALARM, LANE_REST, LANE_STATUS = 0, 1, 2


# Outbox statuses in the order they may advance; failed/undeliverable are terminal.
OUTBOX_ORDER = ("pending", "sending", "sent", "delivered", "read")
OUTBOX_TERMINAL = ("failed", "undeliverable", "unknown")


class Outbound(db.Model):
    """One message to a citizen or officer: a row first, then a job sends it."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index(
            "ix_outbox_pending_due",
            "next_attempt_at",
            postgresql_where=text("status = 'pending'"),
            sqlite_where=text("status = 'pending'"),
        ),
        Index(  # the few an agent must decide on (the admin pages' alert)
            "ix_outbox_unknown",
            "ticket_id",
            postgresql_where=text("status = 'unknown'"),
            sqlite_where=text("status = 'unknown'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"), index=True)
    identity_id: Mapped[int | None] = mapped_column(ForeignKey("identities.id"))
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))
    channel: Mapped[str] = mapped_column(String(20))
    recipient: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    template: Mapped[str | None] = mapped_column(String(100))
    template_params: Mapped[list[Any]] = mapped_column(JSON, default=list)
    media: Mapped[list[int] | None] = mapped_column(JSON)  # attachment ids sent as photos
    reply_to: Mapped[str | None] = mapped_column(String(255))
    purpose: Mapped[str] = mapped_column(String(30), default="reply")
    priority: Mapped[str] = mapped_column(String(10), default="default")  # high|default|low
    dedupe_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    provider_id: Mapped[str | None] = mapped_column(String(255), index=True)
    error_code: Mapped[str | None] = mapped_column(String(40))  # the provider's, for people
    failure_reason: Mapped[str | None] = mapped_column(String(30))  # channels.base.REASONS
    error: Mapped[str | None] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class ChannelState(db.Model):
    """What the desk knows about a channel it polls or sends on: the poll cursor (X
    since_id), when it last worked, and its last error. Admins see it as channel health."""

    __tablename__ = "channel_states"

    key: Mapped[str] = mapped_column(String(30), primary_key=True)  # e.g. x_mentions
    cursor: Mapped[str | None] = mapped_column(String(120))
    healthy: Mapped[bool] = mapped_column(default=True)
    last_poll_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_ok_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    retry_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
