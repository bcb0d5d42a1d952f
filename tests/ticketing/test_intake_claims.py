"""Intake by claims: the stored event decides what is still to do, workers claim batches
with a lease, failures go back with back-off and end on /admin, late events raise the
alert (both backends)."""

from __future__ import annotations

import json
import time
from datetime import timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError

from aduan import clock
from aduan.extensions import db
from tests.inbox.helpers import login, make_user
from tests.ticketing.helpers import Citizen, count
from ticketing import ingest as ingest_module
from ticketing.inbound import claims, events, jobs
from ticketing.models import (
    LANE_ALARM,
    LANE_REST,
    LANE_STATUS,
    InboundEvent,
    Message,
    Outbound,
    Ticket,
    utcnow,
)


def waiting_events(citizen: Citizen, n: int) -> list[int]:
    for i in range(n):
        citizen.says(f"Lampu jalan mati di gang {i + 1} Kenjeran", process=False)
    return list(db.session.execute(select(InboundEvent.id).order_by(InboundEvent.id)).scalars())


@pytest.fixture
def citizen(fake_telegram, tg_post, drain):
    return Citizen(fake_telegram, tg_post, drain)


def test_two_claims_never_share_an_event_and_a_lease_ends(app, citizen):
    ids = waiting_events(citizen, 5)
    now = utcnow()
    first_token, first = claims.claim(now, 3)
    second_token, second = claims.claim(now, 3)
    assert first == ids[:3] and second == ids[3:] and first_token != second_token
    assert claims.claim(now, 10)[1] == []
    later = now + timedelta(seconds=app.config["INBOUND_LEASE_SECONDS"] + 1)
    _, again = claims.claim(later, 10)  # a killed worker's events come back
    assert again == ids


def test_a_possible_emergency_is_claimed_before_an_older_backlog(
    app, citizen, fake_telegram, tg_post, drain
):
    """In a flood the 112 reply must not wait for the backlog: a payload with words of an
    emergency goes in the first lane, whatever the channel's encoding."""
    backlog = waiting_events(citizen, 4)
    caller = Citizen(fake_telegram, tg_post, drain, name="Rina")
    caller.says("TOLONG rumah tetangga KEBAKARAN, apinya besar!!", process=False)
    lanes = dict(db.session.execute(select(InboundEvent.id, InboundEvent.lane)).all())
    (alarm,) = set(lanes) - set(backlog)
    assert lanes[alarm] == LANE_ALARM and {lanes[i] for i in backlog} == {LANE_REST}
    _, first = claims.claim(utcnow(), 2)
    assert first == [alarm, backlog[0]]  # the alarm, then the oldest
    db.session.execute(update(InboundEvent).values(claim_token=None, claimed_until=None))
    db.session.commit()  # given back: a worker's run takes them in the same order
    drain()
    assert "112" in caller.replies()[0]
    numbers = db.session.execute(select(Ticket.number, Ticket.kind).order_by(Ticket.id)).all()
    assert numbers[0].kind == "emergency"  # processed first: the first number of the run


def test_words_of_an_emergency_in_every_message_never_starve_the_rest(
    app, citizen, fake_telegram, tg_post, drain
):
    """Someone sending 'darurat' in every message: the first lane takes at most half of
    each claim, so the older backlog still moves."""
    backlog = waiting_events(citizen, 3)
    spammer = Citizen(fake_telegram, tg_post, drain, name="Spam")
    for i in range(6):
        spammer.says(f"DARURAT promo pulsa murah {i}", process=False)
    alarms = [i for i in waiting_events(citizen, 0) if i not in backlog]
    _, first = claims.claim(utcnow(), 4)
    assert first == [*alarms[:2], *backlog[:2]]
    _, second = claims.claim(utcnow(), 4)
    assert second == [*alarms[2:4], backlog[2], alarms[4]]  # no backlog left: more alarms
    _, third = claims.claim(utcnow(), 4)
    assert third == [alarms[5]]


@pytest.mark.parametrize(
    ("payload", "lane"),
    [
        ("From=whatsapp%3A%2B6281&Body=Tolong+ada+orang+tenggelam+di+kali", LANE_ALARM),
        ('{"text": "Ada kecelakaan motor di Jl. Ahmad Yani"}', LANE_ALARM),
        ('{"text": "mbah pingsan gak sadar2"}', LANE_ALARM),
        ('{"text": "Lampu jalan mati di gang 3 Kenjeran"}', LANE_REST),
        ("From=%2B6281&Body=Sampah+belum+diangkut", LANE_REST),
    ],
)
def test_the_lane_is_read_from_the_raw_payload(payload, lane):
    assert events.lane(payload) == lane


