"""Several hosts: two web processes (gunicorn) and two RQ workers, separate OS processes
sharing one PostgreSQL, one Redis and an S3-compatible bucket. A burst of webhooks, each
delivered twice and to different web processes, becomes exactly one ticket and one
acknowledgement per citizen, both workers take part, and a photo stored by one worker is
served by either web process.

PostgreSQL tier only (SQLite is one machine's database by design)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from rq import Worker
from sqlalchemy import func, select

from aduan.extensions import db
from aduan.queue import redis_conn
from tests.conftest import TEST_REDIS_URL
from tests.factories import png
from tests.inbox.helpers import csrf, make_user
from tests.ticketing.helpers import new_chat_id
from ticketing.models import Attachment, InboundEvent, Outbound, Ticket

BURST = 24
PNG = png((64, 64), 7)
DEADLINE = 120  # seconds for the whole burst; the processes usually need a few


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(check: Any, what: str, seconds: float = DEADLINE) -> None:
    """Polls `check` (real processes work at their own pace) until it is true."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check():
            return
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def desk(app, fake_telegram, s3_media, tmp_path) -> Iterator[dict[str, Any]]:
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("several hosts share PostgreSQL; runs on the PostgreSQL tier")
    from ticketing import classifier

    classifier.classifier()  # trained once in MODEL_DIR before the workers load it
    cfg = app.config
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DATABASE_URL": cfg["SQLALCHEMY_DATABASE_URI"],
        "REDIS_URL": TEST_REDIS_URL,
        "SECRET_KEY": cfg["SECRET_KEY"],
        "PUBLIC_BASE_URL": cfg["PUBLIC_BASE_URL"],
        "SESSION_COOKIE_SECURE": "0",  # the test reaches the webs over plain http
        "TELEGRAM_BOT_TOKEN": cfg["TELEGRAM_BOT_TOKEN"],
        "TELEGRAM_API_BASE_URL": cfg["TELEGRAM_API_BASE_URL"],
        "TELEGRAM_WEBHOOK_SECRET": cfg["TELEGRAM_WEBHOOK_SECRET"],
        "MEDIA_STORAGE_URL": cfg["MEDIA_STORAGE_URL"],
        "MODEL_DIR": cfg["MODEL_DIR"],
        "ADUAN_VAR_DIR": str(tmp_path),
        "RATELIMIT_STORAGE_URI": "memory://",
        "NO_PROXY": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
    }
    ports = [_free_port(), _free_port()]
    python = sys.executable
    web = [
        "--workers",
        "1",
        "--threads",
        "4",
        "--worker-class",
        "gthread",
        "--log-level",
        "warning",
    ]
    commands = [
        [python, "-m", "gunicorn", "aduan.wsgi:app", "--bind", f"127.0.0.1:{port}", *web]
        for port in ports
    ]
    commands += [[python, "-m", "aduan", "worker"] for _ in range(2)]
    logs = [open(tmp_path / f"proc{n}.log", "w") for n in range(len(commands))]  # noqa: SIM115
    procs = [
        subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
        for cmd, log in zip(commands, logs, strict=True)
    ]
    urls = [f"http://127.0.0.1:{port}" for port in ports]

    def up() -> bool:
        for proc in procs:
            assert proc.poll() is None, "a process died: " + _tails(tmp_path)
        try:
            return all(requests.get(f"{u}/healthz", timeout=1).ok for u in urls)
        except requests.RequestException:  # still booting
            return False

    try:
        _wait(up, "two web processes", 90)
        _wait(lambda: len(Worker.all(connection=redis_conn(app))) == 2, "two workers", 90)
        yield {"urls": urls, "procs": procs, "logs": tmp_path}
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        for log in logs:
            log.close()


def _tails(path: Any) -> str:
    return "\n".join(p.read_text()[-1500:] for p in sorted(path.glob("proc*.log")))


def _count(model: Any, *where: Any) -> int:
    db.session.rollback()  # see what the other processes committed
    stmt = select(func.count()).select_from(model)
    for clause in where:
        stmt = stmt.where(clause)
    return db.session.execute(stmt).scalar_one()


def test_two_webs_and_two_workers_process_a_burst_once_and_share_media(desk, app, fake_telegram):
    urls = desk["urls"]
    headers = {"X-Telegram-Bot-Api-Secret-Token": app.config["TELEGRAM_WEBHOOK_SECRET"]}
    chats = [new_chat_id() for _ in range(BURST)]
    updates = [
        fake_telegram.citizen_sends(chat, first_name="Warga", text=f"Lampu PJU mati di gang {n}")[
            "update"
        ]
        for n, chat in enumerate(chats)
    ]
    photo_chat = new_chat_id()
    updates.append(fake_telegram.citizen_sends(photo_chat, first_name="Rina", photo=PNG)["update"])
    for n, update in enumerate(updates):  # each one twice, to both web processes
        for url in (urls[n % 2], urls[(n + 1) % 2]):
            answer = requests.post(
                f"{url}/webhooks/telegram", json=update, headers=headers, timeout=10
            )
            assert answer.status_code == 200, answer.text

    def settled() -> bool:
        pending = _count(InboundEvent, InboundEvent.processed_at.is_(None))
        unsent = _count(Outbound, Outbound.status.in_(("pending", "sending")))
        stored = _count(Attachment, Attachment.status == "stored")
        return pending == 0 and unsent == 0 and stored == 1

    _wait(settled, "the burst to be processed")
    assert _count(InboundEvent) == len(updates)
    assert _count(Ticket) == len(updates)
    for chat in [*chats, photo_chat]:
        assert len(fake_telegram.sent_to(chat)) == 1, f"chat {chat} got a duplicate or nothing"
    jobs = [w.successful_job_count for w in Worker.all(connection=redis_conn(app))]
    assert len(jobs) == 2 and all(n > 0 for n in jobs), jobs

    photo = db.session.execute(select(Attachment)).scalar_one()
    agent = make_user()
    session = requests.Session()
    page = session.get(f"{urls[0]}/login", timeout=10).text
    login = session.post(
        f"{urls[0]}/login",
        data={"email": agent.email, "password": "rahasia-123", "csrf_token": csrf(page)},
        timeout=10,
        allow_redirects=False,
    )
    assert login.status_code == 302
    for url in urls:  # one session cookie, either web process, the same bytes
        answer = session.get(f"{url}/media/{photo.id}", timeout=10)
        assert answer.status_code == 200 and answer.content == PNG
