"""Fire N signed provider webhooks at a running Aduan and measure the intake.

    .venv/bin/python bench/ingest.py [--url http://127.0.0.1:8000] [-n 2000] [-c 32]
        [--channel telegram|twilio|whatsapp_cloud] [--database-url URL]
        [--sandbox-url URL_OF_THE_FAKE_PROVIDER]

Prints accepted/s, p50/p99 acknowledgement latency of the webhook, then the seconds
until every ticket exists (counted in the database) and until every auto-acknowledgement
was handed to the (fake) provider (counted by the sandbox). Each message comes from a
different citizen, so each makes one ticket. Secrets default to those `aduan run` uses
in sandbox mode. Prints numbers; it is not a test."""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import hmac
import json
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
import requests
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)

TEXTS = [
    "Jalan berlubang besar di Jl. Rungkut Madya nomor {n}, sudah ada yang jatuh",
    "Sampah di TPS Wonokromo belum diangkut sejak 3 hari, bau sekali ({n})",
    "Lampu PJU di Jl. Kenjeran depan gang {n} mati semua, gelap kalau malam",
    "Got mampet di Jl. Manyar Kertoarjo {n}, air meluber tiap hujan",
    "PKL berjualan di trotoar Jl. Tunjungan {n}, pejalan kaki turun ke jalan",
]
EMERGENCY = "TOLONG ada kebakaran rumah di Jl. Kapasari gang {n}, apinya sudah besar!!"


def words(n: int, emergency_every: int = 0) -> str:
    """Message `n`'s words: an emergency every `emergency_every` messages (0: never)."""
    if emergency_every and n % emergency_every == emergency_every - 1:
        return EMERGENCY.format(n=n)
    return TEXTS[n % len(TEXTS)].format(n=n)


def telegram_request(
    n: int, run: int, secret: str, every: int = 0
) -> tuple[bytes, dict[str, str], str]:
    chat = 900_000_000 + run * 100_000 + n
    update = {
        "update_id": 700_000_000 + run * 100_000 + n,
        "message": {
            "message_id": n + 1,
            "date": int(time.time()),
            "from": {"id": chat, "is_bot": False, "first_name": f"Warga {n}"},
            "chat": {"id": chat, "type": "private", "first_name": f"Warga {n}"},
            "text": words(n, every),
        },
    }
    headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret}
    return json.dumps(update).encode(), headers, "/webhooks/telegram"


def twilio_request(
    n: int, run: int, token: str, public: str, every: int = 0
) -> tuple[bytes, dict[str, str], str]:
    params = {
        "MessageSid": f"SM{run:04d}{n:028d}",
        "AccountSid": "AC" + "0" * 32,
        "From": f"+62812{run % 100:02d}{n:06d}",
        "To": "+6231990100",
        "Body": words(n, every),
        "NumMedia": "0",
        "NumSegments": "1",
    }
    path = "/webhooks/twilio/messaging"
    payload = public + path + "".join(k + params[k] for k in sorted(params))
    signature = base64.b64encode(hmac.new(token.encode(), payload.encode(), hashlib.sha1).digest())
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Twilio-Signature": signature.decode(),
    }
    return urlencode(params).encode(), headers, path


def whatsapp_request(
    n: int, run: int, secret: str, every: int = 0
) -> tuple[bytes, dict[str, str], str]:
    wa_id = f"62813{run % 100:02d}{n:06d}"
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "62315550112", "phone_number_id": "1234567890"},
        "contacts": [{"profile": {"name": f"Warga {n}"}, "wa_id": wa_id}],
        "messages": [
            {
                "from": wa_id,
                "id": f"wamid.bench{run}x{n}",
                "timestamp": str(int(time.time())),
                "type": "text",
                "text": {"body": words(n, every)},
            }
        ],
    }
    body = json.dumps(
        {
            "object": "whatsapp_business_account",
            "entry": [
                {"id": "102200000000001", "changes": [{"field": "messages", "value": value}]}
            ],
        }
    ).encode()
    sig = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return (
        body,
        {"Content-Type": "application/json", "X-Hub-Signature-256": sig},
        "/webhooks/whatsapp",
    )


