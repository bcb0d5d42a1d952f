"""Stored XSS through attachments: whatever a citizen (or a forged provider type) sends,
the desk serves only raster images, audio and video inline, typed by their bytes, with
nosniff and a CSP that runs nothing; SVG, HTML and anything unknown are inert
downloads, never a page of our origin. Every way in: MMS, WhatsApp (Twilio), Telegram
documents, the web form, officers' evidence, and rows stored before the fix (Open311's
SVG refusal is in tests/public/test_open311_post.py)."""

from __future__ import annotations

import hashlib
import io
import json
import struct
import zlib
from pathlib import Path

import pytest
from sqlalchemy import select

from aduan.extensions import db
from tests import factories
from tests.inbox.helpers import form_fields, link_tokens, login, make_user
from tests.payloads import fixture_json
from tests.public.helpers import form, jpeg
from tests.security.test_malformed_webhooks import meta_headers, send_json
from tests.ticketing.helpers import Citizen
from ticketing import actions, filetypes, storage
from ticketing.models import Attachment, Message, Ticket, TicketEvent, utcnow

SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" '
    b"onload=\"fetch('/inbox').then(r=>r.text()).then(alert)\"><script>alert(1)</script></svg>"
)
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
OGG = b"OggS\x00\x02" + bytes(range(200))
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
PHONE = "+6281234500077"


def _inert(response) -> None:
    assert response.status_code == 200
    assert response.mimetype == "application/octet-stream"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "sandbox" in csp and "script-src" not in csp
    assert "frame-ancestors 'none'" in csp and response.headers["X-Frame-Options"] == "DENY"


def _agent(client) -> None:
    login(client, make_user("agent", email="media-agent@example.org"))


def only_attachment() -> Attachment:
    return db.session.execute(select(Attachment)).scalar_one()


@pytest.mark.parametrize(
    ("content", "declared"),
    [(SVG, "image/svg+xml"), (HTML, "image/html"), (HTML, "image/png"), (SVG, "image/jpeg")],
)
def test_an_mms_that_is_not_a_picture_is_kept_as_an_inert_download(
    client, twilio, settle, content, declared
):
    twilio.citizen_sms(PHONE, "Lihat gambar ini", media=[(content, declared)])
    settle()
    item = only_attachment()
    assert item.status == "stored" and item.mime_type == "application/octet-stream"
    assert item.storage_path.endswith(".bin")  # never .svg/.html under our media
    _agent(client)
    response = client.get(f"/media/{item.id}")
    _inert(response)
    assert response.data == content  # kept, not lost: an agent can still download it


def test_a_whatsapp_svg_through_twilio_is_inert(client, twilio, settle):
    twilio.citizen_whatsapp(PHONE, "foto", media=[(SVG, "image/svg+xml")])
    settle()
    _agent(client)
    _inert(client.get(f"/media/{only_attachment().id}"))


def test_a_telegram_svg_document_is_inert(client, fake_telegram, tg_post, drain):
    Citizen(fake_telegram, tg_post, drain).says(
        "denah", document=(SVG, "denah.svg", "image/svg+xml")
    )
    item = only_attachment()
    assert item.mime_type == "application/octet-stream"
    _agent(client)
    _inert(client.get(f"/media/{item.id}"))


def test_a_real_photo_and_a_voice_note_are_shown_inline_typed_by_their_bytes(
    client, fake_telegram, tg_post, drain
):
    citizen = Citizen(fake_telegram, tg_post, drain)
    png = factories.png()
    citizen.says(photo=png, caption="Jalan berlubang")
    citizen.says(voice=OGG)
    photo, voice = db.session.execute(select(Attachment).order_by(Attachment.id)).scalars()
    assert (photo.mime_type, voice.mime_type) == ("image/png", "audio/ogg")
    _agent(client)
    for item, mime in ((photo, "image/png"), (voice, "audio/ogg")):
        response = client.get(f"/media/{item.id}")
        assert response.mimetype == mime and response.headers["Content-Disposition"] == "inline"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response.headers["Content-Security-Policy"]


