"""An agent's incident action that cannot be done is refused in Indonesian, not with
ticketing.incidents' English ("not part of an incident")."""

from __future__ import annotations

import pytest

from aduan.extensions import db
from tests import factories
from ticketing import incident_actions
from ticketing.actions import ActionError, Actor
from ticketing.models import utcnow

AGENT = Actor("agent", None, "Agen")


def test_confirming_or_unlinking_a_ticket_outside_any_incident(app):
    ticket = factories.ticket(opd="DISHUB", created=utcnow())
    db.session.commit()
    for act in (incident_actions.confirm_incident, incident_actions.unlink_incident):
        with pytest.raises(ActionError) as caught:
            act(ticket, AGENT)
        assert str(caught.value) == "Laporan ini sudah tidak menjadi bagian dari kejadian mana pun."


def test_merging_a_parent_into_its_own_member(app):
    parent = factories.ticket(opd="DISHUB", created=utcnow())
    member = factories.ticket(opd="DISHUB", created=utcnow())
    incident_actions.merge_incident(member, AGENT, parent.number)
    with pytest.raises(ActionError) as caught:
        incident_actions.merge_incident(parent, AGENT, member.number)
    assert str(caught.value) == "Laporan ini sudah menjadi induk kejadian tersebut."


def test_an_open_ticket_is_not_merged_into_a_finished_incident(app):
    """Merged into a resolved parent, an open ticket got its first response and its
    resolution clock marked met although nobody had answered its citizen."""
    done = factories.ticket(opd="DSDABM", status="resolved", created=utcnow())
    member = factories.ticket(opd="DSDABM", status="resolved", created=utcnow())
    member.incident_id = done.id
    fresh = factories.ticket(opd="SATPOLPP", created=utcnow())
    db.session.commit()
    for parent in (done, member):  # the member's incident is the finished parent's
        with pytest.raises(ActionError) as caught:
            incident_actions.merge_incident(fresh, AGENT, parent.number)
        assert str(caught.value) == "Laporan induk sudah selesai atau ditutup."
    assert fresh.incident_id is None and fresh.first_responded_at is None
    with pytest.raises(ActionError) as caught:
        incident_actions.merge_incident(fresh, AGENT, fresh.number)
    assert str(caught.value) == "Laporan tidak dapat digabung ke dirinya sendiri."
