"""A ticket an OPD returns ("bukan kewenangan kami") waits in triage with a disposition
deadline again, and the clock it counts against is met when it is routed on."""

from __future__ import annotations

from datetime import timedelta

from aduan.extensions import db
from sla import clocks
from tests import factories
from ticketing import actions
from ticketing.models import utcnow

AGENT = actions.Actor("agent", None, "Agen")


def test_a_bounced_ticket_gets_a_new_triage_deadline(app):
    dishub = factories.officer("Dedi", opd="DISHUB")
    start = utcnow() - timedelta(days=3)
    ticket = factories.ticket(status="triage", opd=None, created=start)
    clocks.start(ticket, start)
    actions.route(ticket, AGENT, "DISHUB", now=start + timedelta(minutes=5))
    assert clocks.get(ticket, "triage").status == "met"
    now = utcnow()
    actions.reject(ticket, actions.Actor.officer(dishub, None), "Urusan DSDABM", now=now)
    db.session.commit()
    triage = clocks.get(ticket, "triage")
    assert ticket.status == "triage" and triage.status == "running"
    assert triage.met_at is None and triage.due_at > now and triage.next_step_at is not None
    assert clocks.get(ticket, "first_response").started_at == start  # the citizen's clock
    actions.route(ticket, AGENT, "DSDABM", now=now + timedelta(minutes=1))
    assert clocks.get(ticket, "triage").status == "met"


def test_a_ticket_routed_at_once_and_bounced_shows_its_disposition_deadline(app):
    """Seen in the inbox: a ticket routed by the classifier (it never had a triage clock)
    and returned by the OPD got a 2-hour disposition clock, but the queue's due column
    (and the urgent sort) kept the 1x24 h first-response time."""
    dlh = factories.officer("Dewi", opd="DLH")
    start = utcnow() - timedelta(minutes=30)
    ticket = factories.ticket(opd="DLH", created=start)
    clocks.start(ticket, start)
    assert clocks.get(ticket, "triage") is None
    actions.reject(ticket, actions.Actor.officer(dlh, None), "Urusan DSDABM", now=utcnow())
    db.session.commit()
    triage = clocks.get(ticket, "triage")
    assert triage is not None and triage.due_at < clocks.get(ticket, "first_response").due_at
    assert ticket.first_response_due_at == triage.due_at
