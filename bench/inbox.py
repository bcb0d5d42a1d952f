"""The inbox at scale: seed 100k and then 1M tickets (35 % open) in PostgreSQL, serve the
first page of every tab, a search and the API list with the production server
(gunicorn -w 2), and measure each next to a raw-SQL page of the same rows served the
same way in the same run.

    createdb -h 127.0.0.1 -U postgres bench_i12
    .venv/bin/python bench/inbox.py [--database-url postgresql://postgres@127.0.0.1/bench_i12]
        [--redis-url redis://127.0.0.1:6379/12] [--sizes 100000,1000000] [-c 16] [--seconds 8]

Prints, per size: pages/s, p50 and p99 at `-c` concurrent for each page and its raw-SQL
reference (a bare WSGI function: one psycopg query, the same 50 rows as HTML), then
EXPLAIN (ANALYZE, BUFFERS) of each tab's first page: the buffers read stay the same from
100k to 1M when an index serves the sort. THE DATABASE IS DROPPED AND RE-SEEDED. Prints
numbers; it is not a test."""

from __future__ import annotations

import argparse
import asyncio
import html
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qs

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)

SEARCH = "kenjeran mampet"
API_TOKEN = "adn_bench-api-token-0123456789abcdef0123456789"
PASSWORD = "bench-password-123"
OPEN = "status IN ('new', 'triage', 'routed', 'in_progress', 'waiting')"
URGENT = "ORDER BY (-priority), coalesce(queue_due_at, created_at), id LIMIT 51"
NEWEST = "ORDER BY id DESC LIMIT 51"

# The raw-SQL reference: the same rows as each inbox tab, one query, no framework.
REFERENCE_SQL = {
    "open": f"WHERE {OPEN} {URGENT}",
    "mine": f"WHERE {OPEN} AND assignee_id = 1 {URGENT}",
    "unassigned": f"WHERE {OPEN} AND assignee_id IS NULL {URGENT}",
    "triage": f"WHERE status = 'triage' {URGENT}",
    "waiting": f"WHERE status = 'waiting' {URGENT}",
    "emergency": f"WHERE {OPEN} AND kind = 'emergency' {URGENT}",
    "overdue": f"WHERE {OPEN} AND status <> 'waiting' AND ((first_responded_at IS NULL AND "
    "coalesce(first_response_due_at, resolution_due_at) < now()) OR (first_responded_at IS "
    f"NOT NULL AND resolution_due_at < now())) {URGENT}",
    "resolved": f"WHERE status = 'resolved' {NEWEST}",
    "closed": f"WHERE status = 'closed' {NEWEST}",
}
COLUMNS = "number, summary, channel, status, opd_code, first_response_due_at"
# The search's raw reference: the same union of matches (words, names, registration
# number) as ticketing/search.py builds for SEARCH, newest first.
WORDS_QUERY = " & ".join(f"{w}:*" for w in SEARCH.split())
SEARCH_SQL = f"""JOIN (
    SELECT ticket_id AS id FROM messages WHERE ticket_id IS NOT NULL
        AND to_tsvector('simple', coalesce(text, '')) @@ to_tsquery('simple', '{WORDS_QUERY}')
    UNION SELECT id FROM tickets
        WHERE to_tsvector('simple', coalesce(summary, '')) @@ to_tsquery('simple', '{WORDS_QUERY}')
    UNION SELECT id FROM tickets WHERE contact_id IN (
        SELECT id FROM contacts WHERE lower(coalesce(name, '')) LIKE '%{SEARCH}%')
    UNION SELECT id FROM tickets WHERE contact_id IN (
        SELECT contact_id FROM identities
        WHERE lower(coalesce(display_name, '')) LIKE '%{SEARCH}%')
    UNION SELECT id FROM tickets WHERE registration_number = '{SEARCH.upper()}'
) found USING (id) {NEWEST}"""
# The API list's raw reference: the same 50 rows and fields as JSON (without the total
# the API also returns, and without its audit row: a cheaper page than the API's).
API_COLUMNS = (
    "t.id, number, status, kind, opd_code, kecamatan, channel, priority, summary, confidence,"
    " routing_reason, routed_by, suggestions, registration_number, external_body, u.email,"
    " rating, reopened, bounces, t.created_at, t.updated_at, first_response_due_at,"
    " first_responded_at, resolution_due_at, resolved_at, closed_at, close_reason, latitude,"
    " longitude, address"
)
API_SQL = (
    f"SELECT {API_COLUMNS} FROM tickets t LEFT JOIN users u ON u.id = t.assignee_id"
    f" WHERE {OPEN} ORDER BY t.id DESC LIMIT 50"
)
_conn = None


