"""The clock process: runs the sweepers every few seconds, and RQ's scheduler in a
thread next to them (Procfile `clock`; threads inside `aduan run`)."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from datetime import datetime

from flask import Flask

from aduan import scheduler
from aduan.extensions import db, db_transient
from aduan.logs import REQUEST_ID
from aduan.queue import CLOCK_HEARTBEAT, redis_conn
from ticketing import escalations, feedback, outbox_sweep, retention
from ticketing.inbound import events, x
from ticketing.models import utcnow
from ticketing.partners import deliveries

log = logging.getLogger(__name__)


# What the clock does on most ticks; a tick doing only these logs at DEBUG.
ROUTINE = ("outbox", "x_poll", "retention")


def beat(app: Flask) -> None:
    """Records in Redis that the clock is alive (the time of this tick); never raises.
    The key never expires: a dead clock's last tick stays, so the age in /metrics
    (aduan_clock_last_tick_seconds) and `aduan doctor` keep growing; an expiring key made
    the gauge vanish a few minutes after the clock died, and an alert on it went quiet."""
    try:
        redis_conn(app).set(CLOCK_HEARTBEAT, str(time.time()))
    except Exception as exc:
        log.warning("clock heartbeat not written: %s", type(exc).__name__)


def tick(app: Flask) -> dict[str, int]:
    """Runs one round of every sweeper; returns what each did. A sweeper that fails is
    rolled back and logged, and the others still run: one bad row (an escalation step,
    a partner delivery) must not stop the outbox, the intake's safety net or retention."""
    token = REQUEST_ID.set(f"clock-{uuid.uuid4().hex[:8]}")
    with app.app_context():
        try:
            now = utcnow()
            beat(app)
            return {
                "events": _sweep("events", events.requeue_stale, now),  # their job was lost
                "outbox": _sweep("outbox", outbox_sweep.requeue_due, now),
                "stuck": _sweep("stuck", outbox_sweep.mark_stuck_sending, now),
                "escalations": _sweep("escalations", escalations.sweep, now),
                "partners": _sweep("partners", deliveries.requeue_due, now),  # partner webhooks
                "closed_silent": _sweep("closed_silent", feedback.close_silent, now),
                "x_poll": _sweep("x_poll", x.schedule_poll, now),  # once per X_POLL_SECONDS
                "retention": _sweep("retention", retention.run_if_due, now),  # once an hour
            }
        finally:
            db.session.remove()
            REQUEST_ID.reset(token)


def _sweep(name: str, sweeper: Callable[[datetime], int], now: datetime) -> int:
    """Runs one sweeper; 0 (and the traceback in the log) when it fails. The database
    gone away ends the tick (every sweeper after would fail the same way: one line in
    the log, not one traceback per sweeper)."""
    try:
        return sweeper(now)
    except Exception as exc:
        db.session.rollback()
        if db_transient(exc):
            raise
        log.exception("clock: sweeper %s failed; the others go on, it runs again next tick", name)
        return 0


def run(app: Flask, stop: threading.Event | None = None) -> None:
    """Starts the scheduler thread, then ticks every CLOCK_INTERVAL_SECONDS until `stop`
    is set; never dies on an error."""
    stop = stop or threading.Event()
    scheduler.start(app, stop)
    interval = app.config["CLOCK_INTERVAL_SECONDS"]
    log.info("clock started, every %s s", interval)
    while not stop.is_set():
        try:
            counts = tick(app)
            busy = {k: v for k, v in counts.items() if v}
            if busy:
                routine = all(k in ROUTINE for k in busy)
                log.log(logging.DEBUG if routine else logging.INFO, "clock: %s", busy)
        except Exception:
            log.exception("clock tick failed; trying again next tick")
        stop.wait(interval)
