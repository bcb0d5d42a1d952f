"""Merging a ticket into the incident it already belongs to changes nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from aduan.extensions import db
from sla import clocks
from tests import factories
from tests.inbox.helpers import csrf, login, make_user
from ticketing.models import TicketEvent, utcnow


def _ticket():
    item = factories.ticket(created=utcnow(), status="routed", opd="DLH")
    clocks.start(item, item.created_at)
    db.session.commit()
    return item


def test_merging_twice_into_the_same_parent_is_refused_not_recorded_again(client, app):
    """A second bulk merge of the same ticket said "1 laporan diproses" and wrote another
    "digabung" line on both timelines each time."""
    parent, child = _ticket(), _ticket()
    login(client, make_user())
    token = csrf(client.get("/inbox").get_data(as_text=True))
    form = {"action": "merge", "parent": parent.number, "ticket": [child.number]}
    client.post("/inbox/bulk", data={**form, "csrf_token": token}, follow_redirects=True)
    again = client.post("/inbox/bulk", data={**form, "csrf_token": token}, follow_redirects=True)
    html = again.get_data(as_text=True)
    assert "1 laporan diproses" not in html and f"{child.number}:" in html
    linked = db.session.execute(
        select(func.count())
        .select_from(TicketEvent)
        .where(TicketEvent.ticket_id == child.id, TicketEvent.action == "incident_linked")
    ).scalar()
    assert linked == 1 and child.incident_id == parent.id
