"""The RQ worker that runs jobs inside the Flask app context."""

from __future__ import annotations

from typing import Any

from flask import Flask
from rq import SimpleWorker
from rq.timeouts import TimerDeathPenalty

from aduan.extensions import db
from aduan.queue import QUEUES, get_queue, redis_conn


class AppWorker(SimpleWorker):
    """Runs each job in the worker process itself (no fork per job: cheaper, and the
    database pool survives) within an app context; the session is removed after each job."""

    app: Flask
    performed = 0  # jobs run by this worker object (tests and logs read it)

    def perform_job(self, job: Any, queue: Any) -> bool:
        self.performed += 1
        with self.app.app_context():
            try:
                return super().perform_job(job, queue)
            finally:
                db.session.remove()


class ThreadWorker(AppWorker):
    """An AppWorker that can run outside the main thread (signals only work there)."""

    death_penalty_class = TimerDeathPenalty

    def _install_signal_handlers(self) -> None:
        pass


def make_worker(app: Flask, *, threaded: bool = False, name: str | None = None) -> AppWorker:
    """Returns a worker on all queues (high first) bound to `app`."""
    cls = ThreadWorker if threaded else AppWorker
    with app.app_context():
        queues = [get_queue(q) for q in QUEUES]
        worker = cls(queues, connection=redis_conn(app), name=name)
    worker.app = app
    return worker
