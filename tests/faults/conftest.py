"""The fault suite's desk: the test app (webhooks answered in this process), a private
Redis, the database (PostgreSQL reached by the workers through a cuttable proxy; the
SQLite tier's file), real worker processes, and the clock's sweepers on a one-second
tick in a thread."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from redis import Redis
from rq import Worker
from sqlalchemy import func, select

from aduan import clock
from aduan.extensions import db
from tests.faults.harness import PrivateRedis, Proxy, Workers, wait_for
from tests.ticketing.helpers import new_chat_id
from ticketing import outbox_sweep
from ticketing.models import InboundEvent, Message, Outbound, Ticket, utcnow

LEASE = 3  # seconds: a killed worker's events are claimable again after this
SENT = ("sent", "delivered", "read")


def count(model: Any, *where: Any) -> int:
    db.session.rollback()  # see what the worker processes committed
    stmt = select(func.count()).select_from(model)
    for clause in where:
        stmt = stmt.where(clause)
    return db.session.execute(stmt).scalar_one()


@dataclass
class Desk:
    app: Any
    redis: PrivateRedis
    proxy: Proxy | None  # PostgreSQL only: SQLite is a file, it cannot go away
    workers: Workers
    fake: Any
    post: Any
    senders: Workers  # the Procfile's `sends` process: --role sends --threads 8
    want: int = 2
    want_senders: int = 0
    chats: list[int] = field(default_factory=list)

    def send(self, n: int) -> None:
        """n citizens write one complaint each through the Telegram webhook."""
        for _ in range(n):
            chat = new_chat_id()
            update = self.fake.citizen_sends(
                chat, text=f"Lampu PJU mati di gang {chat % 1000} Kenjeran, gelap sekali"
            )["update"]
            assert self.post(update).status_code == 200
            self.chats.append(chat)

    def supervise(self) -> None:
        """Restarts dead workers of either kind, as `aduan run` would."""
        self.workers.supervise(self.want)
        self.senders.supervise(self.want_senders)

    def tails(self) -> str:
        return f"{self.workers.tails()}\n{self.senders.tails()}"

    def processed(self) -> int:
        return count(InboundEvent, InboundEvent.processed_at.is_not(None))

    def ready(self, n: int | None = None) -> None:
        n = self.want if n is None else n
        conn = Redis.from_url(self.redis.url)
        try:  # a worker process loads the routing model first: slow on a busy machine
            wait_for(lambda: len(Worker.all(connection=conn)) >= n, f"{n} workers", 90)
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n{self.tails()}") from None

    def settle(self, seconds: float = 60) -> None:
        """Waits (restarting dead workers) until every event is processed with its
        acknowledgement row, then until no acknowledgement waits to be sent."""
        total = len(self.chats)

        def intake_done() -> bool:
            self.supervise()
            acks = count(Outbound, Outbound.purpose == "ack")
            return self.processed() == total and acks == total

        def sends_done() -> bool:
            self.supervise()
            # Sends whose job Redis lost wait for the outbox sweeper's minute (not the
            # intake's business): let that minute pass for it.
            with self.app.app_context():
                outbox_sweep.requeue_due(utcnow() + timedelta(minutes=1, seconds=1))
            return count(Outbound, Outbound.status == "pending") == 0

        for check, what in ((intake_done, "every event processed"), (sends_done, "sends")):
            try:
                wait_for(check, what, seconds)
            except AssertionError as exc:
                state = f"{self.processed()}/{total} processed, " + ", ".join(
                    f"{s}: {count(Outbound, Outbound.status == s)}" for s in ("pending", "sending")
                )
                raise AssertionError(f"{exc}: {state}\n{self.tails()}") from None

    def assert_exactly_once(self) -> None:
        """Every citizen: one event, one message, one ticket, one acknowledgement row,
        at most one delivery at the provider (a row killed mid-send is "sending" or
        "unknown", never sent twice)."""
        n = len(self.chats)
        assert count(InboundEvent) == n and self.processed() == n
        assert count(InboundEvent, InboundEvent.last_error.is_not(None)) == 0
        assert count(Message) == n
        assert count(Ticket) == n
        assert count(Outbound, Outbound.purpose == "ack") == n
        # One snapshot of the rows, then the provider's deliveries: a send still being
        # recorded is "sending" in the snapshot and may be delivered by then (counting
        # "sent" and "sending" in two queries once saw it in neither).
        db.session.rollback()
        rows = db.session.execute(select(Outbound.status, Outbound.error)).all()
        delivered = [len(self.fake.sent_to(chat)) for chat in self.chats]
        assert max(delivered) == 1, "an acknowledgement was sent twice"
        sent = sum(status in SENT for status, _ in rows)
        unsure = sum(status in ("sending", "unknown") for status, _ in rows)
        said = f"{sum(delivered)} delivered; rows: {sorted(map(tuple, rows), key=str)}"
        assert sent <= sum(delivered) <= sent + unsure, said
        assert sent >= n - unsure, said


def _through(url: str, port: int) -> str:
    parts = urlsplit(url)
    netloc = parts.netloc.rsplit("@", 1)
    host = f"127.0.0.1:{port}"
    return urlunsplit(parts._replace(netloc=f"{netloc[0]}@{host}" if len(netloc) > 1 else host))


@pytest.fixture
def desk(app, fake_telegram, tg_post, tmp_path, monkeypatch) -> Iterator[Desk]:
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    from ticketing import classifier

    classifier.classifier()  # trained in MODEL_DIR before the workers load it
    redis = PrivateRedis()
    redis.start()
    postgres = url.startswith("postgresql")
    proxy = Proxy(urlsplit(url).port or 5432) if postgres else None
    cfg = app.config
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DATABASE_URL": _through(url, proxy.port) if proxy is not None else url,
        "REDIS_URL": redis.url,
        "SECRET_KEY": cfg["SECRET_KEY"],
        "PUBLIC_BASE_URL": cfg["PUBLIC_BASE_URL"],
        "TELEGRAM_BOT_TOKEN": cfg["TELEGRAM_BOT_TOKEN"],
        "TELEGRAM_API_BASE_URL": cfg["TELEGRAM_API_BASE_URL"],
        "TELEGRAM_WEBHOOK_SECRET": cfg["TELEGRAM_WEBHOOK_SECRET"],
        "MODEL_DIR": cfg["MODEL_DIR"],
        "MEDIA_DIR": cfg["MEDIA_DIR"],
        "ADUAN_VAR_DIR": str(tmp_path),
        "INBOUND_LEASE_SECONDS": str(LEASE),
        "RATELIMIT_STORAGE_URI": "memory://",
        "NO_PROXY": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
    }
    monkeypatch.setitem(app.config, "INBOUND_LEASE_SECONDS", LEASE)
    monkeypatch.setitem(app.config, "INBOUND_RETRY_SECONDS", 1)
    monkeypatch.setitem(app.config, "CLOCK_INTERVAL_SECONDS", 1)
    monkeypatch.setitem(app.config, "INBOUND_WAKE_ASYNC", True)  # as in production
    own_redis = app.extensions["redis"]
    app.extensions["redis"] = Redis.from_url(redis.url, socket_timeout=2, socket_connect_timeout=1)
    workers = Workers(env, tmp_path)
    senders = Workers(env, tmp_path, ("--role", "sends", "--threads", "8"), name="sends")
    stop = threading.Event()
    ticker = threading.Thread(target=clock.run, args=(app, stop), daemon=True)
    ticker.start()
    try:
        yield Desk(app, redis, proxy, workers, fake_telegram, tg_post, senders)
    finally:
        stop.set()
        ticker.join(10)
        workers.kill_all()
        senders.kill_all()
        if proxy is not None:
            proxy.close()
        redis.stop()
        app.extensions["redis"] = own_redis
