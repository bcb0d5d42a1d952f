"""End-to-end intake throughput of real worker processes, at 1 and 2 workers.

    .venv/bin/python bench/intake.py --database-url postgresql://postgres@127.0.0.1:5432/bench
        [--redis-url redis://127.0.0.1:6379/0] [-n 1500] [--workers 1,2]

For each worker count: stores n Telegram messages (each from a different citizen, so
each opens a ticket) as the webhook does, starts the `aduan worker` processes, wakes
them once and times until every event is processed (ticket, routing, SLA clocks, the
acknowledgement row written) and until every acknowledgement was handed to the fake
Telegram (sandbox). The backlog case: the workers claim batches from the database.
Prints msg/s, and the same run's reference: a bare loop over the same n payloads that
INSERTs each into a scratch table and commits it (one round trip per message, the floor
of any per-message database work), so the ratio means something on a noisy machine.
It is not a test. Empties the given database's tables (not the OPDs)."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TEXTS = [
    "Jalan berlubang besar di Jl. Rungkut Madya nomor {n}, sudah ada yang jatuh",
    "Sampah di TPS Wonokromo belum diangkut sejak 3 hari, bau sekali ({n})",
    "Lampu PJU di Jl. Kenjeran depan gang {n} mati semua, gelap kalau malam",
    "Got mampet di Jl. Manyar Kertoarjo {n}, air meluber tiap hujan",
    "PKL berjualan di trotoar Jl. Tunjungan {n}, pejalan kaki turun ke jalan",
]


def update(n: int) -> str:
    chat = 900_000_000 + n
    person = {"id": chat, "first_name": "Warga"}
    return json.dumps(
        {
            "update_id": n,
            "message": {
                "message_id": n,
                "from": {**person, "is_bot": False, "language_code": "id"},
                "chat": {**person, "type": "private"},
                "date": int(time.time()),
                "text": TEXTS[n % len(TEXTS)].format(n=n),
            },
        }
    )


def counts(app: Any) -> tuple[int, int]:
    from sqlalchemy import func, select

    from aduan.extensions import db
    from ticketing.models import InboundEvent, Outbound

    with app.app_context():
        done = db.session.execute(
            select(func.count()).where(InboundEvent.processed_at.is_not(None))
        ).scalar_one()
        acks = db.session.execute(
            select(func.count()).where(Outbound.purpose == "ack")
        ).scalar_one()
        db.session.remove()
    return done, acks


def empty(app: Any) -> None:
    from sqlalchemy import text

    from aduan.extensions import db

    with app.app_context():
        names = ", ".join(t.name for t in db.metadata.sorted_tables if t.name != "opds")
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        db.session.commit()
        app.extensions["redis"].flushdb()


def reference(app: Any, n: int) -> float:
    """Returns msg/s of a bare INSERT + COMMIT per message over the same n payloads."""
    from sqlalchemy import text

    from aduan.extensions import db

    with app.app_context(), db.engine.connect() as conn:
        conn.execute(text("CREATE TEMP TABLE IF NOT EXISTS bench_ref (id int, payload text)"))
        conn.execute(text("TRUNCATE bench_ref"))
        conn.commit()
        started = time.perf_counter()
        for i in range(1, n + 1):
            conn.execute(text("INSERT INTO bench_ref VALUES (:i, :p)"), {"i": i, "p": update(i)})
            conn.commit()
        seconds = time.perf_counter() - started
    return n / seconds


def run(app: Any, env: dict[str, str], fake: Any, n: int, workers: int) -> dict[str, float]:
    from rq import Worker

    from aduan.queue import redis_conn
    from ticketing.inbound import events

    empty(app)
    fake.sent.clear()
    with app.app_context():
        for i in range(1, n + 1):
            events.store("telegram", str(i), update(i))
    cmd = [sys.executable, "-m", "aduan", "worker"]
    procs = [
        subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(workers)
    ]
    try:
        while len(Worker.all(connection=redis_conn(app))) < workers:
            time.sleep(0.2)
        started = time.perf_counter()
        with app.app_context():
            events.send_wake()
        processed_at = sent_at = None
        while sent_at is None and time.perf_counter() - started < 600:
            time.sleep(0.2)
            done, acks = counts(app)
            if processed_at is None and done == n and acks == n:
                processed_at = time.perf_counter() - started
            if processed_at is not None and len(fake.sent) >= n:
                sent_at = time.perf_counter() - started
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(30)
    if processed_at is None or sent_at is None:
        raise SystemExit(f"not finished: {counts(app)} processed/acks, {len(fake.sent)} sent")
    return {"processed": n / processed_at, "sent": n / sent_at, "seconds": sent_at}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", "redis://127.0.0.1/0"))
    parser.add_argument("-n", type=int, default=1500)
    parser.add_argument("--workers", default="1,2")
    args = parser.parse_args()
    if not (args.database_url or "").startswith("postgresql"):
        raise SystemExit("give --database-url postgresql://... (a database for the bench)")
    from aduan import create_app
    from aduan.extensions import db
    from aduan.seed import seed_directory
    from sandbox.telegram import FakeTelegram

    fake = FakeTelegram(token="111111:BENCH").start()
    env = dict(os.environ)
    env |= {
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "SECRET_KEY": "bench-" + "x" * 32,
        "TELEGRAM_BOT_TOKEN": fake.token,
        "TELEGRAM_API_BASE_URL": fake.base_url,
        "LOG_LEVEL": env.get("LOG_LEVEL", "WARNING"),
        "NO_PROXY": "127.0.0.1,localhost",
    }
    os.environ.update(env)
    app = create_app({"INBOUND_WAKE_ASYNC": False})
    with app.app_context():
        import sla.models  # noqa: F401
        from ticketing import classifier

        db.create_all()
        seed_directory()
        classifier.classifier()  # trained once, cached for the workers
    print(f"{args.n} messages from {args.n} citizens, PostgreSQL, {os.cpu_count()} cores")
    try:
        for workers in (int(w) for w in args.workers.split(",")):
            found = run(app, env, fake, args.n, workers)
            ref = reference(app, args.n)
            print(
                f"{workers} worker(s): {found['processed']:6.1f} msg/s to the acknowledgement "
                f"row, {found['sent']:6.1f} msg/s to the acknowledgement at the provider "
                f"({found['seconds']:.1f} s); reference (bare INSERT+COMMIT per message, "
                f"same run): {ref:6.1f} msg/s, ratio {found['sent'] / ref:.4f}",
                flush=True,
            )
    finally:
        fake.stop()


if __name__ == "__main__":
    main()
