"""Redis connection, RQ queues and the one enqueue helper every part uses.

QUEUES names every queue and what runs there; ROLES says which queues a worker of each
role takes, in order (RQ always takes the first non-empty one). Acknowledgements,
emergency alerts and 112 replies go to `urgent`, which every role takes first, and the
`sends` role never takes intake, so a flood of inbound messages never makes an
acknowledgement wait (docs/deploy.md, "Queues and workers").

Enqueueing never raises on a Redis outage: the work is already committed in the
database and a sweeper re-enqueues it (DESIGN.md §3)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask, current_app
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, Retry
from rq.job import Job, JobStatus

from aduan.logs import REQUEST_ID

log = logging.getLogger(__name__)

# Every queue, most urgent first, and what runs there.
QUEUES: dict[str, str] = {
    "urgent": "acknowledgements and first replies to citizens, emergency alerts, 112 replies",
    "intake": "inbound events: a provider's message becomes a ticket",
    "notify": "officer notifications and partner webhooks",
    "send": "every other message to a citizen",
    "low": "polling, attachment downloads, delivery reports, reports, retraining",
}
# Queues of releases before these names; drained by the `all` role so that nothing
# queued before an upgrade is stranded.
OLD_QUEUES = ("high", "default")
# A worker's role -> the queues it takes, in order. `sends` never takes intake: it is
# the capacity that is always there for `urgent`.
ROLES: dict[str, tuple[str, ...]] = {
    "all": ("urgent", "intake", "notify", "send", "low", *OLD_QUEUES),
    "sends": ("urgent", "notify", "send", "low"),
    "intake": ("urgent", "intake"),
}
RESULT_TTL = 0  # a finished job leaves nothing in Redis (nothing reads results: the DB decides)
FAILURE_TTL = 7 * 24 * 3600  # a failed job's traceback, for people
JOB_TIMEOUT = 120  # seconds RQ lets a job run (its default for every job enqueued here)
# A commit's jobs of one kind to one queue (enqueue_after_commit's `many`) go in at most
# this many RQ jobs: the `sends` threads (embedded.SEND_THREADS, docs/deploy.md), so a
# slice's acknowledgements go out side by side. With 2, a slice of 20 went out 10 after
# another per job: 3 s behind a provider answering in 0.3 s (bench/flood.py
# --provider-latency 0.3 at 20 msg/s: ack p95 3.4 s, with 8 1.2 s; at 100 msg/s against
# instant fakes 8 costs 4 ms more CPU per message).
JOBS_PER_COMMIT = 8
SWEEP_PATIENCE = timedelta(minutes=10)  # a sweeper's job waiting longer is enqueued again
WAITING = (JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.STARTED, JobStatus.DEFERRED)
CLOCK_HEARTBEAT = "aduan:clock:heartbeat"  # the clock writes it each tick; ops and doctor read it


def init_app(app: Flask) -> None:
    """Binds a Redis connection to the app (tests may inject their own first)."""
    if "redis" not in app.extensions:
        url = app.config["REDIS_URL"] or "redis://127.0.0.1:6379/0"
        app.extensions["redis"] = Redis.from_url(
            url, socket_timeout=5, socket_connect_timeout=2, health_check_interval=30
        )


def redis_conn(app: Flask | None = None) -> Redis:
    """Returns the app's Redis connection."""
    return (app or current_app).extensions["redis"]


def get_queue(name: str, app: Flask | None = None) -> Queue:
    """Returns the RQ queue `name` (one of QUEUES or OLD_QUEUES) on the app's Redis."""
    if name not in QUEUES and name not in OLD_QUEUES:
        raise ValueError(f"unknown queue {name!r}")
    return Queue(name, connection=redis_conn(app))


def enqueue(
    func: Callable[..., Any] | str,
    *args: Any,
    queue: str,
    job_id: str | None = None,
    delay: float | None = None,
    retry: Retry | None = None,
    timeout: int = JOB_TIMEOUT,
) -> bool:
    """Enqueues `func(*args)`; returns False (and logs) when Redis is unreachable."""
    q = get_queue(queue)
    options: dict[str, Any] = {
        "job_id": job_id,
        "retry": retry,
        "job_timeout": timeout,
        "result_ttl": RESULT_TTL,
        "failure_ttl": FAILURE_TTL,
        # The job logs under the id of the request (or job) that caused it.
        "meta": {"request_id": REQUEST_ID.get()},
    }
    try:
        if delay and delay > 0:
            q.enqueue_in(timedelta(seconds=delay), func, *args, **options)
        else:
            q.enqueue(func, *args, **options)
    except (RedisError, OSError) as exc:
        log.warning("enqueue %s failed, the sweeper will retry: %s", job_id or func, exc)
        return False
    return True


