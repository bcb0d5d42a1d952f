"""An officer revealing the citizen's number on their link page is in the privacy log,
as a staff reveal is: who (the officer), which ticket and contact, which field, when."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from aduan.extensions import db
from sla import clocks
from tests import factories
from tests.inbox.helpers import form_fields, link_tokens
from ticketing import actions
from ticketing.models import PrivacyLog, TicketEvent, utcnow


def test_an_officer_reveal_is_in_the_privacy_log(client, app):
    officer = factories.officer("Andi", opd="DSDABM")
    ticket = factories.ticket(status="triage", opd=None, created=utcnow())
    ticket.contact.phone = "+6281234567890"
    clocks.start(ticket, utcnow())
    actions.route(ticket, actions.Actor("agent", None, "Agen"), "DSDABM")
    db.session.commit()
    token = link_tokens("officer_notify")[officer.id]
    page = client.get(f"/o/{token}").get_data(as_text=True)
    assert db.session.execute(select(PrivacyLog)).first() is None

    before = utcnow()
    html = client.post(f"/o/{token}/reveal", data=form_fields(page)).get_data(as_text=True)
    assert "+6281234567890" in html
    (row,) = db.session.execute(select(PrivacyLog)).scalars()
    assert (row.action, row.field) == ("reveal", "phone")
    assert (row.actor_kind, row.actor_id, row.actor_name) == ("officer", officer.id, "Andi")
    assert (row.ticket_id, row.contact_id) == (ticket.id, ticket.contact_id)
    assert before - timedelta(seconds=1) <= row.at <= utcnow()
    assert "+6281234567890" not in row.note and token not in row.note
    # one timeline entry for it, as before
    seen = db.session.execute(
        select(TicketEvent.action).where(TicketEvent.ticket_id == ticket.id)
    ).scalars()
    assert [a for a in seen if "revealed" in a] == ["phone_revealed"]
