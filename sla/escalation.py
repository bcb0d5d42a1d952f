"""Claiming due escalation steps. A clock's policy has a ladder (e.g. at 50 % remind the
officer, at 75 % warn the OPD head, at 100 % the breach); each step happens exactly
once, however many sweepers race for it: it is claimed with a conditional UPDATE
(next_step = k -> k + 1) and recorded in a row unique per (clock, step). What a step
does (notices, the timeline) is the caller's `perform`, on the ticketing side
(ticketing.escalations). Steps are committed in batches, so a sweep costs about one
round trip per step; a failure rolls the whole batch back, notices included."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from aduan.extensions import db
from sla import clocks as clock_ops
from sla.models import Clock, EscalationStep

BATCH = 200
MAX_BATCHES = 500

# perform(clock, action, now) carries out one claimed step; returns how many were told.
Perform = Callable[[Clock, str, datetime], int]


def due_clock_ids(now: datetime, limit: int = BATCH) -> list[int]:
    """Returns running clocks whose next step is due, oldest first (partial index scan)."""
    stmt = (
        select(Clock.id)
        .where(Clock.status == "running", Clock.next_step_at <= now)
        .order_by(Clock.next_step_at)
        .limit(limit)
    )
    return list(db.session.execute(stmt).scalars())


def sweep(now: datetime, perform: Perform) -> int:
    """Claims every due step and has `perform` carry it out; returns how many steps this
    caller performed."""
    done = 0
    for _ in range(MAX_BATCHES):
        ids = due_clock_ids(now)
        if not ids:
            break
        stmt = (
            select(Clock)
            .where(Clock.id.in_(ids))
            .options(joinedload(Clock.policy), joinedload(Clock.ticket))
            .order_by(Clock.next_step_at)
        )
        with db.session.no_autoflush:
            for clock in db.session.execute(stmt).unique().scalars():
                while _is_due(clock, now) and _claim(clock):
                    _step(clock, now, perform)
                    done += 1
        db.session.commit()
        if len(ids) < BATCH:
            break
    return done


def _is_due(clock: Clock, now: datetime) -> bool:
    return (
        clock.status == "running"
        and clock.next_step_at is not None
        and clock.next_step_at <= now
        and clock.next_step < len(clock.policy.ladder or [])
    )


def _claim(clock: Clock) -> bool:
    """Takes step `clock.next_step` for this transaction; False if another sweeper has it."""
    step = clock.next_step
    claim = (
        update(Clock)
        .where(Clock.id == clock.id, Clock.next_step == step, Clock.status == "running")
        .values(next_step=step + 1)
        .execution_options(synchronize_session=False)
    )
    if db.session.execute(claim).rowcount != 1:
        db.session.expire(clock)
        return False
    set_committed_value(clock, "next_step", step + 1)
    return True


def _step(clock: Clock, now: datetime, perform: Perform) -> None:
    """Records the claimed step, has it performed, and schedules the next one."""
    step = clock.next_step - 1
    action = clock.policy.ladder[step]["action"]
    if action == "breach":
        clock.breached_at = clock.due_at
    told = perform(clock, action, now)
    db.session.add(
        EscalationStep(clock_id=clock.id, step=step, action=action, at=now, recipients=told)
    )
    clock_ops.schedule(clock)
