"""A citizen's answer to a question goes to the ticket that asked it, even when the
citizen has a newer open ticket: the asker waits for it, with the clocks paused."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from aduan.extensions import db
from tests import factories
from tests.ticketing.helpers import Citizen
from ticketing import actions
from ticketing.models import Message, Outbound, Ticket


@pytest.fixture
def citizen(fake_telegram, tg_post, drain):
    return Citizen(fake_telegram, tg_post, drain)


def test_the_answer_resumes_the_waiting_ticket_not_the_newest(citizen):
    citizen.says("Jalan di Jl. Rungkut Asri no 5 berlubang besar, bahaya buat motor")
    citizen.says("/baru Sampah di TPS Wonokromo tidak diangkut sudah 4 hari, bau sekali")
    older, newer = db.session.execute(select(Ticket).order_by(Ticket.id)).scalars().all()
    assert older.status != "waiting" and newer.status in ("routed", "triage")
    actions.ask_citizen(older, actions.Actor("agent", None, "Agen"), "Di depan nomor berapa?")
    db.session.commit()
    citizen.says("Di depan rumah nomor 5, dekat tiang listrik")
    answer = db.session.execute(select(Message).order_by(Message.id.desc())).scalars().first()
    db.session.refresh(older)
    assert answer.ticket_id == older.id
    assert older.status != "waiting"


def test_without_a_question_the_newest_open_ticket_gets_the_message(citizen):
    citizen.says("Jalan di Jl. Rungkut Asri no 5 berlubang besar, bahaya buat motor")
    citizen.says("/baru Sampah di TPS Wonokromo tidak diangkut sudah 4 hari, bau sekali")
    newer = db.session.execute(select(Ticket).order_by(Ticket.id.desc())).scalars().first()
    citizen.says("Terima kasih pak")
    answer = db.session.execute(select(Message).order_by(Message.id.desc())).scalars().first()
    assert answer.ticket_id == newer.id


def officer_texts(officer) -> list[str]:
    stmt = select(Outbound.text).where(Outbound.officer_id == officer.id).order_by(Outbound.id)
    return list(db.session.execute(stmt).scalars())


def test_the_officer_who_asked_hears_the_answer(citizen):
    citizen.says("Jalan di Jl. Rungkut Asri no 5 berlubang besar, bahaya buat motor")
    ticket = db.session.execute(select(Ticket)).scalar_one()
    officer = factories.officer("Andi", opd=ticket.opd_code or "DSDABM")
    ticket.opd_code, ticket.status = officer.opd_code, "routed"
    actions.ask_citizen(ticket, actions.Actor.officer(officer, None), "Nomor berapa?")
    db.session.commit()
    citizen.says("Di depan rumah nomor 5, dekat tiang listrik")
    notice = officer_texts(officer)[-1]
    assert notice.startswith(
        f"Warga menjawab pertanyaan Anda pada laporan {ticket.number}: “Di depan rumah nomor 5, "
        "dekat tiang listrik” | Tindak lanjuti: [[link:"
    )


def test_an_agents_question_sends_no_officer_notice(citizen):
    citizen.says("Jalan di Jl. Rungkut Asri no 5 berlubang besar, bahaya buat motor")
    ticket = db.session.execute(select(Ticket)).scalar_one()
    officer = factories.officer("Andi", opd=ticket.opd_code or "DSDABM")
    before = len(officer_texts(officer))
    actions.ask_citizen(ticket, actions.Actor("agent", None, "Agen"), "Nomor berapa?")
    db.session.commit()
    citizen.says("Di depan rumah nomor 5")
    assert not [t for t in officer_texts(officer)[before:] if t.startswith("Warga menjawab")]


def test_a_photo_only_answer_is_named_as_such(citizen):
    citizen.says("Jalan di Jl. Rungkut Asri no 5 berlubang besar, bahaya buat motor")
    ticket = db.session.execute(select(Ticket)).scalar_one()
    officer = factories.officer("Andi", opd=ticket.opd_code or "DSDABM")
    ticket.opd_code, ticket.status = officer.opd_code, "routed"
    actions.ask_citizen(ticket, actions.Actor.officer(officer, None), "Ada fotonya?")
    db.session.commit()
    citizen.says(photo=factories.png())
    assert officer_texts(officer)[-1].startswith(
        f"Warga menjawab pertanyaan Anda pada laporan {ticket.number}: (tanpa teks: foto atau "
        "lampiran) | "
    )


def test_the_citizen_hears_their_answer_arrived_once(citizen):
    """Asked minutes after their report, the citizen answered and heard nothing (the
    "added to your report" notice waits 30 minutes after any change)."""
    citizen.says("Jalan di Jl. Rungkut Asri no 5 berlubang besar, bahaya buat motor")
    ticket = db.session.execute(select(Ticket)).scalar_one()
    actions.ask_citizen(ticket, actions.Actor("agent", None, "Agen"), "Di depan nomor berapa?")
    db.session.commit()
    citizen.drain()  # the question goes out
    before = len(citizen.replies())
    citizen.says("Di depan rumah nomor 5, dekat tiang listrik")
    (said,) = citizen.replies()[before:]
    assert said.startswith("Terima kasih, jawaban Anda untuk laporan " + ticket.number)
    citizen.says("oh iya sama depan nomor 7 juga")  # no question pending: no second notice
    assert len(citizen.replies()) == before + 1
