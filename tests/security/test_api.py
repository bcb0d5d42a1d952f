"""Attacks on the JSON API's bounds: every bad parameter is a clear 400 (never a 500,
never an empty list that hides a typo), odd identifiers are 404s, and a token is only
ever read from the Authorization header."""

from __future__ import annotations

import pytest

from aduan.extensions import db
from inbox.api import tokens
from tests import factories
from tests.inbox.helpers import make_user
from ticketing.models import utcnow


@pytest.fixture
def token(app):
    owner = make_user("admin", email="sec-api@example.org")
    _, secret = tokens.issue(owner, "attacker's own token", tokens.allowed(owner))
    factories.ticket(created=utcnow())
    db.session.commit()
    return secret


def get(client, token, url):
    return client.get(url, headers={"Authorization": f"Bearer {token}"})


@pytest.mark.parametrize(
    "query",
    [
        "limit=0",
        "limit=-1",
        "limit=501",
        "limit=abc",
        "limit=1e3",
        "limit=" + "9" * 400,
        "before_id=0",
        "before_id=-5",
        f"before_id={2**63}",
        f"before_id={2**64 + 1}",
        "before_id=" + "9" * 5000,
        "status=routd",
        "status=routed,nope",
        "kind=complaint,spam",
        "channel=fax",
        "opd=NOPE",
        "opd=" + "X" * 300,
        "sort=id",
        "status=%00",
    ],
)
def test_bad_list_parameters_are_400(client, token, query):
    response = get(client, token, f"/api/v1/tickets?{query}")
    assert response.status_code == 400, response.get_data(as_text=True)
    assert response.get_json()["error"] == "Bad Request"


@pytest.mark.parametrize("before_id", [2**31 - 1, 2**31, 2**63 - 1])
def test_the_largest_valid_values_still_work(client, token, before_id):
    data = get(client, token, f"/api/v1/tickets?limit=500&before_id={before_id}").get_json()
    assert data["count"] == 1 and len(data["tickets"]) == 1


@pytest.mark.parametrize(
    "number",
    ["MC-2026-000001' OR '1'='1", "..%2F..%2Fetc%2Fpasswd", "x" * 5000, "MC-2026-" + "9" * 40],
)
def test_odd_ticket_numbers_are_404(client, token, number):
    assert get(client, token, f"/api/v1/tickets/{number}").status_code == 404


@pytest.mark.parametrize(
    "query",
    ["dim=nope", "start=2026-02-30", "days=0", "days=99999", "kind=spam", "metric=x", "foo=1"],
)
def test_bad_report_parameters_are_400(client, token, query):
    assert get(client, token, f"/api/v1/reports/tickets?{query}").status_code == 400


@pytest.mark.parametrize("token_id", [2**31, 2**63, 2**64])
def test_token_ids_past_the_columns_range_are_404(client, token, token_id):
    response = client.delete(
        f"/api/v1/tokens/{token_id}", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    "body",
    ["not json", "[1, 2]", '"text"', '{"text": 5}', '{"text": "ok", "admin": true}', "{}"],
)
def test_bad_bodies_are_400_and_change_nothing(client, token, body):
    number = get(client, token, "/api/v1/tickets").get_json()["tickets"][0]["number"]
    response = client.post(
        f"/api/v1/tickets/{number}/reply",
        data=body,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    detail = get(client, token, f"/api/v1/tickets/{number}").get_json()
    assert detail["outbox"] == [] and detail["first_responded_at"] is None


def test_an_overlong_reply_is_400(client, token):
    number = get(client, token, "/api/v1/tickets").get_json()["tickets"][0]["number"]
    response = client.post(
        f"/api/v1/tickets/{number}/reply",
        json={"text": "a" * 4001},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 400


def test_a_token_in_the_query_string_or_another_scheme_is_refused(client, token):
    assert client.get(f"/api/v1/tickets?access_token={token}").status_code == 401
    assert (
        client.get("/api/v1/tickets", headers={"Authorization": f"Basic {token}"}).status_code
        == 401
    )
    assert (
        client.get(
            "/api/v1/tickets", headers={"Authorization": "Bearer " + "a" * 10000}
        ).status_code
        == 401
    )


@pytest.mark.parametrize(
    "url", ["/api/v1/tickets", "/api/v1/reports/summary", "/api/v1/tokens", "/api/v1/tickets/{n}"]
)
def test_head_needs_the_token_get_needs(client, app, url):
    """HEAD runs the GET view: without a token it answered 200 with the full body's
    Content-Length (a ticket's existence and size, reports computed for anyone)."""
    ticket = factories.ticket(created=utcnow())
    db.session.commit()
    url = url.format(n=ticket.number)
    assert client.head(url).status_code == 401
    owner = make_user("agent", email="head-agent@example.org")
    _, secret = tokens.issue(owner, "reader", ["tickets:read"])
    db.session.commit()
    answer = client.head(url, headers={"Authorization": f"Bearer {secret}"})
    expected = 200 if url.startswith("/api/v1/tickets") else 403
    assert answer.status_code == expected
