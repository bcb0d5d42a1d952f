"""Officers act through signed links: scoped, expiring, revocable, applied once."""

from __future__ import annotations

import hashlib
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from aduan.extensions import db
from sla import clocks
from tests import factories
from tests.inbox.helpers import citizen_texts, form_fields, link_tokens
from ticketing import actions
from ticketing.models import Attachment, Officer, OfficerLink, Outbound, TicketEvent, utcnow

PNG = factories.png((8, 8))


@pytest.fixture
def routed(app):
    """A DSDABM ticket routed by an agent; two DSDABM officers got their own links."""
    first = factories.officer("Andi", opd="DSDABM")
    second = factories.officer("Budi", opd="DSDABM")
    ticket = factories.ticket(status="triage", opd=None, created=utcnow())
    ticket.contact.phone = "+6281234567890"
    clocks.start(ticket, utcnow())
    agent = actions.Actor("agent", None, "Agen")
    actions.route(ticket, agent, "DSDABM")
    db.session.commit()
    tokens = link_tokens("officer_notify")
    return ticket, tokens[first.id], tokens[second.id]


def officer_post(client, token, action, **data):
    page = client.get(f"/o/{token}").get_data(as_text=True)
    return client.post(f"/o/{token}/{action}", data={**form_fields(page), **data})


def test_each_officer_gets_an_own_link_that_is_never_stored(routed):
    ticket, first, second = routed
    assert first != second
    hashes = set(db.session.execute(select(OfficerLink.token_hash)).scalars())
    assert hashlib.sha256(first.encode()).hexdigest() in hashes
    stored_texts = " ".join(db.session.execute(select(Outbound.text)).scalars())
    assert first not in stored_texts and second not in stored_texts
    assert "[[link:" in stored_texts


def test_the_link_opens_the_ticket_without_login_and_masks_the_phone(client, routed):
    ticket, token, _ = routed
    page = client.get(f"/o/{token}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert ticket.number in html and ticket.summary in html
    assert "+6281234567890" not in html and "+62812****7890" in html


def test_revealing_the_number_is_audited(client, routed):
    ticket, token, _ = routed
    html = officer_post(client, token, "reveal").get_data(as_text=True)
    assert "+6281234567890" in html
    # on the officer's phone the revealed number is one tap from a call
    assert '<a href="tel:+6281234567890">+6281234567890</a>' in html
    actions_seen = (
        db.session.execute(select(TicketEvent.action).where(TicketEvent.ticket_id == ticket.id))
        .scalars()
        .all()
    )
    assert "phone_revealed" in actions_seen


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-2] + ("AA" if t[-2:] != "AA" else "BB"),
        lambda t: "x" + t,
        lambda t: "not-a-token",
    ],
)
def test_a_tampered_link_gets_a_clear_page_not_a_500(client, routed, mangle):
    _, token, _ = routed
    response = client.get(f"/o/{mangle(token)}")
    assert response.status_code == 404
    assert "Tautan tidak valid" in response.get_data(as_text=True)


def test_an_expired_link_says_so_and_offers_a_fresh_one(client, routed):
    ticket, token, _ = routed
    link = db.session.execute(select(OfficerLink)).scalars().first()
    for item in db.session.execute(select(OfficerLink)).scalars():
        item.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    page = client.get(f"/o/{token}")
    assert page.status_code == 410 and "kedaluwarsa" in page.get_data(as_text=True)
    refreshed = client.post(f"/o/{token}/refresh", data=form_fields(page.get_data(as_text=True)))
    assert refreshed.status_code == 200
    fresh = db.session.execute(
        select(Outbound).where(Outbound.purpose == "fresh_link")
    ).scalar_one()
    assert fresh.officer_id is not None and "[[link:" in fresh.text
    assert link is not None


def test_a_revoked_link_cannot_act(client, routed):
    ticket, token, _ = routed
    page = client.get(f"/o/{token}").get_data(as_text=True)
    for item in db.session.execute(select(OfficerLink)).scalars():
        item.revoked_at = utcnow()
    db.session.commit()
    response = client.post(f"/o/{token}/accept", data=form_fields(page))
    assert response.status_code == 410
    db.session.refresh(ticket)
    assert ticket.status == "routed"


