"""Routing, or correcting the kind of, a ticket that waits for the citizen's answer moves
it on: its clocks run again. They stayed paused ("berhenti (menunggu warga)") under a
"Diteruskan" or "Triase" status, out of the waiting tab, and the answer no longer resumed
them, so the ticket never fell due."""

from __future__ import annotations

from datetime import timedelta

from aduan.extensions import db
from sla import clocks
from tests import factories
from ticketing import actions, kind_change
from ticketing.models import utcnow

AGENT = actions.Actor("agent", None, "Agen")


def test_routing_a_waiting_ticket_resumes_its_clocks(app):
    then = utcnow() - timedelta(hours=2)
    ticket = factories.ticket(created=then, status="triage", opd=None)
    clocks.start(ticket, then)
    actions.ask_citizen(ticket, AGENT, "Pohonnya masih menutup jalan?", now=then)
    db.session.commit()
    assert ticket.status == "waiting"
    assert {c.status for c in clocks.clocks_of(ticket)} == {"paused"}

    actions.route(ticket, AGENT, "DLH", now=utcnow())
    db.session.commit()

    assert ticket.status == "routed"
    assert "paused" not in {c.status for c in clocks.clocks_of(ticket)}
    assert clocks.get(ticket, "first_response").status == "running"


def test_a_kind_correction_while_waiting_leaves_no_clock_paused(app):
    """Asked, then corrected to "Pengaduan": the ticket went to triage with its clocks
    still paused, so neither the answer nor the route later started them again."""
    then = utcnow() - timedelta(hours=2)
    ticket = factories.ticket(created=then)
    clocks.start(ticket, then)
    actions.ask_citizen(ticket, AGENT, "Di depan nomor berapa?", now=then)
    db.session.commit()

    kind_change.change_kind(ticket, AGENT, "complaint", now=utcnow())
    db.session.commit()

    assert ticket.status == "triage"
    assert "paused" not in {c.status for c in clocks.clocks_of(ticket)}
