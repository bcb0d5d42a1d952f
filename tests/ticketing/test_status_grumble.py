"""A citizen with an open ticket who grumbles that nothing happened, without its number
("katanya diproses terus, kapan kelarnya sih", "kapan dibenerin?"), hears that ticket's
status; the message stays on the ticket for the agent and the officer. Before, it was
added in silence (or with "your information was noted"), and the question went
unanswered. Another spot ("di gang 3 juga ...") or an answer the desk asked for is no
status question."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from aduan.extensions import db
from tests.ticketing.helpers import Citizen
from ticketing import actions
from ticketing.models import Message, Outbound, Ticket

LAMP = "Lampu jalan di Jl. Manyar Kertoarjo mati sejak seminggu, gelap sekali"


@pytest.fixture
def citizen(fake_telegram, tg_post, drain):
    return Citizen(fake_telegram, tg_post, drain)


def _only_ticket() -> Ticket:
    return db.session.execute(select(Ticket)).scalar_one()


@pytest.mark.parametrize(
    "text",
    [
        "katanya diproses terus, kapan kelarnya sih",
        "tapi sampe skrg dinasnya blm dateng ke lokasi min",
        "kapan dibenerin? gelap terus tiap malam",
    ],
)
def test_a_grumble_without_a_number_is_answered_with_the_open_tickets_status(citizen, text):
    answered_on_the_ticket(citizen, text)


def answered_on_the_ticket(citizen, text: str) -> None:
    """After the lamp report, `text` is answered with its status; the message and the
    answer are both on that one ticket."""
    citizen.says(LAMP)
    ticket = _only_ticket()
    citizen.says(text)
    answer = citizen.replies()[-1]
    assert answer.startswith(f"Laporan {ticket.number}:") and "Dinas Perhubungan" in answer
    assert db.session.execute(select(Ticket)).scalars().all() == [ticket]
    said = db.session.execute(select(Message).where(Message.text == text)).scalar_one()
    assert said.ticket_id == ticket.id  # the agent and the officer see it on the ticket
    answered = db.session.execute(select(Outbound).where(Outbound.purpose == "status")).scalar_one()
    assert answered.ticket_id == ticket.id  # and that the desk answered it


def test_another_spot_is_no_status_question_about_the_open_ticket(citizen):
    citizen.says(LAMP)
    before = len(citizen.replies())
    citizen.says("lampu jalan di gang 3 juga belum diperbaiki sejak bulan lalu")
    assert not any(r.startswith("Laporan MC-") for r in citizen.replies()[before:])


def test_an_answer_the_desk_asked_for_resumes_the_ticket_instead(citizen):
    citizen.says(LAMP)
    ticket = _only_ticket()
    actions.ask_citizen(ticket, actions.Actor("agent", None, "Agen"), "Tiang nomor berapa?")
    db.session.commit()
    before = len(citizen.replies())
    citizen.says("belum ada yang datang, tiangnya nomor 12 depan masjid")
    db.session.refresh(ticket)
    assert ticket.status != "waiting"
    assert not any(r.startswith(f"Laporan {ticket.number}:") for r in citizen.replies()[before:])


@pytest.mark.parametrize(
    "text",
    [
        "gimana min?",
        "ada kabar kak?",
        "update dong min 🙏",
        "yaopo cak?",
        "sdh seminggu lho min",
        "wis rong minggu rek",
        "masih menunggu ya pak",
        "piye rek kok suwe",
        "min??",
        "halo kak?",
        "kak udah nyampe mana ya?",
        "mohon kabar terkininya",
        "yang tadi bagaimana pak?",
        "kok lama banget ya",
        "respon dong kak",
    ],
)
def test_a_bare_question_after_the_report_is_answered_with_its_status(citizen, text):
    answered_on_the_ticket(citizen, text)


@pytest.mark.parametrize(
    "text",
    [
        "terima kasih min",
        "halo",
        "halo min",
        "gimana cara lapor pohon tumbang?",
        "gimana lampunya?",
    ],
)
def test_thanks_a_greeting_or_another_question_gets_no_status_answer(citizen, text):
    citizen.says(LAMP)
    before = len(citizen.replies())
    citizen.says(text)
    assert not any(r.startswith("Laporan MC-") for r in citizen.replies()[before:])


def test_still_not_fixed_with_juga_is_the_same_report_not_another_spot(citizen):
    answered_on_the_ticket(citizen, "lampunya kok gak juga dibenerin sih")
