"""What operations look at: /healthz (the process answers), /readyz (it can do its work),
/metrics (Prometheus), and the webhook counters.

/readyz answers 503, so a load balancer stops sending traffic, only for what makes this
web process useless: the database unreachable, or its schema not at the newest
migration (a deploy in progress). Redis down or a growing backlog is reported (the
provider still gets its 200: events wait in the database) but keeps 200, because taking
every web process out of rotation would turn a slow worker into an outage; a monitor
that wants those as failures asks `/readyz?strict=1`.

/metrics answers with METRICS_TOKEN as a bearer token, or without a token to the
addresses in METRICS_ALLOW_FROM (default: this host only); anyone else gets 404, and
from /readyz only its status and code, not the checks."""

from __future__ import annotations

import hmac
import ipaddress
import logging
import os
import time
from collections.abc import Iterator
from typing import Any

from flask import Blueprint, Flask, Response, abort, current_app, g, jsonify, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from sqlalchemy import text

from aduan import metrics
from aduan.extensions import db, limiter
from aduan.queue import CLOCK_HEARTBEAT, QUEUES, get_queue, redis_conn
from ticketing import backlog
from ticketing.models import utcnow

log = logging.getLogger(__name__)
bp = Blueprint("ops", __name__)


# -- readiness ---------------------------------------------------------------------


def migration_heads(app: Flask) -> tuple[str, ...]:
    """Returns the newest migration revision(s) of this code (read once per process)."""
    heads = app.extensions.get("migration_heads")
    if heads is None:
        from alembic.script import ScriptDirectory

        from aduan.schema import alembic_config

        heads = tuple(sorted(ScriptDirectory.from_config(alembic_config(app)).get_heads()))
        app.extensions["migration_heads"] = heads
    return heads


def current_revisions() -> tuple[str, ...]:
    """Returns the revision(s) the database is at (empty when never migrated)."""
    from alembic.migration import MigrationContext

    with db.engine.connect() as connection:
        return tuple(sorted(MigrationContext.configure(connection).get_current_heads()))


def _age_check(waiting: backlog.Waiting, limit: int) -> dict[str, Any]:
    oldest = waiting.oldest_seconds
    return {
        "ok": oldest is None or oldest <= limit,
        "waiting": waiting.count,
        "oldest_seconds": None if oldest is None else round(oldest, 1),
        "limit_seconds": limit,
    }


def readiness() -> tuple[bool, bool, dict[str, dict[str, Any]]]:
    """Returns (ready, all checks passed, checks by name). Never raises."""
    checks: dict[str, dict[str, Any]] = {}
    cfg = current_app.config
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = {"ok": True}
    except Exception as exc:
        db.session.rollback()
        checks["database"] = {"ok": False, "error": type(exc).__name__}
    try:
        redis_conn().ping()
        checks["redis"] = {"ok": True}
    except Exception as exc:
        checks["redis"] = {"ok": False, "error": type(exc).__name__}
    if checks["database"]["ok"]:
        try:
            head, current = migration_heads(current_app), current_revisions()  # type: ignore[arg-type]
            checks["migrations"] = {"ok": current == head, "current": current, "head": head}
            now = utcnow()
            checks["events"] = _age_check(
                backlog.pending_events(now), cfg["READY_EVENT_AGE_SECONDS"]
            )
            checks["outbox"] = _age_check(
                backlog.queued_outbox(now), cfg["READY_OUTBOX_AGE_SECONDS"]
            )
        except Exception as exc:
            db.session.rollback()
            checks["migrations"] = {"ok": False, "error": type(exc).__name__}
        finally:
            db.session.rollback()
    ready = checks["database"]["ok"] and checks.get("migrations", {}).get("ok", False)
    return ready, all(c["ok"] for c in checks.values()), checks


@bp.get("/healthz")
def healthz() -> Any:
    """The process is alive (no dependency is asked)."""
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz() -> Any:
    ready, passed, checks = readiness()
    strict = request.args.get("strict") in ("1", "true", "yes")
    ok = passed if strict else ready
    status = "ready" if ready and passed else ("degraded" if ready else "not ready")
    if not _allowed():  # the checks (migration ids, backlog ages) only for operations
        return jsonify(status=status), (200 if ok else 503)
    return jsonify(status=status, checks=checks), (200 if ok else 503)


# -- metrics -----------------------------------------------------------------------


