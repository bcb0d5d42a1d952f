"""Time the incident candidate search (ticketing/incidents.similar) on N open tickets of
one OPD, against the text-only search it replaced, measured in the same run.

    .venv/bin/python bench/incidents.py [--tickets 5000] [--repeat 50]
        [--database-url sqlite:///var/bench-incidents.db]

The database is emptied first. Prints numbers; it is not a test."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

import numpy as np
from scipy import sparse
from sqlalchemy import select, text

sys.path[0] = str(Path(__file__).resolve().parent.parent)

STREETS = ["Rungkut Asri", "Kutisari Indah", "Jemursari", "Ngagel Jaya", "Manyar Kertoarjo",
           "Klampis Jaya", "Dharmahusada", "Kertajaya Indah", "Raya Darmo",
           "Diponegoro"]  # fmt: skip


def text_only(ticket, now):  # the search before place evidence, for reference
    from flask import current_app

    from aduan.extensions import db
    from ticketing import classifier
    from ticketing.models import OPEN_STATUSES, Ticket

    since = now - timedelta(days=current_app.config["INCIDENT_DAYS"])
    stmt = (
        select(Ticket.id, Ticket.summary)
        .where(Ticket.opd_code == ticket.opd_code, Ticket.status.in_(OPEN_STATUSES))
        .where(Ticket.id != ticket.id, Ticket.incident_id.is_(None), Ticket.created_at >= since)
        .where(Ticket.contact_id != ticket.contact_id)
        .order_by(Ticket.id.desc())
        .limit(300)
    )
    rows = list(db.session.execute(stmt))
    model = classifier.classifier().model
    mine = model.vector(ticket.summary)
    matrix = sparse.vstack([model.vector(r.summary) for r in rows], format="csr")
    scores = (matrix @ mine.T).toarray().ravel()
    return int(np.argmax(scores))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=50)
    default_url = (
        f"sqlite:///{Path(__file__).resolve().parent.parent / 'var' / 'bench-incidents.db'}"
    )
    parser.add_argument("--database-url", default=default_url)
    args = parser.parse_args()

    from aduan import create_app
    from aduan.extensions import db
    from aduan.seed import seed_directory
    from ticketing import incidents
    from ticketing.models import Ticket, utcnow

    app = create_app({"SQLALCHEMY_DATABASE_URI": args.database_url, "SECRET_KEY": "bench"})
    with app.app_context():
        import sla.models  # noqa: F401

        db.drop_all()
        db.create_all()
        seed_directory()
        s = db.session
        s.execute(
            text("INSERT INTO contacts (id, locale, created_at) VALUES (1, 'id', :t)"),
            {"t": utcnow()},
        )
        s.execute(
            text("INSERT INTO identities (id, contact_id, channel, address, created_at) "
                 "VALUES (1, 1, 'telegram', '1', :t)"), {"t": utcnow()},
        )  # fmt: skip
        now = utcnow()
        rows = [
            {
                "id": i, "number": f"MC-2026-{i:06d}", "summary": f"Lampu PJU di Jl. "
                f"{STREETS[i % len(STREETS)]} nomor {i} mati, jalan gelap mohon diperbaiki",
                "at": now - timedelta(minutes=i % 4000),
            }
            for i in range(1, args.tickets + 1)
        ]  # fmt: skip
        s.execute(
            text("INSERT INTO tickets (id, number, contact_id, identity_id, channel, status, kind, "
                 "opd_code, summary, priority, suggestions, pii_flag, private, incident_confirmed, "
                 "created_at, updated_at, bounces, reopened) VALUES (:id, :number, 1, 1, "
                 "'telegram', 'routed', 'complaint', 'DISHUB', :summary, 0, '[]', false, false, "
                 "false, :at, :at, 0, 0)"), rows,
        )  # fmt: skip
        s.commit()
        probe = Ticket(
            id=args.tickets + 1, number="MC-2026-999999", contact_id=1, identity_id=1,
            channel="telegram", status="routed", kind="complaint", opd_code="DISHUB",
            summary="Lampu PJU di Jl. Kutisari Indah mati, jalan gelap sekali mohon diperbaiki",
            created_at=now,
        )  # fmt: skip
        probe.contact_id = 2  # another citizen's report
        text_only(probe, now)  # warm up the model and caches
        incidents.similar(probe, now)
        for name, fn in (
            ("text only (reference)", text_only),
            ("place evidence", incidents.similar),
        ):
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                fn(probe, now)
                times.append((time.perf_counter() - start) * 1000)
            print(f"{name:24s} median {statistics.median(times):7.2f} ms  "
                  f"p95 {sorted(times)[int(0.95 * len(times)) - 1]:7.2f} ms  "
                  f"({args.tickets} open tickets in the OPD)")  # fmt: skip
        found = incidents.similar(probe, now)
        print(f"candidates with place evidence: {sum(1 for m in found if m.evidence)}, "
              f"suggestions only: {sum(1 for m in found if not m.evidence)}")  # fmt: skip


if __name__ == "__main__":
    main()
