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
