"""The acknowledgement's tracking link tells the reporter the honest state of a report
that is not listed (still in triage: "sedang diperiksa petugas"), while the bare number
still answers like an unknown one; and a paused clock prints no deadline."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from aduan.extensions import db
from sla.clocks import start as start_clocks
from tests import factories
from tests.public.helpers import listed_ticket
from ticketing import actions, kind_change, publication, triage
from ticketing.models import Outbound, Ticket

NOW = datetime.now(UTC).replace(microsecond=0)
SECRET = "Rumah Bu Sri di Jl. Kenjeran 12 bocor"


def _triage_ticket():
    ticket = factories.ticket(status="new", opd=None, created=NOW, summary=SECRET)
    triage.apply(ticket, None, now=NOW)
    db.session.commit()
    ack = db.session.execute(
        select(Outbound.text).where(Outbound.ticket_id == ticket.id, Outbound.purpose == "ack")
    ).scalar_one()
    return ticket, re.search(r"https?://\S+?/lacak/\S+?(?=\)|\s|$)", ack).group(0)


def test_the_acknowledgement_link_shows_a_triage_report_as_being_reviewed(app, client):
    ticket, link = _triage_ticket()
    path = link.split("//", 1)[1].split("/", 1)[1]
    page = client.get(f"/{path}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200, html
    assert ticket.number in html and "Sedang diperiksa petugas Media Center" in html
    assert "tidak ditemukan" not in html and "Kenjeran" not in html


def test_without_the_reporters_key_an_unlisted_number_is_unknown(app, client):
    ticket, _ = _triage_ticket()
    for url in (f"/lacak/{ticket.number}", f"/lacak/{ticket.number}?k=0123456789abcdef"):
        page = client.get(url)
        assert page.status_code == 404 and "tidak ditemukan" in page.get_data(as_text=True)
    other = factories.ticket(status="triage", opd=None, created=NOW)
    db.session.commit()
    key = publication.tracking_key(ticket.number)  # one report's key opens no other
    assert client.get(f"/lacak/{other.number}?k={key}").status_code == 404


def test_the_reporters_link_follows_the_report_without_showing_it(app, client):
    ticket, _ = _triage_ticket()
    key = publication.tracking_key(ticket.number)
    actions.ask_citizen(ticket, actions.Actor("agent", None, "Agen"), "Alamat lengkapnya?", NOW)
    db.session.commit()
    html = client.get(f"/lacak/{ticket.number}?k={key}").get_data(as_text=True)
    assert "Menunggu jawaban Anda" in html and "Alamat lengkapnya" not in html
    ticket.status, ticket.opd_code, ticket.kind = "routed", "PPID", "info_request"
    db.session.commit()
    html = client.get(f"/lacak/{ticket.number}?k={key}").get_data(as_text=True)
    assert "Diteruskan ke unit terkait, menunggu tanggapan" in html
    assert "tidak ditampilkan untuk umum" in html
    assert "PPID" not in html


def test_a_paused_clock_prints_no_deadline_on_the_tracking_page(app, client):
    ticket = listed_ticket(NOW - timedelta(hours=2), service_code="jalan-rusak")
    start_clocks(ticket, NOW - timedelta(hours=2))
    actions.ask_citizen(ticket, actions.Actor("agent", None, "Agen"), "Di sebelah mana?", NOW)
    db.session.commit()
    html = client.get(f"/lacak/{ticket.number}").get_data(as_text=True)
    assert "Menunggu jawaban pelapor" in html
    promises = re.findall(r'<dd class="promise promise-paused">(.*?)</dd>', html, re.S)
    assert promises and all("tenggat berhenti" in p for p in promises)
    assert not any(re.search(r"\d{4}", p) for p in promises)  # no date while paused
    body = client.get(f"/open311/v2/requests/{ticket.number}.json").get_data(as_text=True)
    assert json.loads(body)[0]["expected_datetime"] is None


def test_a_report_closed_as_outside_the_citys_remit_is_not_shown_as_done(app, client):
    # Told "ditangani oleh BPN, bukan Pemerintah Kota", the reporter must not read
    # "Selesai" (handled) on their own page: it was closed without being handled.
    ticket, _ = _triage_ticket()
    key = publication.tracking_key(ticket.number)
    kind_change.change_kind(ticket, actions.Actor("agent", None, "Agen"), "external", "BPN")
    db.session.commit()
    html = client.get(f"/lacak/{ticket.number}?k={key}").get_data(as_text=True)
    assert "Ditutup" in html and "Selesai" not in html
    assert "tanpa ditangani Pemerintah Kota" in html


def test_a_listed_reports_links_still_answer_after_the_unit_returns_it(app, client, drain):
    """A web report routed at once was acknowledged with the bare public link; when the
    unit returned it to the Media Center (back to triage, off the public pages), that
    link and the form's own page said "Laporan ... tidak ditemukan"."""
    from tests.public.test_pages import submit

    token_page = submit(client, phone="0812 7777 8888").headers["Location"]
    drain()
    ticket = db.session.execute(select(Ticket)).scalar_one()
    assert publication.is_listed(ticket)
    ack = db.session.execute(select(Outbound.text).where(Outbound.purpose == "ack")).scalar_one()
    link = re.search(r"https?://\S+?/lacak/\S+?(?=\)|\s|$)", ack).group(0)
    own = re.search(r'href="(/lacak/[^"]+)"', client.get(token_page).get_data(as_text=True))
    assert client.get(f"/lacak/{ticket.number}").status_code == 200
    actions.reject(ticket, actions.Actor("officer", None, "Petugas"), "Bukan wilayah kami")
    db.session.commit()
    assert not publication.is_listed(ticket)
    for path in ("/" + link.split("//", 1)[1].split("/", 1)[1], own.group(1).replace("&amp;", "&")):
        page = client.get(path)
        html = page.get_data(as_text=True)
        assert page.status_code == 200, path
        assert "Sedang diperiksa petugas Media Center" in html and "tidak ditemukan" not in html


def test_a_web_info_request_gets_its_own_tracking_link(app, client, drain):
    """A PPID request sent from /lapor got a page with no link to follow it, only "cek
    ... lewat WhatsApp" with no number to write to."""
    from tests.public.test_pages import submit

    token_page = submit(client).headers["Location"]
    drain()
    ticket = db.session.execute(select(Ticket)).scalar_one()
    ticket.kind, ticket.opd_code, ticket.registration_number = (
        "info_request",
        "PPID",
        "PPID-2026-00001",
    )
    db.session.commit()
    html = client.get(token_page).get_data(as_text=True)
    assert "PPID-2026-00001" in html
    own = re.search(r'href="(/lacak/[^"]+\?k=[^"]+)"', html)
    assert own, html
    page = client.get(own.group(1).replace("&amp;", "&"))
    assert page.status_code == 200
    assert "Diteruskan ke unit terkait" in page.get_data(as_text=True)
