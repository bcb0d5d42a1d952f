"""A holding reply ("laporan sedang kami periksa") to a ticket still in triage answers
the citizen, but the desk still has to route it: the disposition clock runs on and
escalates. The agent must keep seeing that deadline (header, list, urgent sort, overdue
tab), not the resolution target days away."""

from __future__ import annotations

from datetime import timedelta

from aduan import timefmt
from aduan.extensions import db
from sla import clocks
from tests import factories
from tests.inbox.helpers import login, make_user
from ticketing import actions
from ticketing.models import utcnow


def _answered_in_triage():
    now = utcnow()
    ticket = factories.ticket(status="triage", opd=None, created=now)
    clocks.start(ticket, now)
    agent = actions.Actor.agent(make_user(email="penjawab@example.org"))
    actions.reply(ticket, agent, "Laporan sedang kami periksa, mohon ditunggu")
    return ticket


def _row(html: str, number: str) -> str:
    return html.split(f'data-number="{number}"')[1].split("</tr>")[0]


def test_a_holding_reply_in_triage_keeps_the_routing_deadline_in_view(client, app):
    ticket = _answered_in_triage()
    db.session.commit()
    routing = clocks.get(ticket, "triage")
    assert routing.status == "running" and ticket.desk_replied_at is not None
    assert ticket.first_responded_at is None  # the clock the OPD takes over runs on too
    assert ticket.awaited_due == routing.due_at
    assert ticket.queue_due_at == routing.due_at
    login(client, make_user("agent", email="agen@example.org"))
    html = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    label = html.split("data-due>")[0].rsplit("<dt>", 1)[1]
    due = html.split("data-due>")[1].split("</dd>")[0]
    assert label.startswith("Batas disposisi")
    assert timefmt.human(routing.due_at) in due
    row = _row(client.get("/inbox?view=triage").get_data(as_text=True), ticket.number)
    assert "ditanggapi" not in row and "sisa" in row


def test_a_triage_ticket_past_its_routing_deadline_is_overdue_after_a_holding_reply(client, app):
    ticket = _answered_in_triage()
    db.session.flush()
    ticket.first_response_due_at = utcnow() - timedelta(minutes=5)  # routing due passed
    ticket.resolution_due_at = utcnow() + timedelta(days=3)
    db.session.commit()
    login(client, make_user("agent", email="agen2@example.org"))
    listed = client.get("/inbox?view=overdue").get_data(as_text=True)
    assert f'data-number="{ticket.number}"' in listed
    assert "lewat" in _row(listed, ticket.number)
