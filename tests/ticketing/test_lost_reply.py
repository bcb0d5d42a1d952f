"""An agent's reply that reached the citizen no way at all (Instagram outside its
window, no phone number to fall back on) did not answer them: the ticket said the desk
had replied while the citizen heard nothing. The desk's reply is taken back; a reply
whose fallback went out still counts. (An agent's reply never meets the OPD's first
response, so the clock was never met: ticketing/actions.py:reply.)"""

from __future__ import annotations

from aduan.extensions import db
from sla import clocks
from tests import factories
from tests.inbox.helpers import make_user
from ticketing import actions, outbox
from ticketing.models import utcnow


def _replied(channel: str):
    now = utcnow()
    ticket = factories.ticket(created=now, channel=channel)
    clocks.start(ticket, now)
    agent = actions.Actor.agent(make_user(email=f"balas-{channel}@example.org"))
    row = actions.reply(ticket, agent, "Laporan sedang ditindaklanjuti petugas.")
    db.session.flush()
    assert ticket.desk_replied_at is not None and ticket.first_responded_at is None
    return ticket, row


def test_a_reply_that_reached_nobody_is_not_the_first_response(app):
    ticket, row = _replied("instagram")
    db.session.commit()
    db.session.expire_all()  # the send job reads everything back from the database
    row.status = "failed"
    outbox.after_failure(row, None, "window_closed", utcnow())
    db.session.commit()
    assert ticket.desk_replied_at is None and ticket.first_responded_at is None
    assert clocks.get(ticket, "first_response").status == "running"
    assert ticket.awaited_due == clocks.get(ticket, "first_response").due_at
    actions_seen = [e.action for e in ticket.events]
    assert "answer_lost" in actions_seen


def test_an_officer_who_accepted_since_keeps_the_first_response(app):
    ticket, row = _replied("instagram")
    officer = factories.officer("Andi", opd=ticket.opd_code)
    actions.accept(ticket, actions.Actor.officer(officer, None))
    row.status = "failed"
    outbox.after_failure(row, None, "window_closed", utcnow())
    assert ticket.first_responded_at is not None
    assert clocks.get(ticket, "first_response").status == "met"
