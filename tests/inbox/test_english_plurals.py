"""Counts read as good English on staff screens: "1 report", "1 link", not "1 reports"
(Indonesian has one form; the English catalogue has both)."""

from __future__ import annotations

from flask_babel import refresh

from aduan.extensions import db
from tests import factories
from tests.inbox.helpers import csrf, login, make_user
from ticketing import actions
from ticketing.models import utcnow


def _english(client):
    client.get("/lang/en")
    refresh()  # the test's app context outlives requests and caches the locale


def _flashed(client, response) -> str:
    return client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_drill_down_of_one_ticket_says_one_report(client, app):
    factories.ticket(created=utcnow(), status="triage", opd=None)
    db.session.commit()
    login(client, make_user("supervisor"))
    _english(client)
    html = client.get("/reports/tickets").get_data(as_text=True)
    assert "· 1 report</p>" in html and "1 reports" not in html
    factories.ticket(created=utcnow(), status="triage", opd=None)
    db.session.commit()
    assert "· 2 reports</p>" in client.get("/reports/tickets").get_data(as_text=True)
    client.get("/lang/id")
    refresh()
    assert "· 2 laporan</p>" in client.get("/reports/tickets").get_data(as_text=True)


def test_a_bulk_action_on_one_ticket_says_one_ticket(client, app):
    ticket = factories.ticket(created=utcnow(), status="routed", opd="DSDABM")
    db.session.commit()
    login(client, make_user())
    _english(client)
    form = {"csrf_token": csrf(client.get("/inbox").get_data(as_text=True))}
    form.update(ticket=ticket.number, action="assign")
    response = client.post("/inbox/bulk", data=form, headers={"Referer": "/inbox"})
    assert f"1 ticket processed: {ticket.number}." in _flashed(client, response)


def test_revoking_one_officer_link_says_one_link(client, app):
    officer = factories.officer("Andi", opd="DSDABM")
    ticket = factories.ticket(created=utcnow(), status="triage", opd=None)
    actions.route(ticket, actions.Actor("agent", None, "Agen"), "DSDABM")
    db.session.commit()
    login(client, make_user("admin"))
    _english(client)
    token = csrf(client.get("/admin/opd/DSDABM").get_data(as_text=True))
    response = client.post(f"/admin/officers/{officer.id}/revoke", data={"csrf_token": token})
    assert "1 link of Andi revoked." in _flashed(client, response)
    response = client.post(f"/admin/tickets/{ticket.number}/revoke", data={"csrf_token": token})
    assert f"0 officer links for {ticket.number} revoked." in _flashed(client, response)


def test_the_map_count_has_a_label_for_one_ticket(client, app):
    login(client, make_user())
    _english(client)
    html = client.get("/inbox/map").get_data(as_text=True)
    assert 'data-label-count-one="{n} ticket with a location"' in html
    assert 'data-label-count="{n} tickets with a location"' in html
