"""The ticket page's timeline says where a ticket went and where it came from."""

from __future__ import annotations

import re

from flask_babel import refresh

from aduan.extensions import db
from sla import clocks
from tests import factories
from tests.inbox.helpers import login, make_user
from ticketing import actions, kind_change, outbox
from ticketing.models import utcnow


def event_line(html: str, words: str) -> str:
    found = [p for p in re.findall(r'<p class="event">(.*?)</p>', html, re.S) if words in p]
    assert found, words
    return found[0]


def test_a_bounce_names_the_unit_it_came_from_not_an_arrow_to_it(client, app):
    officer = factories.officer("Andi", opd="DISHUB")
    ticket = factories.ticket(status="routed", opd="DISHUB", created=utcnow())
    clocks.start(ticket, utcnow())
    actions.reject(ticket, actions.Actor.officer(officer, None), "Urusan DSDABM")
    actions.route(ticket, actions.Actor("agent", None, "Agen"), "DSDABM")
    db.session.commit()
    login(client, make_user())
    html = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    bounced = event_line(html, "Urusan DSDABM")
    assert "(dari DISHUB)" in bounced and "→" not in bounced
    assert "→ DSDABM" in event_line(html, "diteruskan ke unit</b> → DSDABM")


def test_a_request_turned_complaint_shows_no_unit_decider_nor_ppid_number(client, app):
    ticket = factories.ticket(kind="info_request", status="triage", opd=None, created=utcnow())
    ticket.registration_number = "PPID-2026-00004"
    clocks.start(ticket, utcnow())
    actions.route(ticket, actions.Actor("agent", None, "Agen"), "PPID")
    ticket.routed_by = "model"
    kind_change.change_kind(ticket, actions.Actor("agent", None, "Agen"), "complaint")
    db.session.commit()
    assert ticket.opd_code is None and ticket.kind == "complaint"
    login(client, make_user())
    html = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert "<dd>- <small>" not in html and "No. registrasi PPID" not in html


def test_a_ticket_in_triage_names_its_routing_deadline_as_such(client, app):
    ticket = factories.ticket(status="triage", opd=None, created=utcnow())
    clocks.start(ticket, utcnow())
    db.session.commit()
    login(client, make_user())
    html = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert "<dt>Batas disposisi</dt>" in html and "<dt>Batas tanggapan</dt>" not in html
    routed = factories.ticket(status="routed", opd="DSDABM", created=utcnow())
    clocks.start(routed, utcnow())
    db.session.commit()
    html = client.get(f"/tickets/{routed.number}").get_data(as_text=True)
    assert "<dt>Batas tanggapan</dt>" in html


def test_an_event_stamped_before_the_ticket_was_created_follows_its_creation(app):
    from datetime import timedelta

    from inbox import timeline
    from ticketing.audit import record

    ticket = factories.ticket(status="routed", opd="DSDABM", created=utcnow())
    record(ticket, "created", actor_kind="citizen")
    record(ticket, "incident_linked", at=ticket.created_at - timedelta(milliseconds=3))
    db.session.commit()
    actions_seen = [e.item.action for e in timeline.build(ticket) if e.kind == "event"]
    assert actions_seen.index("created") < actions_seen.index("incident_linked")


def test_a_phone_callers_ticket_says_replies_go_by_sms_not_by_phone(client, app):
    ticket = factories.ticket(status="routed", created=utcnow(), channel="voice")
    ticket.identity.address = "+6281230001111"
    outbox.to_identity(ticket.identity, "Petugas menuju lokasi", ticket=ticket, purpose="reply")
    db.session.commit()
    login(client, make_user())
    html = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert "Kirim lewat SMS</button>" in html and "Kirim lewat Telepon" not in html
    assert "Ke warga · SMS ·" in html and "Ke warga · Telepon" not in html
    assert "<dt>Kanal</dt><dd>Telepon</dd>" in html  # how the report came in


