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
    assert answer.startswith(f"Laporan {request.number}: ")
    assert other.number not in answer


def test_an_unknown_registration_is_not_read_as_a_ticket_number(app):
    factories.ticket(opd="DSDABM", created=utcnow())
    db.session.commit()
    assert status.read("cek PPID 2026-00001").cited == ()
