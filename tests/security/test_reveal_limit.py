"""Revealing citizens' numbers is limited per staff user: the privacy log tells afterwards
who looked, but nothing stopped one agent's session from reading every contact's phone
number in a loop (POST /reveal/contact/1..N/phone)."""

from __future__ import annotations

from sqlalchemy import func, select

from aduan.extensions import db
from tests import factories
from tests.inbox.helpers import csrf, login, make_user
from ticketing.models import PrivacyLog, utcnow


def test_one_user_cannot_reveal_every_citizens_number_at_once(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "REVEAL_LIMIT", "3 per minute")
    tickets = [factories.ticket(created=utcnow()) for _ in range(5)]
    db.session.commit()
    user = make_user()
    login(client, user)
    token = csrf(client.get(f"/tickets/{tickets[0].number}").get_data(as_text=True))
    codes = [
        client.post(f"/reveal/contact/{t.contact_id}/phone", data={"csrf_token": token}).status_code
        for t in tickets
    ]
    assert codes == [200, 200, 200, 429, 429]
    assert db.session.execute(select(func.count()).select_from(PrivacyLog)).scalar() == 3
    # another agent is not held up by the first one's reveals
    client.post("/logout", data={"csrf_token": token})
    login(client, make_user(email="other-agent@example.org"))
    page = client.get(f"/tickets/{tickets[4].number}").get_data(as_text=True)
    answer = client.post(
        f"/reveal/contact/{tickets[4].contact_id}/phone", data={"csrf_token": csrf(page)}
    )
    assert answer.status_code == 200


def test_an_identity_written_otherwise_than_the_page_does_is_not_found(app, client):
    """ " 12" and "0012" were read as identity 12 and logged as typed: 30 spaces overflowed
    the privacy log's column on PostgreSQL (a 500), and one reveal had several names."""
    ticket = factories.ticket(created=utcnow())
    db.session.commit()
    login(client, make_user())
    token = csrf(client.get(f"/tickets/{ticket.number}").get_data(as_text=True))
    base = f"/reveal/contact/{ticket.contact_id}/identity:"
    for written in (" " * 30 + str(ticket.identity_id), f"00{ticket.identity_id}"):
        answer = client.post(base + written, data={"csrf_token": token})
        assert answer.status_code == 404
    assert db.session.execute(select(func.count()).select_from(PrivacyLog)).scalar() == 0
    answer = client.post(base + str(ticket.identity_id), data={"csrf_token": token})
    assert answer.status_code == 200
