"""The one writer of InboundEvent: store a provider's raw payload once, enqueue its
processing, and (run by the clock) put back on the queue what was stored but never
processed because its job was lost."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from redis.exceptions import RedisError
from rq.job import Job
from sqlalchemy import insert, select
from sqlalchemy.dialects import postgresql, sqlite

from aduan.extensions import db
from aduan.queue import enqueue as enqueue_job
from aduan.queue import redis_conn
from channels.base import InboundMessage
from ticketing.models import InboundEvent, utcnow

log = logging.getLogger(__name__)

# By name, so a web process that only stores and enqueues never runs the pipeline.
PROCESS_EVENT = "ticketing.inbound.jobs.process_event"
MAX_ATTEMPTS = 5
EXTERNAL_ID_MAX = InboundEvent.__table__.c.external_id.type.length  # 120
SWEEP_BATCH = 500


@dataclass(frozen=True)
class Inbound:
    """What one stored payload holds: citizens' messages, and `then`, the rest of the
    payload's work (delivery statuses, a transcript) run after the messages were
    ingested, in the same transaction; it returns an outcome word."""

    messages: list[InboundMessage]
    then: Callable[[InboundEvent], str] | None = None


def job_id(event_id: int, suffix: str = "") -> str:
    """Returns the RQ job id of an event's processing: one job per event, and one more
    per `suffix` (an admin's replay)."""
    return f"in-{event_id}-{suffix}" if suffix else f"in-{event_id}"


def insert_statement(route: str, external_id: str, payload: str) -> Any:
    """Returns the INSERT of one raw event that skips a duplicate (route, external id)
    and returns the new id (no row for a duplicate)."""
    dialect = db.engine.dialect.name
    if dialect == "postgresql":
        stmt: Any = postgresql.insert(InboundEvent).on_conflict_do_nothing(
            index_elements=["channel", "external_id"]
        )
    elif dialect == "sqlite":
        stmt = sqlite.insert(InboundEvent).on_conflict_do_nothing(
            index_elements=["channel", "external_id"]
        )
    else:
        stmt = insert(InboundEvent)
    values = {"channel": route, "external_id": external_id, "payload": payload}
    return stmt.values(**values, received_at=utcnow()).returning(InboundEvent.id)


def store(route: str, external_id: str, payload: str) -> int | None:
    """Commits one raw event in its own short transaction; returns its id, or None when
    it was already stored. Raises SQLAlchemyError when the database cannot take it."""
    with db.engine.begin() as connection:  # Core, no ORM session: this is the hot path
        return connection.execute(insert_statement(route, external_id, payload)).scalar()


def enqueue(event_id: int, suffix: str = "") -> bool:
    """Enqueues the processing of a committed event; False when Redis is unreachable
    (the sweeper enqueues it later)."""
    return enqueue_job(PROCESS_EVENT, event_id, queue="default", job_id=job_id(event_id, suffix))


def requeue_stale(now: datetime) -> int:
    """Enqueues events not processed within INBOUND_RETRY_SECONDS whose job is gone.
    Returns how many were enqueued."""
    cutoff = now - timedelta(seconds=current_app.config["INBOUND_RETRY_SECONDS"])
    stmt = (
        select(InboundEvent.id)
        .where(InboundEvent.processed_at.is_(None), InboundEvent.received_at < cutoff)
        .where(InboundEvent.attempts < MAX_ATTEMPTS)
        .order_by(InboundEvent.received_at)
        .limit(SWEEP_BATCH)
    )
    ids = list(db.session.execute(stmt).scalars())
    db.session.rollback()
    if not ids:
        return 0
    try:
        pipe = redis_conn().pipeline(transaction=False)
        for event_id in ids:
            pipe.exists(Job.key_for(job_id(event_id)))
        known = pipe.execute()
    except (RedisError, OSError) as exc:
        log.warning("sweeper: Redis unavailable: %s", exc)
        return 0
    count = sum(enqueue(event_id) for event_id, found in zip(ids, known, strict=True) if not found)
    if count:
        log.info("sweeper: re-enqueued %d inbound events", count)
    return count