def test_accept_tells_the_citizen_and_meets_the_first_response(client, routed):
    ticket, token, _ = routed
    assert officer_post(client, token, "accept").status_code == 302
    db.session.refresh(ticket)
    assert ticket.status == "in_progress" and ticket.assigned_officer_id is not None
    assert clocks.get(ticket, "first_response").status == "met"
    assert "sedang ditangani" in citizen_texts(ticket)[-1]
    event = db.session.execute(
        select(TicketEvent).where(TicketEvent.action == "accepted")
    ).scalar_one()
    assert event.actor_kind == "officer" and event.data["link_id"]


def test_the_same_form_submitted_twice_is_applied_once(client, routed):
    ticket, token, _ = routed
    page = client.get(f"/o/{token}").get_data(as_text=True)
    fields = {**form_fields(page), "text": "Petugas menuju lokasi"}
    client.post(f"/o/{token}/progress", data=fields)
    client.post(f"/o/{token}/progress", data=fields)
    updates = [t for t in citizen_texts(ticket) if "Petugas menuju lokasi" in t]
    assert len(updates) == 1


def test_two_officers_accepting_one_ticket_one_wins(client, routed):
    ticket, first, second = routed
    officer_post(client, first, "accept")
    response = officer_post(client, second, "accept")
    assert "sudah berubah" in client.get(response.headers["Location"]).get_data(as_text=True)
    accepted = (
        db.session.execute(select(TicketEvent).where(TicketEvent.action == "accepted"))
        .scalars()
        .all()
    )
    assert len(accepted) == 1


def test_progress_with_a_photo_keeps_the_evidence(client, app, routed):
    import io

    ticket, token, _ = routed
    page = client.get(f"/o/{token}").get_data(as_text=True)
    data = {
        **form_fields(page),
        "text": "Lubang sudah ditambal sementara",
        "photos": (io.BytesIO(PNG), "bukti.png"),
    }
    client.post(f"/o/{token}/progress", data=data, content_type="multipart/form-data")
    photo = db.session.execute(select(Attachment)).scalar_one()
    assert photo.status == "stored" and photo.mime_type == "image/png"
    assert client.get(f"/o/{token}/media/{photo.id}").status_code == 200


def test_a_public_evidence_photo_loses_its_metadata(client, routed):
    import io

    from tests.public.helpers import jpeg

    ticket, token, _ = routed
    for public in ("1", ""):
        page = client.get(f"/o/{token}").get_data(as_text=True)  # a fresh action_key
        data = {
            **form_fields(page),
            "text": "Lubang sudah ditambal",
            "photos": (io.BytesIO(jpeg(gps=True)), "bukti.jpg"),
            "photos_public": public,
        }
        client.post(f"/o/{token}/progress", data=data, content_type="multipart/form-data")
    shown, kept = db.session.execute(select(Attachment).order_by(Attachment.id)).scalars()
    assert shown.public and shown.mime_type == "image/jpeg"
    served = client.get(f"/o/{token}/media/{shown.id}").data
    assert b"PhoneMaker" not in served and b"Exif" not in served  # no GPS for the public
    assert b"PhoneMaker" in client.get(f"/o/{token}/media/{kept.id}").data  # staff's copy


def test_a_non_image_upload_is_refused_and_nothing_changes(client, routed):
    import io

    ticket, token, _ = routed
    page = client.get(f"/o/{token}").get_data(as_text=True)
    data = {**form_fields(page), "note": "beres", "photos": (io.BytesIO(b"MZ\x90\x00"), "x.exe")}
    response = client.post(f"/o/{token}/resolve", data=data, content_type="multipart/form-data")
    db.session.refresh(ticket)
    assert ticket.status == "routed"
    # the refusal comes with the note the officer typed, not an empty box to type again
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Hanya foto JPEG, PNG atau WebP" in html
    resolve_box = html[html.index('name="note"') :].split("</textarea>")[0]
    assert resolve_box.endswith(">beres")
    assert ">beres</textarea>" not in html.split('name="note"')[0]  # no other box got it


