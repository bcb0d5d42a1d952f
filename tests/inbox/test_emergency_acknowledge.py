"""An agent marks an emergency as taken by the 112 desk: the ticket stops counting down
to the 5-minute acknowledgement (page and inbox), and the citizen hears it was taken."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from aduan.extensions import db
from sla import clocks
from tests import factories
from tests.inbox.helpers import csrf, login, make_user
from ticketing.models import Outbound, Ticket, utcnow


def test_an_acknowledged_emergency_no_longer_counts_down(client, app):
    created = utcnow() - timedelta(minutes=2)
    ticket = factories.ticket(kind="emergency", opd="DPKP", created=created)
    clocks.start(ticket, created)
    db.session.commit()
    login(client, make_user())
    page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    response = client.post(f"/tickets/{ticket.number}/acknowledge", data={"csrf_token": csrf(page)})
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Darurat ditandai sudah diterima petugas." in shown
    assert "Batas tanggapan" not in shown and "Ditanggapi" in shown
    ticket = db.session.get(Ticket, ticket.id)
    assert ticket.status == "in_progress" and ticket.first_responded_at is not None
    assert ticket.queue_due_at.year == 2999  # no deadline left to sort it as urgent by
    texts = db.session.execute(
        select(Outbound.text).where(Outbound.ticket_id == ticket.id, Outbound.identity_id > 0)
    ).scalars()
    assert [t for t in texts if t.startswith(f"Laporan darurat {ticket.number} sudah diterima")]


def test_an_agents_reply_does_not_stand_in_for_the_112_desk(client, app):
    created = utcnow() - timedelta(minutes=2)
    ticket = factories.ticket(kind="emergency", opd="DPKP", created=created)
    clocks.start(ticket, created)
    db.session.commit()
    due = ticket.queue_due_at
    login(client, make_user())
    page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    text = "Mohon segera hubungi 112, petugas kami teruskan."
    client.post(f"/tickets/{ticket.number}/reply", data={"csrf_token": csrf(page), "text": text})
    ticket = db.session.get(Ticket, ticket.id)
    ack = clocks.get(ticket, "emergency_ack")
    assert ack.status == "running" and ack.next_step_at is not None  # it still escalates
    assert ticket.first_responded_at is None and ticket.queue_due_at == due  # still urgent
    assert "Ditanggapi" not in client.get(f"/tickets/{ticket.number}").get_data(as_text=True)

    page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    client.post(f"/tickets/{ticket.number}/acknowledge", data={"csrf_token": csrf(page)})
    ticket = db.session.get(Ticket, ticket.id)
    assert clocks.get(ticket, "emergency_ack").status == "met"
    assert ticket.first_responded_at is not None
