"""A citizen with an open ticket writes about another problem without a number. It gets
a ticket of its own when it announces another item ("selain itu ...", "one more
thing ..."), even for the same unit or with the unit unsure; when it says "juga" of
another kind of thing than the ticket names; or when the recogniser is sure it is
another unit's, a unit the ticket was not really suggested for (a 0.0 suggestion is
none). "juga" about the same thing, and a message the recogniser only guesses to be
another unit's, stay on the open ticket. An emergency never does."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from aduan.extensions import db
from tests import factories
from tests.ticketing.helpers import Citizen
from ticketing import followups
from ticketing.models import Message, Ticket
from ticketing.routing import Decision


@pytest.fixture
def citizen(fake_telegram, tg_post, drain):
    return Citizen(fake_telegram, tg_post, drain)


def _tickets() -> list[Ticket]:
    return list(db.session.execute(select(Ticket).order_by(Ticket.id)).scalars())


def _on(text: str) -> int | None:
    return db.session.execute(select(Message.ticket_id).where(Message.text == text)).scalar_one()


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (  # the same unit (DSDABM), announced
            "Jalan di Jl. Rungkut Industri berlubang dalam, sudah ada pengendara jatuh",
            "selain itu trotoar di depan pabrik situ amblas hampir satu meter",
        ),
        (  # the same unit (DLH), "juga" of another kind of thing
            "Sampah di pinggir Jl. Ngagel Rejo numpuk seminggu gak diangkut",
            "ranting pohon di sebelahnya jg sudah nyangkut di kabel, tolong dipangkas",
        ),
        (  # announced in English
            "Rubbish has been piling up at the TPS on Jl. Gubeng Airlangga for days",
            "One more thing: the street lights along Jl. Gubeng Airlangga are all out",
        ),
    ],
)
def test_another_problem_gets_a_ticket_of_its_own(citizen, first, second):
    citizen.says(first)
    citizen.says(second)
    tickets = _tickets()
    assert len(tickets) == 2
    assert _on(second) == tickets[1].id


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            "Karaoke di warung Jl. Kupang Gunung berisik tiap malam",
            "kemarin malam juga sampai subuh",
        ),
        ("Sampah di TPS Jl. Bratang numpuk", "ini fotonya, sampahnya jg udah sampai ke jalan"),
    ],
)
def test_juga_about_the_same_thing_stays_on_the_open_ticket(citizen, first, second):
    citizen.says(first)
    citizen.says(second)
    tickets = _tickets()
    assert len(tickets) == 1 and _on(second) == tickets[0].id
    assert not any(r.startswith("Laporan MC-") for r in citizen.replies())


def test_an_emergency_after_an_open_ticket_gets_its_own_ticket(citizen):
    citizen.says("Got di Jl. Pacar Kembang mampet, bau sekali")
    citizen.says("sekalian min, rumah tetangga kebakaran apinya sudah ke atap!!")
    tickets = _tickets()
    assert len(tickets) == 2 and tickets[1].kind == "emergency"


def _decision(opd: str, confidence: float, kind: str = "complaint") -> Decision:
    return Decision(kind, opd, confidence, "test", ((opd, confidence),))


def _ticket(suggestions: list[list[object]]) -> Ticket:
    ticket = factories.ticket(opd="PDAM", created=datetime(2026, 12, 1, tzinfo=UTC))
    ticket.summary, ticket.suggestions = "Air PDAM mati sejak pagi", suggestions
    return ticket


def test_a_unit_suggested_at_almost_nothing_is_no_alternative(app):
    ticket = _ticket([["PDAM", 1.0], ["DISHUB", 0.0]])
    assert followups.another_problem(
        ticket, "lampu merah di perempatan rusak", _decision("DISHUB", 0.99)
    )
    ticket.suggestions = [["PDAM", 0.6], ["DISHUB", 0.3]]
    assert not followups.another_problem(
        ticket, "lampu merah di perempatan rusak", _decision("DISHUB", 0.99)
    )


def test_an_unannounced_guess_at_another_unit_stays_on_the_ticket(app):
    ticket = _ticket([["PDAM", 1.0]])
    text = "gambarnya saya kirim nanti sore"
    assert not followups.another_problem(ticket, text, _decision("DISKOMINFO", 0.77))
    assert followups.another_problem(ticket, text, _decision("DISKOMINFO", 0.95))


def test_a_status_question_or_an_answer_the_desk_awaits_is_never_another_problem(app):
    ticket = _ticket([["PDAM", 1.0]])
    assert not followups.another_problem(
        ticket, "udah seminggu lho, kapan diperbaiki?", _decision("DSDABM", 0.9)
    )
    ticket.status = "waiting"
    assert not followups.another_problem(
        ticket, "selain itu jalannya rusak", _decision("DSDABM", 0.9)
    )


@pytest.mark.parametrize(
    "where", ["di sebelah sekolah SDN 2", "tepatnya di depan halte bus", "dekat puskesmas kenjeran"]
)
def test_a_place_said_alone_stays_on_the_open_ticket_whatever_its_landmark(citizen, where):
    citizen.says("Lampu jalan di Jl. Kalijudan mati semua, gelap sekali")
    citizen.says(where)
    tickets = _tickets()
    assert len(tickets) == 1 and _on(where) == tickets[0].id


@pytest.mark.parametrize(
    "text",
    ["got depan SDN Ketabang mampet", "di depan sekolah ada pohon tumbang", "depan pasar ada PKL"],
)
def test_a_problem_at_a_landmark_is_not_a_place_alone(text):
    assert not followups.only_a_place(text)


def test_an_outside_matter_after_an_open_ticket_is_answered_with_who_handles_it(citizen):
    # Seen in the simulator: "listrik rumah saya mati" after a PPID request went onto
    # that request, and the citizen heard nothing (no "contact PLN" answer).
    citizen.says("saya mau minta salinan dokumen APBD 2026 Kota Surabaya")
    citizen.says("listrik rumah saya mati dari tadi pagi")
    tickets = _tickets()
    assert len(tickets) == 2 and tickets[1].kind == "external"
    assert _on("listrik rumah saya mati dari tadi pagi") == tickets[1].id
    assert "PLN" in citizen.replies()[-1]


def test_another_thing_after_a_ticket_in_triage_gets_a_ticket_and_leaves_it_unrouted(app):
    # Seen in the simulator: a fallen tree in triage, then "PKL ... di trotoar" from
    # the same number went onto it, and the triage rerouted the tree to Satpol PP.
    created = datetime(2026, 12, 1, tzinfo=UTC)
    ticket = factories.ticket(opd=None, status="triage", created=created)
    ticket.summary = "pohon tumbang di Jl. Diponegoro depan RS, menghalangi jalan"
    pkl = "PKL jualan di trotoar Jl. Tunjungan, pejalan kaki susah lewat"
    assert followups.another_problem(ticket, pkl, _decision("SATPOLPP", 0.99))
    assert not followups.another_problem(ticket, pkl, _decision("SATPOLPP", 0.6))
    same = "pohonnya besar, ranting juga berserakan di jalan"
    assert not followups.another_problem(ticket, same, _decision("DLH", 0.95))


def test_more_about_an_older_open_ticket_goes_to_it_not_to_the_newest(citizen):
    # Seen in the simulator: "pohonnya besar sekali" after a tree report and then a PKL
    # report went onto the PKL ticket (the newest open one).
    citizen.says("pohon tumbang di Jl. Diponegoro depan RS, menghalangi jalan")
    citizen.says("PKL jualan di trotoar Jl. Tunjungan, pejalan kaki susah lewat")
    more = "pohonnya besar sekali, rantingnya sampai ke tengah jalan"
    citizen.says(more)
    tickets = _tickets()
    assert len(tickets) == 2
    assert _on(more) == tickets[0].id
