"""Time Open311 GET requests (the full 90-day window, 1000 requests: the spec's maximum)
and the public map page, with the raw SELECT of the same tickets as the reference.

    .venv/bin/python bench/open311.py [--tickets 1000] [--events 4] [--rounds 5]

Uses a throwaway SQLite database under a temporary directory. Prints numbers; it is not
a test."""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parent.parent)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=1000)
    parser.add_argument("--events", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="aduan-bench-open311-"))

    from sqlalchemy import select

    from aduan import create_app
    from aduan.extensions import db
    from aduan.seed import seed_directory
    from ticketing import publication
    from ticketing.models import Contact, Identity, Ticket, TicketEvent

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'bench.db'}",
            "SECRET_KEY": "bench",
            "RATELIMIT_ENABLED": False,
            "MEDIA_DIR": str(tmp / "media"),
        }
    )
    now = datetime.now(UTC)
    with app.app_context():
        import sla.models  # noqa: F401

        db.create_all()
        seed_directory()
        contact = Contact(name="Warga")
        identity = Identity(contact=contact, channel="telegram", address="1")
        db.session.add_all([contact, identity])
        db.session.flush()
        opds = ["DSDABM", "DLH", "DISHUB", "SATPOLPP", "PDAM"]
        for n in range(args.tickets):
            created = now - timedelta(minutes=60 * 24 * 80 * n / args.tickets)
            ticket = Ticket(
                number=f"MC-2026-{n + 1:06d}",
                contact_id=contact.id,
                identity_id=identity.id,
                channel="telegram",
                status="routed",
                kind="complaint",
                opd_code=opds[n % len(opds)],
                summary=f"Jalan berlubang nomor {n}, hubungi 0812-3456-{n % 10000:04d}",
                created_at=created,
                updated_at=created,
                latitude=-7.25 - n * 1e-5,
                longitude=112.75,
                kecamatan="Genteng",
            )
            db.session.add(ticket)
            db.session.flush()
            for k in range(args.events):
                action = ("created", "routed", "accepted", "progress")[k % 4]
                db.session.add(
                    TicketEvent(
                        ticket_id=ticket.id,
                        actor_kind="system",
                        action=action,
                        note="Tim menuju lokasi" if action == "progress" else "",
                        data={"opd": ticket.opd_code},
                        at=created + timedelta(minutes=k),
                    )
                )
        db.session.commit()

        def reference() -> None:
            db.session.execute(select(Ticket).order_by(Ticket.created_at.desc()).limit(1000)).all()
            db.session.rollback()

        def views() -> None:
            rows = db.session.execute(publication.listed_query().limit(1000)).scalars().all()
            publication.views(list(rows))
            db.session.rollback()

    client = app.test_client()

    def timed(name: str, fn) -> None:
        times = []
        for _ in range(args.rounds):
            started = time.perf_counter()
            fn()
            times.append((time.perf_counter() - started) * 1000)
        print(f"{name:<44} median {statistics.median(times):8.1f} ms  (min {min(times):.1f})")

    def get(path: str):
        def run() -> None:
            response = client.get(path)
            assert response.status_code == 200, response.data[:200]

        return run

    print(f"{args.tickets} listed tickets, {args.events} events each, SQLite, {args.rounds} rounds")
    with app.app_context():
        timed("reference: SELECT 1000 tickets (ORM)", reference)
        timed("publication.views (redact, notes, photos)", views)
    timed("GET /open311/v2/requests.json", get("/open311/v2/requests.json"))
    timed("GET /open311/v2/requests.xml", get("/open311/v2/requests.xml"))
    timed("GET /peta (map + list, 500)", get("/peta"))
    timed("reference: GET /healthz", get("/healthz"))


if __name__ == "__main__":
    main()
