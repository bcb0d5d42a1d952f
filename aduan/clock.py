"""The clock process: runs the sweepers every few seconds, and RQ's scheduler in a
thread next to them (Procfile `clock`; threads inside `aduan run`)."""

from __future__ import annotations

import logging
import threading
import time
import uuid

from flask import Flask

from aduan import scheduler
from aduan.extensions import db
from aduan.logs import REQUEST_ID
from aduan.queue import CLOCK_HEARTBEAT, redis_conn
from ticketing import escalations, feedback, outbox_sweep, retention
from ticketing.inbound import events, x
from ticketing.models import utcnow
from ticketing.partners import deliveries

log = logging.getLogger(__name__)


# What the clock does on most ticks; a tick doing only these logs at DEBUG.
ROUTINE = ("outbox", "x_poll", "retention")


def beat(app: Flask, interval: int) -> None:
    """Records in Redis that the clock is alive (the time of this tick); never raises."""
    try:
        redis_conn(app).set(CLOCK_HEARTBEAT, str(time.time()), ex=max(60, interval * 10))
    except Exception as exc:
        log.warning("clock heartbeat not written: %s", type(exc).__name__)


def tick(app: Flask) -> dict[str, int]:
    """Runs one round of every sweeper; returns what each did."""
    token = REQUEST_ID.set(f"clock-{uuid.uuid4().hex[:8]}")
    with app.app_context():
        try:
            now = utcnow()
            beat(app, app.config["CLOCK_INTERVAL_SECONDS"])
            return {
                "events": events.requeue_stale(now),  # stored, but their job was lost
                "outbox": outbox_sweep.requeue_due(now),
                "stuck": outbox_sweep.mark_stuck_sending(now),
                "escalations": escalations.sweep(now),
                "partners": deliveries.requeue_due(now),  # partner webhooks
                "closed_silent": feedback.close_silent(now),
                "x_poll": x.schedule_poll(now),  # once per X_POLL_SECONDS slot
                "retention": retention.run_if_due(now),  # once an hour
            }
        finally:
            db.session.remove()
            REQUEST_ID.reset(token)


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
