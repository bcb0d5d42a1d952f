"""The agents' inbox: login, the queue sorted by due time, the ticket page, actions."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from aduan.extensions import db
from sla import clocks
from tests import factories
from tests.inbox.helpers import csrf, login, make_user
from ticketing import actions
from ticketing.models import Outbound, utcnow


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get("/inbox")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_wrong_password_is_refused(client, app):
    user = make_user()
    page = client.get("/login").get_data(as_text=True)
    response = client.post(
        "/login", data={"email": user.email, "password": "salah", "csrf_token": csrf(page)}
    )
    assert response.status_code == 200 and "salah" in response.get_data(as_text=True)


def test_login_without_csrf_token_is_refused(client, app):
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": "rahasia-123"})
    assert response.status_code == 400


def test_login_is_rate_limited(client, app):
    """Failures on one account stop at its limit (5 a minute); tests/security/test_login.py
    has the per-address limit and X-Forwarded-For rotation."""
    make_user()
    page = client.get("/login").get_data(as_text=True)
    codes = [
        client.post(
            "/login", data={"email": "x@example.org", "password": "y", "csrf_token": csrf(page)}
        ).status_code
        for _ in range(7)
    ]
    assert codes[:5] == [200] * 5 and codes[-1] == 429


def test_open_tickets_are_listed_most_urgent_first(client, app):
    monday = datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    later = factories.ticket(created=monday + timedelta(hours=5), summary="Sampah belum diangkut")
    sooner = factories.ticket(created=monday, summary="Got mampet")
    for item in (later, sooner):
        clocks.start(item, item.created_at)
    db.session.commit()
    login(client, make_user())
    html = client.get("/inbox").get_data(as_text=True)
    assert html.index(sooner.number) < html.index(later.number)
    assert "Got mampet" in html


def test_agent_reply_goes_out_on_the_citizens_channel(client, app):
    ticket = factories.ticket(created=utcnow())
    clocks.start(ticket, utcnow())
    db.session.commit()
    login(client, make_user())
    page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert ticket.summary in page
    response = client.post(
        f"/tickets/{ticket.number}/reply",
        data={"text": "Sudah kami teruskan ke DSDABM", "csrf_token": csrf(page)},
    )
    assert response.status_code == 302
    row = db.session.execute(select(Outbound)).scalar_one()
    assert row.channel == "telegram" and "Sudah kami teruskan" in row.text
    # the desk's reply is recorded; the OPD's first-response clock keeps counting
    db.session.refresh(ticket)
    assert ticket.desk_replied_at is not None and ticket.first_responded_at is None
    assert clocks.get(ticket, "first_response").status == "running"


def test_agent_routes_a_triage_ticket(client, app):
    officer = factories.officer("Dewi", opd="DLH")
    ticket = factories.ticket(created=utcnow(), status="triage", opd=None)
    clocks.start(ticket, utcnow())
    db.session.commit()
    login(client, make_user())
    page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    client.post(f"/tickets/{ticket.number}/route", data={"opd": "DLH", "csrf_token": csrf(page)})
    db.session.refresh(ticket)
    assert ticket.status == "routed" and ticket.opd_code == "DLH" and ticket.routed_by == "agent"
    assert clocks.get(ticket, "triage").status == "met"
    notified = db.session.execute(
        select(Outbound).where(Outbound.officer_id == officer.id)
    ).scalar_one()
    assert "[[link:" in notified.text and "/o/" not in notified.text


def test_a_route_from_a_page_loaded_before_a_colleagues_never_silently_overrides_it(client, app):
    """Two agents on one triage ticket: the one whose page was loaded before the other
    routed it sent it elsewhere without a word (the assignment already had this check)."""
    factories.officer("Dewi", opd="DLH")
    factories.officer("Bima", opd="DSDABM")
    ticket = factories.ticket(created=utcnow(), status="triage", opd=None)
    clocks.start(ticket, utcnow())
    db.session.commit()
    login(client, make_user())
    page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert 'name="seen" value=""' in page
    actions.route(ticket, actions.Actor("agent", None, "Rina"), "DSDABM")  # meanwhile
    db.session.commit()
    data = {"opd": "DLH", "seen": "", "csrf_token": csrf(page)}
    html = client.post(f"/tickets/{ticket.number}/route", data=data, follow_redirects=True)
    db.session.refresh(ticket)
    assert ticket.opd_code == "DSDABM"
    assert "Unit sudah diubah sejak halaman ini dibuka: kini " in html.get_data(as_text=True)
    data["seen"] = "DSDABM"  # seen, and routed on deliberately
    client.post(f"/tickets/{ticket.number}/route", data=data)
    db.session.refresh(ticket)
    assert ticket.opd_code == "DLH"


def test_unknown_ticket_is_404(client, app):
    login(client, make_user())
    assert client.get("/tickets/MC-2026-999999").status_code == 404


def test_the_search_field_never_sends_more_than_the_search_reads(client, app):
    """A long paste (a whole WhatsApp message) made a request line over gunicorn's 4094
    bytes: its English "Request Line is too large" page. The search reads 200 characters."""
    from ticketing import search

    login(client, make_user())
    html = client.get("/inbox").get_data(as_text=True)
    field = html.split('id="search"')[1].split(">")[0]
    assert f'maxlength="{search.MAX_QUERY}"' in field and search.MAX_QUERY <= 200
