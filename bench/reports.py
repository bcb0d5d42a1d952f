"""Seed N tickets over a year in PostgreSQL, then time every report query next to a
plain COUNT(*) GROUP BY opd over the same rows, measured in the same run.

    .venv/bin/python bench/reports.py [--tickets 1000000] [--runs 3]
        [--database-url postgresql://postgres@127.0.0.1:5432/bench_i17]

The database is created if missing and emptied first. Prints numbers; it is not a test."""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

# Run from anywhere: the project root, not bench/.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

OPDS = "ARRAY['DSDABM','DLH','DPRKPP','DISHUB','DINKES','DISPENDUKCAPIL','BPBD','PPID']"
CHANNELS = "ARRAY['telegram','whatsapp','sms','voice','x','facebook','instagram','email']"
OPEN = "ARRAY['routed','in_progress','waiting','triage']"
KECAMATAN = "ARRAY['Rungkut','Gubeng','Tegalsari','Wonokromo','Sawahan','Tambaksari','Kenjeran']"


def ensure_database(url: str) -> None:
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        found = conn.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": target.database}
        ).first()
        if not found:
            conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


def seed(db: Any, tickets: int, policy_id: int, users: list[int]) -> float:
    """Bulk-inserts a year of tickets, their promise clocks and some bounces (set-based
    SQL); returns seconds taken."""
    started = time.perf_counter()
    s = db.session
    # Bulk rows skip the per-row triggers: the tickets get their promise copy as the
    # clocks below are made (the same values), the working seconds from calendar.ensure
    # (report_days is rebuilt after the truncate, and recomputes them).
    s.execute(text("SET LOCAL session_replication_role = replica"))
    s.execute(text("SELECT setseed(0.17)"))
    s.execute(
        text(
            "INSERT INTO contacts (id, locale, created_at) "
            "SELECT i, 'id', now() FROM generate_series(1, 50000) AS i"
        )
    )
    s.execute(
        text(
            "INSERT INTO identities (id, contact_id, channel, address, created_at) "
            "SELECT i, i, 'telegram', i::text, now() FROM generate_series(1, 50000) AS i"
        )
    )
    s.execute(
        text(f"""
        INSERT INTO tickets (id, number, contact_id, identity_id, channel, status, kind, opd_code,
            kecamatan, summary, priority, suggestions, pii_flag, created_at, updated_at, bounces,
            reopened, first_responded_at, resolved_at, rating, assignee_id, promise_status,
            promise_due_at, promise_met_at)
        SELECT i, 'MC-2026-' || lpad(i::text, 7, '0'), 1 + i % 50000, 1 + i % 50000,
            ({CHANNELS})[1 + i % 8],
            CASE WHEN r.res IS NULL THEN ({OPEN})[1 + i % 4]
                 WHEN i % 3 = 0 THEN 'resolved' ELSE 'closed' END,
            (ARRAY['complaint','complaint','complaint','complaint','complaint','complaint',
                   'info_request','emergency'])[1 + (i / 7) % 8],
            ({OPDS})[1 + (i / 3) % 8],
            CASE WHEN i % 5 = 0 THEN NULL ELSE ({KECAMATAN})[1 + (i / 11) % 7] END,
            'laporan ' || i, 0, '[]', false, r.created, r.created, (i % 50 = 0)::int,
            (i % 40 = 0)::int, r.created + r.fr * interval '1 hour', r.res,
            CASE WHEN r.res IS NOT NULL AND i % 3 = 1 THEN 1 + i % 5 END,
            (:users)[1 + i % cardinality(:users)],
            CASE WHEN r.created + r.fr * interval '1 hour' < now() THEN 'met' ELSE 'running' END,
            r.created + interval '36 hours',
            CASE WHEN r.created + r.fr * interval '1 hour' < now()
                 THEN r.created + r.fr * interval '1 hour' END
        FROM generate_series(1, :n) AS i,
        LATERAL (SELECT now() - (random() + 0 * i) * interval '365 days' AS created,
                        1 + (random() + 0 * i) * 60 AS fr) AS b,
        LATERAL (SELECT b.created, b.fr,
                        CASE WHEN i % 10 < 7 THEN b.created + (b.fr + random() * 200 + 0 * i)
                             * interval '1 hour' END AS res) AS r"""),
        {"n": tickets, "users": users},
    )
    s.execute(
        text("""
        INSERT INTO sla_clocks (ticket_id, policy_id, kind, status, started_at, resumed_at,
            budget, used, due_at, next_step, met_at)
        SELECT t.id, :policy,
            CASE t.kind WHEN 'complaint' THEN 'first_response' WHEN 'info_request' THEN 'ppid'
                        ELSE 'emergency_ack' END,
            CASE WHEN t.first_responded_at < now() THEN 'met' ELSE 'running' END,
            t.created_at, t.created_at, 86400, 0, t.created_at + interval '36 hours', 0,
            CASE WHEN t.first_responded_at < now() THEN t.first_responded_at END
        FROM tickets t"""),
        {"policy": policy_id},
    )
    s.execute(
        text("""
        INSERT INTO ticket_events (ticket_id, at, actor_kind, actor_name, action, note, data)
        SELECT id, created_at + interval '2 hours', 'officer', 'Petugas', 'bounced', 'bukan kami',
            json_build_object('opd', opd_code)
        FROM tickets WHERE bounces > 0"""),
    )
    s.execute(text("SELECT setval('tickets_id_seq', :n)"), {"n": tickets})
    s.commit()
    return time.perf_counter() - started


