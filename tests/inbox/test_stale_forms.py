"""A form sent from a page that is out of date says what the ticket is now in words,
never as a status code ("status: in_progress")."""

from __future__ import annotations

import pytest

from aduan.extensions import db
from sla import clocks
from tests import factories
from tests.inbox.helpers import form_fields, link_tokens
from ticketing import actions
from ticketing.models import utcnow


@pytest.fixture
def routed(app):
    first = factories.officer("Andi", opd="DSDABM")
    second = factories.officer("Budi", opd="DSDABM")
    ticket = factories.ticket(status="triage", opd=None, created=utcnow())
    clocks.start(ticket, utcnow())
    actions.route(ticket, actions.Actor("agent", None, "Agen"), "DSDABM")
    db.session.commit()
    tokens = link_tokens("officer_notify")
    return ticket, tokens[first.id], tokens[second.id]


def test_a_second_accept_says_the_new_status_in_words(client, routed):
    ticket, first, second = routed
    stale = client.get(f"/o/{second}").get_data(as_text=True)  # opened before the first accepts
    page = client.get(f"/o/{first}").get_data(as_text=True)
    client.post(f"/o/{first}/accept", data=form_fields(page))
    response = client.post(f"/o/{second}/accept", data=form_fields(stale))
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Laporan sudah berubah (kini sedang ditangani)." in shown
    assert "status: in_progress" not in shown


def test_the_action_error_names_every_status_in_words(app):
    ticket = factories.ticket(status="resolved", opd="DSDABM", created=utcnow())
    db.session.commit()
    with pytest.raises(actions.ActionError) as caught:
        actions.accept(ticket, actions.Actor("agent", None, "Agen"))
    assert str(caught.value) == "Laporan sudah berubah (kini sudah diselesaikan)."


def test_a_ticket_waiting_for_the_citizen_is_not_said_to_wait_for_the_reader(app):
    ticket = factories.ticket(status="waiting", opd="DSDABM", created=utcnow())
    db.session.commit()
    with pytest.raises(actions.ActionError) as caught:
        actions.progress(ticket, actions.Actor("agent", None, "Agen"), "Petugas menuju lokasi")
    assert str(caught.value) == "Laporan sudah berubah (kini menunggu jawaban warga)."


def test_an_officer_form_from_an_ended_session_leads_back_to_the_ticket(client, routed):
    """The officer's phone lost its session (browser restarted, page left open): the
    refusal kept the staff frame, said "check the address" and sent the officer to an
    inbox they cannot log in to."""
    ticket, first, _ = routed
    response = client.post(f"/o/{first}/progress", data={"text": "sudah dikerjakan"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Halaman ini sudah kedaluwarsa. Buka lagi tautan" in html
    assert f'href="/o/{first}">Kembali ke laporan</a>' in html
    assert "kotak masuk" not in html and 'class="officer"' in html


def test_a_staff_form_from_an_ended_session_says_to_reload(client, app):
    from tests.inbox.helpers import login, make_user

    ticket = factories.ticket(status="routed", opd="DSDABM", created=utcnow())
    db.session.commit()
    login(client, make_user())
    response = client.post(f"/tickets/{ticket.number}/reply", data={"text": "halo"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Muat ulang halaman, lalu kirim lagi isian Anda." in html
    assert "Kembali ke kotak masuk" in html


def test_the_officer_page_declares_the_language_it_is_written_in(client, routed):
    from flask_babel import refresh

    _, first, _ = routed
    client.get("/lang/en")
    refresh()  # the test's app context outlives requests and caches the locale
    html = client.get(f"/o/{first}").get_data(as_text=True)
    assert '<html lang="en">' in html and "Accept the ticket" in html
