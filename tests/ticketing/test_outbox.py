"""The outbox: rows first, sent once, retried with back-off, permanent errors kept."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from aduan.extensions import db
from aduan.queue import SWEEP_PATIENCE, get_queue
from tests.ticketing.helpers import new_chat_id
from ticketing import contacts, outbox, outbox_sweep
from ticketing.inbound import statuses
from ticketing.models import Outbound, utcnow


def queued_row(text: str = "Halo dari Media Center") -> tuple[Outbound, int]:
    chat_id = new_chat_id()
    identity = contacts.resolve("telegram", str(chat_id), "Warga", utcnow())
    row = outbox.to_identity(identity, text, purpose="reply")
    db.session.commit()
    return row, chat_id


def test_a_row_is_sent_once_after_commit(app, drain, fake_telegram):
    row, chat_id = queued_row()
    assert drain() == 1
    db.session.refresh(row)
    assert row.status == "sent" and row.attempts == 1 and row.sent_at is not None
    assert [m["text"] for m in fake_telegram.sent_to(chat_id)] == ["Halo dari Media Center"]


def test_two_jobs_for_the_same_row_send_it_once(app, drain, fake_telegram):
    row, chat_id = queued_row()
    assert outbox.send_outbound(row.id) == "sent"
    assert outbox.send_outbound(row.id) == "skipped"
    drain()
    assert len(fake_telegram.sent_to(chat_id)) == 1


def test_rolled_back_rows_are_never_sent(app, drain, fake_telegram):
    chat_id = new_chat_id()
    identity = contacts.resolve("telegram", str(chat_id), "Warga", utcnow())
    db.session.commit()
    outbox.to_identity(identity, "tidak jadi", purpose="reply")
    db.session.rollback()
    assert drain() == 0
    assert fake_telegram.sent_to(chat_id) == []


def test_blocked_bot_is_permanent_and_marks_the_citizen_unreachable(app, drain, fake_telegram):
    row, _ = queued_row()
    fake_telegram.fail_next("sendMessage", 403)
    drain()
    db.session.refresh(row)
    assert row.status == "failed" and row.attempts == 1 and row.error_code == "403"
    assert row.identity_id is not None
    from ticketing.models import Identity

    assert db.session.get(Identity, row.identity_id).unreachable_at is not None


def test_server_error_is_retried_with_back_off(app, drain, fake_telegram):
    row, chat_id = queued_row()
    fake_telegram.fail_next("sendMessage", 500)
    before = utcnow()
    drain()
    db.session.refresh(row)
    assert row.status == "pending" and row.attempts == 1
    assert row.next_attempt_at >= before + timedelta(seconds=outbox.BACKOFF_SECONDS[0] - 1)
    assert outbox.send_outbound(row.id) == "skipped"  # not due yet
    assert outbox.send_outbound(row.id, now=row.next_attempt_at) == "sent"
    assert len(fake_telegram.sent_to(chat_id)) == 1


def test_rate_limit_waits_as_long_as_telegram_asks(app, drain, fake_telegram):
    row, _ = queued_row()
    fake_telegram.fail_next("sendMessage", 429, retry_after=42)
    before = utcnow()
    drain()
    db.session.refresh(row)
    assert row.status == "pending"
    assert row.next_attempt_at >= before + timedelta(seconds=41)


def test_gives_up_after_the_last_attempt(app, fake_telegram):
    row, _ = queued_row()
    now = utcnow()
    for _ in range(outbox.MAX_ATTEMPTS):
        fake_telegram.fail_next("sendMessage", 500)
        now = now + timedelta(hours=2)
        outbox.send_outbound(row.id, now=now)
    db.session.refresh(row)
    assert row.status == "failed" and row.attempts == outbox.MAX_ATTEMPTS


def test_same_dedupe_key_queues_one_row(app):
    chat_id = new_chat_id()
    identity = contacts.resolve("telegram", str(chat_id), "Warga", utcnow())
    first = outbox.to_identity(identity, "a", purpose="ack", dedupe_key="ack-1")
    second = outbox.to_identity(identity, "b", purpose="ack", dedupe_key="ack-1")
    db.session.commit()
    assert first.id == second.id
    assert len(db.session.execute(select(Outbound)).scalars().all()) == 1


def test_sweeper_sends_rows_whose_job_was_lost(app, drain, fake_telegram):
    row, chat_id = queued_row()
    app.extensions["redis"].flushdb()  # the job is gone (Redis restarted empty)
    assert outbox_sweep.requeue_due(utcnow()) == 0  # not overdue yet
    assert outbox_sweep.requeue_due(utcnow() + timedelta(minutes=2)) == 1
    drain()
    assert len(fake_telegram.sent_to(chat_id)) == 1


def test_the_sweeper_does_not_pile_up_jobs_while_sends_wait(app, drain, fake_telegram):
    """No worker takes the sends for a while (stopped, or a long backlog): each tick of
    the sweeper used to add one more job per row; one waits per row, and it is renewed
    only when it has waited past SWEEP_PATIENCE."""
    rows = [queued_row() for _ in range(3)]
    queue = get_queue(outbox.queue_for(rows[0][0]))
    before = queue.count  # the rows' own jobs
    start = utcnow() + timedelta(minutes=2)
    ticks = [outbox_sweep.requeue_due(start + timedelta(seconds=15 * n)) for n in range(8)]
    assert ticks == [3, 0, 0, 0, 0, 0, 0, 0] and queue.count == before + 3
    assert outbox_sweep.requeue_due(utcnow() + SWEEP_PATIENCE + timedelta(minutes=1)) == 3
    drain()
    assert all(len(fake_telegram.sent_to(chat_id)) == 1 for _, chat_id in rows)


def test_rows_stuck_in_sending_become_unknown_not_resent(app):
    row, _ = queued_row()
    row.status, row.updated_at = "sending", utcnow() - timedelta(minutes=30)
    db.session.commit()
    assert outbox_sweep.mark_stuck_sending(utcnow()) == 1
    db.session.refresh(row)
    assert row.status == "unknown"


def test_delivery_status_only_moves_forward(app):
    row, _ = queued_row()
    row.status, row.provider_id = "sent", "p-1"
    db.session.commit()
    assert statuses.advance("p-1", "read")
    assert not statuses.advance("p-1", "delivered")
    assert db.session.get(Outbound, row.id).status == "read"


def test_a_failure_on_our_side_does_not_mark_the_citizen_unreachable(app):
    from ticketing.models import Identity

    identity = contacts.resolve("line", "U123", "Warga", utcnow())  # no adapter for "line"
    row = outbox.to_identity(identity, "halo", purpose="reply")
    db.session.commit()
    assert outbox.send_outbound(row.id) == "failed"
    db.session.refresh(row)
    assert row.error_code == "config"
    assert db.session.get(Identity, identity.id).unreachable_at is None
