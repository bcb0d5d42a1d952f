"""The forms that write on a ticket's timeline say its limit (ticketing.actions.MAX_TEXT):
a reply, note or answer over it was refused after the page reloaded, and the reloaded
form was empty, so the agent or officer lost everything they had written."""

from __future__ import annotations

import re

from aduan.extensions import db
from sla import clocks
from tests import factories
from tests.inbox.helpers import link_tokens, login, make_user
from ticketing import actions
from ticketing.models import utcnow

TEXTAREA = re.compile(r"<textarea\b[^>]*>")


def _limits(html: str) -> list[str | None]:
    found = []
    for tag in TEXTAREA.findall(html):
        limit = re.search(r'maxlength="(\d+)"', tag)
        found.append(limit.group(1) if limit else None)
    return found


def test_every_text_box_of_a_ticket_and_an_officer_page_has_the_limit(client, app):
    factories.officer("Andi", opd="DSDABM")
    ticket = factories.ticket(status="triage", opd=None, created=utcnow())
    ticket.contact.phone = "+6281234567890"
    clocks.start(ticket, utcnow())
    actions.route(ticket, actions.Actor("agent", None, "Agen"), "DSDABM")
    db.session.commit()
    (token,) = link_tokens("officer_notify").values()
    officer_page = client.get(f"/o/{token}").get_data(as_text=True)
    login(client, make_user("agent"))
    agent_page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    limit = str(actions.MAX_TEXT)
    assert len(_limits(agent_page)) >= 4 and set(_limits(agent_page)) == {limit}
    assert len(_limits(officer_page)) >= 4 and set(_limits(officer_page)) == {limit}
