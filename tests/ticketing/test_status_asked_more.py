"""More ways a citizen with an open ticket asks how it is doing, without its number:
whether something is planned ("udah ada jadwal survei belum?", "apa ada tanggapan?"),
done or not asked at the end ("dicek gak sih ini?"), a word doubled the SMS way
("dibetulin2"), and in English ("any progress on this?", "is somebody looking into
this?", "it's been two weeks"). Each is answered with the open ticket's status; an
emergency in the same words still is not."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from aduan.extensions import db
from tests.ticketing.helpers import Citizen
from ticketing import status_words
from ticketing.models import Message, Outbound, Ticket

DRAIN = "Saluran air di Jl. Ngagel Madya mampet, tiap hujan air naik ke jalan"


@pytest.fixture
def citizen(fake_telegram, tg_post, drain):
    return Citizen(fake_telegram, tg_post, drain)


@pytest.mark.parametrize(
    "text",
    [
        "udah ada jadwal survei belum?",
        "apa ada tanggapan dari dinasnya?",
        "dicek gak sih ini?",
        "diproses belum ya kak",
        "kok ga dibetulin2",
        "any progress on this?",
        "is somebody looking into this?",
        "it's been two weeks already",
        "wis onok kabar ta?",
    ],
)
def test_more_ways_of_asking_after_the_report_are_follow_ups(text):
    assert status_words.follows_up(text, True)


@pytest.mark.parametrize(
    "text",
    [
        "busnya tidak sesuai rute",
        "dikerjakan gak rapi, aspalnya sudah retak lagi di ujung",
        "apa ada tempat sampah umum di dekat sini",
        "it has been raining for two days",
    ],
)
def test_other_sentences_with_those_words_are_no_follow_ups(text):
    assert not status_words.follows_up(text, True)


def test_an_emergency_asked_the_same_way_is_no_follow_up():
    assert not status_words.follows_up(
        "sudah ada yg datang belum? rumah sebelah kebakaran, apinya makin besar", True
    )


@pytest.mark.parametrize("text", ["apa sudah ada jadwal pengerjaan?", "ditangani gak sih ini"])
def test_such_a_question_is_answered_with_the_open_tickets_status(citizen, text):
    citizen.says(DRAIN)
    ticket = db.session.execute(select(Ticket)).scalar_one()
    citizen.says(text)
    assert citizen.replies()[-1].startswith(f"Laporan {ticket.number}:")
    assert db.session.execute(select(Ticket)).scalars().all() == [ticket]
    said = db.session.execute(select(Message).where(Message.text == text)).scalar_one()
    assert said.ticket_id == ticket.id


@pytest.mark.parametrize("text", ["status laporan saya gimana?", "cek laporanku"])
def test_a_status_check_citing_nothing_is_kept_on_the_open_ticket(citizen, text):
    citizen.says(DRAIN)
    ticket = db.session.execute(select(Ticket)).scalar_one()
    citizen.says(text)
    assert ticket.number in citizen.replies()[-1]
    said = db.session.execute(select(Message).where(Message.text == text)).scalar_one()
    assert said.ticket_id == ticket.id
    answered = db.session.execute(select(Outbound).where(Outbound.purpose == "status")).scalar_one()
    assert answered.ticket_id == ticket.id


def test_a_status_check_citing_a_number_files_nothing_on_the_open_ticket(citizen):
    citizen.says(DRAIN)
    citizen.says("cek MC-2026-000999")
    said = db.session.execute(
        select(Message).where(Message.text == "cek MC-2026-000999")
    ).scalar_one()
    assert said.ticket_id is None
