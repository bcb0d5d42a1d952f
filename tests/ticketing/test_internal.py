"""Assignment and internal notes: recorded on the timeline, never sent to the citizen."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from aduan.extensions import db
from tests import factories
from tests.inbox.helpers import make_user
from ticketing import internal
from ticketing.actions import ActionError, Actor
from ticketing.models import Outbound, utcnow


def test_an_agent_assigns_and_unassigns_a_ticket(app):
    ticket = factories.ticket(created=utcnow())
    rina = make_user("agent", email="rina@example.org")
    boss = Actor.agent(make_user("supervisor", email="boss@example.org"))
    internal.assign(ticket, boss, rina)
    assert ticket.assignee_id == rina.id
    internal.assign(ticket, boss, None)
    db.session.commit()
    assert ticket.assignee_id is None
    actions = [e.action for e in ticket.events]
    assert actions.count("assigned") == 2


def test_a_note_keeps_its_mentions_and_tells_nobody_outside(app):
    ticket = factories.ticket(created=utcnow())
    rina = make_user("agent", email="rina_w@example.org")
    make_user("agent", email="rinaw@example.org")  # a near miss: "_" is not a wildcard
    author = Actor.agent(make_user("agent", email="budi@example.org"))
    before = db.session.execute(select(func.count()).select_from(Outbound)).scalar_one()
    note = internal.add_note(ticket, author, "@rina_w tolong cek foto kedua, @nobody.")
    db.session.commit()
    assert note.action == "note" and note.data["mentions"] == [rina.id]
    assert db.session.execute(select(func.count()).select_from(Outbound)).scalar_one() == before
    with pytest.raises(ActionError):
        internal.add_note(ticket, author, "   ")
