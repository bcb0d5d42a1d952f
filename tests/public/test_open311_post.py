"""Open311 POST requests: partner keys, the spec's errors, and the same pipeline as a
chat message (routing, SLA clocks, officers told, acknowledgement where there is a
phone number), then the request as GET shows it, open and after resolve closed."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from aduan.extensions import db
from sla.models import Clock
from tests import factories
from tests.public.helpers import jpeg, partner_key
from ticketing import actions, open311_keys
from ticketing.models import Attachment, Open311Key, Outbound, Ticket, TicketEvent

BASE = "/open311/v2"
POTHOLE = {
    "service_code": "jalan-rusak",
    "lat": "-7.2656",
    "long": "112.7418",
    "description": "Lubang besar di tengah jalan dekat halte, motor sering jatuh",
    "attribute[ukuran]": "besar",
}


def post(client, fmt: str = "json", **data):
    response = client.post(f"{BASE}/requests.{fmt}", data=data)
    body = json.loads(response.data) if fmt == "json" else response.data.decode()
    return response.status_code, body


def token_of(client, token: str) -> str | None:
    response = client.get(f"{BASE}/tokens/{token}.json")
    assert response.status_code == 200, response.data
    return json.loads(response.data)[0]["service_request_id"]


def test_keys_are_hashed_checked_and_revocable(app, client):
    key = partner_key("Aplikasi Mitra")
    row = db.session.execute(select(Open311Key)).scalar_one()
    assert key not in (row.key_hash, row.prefix) and len(row.key_hash) == 64
    assert post(client, **POTHOLE)[0] == 403  # no key
    wrong = key[:-1] + ("y" if key.endswith("x") else "x")
    status, body = post(client, api_key=wrong, **POTHOLE)
    assert status == 403 and body[0]["code"] == 403 and "api_key" in body[0]["description"]
    status, body = post(client, api_key=key, **POTHOLE)
    assert status == 200 and body[0]["token"]
    open311_keys.revoke(row.id)
    db.session.commit()
    assert post(client, api_key=key, **POTHOLE)[0] == 403
    assert db.session.execute(select(Ticket)).first() is None


@pytest.mark.parametrize(
    ("change", "status", "word"),
    [
        ({"service_code": None}, 400, "service_code"),
        ({"service_code": "tidak-ada"}, 404, "not found"),
        ({"lat": None, "long": None}, 400, "location"),
        ({"long": None}, 400, "together"),
        ({"lat": "utara"}, 400, "number"),
        ({"description": "x" * 4001}, 400, "4000"),
        ({"attribute[ukuran]": "raksasa"}, 400, "ukuran"),
        ({"phone": "12"}, 400, "phone"),
        ({"media_url": "javascript:alert(1)"}, 400, "media_url"),
    ],
)
def test_bad_posts_get_the_spec_errors_and_store_nothing(app, client, change, status, word):
    data = dict(POTHOLE, api_key=partner_key(), **change)
    data = {k: v for k, v in data.items() if v is not None}
    got, body = post(client, **data)
    assert got == status and word in body[0]["description"]
    got, text = post(client, "xml", **data)
    assert got == status and "<errors><error><code>" in text
    assert db.session.execute(select(Ticket)).first() is None


def test_a_posted_request_goes_through_the_pipeline_and_closes_after_resolve(app, client, drain):
    officer = factories.officer("Petugas Jalan", opd="DSDABM")
    key = partner_key()
    status, body = post(client, api_key=key, address_string="Jl. Tunjungan, Genteng", **POTHOLE)
    assert status == 200 and "service_request_id" not in body[0]
    token = body[0]["token"]
    assert token_of(client, token) is None  # stored, not yet processed
    drain()
    number = token_of(client, token)
    ticket = db.session.execute(select(Ticket).where(Ticket.number == number)).scalar_one()
    assert (ticket.channel, ticket.kind, ticket.status) == ("open311", "complaint", "routed")
    assert (ticket.opd_code, ticket.service_code, ticket.kecamatan) == (
        "DSDABM",
        "jalan-rusak",
        "Genteng",
    )
    assert "Seberapa besar kerusakannya: Besar" in ticket.summary
    kinds = {c.kind for c in db.session.execute(select(Clock)).scalars()}
    assert {"first_response", "resolution"} <= kinds
    rows = db.session.execute(select(Outbound)).scalars().all()
    assert [r.officer_id for r in rows] == [officer.id]  # officers told; no citizen row
    one = json.loads(client.get(f"{BASE}/requests/{number}.json").data)[0]
    assert one["status"] == "open" and one["service_code"] == "jalan-rusak"
    assert one["status_notes"].startswith("Diteruskan ke Dinas Sumber Daya Air")
    actions.resolve(ticket, actions.Actor.officer(officer, None), "Lubang sudah ditambal")
    db.session.commit()
    one = json.loads(client.get(f"{BASE}/requests/{number}.json").data)[0]
    assert one["status"] == "closed" and one["expected_datetime"] is None
    assert one["status_notes"] == "Selesai ditangani: Lubang sudah ditambal"
    xml = client.get(f"{BASE}/requests.xml", query_string={"status": "closed"}).data.decode()
    assert f"<service_request_id>{number}</service_request_id>" in xml


def test_a_post_with_a_phone_number_is_acknowledged_by_sms_with_the_tracking_link(
    app, client, drain
):
    key = partner_key()
    status, body = post(client, api_key=key, phone="0812-3456-7890", first_name="Budi", **POTHOLE)
    drain()
    number = token_of(client, body[0]["token"])
    ack = db.session.execute(select(Outbound).where(Outbound.purpose == "ack")).scalar_one()
    assert (ack.channel, ack.recipient) == ("sms", "+6281234567890")
    assert ack.status == "sent"  # through the fake Twilio, like any SMS
    assert f"https://aduan.example.org/lacak/{number}" in ack.text
    one = client.get(f"{BASE}/requests/{number}.json").get_data(as_text=True)
    assert "Budi" not in one and "3456" not in one


def test_an_emergency_posted_as_a_pothole_still_goes_to_112_and_is_not_listed(app, client, drain):
    key = partner_key()
    data = dict(POTHOLE, description="TOLONG ada kebakaran rumah di gang 3, api besar!!")
    status, body = post(client, api_key=key, **data)
    drain()
    ticket = db.session.execute(select(Ticket)).scalar_one()
    assert ticket.kind == "emergency"
    response = client.get(f"{BASE}/tokens/{body[0]['token']}.json")
    assert response.status_code == 404 and ticket.number not in response.get_data(as_text=True)
    assert json.loads(client.get(f"{BASE}/requests.json").data) == []


def test_a_posted_photo_is_checked_reencoded_and_published(app, client, drain, tmp_path):
    key = partner_key()
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    response = client.post(
        f"{BASE}/requests.json",
        data=dict(POTHOLE, api_key=key, media=(__import__("io").BytesIO(svg), "x.svg")),
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    response = client.post(
        f"{BASE}/requests.json",
        data=dict(POTHOLE, api_key=key, media=(__import__("io").BytesIO(jpeg(gps=True)), "p.jpg")),
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    drain()
    item = db.session.execute(select(Attachment)).scalar_one()
    assert (item.status, item.public, item.mime_type) == ("stored", True, "image/jpeg")
    number = db.session.execute(select(Ticket.number)).scalar_one()
    one = json.loads(client.get(f"{BASE}/requests/{number}.json").data)[0]
    assert one["media_url"] == f"https://aduan.example.org/lacak/{number}/foto/{item.id}"
    photo = client.get(f"/lacak/{number}/foto/{item.id}")
    assert photo.status_code == 200 and photo.content_type == "image/jpeg"
    assert photo.headers["X-Content-Type-Options"] == "nosniff"
    assert b"PhoneMaker" not in photo.data and b"Exif" not in photo.data  # metadata gone


def test_posts_are_rate_limited_per_partner(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "OPEN311_POST_LIMIT", "2 per minute")
    key, other = partner_key("A"), partner_key("B")
    assert [post(client, api_key=key, **POTHOLE)[0] for _ in range(3)] == [200, 200, 429]
    assert post(client, api_key=other, **POTHOLE)[0] == 200


def test_made_up_keys_share_the_address_limit(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "OPEN311_POST_LIMIT", "2 per minute")
    made_up = [
        post(client, api_key=f"{open311_keys.KEY_PREFIX}x{n}", **POTHOLE)[0] for n in range(3)
    ]
    assert made_up == [403, 403, 429]  # not a fresh bucket per invented key
    assert post(client, api_key=partner_key("A"), **POTHOLE)[0] == 200  # partners keep their own


def test_a_foreign_jurisdiction_leaves_nothing_half_written(app, client):
    # The key's last use was written and the 404 raised without a rollback: the
    # half-done UPDATE held the database's write lock, and the next report got a 503.
    key = partner_key()
    got, body = post(client, **POTHOLE, api_key=key, jurisdiction_id="other.city.gov")
    assert got == 404 and "jurisdiction_id" in body[0]["description"]
    assert not db.session.dirty
    got, body = post(client, **POTHOLE, api_key=key)
    assert got == 200 and body[0]["token"]


def test_one_typed_number_gets_a_few_first_replies_however_many_reports_name_it(app, client, drain):
    """A partner's app (runaway or abused) files report after report with one phone
    number: every report is kept and handled, the number gets three texts an hour."""
    key = partner_key()
    for n in range(5):
        data = dict(POTHOLE, description=f"Lubang besar di jalan dekat halte nomor {n}")
        status, _ = post(client, api_key=key, phone="0812-3456-7890", **data)
        assert status == 200
    drain()
    assert len(db.session.execute(select(Ticket)).scalars().all()) == 5
    acks = db.session.execute(select(Outbound).where(Outbound.purpose == "ack")).scalars().all()
    assert [a.recipient for a in acks] == ["+6281234567890"] * 3
    withheld = select(TicketEvent).where(TicketEvent.action == "reply_withheld")
    events = db.session.execute(withheld).scalars().all()  # the agents see why, per ticket
    assert len(events) == 2 and {e.data["purpose"] for e in events} == {"ack"}
    assert {e.ticket_id for e in events}.isdisjoint(a.ticket_id for a in acks)
    # another number is not held back
    post(client, api_key=key, phone="0813-1111-2222", **POTHOLE)
    drain()
    rows = db.session.execute(select(Outbound.recipient).where(Outbound.purpose == "ack"))
    assert sorted(rows.scalars()) == ["+6281234567890"] * 3 + ["+6281311112222"]
