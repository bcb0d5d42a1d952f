"""An extended PPID request says its extended period ("10 + 7 hari kerja
(diperpanjang)") and the extended due time, on the ticket page and the officer's page."""

from __future__ import annotations

from aduan.extensions import db
from sla import clocks
from tests import factories
from tests.inbox.helpers import link_tokens, login, make_user
from ticketing import actions, ppid
from ticketing.models import utcnow

EXTENDED = "10 + 7 hari kerja (diperpanjang)"


def test_the_extended_period_and_due_time_are_shown(client, app):
    officer = factories.officer("Rina", opd="PPID")
    ticket = factories.ticket(kind="info_request", status="triage", opd=None, created=utcnow())
    clocks.start(ticket, utcnow())
    agent = actions.Actor("agent", None, "Agen")
    actions.route(ticket, agent, "PPID")
    db.session.commit()
    token = link_tokens("officer_notify")[officer.id]
    login(client, make_user())
    wib = app.jinja_env.filters["wib"]

    staff = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    own = client.get(f"/o/{token}").get_data(as_text=True)
    for page in (staff, own):
        assert "10 hari kerja" in page and "diperpanjang)" not in page

    ppid.extend(ticket, agent, "Dokumen masih di arsip")
    db.session.commit()
    due = clocks.get(ticket, "ppid").due_at
    with app.test_request_context():
        shown = wib(due)
    staff = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    own = client.get(f"/o/{token}").get_data(as_text=True)
    for page in (staff, own):
        assert EXTENDED in page and shown in page
    assert "Jangka waktu jawaban PPID: " + EXTENDED in own
