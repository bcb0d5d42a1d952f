"""A longer "masih ..." after a resolve reopens the ticket when its words are about the
same unit's problem, and opens a new ticket when they are about something else."""

from __future__ import annotations

import itertools

from sqlalchemy import func, select

from aduan.extensions import db
from channels.base import InboundMessage
from tests import factories
from ticketing import actions, feedback
from ticketing.ingest import ingest
from ticketing.models import Ticket, utcnow
from ticketing.routing import Decision

AGENT = actions.Actor("agent", None, "Agen")
_ids = itertools.count(1)
LAMP = "Lampu PJU di Jl. Kutisari Indah mati tiga hari, jalan gelap sekali"
LONG = "masih berlubang pak jalannya, kemarin sore motor saya hampir jatuh lagi di situ"


resolved = factories.resolved_yesterday


def decision(kind: str, opd: str | None) -> Decision:
    return Decision(kind=kind, opd=opd, confidence=0.9, reason="model", suggestions=())


def test_a_long_still_about_the_same_unit_reopens(app):
    ticket = resolved()
    assert feedback.handle(ticket.identity, LONG, utcnow(), decision("complaint", "DSDABM"))
    db.session.commit()
    assert ticket.status == "in_progress" and ticket.reopened == 1


def test_a_long_still_about_another_unit_or_kind_or_undecided_is_a_new_message(app):
    ticket = resolved()
    for other in (decision("complaint", "DLH"), decision("info_request", "DSDABM"), None):
        assert feedback.handle(ticket.identity, LONG, utcnow(), other) is None, other
    assert ticket.status == "resolved" and ticket.reopened == 0


def test_still_further_in_the_message_reopens_only_for_the_same_unit(app):
    ticket = resolved()
    for text in ("lampune kok sik mati ae pak", "kok masih berlubang jalannya"):
        assert (
            feedback.handle(ticket.identity, text, utcnow(), decision("complaint", "DLH")) is None
        )
    said = "kok jalannya masih berlubang pak"
    assert feedback.handle(ticket.identity, said, utcnow(), decision("complaint", "DSDABM"))
    db.session.commit()
    assert ticket.status == "in_progress" and ticket.reopened == 1


def test_through_the_pipeline_the_classifier_decides(app):
    who = "9100001"
    assert ingest(_says(who, LAMP)).outcome == "new_ticket"
    db.session.commit()
    ticket = db.session.execute(select(Ticket)).scalar_one()
    assert ticket.opd_code
    actions.resolve(ticket, AGENT, "Lampu sudah diganti", now=utcnow())
    db.session.commit()
    follow_up = "masih mati pak lampu PJU nya, sudah dua malam gelap gulita dan rawan maling"
    assert ingest(_says(who, follow_up)).outcome == "feedback"
    db.session.commit()
    assert ticket.status == "in_progress" and ticket.reopened == 1
    actions.resolve(ticket, AGENT, "Lampu sudah diganti lagi", now=utcnow())
    db.session.commit()
    other = "masih ada sampah menumpuk di TPS Kendangsari belum diangkut seminggu, baunya parah"
    assert ingest(_says(who, other)).outcome != "feedback"
    db.session.commit()
    assert db.session.execute(select(func.count(Ticket.id))).scalar_one() == 2
    assert ticket.status == "resolved" and ticket.reopened == 1


def _says(who: str, text: str) -> InboundMessage:
    return InboundMessage(
        channel="telegram",
        external_id=f"m{next(_ids)}",
        sender_id=who,
        sent_at=utcnow(),
        text=text,
        sender_name="Warga",
    )


def test_a_number_before_a_new_problem_or_an_emergency_is_no_rating(app):
    """A list's "1." before a report of its own, even one for the resolved ticket's unit
    (a new lamp is no note on a rating), or before an emergency."""
    said = "1. Lampu PJU di Jl. Kutisari Indah mati, jalan gelap"
    for other in (
        decision("complaint", "DSDABM"),
        decision("complaint", "DLH"),
        decision("emergency", None),
    ):
        ticket = resolved()
        assert feedback.handle(ticket.identity, said, utcnow(), other) is None, other
        assert ticket.status == "resolved" and ticket.rating is None


def test_a_rating_with_words_through_the_pipeline_opens_no_ticket(app):
    who = "9100002"
    assert ingest(_says(who, LAMP)).outcome == "new_ticket"
    db.session.commit()
    ticket = db.session.execute(select(Ticket)).scalar_one()
    actions.resolve(ticket, AGENT, "Lampu sudah diganti", now=utcnow())
    db.session.commit()
    said = "5, terima kasih banyak, petugasnya cepat sekali datang"
    assert ingest(_says(who, said)).outcome == "feedback"
    db.session.commit()
    assert (ticket.status, ticket.rating) == ("closed", 5)
    assert db.session.execute(select(func.count(Ticket.id))).scalar_one() == 1


def test_a_low_rating_saying_not_done_about_another_unit_is_a_new_message(app):
    """The rating counts; the words are a report of their own (the caller opens it)."""
    said = "1, sampah di Jl. Mawar belum diangkut"
    ticket = resolved()
    assert feedback.handle(ticket.identity, said, utcnow(), decision("complaint", "DLH")) is None
    assert (ticket.status, ticket.rating) == ("closed", 1)
    ticket = resolved()
    assert feedback.handle(ticket.identity, said, utcnow(), decision("complaint", "DSDABM"))
    assert ticket.status == "in_progress"


def test_a_rating_before_an_information_request_or_another_agencys_matter_counts_apart(app):
    """The rating closes the ticket; the words are a message of their own."""
    for said, kind, unit, stars in (
        ("5, makasih. minta data anggaran perbaikan jalan 2025", "info_request", "PPID", 5),
        ("4, oke. ada penipuan atas nama dinas", "external", "EXTERNAL", 4),
    ):
        ticket = resolved()
        assert feedback.handle(ticket.identity, said, utcnow(), decision(kind, unit)) is None
        assert (ticket.status, ticket.rating) == ("closed", stars)


def test_a_numbered_list_of_problems_is_no_rating(app):
    said = "1. Jalan depan rumah berlubang\n2. Lampu PJU mati\n3) Got mampet"
    ticket = resolved()  # the list's first unit is the resolved ticket's own
    assert feedback.handle(ticket.identity, said, utcnow(), decision("complaint", "DSDABM")) is None
    assert ticket.status == "resolved" and ticket.rating is None
