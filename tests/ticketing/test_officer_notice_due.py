"""An officer's notice gives the deadline the citizen now waits on: the first response
for a new ticket, the resolution target for one another unit already answered."""

from __future__ import annotations

from sqlalchemy import select

from aduan import timefmt
from aduan.extensions import db
from sla import clocks
from tests import factories
from ticketing import actions
from ticketing.models import Outbound, utcnow


def notices(officer) -> list[str]:
    stmt = select(Outbound.text).where(Outbound.officer_id == officer.id).order_by(Outbound.id)
    return list(db.session.execute(stmt).scalars())


def test_a_ticket_routed_on_after_an_answer_shows_its_resolution_target(app):
    dishub = factories.officer("Dedi", opd="DISHUB")
    dsdabm = factories.officer("Andi", opd="DSDABM")
    ticket = factories.ticket(status="triage", opd=None, created=utcnow())
    clocks.start(ticket, utcnow())
    agent = actions.Actor("agent", None, "Agen")
    actions.route(ticket, agent, "DISHUB")
    first = notices(dishub)[-1]
    assert "Batas tanggapan: " + timefmt.human(ticket.first_response_due_at) in first
    actions.accept(ticket, actions.Actor.officer(dishub, None))
    actions.reject(ticket, actions.Actor.officer(dishub, None), "Urusan DSDABM")
    actions.route(ticket, agent, "DSDABM")
    notice = notices(dsdabm)[-1]
    assert notice.startswith(f"Laporan {ticket.number} untuk DSDABM (sudah ditanggapi): ")
    assert "Target selesai: " + timefmt.human(ticket.resolution_due_at) in notice
    assert "Batas tanggapan" not in notice and ticket.resolution_due_at is not None


def test_an_information_request_reaches_ppid_as_a_request_with_its_legal_due(app):
    ppid = factories.officer("Sari", opd="PPID")
    ticket = factories.ticket(kind="info_request", status="triage", opd=None, created=utcnow())
    ticket.registration_number = "PPID-2026-00003"
    clocks.start(ticket, utcnow())
    actions.route(ticket, actions.Actor("agent", None, "Agen"), "PPID")
    notice = notices(ppid)[-1]
    assert notice.startswith(
        f"Permohonan informasi baru PPID-2026-00003 (tiket {ticket.number}) untuk PPID: "
    )
    due = clocks.get(ticket, "ppid").due_at
    assert "Batas jawaban tertulis (UU 14/2008): " + timefmt.human(due) in notice
    assert "Laporan baru" not in notice and "Batas tanggapan" not in notice
