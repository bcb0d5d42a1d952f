"""The clock's safety nets for the outbox (ticketing/outbox.py): pending rows whose send
job was lost or waits behind a backlog are enqueued again, and rows a crashed worker left
"sending" become "unknown" for an agent to check rather than being sent twice."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update

from aduan.extensions import db
from aduan.queue import JOB_TIMEOUT, enqueue_sweep
from ticketing.models import Outbound
from ticketing.outbox import RECORD_PATIENCE, SWEEP_BATCH, queue_for, send_outbound


def requeue_due(now: datetime) -> int:
    """Clock sweeper: enqueues pending rows whose send is overdue by a minute (their job
    was lost, or waits behind a backlog). The send job claims its row, so an extra job
    never sends twice; one sweeper job per row waits at a time. Returns how many were
    enqueued."""
    stmt = (
        select(Outbound)
        .where(Outbound.status == "pending", Outbound.next_attempt_at < now - timedelta(minutes=1))
        .order_by(Outbound.next_attempt_at)
        .limit(SWEEP_BATCH)
    )
    rows = [(row.id, queue_for(row)) for row in db.session.execute(stmt).scalars()]
    db.session.rollback()
    return enqueue_sweep(send_outbound, rows, "out", now)


def stuck_after() -> timedelta:
    """How long a live send can stay "sending": RQ's job timeout (then it records
    "unknown" itself), plus a provider read the timeout cannot interrupt
    (SEND_TIMEOUT_SECONDS), plus its wait for the database, plus a minute's margin. A row
    "sending" for longer lost its worker (killed, crashed)."""
    read = float(current_app.config["SEND_TIMEOUT_SECONDS"])
    return timedelta(seconds=JOB_TIMEOUT + read + RECORD_PATIENCE + 60)


def mark_stuck_sending(now: datetime) -> int:
    """Clock sweeper: rows left in "sending" by a crashed worker may or may not have
    reached the provider; they become "unknown" (shown to agents, who can resend) rather
    than being sent twice. Returns how many were marked."""
    stmt = (
        update(Outbound)
        .where(Outbound.status == "sending", Outbound.updated_at < now - stuck_after())
        .values(status="unknown", error="interrupted while sending; delivery unknown")
    )
    count = db.session.execute(stmt).rowcount
    db.session.commit()
    return count
