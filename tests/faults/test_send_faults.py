"""The outbound side under faults: every acknowledgement reaches its citizen once, or
is "unknown" for an agent when its outcome truly is; never lost, never sent twice.
The sends worker killed with sends in flight, the database cut mid-send, Redis lost with
sends queued and scheduled, a provider slower than the client's timeout. Real worker
processes (one `all`, one `sends --threads 8`), the fake Telegram counting deliveries."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta

import pytest

from aduan.extensions import db
from aduan.queue import JOBS_PER_COMMIT
from tests.faults.conftest import SENT, Desk, count
from tests.faults.harness import wait_for
from ticketing import outbox_sweep
from ticketing.models import Outbound, utcnow

THREADS = 8  # RQ workers of one `sends` process
HOLD = 2.0  # seconds the fake holds a late answer
# Sends held at once before the kill: one commit's sends share JOBS_PER_COMMIT jobs
# (aduan/queue.py), so a quiet machine's single commit of 20 acks holds no more.
IN_FLIGHT = min(3, JOBS_PER_COMMIT)


@pytest.fixture
def sends(desk: Desk) -> Iterator[Desk]:
    """The desk with one `all` worker (intake) and one `sends` process, ready; the fake's
    injected late answers and failures are forgotten afterwards."""
    desk.want, desk.want_senders = 1, 1
    yield desk
    with desk.fake._lock:
        desk.fake._late.clear()
        desk.fake._failures.clear()


def _start(desk: Desk) -> None:
    desk.supervise()
    desk.ready(desk.want + THREADS)


def _calm(desk: Desk) -> None:
    """Waits until no send is still held by a live worker (the fake's late answers are
    over), then lets the stuck-sending sweeper see the rest as if stuck_after() passed."""
    wait_for(lambda: not desk.fake._late.get("sendmessage"), "the late answers", 30)
    time.sleep(HOLD + 1)  # the last held answer
    with desk.app.app_context():
        outbox_sweep.mark_stuck_sending(
            utcnow() + outbox_sweep.stuck_after() + timedelta(seconds=5)
        )
        db.session.remove()


def _accounted(desk: Desk) -> int:
    """Each citizen's acknowledgement: sent and delivered once, or "unknown" and
    delivered at most once; never delivered twice, never missing without a trace.
    Returns how many citizens have none (each of them "unknown", for an agent)."""
    db.session.rollback()
    rows = {r.recipient: r.status for r in db.session.query(Outbound).filter_by(purpose="ack")}
    missing = 0
    for chat, n in zip(desk.chats, _delivered(desk), strict=True):
        status = rows[str(chat)]
        assert status in (*SENT, "unknown"), (chat, status)
        assert n == 1 if status in SENT else n <= 1, (chat, status, n)
        missing += n == 0
    return missing


def _delivered(desk: Desk) -> list[int]:
    return [len(desk.fake.sent_to(chat)) for chat in desk.chats]


def _statuses() -> dict[str, int]:
    return {
        s: count(Outbound, Outbound.status == s)
        for s in (*SENT, "pending", "sending", "unknown", "failed")
    }


def _no_resend_later(desk: Desk) -> None:
    """The sweepers, an hour later, send nothing again."""
    before = sum(_delivered(desk))
    with desk.app.app_context():
        later = utcnow() + timedelta(hours=1)
        outbox_sweep.requeue_due(later)
        outbox_sweep.mark_stuck_sending(later)
        db.session.remove()
    time.sleep(2)
    assert sum(_delivered(desk)) == before


def test_the_sends_worker_killed_mid_send_sends_nothing_twice(sends: Desk):
    desk = sends
    _start(desk)
    desk.fake.answer_late("sendMessage", HOLD, times=THREADS)  # sends held in flight
    desk.send(20)
    wait_for(
        lambda: count(Outbound, Outbound.status == "sending") >= IN_FLIGHT, "sends in flight", 20
    )
    desk.workers.kill(desk.senders.alive()[0])  # kill -9, its threads mid-send
    in_flight = count(Outbound, Outbound.status == "sending")
    desk.supervise()
    desk.send(10)  # and more keeps arriving
    desk.settle()
    _calm(desk)
    desk.assert_exactly_once()
    states = _statuses()
    assert states["pending"] == states["sending"] == states["failed"] == 0, states
    assert 1 <= states["unknown"] <= in_flight, states  # the killed sends, for an agent
    # a send killed between its claim and the provider reached nobody, and says so
    lost = _accounted(desk)
    assert lost <= states["unknown"]
    _no_resend_later(desk)


def test_the_database_cut_mid_send_sends_nothing_twice(sends: Desk):
    desk = sends
    if desk.proxy is None:
        pytest.skip("the database going away needs a network database: PostgreSQL tier")
    _start(desk)
    desk.fake.answer_late("sendMessage", HOLD, times=THREADS)
    desk.send(20)
    wait_for(
        lambda: count(Outbound, Outbound.status == "sending") >= IN_FLIGHT, "sends in flight", 20
    )
    desk.proxy.cut()  # the held sends are answered while the database is away
    time.sleep(4)
    desk.proxy.restore()
    desk.send(5)
    desk.settle()
    sending = lambda: count(Outbound, Outbound.status == "sending")  # noqa: E731
    try:  # each held send records within RECORD_PATIENCE (30 s), on a busy CI machine too
        wait_for(lambda: sending() == 0, "every send recorded", 60)
    except AssertionError as exc:
        raise AssertionError(f"{exc}: {sending()} still sending\n{desk.tails()}") from None
    _calm(desk)
    desk.assert_exactly_once()
    states = _statuses()
    # the workers knew what each send did: they waited for the database to record it
    assert states["unknown"] == states["pending"] == states["sending"] == 0, states
    assert states["failed"] == 0 and sum(states[s] for s in SENT) == 25, states
    assert _accounted(desk) == 0 and _delivered(desk) == [1] * 25
    _no_resend_later(desk)


def test_redis_lost_with_sends_queued_and_scheduled_loses_none(sends: Desk):
    desk = sends
    _start(desk)
    for _ in range(5):  # five acks fail at the provider (5xx): retried in 10 s, by RQ's
        desk.fake.fail_next("sendMessage", 500)  # scheduler, from Redis
    desk.fake.answer_late("sendMessage", HOLD, times=THREADS)  # the others queue up behind
    desk.send(25)
    wait_for(lambda: count(Outbound, Outbound.purpose == "ack") == 25, "every ack row", 30)
    wait_for(lambda: count(Outbound, Outbound.attempts > 0) >= 10, "the first sends", 20)
    desk.redis.stop()  # queued and scheduled send jobs are gone with it
    time.sleep(4)  # the sends in flight end (the database records them)
    desk.redis.start()
    desk.settle()
    _calm(desk)
    desk.assert_exactly_once()
    states = _statuses()
    assert states["unknown"] == states["pending"] == states["sending"] == 0, states
    assert sum(states[s] for s in SENT) == 25
    assert _accounted(desk) == 0 and _delivered(desk) == [1] * 25
    _no_resend_later(desk)


def test_a_provider_slower_than_the_timeout_leaves_unknown_sent_once(sends: Desk):
    desk = sends
    desk.workers.env["SEND_TIMEOUT_SECONDS"] = "1"
    _start(desk)
    desk.fake.answer_late("sendMessage", 2.5, times=5)  # taken, answered too late
    desk.send(15)
    desk.settle()
    _calm(desk)
    desk.assert_exactly_once()
    states = _statuses()
    assert states["unknown"] == 5 and sum(states[s] for s in SENT) == 10, states
    assert _accounted(desk) == 0 and _delivered(desk) == [1] * 15
    _no_resend_later(desk)
