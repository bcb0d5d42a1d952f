"""The one writer of InboundEvent: store a provider's raw payload once, wake a worker to
claim it (ticketing/inbound/claims.py), and (run by the clock) wake one again for events
still waiting. The stored row is the record of what is to do; a job in Redis is only a
wake-up, so a lost job loses nothing."""

from __future__ import annotations

import logging
import os
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import Flask, current_app
from redis.exceptions import RedisError
from sqlalchemy import Engine, create_engine, or_, select
from sqlalchemy.exc import DBAPIError

from aduan.extensions import db, insert_skipping_duplicates
from aduan.queue import enqueue as enqueue_job
from aduan.queue import get_queue, redis_conn
from channels.base import InboundMessage
from ticketing.inbound.claims import claimable
from ticketing.inbound.cleaning import visible
from ticketing.models import LANE_ALARM, LANE_REST, LANE_STATUS, InboundEvent, utcnow
from ticketing.routing.emergency_words import ALARM_STEMS
from ticketing.routing.lookalike import fold

log = logging.getLogger(__name__)

# By name, so a web process that only stores and wakes never runs the pipeline.
DRAIN = "ticketing.inbound.jobs.drain"
QUEUE = "intake"  # aduan/queue.py QUEUES
WAKE_KEY = "aduan:intake:wake"  # set while an intake job waits in the queue (not started)
WAKE_MS = 250  # a web process sends at most one wake-up per WAKE_MS
WAKE_SECONDS = 30  # a waiting job that was lost stops holding the flag after this
EXTERNAL_ID_MAX = InboundEvent.__table__.c.external_id.type.length  # 120
SWEEP_BATCH = 500
# How much of a payload that is not plain ASCII lane() decodes: its envelope and the
# start of its text (the rules read 4,000 characters; one is 6 or 12 as a \u escape).
LANE_READ = 16 * 1024
_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
_INSERTS: dict[str, Any] = {}  # dialect name -> the prebuilt INSERT
_WAKER_LOCK = threading.Lock()
# A WhatsApp Cloud body with "statuses" and no "messages" key ("field": "messages" is a
# value, not a key: every change has it).
_MESSAGES_KEY = re.compile(r'"messages"\s*:')


def _statuses_only(payload: str) -> bool:
    return '"statuses"' in payload and _MESSAGES_KEY.search(payload) is None


@dataclass(frozen=True)
class Inbound:
    """What one stored payload holds: citizens' messages, and `then`, the rest of the
    payload's work (delivery statuses, a transcript) run after the messages were
    ingested, in the same transaction; it returns an outcome word."""

    messages: list[InboundMessage]
    then: Callable[[InboundEvent], str] | None = None


def insert_statement(dialect: str | None = None) -> Any:
    """Returns the INSERT of one raw event (parameters: row()) that skips a duplicate
    (route, external id) and returns the new id (no row for a duplicate), for `dialect`
    (the app's database when not given). Built once per dialect: the webhooks run it on
    every request."""
    dialect = dialect or db.engine.dialect.name
    stmt = _INSERTS.get(dialect)
    if stmt is None:
        table = InboundEvent.__table__
        stmt = insert_skipping_duplicates(table, dialect, ["channel", "external_id"])
        stmt = _INSERTS[dialect] = stmt.returning(table.c.id)
    return stmt


def row(route: str, external_id: str, payload: str) -> dict[str, Any]:
    """Returns the parameters of insert_statement() for one event."""
    values = {"channel": route, "external_id": external_id, "payload": payload}
    return values | {"received_at": utcnow(), "attempts": 0, "lane": lane(payload, route)}


def lane(payload: str, route: str = "") -> int:
    """Returns LANE_STATUS for a payload of delivery statuses only (claimed last: a
    flood's "delivered" callbacks must not delay citizens' answers), LANE_ALARM when the
    raw payload has a word of an emergency in it (workers claim those first: a 112 reply
    must not wait behind a flood), else LANE_REST.

    Plain ASCII without JSON's \\u escapes is read as it is: the webhooks' hot path, one
    substring test per stem. Anything else may hide the word ("keb\\u00adakaran" as
    json.dumps writes it, "kebаkaran" with a Cyrillic а, a zero-width space in it): its
    first LANE_READ characters are read as the routing reads a text (_readable)."""
    if route == "twilio_status" or (route == "whatsapp_cloud" and _statuses_only(payload)):
        return LANE_STATUS
    said = payload.lower()
    if any(stem in said for stem in ALARM_STEMS):
        return LANE_ALARM
    if payload.isascii() and "\\u" not in payload:
        return LANE_REST
    said = _readable(payload[:LANE_READ]).lower()
    return LANE_ALARM if any(stem in said for stem in ALARM_STEMS) else LANE_REST


def _readable(payload: str) -> str:
    """Returns a raw payload as routing reads a text: JSON's \\u escapes decoded (half
    a surrogate pair dropped), without the characters nobody sees, folded (look-alike
    letters and marks as plain Latin letters). A cut or non-JSON payload is read too."""
    text = _ESCAPE.sub(lambda found: chr(int(found[1], 16)), payload)
    # a pair of escaped surrogates is one character ("\ud835\udc1a": a bold "a")
    text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "ignore")
    return fold(visible(text))


