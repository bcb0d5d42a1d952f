"""The JSON API: token auth, filters, ticket detail."""

from __future__ import annotations

from aduan.extensions import db
from inbox.auth import issue_token
from sla import clocks
from tests import factories
from tests.inbox.helpers import make_user
from ticketing.models import utcnow


def token_for(role: str = "agent") -> str:
    user = make_user(role, email=f"api-{role}@example.org")
    token = issue_token(user)
    db.session.commit()
    return token


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_no_token_is_401(client):
    response = client.get("/api/v1/tickets")
    assert response.status_code == 401 and response.get_json()["error"] == "Unauthorized"
    assert client.get("/api/v1/tickets", headers=auth("adn_wrong")).status_code == 401


def test_tickets_can_be_filtered_by_status_opd_and_channel(client, app):
    token = token_for()
    factories.ticket(created=utcnow(), opd="DLH")
    factories.ticket(created=utcnow(), opd="DSDABM", status="triage")
    factories.ticket(created=utcnow(), opd="DSDABM", channel="sms")
    db.session.commit()
    data = client.get("/api/v1/tickets?opd=DSDABM", headers=auth(token)).get_json()
    assert data["count"] == 2
    data = client.get("/api/v1/tickets?status=triage", headers=auth(token)).get_json()
    assert [t["status"] for t in data["tickets"]] == ["triage"]
    data = client.get("/api/v1/tickets?channel=sms", headers=auth(token)).get_json()
    assert [t["channel"] for t in data["tickets"]] == ["sms"]
    assert client.get("/api/v1/tickets?limit=x", headers=auth(token)).status_code == 400


def test_ticket_detail_has_messages_due_times_and_events(client, app):
    token = token_for()
    ticket = factories.ticket(created=utcnow())
    clocks.start(ticket, utcnow())
    db.session.commit()
    data = client.get(f"/api/v1/tickets/{ticket.number}", headers=auth(token)).get_json()
    assert data["number"] == ticket.number and data["kind"] == "complaint"
    assert data["first_response_due_at"] and data["opd"] == "DSDABM"
    assert isinstance(data["messages"], list) and isinstance(data["events"], list)
    assert client.get("/api/v1/tickets/MC-2026-999999", headers=auth(token)).status_code == 404


def test_a_new_token_replaces_the_old_one(client, app):
    user = make_user("admin", email="rotate@example.org")
    old = issue_token(user)
    new = issue_token(user)
    db.session.commit()
    assert client.get("/api/v1/tickets", headers=auth(old)).status_code == 401
    assert client.get("/api/v1/tickets", headers=auth(new)).status_code == 200
