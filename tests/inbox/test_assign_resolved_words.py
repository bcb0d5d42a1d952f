"""Taking a ticket a colleague resolved a moment ago (the page was still open): the
refusal said "Laporan sudah ditutup." while the ticket was resolved, not closed, and the
citizen can still answer it. It says what the other actions say on the same page."""

from __future__ import annotations

from aduan.extensions import db
from tests import factories
from tests.inbox.helpers import csrf, login, make_user
from ticketing.models import utcnow


def test_taking_a_resolved_ticket_does_not_call_it_closed(client, app):
    ticket = factories.ticket(status="routed", opd="DSDABM", created=utcnow())
    db.session.commit()
    login(client, make_user("agent"))
    page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    ticket.status, ticket.resolved_at = "resolved", utcnow()  # a colleague resolves it
    db.session.commit()
    response = client.post(
        f"/tickets/{ticket.number}/assign", data={"user": "me", "csrf_token": csrf(page)}
    )
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Laporan sudah selesai atau ditutup." in shown
    assert "Laporan sudah ditutup." not in shown
    db.session.expire_all()
    assert ticket.assignee_id is None
