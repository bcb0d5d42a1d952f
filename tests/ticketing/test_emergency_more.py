"""Everything the citizen of an open emergency writes reaches the 112 desk: a repeat, the
address sent afterwards, and the words written within a minute of the previous notice
(one delayed notice for all of them, not none)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from rq.job import Job
from rq.registry import ScheduledJobRegistry
from sqlalchemy import select

from aduan.extensions import db
from aduan.queue import get_queue, redis_conn
from tests.ticketing.helpers import Citizen, count
from ticketing.emergencies import tell_desk
from ticketing.models import Message, Officer, Outbound, Ticket, TicketEvent


@pytest.fixture
def citizen(app, fake_telegram, tg_post, drain):
    db.session.add(
        Officer(group_code="DESK112", name="Operator 112", channel="telegram", address="911112")
    )
    db.session.commit()
    return Citizen(fake_telegram, tg_post, drain)


def desk_notices() -> list[str]:
    rows = select(Outbound.text).where(Outbound.purpose == "emergency_more")
    return list(db.session.execute(rows.order_by(Outbound.id)).scalars())


def test_the_address_sent_after_the_alarm_reaches_the_desk(citizen):
    citizen.says("TOLONG ada kebakaran rumah, apinya sudah besar!!")
    citizen.says("alamatnya Jl. Kapasari gang 3 no 12, rumah cat hijau")
    ticket = db.session.execute(select(Ticket)).scalar_one()
    assert ticket.kind == "emergency" and count(Ticket) == 1
    (notice,) = desk_notices()
    assert "Kapasari gang 3 no 12" in notice and ticket.number in notice


def test_a_location_shared_after_the_alarm_reaches_the_desk_as_a_map_link(citizen):
    citizen.says("TOLONG ada orang tenggelam di sungai, cepat!!")
    citizen.says(location=(-7.2456, 112.7378))
    assert count(Ticket) == 1
    (notice,) = desk_notices()
    assert "https://maps.google.com/?q=-7.2456,112.7378" in notice


def test_a_question_about_the_help_on_its_way_reaches_the_desk(citizen):
    citizen.says("TOLONG ada kebakaran rumah di Jl. Kapasari gang 3, apinya sudah besar!!")
    citizen.says("laporan saya gimana min? petugasnya sudah berangkat belum?")
    ticket = db.session.execute(select(Ticket)).scalar_one()
    assert {m.ticket_id for m in ticket.messages} == {ticket.id} and count(Message) == 2
    (notice,) = desk_notices()
    assert "sudah berangkat belum" in notice
    assert ticket.number in citizen.replies()[-1]  # and the citizen hears its status


def test_another_problem_after_the_alarm_is_a_ticket_of_its_own(citizen):
    citizen.says("TOLONG ada kebakaran rumah di Jl. Kapasari gang 3, apinya sudah besar!!")
    citizen.says("satu lagi pak, lampu PJU di Jl. Kenjeran mati sudah seminggu")
    assert count(Ticket) == 2 and desk_notices() == []


def test_words_written_within_the_minute_reach_the_desk_in_one_later_notice(app, citizen, drain):
    citizen.says("TOLONG ada kebakaran rumah di Jl. Kapasari gang 3, apinya sudah besar!!")
    citizen.says("TOLONG CEPAT apinya merembet ke rumah sebelah!!")
    citizen.says("ada anak kecil di lantai 2, terjebak")
    citizen.says("pintunya dikunci dari dalam")
    ticket = db.session.execute(select(Ticket)).scalar_one()
    (first,) = desk_notices()  # the first repeat at once; the next two wait for the gap
    assert "merembet" in first and "lantai 2" not in first
    job_id = f"desk112-more-{ticket.id}"
    registry = ScheduledJobRegistry("urgent", connection=redis_conn(app))
    assert job_id in registry.get_job_ids()  # one job for the two, not one each
    # the minute has passed (everything happened two minutes earlier): a real worker runs it
    for row in db.session.execute(select(Outbound)).scalars():
        row.created_at -= timedelta(minutes=2)
    for message in db.session.execute(select(Message)).scalars():
        message.received_at -= timedelta(minutes=2)
    db.session.commit()
    job = Job.fetch(job_id, connection=redis_conn(app))
    registry.remove(job)
    get_queue("urgent").enqueue_job(job)
    drain()
    first, later = desk_notices()
    assert "lantai 2" in later and "dikunci dari dalam" in later and "merembet" not in later
    # run again (a retry, a second job): nothing new was said, no further notice
    assert tell_desk(ticket.id) == 0 and len(desk_notices()) == 2


def test_the_delayed_notice_is_scheduled_only_once_its_words_are_committed(app, citizen):
    from ticketing.emergencies import desk_hears_more
    from ticketing.models import utcnow

    citizen.says("TOLONG ada kebakaran rumah di Jl. Kapasari gang 3, apinya sudah besar!!")
    citizen.says("TOLONG CEPAT apinya merembet ke rumah sebelah!!")  # told at once
    ticket = db.session.execute(select(Ticket)).scalar_one()
    registry = ScheduledJobRegistry("urgent", connection=redis_conn(app))
    assert desk_hears_more(ticket, utcnow()) == 0  # within the gap: a later notice
    assert registry.get_job_ids() == []  # not before the words it tells are committed
    db.session.rollback()
    assert registry.get_job_ids() == []  # rolled back: nothing to tell, no job
    assert desk_hears_more(ticket, utcnow()) == 0
    db.session.commit()
    assert registry.get_job_ids() == [f"desk112-more-{ticket.id}"]


def test_a_closed_emergency_sends_no_delayed_notice(app, citizen, drain):
    citizen.says("TOLONG ada kebakaran rumah di Jl. Kapasari gang 3, apinya sudah besar!!")
    citizen.says("TOLONG CEPAT apinya merembet ke rumah sebelah!!")
    citizen.says("ada anak kecil di lantai 2, terjebak")
    ticket = db.session.execute(select(Ticket)).scalar_one()
    ticket.status = "closed"
    db.session.commit()
    assert tell_desk(ticket.id) == 0 and len(desk_notices()) == 1


def test_a_long_burst_keeps_its_newest_words_in_the_notice(app, citizen, drain):
    citizen.says("TOLONG ada kebakaran rumah di Jl. Kapasari gang 3, apinya sudah besar!!")
    citizen.says("TOLONG CEPAT apinya merembet ke rumah sebelah!!")
    for part in range(4):
        citizen.says(f"asapnya tebal sekali, kami semua di luar, ada yang batuk-batuk {part}")
    citizen.says("rumah yang terbakar nomor 12, cat hijau, pagar hitam")
    ticket = db.session.execute(select(Ticket)).scalar_one()
    for row in db.session.execute(select(Outbound)).scalars():
        row.created_at -= timedelta(minutes=2)
    for message in db.session.execute(select(Message)).scalars():
        message.received_at -= timedelta(minutes=2)
    db.session.commit()
    assert tell_desk(ticket.id) == 1
    later = desk_notices()[-1]
    # over the 200-character quote: the newest words (here the house) are what the desk reads
    assert "nomor 12, cat hijau, pagar hitam" in later


def test_words_stored_with_a_lagging_clock_still_reach_the_desk(app, citizen, drain):
    """Which words the desk was told is kept per message, not read from clocks: a message
    stored by a worker whose clock lags (or committed after the notice it raced) has a
    received_at before the last notice's created_at, and must not be skipped."""
    citizen.says("TOLONG ada kebakaran rumah di Jl. Kapasari gang 3, apinya sudah besar!!")
    citizen.says("TOLONG CEPAT apinya merembet ke rumah sebelah!!")
    citizen.says("ada anak kecil di lantai 2, terjebak")
    ticket = db.session.execute(select(Ticket)).scalar_one()
    (first,) = desk_notices()
    notice_at = db.session.execute(
        select(Outbound.created_at).where(Outbound.purpose == "emergency_more")
    ).scalar_one()
    late = db.session.execute(select(Message).order_by(Message.id.desc())).scalars().first()
    late.received_at = notice_at - timedelta(seconds=2)  # its worker's clock is behind
    for row in db.session.execute(select(Outbound)).scalars():
        row.created_at -= timedelta(minutes=2)
    for message in db.session.execute(select(Message)).scalars():
        message.received_at -= timedelta(minutes=2)
    db.session.commit()
    assert tell_desk(ticket.id) == 1
    later = desk_notices()[-1]
    assert "lantai 2" in later and "merembet" not in later
    told = db.session.execute(
        select(TicketEvent.data).where(TicketEvent.action == "desk_told")
    ).scalars()
    assert len(list(told)) == 2  # the agent's timeline shows each notice to the desk


@pytest.mark.parametrize(
    ("sent", "named"),
    [
        ({"photo": b"\xff\xd8\xff\xe0" + b"0" * 100}, "(foto)"),
        ({"voice": b"OggS" + b"0" * 100}, "(pesan suara)"),
        ({"photo": b"\xff\xd8\xff\xe0" + b"0" * 100, "caption": "ini apinya"}, "ini apinya (foto)"),
    ],
)
def test_a_photo_or_voice_note_after_the_alarm_is_named_to_the_desk(citizen, sent, named):
    # no words to quote, but the desk must know to open the ticket: it may show the fire,
    # or a voice note may say who is trapped
    citizen.says("TOLONG ada kebakaran rumah di Jl. Kapasari gang 3, apinya sudah besar!!")
    citizen.says(**sent)
    (notice,) = desk_notices()
    assert named in notice
