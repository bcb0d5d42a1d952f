"""The RQ worker that runs jobs inside the Flask app context, and the loop that keeps
it running while Redis comes and goes.

RQ's own loop retries a lost connection only while it waits for a job; a connection
lost anywhere else (registering the worker, the bookkeeping after a job) ends `work()`.
`run` then waits for Redis with back-off and starts a fresh worker: the process only
ends when it is asked to (SIGTERM/SIGINT). Workers never fork RQ's scheduler: the
clock process runs it (aduan/scheduler.py), so a killed worker leaves nothing behind."""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
import time
from typing import Any

from flask import Flask
from redis.exceptions import RedisError
from rq import SimpleWorker
from rq.exceptions import StopRequested
from rq.timeouts import TimerDeathPenalty

from aduan import metrics
from aduan.extensions import db
from aduan.logs import REQUEST_ID
from aduan.queue import ROLES, get_queue, redis_conn

log = logging.getLogger("aduan.job")
IDLE_LOOK = 5  # seconds: a thread worker waiting for a job looks whether to stop this often
PUBSUB_LOOK = 1.0  # seconds: how soon RQ's command listener notices it is stopped
DEQUEUE_WAIT = 4  # seconds one wait for a job lasts: under the app Redis's 5-s timeout
ROUTINE_JOBS = ("poll_x",)  # every minute: its line only at DEBUG (it logs what it found)


class AppWorker(SimpleWorker):
    """Runs each job in the worker process itself (no fork per job: cheaper, and the
    database pool survives) within an app context; the session is removed after each job."""

    app: Flask
    performed = 0  # jobs run by this worker object (tests and logs read it)
    max_connection_wait_time = 5.0  # RQ's back-off while Redis is away (its default: 60 s)
    stop_asked = False  # SIGTERM/SIGINT arrived (RQ itself records it only mid-job)
    stop_event: threading.Event | None = None  # the process's stop request (run's handler)

    @property
    def dequeue_timeout(self) -> int:
        """RQ waits for a job up to 405 s in one BLPOP and raises the pool's socket
        timeout to match, but only for connections made after; one made before (the
        app's 5-s timeout) timed out mid-wait and the worker quit, every few seconds.
        Waits shorter than that timeout work on any connection of the pool."""
        return DEQUEUE_WAIT

    def request_stop(self, signum: Any, frame: Any) -> None:
        self.stop_asked = True
        super().request_stop(signum, frame)

    def subscribe(self) -> None:
        """RQ's command channel, listened to as RQ does but looking every PUBSUB_LOOK
        seconds, not 60: redis-py (8.2) waits for the listener when it is stopped, so each
        worker's teardown (a stop, a lost Redis) took up to a minute."""
        self.pubsub = self.connection.pubsub()
        self.pubsub.subscribe(**{self.pubsub_channel_name: self.handle_payload})
        self.pubsub_thread = self.pubsub.run_in_thread(
            sleep_time=PUBSUB_LOOK, daemon=True, exception_handler=self._pubsub_exception_handler
        )

    def _install_signal_handlers(self) -> None:
        """RQ's handlers replace run's only once the worker has registered: a signal
        that came before (while it waited for Redis, or registered) is honoured here."""
        super()._install_signal_handlers()
        if self.stop_event is not None and self.stop_event.is_set():
            self.stop_asked = self._stop_requested = True

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

    def dequeue_job_and_maintain_ttl(self, timeout: Any, max_idle_time: Any = None) -> Any:
        """Waits for a job as RQ does, but looks every IDLE_LOOK seconds whether it was
        asked to stop (no signal reaches a thread)."""
        if timeout is None:  # burst: RQ does not wait
            return super().dequeue_job_and_maintain_ttl(timeout, max_idle_time)
        while not self._stop_requested:
            found = super().dequeue_job_and_maintain_ttl(timeout, max_idle_time=IDLE_LOOK)
            if found is not None:
                return found
        raise StopRequested()


