"""An officer's page of a ticket merged into another's incident says which: the child's
link said only "digabung ke kejadian yang sama", the parent's "laporan lain bergabung"
once per report, with no number."""

from __future__ import annotations

from sqlalchemy import select

from aduan.extensions import db
from sla import clocks
from tests import factories
from ticketing import actions, incident_actions, links
from ticketing.models import OfficerLink, utcnow


def test_the_officer_sees_which_incident_a_ticket_belongs_to(client, app):
    officer = factories.officer("Andi", opd="DSDABM")
    agent = actions.Actor("agent", None, "Agen")
    parent, child, other = (
        factories.ticket(status="triage", opd=None, created=utcnow()) for _ in range(3)
    )
    for ticket in (parent, child, other):
        clocks.start(ticket, utcnow())
        actions.route(ticket, agent, "DSDABM")
    incident_actions.merge_incident(child, agent, parent.number)
    incident_actions.merge_incident(other, agent, parent.number)
    db.session.commit()
    rows = db.session.execute(select(OfficerLink).where(OfficerLink.officer_id == officer.id))
    token = {row.ticket_id: links.token_for(row) for row in rows.scalars()}
    child_page = client.get(f"/o/{token[child.id]}").get_data(as_text=True)
    assert f"Bagian dari kejadian {parent.number}" in child_page
    parent_page = client.get(f"/o/{token[parent.id]}").get_data(as_text=True)
    assert "2 laporan warga lain tentang kejadian yang sama" in parent_page
    assert "Bagian dari kejadian" not in parent_page
