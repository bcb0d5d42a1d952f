"""A vague first message waits in triage; the desk asks what it is about and the
citizen's answer routes it. The citizen hears where it went (as when an agent routes
it), and the unit's officer is told what the problem is, not the vague first words."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from aduan import timefmt
from aduan.extensions import db
from sla import clocks
from tests import factories
from tests.ticketing.helpers import Citizen
from ticketing import actions
from ticketing.models import Outbound, Ticket


@pytest.fixture
def citizen(fake_telegram, tg_post, drain):
    return Citizen(fake_telegram, tg_post, drain, name="Sri")


def asked(citizen) -> Ticket:
    citizen.says("tolong dibantu pak")
    ticket = db.session.execute(select(Ticket)).scalar_one()
    assert ticket.status == "triage"
    actions.ask_citizen(ticket, actions.Actor("agent", None, "Agen"), "Masalahnya apa, di mana?")
    db.session.commit()
    return ticket


def test_the_answer_routes_the_ticket_and_the_citizen_hears_where(citizen):
    officer = factories.officer("Petugas Dishub", opd="DISHUB")
    db.session.commit()
    ticket = asked(citizen)
    citizen.says("lampu penerangan jalan di gang Kapasari 5 mati semua sejak seminggu")
    db.session.refresh(ticket)
    assert ticket.status == "routed" and ticket.opd_code == "DISHUB"
    assert citizen.replies()[-1] == (
        f"Laporan {ticket.number} telah diteruskan ke Dinas Perhubungan untuk ditangani."
    )
    assert "lampu penerangan jalan di gang Kapasari 5" in ticket.summary
    stmt = select(Outbound.text).where(Outbound.officer_id == officer.id)
    (notice,) = db.session.execute(stmt).scalars()
    assert "lampu penerangan jalan di gang Kapasari 5" in notice


def test_an_answer_that_leaves_it_in_triage_keeps_the_first_words(citizen):
    ticket = asked(citizen)
    citizen.says("iya pak")
    db.session.refresh(ticket)
    assert ticket.status == "triage" and ticket.summary == "tolong dibantu pak"


def test_an_answer_that_makes_it_an_information_request_runs_on_ppid_days(citizen):
    """The complaint's 1x24-hour and 3-day clocks stop: the requester was promised
    'jawaban tertulis paling lambat' tomorrow, and escalations ran on them."""
    ticket = asked(citizen)
    citizen.says("saya mau minta salinan dokumen APBD 2026 Kota Surabaya")
    db.session.refresh(ticket)
    assert ticket.kind == "info_request" and ticket.registration_number
    ppid = clocks.get(ticket, "ppid")
    assert {c.kind: c.status for c in clocks.clocks_of(ticket)} == {
        "first_response": "stopped",
        "resolution": "stopped",
        "triage": "met",
        "ppid": "running",
    }
    assert ticket.first_response_due_at == ppid.due_at == ticket.resolution_due_at
    told = [text for text in citizen.replies() if ticket.registration_number in text]
    assert told and timefmt.human(ppid.due_at) in told[0]
