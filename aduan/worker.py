"""The RQ worker that runs jobs inside the Flask app context."""

from __future__ import annotations

import logging
import time
from typing import Any

from flask import Flask
from rq import SimpleWorker
from rq.timeouts import TimerDeathPenalty

from aduan import metrics
from aduan.extensions import db
from aduan.logs import REQUEST_ID
from aduan.queue import QUEUES, get_queue, redis_conn

log = logging.getLogger("aduan.job")
ROUTINE_JOBS = ("poll_x",)  # every minute: its line only at DEBUG (it logs what it found)


class AppWorker(SimpleWorker):
    """Runs each job in the worker process itself (no fork per job: cheaper, and the
    database pool survives) within an app context; the session is removed after each job."""

    app: Flask
    performed = 0  # jobs run by this worker object (tests and logs read it)

    def perform_job(self, job: Any, queue: Any) -> bool:
        """Runs one job; logs one line for it under the request id that caused it."""
        self.performed += 1
        given = (job.meta or {}).get("request_id")
        token = REQUEST_ID.set(given if given and given != "-" else job.id)
        started, ok = time.perf_counter(), False
        with self.app.app_context():
            try:
                ok = super().perform_job(job, queue)
                return ok
            finally:
                db.session.remove()
                seconds = time.perf_counter() - started
                name = (job.func_name or "?").rsplit(".", 1)[-1]
                outcome = "ok" if ok else "failed"
                metrics.job_done(queue.name, name, outcome, seconds, job.enqueued_at)
                level = logging.DEBUG if name in ROUTINE_JOBS else logging.INFO
                log.log(
                    level if ok else logging.WARNING,
                    "job %s %s %s %.0fms",
                    queue.name,
                    name,
                    outcome,
                    seconds * 1000,
                    extra={
                        "job": name,
                        "queue": queue.name,
                        "duration_ms": round(seconds * 1000, 1),
                    },
                )
                REQUEST_ID.reset(token)


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