async def fire(
    url: str, requests_: list[tuple[bytes, dict[str, str], str]], concurrency: int
) -> tuple[list[float], dict[int, int], float]:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    queue = list(reversed(requests_))
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def worker() -> None:
            while queue:
                body, headers, path = queue.pop()
                started = time.perf_counter()
                async with session.post(url + path, data=body, headers=headers) as resp:
                    await resp.read()
                latencies.append(time.perf_counter() - started)
                statuses[resp.status] = statuses.get(resp.status, 0) + 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return latencies, statuses, time.perf_counter() - started


def count_tickets(engine, since_id: int) -> int:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return conn.execute(
            text("SELECT count(*) FROM tickets WHERE id > :i"), {"i": since_id}
        ).scalar()


def sent_count(sandbox: str) -> int | None:
    """Returns how many messages the fake provider has been asked to send."""
    if not sandbox:
        return None
    state = requests.get(f"{sandbox}/sandbox/state", timeout=5).json()
    return int(state.get("counts", {}).get("sent", 0))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("-n", type=int, default=2000)
    parser.add_argument("-c", "--concurrency", type=int, default=32)
    parser.add_argument(
        "--channel", default="telegram", choices=["telegram", "twilio", "whatsapp_cloud"]
    )
    parser.add_argument("--database-url", default=f"sqlite:///{ROOT / 'var' / 'aduan.db'}")
    parser.add_argument("--sandbox-url", default="", help="the fake provider's URL (acks count)")
    parser.add_argument("--secret", default="", help="webhook secret / auth token / app secret")
    parser.add_argument("--public-url", default="", help="the URL Twilio signs (PUBLIC_BASE_URL)")
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()

    from aduan.config import database_url, derived_secret, sandbox_secret_key

    run = int(time.time()) % 10_000
    if args.channel == "telegram":
        secret = args.secret or derived_secret(
            os.environ.get("SECRET_KEY") or sandbox_secret_key(), "telegram-webhook"
        )
        reqs = [telegram_request(n, run, secret) for n in range(args.n)]
    elif args.channel == "twilio":
        token = args.secret or "sandbox-auth-token"
        reqs = [twilio_request(n, run, token, args.public_url or args.url) for n in range(args.n)]
    else:
        reqs = [
            whatsapp_request(n, run, args.secret or "sandbox-app-secret") for n in range(args.n)
        ]

    engine = create_engine(database_url(args.database_url))
    with engine.connect() as conn:
        before = conn.execute(text("SELECT coalesce(max(id), 0) FROM tickets")).scalar()
    sent_before = sent_count(args.sandbox_url)
    started = time.perf_counter()
    latencies, statuses, seconds = asyncio.run(fire(args.url, reqs, args.concurrency))
    ok = statuses.get(200, 0)
    ms = sorted(x * 1000 for x in latencies)
    print(
        f"{args.channel}: {len(reqs)} webhooks, concurrency {args.concurrency}, statuses {statuses}"
    )
    print(f"accepted: {ok / seconds:.0f}/s  (all {len(reqs)} in {seconds:.2f} s)")
    p50, p99 = statistics.median(ms), ms[int(len(ms) * 0.99) - 1]
    print(f"ack latency: p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {ms[-1]:.1f} ms")
    tickets_at = acks_at = None
    waiting = lambda: tickets_at is None or acks_at is None  # noqa: E731
    while time.perf_counter() - started < args.timeout and waiting():
        if tickets_at is None and count_tickets(engine, before) >= ok:
            tickets_at = time.perf_counter() - started
        sent = sent_count(args.sandbox_url)
        if acks_at is None and (sent is None or sent - (sent_before or 0) >= ok):
            acks_at = time.perf_counter() - started if sent is not None else -1
        time.sleep(0.2)
    print(f"every ticket exists after: {tickets_at:.1f} s" if tickets_at else "tickets: timed out")
    if acks_at and acks_at > 0:
        print(f"every auto-ack handed to the provider after: {acks_at:.1f} s")
    elif acks_at is None:
        print("acks: timed out")


if __name__ == "__main__":
    main()