def enqueue_after_commit(
    func: Callable[..., Any],
    *args: Any,
    queue: str,
    job_id: str | None = None,
    many: Callable[[list[Any]], Any] | None = None,
) -> None:
    """Enqueues `func(*args)` once the current database transaction commits.

    The job then only ever sees committed rows; if the transaction rolls back, nothing
    is enqueued. An ORM object among `args` is passed as its primary key (read at commit,
    so unflushed rows work too), and "{id}" in `job_id` becomes that key. With `many`
    (`func` over a list of keys, in order), a commit that enqueues more of these for one
    queue than JOBS_PER_COMMIT shares them out over that many `many` jobs: a flood's
    slice costs a few RQ jobs, not one per row, with the same parallelism."""
    from aduan.extensions import db

    entry = (func, args, queue, job_id, many)
    db.session.info.setdefault("after_commit_jobs", []).append(entry)


def call_after_commit(key: str, func: Callable[[], Any]) -> None:
    """Calls `func()` once the current database transaction commits (once per `key`,
    however often it was asked for); nothing when it rolls back."""
    from aduan.extensions import db

    db.session.info.setdefault("after_commit_calls", {})[key] = func


def _as_id(value: Any) -> Any:
    state = getattr(value, "_sa_instance_state", None)
    return state.identity[0] if state is not None else value


def _run_after_commit(session: Any) -> None:
    if session.in_nested_transaction():  # a savepoint released: the commit is still to come
        return
    jobs = session.info.pop("after_commit_jobs", [])
    for call in session.info.pop("after_commit_calls", {}).values():
        call()
    shared: dict[tuple[Any, ...], list[tuple[Any, str | None]]] = {}
    for func, args, name, job_id, many in jobs:
        ids = [_as_id(arg) for arg in args]
        if job_id and "{id}" in job_id:
            job_id = job_id.format(id=ids[0])
        if many is None:
            enqueue(func, *ids, queue=name, job_id=job_id)
        else:
            shared.setdefault((func, many, name), []).append((ids[0], job_id))
    for (func, many, name), items in shared.items():
        _share(func, many, name, items)


def _share(
    func: Callable[..., Any],
    many: Callable[[list[Any]], Any],
    name: str,
    items: list[tuple[Any, str | None]],
) -> None:
    """Enqueues `func(key)` per item, or, past JOBS_PER_COMMIT items, `many(keys)` over
    that many jobs of consecutive items (its first item's job id + "-x<count>" names each)."""
    if len(items) <= JOBS_PER_COMMIT:
        for key, job_id in items:
            enqueue(func, key, queue=name, job_id=job_id)
        return
    count = len(items)
    for n in range(JOBS_PER_COMMIT):  # parts of consecutive items, sizes apart by one at most
        part = items[n * count // JOBS_PER_COMMIT : (n + 1) * count // JOBS_PER_COMMIT]
        job_id = f"{part[0][1]}-x{len(part)}" if part[0][1] else None
        keys = [key for key, _ in part]
        enqueue(many, keys, queue=name, job_id=job_id, timeout=JOB_TIMEOUT * len(part))


def _drop_after_rollback(session: Any) -> None:
    if session.in_nested_transaction():  # a savepoint: its caller drops its own jobs
        return
    session.info.pop("after_commit_jobs", None)
    session.info.pop("after_commit_calls", None)


def _listen() -> None:
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    if not event.contains(Session, "after_commit", _run_after_commit):
        event.listen(Session, "after_commit", _run_after_commit)
        event.listen(Session, "after_rollback", _drop_after_rollback)


_listen()


def enqueue_sweep(
    func: Callable[..., Any], items: list[tuple[int, str]], prefix: str, now: datetime
) -> int:
    """A sweeper's jobs for rows whose own job was lost: `func(row_id)` on each item's
    queue, as job "<prefix>-<id>-s". A row whose sweeper job still waits (for less than
    SWEEP_PATIENCE) gets none, so a backlog or a stopped worker does not pile up one
    more job per row at every tick. Returns how many were enqueued."""
    ids = [f"{prefix}-{row_id}-s" for row_id, _ in items]
    try:
        jobs = Job.fetch_many(ids, connection=redis_conn()) if ids else []
    except (RedisError, OSError) as exc:
        log.warning("sweep of %s not enqueued, Redis unreachable: %s", prefix, exc)
        return 0
    enqueued = 0
    for (row_id, queue), job_id, job in zip(items, ids, jobs, strict=True):
        if job is not None and job.get_status(refresh=False) in WAITING:
            since = job.enqueued_at or job.created_at
            since = since.replace(tzinfo=UTC) if since.tzinfo is None else since
            if now - since < SWEEP_PATIENCE:
                continue
        enqueued += enqueue(func, row_id, queue=queue, job_id=job_id)
    return enqueued
