"""A commit that queues many sends to one queue (an intake slice in a flood, a bulk
action) shares them out over JOBS_PER_COMMIT RQ jobs instead of one job per row: the
same parallelism for the `sends` threads, a fraction of RQ's cost per job."""

from __future__ import annotations

from sqlalchemy import select

from aduan.extensions import db
from aduan.queue import JOBS_PER_COMMIT, get_queue
from tests.ticketing.helpers import new_chat_id
from ticketing import contacts, outbox
from ticketing.models import Outbound, utcnow


def queue_rows(count: int) -> list[tuple[Outbound, int]]:
    """`count` replies to as many citizens, committed together."""
    rows = []
    for n in range(count):
        chat_id = new_chat_id()
        identity = contacts.resolve("telegram", str(chat_id), "Warga", utcnow())
        rows.append((outbox.to_identity(identity, f"Balasan {n}", purpose="reply"), chat_id))
    db.session.commit()
    return rows


def test_a_few_rows_keep_a_job_each(app):
    rows = queue_rows(JOBS_PER_COMMIT)
    jobs = get_queue("send").get_jobs()
    assert sorted(job.id for job in jobs) == sorted(f"out-{row.id}" for row, _ in rows)
    assert {job.func_name for job in jobs} == {"ticketing.outbox.send_outbound"}


def test_many_rows_share_jobs_in_order_and_each_is_sent_once(app, drain, fake_telegram):
    rows = queue_rows(3 * JOBS_PER_COMMIT + 1)
    jobs = get_queue("send").get_jobs()
    assert len(jobs) == JOBS_PER_COMMIT
    assert {job.func_name for job in jobs} == {"ticketing.outbox.send_many"}
    shared = [row_id for job in jobs for row_id in job.args[0]]
    assert shared == [row.id for row, _ in rows]  # every row once, in the commit's order
    assert jobs[0].id == f"out-{rows[0][0].id}-x3"  # the first part: 3 rows
    assert drain() == JOBS_PER_COMMIT
    for row, chat_id in rows:
        db.session.refresh(row)
        assert row.status == "sent" and row.attempts == 1
        assert [m["text"] for m in fake_telegram.sent_to(chat_id)] == [row.text]


def test_a_row_that_breaks_does_not_stop_the_rest_of_its_job(
    app, drain, fake_telegram, monkeypatch
):
    rows = queue_rows(2 * JOBS_PER_COMMIT)
    broken = rows[0][0].id
    real = outbox.send_outbound

    def send(outbound_id: int, now=None) -> str:
        if outbound_id == broken:
            raise RuntimeError("a bug in one row")
        return real(outbound_id, now)

    monkeypatch.setattr(outbox, "send_outbound", send)
    drain()
    statuses = dict(db.session.execute(select(Outbound.id, Outbound.status)).all())
    assert statuses[broken] == "pending"  # left for the sweeper (ticketing/outbox_sweep.py)
    assert all(statuses[row.id] == "sent" for row, _ in rows[1:])
    assert len(get_queue("send").failed_job_registry) == 1  # the failure is on record
    assert fake_telegram.sent_to(rows[0][1]) == []
