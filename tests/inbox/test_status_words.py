"""What a citizen's "cek" is told agrees with what they were told before."""

from __future__ import annotations

from aduan.extensions import db
from sla import clocks
from tests import factories
from tests.inbox.helpers import make_user
from ticketing import actions, status
from ticketing.models import utcnow


def test_a_status_check_names_the_desk_when_an_agent_resolved_it(app):
    """Resolved by an agent, the citizen heard "diselesaikan oleh Media Center Surabaya";
    a later "cek" said "selesai ditangani. Unit: Dinas Sumber Daya Air ..." instead."""
    ticket = factories.ticket(created=utcnow(), status="routed", opd="DSDABM")
    clocks.start(ticket, ticket.created_at)
    actions.resolve(ticket, actions.Actor.agent(make_user()), "Sudah kami cek")
    db.session.commit()
    said = status.line(ticket)
    assert "Media Center Surabaya" in said and "Bina Marga" not in said
