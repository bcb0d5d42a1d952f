"""An officer's progress or resolution photos reach the citizen on their channel (as a
photo the provider fetches from a signed, expiring URL, without the phone's metadata);
channels that cannot show photos get the text alone."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

from sqlalchemy import select

from aduan.extensions import db
from sla import clocks
from tests import factories
from tests.inbox.helpers import form_fields, link_tokens
from tests.public.helpers import jpeg
from ticketing import actions, sent_media
from ticketing.models import Outbound, utcnow


def routed_ticket(channel: str = "telegram"):
    officer = factories.officer("Andi", opd="DSDABM")
    ticket = factories.ticket(status="triage", opd=None, created=utcnow(), channel=channel)
    clocks.start(ticket, utcnow())
    actions.route(ticket, actions.Actor("agent", None, "Agen"), "DSDABM")
    db.session.commit()
    return ticket, link_tokens("officer_notify")[officer.id]


def post_with_photo(client, token, action, field, text):
    page = client.get(f"/o/{token}").get_data(as_text=True)
    data = {**form_fields(page), field: text, "photos": (io.BytesIO(jpeg(gps=True)), "a.jpg")}
    return client.post(f"/o/{token}/{action}", data=data, content_type="multipart/form-data")


def test_a_progress_photo_reaches_the_citizen_without_its_metadata(
    client, app, fake_telegram, drain
):
    ticket, token = routed_ticket()
    post_with_photo(client, token, "progress", "text", "Lubang sudah ditambal sementara")
    drain()
    chat = int(ticket.identity.address)
    sent = [s for s in fake_telegram.sent if s["chat_id"] == chat]
    texts = [s["params"]["text"] for s in sent if s["method"] == "sendMessage"]
    assert "Lubang sudah ditambal" in texts[-2]  # the officer's words, then the photo
    assert texts[-1] == f"Foto dari petugas untuk laporan {ticket.number}."
    assert sent[-1]["method"] == "sendPhoto"
    url = sent[-1]["photo"]
    assert url.startswith(app.config["PUBLIC_BASE_URL"] + "/kiriman/")
    served = client.get(urlsplit(url).path)
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert b"PhoneMaker" not in served.data and b"Exif" not in served.data
    assert "private" in served.headers["Cache-Control"]


def test_a_resolution_photo_goes_too_and_a_forged_or_foreign_link_serves_nothing(client, app):
    ticket, token = routed_ticket()
    post_with_photo(client, token, "resolve", "note", "Sudah diaspal")
    row = db.session.execute(
        select(Outbound).where(Outbound.purpose == "officer_photos")
    ).scalar_one()
    assert row.ticket_id == ticket.id and len(row.media) == 1
    (url,) = sent_media.urls(row)
    path = urlsplit(url).path
    assert client.get(path).status_code == 200
    assert client.get(path[:-3] + "abc").status_code == 404  # signature broken
    with app.test_request_context():
        other = sent_media._serializer().dumps([row.id, row.media[0] + 1000])
    assert client.get(f"/kiriman/{other}").status_code == 404  # not one of the row's


def _sms_bodies(fake_twilio, ticket) -> list[str]:
    return [m["body"] for m in fake_twilio.conversation(ticket.identity.address)]


def test_an_sms_citizen_gets_a_private_link_to_the_photo(client, app, drain, fake_twilio):
    # SMS shows no photos: the citizen heard the officer's words only, never that a
    # photo came with them (walk17).
    ticket, token = routed_ticket(channel="sms")
    post_with_photo(client, token, "progress", "text", "Petugas sudah di lokasi")
    row = db.session.execute(
        select(Outbound).where(Outbound.purpose == "officer_photos")
    ).scalar_one()
    assert sent_media.PLACEHOLDER in row.text  # no working link stored in the row
    drain()
    bodies = _sms_bodies(fake_twilio, ticket)
    assert "Petugas sudah di lokasi" in bodies[-2]
    said = bodies[-1]
    assert said.startswith(f"Petugas juga mengirim foto untuk laporan {ticket.number}.")
    assert "berlaku 7 hari" in said and sent_media.PLACEHOLDER not in said
    url = said.split()[-1]
    assert url.startswith(app.config["PUBLIC_BASE_URL"] + "/kiriman/")
    served = client.get(urlsplit(url).path)
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert b"Exif" not in served.data


def test_public_photos_of_a_listed_report_are_linked_to_the_tracking_page(
    client, app, drain, fake_twilio
):
    ticket, token = routed_ticket(channel="sms")
    page = client.get(f"/o/{token}").get_data(as_text=True)
    data = {
        **form_fields(page),
        "note": "Sudah diaspal",
        "photos_public": "1",
        "photos": (io.BytesIO(jpeg()), "a.jpg"),
    }
    client.post(f"/o/{token}/resolve", data=data, content_type="multipart/form-data")
    drain()
    said = _sms_bodies(fake_twilio, ticket)[-1]
    base = app.config["PUBLIC_BASE_URL"].rstrip("/")
    assert f"Lihat fotonya: {base}/lacak/{ticket.number}/foto/" in said
    assert client.get(urlsplit(said.split()[-1]).path).status_code == 200


def test_a_link_placeholder_a_citizen_types_is_never_expanded(client, app):
    # Only our own photo notice to a channel without photos carries the signed links.
    ticket, _ = routed_ticket(channel="sms")
    row = Outbound(channel="sms", recipient="+62811", text=sent_media.PLACEHOLDER, purpose="reply")
    row.media = [1]
    assert sent_media.expand(row, row.text) == sent_media.PLACEHOLDER
