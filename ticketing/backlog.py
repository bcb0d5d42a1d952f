"""What is waiting, for /readyz and /metrics: inbound events not yet processed, outbox
rows not yet sent, outbox rows by state, SLA clocks by OPD. Small read-only queries, each
served by an index where the table grows (the partial indexes on pending events and
pending outbox rows, the running clocks' index)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from aduan.extensions import db
from sla.models import Clock
from ticketing.models import INBOUND_MAX_ATTEMPTS, InboundEvent, Outbound, Ticket


@dataclass(frozen=True)
class Waiting:
    """How many items wait, and the age in seconds of the oldest (None when none)."""

    count: int
    oldest_seconds: float | None


def _waiting(count: int, oldest: datetime | None, now: datetime) -> Waiting:
    if oldest is None:
        return Waiting(count, None)
    oldest = oldest if oldest.tzinfo else oldest.replace(tzinfo=now.tzinfo)
    return Waiting(count, max(0.0, (now - oldest).total_seconds()))


def pending_events(now: datetime) -> Waiting:
    """Returns the stored inbound events not processed yet (the oldest by arrival)."""
    stmt = select(func.count(), func.min(InboundEvent.received_at)).where(
        InboundEvent.processed_at.is_(None)
    )
    count, oldest = db.session.execute(stmt).one()
    return _waiting(count, oldest, now)


def late_events(now: datetime, older_than: float) -> Waiting:
    """Returns the events still to process (not given up) received more than
    `older_than` seconds ago: the intake alert on /admin and in /metrics."""
    cutoff = now - timedelta(seconds=older_than)
    stmt = select(func.count(), func.min(InboundEvent.received_at)).where(
        InboundEvent.processed_at.is_(None),
        InboundEvent.attempts < INBOUND_MAX_ATTEMPTS,
        InboundEvent.received_at < cutoff,
    )
    count, oldest = db.session.execute(stmt).one()
    return _waiting(count, oldest, now)


def failed_events() -> int:
    """Returns the events given up after INBOUND_MAX_ATTEMPTS failures (an admin may
    replay them on /admin/channels)."""
    stmt = select(func.count()).where(
        InboundEvent.processed_at.is_(None), InboundEvent.attempts >= INBOUND_MAX_ATTEMPTS
    )
    return int(db.session.execute(stmt).scalar_one())


def queued_outbox(now: datetime) -> Waiting:
    """Returns the outbox rows waiting to be sent whose time has come (a row held back
    for a retry later is not late yet); the oldest by its due time."""
    stmt = select(func.count(), func.min(Outbound.next_attempt_at)).where(
        Outbound.status == "pending", Outbound.next_attempt_at <= now
    )
    count, oldest = db.session.execute(stmt).one()
    return _waiting(count, oldest, now)


def late_outbox(now: datetime, seconds: int) -> Waiting:
    """Returns the outbox rows still unsent `seconds` after they were due: pending, or
    stuck in "sending" (an alert in /admin and the metric aduan_outbox_late_rows)."""
    cutoff = now - timedelta(seconds=seconds)
    late = ((Outbound.status == "pending") & (Outbound.next_attempt_at < cutoff)) | (
        (Outbound.status == "sending") & (Outbound.updated_at < cutoff)
    )
    stmt = select(func.count(), func.min(Outbound.next_attempt_at)).where(late)
    count, oldest = db.session.execute(stmt).one()
    return _waiting(count, oldest, now)


def unknown_outbox(limit: int = 20) -> tuple[int, list[str]]:
    """Returns how many outbox rows have an unknown outcome (an agent decides: resend or
    settle, on the ticket page) and the numbers of up to `limit` of their tickets. A row
    of no ticket (a welcome, an "unsupported" note) has no page to decide it on: it would
    hold the alert up for good, so it counts only in aduan_outbox_rows."""
    unknown = (Outbound.status == "unknown") & Outbound.ticket_id.is_not(None)
    count = db.session.execute(select(func.count()).where(unknown)).scalar_one()
    if not count:
        return 0, []
    ids = select(Outbound.ticket_id).where(unknown).distinct().limit(limit).subquery()
    stmt = select(Ticket.number).where(Ticket.id.in_(select(ids))).order_by(Ticket.id)
    return count, list(db.session.execute(stmt).scalars())


def outbox_by_state() -> dict[tuple[str, str], int]:
    """Returns {(channel, status): rows} over the whole outbox."""
    stmt = select(Outbound.channel, Outbound.status, func.count()).group_by(
        Outbound.channel, Outbound.status
    )
    return {(channel, status): n for channel, status, n in db.session.execute(stmt)}


def clocks_by_opd(now: datetime) -> dict[tuple[str, str], int]:
    """Returns {(OPD code or "none", "running" | "breached"): running clocks}; a running
    clock is breached once its due time has passed."""
    late = Clock.due_at < now
    stmt = (
        select(Ticket.opd_code, late.label("late"), func.count())
        .join(Ticket, Ticket.id == Clock.ticket_id)
        .where(Clock.status == "running")
        .group_by(Ticket.opd_code, late)
    )
    found: dict[tuple[str, str], int] = {}
    for opd, is_late, n in db.session.execute(stmt):
        key = (opd or "none", "breached" if is_late else "running")
        found[key] = found.get(key, 0) + n
    return found
