"""A send whose outcome is unknown is never repeated blindly: a provider that took the
message but answered after the client's timeout leaves the row "unknown" for an agent
(the citizen gets the acknowledgement once, however often the queues and sweepers run);
a provider that could not even be reached (nothing sent) is retried."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import requests
from sqlalchemy.exc import OperationalError

from aduan import clock
from aduan.extensions import db
from aduan.queue import enqueue, get_queue
from channels.base import ChannelError, OutboundMessage, maybe_sent
from channels.whatsapp_cloud import WhatsAppCloudAdapter
from tests.ticketing.helpers import Citizen, new_chat_id
from ticketing import contacts, outbox, outbox_sweep, turns
from ticketing.models import Outbound, utcnow


@pytest.fixture
def short_timeout(app: Any) -> Iterator[None]:
    """Sends wait 1 s for an answer (instead of 30), on freshly built adapters."""
    saved = app.config["SEND_TIMEOUT_SECONDS"]
    app.config["SEND_TIMEOUT_SECONDS"] = 1
    app.extensions.pop("adapters", None)
    yield
    app.config["SEND_TIMEOUT_SECONDS"] = saved
    app.extensions.pop("adapters", None)


def test_an_ack_answered_after_the_timeout_reaches_the_citizen_once(
    app, tg_post, drain, fake_telegram, short_timeout
):
    citizen = Citizen(fake_telegram, tg_post, drain)
    fake_telegram.answer_late("sendMessage", 2.5)  # sent at once, answered after 2.5 s
    citizen.says("Lampu jalan di Jalan Darmo mati sejak tiga hari")
    ack = db.session.query(Outbound).filter_by(purpose="ack").one()
    assert ack.status == "unknown" and ack.attempts == 1
    assert "delivery unknown" in ack.error

    # the queues, the scheduler and every sweeper run again, later: nothing is re-sent
    time.sleep(2)  # the fake's late answer is over
    drain(with_scheduler=True)
    clock.tick(app)
    ack.next_attempt_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    clock.tick(app)
    drain(with_scheduler=True)
    db.session.refresh(ack)
    assert ack.status == "unknown"
    assert [ack.text] == citizen.replies()  # the citizen has their number, once


def test_a_provider_that_refuses_the_connection_is_retried(app, drain, fake_telegram):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    saved = app.config["TELEGRAM_API_BASE_URL"]
    app.config["TELEGRAM_API_BASE_URL"] = f"http://127.0.0.1:{closed}/bot"
    app.extensions.pop("adapters", None)
    try:
        chat_id = new_chat_id()
        identity = contacts.resolve("telegram", str(chat_id), "Warga", utcnow())
        row = outbox.to_identity(identity, "Halo", purpose="reply")
        db.session.commit()
        drain()
    finally:
        app.config["TELEGRAM_API_BASE_URL"] = saved
        app.extensions.pop("adapters", None)
    db.session.refresh(row)
    assert row.status == "pending" and row.error_code == "network"  # nothing was sent
    row.next_attempt_at = utcnow()
    db.session.commit()
    assert outbox.send_outbound(row.id) == "sent"
    assert [m["text"] for m in fake_telegram.sent_to(chat_id)] == ["Halo"]


class _Slow(BaseHTTPRequestHandler):
    """Reads the request, then waits `delay` before answering (or hangs up)."""

    delay = 2.0
    hang_up = False

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.hang_up:  # the request arrived; the connection drops without an answer
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        time.sleep(self.delay)
        body = b'{"messages": [{"id": "wamid.X"}]}'
        with contextlib.suppress(OSError):  # the client gave up long ago
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(params=[False, True], ids=["late", "hang-up"])
def slow_graph(request: Any) -> Iterator[str]:
    handler = type("Handler", (_Slow,), {"hang_up": request.param})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_graph_sends_without_an_answer_are_unknown_and_refusals_are_not(slow_graph):
    adapter = WhatsAppCloudAdapter("token", "123", base_url=slow_graph, timeout=(1, 1))
    message = OutboundMessage(channel="whatsapp_cloud", recipient="6281234", text="Halo")
    with pytest.raises(ChannelError) as caught:
        adapter.send(message)
    assert caught.value.unknown and not caught.value.permanent

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    refused = WhatsAppCloudAdapter("token", "123", base_url=f"http://127.0.0.1:{closed}")
    with pytest.raises(ChannelError) as caught:
        refused.send(message)
    assert not caught.value.unknown and caught.value.code == "network"


def test_maybe_sent_reads_the_real_exceptions(slow_graph):
    with pytest.raises(requests.RequestException) as late:
        requests.post(slow_graph, data=b"x", timeout=(1, 0.5))
    assert maybe_sent(late.value)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    with pytest.raises(requests.ConnectionError) as refused:
        requests.post(f"http://127.0.0.1:{closed}", data=b"x", timeout=1)
    assert not maybe_sent(refused.value)


def test_a_send_cut_short_by_its_job_timeout_is_unknown_not_resent(
    app, drain, fake_telegram, monkeypatch
):
    """RQ ends a job past its timeout by raising inside it, wherever it is: a send it
    interrupts may have reached the provider (a slow provider, a message of many parts)."""
    monkeypatch.setitem(app.config, "SEND_TIMEOUT_SECONDS", 10)  # longer than the job may run
    chat_id = new_chat_id()
    identity = contacts.resolve("telegram", str(chat_id), "Warga", utcnow())
    row = outbox.to_identity(identity, "Halo", purpose="reply")
    db.session.commit()
    get_queue("send").empty()  # instead: the same send with a one-second job timeout
    enqueue(outbox.send_outbound, row.id, queue="send", job_id=f"out-{row.id}-t", timeout=1)
    fake_telegram.answer_late("sendMessage", 2.5)  # taken at once, answered too late
    drain()
    db.session.refresh(row)
    assert row.status == "unknown" and "delivery unknown" in row.error

    time.sleep(2)  # the fake's late answer is over; the sweepers, an hour later
    later = utcnow() + timedelta(hours=1)
    outbox_sweep.requeue_due(later)
    outbox_sweep.mark_stuck_sending(later)
    drain(with_scheduler=True)
    db.session.refresh(row)
    assert row.status == "unknown"
    assert [m["text"] for m in fake_telegram.sent_to(chat_id)] == ["Halo"]


def test_a_row_left_sending_by_a_dead_worker_becomes_unknown_within_minutes(app):
    """A live send ends within its job's timeout plus its wait for the database; a row
    "sending" longer than that lost its worker and goes to an agent, not ten minutes on."""
    assert outbox_sweep.stuck_after().total_seconds() <= 240
    now = utcnow()
    rows = []
    for minutes in (1, 5):
        row = Outbound(channel="telegram", recipient="42", text="Laporan diterima", purpose="ack")
        row.status, row.updated_at = "sending", now - timedelta(minutes=minutes)
        db.session.add(row)
        rows.append(row)
    db.session.commit()
    assert outbox_sweep.mark_stuck_sending(now) == 1
    db.session.expire_all()
    assert [row.status for row in rows] == ["sending", "unknown"]


def test_a_worker_frozen_past_the_sweeper_records_what_it_sent(app, fake_telegram, monkeypatch):
    """The sweeper guesses "unknown" for a row "sending" longer than stuck_after(); a
    worker frozen that long then sent it, but its "sent" was skipped: the row stayed
    "unknown", and an agent's resend would tell the citizen twice."""
    chat_id = new_chat_id()
    identity = contacts.resolve("telegram", str(chat_id), "Warga", utcnow())
    row = outbox.to_identity(identity, "Halo", purpose="reply")
    db.session.commit()
    adapter = outbox.delivery.adapter("telegram")
    send = adapter.send

    def frozen(message: OutboundMessage) -> Any:  # the worker stops here, then goes on
        later = utcnow() + outbox_sweep.stuck_after() + timedelta(minutes=1)
        assert outbox_sweep.mark_stuck_sending(later) == 1
        return send(message)

    monkeypatch.setattr(adapter, "send", frozen)
    assert outbox.send_outbound(row.id) == "sent"
    db.session.refresh(row)
    assert (row.status, row.error) == ("sent", None)
    assert [m["text"] for m in fake_telegram.sent_to(chat_id)] == ["Halo"]


@pytest.mark.parametrize("committed", [True, False], ids=["committed", "rolled-back"])
def test_a_claim_whose_commit_lost_its_answer_is_sent_once(
    app, fake_telegram, monkeypatch, committed
):
    """The database went away during the claim's COMMIT: whether it was made or not, the
    worker learns it from the row once the database answers, and sends once. Before, the
    error left a committed claim "sending", unsent, until the sweeper's "unknown"."""
    chat_id = new_chat_id()
    identity = contacts.resolve("telegram", str(chat_id), "Warga", utcnow())
    row = outbox.to_identity(identity, "Halo", purpose="reply")
    db.session.commit()
    keep, lost = turns.commit_keeping, []

    def commit_then_lose() -> None:
        if lost:
            return keep()
        lost.append(1)
        keep() if committed else db.session.rollback()
        raise OperationalError("COMMIT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(turns, "commit_keeping", commit_then_lose)
    assert outbox.send_outbound(row.id) == "sent"
    db.session.refresh(row)
    assert (row.status, row.attempts) == ("sent", 1)
    assert [m["text"] for m in fake_telegram.sent_to(chat_id)] == ["Halo"]
