"""A citizen's answer to a question goes to the ticket that asked it, even when the
citizen has a newer open ticket: the asker waits for it, with the clocks paused."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from aduan.extensions import db
from tests.ticketing.helpers import Citizen
from ticketing import actions
from ticketing.models import Message, Ticket


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