def stored_statuses(n: int) -> list[int]:
    """n Twilio delivery callbacks stored as the webhook stores them."""
    for i in range(n):
        events.store(
            "twilio_status", f"SM{i}:delivered", f"MessageSid=SM{i}&MessageStatus=delivered"
        )
    picked = select(InboundEvent.id).where(InboundEvent.channel == "twilio_status")
    return list(db.session.execute(picked.order_by(InboundEvent.id)).scalars())


def test_delivery_statuses_wait_behind_newer_messages_but_keep_a_share(app, citizen):
    """A flood's "delivered" callbacks must not delay citizens' acknowledgements: they
    are claimed after the messages, yet one in eight of a claim stays theirs, so a
    failure that makes the desk send a template is not held back by a long flood."""
    statuses = stored_statuses(3)
    messages = waiting_events(citizen, 10)[3:]
    _, first = claims.claim(utcnow(), 8)
    assert first == [*messages[:7], statuses[0]]
    _, second = claims.claim(utcnow(), 8)
    assert second == [*messages[7:], *statuses[1:]]  # no backlog left: all the statuses


@pytest.mark.parametrize(
    ("route", "payload"),
    [
        ("twilio_status", "MessageSid=SM1&MessageStatus=delivered"),
        (
            "whatsapp_cloud",
            '{"entry": [{"changes": [{"field": "messages", "value": '
            '{"statuses": [{"id": "wamid.1", "status": "read"}]}}]}]}',
        ),
    ],
)
def test_a_payload_of_delivery_statuses_only_goes_in_the_last_lane(route, payload):
    assert events.lane(payload, route) == LANE_STATUS


def test_a_whatsapp_body_with_a_message_is_not_a_status(app):
    body = (
        '{"entry": [{"changes": [{"field": "messages", "value": {"statuses": [], '
        '"messages": [{"text": {"body": "Tolong ada kebakaran"}}]}}]}]}'
    )
    assert events.lane(body, "whatsapp_cloud") == LANE_ALARM
    assert (
        events.lane(body.replace("Tolong ada kebakaran", "jalan rusak"), "whatsapp_cloud")
        == LANE_REST
    )


BOLD = "".join(chr(0x1D41A + ord(c) - 97) for c in "kebakaran")


@pytest.mark.parametrize(
    ("text", "lane"),
    [
        ("Ada keb\u00adakaran di gang 3", LANE_ALARM),  # soft hyphen
        ("Ada keba\u200bkaran di gang 3", LANE_ALARM),  # zero-width space
        ("Ada keb\u0430karan di gang 3", LANE_ALARM),  # Cyrillic a
        ("T\u041eLONG orang T\u0415NGG\u0415LAM", LANE_ALARM),  # Cyrillic O and E
        ("Ada keba\u0301karan", LANE_ALARM),  # a combining accent
        ("Ada \uff4b\uff45\uff42\uff41\uff4b\uff41\uff52\uff41\uff4e", LANE_ALARM),
        (f"Ada {BOLD} di gang 3", LANE_ALARM),  # two escapes (a surrogate pair) a letter
        ("Lampu jalan mati \U0001f621 di gang 3", LANE_REST),
        ("\u041f\u043e\u0436\u0430\u0440 \u0432 \u0434\u043e\u043c\u0435", LANE_REST),
    ],
)
@pytest.mark.parametrize("escaped", [True, False], ids=["escaped", "utf8"])
def test_an_alarm_word_hidden_by_an_unseen_or_look_alike_character_is_in_the_first_lane(
    text, lane, escaped
):
    """json.dumps writes "keb\\u00adakaran" (Telegram's, X's payloads), Twilio's stored
    form the characters themselves: neither hides the word from the lane."""
    assert events.lane(json.dumps({"text": text}, ensure_ascii=escaped)) == lane


def test_only_the_start_of_a_huge_payload_is_decoded_for_the_lane():
    word = json.dumps({"text": "keb\u00adakaran"})
    assert events.lane("\u00e9" + " " * (events.LANE_READ - 100) + word) == LANE_ALARM
    assert events.lane("\u00e9" + " " * events.LANE_READ + word) == LANE_REST


