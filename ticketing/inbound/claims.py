"""Claims on stored inbound events: the event row, not a job in Redis, says what is still
to do. A worker claims a batch (a token and a lease) in one short transaction; it marks
each event processed only while its claim holds; a failed event goes back with back-off;
after MAX_ATTEMPTS failures it stays for an admin (the failed events on /admin/channels).
A killed worker's events are claimable again once its lease ends.

PostgreSQL: `SELECT ... FOR UPDATE SKIP LOCKED`, then the UPDATE of those rows, so
workers never wait for each other (not one `UPDATE ... WHERE id IN (SELECT ... LIMIT)`:
PostgreSQL may run such a subquery more than once and claim more than the limit).
SQLite: the UPDATE repeats the conditions, so of two workers only one gets a row."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import ColumnElement, and_, or_, select, update

from aduan.extensions import db
from aduan.extensions import db_transient as transient  # jobs and this module retry on it
from ticketing.models import INBOUND_MAX_ATTEMPTS as MAX_ATTEMPTS
from ticketing.models import LANE_ALARM, LANE_REST, LANE_STATUS, InboundEvent

BACKOFF_SECONDS = (5, 30, 120, 600)  # after the 1st, 2nd, 3rd, 4th failure


def lease_seconds() -> int:
    return int(current_app.config["INBOUND_LEASE_SECONDS"])


def claimable(now: datetime) -> ColumnElement[bool]:
    """Events waiting for a worker: not processed, not given up, not under a live claim
    or a retry's back-off."""
    return and_(
        InboundEvent.processed_at.is_(None),
        InboundEvent.attempts < MAX_ATTEMPTS,
        or_(InboundEvent.claimed_until.is_(None), InboundEvent.claimed_until <= now),
    )


def claim(now: datetime, limit: int, ids: list[int] | None = None) -> tuple[str, list[int]]:
    """Claims up to `limit` waiting events (possible emergencies first, up to half the
    claim, then the oldest, delivery statuses last; or only `ids`) for a new token;
    commits. Returns (token, the claimed ids, in the order to process them)."""
    token = uuid.uuid4().hex
    try:
        # The first lane takes at most half a claim (more only when nothing else waits):
        # 'darurat' in every message of a flood must not hold the rest back for ever.
        # Delivery statuses come last but keep a small share: a long flood must not hold
        # back the failures that make the desk send a template or tell an agent.
        share, kept = max(1, limit // 2), max(1, limit // 8)
        alarms = _pick(now, limit, ids, LANE_ALARM)
        statuses = _pick(now, kept, ids, LANE_STATUS)
        rest = _pick(now, limit - min(share, len(alarms)) - len(statuses), ids, LANE_REST)
        room = limit - len(alarms) - len(rest) - len(statuses)
        more = _pick(now, room, ids, LANE_STATUS, statuses) if len(statuses) == kept else []
        picked = [*alarms[:share], *rest, *statuses, *alarms[share:], *more][:limit]
        claimed: list[int] = []
        if picked:  # the WHERE again: on SQLite another worker may have come first
            stmt = (
                update(InboundEvent)
                .where(InboundEvent.id.in_(picked), claimable(now))
                .values(claim_token=token, claimed_until=now + timedelta(seconds=lease_seconds()))
                .returning(InboundEvent.id)
                .execution_options(synchronize_session=False)
            )
            won = set(db.session.execute(stmt).scalars())
            claimed = [event_id for event_id in picked if event_id in won]  # lane order
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return token, claimed


def alarms_waiting(now: datetime, limit: int) -> list[int]:
    """Up to `limit` possible emergencies waiting for a worker, oldest first (a plain
    read: `claim` with their ids takes them)."""
    pick = select(InboundEvent.id).where(claimable(now), InboundEvent.lane == LANE_ALARM)
    pick = pick.order_by(InboundEvent.received_at, InboundEvent.id).limit(limit)
    return list(db.session.execute(pick).scalars())


def _pick(
    now: datetime, limit: int, ids: list[int] | None, lane: int, besides: list[int] | None = None
) -> list[int]:
    """Up to `limit` claimable events of `lane`, oldest first, but those `besides`
    (locked on PostgreSQL: the partial index on (lane, received_at) serves it)."""
    if limit <= 0:
        return []
    pick: Any = select(InboundEvent.id).where(claimable(now), InboundEvent.lane == lane)
    if ids is not None:
        pick = pick.where(InboundEvent.id.in_(ids))
    if besides:
        pick = pick.where(InboundEvent.id.not_in(besides))
    pick = pick.order_by(InboundEvent.received_at, InboundEvent.id).limit(limit)
    if db.engine.dialect.name == "postgresql":
        pick = pick.with_for_update(skip_locked=True)
    return list(db.session.execute(pick).scalars())


def take(event_id: int, token: str, now: datetime, error: str | None = None) -> bool:
    """Marks a claimed event processed (in the caller's transaction, which also writes
    what the event made); False when the claim was lost (the lease ended and another
    worker took it), so the caller does nothing. The row stays locked until commit."""
    stmt = (
        update(InboundEvent)
        .where(
            InboundEvent.id == event_id,
            InboundEvent.claim_token == token,
            InboundEvent.processed_at.is_(None),
        )
        .values(
            processed_at=now,
            claim_token=None,
            claimed_until=None,
            attempts=InboundEvent.attempts + 1,
            last_error=error,
        )
        .execution_options(synchronize_session=False)
    )
    return db.session.execute(stmt).rowcount == 1


def fail(event_id: int, token: str, now: datetime, exc: BaseException) -> None:
    """Records a failed attempt on a claimed event and gives it back with back-off (not
    committed). A transient error does not count as an attempt."""
    values: dict[str, Any] = {"claim_token": None, "last_error": repr(exc)[:2000]}
    if transient(exc):
        values["claimed_until"] = now + timedelta(seconds=BACKOFF_SECONDS[0])
    else:
        event = db.session.get(InboundEvent, event_id)
        done = event.attempts if event is not None else 0
        values["attempts"] = InboundEvent.attempts + 1
        wait = BACKOFF_SECONDS[min(done, len(BACKOFF_SECONDS) - 1)]
        values["claimed_until"] = now + timedelta(seconds=wait)
    stmt = (
        update(InboundEvent)
        .where(InboundEvent.id == event_id, InboundEvent.claim_token == token)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(stmt)


def release(token: str) -> None:
    """Gives back whatever is still claimed under `token`, claimable at once (not
    committed)."""
    stmt = (
        update(InboundEvent)
        .where(InboundEvent.claim_token == token, InboundEvent.processed_at.is_(None))
        .values(claim_token=None, claimed_until=None)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(stmt)
