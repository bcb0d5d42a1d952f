"""Priorities: acknowledgements, emergency alerts and 112 replies go to `urgent`, which
every worker takes first, and the `sends` worker never takes intake; every job's record
expires (no unbounded growth of job results in Redis)."""

from __future__ import annotations

import os
import signal
import threading
import time

from rq.job import Job

from aduan.extensions import db
from aduan.queue import RESULT_TTL, ROLES, enqueue, get_queue, redis_conn
from aduan.worker import IDLE_LOOK, make_worker, run
from tests.ticketing.helpers import Citizen
from ticketing import outbox
from ticketing.models import Outbound


def test_the_ack_is_sent_from_urgent_and_officers_are_notified_from_notify(
    app, fake_telegram, tg_post, drain
):
    citizen = Citizen(fake_telegram, tg_post, drain)
    citizen.says("Lampu PJU di Jl. Kenjeran mati tiga malam")
    rows = db.session.query(Outbound).all()
    queues = {row.purpose: outbox.queue_for(row) for row in rows}
    assert queues["ack"] == "urgent"
    assert queues.get("officer_notify", "notify") == "notify"
    reply = Outbound(channel="telegram", recipient="1", text="x", purpose="reply")
    assert outbox.queue_for(reply) == "send"
    alert = Outbound(channel="sms", recipient="1", text="x", purpose="emergency_alert")
    alert.officer_id, alert.priority = 7, "high"
    assert outbox.queue_for(alert) == "urgent"


def test_emergency_replies_and_alerts_go_urgent(app, fake_telegram, tg_post, drain):
    from ticketing import actions
    from ticketing.models import Officer, Ticket

    db.session.add(
        Officer(group_code="DESK112", name="Operator 112", channel="telegram", address="911112")
    )
    db.session.commit()
    citizen = Citizen(fake_telegram, tg_post, drain)
    citizen.says("TOLONG ada kebakaran rumah di Jl. Kapasari gang 3, apinya sudah besar!!")
    rows = {row.purpose: row for row in db.session.query(Outbound)}
    assert outbox.queue_for(rows["emergency"]) == "urgent"  # "call 112" to the citizen
    assert outbox.queue_for(rows["emergency_alert"]) == "urgent"  # the 112 desk
    ticket = db.session.query(Ticket).one()
    row = actions._tell(ticket, "progress", "progress", opd="112", text="Petugas menuju lokasi")
    assert row is not None and outbox.queue_for(row) == "urgent"  # a 112 reply


def touch(name: str) -> str:
    redis_conn().rpush("test:ran", name)
    return name


def test_urgent_jobs_jump_the_intake_backlog_and_sends_never_take_intake(app):
    for n in range(20):
        enqueue(touch, f"intake-{n}", queue="intake")
    enqueue(touch, "ack", queue="urgent")
    sends = make_worker(app, role="sends")
    sends.work(burst=True, logging_level="WARNING")
    assert [x.decode() for x in redis_conn().lrange("test:ran", 0, -1)] == ["ack"]
    assert get_queue("intake").count == 20  # left for the intake workers
    enqueue(touch, "ack-2", queue="urgent")
    worker = make_worker(app, role="all")
    worker.work(burst=True, max_jobs=1, logging_level="WARNING")  # one job: the urgent one
    assert redis_conn().lrange("test:ran", 0, -1)[-1] == b"ack-2"
    assert "intake" not in ROLES["sends"] and ROLES["all"][0] == "urgent"


def test_a_finished_job_leaves_nothing_in_redis(app):
    # Kept for a minute, the records of a flood's sends were most of Redis's memory.
    assert RESULT_TTL == 0
    enqueue(touch, "once", queue="send", job_id="ttl-check")
    make_worker(app).work(burst=True, logging_level="WARNING")
    assert redis_conn().lrange("test:ran", 0, -1) == [b"once"]
    assert not redis_conn().exists(Job.key_for("ttl-check"))
    assert not redis_conn().keys("rq:results:*")