def vacuum(db: Any) -> None:
    """VACUUM ANALYZE the report tables (what autovacuum does in production): fresh
    statistics, and a visibility map for index-only scans."""
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for table in ("tickets", "sla_clocks", "ticket_events", "report_days"):
            conn.execute(text(f"VACUUM ANALYZE {table}"))


def timed(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    """Returns the median milliseconds of `runs` calls (after one warm-up) and the result."""
    result = fn()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/bench_i17")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/7")
    parser.add_argument(
        "--reuse", action="store_true", help="time the queries on the rows already seeded"
    )
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    ensure_database(args.database_url)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["REDIS_URL"] = args.redis_url

    from aduan import create_app
    from aduan.extensions import db
    from aduan.schema import migrate
    from sla import policies
    from tests.inbox.helpers import make_user

    app = create_app({"SECRET_KEY": "bench-secret-key"})
    started = time.perf_counter()
    migrate(app)  # on rows seeded by an older revision: includes its backfill
    print(f"migrated in {time.perf_counter() - started:.1f} s")
    with app.app_context():
        seeded = db.session.execute(text("SELECT count(*) FROM tickets")).scalar()
        db.session.rollback()
    with app.app_context():
        if args.reuse and seeded:
            print(f"reusing {seeded:,} seeded tickets")
            return measure(args.runs)
        names = ", ".join(t.name for t in db.metadata.sorted_tables if t.name != "alembic_version")
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        db.session.commit()
        from aduan.seed import seed_directory

        seed_directory()
        policy = policies.current("complaint")
        users = [make_user("agent", email=f"bench{i}@example.org").id for i in range(20)]
        db.session.commit()
        seconds = seed(db, args.tickets, policy.id, users)
        print(f"seeded {args.tickets:,} tickets over a year in {seconds:.1f} s")
        measure(args.runs)


def measure(runs: int) -> None:
    """Prints each report query's median time beside the reference (a plain COUNT(*)
    GROUP BY opd over the same period, timed right before it), then the plan of the
    heaviest one."""
    from aduan.extensions import db
    from inbox.reports import calendar, figures
    from ticketing.models import utcnow

    now = utcnow()
    started = time.perf_counter()
    calendar.ensure(now.date())
    db.session.commit()
    print(f"report_days ready (and facts recomputed) in {time.perf_counter() - started:.1f} s")
    vacuum(db)
    year = figures.Filters(now - timedelta(days=365), now + timedelta(seconds=1))
    month = figures.Filters(now - timedelta(days=30), now)

    def reference(f: figures.Filters) -> Callable[[], Any]:
        sql = text(
            "SELECT opd_code, count(*) FROM tickets WHERE created_at >= :a "
            "AND created_at < :b GROUP BY opd_code"
        )
        return lambda: db.session.execute(sql, {"a": f.start, "b": f.end}).all()

    cases: list[tuple[str, figures.Filters, Callable[[], Any]]] = [
        ("summary per opd, 365 days", year, lambda: figures.summary("opd", year, now)),
        ("summary per kecamatan, 365 days", year, lambda: figures.summary("kecamatan", year, now)),
        ("summary per channel, 365 days", year, lambda: figures.summary("channel", year, now)),
        ("summary per kind, 365 days", year, lambda: figures.summary("kind", year, now)),
        ("summary per officer, 365 days", year, lambda: figures.summary("officer", year, now)),
        ("summary per agent, 365 days", year, lambda: figures.summary("agent", year, now)),
        ("trend per week, 365 days", year, lambda: figures.summary("week", year, now)),
        ("summary per month, 365 days", year, lambda: figures.summary("month", year, now)),
        ("summary per opd, 30 days", month, lambda: figures.summary("opd", month, now)),
        ("summary per channel, 30 days", month, lambda: figures.summary("channel", month, now)),
        ("backlog per opd (all open)", year, lambda: figures.backlog("opd", year, now)),
        ("bounces per opd, 365 days", year, lambda: figures.bounces("opd", year, now)),
        (
            "drill-down: late tickets of DLH, 30 days",
            month,
            lambda: figures.tickets("opd", "DLH", "late", month, now, 100),
        ),
    ]
    print(f"median of {runs} runs after one warm-up; reference = COUNT(*) GROUP BY opd over")
    print("the same period, timed just before each query")
    print(f"  {'query':<42} {'ms':>9} {'reference':>10} {'ratio':>6}")
    for name, period, fn in cases:
        ref_ms, _ = timed(reference(period), runs)
        ms, result = timed(fn, runs)
        size = result[0] if isinstance(result, tuple) else len(result)
        print(f"  {name:<42} {ms:9.1f} {ref_ms:10.1f} {ms / ref_ms:5.1f}x  ({size} rows/tickets)")
        db.session.rollback()
    explain(year, now)


def explain(f: Any, now: Any) -> None:
    """Prints EXPLAIN (ANALYZE, BUFFERS) of the heaviest query: the year per OPD."""
    from aduan.extensions import db
    from inbox.reports import calendar, figures

    cal = calendar.ensure(now.date())
    stmt = figures.summary_query("opd", f, now, cal)
    sql = stmt.compile(dialect=db.engine.dialect, compile_kwargs={"literal_binds": True})
    print("\nEXPLAIN (ANALYZE, BUFFERS) summary per opd, 365 days:")
    for (line,) in db.session.execute(text(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")):
        print("  " + line)
    db.session.rollback()


if __name__ == "__main__":
    main()