def reference(environ, start_response):  # type: ignore[no-untyped-def]
    """WSGI app: the tab's first 50 rows by one raw query, as a bare HTML table."""
    global _conn
    import psycopg

    if _conn is None:
        _conn = psycopg.connect(os.environ["BENCH_DSN"], autocommit=True)
    view = parse_qs(environ.get("QUERY_STRING", "")).get("view", ["open"])[0]
    if view == "api":
        cursor = _conn.execute(API_SQL)
        names = [c.name for c in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        body = json.dumps({"tickets": rows}, default=str).encode()
        start_response("200 OK", [("Content-Type", "application/json")])
        return [body]
    where = SEARCH_SQL if view == "search" else REFERENCE_SQL[view]
    rows = _conn.execute(f"SELECT {COLUMNS} FROM tickets {where}").fetchall()
    cells = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>"
        for row in rows[:50]
    )
    body = f"<!doctype html><table>{cells}</table>".encode()
    start_response("200 OK", [("Content-Type", "text/html"), ("Content-Length", str(len(body)))])
    return [body]


# -- seeding ------------------------------------------------------------------------

WORDS = [
    "Jalan berlubang",
    "Sampah menumpuk",
    "Lampu PJU mati",
    "Got mampet",
    "PKL di trotoar",
    "Pohon tumbang",
    "Banjir setinggi lutut",
    "Parkir liar",
    "Trotoar rusak",
    "Bau limbah",
]
STREETS = [
    "Kenjeran",
    "Rungkut Madya",
    "Tunjungan",
    "Manyar Kertoarjo",
    "Wonokromo",
    "Ahmad Yani",
    "Dharmahusada",
    "Kertajaya",
    "Darmo",
    "Mulyosari",
    "Ketintang",
    "Jemursari",
    "Menur",
    "Gubeng",
    "Semolowaru",
]


def _array(values: list[str]) -> str:
    return "ARRAY[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def seed_sql(first: int, last: int, opds: list[str]) -> list[str]:
    """Returns the INSERT ... SELECT generate_series statements for tickets first..last
    (one contact and identity per two tickets, one citizen message per ticket)."""
    words, streets, units = _array(WORDS), _array(STREETS), _array(opds)
    c_first, c_last = (first + 1) // 2, (last + 1) // 2
    r = "(abs(hashtext('s' || i)) % 100)"  # pseudo-random, independent per column
    k = "(abs(hashtext('k' || i)) % 100)"
    summary = (
        f"({words})[1 + i % {len(WORDS)}] || ' di Jl. ' || "
        f"({streets})[1 + (i / 7) % {len(STREETS)}] || ' nomor ' || i"
    )
    return [
        f"""INSERT INTO contacts (id, name, phone, locale, created_at)
        SELECT j, 'Warga ' || j, '+62812' || lpad(j::text, 8, '0'), 'id', now()
        FROM generate_series({c_first}, {c_last}) j ON CONFLICT DO NOTHING""",
        f"""INSERT INTO identities (id, contact_id, channel, address, display_name, created_at)
        SELECT j, j, 'telegram', (700000000 + j)::text, 'Warga ' || j, now()
        FROM generate_series({c_first}, {c_last}) j ON CONFLICT DO NOTHING""",
        f"""INSERT INTO tickets (id, number, contact_id, identity_id, channel, status, kind,
            opd_code, summary, priority, suggestions, pii_flag, private, incident_confirmed,
            created_at, updated_at, last_citizen_at, first_response_due_at, queue_due_at,
            bounces, reopened, assignee_id)
        SELECT i, 'MC-' || (2020 + i / 1000000) || '-' || lpad((i % 1000000)::text, 6, '0'),
            (i + 1) / 2, (i + 1) / 2, 'telegram',
            CASE WHEN {r} < 2 THEN 'new' WHEN {r} < 5 THEN 'triage' WHEN {r} < 20 THEN 'routed'
                 WHEN {r} < 30 THEN 'in_progress' WHEN {r} < 35 THEN 'waiting'
                 WHEN {r} < 50 THEN 'resolved' ELSE 'closed' END,
            CASE WHEN {k} < 1 THEN 'emergency' WHEN {k} < 6 THEN 'info_request'
                 ELSE 'complaint' END,
            CASE WHEN {r} BETWEEN 2 AND 4 THEN NULL ELSE ({units})[1 + i % {len(opds)}] END,
            {summary},
            CASE WHEN {k} < 1 THEN 2 WHEN {k} < 10 THEN 1 ELSE 0 END,
            '[]', false, false, false, ts, ts, ts,
            ts + interval '1 day' + (i % 48) * interval '1 hour',
            ts + interval '1 day' + (i % 48) * interval '1 hour', 0, 0,
            CASE WHEN abs(hashtext('a' || i)) % 10 < 3 THEN 1 + i % 10 END
        FROM generate_series({first}, {last}) i,
             LATERAL (SELECT timestamptz '2025-01-01 00:00+07'
                             + i * interval '30 seconds') t(ts)""",
        f"""INSERT INTO messages (id, contact_id, identity_id, ticket_id, channel, external_id,
            text, public, meta, sent_at, received_at)
        SELECT i, (i + 1) / 2, (i + 1) / 2, i, 'telegram', 'bench-' || i,
            {summary} || ', mohon segera ditindaklanjuti', false, '{{}}', now(), now()
        FROM generate_series({first}, {last}) i""",
    ]


