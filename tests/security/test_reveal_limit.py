"""Revealing citizens' numbers is limited per staff user: the privacy log tells afterwards
who looked, but nothing stopped one agent's session from reading every contact's phone
number in a loop (POST /reveal/contact/1..N/phone)."""

from __future__ import annotations

import base64
import json

from sqlalchemy import func, select

from aduan.extensions import db
from inbox import lookups
from inbox.api import tokens
from tests import factories
from tests.inbox.helpers import csrf, login, make_user
from tests.payloads import fixture_json
from tests.security.test_malformed_webhooks import send_json, whatsapp_headers
from ticketing.models import Contact, PrivacyLog, Ticket, utcnow


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


def test_the_api_does_not_hand_out_numbers_inside_provider_message_ids(app, client):
    """A WhatsApp message id is a base64 record that holds the sender's number
    ("wamid.HBgNNjI4MTIz..." is 6281234567890): the API gave it with every message, so a
    read token listed every WhatsApp citizen's number, past REVEAL_LIMIT and the privacy
    log."""
    document = fixture_json("whatsapp_cloud/text.json")
    value = document["entry"][0]["changes"][0]["value"]
    number, wamid = value["messages"][0]["from"], value["messages"][0]["id"]
    assert number in base64.b64decode(wamid[6:] + "==").decode("latin-1")  # as Meta's are
    body = json.dumps(document).encode()
    send_json(client, app, "/webhooks/whatsapp", whatsapp_headers, "wamid", body)
    ticket = db.session.execute(select(Ticket)).scalar_one()
    owner = make_user("admin", email="api-reader@example.org")
    _, secret = tokens.issue(owner, "dashboard", ["tickets:read"])
    db.session.commit()
    answer = client.get(
        f"/api/v1/tickets/{ticket.number}", headers={"Authorization": f"Bearer {secret}"}
    )
    assert answer.status_code == 200
    shown = answer.get_data(as_text=True)
    assert wamid[6:20] not in shown and number not in shown
    assert answer.get_json()["messages"][0]["text"]  # the message itself is there


def test_searching_number_after_number_is_no_way_around_the_reveal(app, client, monkeypatch):
    """A page shows "+62812****7890": searching the 10 000 numbers it could be tells which
    one is a citizen's, without a reveal, past REVEAL_LIMIT and the privacy log. Each
    staff user may look up a few distinct numbers a day (lookups.PHONE_SEARCHES); the
    same number again (the inbox refreshing its results) costs nothing."""
    monkeypatch.setattr(lookups, "PHONE_SEARCHES", 3)
    ticket = factories.ticket(created=utcnow())
    db.session.commit()
    login(client, make_user())
    tried = [f"+6281234{n:04d}" for n in range(4)]
    codes = [client.get("/inbox", query_string={"q": q}).status_code for q in tried[:3]]
    assert codes == [200, 200, 200]
    assert client.get("/inbox", query_string={"q": tried[0]}).status_code == 200  # again
    assert client.get("/inbox", query_string={"q": tried[3]}).status_code == 429
    # words and ticket numbers are searched as before, and another agent has their own
    assert client.get("/inbox", query_string={"q": "jalan"}).status_code == 200
    assert client.get("/inbox", query_string={"q": ticket.number}).status_code == 200
    client.post("/logout", data={"csrf_token": csrf(client.get("/inbox").get_data(as_text=True))})
    login(client, make_user(email="other-agent@example.org"))
    assert client.get("/inbox", query_string={"q": tried[3]}).status_code == 200


def test_merging_number_after_number_is_no_way_around_the_reveal(app, client, monkeypatch):
    """The contact page's merge box takes a phone number too: merging the masked
    contact with each of the 10 000 numbers it could be answered "Itu kontak yang sama"
    for its own number, without a reveal, past the day's phone look-ups."""
    monkeypatch.setattr(lookups, "PHONE_SEARCHES", 3)
    ticket = factories.ticket(created=utcnow())
    ticket.contact.phone = "+6281234560007"
    db.session.commit()
    login(client, make_user())
    url = f"/contacts/{ticket.contact_id}"
    token = csrf(client.get(url).get_data(as_text=True))
    said = []
    for n in range(3, 9):
        answer = client.post(
            f"{url}/merge", data={"csrf_token": token, "other": f"0812 3456 {n:04d}"}
        )
        said.append(client.get(url).get_data(as_text=True) if answer.status_code == 302 else "")
    assert not any("kontak yang sama" in page for page in said)
    # a contact named by its number (#12) is no phone look-up
    other = factories.ticket(created=utcnow()).contact_id
    db.session.commit()
    merged = client.post(f"{url}/merge", data={"csrf_token": token, "other": f"#{other}"})
    assert merged.status_code == 302
    assert db.session.get(Contact, other).merged_into_id == ticket.contact_id
