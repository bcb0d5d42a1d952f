"""A requester who checks an information request ("cek PPID-2026-00001") hears about
their request by its registration number and the written answer's legal deadline: not
"Laporan MC-...", and not a complaint's "Sudah ditanggapi" once PPID merely took it."""

from __future__ import annotations

from datetime import UTC, datetime

from aduan.extensions import db
from sla import clocks
from tests import factories
from ticketing import actions, status

MONDAY = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)  # Monday 09:00 WIB


def request_ticket():
    ticket = factories.ticket(kind="info_request", opd="PPID", created=MONDAY)
    ticket.registration_number = "PPID-2026-00001"
    clocks.start(ticket, MONDAY)
    db.session.commit()
    return ticket


def test_a_status_check_names_the_registration_and_the_written_answer_due(app):
    ticket = request_ticket()
    answer = status.answer(ticket.contact, status.read("cek PPID-2026-00001"), "id")
    assert answer.startswith(f"Permohonan informasi PPID-2026-00001 (tiket {ticket.number}): ")
    assert "Batas jawaban tertulis (UU 14/2008): Senin, 21 Des 2026 23:59 WIB." in answer
    assert "Laporan" not in answer and "Batas tanggapan" not in answer


def test_taking_the_request_is_not_answering_it(app):
    ticket = request_ticket()
    officer = factories.officer("Sari", opd="PPID")
    actions.accept(ticket, actions.Actor.officer(officer, None), now=MONDAY)
    db.session.commit()
    answer = status.answer(ticket.contact, status.read("cek"), "id")
    assert "Sudah ditanggapi" not in answer
    assert "Batas jawaban tertulis (UU 14/2008): Senin, 21 Des 2026 23:59 WIB." in answer
    english = status.line(ticket, "en")
    assert english.startswith(f"Information request PPID-2026-00001 (ticket {ticket.number}): ")
    assert "Written answer due (Law 14/2008): Monday, 21 Dec 2026 23:59 WIB." in english
