"""A ticket an agent resolved before its unit answered (a bulk "Tandai selesai"), then
reopened by the citizen ("belum pak lampunya msh mati"): the deadline shown is the
resolution target (ticketing.models.awaited_due counts that resolution as the answer),
but the agent's and the officer's pages labelled it "Batas tanggapan", a 1x24 hour
promise, beside a date three working days away."""

from __future__ import annotations

from aduan import timefmt
from aduan.extensions import db
from tests.inbox.helpers import login, make_user, routed_link
from ticketing import actions, feedback
from ticketing.models import utcnow


def test_a_reopened_ticket_labels_its_resolution_target_as_such(app, client):
    ticket, token = routed_link(opd="DISHUB")
    agent = make_user()
    actions.resolve(ticket, actions.Actor.agent(agent), "")
    feedback.reopen(ticket, utcnow(), "belum pak lampunya msh mati")
    db.session.commit()
    assert ticket.is_open and ticket.first_responded_at is None
    assert ticket.awaited_due == ticket.resolution_due_at
    login(client, agent)
    page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    field = page.split("data-due>")[0].rsplit("<dt>", 1)[1]
    assert "Target selesai" in field, field
    assert timefmt.human(ticket.resolution_due_at) in page.split("data-due>")[1]
    officer = client.get(f"/o/{token}").get_data(as_text=True)
    assert "Target selesai:" in officer and "Batas tanggapan:" not in officer
