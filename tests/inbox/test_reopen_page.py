"""An agent reopens a resolved ticket from its page (the citizen wrote on another line
that it is not fixed): the citizen and the unit's officer are told, the timeline says
who reopened it."""

from __future__ import annotations

from sqlalchemy import select

from aduan.extensions import db
from sla import clocks
from tests import factories
from tests.inbox.helpers import csrf, login, make_user
from ticketing import actions
from ticketing.models import Outbound, utcnow


def test_an_agent_reopens_a_resolved_ticket_from_its_page(client, app):
    officer = factories.officer("Andi", opd="DSDABM")
    ticket = factories.ticket(status="routed", opd="DSDABM", created=utcnow())
    clocks.start(ticket, utcnow())
    actions.accept(ticket, actions.Actor.officer(officer, None))
    actions.resolve(ticket, actions.Actor.officer(officer, None), "Sudah ditambal")
    db.session.commit()
    login(client, make_user())
    page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert 'id="reopen-form"' in page
    response = client.post(
        f"/tickets/{ticket.number}/reopen",
        data={"csrf_token": csrf(page), "reason": "Warga lewat WA: masih berlubang"},
    )
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Laporan dibuka kembali; warga dan unit yang menangani diberi tahu." in shown
    assert "<b>dibuka kembali</b>: Warga lewat WA: masih berlubang" in shown
    assert "oleh warga" not in shown
    db.session.refresh(ticket)
    assert ticket.status == "in_progress" and ticket.reopened == 1
    sent = db.session.execute(select(Outbound).order_by(Outbound.id)).scalars().all()
    to_officer = [o.text for o in sent if o.officer_id == officer.id and o.purpose == "reopened"]
    assert len(to_officer) == 1
    assert to_officer[0].startswith(
        f"Media Center membuka kembali laporan {ticket.number}: Warga lewat WA: masih berlubang"
    )
    assert "sudah kami beri tahu" in [o.text for o in sent if o.identity_id][-1]


def test_an_open_ticket_has_no_reopen_form(client, app):
    ticket = factories.ticket(status="routed", opd="DSDABM", created=utcnow())
    db.session.commit()
    login(client, make_user())
    assert 'id="reopen-form"' not in client.get(f"/tickets/{ticket.number}").get_data(as_text=True)


def test_a_reopened_outside_remit_ticket_goes_back_to_triage_and_no_unit_is_told(client, app):
    ticket = factories.ticket(status="closed", kind="external", opd="EXTERNAL", created=utcnow())
    ticket.external_body = "PLN"
    db.session.commit()
    login(client, make_user())
    page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    response = client.post(
        f"/tickets/{ticket.number}/reopen",
        data={"csrf_token": csrf(page), "reason": "Warga: tiang listrik roboh di taman kota"},
    )
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "dibuka kembali ke Triase" in shown
    db.session.refresh(ticket)
    assert (ticket.status, ticket.opd_code, ticket.reopened) == ("triage", None, 1)
    assert clocks.get(ticket, "triage").status == "running"
    sent = db.session.execute(select(Outbound).order_by(Outbound.id)).scalars().all()
    assert not [o for o in sent if o.officer_id is not None]
    told = [o.text for o in sent if o.purpose == "reopened"]
    assert told == [
        f"Mohon maaf masalahnya belum selesai. Laporan {ticket.number} kami buka kembali "
        "dan akan ditinjau petugas Media Center."
    ]
    assert ticket.number in client.get("/inbox?view=triage").get_data(as_text=True)