def reseed(app, size: int, done: int) -> None:  # type: ignore[no-untyped-def]
    """Grows the tables from `done` to `size` tickets (indexes dropped while loading)."""
    from sqlalchemy import text

    from aduan.extensions import db
    from ticketing.models import Opd

    with app.app_context():
        opds = [o.code for o in db.session.query(Opd).filter(Opd.active).order_by(Opd.code)]
        opds = [o for o in opds if o not in ("EXTERNAL",)]
        tables = [db.metadata.tables[n] for n in ("tickets", "messages", "contacts", "identities")]
        indexes = [ix for t in tables for ix in t.indexes]
        with db.engine.begin() as conn:
            for ix in indexes:
                conn.execute(text(f"DROP INDEX IF EXISTS {ix.name}"))
            started = time.perf_counter()
            for statement in seed_sql(done + 1, size, opds):
                conn.execute(text(statement))
            loaded = time.perf_counter() - started
            for ix in indexes:
                ix.create(conn)
            for table in ("contacts", "identities", "tickets", "messages"):
                conn.execute(
                    text(f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))")
                )
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
        print(f"seeded {size:,} tickets (+{size - done:,} in {loaded:.0f} s, then indexes)")


def fresh_schema(app) -> None:  # type: ignore[no-untyped-def]
    from aduan.extensions import db
    from aduan.seed import seed_directory
    from inbox.api.tokens import hash_token
    from ticketing.models import ApiToken, User

    with app.app_context():
        import sla.models  # noqa: F401

        db.drop_all()
        db.create_all()
        seed_directory()
        for n in range(1, 11):
            user = User(email=f"agent{n}@example.org", name=f"Agen {n}", role="agent")
            user.set_password(PASSWORD)
            db.session.add(user)
            if n == 1:
                db.session.flush()
                token = ApiToken(
                    name="bench", token_hash=hash_token(API_TOKEN), prefix=API_TOKEN[:10]
                )
                token.scopes, token.owner_id = ["tickets:read"], user.id
                db.session.add(token)
        db.session.commit()


# -- serving and load ---------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(target: str, env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    """Starts gunicorn -w 2 on `target`; its log (a line per request) goes to a file in
    ADUAN_VAR_DIR, not between the numbers."""
    port = free_port()
    log = open(Path(env["ADUAN_VAR_DIR"]) / "servers.log", "ab")  # noqa: SIM115
    process = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--chdir",
            str(ROOT),
            "--log-level",
            "warning",
            target,
        ],
        env=env,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    log.close()  # the server keeps its own descriptor
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process, url
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{target} did not start")


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


async def _load(url: str, headers: dict[str, str], concurrency: int, seconds: float):
    import aiohttp

    latencies: list[float] = []
    errors = 0
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector, headers=headers) as session:
        for _ in range(concurrency):  # warm every connection and worker
            async with session.get(url) as response:
                await response.read()
        deadline = time.perf_counter() + seconds

        async def worker() -> None:
            nonlocal errors
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                async with session.get(url, allow_redirects=False) as response:
                    await response.read()
                    if response.status != 200:
                        errors += 1
                latencies.append(time.perf_counter() - started)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return len(latencies) / elapsed, latencies, errors


def cpu_seconds(server: subprocess.Popen) -> float:
    """Returns the CPU seconds the server's master and workers have used (from /proc)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if server.pid in (int(stat.parent.name), int(fields[1])):
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def measure(
    url: str, headers: dict[str, str], concurrency: int, seconds: float, server: subprocess.Popen
) -> tuple[str, float]:
    """Returns the line for one page (pages/s, p50, p99 and the server's CPU per request,
    which the machine's other load does not inflate as much as the rates) and its rate."""
    used = cpu_seconds(server)
    rate, latencies, errors = asyncio.run(_load(url, headers, concurrency, seconds))
    cpu = (cpu_seconds(server) - used) / (len(latencies) + concurrency) * 1000
    latencies.sort()
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000
    note = f"  ({errors} non-200)" if errors else ""
    line = f"{rate:5.0f}/s p50 {p50:5.0f} ms p99 {p99:5.0f} ms cpu {cpu:4.1f} ms{note}"
    return line, rate