def _stored_row(content: bytes, mime: str, key: str, ticket: Ticket | None = None) -> Attachment:
    """An attachment as the desk stored it before the fix (the declared type kept)."""
    ticket = ticket or factories.ticket(created=utcnow())
    message = Message(
        contact_id=ticket.contact_id,
        identity_id=ticket.identity_id,
        ticket_id=ticket.id,
        channel=ticket.channel,
        external_id=f"legacy-{key}",
        sent_at=utcnow(),
    )
    db.session.add(message)
    db.session.flush()
    storage.save(key, content, mime)
    item = Attachment(
        message_id=message.id,
        kind="photo",
        ref="legacy",
        mime_type=mime,
        status="stored",
        storage_path=key,
    )
    db.session.add(item)
    db.session.commit()
    return item


@pytest.mark.parametrize(
    ("content", "mime"),
    [(SVG, "image/svg+xml"), (HTML, "text/html"), (HTML, "image/jpeg"), (PDF, "application/pdf")],
)
def test_rows_stored_before_the_fix_are_served_by_their_bytes(client, app, content, mime):
    item = _stored_row(content, mime, f"2026/01/legacy{len(content)}.dat")
    _agent(client)
    response = client.get(f"/media/{item.id}")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    if content is PDF:
        assert response.mimetype == "application/pdf"
        assert response.headers["Content-Disposition"].endswith('.pdf"')
    else:
        _inert(response)