@pytest.mark.parametrize("text", ["TOLONG rumah tetangga KEB\u00adAKARAN", "tolong keb\u0430karan"])
def test_a_hidden_alarm_word_from_telegram_is_claimed_first_and_gets_the_112_reply(
    app, citizen, fake_telegram, tg_post, drain, text
):
    backlog = waiting_events(citizen, 2)
    caller = Citizen(fake_telegram, tg_post, drain, name="Rina")
    caller.says(text, process=False)
    (alarm,) = set(waiting_events(citizen, 0)) - set(backlog)
    assert db.session.get(InboundEvent, alarm).lane == LANE_ALARM
    assert claims.claim(utcnow(), 1)[1] == [alarm]
    db.session.execute(update(InboundEvent).values(claim_token=None, claimed_until=None))
    db.session.commit()
    drain()
    assert "112" in caller.replies()[0]


def test_a_lost_claim_processes_nothing_and_the_new_owner_processes_once(app, citizen):
    (event_id,) = waiting_events(citizen, 1)
    now = utcnow()
    old_token, _ = claims.claim(now, 1)
    later = now + timedelta(seconds=app.config["INBOUND_LEASE_SECONDS"] + 1)
    new_token, taken = claims.claim(later, 1)
    assert taken == [event_id]
    assert claims.take(event_id, old_token, later) is False
    assert claims.take(event_id, new_token, later) is True
    db.session.commit()
    assert jobs.process_event(event_id) == "skipped"


def test_a_burst_becomes_one_ticket_each_in_one_intake_run(app, fake_telegram, tg_post, drain):
    people = [Citizen(fake_telegram, tg_post, drain) for _ in range(12)]
    for n, person in enumerate(people):
        person.says(f"Sampah menumpuk di TPS blok {n} Rungkut", process=False)
    performed = drain()
    assert count(Ticket) == 12 and count(Message) == 12
    assert count(InboundEvent, InboundEvent.processed_at.is_(None)) == 0
    assert all(len(p.replies()) == 1 for p in people)
    assert performed <= 1 + 12 + 12  # one intake job, then the sends
    assert app.extensions["redis"].get(events.WAKE_KEY) is None  # cleared on its way out


def test_a_failing_event_goes_back_with_backoff_and_stops_after_the_last_attempt(
    app, citizen, monkeypatch, client
):
    good, bad = waiting_events(citizen, 2)
    real_ingest = jobs.ingest

    def broken(msg, **kwargs):
        if kwargs.get("event_id") == bad:
            raise RuntimeError("bug in a reader")
        return real_ingest(msg, **kwargs)

    monkeypatch.setattr(jobs, "ingest", broken)
    assert jobs.drain() == "1 processed, 1 failed"
    assert count(Ticket) == 1  # the good one, its savepoint kept
    event = db.session.get(InboundEvent, bad)
    db.session.refresh(event)
    assert event.processed_at is None and event.attempts == 1
    assert "bug in a reader" in event.last_error and event.claim_token is None
    assert event.claimed_until > utcnow()  # back-off: not claimable at once
    assert claims.claim(utcnow(), 10)[1] == []
    for attempt in range(2, claims.MAX_ATTEMPTS + 1):
        db.session.execute(update(InboundEvent).values(claimed_until=None))
        db.session.commit()
        jobs.drain()
        db.session.refresh(event)
        assert event.attempts == attempt
    db.session.execute(update(InboundEvent).values(claimed_until=None))
    db.session.commit()
    assert claims.claim(utcnow(), 10)[1] == []  # given up: an admin replays it
    login(client, make_user("admin", email="intake-admin@example.org"))
    page = client.get("/admin/channels/").get_data(as_text=True)
    assert "bug in a reader" in page and "tidak dicoba lagi" in page
    assert "1 pesan masuk gagal diproses" in client.get("/admin/").get_data(as_text=True)
    metrics = client.get("/metrics").get_data(as_text=True)
    assert "aduan_inbound_events_failed 1.0" in metrics
    monkeypatch.setattr(jobs, "ingest", real_ingest)
    assert good != bad