def make_worker(
    app: Flask, *, threaded: bool = False, name: str | None = None, role: str = "all"
) -> AppWorker:
    """Returns a worker on the queues of `role` (aduan.queue.ROLES) bound to `app`."""
    cls = ThreadWorker if threaded else AppWorker
    with app.app_context():
        queues = [get_queue(q) for q in ROLES[role]]
        worker = cls(queues, connection=redis_conn(app), name=name)
    worker.app = app
    return worker


def wait_for_redis(app: Flask, stop: threading.Event, longest: float = 10.0) -> bool:
    """Waits (1 s, doubling up to `longest`) until Redis answers; False if stopped first."""
    delay = 1.0
    while not stop.is_set():
        try:
            redis_conn(app).ping()
            return True
        except (RedisError, OSError) as exc:
            log.warning("worker: Redis unreachable (%s), trying again in %.0f s", exc, delay)
        stop.wait(delay)
        delay = min(delay * 2, longest)
    return False


def _forget(worker: AppWorker) -> None:
    """Stops the listener thread of a worker RQ could not tear down (it would retry its
    connection forever next to the new worker)."""
    thread = getattr(worker, "pubsub_thread", None)
    if thread is not None:
        with contextlib.suppress(Exception):
            thread.stop()


def _warm_up(app: Flask) -> None:
    """Loads the routing model before the first job (else the first messages after a
    start wait seconds for it); a failure is left for the first job to report."""
    from ticketing import classifier

    with app.app_context():
        try:
            classifier.classifier()
        except Exception as exc:
            log.warning("worker: routing model not loaded in advance: %s", exc)


def run(app: Flask, role: str = "all", burst: bool = False, threads: int = 1) -> None:
    """Runs workers of `role` one after the other until SIGTERM/SIGINT (or, with
    `burst`, until the queues are empty); a lost Redis never ends the process. With
    `threads` > 1 (the `sends` role: jobs that mostly wait on a provider), that many
    workers run side by side in threads of this one process."""
    stop = threading.Event()
    live: set[AppWorker] = set()  # the thread workers now working

    def on_signal(signum: int, _frame: Any) -> None:
        stop.set()
        for worker in list(live):  # a thread worker stops after its job or its wait
            worker._stop_requested = True

    if "intake" in ROLES[role]:
        _warm_up(app)
    if threads <= 1 or burst:
        _loop(app, role, burst, stop, on_signal, None)
        return
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    workers = [
        threading.Thread(target=_loop, args=(app, role, False, stop, None, live), daemon=True)
        for _ in range(threads)
    ]
    for thread in workers:
        thread.start()
    while any(thread.is_alive() for thread in workers):
        for thread in workers:
            thread.join(timeout=0.5)


def _loop(
    app: Flask,
    role: str,
    burst: bool,
    stop: threading.Event,
    on_signal: Any,
    live: set[AppWorker] | None,
) -> None:
    """Starts a worker, and a new one whenever Redis ended the last, until `stop`.
    `live` is None in the main thread (signals reach RQ's handlers while it works)."""
    while True:
        if on_signal is not None:
            # Between workers our own handlers hold the stop request (RQ's are per worker).
            signal.signal(signal.SIGTERM, on_signal)
            signal.signal(signal.SIGINT, on_signal)
        if not wait_for_redis(app, stop):
            return
        worker = make_worker(app, role=role, threaded=live is not None)
        worker.stop_event = stop
        if live is not None:
            live.add(worker)
            if stop.is_set():
                worker._stop_requested = True
        try:
            # RQ's own lines (one per job, args included) stay at WARNING; aduan.job logs one.
            worker.work(burst=burst, logging_level="WARNING")
        except StopRequested:  # asked while RQ's handler was in place but not its loop
            stop.set()
        except (RedisError, OSError) as exc:
            log.warning("worker %s lost Redis (%s); starting a new one", worker.name, exc)
            _forget(worker)
        finally:
            if live is not None:
                live.discard(worker)
            elif on_signal is not None:  # RQ's handler would raise outside its loop
                signal.signal(signal.SIGTERM, on_signal)
                signal.signal(signal.SIGINT, on_signal)
        if burst or stop.is_set() or worker.stop_asked:
            return
        stop.wait(1.0)
