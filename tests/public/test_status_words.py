"""A report forwarded to a unit that has not taken it up yet reads "diteruskan ...,
menunggu tanggapan" wherever the citizen reads its status (the tracking page, the map
list, the reporter's own link, the chat status check, the phone line); "sedang
ditangani" only once an officer accepted it, never for a forwarded report that waits
for its reporter's answer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from aduan.extensions import db
from tests import factories
from tests.public.helpers import listed_ticket
from ticketing import actions, publication, status
from ticketing.inbound import voice

NOW = datetime.now(UTC).replace(microsecond=0)
AGENT = actions.Actor("agent", None, "Agen")


def _listed(state: str = "routed"):
    ticket = listed_ticket(NOW - timedelta(hours=1), status=state, service_code="jalan-rusak")
    db.session.commit()
    return ticket


def test_a_forwarded_report_awaits_the_units_response_on_the_tracking_page(app, client):
    ticket = _listed()
    html = client.get(f"/lacak/{ticket.number}").get_data(as_text=True)
    assert f"Diteruskan ke {ticket.opd.name}, menunggu tanggapan" in html
    assert "Sedang ditangani" not in html
    listing = client.get("/peta").get_data(as_text=True)
    assert ticket.number in listing and "menunggu tanggapan" in listing
    assert "Sedang ditangani" not in listing


def test_an_accepted_report_is_being_handled_on_the_tracking_page(app, client):
    ticket = _listed("in_progress")
    html = client.get(f"/lacak/{ticket.number}").get_data(as_text=True)
    assert "Sedang ditangani" in html and "menunggu tanggapan" not in html


def test_the_tracking_page_says_it_in_english_too(app, client):
    ticket = _listed()
    with client.session_transaction() as session:
        session["lang"] = "en"
    html = client.get(f"/lacak/{ticket.number}").get_data(as_text=True)
    assert f"Forwarded to {ticket.opd.name}, awaiting its response" in html


def test_the_reporters_own_link_to_a_forwarded_report_awaits_the_unit(app, client):
    ticket = factories.ticket(status="routed", opd="DSDABM", created=NOW)
    ticket.private = True
    db.session.commit()
    key = publication.tracking_key(ticket.number)
    html = client.get(f"/lacak/{ticket.number}?k={key}").get_data(as_text=True)
    assert "Diteruskan ke unit terkait, menunggu tanggapan" in html
    assert "Sedang ditangani" not in html


def test_the_chat_status_check_agrees(app):
    ticket = _listed()
    own = status.line(ticket, "id")
    assert "diteruskan ke unit terkait, menunggu tanggapan" in own
    assert "sedang ditangani" not in own
    assert "awaiting its response" in status.line(ticket, "en")
    stranger = factories.ticket(status="routed", created=NOW).contact
    public = status.reply_for(stranger, (ticket.number,))
    assert "menunggu tanggapan" in public and "sedang ditangani" not in public


def test_a_forwarded_report_waiting_for_its_reporter_is_not_said_to_be_handled(app):
    ticket = _listed()
    actions.ask_citizen(ticket, AGENT, "Di depan nomor berapa?", NOW)
    db.session.commit()
    other = factories.ticket(status="routed", created=NOW).contact
    assert status.shown_status(ticket, other) == "diteruskan ke unit terkait, menunggu tanggapan"
    public = status.reply_for(other, (ticket.number,))
    assert "menunggu jawaban pelapor" in public and "dari Anda" not in public
    said = voice.status_speech("+628111000999", ticket.number[3:].replace("-", ""))
    assert "menunggu jawaban pelapor" in said and "sedang ditangani" not in said


def test_the_phone_line_says_the_same_words(app):
    ticket = _listed()
    said = voice.status_speech("+628111000999", ticket.number[3:].replace("-", ""))
    assert "diteruskan ke unit terkait, menunggu tanggapan" in said
    ticket.status = "in_progress"
    db.session.commit()
    said = voice.status_speech("+628111000999", ticket.number[3:].replace("-", ""))
    assert "sedang ditangani" in said