def test_an_overlong_text_is_refused_and_nothing_changes(client, routed):
    ticket, token, _ = routed
    response = officer_post(client, token, "progress", text="a" * (actions.MAX_TEXT + 1))
    assert response.status_code == 422  # the page again, with the text given back
    db.session.refresh(ticket)
    assert ticket.status == "routed"
    assert "terlalu panjang" in response.get_data(as_text=True)
    assert officer_post(client, token, "progress", text="a" * actions.MAX_TEXT).status_code == 302
    db.session.refresh(ticket)
    assert ticket.status == "in_progress"


def test_a_link_for_one_ticket_never_reaches_another(client, routed):
    ticket, token, _ = routed
    other = factories.ticket(created=utcnow(), summary="Tiket lain")
    db.session.commit()
    assert "Tiket lain" not in client.get(f"/o/{token}").get_data(as_text=True)
    officer_post(client, token, "resolve", note="selesai")
    db.session.refresh(other)
    assert other.status == "routed"


def test_media_of_another_ticket_is_not_served(client, routed, app):
    import io

    ticket, token, second = routed
    other = factories.ticket(created=utcnow(), status="triage", opd=None)
    factories.officer("Citra", opd="DLH")
    actions.route(other, actions.Actor("agent", None, "Agen"), "DLH")
    db.session.commit()
    other_token = next(
        t for o, t in link_tokens("officer_notify").items() if t not in (token, second)
    )
    page = client.get(f"/o/{other_token}").get_data(as_text=True)
    client.post(
        f"/o/{other_token}/progress",
        content_type="multipart/form-data",
        data={**form_fields(page), "text": "foto", "photos": (io.BytesIO(PNG), "a.png")},
    )
    photo = db.session.execute(select(Attachment)).scalar_one()
    assert client.get(f"/o/{token}/media/{photo.id}").status_code == 404


def test_ask_pauses_the_clock_and_tells_the_citizen(client, routed):
    ticket, token, _ = routed
    officer_post(client, token, "ask", question="Mohon kirim foto lubangnya")
    db.session.refresh(ticket)
    assert ticket.status == "waiting"
    assert clocks.get(ticket, "first_response").status == "paused"
    assert "Mohon kirim foto lubangnya" in citizen_texts(ticket)[-1]
    page = client.get(f"/o/{token}").get_data(as_text=True)
    assert "Menunggu jawaban warga" in page and "Kirim perkembangan" not in page


def test_not_ours_returns_to_triage_counts_the_bounce_and_the_clock_runs_on(client, routed):
    ticket, token, _ = routed
    due_before = clocks.get(ticket, "first_response").due_at
    officer_post(client, token, "reject", reason="Ini jalan provinsi, bukan kota")
    db.session.refresh(ticket)
    assert ticket.status == "triage" and ticket.opd_code is None and ticket.bounces == 1
    clock = clocks.get(ticket, "first_response")
    assert clock.status == "running" and clock.due_at == due_before
    assert "unit yang tepat" in citizen_texts(ticket)[-1]


def test_transfer_needs_the_admins_permission(client, routed):
    from ticketing.models import Opd

    ticket, token, _ = routed
    officer_post(client, token, "transfer", opd="DLH", reason="saluran taman")
    db.session.refresh(ticket)
    assert ticket.opd_code == "DSDABM"
    db.session.get(Opd, "DSDABM").transfer_allowed = True
    db.session.commit()
    officer_post(client, token, "transfer", opd="DLH", reason="saluran taman")
    db.session.refresh(ticket)
    assert ticket.opd_code == "DLH" and ticket.bounces == 1
    db.session.get(Opd, "DSDABM").transfer_allowed = False
    db.session.commit()


def test_resolve_asks_the_citizen_whether_it_is_fixed(client, routed):
    ticket, token, _ = routed
    officer_post(client, token, "resolve", note="Lubang sudah diaspal")
    db.session.refresh(ticket)
    assert ticket.status == "resolved"
    assert "Sudah beres?" in citizen_texts(ticket)[-1]
    assert clocks.get(ticket, "resolution").status == "met"
    page = client.get(f"/o/{token}").get_data(as_text=True)
    assert "Laporan ini sudah selesai" in page and "Tandai selesai" not in page


