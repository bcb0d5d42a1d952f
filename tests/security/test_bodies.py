"""Oversized bodies: MAX_REQUEST_BYTES (1 MiB) on every route, UPLOAD_MAX_BYTES only on
the routes that take files (/lapor, Open311 POST, officers' evidence). Too big is a
clear 413 (a page in Bahasa Indonesia, JSON for programs), never a 500 and never read;
a phone photo under the upload limit still gets in."""

from __future__ import annotations

import io
import json
import os

import pytest
from PIL import Image
from sqlalchemy import select

from aduan.extensions import db
from inbox.api import tokens
from tests import factories
from tests.inbox.helpers import csrf, form_fields, link_tokens, login, make_user
from tests.public.helpers import form, partner_key
from ticketing import actions
from ticketing.models import Attachment, InboundEvent, Ticket, utcnow

MIB = 1024 * 1024


def phone_photo() -> bytes:
    """A JPEG of about 2-3 MB (noise compresses badly, like a detailed phone photo)."""
    image = Image.frombytes("RGB", (1600, 1200), os.urandom(1600 * 1200 * 3))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95)
    assert out.tell() > 1.5 * MIB
    return out.getvalue()


def _too_large_page(response) -> None:
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert "Kiriman terlalu besar" in html and '<html lang="id">' in html


def test_a_large_anonymous_post_is_refused_before_it_is_read(app, client):
    _too_large_page(client.post("/login", data={"email": "a" * (2 * MIB)}))
    _too_large_page(client.post("/inbox/bulk", data={"note": "x" * (2 * MIB)}))


def test_a_declared_200_mb_body_is_refused_without_reading_it(app, client):
    huge = str(200 * MIB)
    for url in ("/login", "/lapor", "/o/whatever/progress"):
        response = client.post(
            url,
            input_stream=io.BytesIO(b"only-a-few-bytes"),
            headers={"Content-Type": "multipart/form-data; boundary=x"},
            environ_overrides={"CONTENT_LENGTH": huge},
        )
        assert response.status_code == 413, url


def test_programs_get_json_413s(app, client):
    owner = make_user("admin", email="bodies-api@example.org")
    _, secret = tokens.issue(owner, "partner", tokens.allowed(owner))
    ticket = factories.ticket(created=utcnow())
    db.session.commit()
    response = client.post(
        f"/api/v1/tickets/{ticket.number}/reply",
        data=json.dumps({"text": "x" * (2 * MIB)}),
        headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
    )
    assert (
        response.status_code == 413 and response.get_json()["error"] == "Request Entity Too Large"
    )
    hook = client.post(
        "/webhooks/telegram",
        data=b"{" + b" " * (2 * MIB) + b"}",
        headers={"X-Telegram-Bot-Api-Secret-Token": "tg-secret"},
    )
    assert hook.status_code == 413
    assert db.session.execute(select(InboundEvent)).first() is None


def test_a_staff_form_over_the_request_limit_is_a_413_page(app, client):
    ticket = factories.ticket(created=utcnow())
    db.session.commit()
    login(client, make_user())
    token = csrf(client.get("/inbox").get_data(as_text=True))
    response = client.post(
        f"/tickets/{ticket.number}/reply", data={"csrf_token": token, "text": "x" * (2 * MIB)}
    )
    _too_large_page(response)


def test_a_phone_photo_over_the_request_limit_gets_through_the_web_form(app, client, drain):
    photo = phone_photo()
    assert len(photo) > app.config["MAX_REQUEST_BYTES"]
    fields = form(client, photo=(io.BytesIO(photo), "IMG_2041.jpg"))
    response = client.post("/lapor", data=fields, content_type="multipart/form-data")
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    drain()
    assert db.session.execute(select(Ticket)).scalar_one().channel == "web"
    assert db.session.execute(select(Attachment)).scalar_one().status == "stored"


def test_an_upload_over_the_upload_limit_is_a_413(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_MAX_BYTES", 2 * MIB)
    fields = form(client, photo=(io.BytesIO(b"\xff\xd8\xff" + b"0" * (3 * MIB)), "big.jpg"))
    _too_large_page(client.post("/lapor", data=fields, content_type="multipart/form-data"))
    key = partner_key()
    data = {"api_key": key, "service_code": "jalan-rusak", "lat": "-7.26", "long": "112.74"}
    data["media"] = (io.BytesIO(b"0" * (3 * MIB)), "big.jpg")
    answer = client.post("/open311/v2/requests.json", data=data)
    assert answer.status_code == 413
    assert (
        answer.get_json()[0]["code"] == 413
        and "terlalu besar" in answer.get_json()[0]["description"]
    )
    assert db.session.execute(select(InboundEvent)).first() is None


@pytest.mark.parametrize("size", [3 * MIB, 40 * MIB])
def test_officer_evidence_takes_a_photo_and_refuses_a_huge_body(app, client, size):
    factories.officer("Andi", opd="DSDABM")
    ticket = factories.ticket(status="triage", opd=None, created=utcnow())
    actions.route(ticket, actions.Actor("agent", None, "Agen"), "DSDABM")
    db.session.commit()
    (token,) = link_tokens("officer_notify").values()
    page = client.get(f"/o/{token}").get_data(as_text=True)
    photo = phone_photo() if size == 3 * MIB else b"\xff\xd8\xff" + b"0" * size
    data = {**form_fields(page), "text": "Sudah ditambal", "photos": (io.BytesIO(photo), "a.jpg")}
    response = client.post(f"/o/{token}/progress", data=data, content_type="multipart/form-data")
    if size == 3 * MIB:
        assert response.status_code == 302
        assert db.session.execute(select(Attachment)).scalar_one().mime_type == "image/jpeg"
    else:
        assert response.status_code == 413
        assert db.session.execute(select(Attachment)).first() is None


def test_the_limits_are_real_settings(app):
    assert app.config["MAX_CONTENT_LENGTH"] == app.config["MAX_REQUEST_BYTES"] == MIB
    assert app.config["UPLOAD_MAX_BYTES"] > app.config["MEDIA_MAX_BYTES"]
