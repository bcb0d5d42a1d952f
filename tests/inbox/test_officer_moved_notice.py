"""When a ticket leaves a unit (re-routed, returned to the desk, merged into another
unit's incident), that unit's officers are told through the outbox, and their old link's
page says where it went, with no actions: they kept a link to a ticket no longer theirs
and heard nothing."""

from __future__ import annotations

from sqlalchemy import select

from aduan.extensions import db
from sla import clocks
from tests import factories
from tests.inbox.helpers import link_tokens
from ticketing import actions, incident_actions
from ticketing.models import Outbound, utcnow

AGENT = actions.Actor("agent", None, "Agen")


def _routed(opd: str):
    ticket = factories.ticket(status="triage", opd=None, created=utcnow())
    clocks.start(ticket, utcnow())
    actions.route(ticket, AGENT, opd)
    db.session.commit()
    return ticket


def _notices(officer) -> list[str]:
    stmt = select(Outbound.text).where(
        Outbound.officer_id == officer.id, Outbound.purpose == "officer_moved"
    )
    return list(db.session.execute(stmt).scalars())


def test_a_rerouted_tickets_old_officer_is_told_and_the_link_offers_nothing(client):
    old = factories.officer("Andi", opd="DSDABM")
    new = factories.officer("Budi", opd="DLH")
    ticket = _routed("DSDABM")
    token = link_tokens("officer_notify")[old.id]
    actions.route(ticket, AGENT, "DLH")
    db.session.commit()
    (notice,) = _notices(old)
    assert ticket.number in notice and "DLH" in notice
    assert "tidak lagi ditangani unit Anda" in notice
    assert _notices(new) == []
    response = client.get(f"/o/{token}")
    page = response.get_data(as_text=True)
    assert response.status_code == 410
    assert "tidak lagi ditangani unit Anda" in page and "<textarea" not in page
    actions.route(ticket, AGENT, "DSDABM")  # back again: told once, not again
    actions.route(ticket, AGENT, "DLH")
    db.session.commit()
    assert len(_notices(old)) == 2 and len(_notices(new)) == 1


def test_a_ticket_merged_into_another_units_incident_tells_the_old_officer(client):
    old = factories.officer("Andi", opd="DSDABM")
    factories.officer("Budi", opd="DLH")
    parent = _routed("DLH")
    child = _routed("DSDABM")
    token = link_tokens("officer_notify")[old.id]
    incident_actions.merge_incident(child, AGENT, parent.number)
    db.session.commit()
    (notice,) = _notices(old)
    assert child.number in notice and parent.number in notice and "digabungkan" in notice
    response = client.get(f"/o/{token}")
    page = response.get_data(as_text=True)
    assert response.status_code == 410
    assert f"digabungkan dengan laporan {parent.number}" in page
    assert "<textarea" not in page and "<button" not in page


def test_an_officer_returning_a_ticket_is_not_told_their_own_move(client):
    old = factories.officer("Andi", opd="DSDABM")
    other = factories.officer("Cici", opd="DSDABM")
    ticket = _routed("DSDABM")
    actions.reject(ticket, actions.Actor.officer(old, None), "Bukan saluran kami")
    db.session.commit()
    assert _notices(old) == []
    (notice,) = _notices(other)
    assert "dikembalikan ke Media Center" in notice