def test_officer_forms_need_the_csrf_token(client, routed):
    ticket, token, _ = routed
    page = client.get(f"/o/{token}").get_data(as_text=True)
    fields = form_fields(page)
    fields.pop("csrf_token")
    assert client.post(f"/o/{token}/accept", data=fields).status_code == 400
    db.session.refresh(ticket)
    assert ticket.status == "routed"


def client_for_links(app):
    return app.test_client()


def test_an_officer_notified_by_email_gets_the_link_by_mail(app, drain, fake_smtp):
    factories.officer("Maya", opd="DLH")
    mailer = db.session.execute(select(Officer).where(Officer.name == "Maya")).scalar_one()
    address = f"maya.{uuid.uuid4().hex[:8]}@example.org"  # the mail server is shared
    mailer.channel, mailer.address = "email", address
    ticket = factories.ticket(status="triage", opd=None, created=utcnow())
    actions.route(ticket, actions.Actor("agent", None, "Agen"), "DLH")
    db.session.commit()
    drain()
    (mail,) = fake_smtp.sent_to(address)
    assert ticket.number in mail["subject"] and "/o/" in mail["body"]
    token = mail["body"].split("/o/")[1].split()[0]
    assert client_for_links(app).get(f"/o/{token}").status_code == 200
    assert token not in " ".join(db.session.execute(select(Outbound.text)).scalars())


def test_a_revoked_link_cannot_ask_for_a_fresh_one(client, routed):
    ticket, token, _ = routed
    page = client.get(f"/o/{token}").get_data(as_text=True)
    for item in db.session.execute(select(OfficerLink)).scalars():
        item.revoked_at = utcnow()
    db.session.commit()
    assert "Kirim tautan baru" not in client.get(f"/o/{token}").get_data(as_text=True)
    client.post(f"/o/{token}/refresh", data=form_fields(page))
    assert (
        db.session.execute(select(Outbound).where(Outbound.purpose == "fresh_link")).first() is None
    )


def test_the_officer_page_shows_only_the_citizens_first_name(client, routed):
    from ticketing.audit import record

    ticket, token, _ = routed
    ticket.contact.name = "Budi Santoso"
    record(ticket, "citizen_message", actor_kind="citizen", actor_name="Budi Santoso")
    db.session.commit()
    html = client.get(f"/o/{token}").get_data(as_text=True)
    assert "Budi" in html and "Santoso" not in html


def test_an_accepted_emergency_offers_no_second_accept(client, app):
    """Once the officer took the emergency, "Terima & tangani" is gone: pressing it again
    only said "Tidak ada respons darurat yang menunggu"."""
    officer = factories.officer("Bima", opd="DPKP")
    ticket = factories.ticket(kind="emergency", status="triage", opd=None, created=utcnow())
    clocks.start(ticket, utcnow())
    actions.route(ticket, actions.Actor("agent", None, "Agen"), "DPKP")
    db.session.commit()
    token = link_tokens("officer_notify")[officer.id]
    assert "<button>Terima & tangani</button>" in client.get(f"/o/{token}").get_data(as_text=True)
    ticket.status = "in_progress"  # in progress, the 112 acknowledgement still waits
    db.session.commit()
    assert "<button>Terima & tangani</button>" in client.get(f"/o/{token}").get_data(as_text=True)
    assert officer_post(client, token, "accept").status_code == 302
    assert clocks.get(ticket, "emergency_ack").status == "met"
    html = client.get(f"/o/{token}").get_data(as_text=True)
    assert "Laporan diterima." in html and "<button>Terima & tangani</button>" not in html