def test_a_transient_database_error_is_retried_without_counting_an_attempt(
    app, citizen, monkeypatch
):
    (event_id,) = waiting_events(citizen, 1)
    real_ingest, calls = jobs.ingest, []

    def flaky(msg, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("INSERT", {}, Exception("server closed the connection"))
        return real_ingest(msg, **kwargs)

    monkeypatch.setattr(jobs, "ingest", flaky)
    monkeypatch.setattr(jobs, "RETRY_DELAYS", (0.01,))
    assert jobs.drain() == "1 processed, 0 failed"
    event = db.session.get(InboundEvent, event_id)
    assert event.processed_at is not None and event.attempts == 1 and event.last_error is None
    assert count(Ticket) == 1 and count(Outbound) == 1


def test_an_event_a_transient_error_strikes_every_time_does_not_stall_the_rest(
    app, citizen, monkeypatch
):
    """An error that looks like the database going away (OperationalError) but comes from
    one event every time, while the database answers the rest: that event was the oldest,
    headed every batch and rolled it back, and intake stalled behind it (fault15). Struck
    twice running, it now waits a back-off (no attempt counted) while the rest go on."""
    poison, *others = waiting_events(citizen, 3)
    real_ingest = jobs.ingest

    def poisoned(msg, *, event_id, **kwargs):
        if event_id == poison:
            raise OperationalError("INSERT", {}, Exception("server closed the connection"))
        return real_ingest(msg, event_id=event_id, **kwargs)

    monkeypatch.setattr(jobs, "ingest", poisoned)
    monkeypatch.setattr(jobs, "RETRY_DELAYS", (0.01, 0.01, 0.01))
    assert jobs.drain() == "2 processed, 0 failed"
    db.session.expire_all()
    event = db.session.get(InboundEvent, poison)
    assert event.processed_at is None and event.attempts == 0 and event.claim_token is None
    assert event.claimed_until > utcnow() and "server closed" in event.last_error
    assert all(db.session.get(InboundEvent, i).processed_at is not None for i in others)
    monkeypatch.setattr(jobs, "ingest", real_ingest)  # whatever it was has passed
    db.session.execute(update(InboundEvent).values(claimed_until=None))
    db.session.commit()
    assert jobs.drain() == "1 processed, 0 failed"
    assert count(Message, Message.text.like("Lampu jalan mati di gang %")) == 3


def test_the_sweeper_wakes_a_worker_for_events_whose_wake_up_was_lost(app, citizen, drain):
    waiting_events(citizen, 2)
    app.extensions["redis"].flushdb()  # the wake-up job is gone
    assert drain() == 0 and count(Message) == 0
    db.session.rollback()
    past = utcnow() - timedelta(seconds=app.config["INBOUND_RETRY_SECONDS"] + 1)
    db.session.execute(update(InboundEvent).values(received_at=past))
    db.session.commit()
    assert clock.tick(app)["events"] == 2
    drain()  # (the tick may also poll the fakes: count this citizen's two messages only)
    assert count(Message, Message.text.like("Lampu jalan mati di gang %")) == 2
    assert (
        count(InboundEvent, InboundEvent.channel == "telegram", InboundEvent.processed_at.is_(None))
        == 0
    )


def test_late_events_raise_the_alert_on_admin_and_in_metrics(app, citizen, client):
    waiting_events(citizen, 3)
    login(client, make_user("admin", email="late-admin@example.org"))
    assert 'data-alert="intake"' not in client.get("/admin/").get_data(as_text=True)
    old = utcnow() - timedelta(seconds=app.config["INBOUND_ALERT_SECONDS"] + 60)
    db.session.execute(update(InboundEvent).values(received_at=old))
    db.session.commit()
    page = client.get("/admin/").get_data(as_text=True)
    assert 'data-alert="intake"' in page and "3 pesan masuk belum diproses" in page
    assert "aduan_inbound_events_late 3.0" in client.get("/metrics").get_data(as_text=True)


def test_the_ingest_module_is_what_the_job_calls():
    assert jobs.ingest is ingest_module.ingest


def test_in_production_the_request_only_pokes_the_waker_thread(app, citizen, monkeypatch, drain):
    from aduan.queue import get_queue

    monkeypatch.setitem(app.config, "INBOUND_WAKE_ASYNC", True)
    sent = []
    real_send = events.send_wake
    monkeypatch.setattr(events, "send_wake", lambda: sent.append(1) or real_send())
    for n in range(5):
        citizen.says(f"Sampah di TPS {n} belum diangkut", process=False)
    deadline = time.monotonic() + 5
    while not get_queue("intake").count and time.monotonic() < deadline:
        time.sleep(0.02)
    assert 1 <= len(sent) < 5  # fewer wake-ups than requests, sent by the thread
    drain()
    assert count(Message) == 5


def test_jobs_queued_after_commit_wait_for_the_real_commit_not_a_savepoint(app):
    from aduan.queue import enqueue_after_commit, get_queue

    db.session.execute(select(1))
    enqueue_after_commit(events.DRAIN, queue="default")
    with db.session.begin_nested():  # a savepoint released: not the commit
        pass
    assert get_queue("default").count == 0
    try:
        with db.session.begin_nested():
            enqueue_after_commit(events.DRAIN, queue="default")
            raise RuntimeError("this event fails")
    except RuntimeError:
        pass
    assert get_queue("default").count == 0
    db.session.commit()
    assert get_queue("default").count == 2  # the savepoint's caller drops its own jobs


def test_a_batch_commits_in_slices_so_early_acknowledgements_go_out_first(
    app, citizen, monkeypatch
):
    """With COMMIT_SECONDS 0 every event commits on its own: while the second event is
    processed the first one's rows are committed and its acknowledgement queued; a
    failing event still costs only itself."""
    from aduan.queue import get_queue

    first, second, third = waiting_events(citizen, 3)
    monkeypatch.setattr(jobs, "COMMIT_SECONDS", 0.0)
    real_ingest = jobs.ingest
    seen: dict[str, object] = {}

    def watching(msg, **kwargs):
        if kwargs.get("event_id") == second:
            with db.engine.connect() as conn:  # what another connection sees by now
                stmt = select(InboundEvent.processed_at).where(InboundEvent.id == first)
                seen["first_done"] = conn.execute(stmt).scalar() is not None
            seen["acks_queued"] = get_queue("urgent").count
            raise RuntimeError("bug in a reader")
        return real_ingest(msg, **kwargs)

    monkeypatch.setattr(jobs, "ingest", watching)
    done = jobs.Done()
    assert jobs.run_batch(10, done) == 3
    assert seen == {"first_done": True, "acks_queued": 1}
    assert (done.processed, done.failed) == (2, 1)
    assert count(Ticket) == 1 and count(Message) == 2  # the third adds to the first's
    event = db.session.get(InboundEvent, second)
    assert event.processed_at is None and event.attempts == 1 and event.claim_token is None
    assert third != first


def test_a_wake_flag_left_by_a_dead_worker_holds_no_event_back(app, citizen, drain):
    from aduan.queue import get_queue

    waiting_events(citizen, 1)  # stored; its wake-up set the flag and queued a job
    assert app.extensions["redis"].get(events.WAKE_KEY) is not None
    get_queue("intake").empty()  # a worker took that job and was killed before starting it
    assert events.send_wake() is True  # the flag says "a job waits": nothing is queued
    assert get_queue("intake").count == 0
    later = utcnow() + timedelta(seconds=app.config["INBOUND_RETRY_SECONDS"] + 1)
    assert events.requeue_stale(later) == 1  # the sweeper sees the flag has no job
    assert get_queue("intake").count == 1
    drain()
    assert count(InboundEvent, InboundEvent.processed_at.is_(None)) == 0
    assert count(Ticket) == 1
    assert events.requeue_stale(later) == 0  # nothing waits: nothing queued


def test_an_emergency_stored_during_a_batch_is_processed_at_its_next_slice_commit(
    app, citizen, fake_telegram, tg_post, drain, monkeypatch
):
    """The 112 reply waits for a slice of the batch a worker is in, not the whole batch:
    at each slice commit the worker takes in possible emergencies stored meanwhile."""
    waiting_events(citizen, 3)
    caller = Citizen(fake_telegram, tg_post, drain, name="Rina")
    monkeypatch.setattr(jobs, "COMMIT_SECONDS", 0.0)
    real_claim, real_ingest, order, claimed_batches = claims.claim, jobs.ingest, [], []

    def claim_then_alarm(now, limit, ids=None):
        claimed = real_claim(now, limit, ids)
        claimed_batches.append(claimed[1])
        if len(claimed_batches) == 1:  # the batch is claimed: now the fire is reported
            caller.says("TOLONG rumah tetangga KEBAKARAN, apinya besar!!", process=False)
        return claimed

    def noting(msg, **kwargs):
        order.append(msg.text)
        return real_ingest(msg, **kwargs)

    monkeypatch.setattr(claims, "claim", claim_then_alarm)
    monkeypatch.setattr(jobs, "ingest", noting)
    done = jobs.Done()
    assert jobs.run_batch(10, done) == 3  # the batch's own three
    assert done.processed == 4 and done.failed == 0
    # COMMIT_SECONDS 0: the first slice commit comes before the batch's first event
    assert "KEBAKARAN" in order[0] and len(order) == 4
    assert [len(batch) for batch in claimed_batches] == [3, 1]
    drain()  # the queued sends
    assert "112" in caller.replies()[0]
    kinds = db.session.execute(select(Ticket.kind).order_by(Ticket.id)).scalars().all()
    assert kinds == ["emergency", "complaint"]  # the three lamp reports: one ticket
