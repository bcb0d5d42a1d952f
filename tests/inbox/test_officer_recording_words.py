"""What an officer sees of a citizen's media: a phone complaint nobody could transcribe
reads as a recording to listen to (not an empty summary or "(foto/lokasi)"); a video is
linked and a photo that could not be fetched is named."""

from __future__ import annotations

from sqlalchemy import select

from aduan.extensions import db
from sla import clocks
from tests import factories
from tests.inbox.helpers import link_tokens
from ticketing import actions
from ticketing.models import Attachment, Message, Outbound, utcnow


def test_an_untranscribed_call_reaches_the_officer_as_a_recording(client, app):
    officer = factories.officer("Andi", opd="DSDABM")
    ticket = factories.ticket(status="triage", opd=None, created=utcnow(), channel="voice")
    ticket.summary = ""
    clocks.start(ticket, utcnow())
    actions.route(ticket, actions.Actor("agent", None, "Agen"), "DSDABM")
    db.session.commit()
    notice = db.session.execute(
        select(Outbound.text).where(Outbound.purpose == "officer_notify")
    ).scalar_one()
    assert "untuk DSDABM: (rekaman telepon, dengarkan lewat tautan) | Batas" in notice
    page = client.get(f"/o/{link_tokens('officer_notify')[officer.id]}").get_data(as_text=True)
    assert "(rekaman telepon: dengarkan rekamannya)" in page and "(foto/lokasi)" not in page


def test_the_officer_is_told_of_a_video_and_of_a_photo_that_could_not_be_fetched(client, app):
    officer = factories.officer("Andi", opd="DSDABM")
    ticket = factories.ticket(status="triage", opd=None, created=utcnow(), channel="facebook")
    message = Message(
        contact_id=ticket.contact_id,
        identity_id=ticket.identity_id,
        ticket_id=ticket.id,
        channel="facebook",
        external_id="m_1",
        text="Got mampet, ini videonya",
        sent_at=utcnow(),
    )
    message.attachments = [
        Attachment(kind="video", ref="v", status="stored", storage_path="v.mp4"),
        Attachment(kind="photo", ref="p", status="failed", error="not_found: gone"),
    ]
    db.session.add(message)
    clocks.start(ticket, utcnow())
    actions.route(ticket, actions.Actor("agent", None, "Agen"), "DSDABM")
    db.session.commit()
    token = link_tokens("officer_notify")[officer.id]
    page = client.get(f"/o/{token}").get_data(as_text=True)
    video = message.attachments[0].id
    assert f'href="/o/{token}/media/{video}"' in page and ">Video</a>" in page
    assert "Foto: gagal diunduh: berkas sudah tidak tersedia di penyedia" in page
