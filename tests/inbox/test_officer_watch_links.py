"""Supervisors and the mayor's office follow an escalated ticket through their links but
do not act on it: the OPD handles it, the Media Center acts in its inbox. The OPD head
on the same ladder, and the 112 desk on an emergency, still act through theirs."""

from __future__ import annotations

from datetime import timedelta

import pytest

from aduan.extensions import db
from sla import clocks
from tests import factories
from tests.inbox.helpers import form_fields, link_tokens
from ticketing import escalations
from ticketing.models import TicketEvent, utcnow


@pytest.fixture
def escalated(app):
    """A DSDABM ticket whose first-response clock is long past: every step was sent."""
    people = {
        "officer": factories.officer("Petugas DSDABM", opd="DSDABM"),
        "head": factories.officer("Kepala DSDABM", opd="DSDABM", role="head"),
        "supervisor": factories.officer("Supervisor MC", group="SUPERVISORS"),
        "mayor": factories.officer("Kantor Wali Kota", group="MAYOR"),
    }
    start = utcnow() - timedelta(days=6)
    ticket = factories.ticket(created=start)
    ticket.contact.phone = "+6281234567890"
    clocks.start(ticket, start)
    db.session.commit()
    assert escalations.sweep(utcnow()) >= 3  # every step of the clocks it runs
    db.session.commit()
    return ticket, people, link_tokens()


def events(ticket) -> list[str]:
    return [e.action for e in db.session.query(TicketEvent).filter_by(ticket_id=ticket.id)]


@pytest.mark.parametrize("who", ["supervisor", "mayor"])
def test_a_watching_link_shows_the_ticket_and_offers_no_action(client, escalated, who):
    ticket, people, tokens = escalated
    page = client.get(f"/o/{tokens[people[who].id]}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert ticket.number in html and "untuk memantau laporan" in html
    assert "/accept" not in html and "/resolve" not in html and "/reject" not in html
    assert "/reveal" not in html and "+6281234567890" not in html


@pytest.mark.parametrize("who", ["supervisor", "mayor"])
@pytest.mark.parametrize("action", ["accept", "resolve", "reject", "ask", "reveal"])
def test_a_crafted_action_on_a_watching_link_is_refused_and_changes_nothing(
    client, escalated, who, action
):
    ticket, people, tokens = escalated
    token = tokens[people[who].id]
    status, before = ticket.status, events(ticket)
    officer_page = client.get(f"/o/{tokens[people['head'].id]}")  # a form's csrf and key
    data = {**form_fields(officer_page.get_data(as_text=True)), "note": "x", "reason": "x"}
    answer = client.post(f"/o/{token}/{action}", data={**data, "question": "x"})
    assert answer.status_code == 403
    assert "hanya untuk memantau" in answer.get_data(as_text=True)  # not "your account"
    db.session.refresh(ticket)
    assert ticket.status == status and events(ticket) == before


def test_the_opd_head_on_the_same_ladder_still_acts(client, escalated):
    ticket, people, tokens = escalated
    token = tokens[people["head"].id]
    html = client.get(f"/o/{token}").get_data(as_text=True)
    assert "/accept" in html and "untuk memantau laporan" not in html
    answer = client.post(f"/o/{token}/accept", data=form_fields(html))
    assert answer.status_code == 302
    db.session.refresh(ticket)
    assert ticket.status == "in_progress"
