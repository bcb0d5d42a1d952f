"""The PPID officer extends an information request through their signed link: once,
with a reason, before the first deadline; the requester hears the new date and why."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from aduan.extensions import db
from sla import clocks
from tests import factories
from tests.inbox.helpers import form_fields, link_tokens
from ticketing import actions
from ticketing.models import OfficerLink, Outbound, TicketEvent, utcnow

EXTEND_FORM = "Perpanjang 7 hari kerja"


def _routed(kind: str, opd: str):
    officer = factories.officer("Rina", opd=opd)
    ticket = factories.ticket(kind=kind, status="triage", opd=None, created=utcnow())
    if kind == "info_request":
        ticket.registration_number = "PPID-2026-00031"
    clocks.start(ticket, utcnow())
    actions.route(ticket, actions.Actor("agent", None, "Agen"), opd)
    db.session.commit()
    return ticket, officer, link_tokens("officer_notify")[officer.id]


@pytest.fixture
def request_link(app):
    return _routed("info_request", "PPID")


def post(client, token, action, **data):
    page = client.get(f"/o/{token}").get_data(as_text=True)
    return client.post(f"/o/{token}/{action}", data={**form_fields(page), **data})


def shown(client, response) -> str:
    """The page the officer sees after a POST: the redirect's, or the form given back."""
    if response.status_code == 302:
        return client.get(response.headers["Location"]).get_data(as_text=True)
    return response.get_data(as_text=True)


def requester_texts(ticket) -> list[str]:
    stmt = select(Outbound.text).where(
        Outbound.ticket_id == ticket.id, Outbound.identity_id.is_not(None)
    )
    return list(db.session.execute(stmt).scalars())


def test_the_ppid_officer_extends_once_and_the_requester_hears_date_and_reason(
    client, request_link
):
    ticket, officer, token = request_link
    before = clocks.get(ticket, "ppid").due_at
    assert EXTEND_FORM in client.get(f"/o/{token}").get_data(as_text=True)
    response = post(client, token, "extend", reason="Dokumen masih di arsip kelurahan")
    assert response.status_code == 302
    clock = clocks.get(ticket, "ppid")
    assert clock.extended_at is not None and clock.due_at > before
    assert clock.extension_reason == "Dokumen masih di arsip kelurahan"
    (text,) = [t for t in requester_texts(ticket) if "diperpanjang" in t]
    assert "PPID-2026-00031" in text and "Dokumen masih di arsip kelurahan" in text
    event = db.session.execute(
        select(TicketEvent).where(
            TicketEvent.ticket_id == ticket.id, TicketEvent.action == "ppid_extended"
        )
    ).scalar_one()
    assert (event.actor_kind, event.actor_id, event.actor_name) == ("officer", officer.id, "Rina")
    assert event.note == "Dokumen masih di arsip kelurahan"
    page = client.get(f"/o/{token}").get_data(as_text=True)
    assert "Batas waktu diperpanjang" in page and EXTEND_FORM not in page


def test_a_second_extension_is_refused(client, request_link):
    ticket, _, token = request_link
    post(client, token, "extend", reason="Dokumen masih di arsip")
    due = clocks.get(ticket, "ppid").due_at
    page = shown(client, post(client, token, "extend", reason="lagi"))
    assert "hanya dapat diperpanjang satu kali" in page
    assert clocks.get(ticket, "ppid").due_at == due
    assert len([t for t in requester_texts(ticket) if "diperpanjang" in t]) == 1


def test_a_reason_is_required(client, request_link):
    ticket, _, token = request_link
    page = shown(client, post(client, token, "extend", reason="  "))
    assert "Alasan perpanjangan wajib diisi." in page
    assert clocks.get(ticket, "ppid").extended_at is None


def test_no_extension_once_the_first_deadline_passed(client, request_link):
    ticket, _, token = request_link
    clock = clocks.get(ticket, "ppid")
    clock.due_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert EXTEND_FORM not in client.get(f"/o/{token}").get_data(as_text=True)
    page = shown(client, post(client, token, "extend", reason="Dokumen di arsip"))
    assert "Batas waktu jawaban sudah lewat" in page
    assert clocks.get(ticket, "ppid").extended_at is None


def test_a_complaint_has_no_such_action(client, app):
    ticket, _, token = _routed("complaint", "DSDABM")
    assert EXTEND_FORM not in client.get(f"/o/{token}").get_data(as_text=True)
    assert post(client, token, "extend", reason="Dokumen di arsip").status_code == 404
    assert clocks.get(ticket, "ppid") is None


def test_a_forged_or_stale_token_is_refused(client, request_link):
    ticket, _, token = request_link
    page = client.get(f"/o/{token}").get_data(as_text=True)
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    data = {**form_fields(page), "reason": "Dokumen di arsip"}
    assert client.post(f"/o/{forged}/extend", data=data).status_code == 404
    link = db.session.execute(select(OfficerLink)).scalars().first()
    link.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert client.post(f"/o/{token}/extend", data=data).status_code == 410
    assert clocks.get(ticket, "ppid").extended_at is None