def test_the_ppid_officer_sees_an_information_request_and_its_registration_number(client, app):
    """The written answer under UU 14/2008 cites the registration number; the officer page
    showed neither it nor that the ticket is an information request."""
    officer = factories.officer("Citra", opd="PPID")
    ticket = factories.ticket(kind="info_request", status="triage", opd=None, created=utcnow())
    ticket.registration_number = "PPID-2026-00042"
    clocks.start(ticket, utcnow())
    actions.route(ticket, actions.Actor("agent", None, "Agen"), "PPID")
    db.session.commit()
    html = client.get(f"/o/{link_tokens('officer_notify')[officer.id]}").get_data(as_text=True)
    assert '<span class="tag kind-info_request">Permohonan informasi</span>' in html
    assert "No. registrasi PPID: <b>PPID-2026-00042</b>" in html


def test_a_citizen_without_a_phone_is_named_without_a_dangling_dash(client, app):
    """A Telegram citizen has no phone: "Pelapor: Budi · Telegram", not "... · -"."""
    officer = factories.officer("Dedi", opd="DSDABM")
    ticket = factories.ticket(status="triage", opd=None, created=utcnow())
    ticket.contact.name, ticket.contact.phone = "Budi Santoso", None
    clocks.start(ticket, utcnow())
    actions.route(ticket, actions.Actor("agent", None, "Agen"), "DSDABM")
    db.session.commit()
    html = client.get(f"/o/{link_tokens('officer_notify')[officer.id]}").get_data(as_text=True)
    said = html[html.index("Pelapor:") :].split("</p>")[0]
    assert said.split("\n")[0].rstrip() == "Pelapor: Budi · Telegram", said


def test_the_officer_page_says_which_deadline_it_shows(client, routed):
    """Before the officer took the ticket the page said only "Batas: <date>" (its
    notification said "Batas tanggapan"); once taken, the resolution target."""
    ticket, token, _ = routed
    page = client.get(f"/o/{token}").get_data(as_text=True)
    assert "Batas tanggapan:" in page and "Batas:" not in page
    officer_post(client, token, "accept")
    page = client.get(f"/o/{token}").get_data(as_text=True)
    assert "Target selesai:" in page and "Batas tanggapan:" not in page


def test_the_transfer_choice_starts_empty_and_names_areas_in_words(client, routed):
    """The unit list preselected the first unit (BAPENDA): one tap on "Pindahkan" moved
    the ticket there. Kecamatan showed their Kemendagri number (KEC-357801 · ...)."""
    import re

    from ticketing.models import Opd

    ticket, token, _ = routed
    db.session.get(Opd, "DSDABM").transfer_allowed = True
    db.session.commit()
    html = client.get(f"/o/{token}").get_data(as_text=True)
    select_html = re.search(r'<select name="opd"[^>]*>(.*?)</select>', html, re.S).group(1)
    assert select_html.startswith('<option value="">Pilih unit…</option>')
    assert ">Kecamatan Genteng<" in select_html and "KEC-" not in re.sub(
        r'value="[^"]*"', "", select_html
    )
    assert ">DLH · Dinas Lingkungan Hidup<" in select_html
    officer_post(client, token, "transfer", opd="", reason="")
    db.session.refresh(ticket)
    assert ticket.opd_code == "DSDABM" and ticket.bounces == 0
    db.session.get(Opd, "DSDABM").transfer_allowed = False
    db.session.commit()


def test_a_refused_action_sent_again_with_its_key_is_applied(client, routed):
    """On SQLite (make run's database) the action key's savepoint opened a transaction of
    its own and committed on release: the refused action kept its key, and the officer's
    corrected form, sent with the same page's key, said "sudah diproses" and did nothing."""
    ticket, token, _ = routed
    db.session.commit()  # no transaction open, as in a request of its own
    page = client.get(f"/o/{token}").get_data(as_text=True)
    fields = form_fields(page)
    refused = client.post(f"/o/{token}/progress", data={**fields, "text": "a" * 5000})
    assert refused.status_code == 422
    again = client.post(f"/o/{token}/progress", data={**fields, "text": "Petugas menuju lokasi"})
    assert "sudah diproses" not in client.get(again.headers["Location"]).get_data(as_text=True)
    db.session.refresh(ticket)
    assert ticket.status == "in_progress"