def slow_send(name: str) -> None:
    started = time.monotonic()
    time.sleep(0.4)  # a provider taking its time to answer
    redis_conn().rpush("test:spans", f"{name} {started} {time.monotonic()}")


def test_the_sends_process_runs_workers_side_by_side_and_stops_on_sigterm(app):
    for n in range(8):
        enqueue(slow_send, f"ack-{n}", queue="urgent")
    saved = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    timer = threading.Timer(2.5, os.kill, (os.getpid(), signal.SIGTERM))
    timer.start()
    asked = time.monotonic() + 2.5
    try:
        run(app, role="sends", threads=4)  # returns once its threads stopped
    finally:
        timer.cancel()
        signal.signal(signal.SIGTERM, saved[0])
        signal.signal(signal.SIGINT, saved[1])
    stopped_after = time.monotonic() - asked
    spans = [row.decode().split() for row in redis_conn().lrange("test:spans", 0, -1)]
    assert sorted(name for name, _, _ in spans) == [f"ack-{n}" for n in range(8)]
    times = sorted((float(a), float(b)) for _, a, b in spans)
    overlapping = max(sum(1 for a, b in times if a <= start < b) for start, _ in times)
    assert overlapping >= 2  # sends waited on the provider at the same time
    assert get_queue("urgent").count == 0
    assert stopped_after < IDLE_LOOK + 3  # idle threads saw the stop within their look


def test_a_stop_asked_before_rq_took_the_signals_still_stops_the_worker(app):
    """SIGTERM while a new worker waited for Redis or registered reached run's handler,
    not RQ's: the worker must still stop instead of working on until a second signal."""
    stop = threading.Event()
    stop.set()
    worker = make_worker(app, role="intake")
    worker.stop_event = stop
    handlers = [signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT, signal.SIGALRM)]

    def hung(_signum, _frame):
        raise TimeoutError("the worker did not stop")

    signal.signal(signal.SIGALRM, hung)
    signal.alarm(15)
    try:
        worker.work(burst=False, logging_level="WARNING")  # else it waits for jobs for ever
    finally:
        signal.alarm(0)
        signals = (signal.SIGTERM, signal.SIGINT, signal.SIGALRM)
        for number, handler in zip(signals, handlers, strict=True):
            signal.signal(number, handler)
    assert worker.stop_asked


def test_a_worker_ends_soon_after_its_last_job(app, drain):
    """RQ's command listener is stopped at every worker's end; redis-py 8.2 waits for
    it, and it looked only once a minute: a burst worker (and a stopping or reconnecting
    one) hung for up to 60 s, about every second time."""
    for _ in range(4):
        enqueue("time.sleep", 0.3, queue="low")  # the listener is waiting when it ends
        started = time.monotonic()
        assert drain() == 1
        assert time.monotonic() - started < 10


def test_an_idle_worker_keeps_waiting_on_a_connection_made_before_it(app):
    """A connection the app made before the worker (5-s socket timeout) must carry the
    worker's waits for jobs: it timed out in RQ's 405-s BLPOP, and the worker quit
    ("Redis connection timeout") every few seconds while the desk was idle."""
    pool = redis_conn(app).connection_pool  # holds connections with the app's timeout,
    made = [pool.get_connection() for _ in range(3)]  # as when threads shared it before
    for connection in made:
        pool.release(connection)
    worker = make_worker(app, role="sends")
    handlers = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    timer = threading.Timer(6.0, os.kill, (os.getpid(), signal.SIGTERM))
    timer.start()
    try:
        worker.work(burst=False, logging_level="WARNING")  # waits until the SIGTERM
    finally:
        timer.cancel()
        signal.signal(signal.SIGTERM, handlers[0])
        signal.signal(signal.SIGINT, handlers[1])
    assert worker.stop_asked  # it ended on the signal, not on a timeout before it