def store(route: str, external_id: str, payload: str, app: Flask | None = None) -> int | None:
    """Commits one raw event in its own short transaction; returns its id, or None when
    it was already stored. Raises SQLAlchemyError when the database cannot take it.
    Without `app`, needs an app context (the webhooks' receiver passes its app: it runs
    without one)."""
    engine = store_engine(app)
    statement, values = insert_statement(engine.dialect.name), row(route, external_id, payload)
    for attempt in (1, 2):
        try:
            with engine.begin() as connection:  # Core, no ORM session: the hot path
                return connection.execute(statement, values).scalar()
        except DBAPIError as exc:  # a connection the server dropped: once more, on a new one
            if attempt == 2 or not exc.connection_invalidated:
                raise
    return None  # not reached


def store_engine(app: Flask | None = None) -> Engine:
    """Returns the engine the webhooks store with. On PostgreSQL its own pool without
    the pre-ping (a round trip per request): a dropped connection fails the INSERT at
    once and store() retries it on a new one; in autocommit, as the one INSERT is atomic
    and durable by itself (BEGIN and COMMIT were two more round trips per request).
    Made per process, after gunicorn forks."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    engine: Engine | None = app.extensions.get("store_engine")
    if engine is None:
        with app.app_context():
            engine = db.engine
        if engine.dialect.name == "postgresql":
            engine = create_engine(
                engine.url,
                pool_size=8,
                max_overflow=8,
                pool_recycle=1800,
                isolation_level="AUTOCOMMIT",
            )
        app.extensions["store_engine"] = engine
    return engine


def wake(app: Flask | None = None) -> None:
    """Called after events were committed: makes sure a worker claims them soon. With
    INBOUND_WAKE_ASYNC (the default) the request only sets a flag in memory and this
    process's waker thread sends the wake-up, at most once per WAKE_MS, so accepting
    costs no Redis round trip; else (tests, scripts) it is sent at once."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    if not app.config["INBOUND_WAKE_ASYNC"]:
        with app.app_context():
            send_wake()
        return
    waker = app.extensions.get("intake_waker")
    if waker is None or waker.pid != os.getpid():  # made after gunicorn forks
        with _WAKER_LOCK:
            waker = app.extensions.get("intake_waker")
            if waker is None or waker.pid != os.getpid():
                waker = app.extensions["intake_waker"] = Waker(app)
    waker.poke()


class Waker:
    """One per process: a daemon thread that sends the wake-up when poked. A poke that
    comes while a wake-up is being sent is kept for the next round, so every committed
    event is followed by a wake-up sent after its commit."""

    def __init__(self, app: Flask) -> None:
        self.app, self.pid = app, os.getpid()
        self.poked = threading.Event()
        threading.Thread(target=self._run, name="intake-waker", daemon=True).start()

    def poke(self) -> None:
        self.poked.set()

    def _run(self) -> None:
        while True:
            self.poked.wait()
            self.poked.clear()
            with self.app.app_context():
                send_wake()
            time.sleep(WAKE_MS / 1000)


def send_wake() -> bool:
    """Makes sure an intake job waits in the queue: one cheap Redis command (SET NX);
    only the call that sets the flag enqueues a job, and the job drops the flag as it
    starts, so however many events arrive at most one intake job waits at a time (a
    flood does not pile up jobs). An event committed before this call is claimed by
    the job that waits (or the one enqueued here), which starts after it. False when
    Redis is unreachable (the sweeper wakes a worker later); never raises."""
    try:
        first = redis_conn().set(WAKE_KEY, b"1", nx=True, ex=WAKE_SECONDS)
    except (RedisError, OSError) as exc:
        log.warning("intake wake-up not sent, the sweeper will: %s", exc)
        return False
    if not first:
        return True  # a job waits already
    if enqueue_drain():
        return True
    clear_wake()  # none waits after all: the next wake-up tries again
    return False


def enqueue_drain() -> bool:
    """Enqueues one intake job (ticketing.inbound.jobs.drain); False when Redis is down."""
    return enqueue_job(DRAIN, queue=QUEUE)


def clear_wake() -> None:
    """Drops the wake flag (the waiting job has started); never raises."""
    try:
        redis_conn().delete(WAKE_KEY)
    except (RedisError, OSError) as exc:
        log.warning("intake wake flag not cleared: %s", exc)


def requeue_stale(now: datetime) -> int:
    """The safety net (run by the clock): when events wait unclaimed longer than
    INBOUND_RETRY_SECONDS (a lost wake-up, an ended lease, a retry due), enqueues an
    intake job. Returns how many events wait so (at most SWEEP_BATCH)."""
    cutoff = now - timedelta(seconds=current_app.config["INBOUND_RETRY_SECONDS"])
    late = or_(InboundEvent.received_at < cutoff, InboundEvent.claimed_until.is_not(None))
    stmt = select(InboundEvent.id).where(claimable(now), late).limit(SWEEP_BATCH)
    waiting = len(db.session.execute(stmt).scalars().all())
    db.session.rollback()
    if not waiting:
        return 0
    if _flag_without_job() and enqueue_drain():
        log.warning("sweeper: %d inbound events waited behind a lost job's wake flag", waiting)
        return waiting
    if send_wake():
        log.info("sweeper: %d inbound events waiting, an intake job waits for them", waiting)
        return waiting
    return 0


def _flag_without_job() -> bool:
    """True when the wake flag says an intake job waits but none is queued: a worker took
    the job and died before dropping the flag, which would hold every wake-up back for
    up to WAKE_SECONDS. (A live worker about to drop it gets a second job: harmless.)"""
    try:
        return bool(redis_conn().exists(WAKE_KEY)) and get_queue(QUEUE).count == 0
    except (RedisError, OSError):
        return False
