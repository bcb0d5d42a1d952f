"""Extending a PPID request from the ticket page: once, with the reason in Indonesian
when it cannot be done, and the form gone once it is used."""

from __future__ import annotations

import pytest

from aduan.extensions import db
from sla import clocks
from tests import factories
from tests.inbox.helpers import csrf, login, make_user
from ticketing import actions, ppid
from ticketing.models import utcnow


@pytest.fixture
def request_ticket(app):
    ticket = factories.ticket(kind="info_request", opd="PPID", created=utcnow())
    ticket.registration_number = "PPID-2026-00009"
    clocks.start(ticket, utcnow())
    db.session.commit()
    return ticket


def extend(client, ticket, reason):
    page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    response = client.post(
        f"/tickets/{ticket.number}/extend", data={"csrf_token": csrf(page), "reason": reason}
    )
    return client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_second_extension_is_refused_in_words_and_the_form_is_gone(client, request_ticket):
    login(client, make_user())
    assert "Perpanjang (7 hari kerja, sekali)" in extend(client, request_ticket, "  ")
    page = extend(client, request_ticket, "Dokumen masih di arsip")
    assert "Batas waktu PPID diperpanjang dan pemohon diberi tahu." in page
    assert "Perpanjang (7 hari kerja, sekali)" not in page
    with pytest.raises(actions.ActionError) as caught:
        ppid.extend(request_ticket, actions.Actor("agent", None, "Agen"), "lagi")
    assert str(caught.value) == "Permohonan informasi hanya dapat diperpanjang satu kali."


def test_a_missing_reason_or_answered_request_is_said_in_indonesian(client, request_ticket):
    agent = actions.Actor("agent", None, "Agen")
    with pytest.raises(actions.ActionError, match=r"^Alasan perpanjangan wajib diisi\.$"):
        ppid.extend(request_ticket, agent, " ")
    actions.resolve(request_ticket, agent, "Salinan dikirim")
    with pytest.raises(actions.ActionError, match=r"^Tidak ada permohonan informasi terbuka"):
        ppid.extend(request_ticket, agent, "Dokumen masih di arsip")


def test_the_ppid_officer_is_told_the_new_deadline(app, request_ticket):
    """The requester heard of the extension; the PPID officer, whose notice said the old
    deadline, heard nothing (the new one showed only on the link's page)."""
    from sqlalchemy import select

    from ticketing.models import Outbound

    officer = factories.officer("Rina", opd="PPID")
    ppid.extend(request_ticket, actions.Actor("agent", None, "Agen"), "Dokumen di arsip")
    db.session.commit()
    texts = db.session.execute(
        select(Outbound.text).where(Outbound.officer_id == officer.id)
    ).scalars()
    (text,) = list(texts)
    assert "PPID-2026-00009" in text and "diperpanjang sampai" in text
    assert "Dokumen di arsip" in text and "[[link:" in text


def test_no_extension_form_or_extension_once_the_first_deadline_passed(client, request_ticket):
    from datetime import timedelta

    login(client, make_user())
    clock = clocks.get(request_ticket, "ppid")
    clock.due_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    page = extend(client, request_ticket, "Dokumen masih di arsip")
    assert "Batas waktu jawaban sudah lewat" in page
    assert "Perpanjang (7 hari kerja, sekali)" not in page
    assert clocks.get(request_ticket, "ppid").extended_at is None


def test_asking_a_requester_suggests_a_question_about_the_documents(client, request_ticket):
    """The 'ask the citizen' box suggested a photo and a location pin for an information
    request too (a pothole's question)."""
    login(client, make_user("agent"))
    page = client.get(f"/tickets/{request_ticket.number}").get_data(as_text=True)
    assert "Mis. mohon sebutkan tahun dan format dokumen yang diminta" in page
    assert "titik lokasinya" not in page
