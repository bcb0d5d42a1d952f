"""Routing a ticket to the unit that already handles it changes nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from aduan.extensions import db
from sla import clocks
from tests import factories
from tests.inbox.helpers import csrf, login, make_user
from ticketing.models import Outbound, utcnow


def test_routing_to_the_unit_already_handling_it_is_refused(client, app):
    """Sent again to its own unit (the route menu starts on it), an accepted ticket went
    back to "routed" without its officer and the citizen was told a second time."""
    officer = factories.officer("Pak Budi", opd="DLH")
    ticket = factories.ticket(created=utcnow(), status="in_progress", opd="DLH")
    ticket.assigned_officer_id = officer.id
    clocks.start(ticket, ticket.created_at)
    db.session.commit()
    sent = db.session.execute(select(func.count()).select_from(Outbound)).scalar()
    login(client, make_user())
    page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    response = client.post(
        f"/tickets/{ticket.number}/route",
        data={"csrf_token": csrf(page), "opd": "DLH"},
        follow_redirects=True,
    )
    assert "Laporan sudah diteruskan ke unit ini" in response.get_data(as_text=True)
    assert ticket.status == "in_progress" and ticket.assigned_officer_id == officer.id
    assert db.session.execute(select(func.count()).select_from(Outbound)).scalar() == sent