def _png(width: int, height: int) -> bytes:
    """A PNG of one grey row that says it is `width` x `height` (a few hundred bytes; a
    decompression bomb is as small, its rows all zeros)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" + b"\x80" * min(width, 64))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def test_a_picture_too_large_to_draw_is_no_inline_image(client, app):
    """A chat photo is kept as sent: a 60 000 x 60 000 PNG of a few hundred bytes was
    served inline, and the agent's browser set out to draw 3.6 billion pixels (a tab
    that hangs or dies each time the ticket is opened). Past the web form's limit
    (filetypes.MAX_PIXELS) it is a download."""
    item = _stored_row(_png(60000, 60000), "image/png", "2026/01/bomb.png")
    small = _stored_row(_png(640, 480), "image/png", "2026/01/small.png")
    _agent(client)
    _inert(client.get(f"/media/{item.id}"))
    response = client.get(f"/media/{small.id}")
    assert response.mimetype == "image/png" and response.headers["Content-Disposition"] == "inline"


def test_an_officer_link_serves_media_the_same_way(client, app):
    factories.officer("Andi", opd="DSDABM")
    ticket = factories.ticket(status="triage", opd=None, created=utcnow())
    actions.route(ticket, actions.Actor("agent", None, "Agen"), "DSDABM")
    db.session.commit()
    (token,) = link_tokens("officer_notify").values()
    item = _stored_row(SVG, "image/svg+xml", "2026/01/officer.svg", ticket)
    _inert(client.get(f"/o/{token}/media/{item.id}"))


def test_an_officer_cannot_upload_svg_as_evidence(client, app):
    factories.officer("Andi", opd="DSDABM")
    ticket = factories.ticket(status="triage", opd=None, created=utcnow())
    actions.route(ticket, actions.Actor("agent", None, "Agen"), "DSDABM")
    db.session.commit()
    (token,) = link_tokens("officer_notify").values()
    page = client.get(f"/o/{token}").get_data(as_text=True)
    data = {
        **form_fields(page),
        "text": "Sudah dicek",
        "photos": (io.BytesIO(SVG), "bukti.png", "image/png"),
    }
    response = client.post(f"/o/{token}/progress", data=data, content_type="multipart/form-data")
    assert response.status_code == 422  # refused, the page again with the text kept
    assert db.session.execute(select(Attachment)).first() is None
    assert "Hanya foto JPEG, PNG atau WebP" in response.get_data(as_text=True)
    assert (
        db.session.execute(select(TicketEvent).where(TicketEvent.action == "progress")).first()
        is None
    )


def test_a_refused_upload_keeps_none_of_the_photos_sent_with_it(client, app):
    """Five photos and an SVG: the SVG refused the action, and nothing of it was kept in
    the database, but the photos before it stayed in storage, files no row points to
    (the retention sweep, which deletes a ticket's files by its rows, never reaches them)."""
    factories.officer("Andi", opd="DSDABM")
    ticket = factories.ticket(status="triage", opd=None, created=utcnow())
    actions.route(ticket, actions.Actor("agent", None, "Agen"), "DSDABM")
    db.session.commit()
    (token,) = link_tokens("officer_notify").values()
    page = client.get(f"/o/{token}").get_data(as_text=True)
    photo = jpeg((97, 53))
    data = {
        **form_fields(page),
        "text": "Sudah dicek",
        "photos": [(io.BytesIO(photo), "1.jpg"), (io.BytesIO(SVG), "2.png", "image/png")],
    }
    response = client.post(f"/o/{token}/progress", data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    digest = hashlib.sha256(photo).hexdigest()[:24]
    kept = [p.name for p in Path(app.config["MEDIA_DIR"]).rglob(f"*{digest}*")]
    assert kept == []


def test_a_provider_file_named_like_a_form_upload_adopts_no_stored_file(client, app, drain):
    """A form's photo is already in storage: its attachment ("upload:<key>") is adopted,
    not downloaded. A provider's file reference written that way (a Messenger image URL
    "upload:<key>" in a signed body: a provider's bug, or whoever holds the secret) made
    the desk adopt another citizen's photo onto the sender's ticket."""
    fields = form(client, photo=(io.BytesIO(jpeg()), "foto.jpg"))
    assert client.post("/lapor", data=fields, content_type="multipart/form-data").status_code == 303
    drain()
    (theirs,) = db.session.execute(select(Attachment)).scalars()
    assert theirs.status == "stored"
    document = fixture_json("meta/messenger_image.json")
    attachment = document["entry"][0]["messaging"][0]["message"]["attachments"][0]
    attachment["payload"]["url"] = "upload:" + theirs.storage_path
    body = json.dumps(document).encode()
    send_json(client, app, "/webhooks/meta", meta_headers, "upload ref", body)
    drain()
    (mine,) = db.session.execute(select(Attachment).where(Attachment.id != theirs.id)).scalars()
    assert mine.message.channel == "facebook"
    assert mine.storage_path is None and mine.status == "failed"


def test_the_web_form_refuses_an_svg_photo(client, app):
    fields = form(client, photo=(io.BytesIO(SVG), "foto.jpg"))
    response = client.post("/lapor", data=fields, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Berkas bukan foto" in response.get_data(as_text=True)
    assert db.session.execute(select(Ticket)).first() is None


@pytest.mark.parametrize(
    ("head", "declared", "mime"),
    [
        (b"\x89PNG\r\n\x1a\n", "", "image/png"),
        (b"\xff\xd8\xff\xe0", "image/svg+xml", "image/jpeg"),
        (b"GIF89a<script>", "", "image/gif"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "", "image/webp"),
        (b"RIFF\x00\x00\x00\x00WAVEfmt ", "", "audio/wav"),
        (b"OggS\x00", "audio/ogg; codecs=opus", "audio/ogg"),
        (b"ID3\x04", "", "audio/mpeg"),
        (b"\xff\xfb\x90\x00", "", "audio/mpeg"),
        (b"\xff\xf1\x50\x80", "", "audio/aac"),
        (b"#!AMR\n", "", "audio/amr"),
        (b"\x00\x00\x00\x20ftypM4A ", "", "audio/mp4"),
        (b"\x00\x00\x00\x20ftypisom", "video/mp4", "video/mp4"),
        (b"\x00\x00\x00\x20ftypisom", "audio/mp4", "audio/mp4"),
        (b"\x00\x00\x00\x20ftyp3gp4", "", "video/3gpp"),
        (b"\x00\x00\x00\x14ftypqt  ", "", "video/quicktime"),
        (b"\x1a\x45\xdf\xa3\x01", "video/webm", "video/webm"),
        (b"%PDF-1.4", "", "application/pdf"),
        (SVG, "image/svg+xml", "application/octet-stream"),
        (HTML, "text/html", "application/octet-stream"),
        (b"<svg onload=alert(1)>", "image/png", "application/octet-stream"),
        (b"PK\x03\x04", "application/vnd.ms-excel", "application/octet-stream"),
        (b"", "image/png", "application/octet-stream"),
    ],
)
def test_the_bytes_decide_the_type(head, declared, mime):
    assert filetypes.sniff(head + b"\x00" * 32, declared) == mime


def test_a_photo_is_kept_when_the_declared_type_lies_the_other_way(client, twilio, settle):
    twilio.citizen_sms(PHONE, "foto", media=[(jpeg(), "image/svg+xml")])
    settle()
    item = only_attachment()
    assert item.mime_type == "image/jpeg" and item.storage_path.endswith(".jpg")
