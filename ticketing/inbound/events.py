"""The one writer of InboundEvent: store a provider's raw payload once, wake a worker to
claim it (ticketing/inbound/claims.py), and (run by the clock) wake one again for events
still waiting. The stored row is the record of what is to do; a job in Redis is only a
wake-up, so a lost job loses nothing."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from redis.exceptions import RedisError
from sqlalchemy import insert, or_, select
from sqlalchemy.dialects import postgresql, sqlite

from aduan.extensions import db
from aduan.queue import enqueue as enqueue_job
from aduan.queue import redis_conn
from channels.base import InboundMessage
from ticketing.inbound.claims import claimable
from ticketing.models import InboundEvent, utcnow

log = logging.getLogger(__name__)

# By name, so a web process that only stores and wakes never runs the pipeline.
DRAIN = "ticketing.inbound.jobs.drain"
QUEUE = "default"  # intake; acknowledgements and other sends have their own queues
WAKE_KEY = "aduan:intake:wake"
WAKE_MS = 250
SWEEP_BATCH = 500


@dataclass(frozen=True)
class Inbound:
    """What one stored payload holds: citizens' messages, and `then`, the rest of the
    payload's work (delivery statuses, a transcript) run after the messages were
    ingested, in the same transaction; it returns an outcome word."""

    messages: list[InboundMessage]
    then: Callable[[InboundEvent], str] | None = None


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


def wake() -> bool:
    """Makes sure a worker will look for stored events soon: one cheap Redis command per
    call (SET NX with a short expiry); only the call that sets the flag enqueues an
    intake job, so a flood costs about one job per WAKE_MS. The job clears the flag
    before its last look, so no event stored before a failed SET waits. False when
    Redis is unreachable (the sweeper wakes a worker later)."""
    try:
        first = redis_conn().set(WAKE_KEY, b"1", nx=True, px=WAKE_MS)
    except (RedisError, OSError) as exc:
        log.warning("intake wake-up not sent, the sweeper will: %s", exc)
        return False
    return bool(first) and enqueue_drain()


def enqueue_drain() -> bool:
    """Enqueues one intake job (ticketing.inbound.jobs.drain); False when Redis is down."""
    return enqueue_job(DRAIN, queue=QUEUE)


def clear_wake() -> None:
    """Drops the wake flag (a job about to take its last look); never raises."""
    try:
        redis_conn().delete(WAKE_KEY)
    except (RedisError, OSError) as exc:
        log.warning("intake wake flag not cleared: %s", exc)


def requeue_stale(now: datetime) -> int:
    """The safety net (run by the clock): when events wait unclaimed longer than
    INBOUND_RETRY_SECONDS (a lost wake-up, an ended lease, a retry due), enqueues an
    intake job. Returns how many events wait so (at most SWEEP_BATCH)."""
    cutoff = now - timedelta(seconds=current_app.config["INBOUND_RETRY_SECONDS"])
    late = or_(InboundEvent.received_at < cutoff, InboundEvent.claimed_until.is_not(None))
    stmt = select(InboundEvent.id).where(claimable(now), late).limit(SWEEP_BATCH)
    waiting = len(db.session.execute(stmt).scalars().all())
    db.session.rollback()
    if waiting and enqueue_drain():
        log.info("sweeper: %d inbound events waiting, intake job enqueued", waiting)
        return waiting
    return 0
