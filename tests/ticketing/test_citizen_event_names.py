"""What a named citizen does later (answers a question, says BELUM, rates) is credited
to them on the timeline, as their report was: not to an anonymous "Warga" that reads
like somebody else."""

from __future__ import annotations

from aduan.extensions import db
from tests import factories
from ticketing import feedback
from ticketing.audit import record
from ticketing.models import utcnow


def test_a_named_citizens_later_events_carry_their_name(app):
    ticket = factories.ticket(status="resolved", created=utcnow())
    name = ticket.identity.display_name
    assert name
    feedback.reopen(ticket, utcnow(), "BELUM, masih rusak")
    answered = record(ticket, "resumed", actor_kind="citizen")
    db.session.flush()
    reopened = [e for e in ticket.events if e.action == "reopened"][-1]
    assert reopened.actor_name == name and answered.actor_name == name


def test_a_nameless_citizen_stays_unnamed(app):
    ticket = factories.ticket(status="routed", created=utcnow())
    ticket.identity.display_name = None
    assert record(ticket, "resumed", actor_kind="citizen").actor_name == ""
