"""Several reports of one pothole become one incident; every reporter hears its updates."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from aduan.extensions import db
from sla import clocks
from tests import factories
from ticketing import actions, incidents, triage
from ticketing.models import Outbound, utcnow
from ticketing.routing import Decision

OFFICER = None


def routed_complaint(
    summary: str, *, lat: float | None = None, lon: float | None = None, days_ago: float = 0
):
    now = utcnow() - timedelta(days=days_ago)
    ticket = factories.ticket(created=now, status="new", opd=None, summary=summary)
    ticket.latitude, ticket.longitude = lat, lon
    decision = Decision("complaint", "DSDABM", 0.95, "model: test", (("DSDABM", 0.95),))
    triage.apply(ticket, decision, now=now)
    db.session.commit()
    return ticket


def test_distance_is_in_metres():
    # Tugu Pahlawan to the Surabaya governor's office: about 1.1 km.
    assert 1000 < incidents.distance_m(-7.2458, 112.7378, -7.2459, 112.7477) < 1200


def test_a_similar_report_nearby_joins_the_open_incident(app):
    officer = factories.officer("Andi", opd="DSDABM")
    first = routed_complaint(
        "Jalan berlubang besar di Jl. Rungkut Madya depan masjid", lat=-7.3211, lon=112.7680
    )
    second = routed_complaint(
        "Ada lubang besar di jalan Rungkut Madya dekat masjid, bahaya", lat=-7.3220, lon=112.7684
    )
    assert second.incident_id == first.id
    notified = (
        db.session.execute(select(Outbound).where(Outbound.officer_id == officer.id))
        .scalars()
        .all()
    )
    assert len(notified) == 1  # officers work on the parent; no second notice


def test_the_same_text_far_away_is_a_different_incident(app):
    first = routed_complaint("Jalan berlubang besar depan masjid", lat=-7.3211, lon=112.7680)
    second = routed_complaint("Jalan berlubang besar depan masjid", lat=-7.2458, lon=112.7378)
    assert second.incident_id is None and first.incident_id is None


def test_an_old_report_is_not_linked(app):
    routed_complaint("Jalan berlubang besar di Jl. Rungkut Madya depan masjid", days_ago=5)
    second = routed_complaint("Jalan berlubang besar di Jl. Rungkut Madya depan masjid")
    assert second.incident_id is None


def test_different_problems_are_not_linked(app):
    routed_complaint("Jalan berlubang besar di Jl. Rungkut Madya depan masjid")
    second = routed_complaint("Jembatan kayu di Kalirungkut mulai lapuk dan miring")
    assert second.incident_id is None


def test_every_reporter_hears_the_resolution_with_their_own_number(app):
    first = routed_complaint("Jalan berlubang besar di Jl. Rungkut Madya depan masjid")
    second = routed_complaint("Ada lubang besar di jalan Rungkut Madya depan masjid")
    assert second.incident_id == first.id
    actions.resolve(first, actions.Actor("officer", None, "Andi"), "Sudah ditambal aspal")
    db.session.commit()
    db.session.refresh(second)
    assert second.status == "resolved"
    assert clocks.get(second, "resolution").status == "met"
    texts = (
        db.session.execute(
            select(Outbound.text).where(
                Outbound.ticket_id == second.id, Outbound.purpose == "resolved"
            )
        )
        .scalars()
        .all()
    )
    assert len(texts) == 1 and second.number in texts[0] and first.number not in texts[0]


def test_agents_can_merge_and_unlink(app):
    agent = actions.Actor("agent", None, "Agen")
    first = routed_complaint("Saluran air depan rumah di Jl. Tenggilis tersumbat sampah")
    other = routed_complaint("Aspal Jl. Tenggilis Mejoyo mengelupas panjang")
    assert other.incident_id is None
    actions.merge_incident(other, agent, first.number)
    db.session.commit()
    assert other.incident_id == first.id
    assert [m.id for m in incidents.members(first)] == [other.id]
    actions.unlink_incident(other, agent)
    db.session.commit()
    assert other.incident_id is None
