"""The citizens' pages: the /lapor form through the same pipeline, the token page, the
tracking page, the map and list, the scorecard; a honeypot and a rate limit, raster
photos only."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from flask_babel import refresh
from sqlalchemy import select

from aduan.extensions import db
from sla.clocks import start as start_clocks
from tests import factories
from tests.public.helpers import form, jpeg, listed_ticket
from ticketing import actions
from ticketing.models import Attachment, InboundEvent, Outbound, Ticket
from ticketing.scorecard import scorecard

NOW = datetime.now(UTC).replace(microsecond=0)


def submit(client, **fields):
    return client.post("/lapor", data=form(client, **fields), content_type="multipart/form-data")


def test_the_form_lists_public_categories_in_indonesian(client):
    page = client.get("/lapor")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and '<html lang="id">' in html
    assert "Lapor masalah di kota" in html and "telepon 112" in html
    assert 'value="jalan-rusak"' in html and 'value="lainnya"' in html
    assert "Bansos" not in html  # personal units are not offered
    assert "vendor/leaflet/leaflet.js" in html
    csp = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "https://tile.openstreetmap.org" in csp


def test_a_web_report_opens_a_ticket_and_its_page_shows_the_number(app, client, drain):
    response = submit(client, photo=(io.BytesIO(jpeg()), "foto.jpg"), photo_public="1")
    assert response.status_code == 303
    token_page = response.headers["Location"]
    assert "sedang dicatat" in client.get(token_page).get_data(as_text=True)
    drain()
    ticket = db.session.execute(select(Ticket)).scalar_one()
    assert (ticket.channel, ticket.opd_code, ticket.status) == ("web", "DSDABM", "routed")
    assert (ticket.service_code, ticket.kecamatan) == ("jalan-rusak", "Genteng")
    assert ticket.latitude == -7.261234
    html = client.get(token_page).get_data(as_text=True)
    assert ticket.number in html and f"/lacak/{ticket.number}" in html
    assert (
        db.session.execute(select(Outbound).where(Outbound.ticket_id == ticket.id)).first() is None
    )
    photo = db.session.execute(select(Attachment)).scalar_one()
    assert photo.public and photo.status == "stored"
    assert client.get("/lapor/terkirim/not-a-token").status_code == 404
    assert "Simpan nomor ini untuk mengecek status" in html and "wa.me" not in html


def test_the_thank_you_page_names_the_desks_whatsapp_number_when_set(app, client, drain):
    """It said "Cek status juga bisa lewat WhatsApp Media Center" without a number."""
    app.config["DESK_WHATSAPP"] = "+6281130001234"
    page = submit(client).headers["Location"]
    drain()
    number = db.session.execute(select(Ticket.number)).scalar_one()
    html = client.get(page).get_data(as_text=True)
    assert f'href="https://wa.me/6281130001234?text=cek%20{number}"' in html
    assert ">+62 811-3000-1234</a>" in html and f"kirim cek {number}" in html


@pytest.mark.parametrize("value", ["112", "0811-ABC", "+62 811"])
def test_a_desk_whatsapp_number_that_is_none_stops_the_start(value):
    from aduan.config import ConfigError, desk_whatsapp

    with pytest.raises(ConfigError, match="DESK_WHATSAPP"):
        desk_whatsapp(value)
    assert desk_whatsapp(" 0811-3000-1234 ") == "+6281130001234"
    assert desk_whatsapp("") == ""


def test_a_web_report_with_a_phone_is_acknowledged_on_whatsapp_or_sms(app, client, drain):
    submit(client, phone="0812 7777 8888", name="Siti Aminah")
    drain()
    ack = db.session.execute(select(Outbound).where(Outbound.purpose == "ack")).scalar_one()
    assert (ack.channel, ack.recipient) == ("sms", "+6281277778888")
    assert "/lacak/MC-" in ack.text


def test_the_form_rejects_what_it_cannot_take_and_keeps_the_input(app, client):
    response = submit(client, lat="", long="", description="Lubang di jalan")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Tandai lokasi" in html and "Lubang di jalan" in html
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
    response = submit(client, photo=(io.BytesIO(svg), "foto.jpg"))
    assert response.status_code == 400 and "JPEG" in response.get_data(as_text=True)
    html_file = b"<html><script>alert(1)</script></html>"
    assert submit(client, photo=(io.BytesIO(html_file), "a.png")).status_code == 400
    assert submit(client, phone="123").status_code == 400
    assert db.session.execute(select(InboundEvent)).first() is None


def test_a_photo_the_form_could_not_keep_is_asked_for_again(app, client):
    """The form came back for a missing location with the text kept but the file box
    empty (a browser never refills one): the citizen sent it again without the photo."""
    photo = (io.BytesIO(jpeg()), "lubang.jpg")
    html = submit(client, lat="", long="", photo=photo).get_data(as_text=True)
    assert "Tandai lokasi" in html and "Foto yang tadi dipilih belum terkirim" in html
    html = submit(client, lat="", long="").get_data(as_text=True)  # none chosen: no word
    assert "Tandai lokasi" in html and "Foto yang tadi dipilih" not in html


def test_a_filled_honeypot_stores_nothing_and_the_form_is_rate_limited(app, client, monkeypatch):
    response = submit(client, website="http://spam.example")
    assert response.status_code == 200 and "Terima kasih" in response.get_data(as_text=True)
    assert db.session.execute(select(InboundEvent)).first() is None
    monkeypatch.setitem(app.config, "LAPOR_LIMIT", "2 per minute")
    assert [submit(client).status_code for _ in range(3)] == [303, 303, 429]


def test_mistakes_to_correct_do_not_use_up_the_limit(app, client, monkeypatch):
    # A citizen who got the form wrong five times was locked out for ten minutes.
    monkeypatch.setitem(app.config, "LAPOR_LIMIT", "2 per minute")
    assert [submit(client, phone="123").status_code for _ in range(4)] == [400] * 4
    assert [submit(client).status_code for _ in range(3)] == [303, 303, 429]


def test_one_phone_number_cannot_be_texted_over_and_over_from_many_addresses(app, client):
    """The per-address limit alone let a botnet make the desk text any number."""
    codes = []
    for n in range(4):
        client.environ_base["REMOTE_ADDR"] = f"10.0.0.{n + 1}"
        codes.append(submit(client, phone="0812 7777 8888").status_code)
    assert codes == [303, 303, 303, 429]
    client.environ_base["REMOTE_ADDR"] = "10.0.0.9"
    assert submit(client, phone="+62 812-7777-8888").status_code == 429  # the same number
    assert submit(client, phone="0812 7777 9999").status_code == 303
    assert submit(client).status_code == 303  # no number: only the address counts
    assert len(db.session.execute(select(InboundEvent)).all()) == 5


def test_the_public_timeline_is_in_the_readers_language(app, client):
    from flask_babel import refresh

    ticket = listed_ticket(NOW - timedelta(hours=2), service_code="jalan-rusak")
    start_clocks(ticket, NOW - timedelta(hours=2))
    officer = factories.officer("Petugas Jalan", opd="DSDABM")
    actions.accept(ticket, actions.Actor.officer(officer, None), NOW - timedelta(hours=1))
    db.session.commit()
    assert "Diterima dan mulai ditangani petugas" in client.get(f"/lacak/{ticket.number}").text
    client.get("/lang/en")
    refresh()  # the test's app context outlives requests and caches the locale
    html = client.get(f"/lacak/{ticket.number}").get_data(as_text=True)
    assert "Accepted; an officer is working on it" in html
    assert "Diterima dan mulai ditangani" not in html
    # the citizen's own words are one report, not "Reports" (the count column's word)
    assert "<h2>The report</h2>" in html and "<h2>Reports</h2>" not in html


def test_the_tracking_page_shows_the_public_timeline_and_the_promise(app, client):
    ticket = listed_ticket(NOW - timedelta(hours=2), service_code="jalan-rusak")
    start_clocks(ticket, NOW - timedelta(hours=2))
    officer = factories.officer("Petugas Jalan", opd="DSDABM")
    actor = actions.Actor.officer(officer, None)
    actions.accept(ticket, actor, NOW - timedelta(hours=1))
    actions.progress(ticket, actor, "Tim menuju lokasi, hubungi 0812-1111-2222", NOW)
    db.session.commit()
    html = client.get(f"/lacak/{ticket.number}").get_data(as_text=True)
    assert "Jalan rusak / berlubang" in html and "Dinas Sumber Daya Air dan Bina Marga" in html
    assert "Diterima dan mulai ditangani" in html and "Tim menuju lokasi" in html
    assert "1111" not in html and "[telepon]" in html
    assert "tepat waktu" in html  # the first answer came within 1x24 working hours
    assert (
        client.get("/lacak?nomor=mc 2026 1").headers["Location"].endswith("/lacak/MC-2026-000001")
    )


def test_a_kept_promise_reads_as_its_deadline_not_as_when_it_was_answered(app, client):
    """Answered within minutes on Monday, the page said "Tanggapan pertama: Selasa, 8 Des
    13:41 WIB · tepat waktu": the citizen read it as answered on Tuesday. The date is
    the deadline and says so."""
    ticket = listed_ticket(NOW - timedelta(hours=2), service_code="jalan-rusak")
    start_clocks(ticket, NOW - timedelta(hours=2))
    officer = factories.officer("Petugas Jalan", opd="DSDABM")
    actions.accept(ticket, actions.Actor.officer(officer, None), NOW - timedelta(hours=1))
    db.session.commit()
    html = client.get(f"/lacak/{ticket.number}").get_data(as_text=True)
    (kept,) = re.findall(r'<dd class="promise promise-met">(.*?)</dd>', html, re.S)
    assert kept.strip().startswith("batas ") and "tepat waktu" in kept


def test_the_map_lists_open_and_recently_resolved_reports_by_category_and_district(app, client):
    pothole = listed_ticket(NOW - timedelta(days=1), service_code="jalan-rusak")
    light = listed_ticket(
        NOW - timedelta(days=2), opd="DISHUB", service_code="pju-mati", kecamatan="Rungkut"
    )
    old = listed_ticket(NOW - timedelta(days=60), opd="DLH", kecamatan="Rungkut")
    old.status, old.resolved_at = "resolved", NOW - timedelta(days=45)
    db.session.commit()
    html = client.get("/peta").get_data(as_text=True)
    assert pothole.number in html and light.number in html and old.number not in html
    points = re.search(r'<script type="application/json" id="points">(.*?)</script>', html)
    assert '"lat": -7.2' in points.group(1)
    html = client.get("/peta?kecamatan=rungkut").get_data(as_text=True)
    assert light.number in html and pothole.number not in html
    html = client.get("/peta?kategori=jalan-rusak&status=open").get_data(as_text=True)
    assert pothole.number in html and light.number not in html


def test_the_scorecard_counts_answers_within_the_promise_and_the_median_resolve_time(app, client):
    created = NOW - timedelta(days=20)
    tickets = [listed_ticket(created, opd="DLH") for _ in range(3)]
    officer = factories.officer("Petugas DLH", opd="DLH")
    actor = actions.Actor.officer(officer, None)
    for ticket in tickets:
        start_clocks(ticket, created)
    actions.accept(tickets[0], actor, created + timedelta(hours=1))
    actions.resolve(tickets[0], actor, "beres", created + timedelta(hours=10))
    actions.resolve(tickets[1], actor, "beres", created + timedelta(hours=20))
    actions.resolve(tickets[2], actor, "beres", created + timedelta(days=15))  # late answer
    db.session.commit()
    score = next(s for s in scorecard(NOW - timedelta(days=90), NOW, NOW) if s.opd == "DLH")
    assert (score.received, score.measured, score.resolved) == (3, 3, 3)
    assert score.on_time == 2 and score.pct_on_time == 66.7
    assert score.median_resolve_hours == 20.0
    html = client.get("/kinerja").get_data(as_text=True)
    assert "Dinas Lingkungan Hidup" in html and "66,7%" in html and "20,0 jam" in html
    client.get("/lang/en")
    refresh()  # the test's app context outlives requests and caches the locale
    html = client.get("/kinerja").get_data(as_text=True)
    assert "66.7%" in html and "20.0 hours" in html


def test_the_pages_switch_to_english(client):
    client.get("/lang/en")
    html = client.get("/lapor").get_data(as_text=True)
    assert '<html lang="en">' in html and "Report a problem in the city" in html
    assert "Damaged road / potholes" in html and "Jalan rusak / berlubang" not in html
    assert "How big is the damage?" in html and "Small (under 30 cm)" in html
    assert 'placeholder="Number of days"' in html


def test_categories_are_shown_in_the_readers_language_but_kept_in_indonesian(app, client):
    """Open311 and the stored ticket keep the catalogue's Indonesian names; the pages
    translate them, "Lainnya - <unit>" included."""
    from flask_babel import refresh

    pothole = listed_ticket(NOW - timedelta(hours=2), service_code="jalan-rusak")
    other = listed_ticket(NOW - timedelta(hours=2), opd="DLH")
    db.session.commit()
    client.get("/lang/en")
    refresh()  # the test's app context outlives requests and caches the locale
    assert "<h1>Damaged road / potholes</h1>" in client.get(f"/lacak/{pothole.number}").text
    assert "<h1>Other - Dinas Lingkungan Hidup</h1>" in client.get(f"/lacak/{other.number}").text
    assert "Damaged road / potholes" in client.get("/peta").text
    services = client.get("/open311/v2/services.json").json
    assert "Jalan rusak / berlubang" in [s["service_name"] for s in services]


def test_the_fix_photo_shows_only_when_the_officer_marked_it_public(app, client):
    from werkzeug.datastructures import FileStorage

    from ticketing import evidence

    ticket = listed_ticket(NOW - timedelta(hours=5))
    officer = factories.officer("Petugas Jalan", opd="DSDABM")
    actor = actions.Actor.officer(officer, None)
    event = actions.progress(ticket, actor, "Sedang ditambal", NOW - timedelta(hours=1))
    evidence.save([FileStorage(io.BytesIO(jpeg()), "before.jpg")], event)
    event = actions.resolve(ticket, actor, "Sudah ditambal", NOW)
    evidence.save([FileStorage(io.BytesIO(jpeg((80, 60))), "after.jpg")], event, public=True)
    db.session.commit()
    private, public = db.session.execute(select(Attachment).order_by(Attachment.id)).scalars()
    html = client.get(f"/lacak/{ticket.number}").get_data(as_text=True)
    assert f"/foto/{public.id}" in html and f"/foto/{private.id}" not in html
    assert client.get(f"/lacak/{ticket.number}/foto/{public.id}").status_code == 200
    assert client.get(f"/lacak/{ticket.number}/foto/{private.id}").status_code == 404
    body = client.get(f"/open311/v2/requests/{ticket.number}.json").get_json()[0]
    assert body["media_url"].endswith(f"/foto/{public.id}")


def test_the_maps_category_filter_is_in_the_readers_language(app, client):
    """The map's category filter named the catalogue in Indonesian on the English page
    ("Sampah tidak diangkut", "Lainnya - Dinas ...") while the list under it was English."""
    client.get("/lang/en")
    refresh()  # the test's app context outlives requests and caches the locale
    html = client.get("/peta").get_data(as_text=True)
    select_box = re.search(r'<select name="kategori".*?</select>', html, re.S).group(0)
    assert "Damaged road / potholes" in select_box and "Rubbish not collected" in select_box
    assert "Other - Dinas Lingkungan Hidup" in select_box
    assert "Jalan rusak" not in select_box and "Lainnya" not in select_box


def test_a_web_report_outside_the_remit_is_told_who_handles_it(app, client, drain):
    """A chat is told "ditangani oleh PLN ... hubungi PLN di nomor 123"; the web form's
    page only said the matter was outside the city's remit and not who handles it."""
    text = "listrik di rumah saya padam sejak pagi, token sudah diisi"
    response = submit(client, service_code="lainnya", description=text)
    drain()
    ticket = db.session.execute(select(Ticket)).scalar_one()
    assert (ticket.kind, ticket.external_body) == ("external", "PLN")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "PLN di nomor 123" in html
    client.get("/lang/en")
    refresh()
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "is handled by PLN" in html


def test_a_number_too_short_to_exist_is_refused_with_an_example(app, client):
    """ "12345" passed as a possible (landline) number and the report promised updates
    to +6212345; the usual ways of writing a mobile number still pass."""
    response = submit(client, phone="12345")
    assert response.status_code == 400
    assert "Nomor HP tidak valid. Contoh: 0812 3456 7890." in response.get_data(as_text=True)
    for phone in ("0812-3456-7890", "+62 812 3456 7890", "6281234567890"):
        assert submit(client, phone=phone).status_code == 303, phone


def test_a_citizen_over_the_limit_gets_the_form_back_with_what_they_wrote(app, client, monkeypatch):
    """The 429 was the bare "Terlalu banyak percobaan" page: the description typed on a
    phone was lost, and its only link led to the staff login."""
    monkeypatch.setitem(app.config, "LAPOR_LIMIT", "1 per minute")
    assert submit(client).status_code == 303
    response = submit(client, description="Got mampet di Jl. Tunjungan, bau sekali")
    assert response.status_code == 429
    html = response.get_data(as_text=True)
    assert "Terlalu banyak laporan terkirim dari sini" in html
    assert "Got mampet di Jl. Tunjungan, bau sekali" in html and 'id="report"' in html
