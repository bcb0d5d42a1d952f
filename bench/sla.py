"""Seed N open tickets in PostgreSQL with D of their clocks due, then time one SLA sweep.

    .venv/bin/python bench/sla.py [--tickets 1000000] [--due 1000]
        [--database-url postgresql://postgres@127.0.0.1:5432/aduan_bench]

The database is created if missing and emptied first. Prints numbers; it is not a test."""

from __future__ import annotations

import argparse
import logging
import os
import resource
import sys
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

# Run from anywhere: the project root, not bench/ (whose sla.py would shadow the package).
sys.path[0] = str(Path(__file__).resolve().parent.parent)


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


def seed(db, tickets: int, due: int, policy_id: int) -> float:
    """Bulk-inserts tickets and clocks with set-based SQL; returns seconds taken."""
    started = time.perf_counter()
    s = db.session
    s.execute(text("INSERT INTO contacts (id, locale, created_at) VALUES (1, 'id', now())"))
    s.execute(
        text(
            "INSERT INTO identities (id, contact_id, channel, address, created_at) "
            "VALUES (1, 1, 'telegram', '1', now())"
        )
    )
    s.execute(
        text("""
        INSERT INTO tickets (id, number, contact_id, identity_id, channel, status, kind, opd_code,
            summary, priority, suggestions, pii_flag, created_at, updated_at, bounces, reopened)
        SELECT i, 'MC-2026-' || lpad(i::text, 7, '0'), 1, 1, 'telegram', 'routed', 'complaint',
            'DSDABM', 'Jalan berlubang nomor ' || i, 0, '[]', false, now(), now(), 0, 0
        FROM generate_series(1, :n) AS i"""),
        {"n": tickets},
    )
    # Every ticket has a running first-response clock; `due` of them owe their next step now,
    # the rest are spread over the next ten days.
    s.execute(
        text("""
        INSERT INTO sla_clocks (ticket_id, policy_id, kind, status, started_at, resumed_at, budget,
            used, due_at, next_step, next_step_at)
        SELECT i, :policy, 'first_response', 'running', now() - interval '1 day',
            now() - interval '1 day', 86400, 0, now() + interval '1 day', 0,
            CASE WHEN i <= :due THEN now() - interval '1 minute'
                 ELSE now() + (i % 14400) * interval '1 minute' END
        FROM generate_series(1, :n) AS i"""),
        {"n": tickets, "due": due, "policy": policy_id},
    )
    s.execute(text("SELECT setval('tickets_id_seq', :n)"), {"n": tickets})
    s.commit()
    s.execute(text("ANALYZE tickets"))
    s.execute(text("ANALYZE sla_clocks"))
    s.commit()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=1000)
    parser.add_argument(
        "--database-url", default="postgresql://postgres@127.0.0.1:5432/aduan_bench"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    ensure_database(args.database_url)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["REDIS_URL"] = args.redis_url

    from aduan import create_app
    from aduan.extensions import db
    from aduan.schema import migrate
    from sla import escalation, policies
    from tests.factories import officer
    from ticketing import escalations
    from ticketing.models import utcnow

    app = create_app({"SECRET_KEY": "bench-secret-key"})
    migrate(app)
    with app.app_context():
        names = ", ".join(t.name for t in db.metadata.sorted_tables if t.name != "alembic_version")
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        db.session.commit()
        from aduan.seed import seed_directory

        seed_directory()
        policy = policies.current("complaint")
        officer("Petugas DSDABM", opd="DSDABM")
        officer("Kepala DSDABM", opd="DSDABM", role="head")
        officer("Supervisor", group="SUPERVISORS")
        db.session.commit()
        seconds = seed(db, args.tickets, args.due, policy.id)
        print(f"seeded {args.tickets:,} open tickets ({args.due:,} due) in {seconds:.1f} s")

        now = utcnow()
        plan = (
            db.session.execute(
                text(
                    "EXPLAIN SELECT id FROM sla_clocks "
                    "WHERE status = 'running' AND next_step_at <= :now "
                    "ORDER BY next_step_at LIMIT 1000"
                ),
                {"now": now},
            )
            .scalars()
            .all()
        )
        db.session.rollback()
        started = time.perf_counter()
        found = len(escalation.due_clock_ids(now))
        query_ms = (time.perf_counter() - started) * 1000
        db.session.rollback()
        started = time.perf_counter()
        steps = escalations.sweep(now)
        sweep_s = time.perf_counter() - started
        started = time.perf_counter()
        again = escalations.sweep(now + timedelta(seconds=1))
        idle_ms = (time.perf_counter() - started) * 1000
        outbox = db.session.execute(text("SELECT count(*) FROM outbox")).scalar()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"due-clock query: {found} clocks in {query_ms:.1f} ms")
    print("  plan: " + " | ".join(line.strip() for line in plan))
    print(
        f"one sweep: {steps} escalation steps in {sweep_s:.2f} s "
        f"({sweep_s / max(steps, 1) * 1000:.1f} ms/step), {outbox} outbox rows queued"
    )
    print(f"next sweep with nothing due: {again} steps in {idle_ms:.1f} ms")
    print(f"peak RSS: {rss:.0f} MiB")


if __name__ == "__main__":
    main()
