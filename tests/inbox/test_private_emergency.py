"""Hiding an emergency from the public pages ("Sembunyikan (pribadi)") keeps it where the
desk works: the emergency tab and its escalation. `private` only reaches the public side
(ticketing/publication.py), which never lists an emergency anyway; the flag matters if an
agent later makes it a complaint."""

from __future__ import annotations

from sqlalchemy import select

from aduan.extensions import db
from sla import clocks
from tests import factories
from ticketing import actions, queue, visibility
from ticketing.models import Ticket, utcnow

AGENT = actions.Actor("agent", None, "Agen")


def test_a_hidden_emergency_stays_in_the_emergency_tab_on_its_clock(app):
    ticket = factories.ticket(kind="emergency", opd="DPKP", created=utcnow())
    clocks.start(ticket, utcnow())
    visibility.set_private(ticket, AGENT, True)
    db.session.commit()
    ids = [row.id for row in db.session.execute(queue.tab_query("emergency")).all()]
    assert ticket.id in ids
    assert clocks.get(ticket, "emergency_ack").status == "running"
    assert db.session.execute(select(Ticket.private)).scalar_one() is True
