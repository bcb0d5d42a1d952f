"""Flood a real desk with citizens' messages at a fixed rate and time every one of them
from the webhook POST to its acknowledgement at the provider.

    .venv/bin/python bench/flood.py --rate 100 --seconds 15 \
        --database-url postgresql://postgres@127.0.0.1:5432/bench_flood \
        --redis-url redis://127.0.0.1:6379/6 [--workers 1] [--drain-timeout 120] \
        [--send-threads 8] [--provider-latency 0.3] [--emergency-every 50]

It starts the fake providers (Telegram, Twilio, WhatsApp Cloud) in this process, then
`aduan run` on the given PostgreSQL database (dropped and created afresh) and Redis db
(flushed), so the desk runs exactly as `aduan run` lays it out, with the sandboxes as
its providers (answering at once, or after --provider-latency seconds, as real APIs
take tenths of a second: then the `sends` threads matter). Messages go round-robin over
the three channels, signed like the providers sign them, each from a different citizen
(one ticket, one acknowledgement each), POSTed open-loop at the given rate (a slow desk
does not slow the sender).

Prints, for every message: POST -> ack at the provider p50/p95/p99 and max; throughput
(acks/s while sending and overall); drain time (last POST -> last ack); per-stage
times (accept = the POST; intake = stored -> processed; ack queued -> at the provider;
RQ queue waits and run times per queue from /metrics); RSS of every desk process and
Redis memory over the run; CPU seconds of the desk's processes, PostgreSQL and Redis (all
of the server's processes: on a shared server, an upper bound);
PostgreSQL commits/inserts and Redis commands. Also the same run's reference: GET
/healthz latency sampled alongside (the web's bare answer time under the same load).
With --emergency-every N, every Nth message is a fire ("TOLONG ada kebakaran ..."): the
112 reply's POST -> provider time is printed apart from the other acknowledgements (the
intake claims a possible emergency before the backlog). Checks none lost and none
doubled. Prints numbers; it is not a test."""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests
from prometheus_client.parser import text_string_to_metric_families
from redis import Redis
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import ingest  # noqa: E402  (request builders: signed like the providers)
from bench.procstat import Sampler, cpu_by_role  # noqa: E402

CHANNELS = ("telegram", "sms", "whatsapp_cloud")
TG_SECRET = "flood-telegram-secret"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def summary(values: list[float], unit: float = 1.0, fmt: str = "{:.2f}") -> str:
    if not values:
        return "-"
    v = [x * unit for x in values]
    parts = [f"p50 {fmt.format(pct(v, 50))}", f"p95 {fmt.format(pct(v, 95))}"]
    parts += [f"p99 {fmt.format(pct(v, 99))}", f"max {fmt.format(max(v))}"]
    return ", ".join(parts)


# -- the desk --------------------------------------------------------------------------


def fresh_database(url: str) -> None:
    """Drops and creates the bench database (never one the tests use)."""
    target = make_url(url)
    name = target.database
    if not name or name.startswith("test"):
        raise SystemExit("use a database of its own for the bench, e.g. bench_flood")
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()


def slow_providers(fakes: dict[str, Any], seconds: float) -> None:
    """Makes every fake provider hold each answer `seconds` (a real API answers in tenths
    of a second; the fakes at once, which would hide how sends wait on providers)."""
    for fake in fakes.values():
        handler = type(fake).handler
        for verb in ("do_GET", "do_POST"):
            answer = getattr(handler, verb, None)
            if answer is not None and not getattr(answer, "slowed", False):
                setattr(handler, verb, _slowed(answer, seconds))


def _slowed(answer: Any, seconds: float) -> Any:
    def slow(self: Any) -> None:
        time.sleep(seconds)
        answer(self)

    slow.slowed = True  # type: ignore[attr-defined]
    return slow


def start_fakes(env: dict[str, str], port: int) -> dict[str, Any]:
    from sandbox import run as sandbox_run

    return {
        "telegram": sandbox_run.telegram(env, port),
        "twilio": sandbox_run.twilio(env, port),
        "graph": sandbox_run.graph(env, port),
    }


