"""A requester checks an information request by the PPID registration number they were
given ("cek PPID-2026-00001"), and that number is never read as another ticket's."""

from __future__ import annotations

from aduan.extensions import db
from tests import factories
from ticketing import status
from ticketing.models import utcnow


def test_the_registration_number_finds_the_request(app):
    other = factories.ticket(opd="DSDABM", created=utcnow())  # MC-....-000001
    request = factories.ticket(kind="info_request", opd="PPID", created=utcnow())
    request.registration_number = "PPID-2026-00001"
    db.session.commit()
    for text in ("cek PPID-2026-00001", "cek ppid 2026 1", "status PPID/2026/00001"):
        asked = status.read(text)
        assert [c.number for c in asked.cited] == [request.number], text
        assert asked.is_check
    answer = status.answer(request.contact, status.read("cek PPID-2026-00001"), "id")
    assert answer.startswith(f"Permohonan informasi PPID-2026-00001 (tiket {request.number}): ")
    assert other.number not in answer


def test_an_unknown_registration_is_not_read_as_a_ticket_number(app):
    factories.ticket(opd="DSDABM", created=utcnow())
    db.session.commit()
    (cited,) = status.read("cek PPID 2026-00001").cited
    assert cited.number == "" and cited.registration == "PPID-2026-00001"
    assert status.find_numbers("PPID 2026-00001", registrations=True) == ()


def test_someone_elses_registration_answers_like_an_unknown_one(app):
    """Which ticket a registration is, and whether it exists, was told to anyone who
    cited it: 'laporan MC-2026-000002 tidak ditemukan' for a real one, 'Anda belum
    memiliki laporan' for an unknown one (an oracle over every PPID request)."""
    request = factories.ticket(kind="info_request", opd="PPID", created=utcnow())
    request.registration_number = "PPID-2026-00001"
    stranger = factories.ticket(opd="DSDABM", created=utcnow()).contact
    db.session.commit()
    for text in ("cek PPID-2026-00001", "PPID-2026-00001"):
        known = status.answer(stranger, status.read(text), "id")
        unknown = status.answer(stranger, status.read(text.replace("00001", "00077")), "id")
        assert known == unknown.replace("00077", "00001"), text
        assert request.number not in known and "PPID-2026-00001" in known
    assert status.find_numbers("PPID-2026-00001") == ()  # the public side
    assert status.find_numbers("PPID-2026-00001", registrations=True) == (request.number,)


def test_a_request_waiting_past_its_term_is_asked_about_not_filed_again(app):
    """ "permohonan informasi saya ... PPID/2026/00001 sdh lewat 10 hari kerja, kapan
    dijawab?" is about the request: the words around its number are the wait, not a new
    request to file."""
    request = factories.ticket(kind="info_request", opd="PPID", created=utcnow())
    request.registration_number = "PPID-2026-00001"
    db.session.commit()
    for text in (
        "permohonan informasi saya nomor registrasi PPID/2026/00001 sdh lewat 10 hari kerja, "
        "kapan dijawab?",
        "permohonan informasi PPID-2026-00001 belum ada jawaban sampai sekarang",
    ):
        asked = status.read(text)
        assert [c.number for c in asked.cited] == [request.number], text
        assert asked.is_check, text