def login_cookie(url: str) -> dict[str, str]:
    import requests

    session = requests.Session()
    page = session.get(f"{url}/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = session.post(
        f"{url}/login",
        data={"email": "agent1@example.org", "password": PASSWORD, "csrf_token": token},
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:300]
    return {"Cookie": "; ".join(f"{k}={v}" for k, v in session.cookies.items())}


def explain(app) -> None:  # type: ignore[no-untyped-def]
    """Prints the first-page plan of each tab in each sort, and of the search: the index,
    the buffers read, the time."""
    from ticketing import queue, search
    from ticketing.models import Ticket

    with app.app_context():
        for tab in queue.TABS:
            for sort in queue.SORTS:
                stmt = queue.tab_query(tab, user_id=1)
                keys, descending = queue.sort_keys(sort)
                stmt = stmt.order_by(*[k.desc() if descending else k for k in keys]).limit(51)
                _plan(f"{tab}/{sort}", stmt)
        floor = max(search._newest() + 1 - search.WINDOW, 0) or None  # the first window
        stmt = search.matching(SEARCH, floor).order_by(Ticket.id.desc()).limit(51)
        _plan("search (window)", stmt)


def _plan(name: str, stmt) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import text
    from sqlalchemy.dialects import postgresql

    from aduan.extensions import db

    sql = str(stmt.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}))
    plan = [r[0] for r in db.session.execute(text("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql))]
    scan = next((line.strip() for line in plan if "Scan" in line), plan[0].strip())
    buffers = next((line.strip() for line in plan if "Buffers" in line), "")
    timing = next(line.strip() for line in plan if line.startswith("Execution Time"))
    print(f"    {name:<18} {scan[:72]:<72} {buffers:<30} {timing}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/bench_i12")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/12")
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("-c", "--concurrency", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=8.0)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the servers on the way out

    from aduan import create_app
    from ticketing import queue

    var = tempfile.mkdtemp(prefix="bench-inbox-")
    os.environ.update(
        DATABASE_URL=args.database_url,
        REDIS_URL=args.redis_url,
        ADUAN_VAR_DIR=var,
        SECRET_KEY="bench-secret-key",
        API_RATE_LIMIT="100000 per minute",  # the limiter still runs, it never refuses
    )
    app = create_app()
    env = dict(os.environ, BENCH_DSN=args.database_url, WEB_CONCURRENCY="2")
    print(
        f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; "
        f"{args.concurrency} concurrent, {args.seconds:.0f} s per page"
    )
    fresh_schema(app)
    done = 0
    for size in (int(s) for s in args.sizes.split(",")):
        reseed(app, size, done)
        done = size
        inbox, inbox_url = serve("aduan.wsgi:app", env)
        raw, raw_url = serve("bench.inbox:reference", env)
        try:
            cookie = login_cookie(inbox_url)
            api = {"Authorization": f"Bearer {API_TOKEN}"}
            print(f"\n{size:,} tickets ({int(size * 0.35):,} open): inbox page vs raw-SQL page")
            for tab in queue.TABS:  # each needs its REFERENCE_SQL
                page, page_rate = measure(
                    f"{inbox_url}/inbox?view={tab}", cookie, args.concurrency, args.seconds, inbox
                )
                ref, ref_rate = measure(
                    f"{raw_url}/?view={tab}", {}, args.concurrency, args.seconds, raw
                )
                print(f"  {tab:<11} inbox {page}   raw {ref}   {page_rate / ref_rate:4.2f}x")
            page, page_rate = measure(
                f"{inbox_url}/inbox?q={SEARCH.replace(' ', '+')}",
                cookie,
                args.concurrency,
                args.seconds,
                inbox,
            )
            ref, ref_rate = measure(
                f"{raw_url}/?view=search", {}, args.concurrency, args.seconds, raw
            )
            print(f"  {'search':<11} inbox {page}   raw {ref}   {page_rate / ref_rate:4.2f}x")
            statuses = "new,triage,routed,in_progress,waiting"
            page, page_rate = measure(
                f"{inbox_url}/api/v1/tickets?status={statuses}&limit=50",
                api,
                args.concurrency,
                args.seconds,
                inbox,
            )
            ref, ref_rate = measure(f"{raw_url}/?view=api", {}, args.concurrency, args.seconds, raw)
            print(f"  {'api list':<11} api   {page}   raw {ref}   {page_rate / ref_rate:4.2f}x")
            print(f'  (search: "{SEARCH}"; api list: /api/v1/tickets, open statuses, 50)')
            print(
                "  EXPLAIN (ANALYZE, BUFFERS): each tab's first page in each sort, and the search:"
            )
            explain(app)
        finally:
            stop(inbox)
            stop(raw)


if __name__ == "__main__":
    main()
