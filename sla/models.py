"""SLA tables: versioned policies, calendar overrides, per-ticket clocks, escalation steps."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from aduan.extensions import db
from ticketing.models import reporting
from ticketing.models.base import UTCDateTime, utcnow

CLOCK_KINDS = ("first_response", "resolution", "triage", "ppid", "objection", "emergency_ack")


class SlaPolicy(db.Model):
    """One version of a policy. Editing a policy adds a version; clocks keep theirs."""

    __tablename__ = "sla_policies"
    __table_args__ = (UniqueConstraint("key", "opd_code", "version", name="uq_policy_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(30))  # complaint | resolution | triage | ppid | ...
    opd_code: Mapped[str | None] = mapped_column(String(20))  # per-OPD override (resolution)
    version: Mapped[int] = mapped_column(Integer, default=1)
    name: Mapped[str] = mapped_column(String(120))
    calendar: Mapped[str] = mapped_column(String(20))  # working | wallclock | office
    unit: Mapped[str] = mapped_column(String(20))  # minutes | hours | working_days
    amount: Mapped[int] = mapped_column(Integer)
    ladder: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [{"at": 0.5, "action": ...}]
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class CalendarOverride(db.Model):
    """An admin's correction to the working-day calendar: an extra closure or opening."""

    __tablename__ = "calendar_overrides"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # closed | open
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Clock(db.Model):
    """A deadline running for one ticket.

    Time is measured in working seconds of the policy's calendar: `budget` seconds in
    all, `used` of them consumed in earlier running segments, the current segment
    started at `resumed_at`. `next_step_at` (indexed while running) is when the next
    escalation step is due; the sweeper reads only clocks whose step is due."""

    __tablename__ = "sla_clocks"
    __table_args__ = (
        UniqueConstraint("ticket_id", "kind", name="uq_clock_ticket_kind"),
        Index(
            "ix_sla_clocks_next_step",
            "next_step_at",
            postgresql_where=text("status = 'running'"),
            sqlite_where=text("status = 'running'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    policy_id: Mapped[int] = mapped_column(ForeignKey("sla_policies.id"))
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(10), default="running")  # running|paused|met|stopped
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    resumed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    budget: Mapped[float] = mapped_column(Float)  # working seconds in all
    used: Mapped[float] = mapped_column(Float, default=0.0)  # consumed before resumed_at
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    next_step: Mapped[int] = mapped_column(Integer, default=0)  # index into the ladder
    next_step_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    met_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    breached_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    extended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    extension_reason: Mapped[str | None] = mapped_column(Text)

    policy: Mapped[SlaPolicy] = relationship()
    ticket = relationship("Ticket")


reporting.install_after(Clock.__table__)


class EscalationStep(db.Model):
    """One ladder step carried out; unique per (clock, step) so it happens exactly once."""

    __tablename__ = "sla_escalations"
    __table_args__ = (UniqueConstraint("clock_id", "step", name="uq_escalation_step"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    clock_id: Mapped[int] = mapped_column(ForeignKey("sla_clocks.id"), index=True)
    step: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recipients: Mapped[int] = mapped_column(Integer, default=0)
