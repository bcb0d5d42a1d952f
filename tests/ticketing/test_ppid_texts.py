"""A public-information requester hears about their request by its PPID registration
number, as a "permohonan", and is not asked whether "the problem" is fixed."""

from __future__ import annotations

from tests import factories
from tests.inbox.helpers import citizen_texts
from ticketing import actions
from ticketing.models import utcnow


def test_ppid_accepts_updates_and_answers_a_request(app):
    officer = factories.officer("Sari", opd="PPID")
    ticket = factories.ticket(kind="info_request", opd="PPID", created=utcnow())
    ticket.registration_number = "PPID-2026-00007"
    who = actions.Actor.officer(officer, None)
    actions.accept(ticket, who)
    actions.progress(ticket, who, "Dokumen sedang disiapkan")
    actions.resolve(ticket, who, "Salinan APBD terlampir")
    accepted, progress, answered = citizen_texts(ticket)
    name = "Pejabat Pengelola Informasi dan Dokumentasi"
    assert accepted == (
        f"Permohonan informasi PPID-2026-00007 (tiket {ticket.number}) sedang diproses oleh {name}."
    )
    assert progress.startswith("Perkembangan permohonan informasi PPID-2026-00007")
    assert answered.startswith(
        f"Permohonan informasi PPID-2026-00007 (tiket {ticket.number}) telah dijawab oleh "
        f"{name}: Salinan APBD terlampir"
    )
    assert "keberatan" in answered and "Sudah beres?" not in answered
    assert all(text.isascii() for text in (accepted, progress, answered))  # GSM-7 for SMS


def test_a_complaint_keeps_its_own_words(app):
    officer = factories.officer("Andi", opd="DSDABM")
    ticket = factories.ticket(opd="DSDABM", created=utcnow())
    actions.accept(ticket, actions.Actor.officer(officer, None))
    assert citizen_texts(ticket)[-1].startswith(f"Laporan {ticket.number} sudah diterima oleh")
