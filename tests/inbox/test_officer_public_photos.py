"""The officer page offers "photos may appear on the public tracking page" only for a
ticket the public pages list: an emergency or a PPID request never appears there."""

from __future__ import annotations

import pytest

from aduan.extensions import db
from sla import clocks
from tests import factories
from tests.inbox.helpers import link_tokens
from ticketing import actions
from ticketing.models import utcnow

CHOICE = 'name="photos_public"'


@pytest.mark.parametrize(
    ("kind", "opd", "offered"),
    [("complaint", "DSDABM", True), ("emergency", "DPKP", False), ("info_request", "PPID", False)],
)
def test_the_public_photo_choice_only_where_it_can_apply(client, app, kind, opd, offered):
    officer = factories.officer("Andi", opd=opd)
    ticket = factories.ticket(kind=kind, status="triage", opd=None, created=utcnow())
    clocks.start(ticket, utcnow())
    actions.route(ticket, actions.Actor("agent", None, "Agen"), opd)
    ticket.status = "in_progress"
    db.session.commit()
    page = client.get(f"/o/{link_tokens('officer_notify')[officer.id]}").get_data(as_text=True)
    assert "Kirim perkembangan" in page
    assert (CHOICE in page) is offered
