"""The webhook accept path against a bare parse + INSERT, side by side in one run.

    .venv/bin/python bench/accept.py --database-url postgresql://postgres@127.0.0.1:5432/bench
        [--redis-url redis://127.0.0.1:6379/0] [-s 6] [-c 16] [--rounds 2] [--web-workers 2]

Both run under gunicorn with the same settings as `aduan run` (gthread, 4 threads):
- reference: a minimal WSGI app (`bench.accept:reference`) that reads the body, parses
  the JSON and INSERTs it into inbound_events exactly as the desk stores an event (one
  statement in autocommit, as the desk does since it stopped wrapping it in BEGIN/COMMIT;
  `--transaction` wraps the reference's INSERT in BEGIN/COMMIT, as both did before);
- aduan: the real Telegram webhook (`aduan.wsgi:app`): secret check, size limit, parse,
  INSERT, the intake wake-up (one Redis SET NX), request log and metrics.
An aiohttp client keeps `-c` requests in flight for `-s` seconds against each, every
update unique (one citizen message each). No worker runs: this measures accepting only.
Prints req/s, p50 and p99 of each run and the ratio aduan/reference. Prints numbers; it
is not a test. Creates the tables afresh in the given database."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SECRET = "bench-secret"
KEY = "bench-" + "x" * 32
INSERT = (
    "INSERT INTO inbound_events (channel, external_id, payload, received_at, attempts) "
    "VALUES (:channel, :external_id, :payload, now(), 0) "
    "ON CONFLICT (channel, external_id) DO NOTHING RETURNING id"
)
_engine: Any = None


def reference(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    """The reference: parse + INSERT, nothing else (a WSGI app for gunicorn)."""
    global _engine
    if _engine is None:  # one pool per gunicorn worker, made after the fork
        from sqlalchemy import create_engine

        level = "READ COMMITTED" if os.environ.get("BENCH_TRANSACTION") else "AUTOCOMMIT"
        _engine = create_engine(
            os.environ["BENCH_DATABASE_URL"], pool_size=8, isolation_level=level
        )
    if environ["REQUEST_METHOD"] != "POST":
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]
    from sqlalchemy import text

    size = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(size)
    update = json.loads(body)
    with _engine.begin() as conn:
        conn.execute(
            text(INSERT),
            {"channel": "telegram", "external_id": str(update["update_id"]), "payload": body},
        )
    start_response("200 OK", [("Content-Type", "application/json")])
    return [b'{"status": "accepted"}']


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def update(n: int) -> bytes:
    chat = 800_000_000 + n
    return json.dumps(
        {
            "update_id": n,
            "message": {
                "message_id": n,
                "from": {"id": chat, "is_bot": False, "first_name": "Warga"},
                "chat": {"id": chat, "first_name": "Warga", "type": "private"},
                "date": int(time.time()),
                "text": f"Lampu PJU di Jl. Kenjeran depan gang {n} mati semua",
            },
        }
    ).encode()


async def load(url: str, seconds: float, concurrency: int, start: int) -> dict[str, Any]:
    import aiohttp

    latencies: list[float] = []
    errors = 0
    counter = iter(range(start, start + 10_000_000))
    headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET}
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        end = time.perf_counter() + seconds

        async def one_client() -> None:
            nonlocal errors
            while time.perf_counter() < end:
                body = update(next(counter))
                t0 = time.perf_counter()
                async with session.post(url, data=body, headers=headers) as resp:
                    await resp.read()
                    if resp.status != 200:
                        errors += 1
                latencies.append(time.perf_counter() - t0)

        began = time.perf_counter()
        await asyncio.gather(*(one_client() for _ in range(concurrency)))
        elapsed = time.perf_counter() - began
    latencies.sort()
    return {
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000,
        "n": len(latencies),
        "errors": errors,
    }


def serve(target: str, env: dict[str, str], workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    cmd = [sys.executable, "-m", "gunicorn", target, "--bind", f"127.0.0.1:{port}"]
    cmd += ["--workers", str(workers), "--threads", "4", "--worker-class", "gthread"]
    cmd += ["--log-level", "warning"]
    proc = subprocess.Popen(
        cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    import requests

    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            if requests.get(base + "/healthz", timeout=1).status_code == 200:
                return proc, base
        except requests.RequestException:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit(f"{target} did not start")


def prepare(database_url: str, redis_url: str) -> None:
    from aduan import create_app
    from aduan.extensions import db

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": database_url, "REDIS_URL": redis_url, "SECRET_KEY": KEY}
    )
    with app.app_context():
        import sla.models  # noqa: F401

        db.drop_all()  # a table from an older schema would refuse every INSERT
        db.create_all()


def empty(database_url: str, redis_url: str) -> None:
    from redis import Redis
    from sqlalchemy import create_engine, text

    from aduan.config import database_url as with_driver

    engine = create_engine(with_driver(database_url))
    with engine.begin() as conn:
        conn.execute(text("TRUNCATE inbound_events RESTART IDENTITY CASCADE"))
    engine.dispose()
    Redis.from_url(redis_url).flushdb()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", "redis://127.0.0.1/0"))
    parser.add_argument("-s", "--seconds", type=float, default=6)
    parser.add_argument("-c", "--concurrency", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument(
        "--transaction", action="store_true", help="the reference INSERTs in BEGIN/COMMIT"
    )
    args = parser.parse_args()
    if not (args.database_url or "").startswith("postgresql"):
        raise SystemExit("give --database-url postgresql://... (a database for the bench)")
    from aduan.config import database_url as with_driver

    prepare(args.database_url, args.redis_url)
    metrics = tempfile.mkdtemp(prefix="aduan-bench-metrics-")
    env = dict(os.environ)
    env |= {
        "BENCH_DATABASE_URL": with_driver(args.database_url),
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "SECRET_KEY": KEY,
        "TELEGRAM_BOT_TOKEN": "111111:BENCH",
        "TELEGRAM_WEBHOOK_SECRET": SECRET,
        "PROMETHEUS_MULTIPROC_DIR": metrics,
        "LOG_LEVEL": env.get("LOG_LEVEL", "INFO"),
        "BENCH_TRANSACTION": "1" if args.transaction else "",
    }
    targets = {
        "reference": ("bench.accept:reference", "/"),
        "aduan": ("aduan.wsgi:app", "/webhooks/telegram"),
    }
    results: dict[str, list[dict[str, Any]]] = {name: [] for name in targets}
    start = 1
    print(f"{args.concurrency} in flight, {args.seconds:.0f} s a run, gunicorn "
          f"{args.web_workers}x4 gthread, PostgreSQL, {os.cpu_count()} cores")  # fmt: skip
    for round_no in range(1, args.rounds + 1):
        for name, (target, path) in targets.items():
            empty(args.database_url, args.redis_url)
            proc, base = serve(target, env, args.web_workers)
            try:
                asyncio.run(load(base + path, 1.0, args.concurrency, start))  # warm up
                start += 1_000_000
                found = asyncio.run(load(base + path, args.seconds, args.concurrency, start))
                start += 1_000_000
            finally:
                proc.send_signal(signal.SIGTERM)
                proc.wait(20)
            results[name].append(found)
            print(
                f"round {round_no} {name:9} {found['rps']:7.0f} req/s  "
                f"p50 {found['p50']:5.1f} ms  p99 {found['p99']:5.1f} ms  "
                f"({found['n']} requests, {found['errors']} not 200)",
                flush=True,
            )
    failed = sum(run["errors"] for runs in results.values() for run in runs)
    if failed:
        raise SystemExit(f"{failed} requests were not answered 200: no ratio")
    best = {name: max(runs, key=lambda r: r["rps"]) for name, runs in results.items()}
    ratio = best["aduan"]["rps"] / best["reference"]["rps"]
    print(
        f"best: reference {best['reference']['rps']:.0f} req/s, aduan "
        f"{best['aduan']['rps']:.0f} req/s (p99 {best['aduan']['p99']:.1f} ms): "
        f"{ratio:.2f}x of a bare parse + INSERT"
    )


if __name__ == "__main__":
    main()