class DeskCollector:
    """Gauges read from PostgreSQL and Redis at scrape time."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def collect(self) -> Iterator[Metric]:
        with self.app.app_context():
            try:
                yield from self._database()
            except Exception as exc:
                log.warning("metrics: database unavailable: %s", type(exc).__name__)
            finally:
                db.session.rollback()
            try:
                yield from self._redis()
            except Exception as exc:
                log.warning("metrics: Redis unavailable: %s", type(exc).__name__)

    def _database(self) -> Iterator[Metric]:
        now = utcnow()
        events = backlog.pending_events(now)
        yield GaugeMetricFamily(
            "aduan_events_pending", "Inbound events stored but not processed", events.count
        )
        yield GaugeMetricFamily(
            "aduan_events_pending_oldest_seconds",
            "Age of the oldest unprocessed inbound event",
            events.oldest_seconds or 0.0,
        )
        late = backlog.late_events(now, self.app.config["INBOUND_ALERT_SECONDS"])
        yield GaugeMetricFamily(
            "aduan_inbound_events_late",
            "Inbound events waiting longer than INBOUND_ALERT_SECONDS (the intake alert)",
            late.count,
        )
        yield GaugeMetricFamily(
            "aduan_inbound_events_failed",
            "Inbound events given up after their last attempt, waiting for an admin",
            backlog.failed_events(),
        )
        queued = backlog.queued_outbox(now)
        yield GaugeMetricFamily(
            "aduan_outbox_queued_oldest_seconds",
            "How late the oldest due, unsent outbox row is",
            queued.oldest_seconds or 0.0,
        )
        late = backlog.late_outbox(now, self.app.config["READY_OUTBOX_AGE_SECONDS"])
        yield GaugeMetricFamily(
            "aduan_outbox_late_rows",
            "Outbox rows still unsent READY_OUTBOX_AGE_SECONDS after they were due",
            late.count,
        )
        rows = GaugeMetricFamily(
            "aduan_outbox_rows", "Outbox rows by channel and state", labels=["channel", "state"]
        )
        for (channel, state), n in sorted(backlog.outbox_by_state().items()):
            rows.add_metric([channel, state], n)
        yield rows
        clocks = GaugeMetricFamily(
            "aduan_sla_clocks",
            "Running SLA clocks by OPD: running (before due) or breached (past due)",
            labels=["opd", "state"],
        )
        for (opd, state), n in sorted(backlog.clocks_by_opd(now).items()):
            clocks.add_metric([opd, state], n)
        yield clocks

    def _redis(self) -> Iterator[Metric]:
        depth = GaugeMetricFamily(
            "aduan_queue_depth", "Jobs waiting per RQ queue", labels=["queue"]
        )
        age = GaugeMetricFamily(
            "aduan_queue_oldest_job_seconds",
            "Age of the oldest job waiting per RQ queue",
            labels=["queue"],
        )
        now = time.time()
        for name in QUEUES:
            queue = get_queue(name, self.app)
            depth.add_metric([name], queue.count)
            oldest = 0.0
            first = queue.get_job_ids(0, 1)
            job = queue.fetch_job(first[0]) if first else None
            if job is not None and job.enqueued_at is not None:
                oldest = max(0.0, now - job.enqueued_at.timestamp())
            age.add_metric([name], oldest)
        yield depth
        yield age
        beat = redis_conn(self.app).get(CLOCK_HEARTBEAT)
        if beat is not None:
            yield GaugeMetricFamily(
                "aduan_clock_last_tick_seconds",
                "Seconds since the clock process last ran its sweepers",
                max(0.0, now - float(beat)),
            )


def registry(app: Flask) -> CollectorRegistry:
    """Returns the registry a scrape reads: every process's files in
    PROMETHEUS_MULTIPROC_DIR (or this process's own metrics) plus the desk's gauges."""
    from prometheus_client import REGISTRY, multiprocess

    found = CollectorRegistry()
    if os.environ.get(metrics.MULTIPROC_ENV):
        multiprocess.MultiProcessCollector(found)
    else:
        found.register(_Forward(REGISTRY))
    found.register(DeskCollector(app))  # type: ignore[arg-type]
    return found


class _Forward:
    """The in-memory registry's metrics, for a scrape without the shared directory."""

    def __init__(self, source: CollectorRegistry) -> None:
        self.source = source

    def collect(self) -> Iterator[Metric]:
        return self.source.collect()


def _allowed() -> bool:
    token = current_app.config["METRICS_TOKEN"]
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        return hmac.compare_digest(given.encode(), token.encode())
    try:
        address = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    networks = current_app.config["METRICS_ALLOW_FROM"].split(",")
    return any(address in ipaddress.ip_network(n.strip(), strict=False) for n in networks if n)


@bp.get("/metrics")
def scrape() -> Any:
    if not _allowed():
        abort(404)
    body = generate_latest(registry(current_app))  # type: ignore[arg-type]
    return Response(body, mimetype=CONTENT_TYPE_LATEST)


# -- webhook counters --------------------------------------------------------------


def _webhook_started() -> None:
    if request.blueprint == "webhooks":
        g.webhook_started = time.perf_counter()


def _webhook_done(response: Any) -> Any:
    started = g.pop("webhook_started", None)
    if started is not None:
        channel = (request.endpoint or "webhooks.unknown").removeprefix("webhooks.")
        metrics.webhook_answered(channel, response.status_code, time.perf_counter() - started)
    return response


def init_app(app: Flask) -> None:
    """Registers /healthz, /readyz, /metrics and the webhook counters."""
    limiter.exempt(bp)  # probes and scrapes come often and from few addresses
    app.register_blueprint(bp)
    app.before_request(_webhook_started)
    app.after_request(_webhook_done)