def test_a_failed_send_says_why_in_words_not_the_providers_english(client, app):
    ticket = factories.ticket(status="routed", created=utcnow(), channel="instagram")
    row = outbox.to_identity(
        ticket.identity, "Petugas menuju lokasi", ticket=ticket, purpose="reply"
    )
    row.status, row.error_code, row.failure_reason = "failed", "outside_window", "window_closed"
    row.error = "outside Meta's messaging window: the citizen last wrote 8.3 days ago"
    other = outbox.to_identity(ticket.identity, "Sudah selesai", ticket=ticket, purpose="reply")
    other.status, other.error_code, other.failure_reason = "failed", "131047", "window_closed"
    other.error = "Re-engagement message"
    db.session.commit()
    login(client, make_user())
    html = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert "di luar jendela percakapan kanal" in html
    assert "outside Meta" not in html and "outside_window" not in html
    assert "Re-engagement" not in html and "(131047)" in html  # the provider's code stays
    client.get("/lang/en")
    refresh()  # the test's app context outlives requests and caches the locale
    english = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert "outside the channel's messaging window" in english.replace("&#39;", "'")


def test_an_x_dm_refused_by_the_citizens_settings_is_not_called_a_closed_window(client, app):
    ticket = factories.ticket(status="routed", created=utcnow(), channel="x_dm")
    row = outbox.to_identity(
        ticket.identity, "Petugas menuju lokasi", ticket=ticket, purpose="reply"
    )
    row.status, row.error_code, row.failure_reason = "failed", "forbidden", "window_closed"
    row.error = "You are not permitted to send messages to this user."
    db.session.commit()
    login(client, make_user())
    html = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert "warga tidak menerima DM dari akun kami" in html
    assert "jendela" not in html and "not permitted" not in html


def test_a_send_failed_by_a_status_callback_says_why_too(client, app):
    """Twilio's failed status callback brings a code (63016) and no error text."""
    ticket = factories.ticket(status="routed", created=utcnow(), channel="whatsapp")
    row = outbox.to_identity(
        ticket.identity, "Petugas menuju lokasi", ticket=ticket, purpose="reply"
    )
    row.status, row.error_code, row.failure_reason = "failed", "63016", "window_closed"
    db.session.commit()
    login(client, make_user())
    html = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert "di luar jendela percakapan kanal (warga terakhir menulis terlalu lama) (63016)" in html


def test_a_delivery_fallback_note_is_said_in_the_readers_language(client, app):
    from ticketing.delivery import whatsapp

    ticket = factories.ticket(status="routed", opd="DSDABM", created=utcnow(), channel="whatsapp")
    row = outbox.queue_message(
        channel="whatsapp",
        recipient="whatsapp:+6281234500099",
        text=f"Laporan {ticket.number} sedang ditangani.",
        purpose="progress",
        ticket=ticket,
    )
    row.error_code = "63016"
    db.session.flush()
    instead = whatsapp.fallback(row, None, "template_rejected", utcnow())
    assert instead is not None and instead.channel == "sms"
    db.session.commit()
    login(client, make_user())
    line = event_line(client.get(f"/tickets/{ticket.number}").get_data(as_text=True), "SMS")
    assert "Pesan WhatsApp tidak terkirim: template pesan ditolak penyedia (63016)." in line
    assert "Dikirim ulang lewat SMS." in line
    client.get("/lang/en")
    refresh()
    line = event_line(client.get(f"/tickets/{ticket.number}").get_data(as_text=True), "SMS")
    assert "not delivered" in line and "tidak terkirim" not in line and "gagal" not in line


def test_a_notice_to_the_mayors_office_is_not_addressed_to_an_officer(client, app):
    """An escalation to the mayor's office or the supervisors' group read "Ke petugas
    Kantor Wali Kota": they are no unit's officer. An OPD officer stays "Ke petugas"."""
    ticket = factories.ticket(status="routed", opd="DLH", created=utcnow())
    mayor = factories.officer("Kantor Wali Kota", group="MAYOR")
    officer = factories.officer("Andi", opd="DLH")
    outbox.to_officer(mayor, "ESKALASI: batas terlewati", ticket=ticket, purpose="escalation")
    outbox.to_officer(officer, "Laporan baru", ticket=ticket, purpose="officer_notice")
    db.session.commit()
    login(client, make_user())
    html = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert "Ke Kantor Wali Kota ·" in html and "Ke petugas Kantor Wali Kota" not in html
    assert "Ke petugas Andi ·" in html
