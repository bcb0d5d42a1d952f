"""The X poll job: real tweepy against the fake X, a real RQ worker, cursors in the
database, rate limits and revoked tokens recorded instead of crashing or sleeping."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from aduan.extensions import db
from tests.citizens import Tweeter, payload_of, poll
from tests.ticketing.helpers import count
from ticketing import health
from ticketing.inbound import x
from ticketing.models import ChannelState, InboundEvent, Message, Ticket, utcnow


@pytest.fixture
def citizen(app, fake_x, drain):
    fake_x.reset()
    return Tweeter(fake_x, drain)


def state(key: str) -> ChannelState:
    db.session.expire_all()
    found = db.session.get(ChannelState, key)
    assert found is not None
    return found


def test_mentions_are_paged_stored_raw_and_the_cursor_persisted(citizen, fake_x):
    ids = [citizen.mentions(f"jalan rusak di titik {n}", process=False)["id"] for n in range(105)]
    assert x.poll_x() == {"x_mentions": "105 new", "x_dms": "0 new"}
    pages = [c for c in fake_x.calls if c["path"].endswith("/mentions")]
    assert len(pages) == 2  # 100 + 5, following next_token
    events = db.session.execute(select(InboundEvent).order_by(InboundEvent.id)).scalars().all()
    assert [e.external_id for e in events] == ids  # oldest first
    assert {e.channel for e in events} == {"x"}
    first = payload_of(events[0])
    assert first["data"][0]["text"].endswith("titik 0")
    assert first["includes"]["users"][0]["username"] == citizen.username
    assert first["for_user_id"] == fake_x.account_id
    assert state("x_mentions").cursor == ids[-1]


def test_since_id_is_honoured_across_polls_and_nothing_is_doubled(citizen, fake_x, drain):
    citizen.mentions("Sampah di TPS Wonokromo tidak diangkut 4 hari, bau sekali")
    first_cursor = state("x_mentions").cursor
    assert x.poll_x()["x_mentions"] == "0 new"
    since = [c for c in fake_x.calls if c["path"].endswith("/mentions")]
    assert len(since) == 2
    newer = citizen.mentions("Lampu lalu lintas di perempatan Kertajaya mati total")
    assert state("x_mentions").cursor == newer["id"] != first_cursor
    assert count(Message) == 2 and count(InboundEvent) == 2
    # A replayed cursor (a crash before the cursor moved) stores nothing twice.
    state("x_mentions").cursor = first_cursor
    db.session.commit()
    assert x.poll_x()["x_mentions"] == "0 new"
    drain()
    assert count(Message) == 2 and count(Ticket) == 2  # one each: DLH's and DISHUB's


def test_own_tweets_and_dms_advance_the_cursor_without_events(citizen, fake_x, drain):
    citizen.dms("Pohon tumbang menutup Jl. Diponegoro, mobil tidak bisa lewat")
    our_dm = fake_x.dms_with(citizen.user_id)[-1]
    assert our_dm["sender_id"] == fake_x.account_id  # the acknowledgement we sent
    x.poll_x()
    assert state("x_dms").cursor == our_dm["id"]
    assert count(InboundEvent) == 1


def test_first_poll_skips_items_older_than_a_day(citizen, fake_x):
    old = citizen.mentions("banjir di Jl. Ngagel", process=False)
    fake_x.tweet(old["id"])["created_at"] = "2020-01-01T00:00:00.000Z"
    citizen.mentions("banjir lagi di Jl. Ngagel hari ini", process=False)
    assert x.poll_x()["x_mentions"] == "1 new"


def test_rate_limit_records_retry_at_and_does_not_sleep(citizen, fake_x, drain):
    citizen.mentions("Sampah di TPS Wonokromo tidak diangkut 4 hari", process=False)
    fake_x.rate_limit_next(reset_in_seconds=600)
    started = time.monotonic()
    poll(drain)  # through RQ: the job returns normally
    assert time.monotonic() - started < 5
    mentions = state("x_mentions")
    assert mentions.retry_at is not None
    assert timedelta(seconds=590) < mentions.retry_at - utcnow() <= timedelta(seconds=601)
    assert mentions.healthy and "429" in mentions.last_error
    assert count(InboundEvent) == 0
    calls = len(fake_x.calls)
    assert x.poll_x()["x_mentions"] == "waiting"  # no call before the reset
    assert len([c for c in fake_x.calls[calls:] if c["path"].endswith("/mentions")]) == 0
    later = utcnow() + timedelta(seconds=601)
    assert x.poll_x(now=later)["x_mentions"] == "1 new"
    assert state("x_mentions").retry_at is None


def test_revoked_token_turns_the_x_row_failing_within_one_poll(citizen, fake_x, drain):
    citizen.mentions("Lampu PJU di Jl. Mayjen Sungkono mati")
    assert next(h for h in health.report(utcnow()) if h.channel == "x").status == "healthy"
    fake_x.revoke_tokens()
    try:
        poll(drain)  # the worker survives: the job returns, nothing raises
        rows = {h.channel: h for h in health.report(utcnow())}
        assert rows["x"].status == "failing" and "auth" in rows["x"].detail
        assert rows["x_dm"].status == "failing"
        assert not state("x_mentions").healthy
    finally:
        fake_x.revoke_tokens(False)
    x.poll_x()
    assert next(h for h in health.report(utcnow()) if h.channel == "x").status == "healthy"


def test_admin_page_shows_the_x_failure(client, citizen, fake_x, drain):
    from tests.inbox.helpers import login, make_user

    fake_x.revoke_tokens()
    try:
        x.poll_x()
    finally:
        fake_x.revoke_tokens(False)
    login(client, make_user("admin"))
    page = client.get("/admin/channels/").get_data(as_text=True)
    assert "bermasalah" in page and "[auth]" in page


def test_server_errors_are_recorded_and_the_next_poll_recovers(citizen, fake_x):
    x.poll_x()
    fake_x.fail_next(503, "Service Unavailable")
    assert x.poll_x()["x_mentions"] == "error:503"
    assert state("x_mentions").healthy  # a blip after a good poll is not a failing channel
    assert "503" in state("x_mentions").last_error
    later = utcnow() + timedelta(minutes=20)
    fake_x.fail_next(503, "Service Unavailable")
    x.poll_x(now=later)
    assert not state("x_mentions").healthy  # failing for 20 minutes: it is
    citizen.mentions("Got mampet di Jl. Manyar Kertoarjo", process=False)
    assert x.poll_x(now=later)["x_mentions"] == "1 new"
    assert state("x_mentions").healthy


def test_the_clock_schedules_one_poll_per_slot(app):
    app.config["X_POLL_SECONDS"] = 60
    now = utcnow()
    assert x.schedule_poll(now) == 1
    assert x.schedule_poll(now) == 0  # another clock, same slot
    assert x.schedule_poll(now + timedelta(seconds=60)) == 1


def test_x_not_configured_polls_nothing(app):
    saved = app.config["X_CONSUMER_KEY"]
    app.config["X_CONSUMER_KEY"] = ""
    app.extensions.pop("adapters", None)
    try:
        assert x.schedule_poll(utcnow()) == 0
        assert x.poll_x() == {"x_mentions": "off", "x_dms": "off"}
    finally:
        app.config["X_CONSUMER_KEY"] = saved
        app.extensions.pop("adapters", None)


def test_a_mentions_ticket_summary_leaves_out_the_leading_handles(citizen, fake_x):
    citizen.mentions("@ewsby jalan berlubang besar di Jl. Rungkut Madya")
    ticket = db.session.execute(select(Ticket)).scalar_one()
    assert ticket.summary == "jalan berlubang besar di Jl. Rungkut Madya"
    message = db.session.execute(select(Message)).scalar_one()
    assert message.text.startswith(f"@{fake_x.username} @ewsby jalan")  # the tweet as written