def start_desk(args: argparse.Namespace, port: int, env: dict[str, str], log: Any) -> Any:
    env |= {
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "SECRET_KEY": "flood-bench-" + "x" * 32,
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        "TELEGRAM_WEBHOOK_SECRET": TG_SECRET,
        "ADUAN_WORKERS": str(args.workers),
        "ADUAN_SEND_THREADS": str(args.send_threads),
        "ADUAN_WORKER_NICE": str(args.nice),
        "WEB_CONCURRENCY": str(args.web),
        "ADUAN_VAR_DIR": args.var_dir,
        "LOG_LEVEL": "WARNING",
        "NO_PROXY": "127.0.0.1,localhost",
        "X_POLL_SECONDS": "3600",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "aduan", "run", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_ready(url: str, proc: Any, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"aduan run exited with {proc.returncode}; see its log")
        with contextlib.suppress(requests.RequestException):
            if requests.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        time.sleep(0.5)
    raise SystemExit("the desk did not become ready")


# -- the messages ----------------------------------------------------------------------


def build(n: int, run: int, fakes: dict[str, Any], public: str, every: int = 0) -> dict[str, Any]:
    """Returns message `n`: channel, body, headers, path, provider id and recipient (an
    emergency every `every` messages, 0: none)."""
    channel = CHANNELS[n % len(CHANNELS)]
    if channel == "telegram":
        body, headers, path = ingest.telegram_request(n, run, TG_SECRET, every)
        key = str(900_000_000 + run * 100_000 + n)
    elif channel == "sms":
        body, headers, path = ingest.twilio_request(
            n, run, fakes["twilio"].auth_token, public, every
        )
        key = f"+62812{run % 100:02d}{n:06d}"
    else:
        body, headers, path = ingest.whatsapp_request(n, run, fakes["graph"].app_secret, every)
        key = f"+62813{run % 100:02d}{n:06d}"
        # the fake provider lets free text through only inside the citizen's 24 h window
        fakes["graph"].set_last_inbound("whatsapp_cloud", key, datetime.now(UTC))
    emergency = ingest.words(n, every) == ingest.EMERGENCY.format(n=n)
    return {"n": n, "channel": channel, "body": body, "headers": headers, "path": path,
            "key": key, "emergency": emergency}  # fmt: skip


def fire(url: str, messages: list[dict[str, Any]], rate: float, threads: int) -> float:
    """POSTs message i at start + i/rate (open loop); fills in posted/answered/status."""
    local = threading.local()

    def post(message: dict[str, Any]) -> None:
        session = getattr(local, "session", None) or requests.Session()
        local.session = session
        message["posted"] = time.time()
        try:
            answer = session.post(
                url + message["path"], data=message["body"], headers=message["headers"], timeout=30
            )
            message["status"] = answer.status_code
        except requests.RequestException as exc:
            message["status"] = type(exc).__name__
        message["answered"] = time.time()

    start = time.time() + 0.5
    with ThreadPoolExecutor(threads) as pool:
        for i, message in enumerate(messages):
            delay = start + i / rate - time.time()
            if delay > 0:
                time.sleep(delay)
            pool.submit(post, message)
    return start


def reference(url: str, stop: threading.Event, found: list[float]) -> None:
    """GET /healthz every 100 ms: the web's bare answer time under the same load."""
    session = requests.Session()
    while not stop.is_set():
        started = time.perf_counter()
        with contextlib.suppress(requests.RequestException):
            session.get(url + "/healthz", timeout=10)
            found.append(time.perf_counter() - started)
        stop.wait(0.1)


def provider_receipts(fakes: dict[str, Any]) -> dict[str, list[float]]:
    """Returns {recipient key: [receipt times]} over the three fake providers."""
    found: dict[str, list[float]] = defaultdict(list)
    tg, tw, graph = fakes["telegram"], fakes["twilio"], fakes["graph"]
    with tg._lock:
        for item in tg.sent:
            found[str(item["chat_id"])].append(item["received_at"])
    with tw._lock:
        for item in tw.sent:
            found[item["to"]].append(item["received_at"])
    with graph._lock:
        for item in graph.sent:
            found[item["to"]].append(item["received_at"])
    return found


def scrape(url: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    found = {}
    body = requests.get(url + "/metrics", timeout=30).text
    for family in text_string_to_metric_families(body):
        for s in family.samples:
            found[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return found


def job_stages(before: dict, after: dict) -> list[str]:
    """Mean RQ queue wait and run time per queue between two scrapes."""
    lines = []
    queues = sorted({dict(k[1]).get("queue") for k in after if k[0] == "aduan_job_seconds_count"})
    for queue in queues:
        key = (("queue", queue),)

        def delta(name: str, key: tuple = key) -> float:
            return after.get((name, key), 0) - before.get((name, key), 0)

        jobs = delta("aduan_job_seconds_count")
        if jobs:
            wait = delta("aduan_job_wait_seconds_sum") / max(
                1, delta("aduan_job_wait_seconds_count")
            )
            run_ms = delta("aduan_job_seconds_sum") / jobs * 1000
            lines.append(f"  queue {queue:7s}: {jobs:6.0f} jobs, mean wait {wait:6.2f} s, "
                         f"mean run {run_ms:6.1f} ms")  # fmt: skip
    return lines


def db_stages(engine: Any, since: float) -> tuple[dict[str, tuple], dict[str, tuple]]:
    """Returns {external id: (received, processed)} and {recipient: (queued, sent)} of
    the acknowledgements, as epoch seconds."""
    stamp = datetime.fromtimestamp(since - 5, UTC)

    def epoch(value: Any) -> float | None:
        if value is None:
            return None
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).timestamp()

    with engine.connect() as conn:
        events = conn.execute(
            text("SELECT external_id, received_at, processed_at FROM inbound_events "
                 "WHERE received_at >= :t"), {"t": stamp})  # fmt: skip
        intake = {row[0]: (epoch(row[1]), epoch(row[2])) for row in events}
        acks = conn.execute(
            text("SELECT recipient, created_at, sent_at FROM outbox "
                 "WHERE purpose = 'ack' AND created_at >= :t"), {"t": stamp})  # fmt: skip
        sends = {row[0]: (epoch(row[1]), epoch(row[2])) for row in acks}
    return intake, sends


def work_done(engine: Any, since: float) -> list[str]:
    """What the pipeline promised for the run's tickets, counted in the database: kinds
    and statuses, clocks per routed ticket, officer notices per routed ticket and how
    they ended. A flood must do the same work per message as a quiet desk."""
    stamp = datetime.fromtimestamp(since - 5, UTC)
    per_ticket = (
        "SELECT t.id, t.kind, t.status, t.opd_code, t.incident_id IS NOT NULL, "
        "(SELECT count(*) FROM sla_clocks c WHERE c.ticket_id = t.id), "
        "(SELECT count(*) FROM outbox o WHERE o.ticket_id = t.id "
        " AND o.purpose = 'officer_notify'), "
        "(SELECT count(*) FROM outbox o WHERE o.ticket_id = t.id AND o.purpose = 'ack') "
        "FROM tickets t WHERE t.created_at >= :t"
    )
    with engine.connect() as conn:
        rows = conn.execute(text(per_ticket), {"t": stamp}).all()
        notices = conn.execute(
            text("SELECT status, count(*) FROM outbox WHERE purpose = 'officer_notify' "
                 "AND created_at >= :t GROUP BY status"), {"t": stamp})  # fmt: skip
        notice_status = dict(notices.all())
    kinds: dict[str, int] = defaultdict(int)
    for row in rows:
        kinds[f"{row[1]}/{row[2]}"] += 1
    routed = [r for r in rows if r[2] == "routed" and r[3]]
    spread = lambda i: sorted({r[i] for r in routed})  # noqa: E731
    return [
        "work done (tickets of this run):",
        f"  {len(rows)} tickets, kind/status {dict(sorted(kinds.items()))}; "
        f"{sum(r[4] for r in rows)} in an incident",
        f"  {len(routed)} routed to a unit: SLA clocks per ticket {spread(5)}, officer "
        f"notices per ticket {spread(6)}, acknowledgements per ticket {spread(7)}",
        f"  officer notices by status: {notice_status}",
    ]


def counters(engine: Any, redis: Redis) -> dict[str, float]:
    with engine.connect() as conn:
        row = conn.execute(
            text("SELECT xact_commit, tup_inserted, tup_updated FROM pg_stat_database "
                 "WHERE datname = current_database()")).one()  # fmt: skip
    stats = redis.info("stats")
    return {"pg_commits": row[0], "pg_inserts": row[1], "pg_updates": row[2],
            "redis_commands": stats["total_commands_processed"]}  # fmt: skip


def provider_id(message: dict[str, Any]) -> str:
    """The provider's message id, as the desk stores it (inbound_events.external_id)."""
    import json
    from urllib.parse import parse_qs

    if message["channel"] == "telegram":
        return str(json.loads(message["body"])["update_id"])
    if message["channel"] == "sms":
        return parse_qs(message["body"].decode())["MessageSid"][0]
    value = json.loads(message["body"])["entry"][0]["changes"][0]["value"]
    return value["messages"][0]["id"]


# -- the report ------------------------------------------------------------------------


def report(args, messages, start, last_post, receipts, sampler, cpu, load, healthz, jobs,
           intake, sends, work) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    n = len(messages)
    statuses: dict[Any, int] = defaultdict(int)
    for m in messages:
        statuses[m.get("status")] += 1
    acked, doubled, latencies = 0, 0, []
    ack_times = []
    for m in messages:
        got = sorted(receipts.get(m["key"], []))
        if got:
            acked += 1
            doubled += len(got) > 1
            latencies.append(got[0] - m["posted"])
            ack_times.append(got[0])
    sending = last_post - start
    print(f"\n== flood: {args.rate:g} msg/s for {args.seconds:g} s = {n} messages over "
          f"{', '.join(CHANNELS)}; `aduan run` with {args.workers} `all` worker(s) + 1 `sends`"
          f" process x {args.send_threads} threads (nice {args.nice}), web {args.web} processes"
          f" x 4 threads; providers answer in {args.provider_latency:g} s; "
          f"{os.cpu_count()} cores; load average before {args.load_before}")  # fmt: skip
    print(f"POST statuses: {dict(statuses)}; sent over {sending:.1f} s "
          f"({n / max(sending, 1e-9):.0f}/s offered)")  # fmt: skip
    print(f"acknowledged at the provider: {acked}/{n} (the rest not within the "
          f"{args.drain_timeout:g} s drain window); more than one message to {doubled} "
          f"citizens")  # fmt: skip
    print(f"POST -> ack at provider (s): {summary(latencies)}")
    if args.emergency_every:  # the 112 reply against the rest, in the same flood
        for label, wanted in (("emergencies (112 reply)", True), ("the rest (ack)", False)):
            found = [min(receipts[m["key"]]) - m["posted"] for m in messages
                     if m["emergency"] == wanted and receipts.get(m["key"])]  # fmt: skip
            print(f"  {label}, {len(found)}: {summary(found)}")
    if ack_times:
        drain = max(ack_times) - last_post
        within = sum(t <= last_post for t in ack_times)
        print(f"throughput: {within / max(sending, 1e-9):.0f} acks/s while sending, "
              f"{acked / (max(ack_times) - start):.0f} acks/s overall; "
              f"drain (last POST -> last ack): {drain:.1f} s")  # fmt: skip
    accept = [m["answered"] - m["posted"] for m in messages if "answered" in m]
    print("stages:")
    print(f"  accept (the POST, ms):                 {summary(accept, 1000, '{:.0f}')}")
    print(f"  reference GET /healthz same run (ms):  {summary(healthz, 1000, '{:.0f}')}")
    stored = [intake.get(provider_id(m)) for m in messages]
    waited = [p - r for r, p in (s for s in stored if s) if p is not None]
    print(f"  intake: stored -> processed (s):       {summary(waited)}")
    if args.emergency_every:
        alarms = (intake.get(provider_id(m)) for m in messages if m["emergency"])
        found = [p - r for r, p in (s for s in alarms if s) if p is not None]
        print(f"    of which emergencies (s):            {summary(found)}")
    done = sorted(p for _, p in intake.values() if p is not None)
    if len(done) > 1:
        print(f"  intake throughput: {len(done)} of {len(intake)} stored events processed, "
              f"{(len(done) - 1) / (done[-1] - done[0]):.1f} events/s between the first and "
              f"the last")  # fmt: skip
    to_provider = []
    for m in messages:
        row, got = sends.get(_outbox_recipient(m)), receipts.get(m["key"])
        if row and got and row[0] is not None:
            to_provider.append(min(got) - row[0])
    print(f"  ack: queued -> at the provider (s):    {summary(to_provider)}")
    print("\n".join(jobs))
    print("memory (RSS MB per role; Redis used_memory MB):")
    if sampler.samples:
        marks = sorted({0, len(sampler.samples) // 4, len(sampler.samples) // 2,
                        3 * len(sampler.samples) // 4, len(sampler.samples) - 1})  # fmt: skip
        for i in marks:
            s = sampler.samples[i]
            roles = ", ".join(f"{k} {v:.0f}" for k, v in sorted(s["rss"].items()))
            print(f"  t+{s['t'] - start:6.1f} s: {roles}; redis {s.get('redis_mb', 0):.1f}; "
                  f"pg connections {s.get('pg_conns', '-')}")  # fmt: skip
    print("CPU seconds during the run (send + drain):")
    print("  " + ", ".join(f"{k} {v:.1f}" for k, v in sorted(cpu.items())))
    if acked:  # what one message costs, whatever else shares the machine
        per = {k: v / (n if k == "web" else acked) * 1000 for k, v in cpu.items()}
        words = ", ".join(f"{k} {v:.0f}" for k, v in sorted(per.items()))
        print(f"CPU ms per message (web: per POST; the rest: per acknowledged message): "
              f"{words}; total {sum(per.values()):.0f}")  # fmt: skip
    print("\n".join(work))
    print(f"load: PostgreSQL {load['pg_commits']:.0f} commits, {load['pg_inserts']:.0f} rows "
          f"inserted, {load['pg_updates']:.0f} updated; Redis {load['redis_commands']:.0f} "
          f"commands")  # fmt: skip


def _outbox_recipient(message: dict[str, Any]) -> str:
    """The outbox's recipient for the citizen of `message`: the key as built (a chat id,
    or a phone number in E.164, as the desk stores WhatsApp's digits too)."""
    return message["key"]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--rate", type=float, default=100)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--redis-url", required=True)
    parser.add_argument("--workers", type=int, default=2, help="ADUAN_WORKERS (`all` role)")
    parser.add_argument("--web", type=int, default=2, help="WEB_CONCURRENCY")
    parser.add_argument("--nice", type=int, default=5, help="ADUAN_WORKER_NICE")
    parser.add_argument("--threads", type=int, default=64, help="concurrent POSTs at most")
    parser.add_argument("--send-threads", type=int, default=8, help="ADUAN_SEND_THREADS")
    parser.add_argument(
        "--provider-latency", type=float, default=0.0, help="seconds each fake API answer takes"
    )
    parser.add_argument("--drain-timeout", type=float, default=180)
    parser.add_argument(
        "--emergency-every", type=int, default=0, help="every Nth message is an emergency"
    )
    parser.add_argument("--var-dir", default="")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the servers on the way out
    args.var_dir = args.var_dir or tempfile.mkdtemp(prefix="flood-")
    args.load_before = Path("/proc/loadavg").read_text().split()[0]  # a shared machine?

    fresh_database(args.database_url)
    redis = Redis.from_url(args.redis_url)
    redis.flushdb()
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = dict(os.environ)
    for key in [k for k in env if k.startswith(("TELEGRAM_", "TWILIO_", "WHATSAPP_", "META_"))]:
        del env[key]
    fakes = start_fakes(env, port)
    if args.provider_latency:
        slow_providers(fakes, args.provider_latency)
    log_path = Path(args.var_dir) / "aduan-run.log"
    log = open(log_path, "w")  # noqa: SIM115
    desk = start_desk(args, port, env, log)
    print(f"desk on {url} (log {log_path})", flush=True)
    try:
        wait_ready(url, desk)
        time.sleep(3)  # the workers finish loading
        engine = create_engine(args.database_url, pool_size=2)
        run = int(time.time()) % 10_000
        total = int(args.rate * args.seconds)
        messages = [build(n, run, fakes, url, args.emergency_every) for n in range(total)]
        sampler = Sampler(desk.pid, redis, engine)
        sampler.start()
        jobs_before, load_before, cpu_before = scrape(url), counters(engine, redis), None
        cpu_before = cpu_by_role(desk.pid)
        stop_ref, healthz = threading.Event(), []
        threading.Thread(target=reference, args=(url, stop_ref, healthz), daemon=True).start()
        start = fire(url, messages, args.rate, args.threads)
        last_post = max(m.get("posted", start) for m in messages)
        deadline = time.time() + args.drain_timeout
        keys = {m["key"] for m in messages}
        while time.time() < deadline:
            if keys <= provider_receipts(fakes).keys():
                break
            time.sleep(0.2)
        stop_ref.set()
        time.sleep(2)  # anything doubled would show now
        cpu_after = cpu_by_role(desk.pid)
        cpu = {k: cpu_after.get(k, 0) - cpu_before.get(k, 0) for k in cpu_after}
        load_after = counters(engine, redis)
        load = {k: load_after[k] - load_before[k] for k in load_after}
        jobs = job_stages(jobs_before, scrape(url))
        sampler.stop.set()
        sampler.join(5)
        intake, sends = db_stages(engine, start)
        receipts = provider_receipts(fakes)
        work = work_done(engine, start)
        report(args, messages, start, last_post, receipts, sampler, cpu, load, healthz, jobs,
               intake, sends, work)  # fmt: skip
    finally:
        os.killpg(desk.pid, signal.SIGTERM)
        try:
            desk.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(desk.pid, signal.SIGKILL)
        for fake in fakes.values():
            if fake is not None:
                fake.stop()
        log.close()


if __name__ == "__main__":
    main()
