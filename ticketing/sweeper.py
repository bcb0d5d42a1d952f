"""The safety net run by the clock process: work that is committed in the database but
whose job never ran (Redis was down, a worker died) is put back on the queue.

Each query goes through a partial index on the pending rows, so the cost grows with
the amount of stuck work, not with the size of the tables."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import current_app
from redis.exceptions import RedisError
from rq.job import Job
from sqlalchemy import select, update

from aduan.extensions import db
from aduan.queue import enqueue, redis_conn
from ticketing.models import InboundEvent, Outbound
from ticketing.outbox import STUCK_AFTER, send_outbound

log = logging.getLogger(__name__)

BATCH = 500
MAX_EVENT_ATTEMPTS = 5


def _missing_jobs(job_ids: list[str]) -> set[str]:
    """Returns the ids among `job_ids` that Redis does not know."""
    pipe = redis_conn().pipeline(transaction=False)
    for job_id in job_ids:
        pipe.exists(Job.key_for(job_id))
    return {job_id for job_id, found in zip(job_ids, pipe.execute(), strict=True) if not found}


def requeue_stale_events(now: datetime) -> int:
    """Enqueues events not processed within INBOUND_RETRY_SECONDS whose job is gone.
    Returns how many were enqueued."""
    from ticketing.jobs import process_event

    cutoff = now - timedelta(seconds=current_app.config["INBOUND_RETRY_SECONDS"])
    stmt = (
        select(InboundEvent.id)
        .where(InboundEvent.processed_at.is_(None), InboundEvent.received_at < cutoff)
        .where(InboundEvent.attempts < MAX_EVENT_ATTEMPTS)
        .order_by(InboundEvent.received_at)
        .limit(BATCH)
    )
    ids = list(db.session.execute(stmt).scalars())
    db.session.rollback()
    if not ids:
        return 0
    try:
        missing = _missing_jobs([f"in-{i}" for i in ids])
    except RedisError as exc:
        log.warning("sweeper: Redis unavailable: %s", exc)
        return 0
    count = 0
    for event_id in ids:
        if f"in-{event_id}" in missing and enqueue(
            process_event, event_id, job_id=f"in-{event_id}"
        ):
            count += 1
    if count:
        log.info("sweeper: re-enqueued %d inbound events", count)
    return count


def requeue_due_outbox(now: datetime) -> int:
    """Enqueues pending outbox rows whose send is overdue by a minute. The send job
    claims its row, so an extra job for the same row never sends twice."""
    stmt = (
        select(Outbound.id, Outbound.priority)
        .where(Outbound.status == "pending", Outbound.next_attempt_at < now - timedelta(minutes=1))
        .order_by(Outbound.next_attempt_at)
        .limit(BATCH)
    )
    rows = db.session.execute(stmt).all()
    db.session.rollback()
    count = 0
    stamp = int(now.timestamp())
    for outbound_id, priority in rows:
        if enqueue(
            send_outbound, outbound_id, queue=priority, job_id=f"out-{outbound_id}-s{stamp}"
        ):
            count += 1
    return count


def mark_stuck_sending(now: datetime) -> int:
    """Rows left in 'sending' by a crashed worker may or may not have reached the
    provider; they become 'unknown' (shown to agents, who can resend) rather than
    being sent twice. Returns how many were marked."""
    stmt = (
        update(Outbound)
        .where(Outbound.status == "sending", Outbound.updated_at < now - STUCK_AFTER)
        .values(status="unknown", error="interrupted while sending; delivery unknown")
    )
    count = db.session.execute(stmt).rowcount
    db.session.commit()
    return count


def sweep(now: datetime) -> dict[str, int]:
    """Runs every safety-net step once; returns the counts."""
    return {
        "events": requeue_stale_events(now),
        "outbox": requeue_due_outbox(now),
        "stuck": mark_stuck_sending(now),
    }
