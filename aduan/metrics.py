"""The counters and histograms the processes write (Prometheus, prometheus_client).

Several processes on one host (gunicorn's workers, RQ workers, the clock) share one
directory, PROMETHEUS_MULTIPROC_DIR: each writes its own files there and `/metrics`
(any web process) adds them up. The files are named by host name and pid, so containers
sharing the directory as a volume never write into each other's files. The directory is
emptied once before the processes start (`aduan release`, `aduan run`, or
`aduan metrics-reset` under systemd), see docs/deploy.md. Without the variable (a
single process, the tests) the metrics live in memory.

Gauges about the whole desk (events pending, queue depths, outbox rows, SLA clocks) are
not written here: `/metrics` reads them from PostgreSQL and Redis when scraped
(aduan/ops.py), so they are the same whichever process answers."""

from __future__ import annotations

import functools
import logging
import os
import shutil
import socket
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from prometheus_client import Counter, Histogram, values

log = logging.getLogger(__name__)
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
_HOST = socket.gethostname().replace("_", "-")


def _identifier() -> str:
    """Returns this process's name in the shared directory: host-pid (no underscore:
    prometheus_client splits file names on it)."""
    return f"{_HOST}-{os.getpid()}"


if os.environ.get(MULTIPROC_ENV):
    Path(os.environ[MULTIPROC_ENV]).mkdir(parents=True, exist_ok=True)
    values.ValueClass = values.MultiProcessValue(process_identifier=_identifier)

WEBHOOK_REQUESTS = Counter(
    "aduan_webhook_requests",
    "Provider webhook requests by channel and HTTP status",
    ["channel", "status"],
)
WEBHOOK_SECONDS = Histogram(
    "aduan_webhook_request_seconds",
    "Time to answer a provider webhook (store the raw event and enqueue)",
    ["channel"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
JOBS = Counter("aduan_jobs", "RQ jobs run, by queue, job and outcome", ["queue", "job", "outcome"])
JOB_SECONDS = Histogram(
    "aduan_job_seconds",
    "RQ job run time by queue",
    ["queue"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120),
)
JOB_WAIT_SECONDS = Histogram(
    "aduan_job_wait_seconds",
    "Time an RQ job waited in its queue before a worker took it",
    ["queue"],
    buckets=(0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600),
)
SENDS_FAILED = Counter(
    "aduan_sends_failed",
    "Failed send attempts by channel, reason (channels.base.REASONS) and outcome (retry|failed)",
    ["channel", "reason", "outcome"],
)
ROUTING_DECISIONS = Counter(
    "aduan_routing_decisions",
    "Tickets routed, by kind and by what decided (rule|model|triage)",
    ["kind", "by"],
)


def best_effort(record: Callable[..., None]) -> Callable[..., None]:
    """Makes `record` never raise: counting is not the work. A metrics file that cannot
    be created or grown (the directory not writable, the disk full) made every webhook
    answered by a new process a 500, failed every intake job at its routing count and
    made RQ workers quit; the work goes on, the count is lost and a warning says why."""

    warned = [0.0]  # when this count last warned: once a minute, not once a request

    @functools.wraps(record)
    def safely(*args: Any, **kwargs: Any) -> None:
        try:
            record(*args, **kwargs)
        except OSError as exc:
            if time.monotonic() - warned[0] >= 60:
                warned[0] = time.monotonic()
                log.warning("metric %s not recorded (again within a minute: not said): %s",
                            record.__name__, exc)  # fmt: skip

    return safely


@best_effort
def webhook_answered(channel: str, status: int, seconds: float) -> None:
    """Counts one webhook request with its answer time."""
    WEBHOOK_REQUESTS.labels(channel, str(status)).inc()
    WEBHOOK_SECONDS.labels(channel).observe(seconds)


@best_effort
def job_done(
    queue: str, job: str, outcome: str, seconds: float, enqueued_at: datetime | None
) -> None:
    """Counts one finished job with its run time and how long it waited."""
    JOBS.labels(queue, job, outcome).inc()
    JOB_SECONDS.labels(queue).observe(seconds)
    if enqueued_at is not None:
        enqueued = enqueued_at if enqueued_at.tzinfo else enqueued_at.replace(tzinfo=UTC)
        waited = (datetime.now(UTC) - enqueued).total_seconds() - seconds
        JOB_WAIT_SECONDS.labels(queue).observe(max(0.0, waited))


@best_effort
def send_failed(channel: str, reason: str, final: bool) -> None:
    """Counts one failed send attempt."""
    SENDS_FAILED.labels(channel, reason or "unknown", "failed" if final else "retry").inc()


@best_effort
def routed(kind: str, by: str | None, status: str) -> None:
    """Counts one routing decision; a ticket left for an agent counts as "triage"."""
    ROUTING_DECISIONS.labels(kind, "triage" if status == "triage" else (by or "none")).inc()


def reset_directory(path: str | None = None) -> bool:
    """Empties the shared metrics directory (before any process of the group starts);
    returns False when there is none configured."""
    path = path or os.environ.get(MULTIPROC_ENV)
    if not path:
        return False
    root = Path(path)
    if root.exists():
        for item in root.iterdir():
            if item.is_dir():
                shutil.rmtree(item)
            else:
                item.unlink()
    root.mkdir(parents=True, exist_ok=True)
    return True
