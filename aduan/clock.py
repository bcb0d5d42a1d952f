"""The clock process: runs the sweepers every few seconds (Procfile `clock`; a thread
inside `aduan run`)."""

from __future__ import annotations

import logging
import threading

from flask import Flask

from aduan.extensions import db
from ticketing import escalations, feedback, outbox
from ticketing.inbound import events, x
from ticketing.models import utcnow
from ticketing.partners import deliveries

log = logging.getLogger(__name__)


def tick(app: Flask) -> dict[str, int]:
    """Runs one round of every sweeper; returns what each did."""
    with app.app_context():
        try:
            now = utcnow()
            return {
                "events": events.requeue_stale(now),  # stored, but their job was lost
                "outbox": outbox.requeue_due(now),
                "stuck": outbox.mark_stuck_sending(now),
                "escalations": escalations.sweep(now),
                "partners": deliveries.requeue_due(now),  # partner webhooks
                "closed_silent": feedback.close_silent(now),
                "x_poll": x.schedule_poll(now),  # once per X_POLL_SECONDS slot
            }
        finally:
            db.session.remove()


def run(app: Flask, stop: threading.Event | None = None) -> None:
    """Ticks every CLOCK_INTERVAL_SECONDS until `stop` is set; never dies on an error."""
    stop = stop or threading.Event()
    interval = app.config["CLOCK_INTERVAL_SECONDS"]
    log.info("clock started, every %s s", interval)
    while not stop.is_set():
        try:
            counts = tick(app)
            if any(counts.values()):
                log.info("clock: %s", counts)
        except Exception:
            log.exception("clock tick failed; trying again next tick")
        stop.wait(interval)
