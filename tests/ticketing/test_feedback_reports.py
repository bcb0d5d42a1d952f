"""A rating whose words report a problem never leaves it as a note on the closed ticket:
words saying this problem is still there (or broken again) reopen the ticket; words
about another problem, even one for the same unit, are rated apart and become a report
of their own. Thanks, praise and grumbles about speed stay a rating with words."""

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


resolved = factories.resolved_yesterday


def decision(kind: str, opd: str | None, triage: bool = False) -> Decision:
    confidence = 0.5 if triage else 0.9
    return Decision(
        kind=kind, opd=opd, confidence=confidence, reason="model", suggestions=(), triage=triage
    )


def test_a_rating_whose_words_say_this_problem_is_not_fixed_reopens(app):
    for said, decided in (
        ("3, tapi masih bocor", decision("complaint", "PDAM", triage=True)),
        ("2 sudah diperbaiki tapi sekarang rusak lagi", decision("complaint", "DSDABM")),
        ("3 sudah diperbaiki tapi sekarang rusak lagi", decision("complaint", "DSDABM")),
        ("4, tp aspale mbledos maneh pak", None),
        ("4 tapi bekas galiannya blm ditutup", decision("complaint", "DSDABM")),
        ("3 tp isih nggronjal nek lewat", decision("not_complaint", None, triage=True)),
        ("5 makasih, cuma seminggu kok udah retak lagi", decision("complaint", "DSDABM")),
        ("1 blm ada perbaikan sama sekali", decision("complaint", "DSDABM")),
        ("3, belum ada petugas yang datang", None),
        ("3 tp kok masih bolong to pak", decision("complaint", "DSDABM")),
        ("2 ga beres, lubange tambah gede", decision("complaint", "DSDABM")),
        ("3, wis ditambal tp pinggire ngelupas maneh", None),
        ("1 bohong, gak onok sing teko", decision("complaint", "BPBD", triage=True)),
        ("2 bocor maneh pak pipane", decision("not_complaint", None)),
    ):
        ticket = resolved()
        assert feedback.handle(ticket.identity, said, utcnow(), decided) == ticket, said
        db.session.commit()
        assert (ticket.status, ticket.reopened, ticket.rating) == ("in_progress", 1, None), said


def test_thanks_praise_and_speed_stay_a_rating_with_words(app):
    for said, stars, decided in (
        ("4, agak lama tapi ok", 4, decision("complaint", "DINKES", triage=True)),
        ("5 mantap pak, cepat", 5, decision("not_complaint", None)),
        ("3, petugasnya lambat, seminggu baru datang", 3, decision("complaint", None, True)),
        ("5, semoga tidak rusak lagi ya pak", 5, None),
        ("5 suwun, belum sehari sudah beres", 5, None),
        ("4 lumayan", 4, None),
        ("5, tetap semangat pak", 5, decision("not_complaint", None)),
        ("2 lama bgt prosesnya", 2, decision("complaint", "DISPENDUKCAPIL")),
        ("3, petugasnya lelet, nunggu seminggu", 3, decision("complaint", "DSDABM")),
        ("4 wes apik, mek rodok suwe", 4, None),
        ("5 joss", 5, None),
    ):
        ticket = resolved()
        assert feedback.handle(ticket.identity, said, utcnow(), decided) == ticket, said
        db.session.commit()
        assert (ticket.status, ticket.rating) == ("closed", stars), said


def test_a_rating_before_another_problem_of_the_same_unit_is_rated_apart(app):
    """'4, oke tapi lampu PJU di Jl. Kenjeran mati' closed the lamp ticket as rated 4,
    the new lamp only a note on its timeline."""
    for said, stars in (
        ("4, oke tapi lampu PJU di Jl. Kenjeran mati", 4),
        ("5 makasih, sekalian lampu gang 3 mati", 5),
        ("4. Oke, tapi lampu di depan masjid juga padam", 4),
        ("3 mksh, tp lampu jalan dpn rmh sy mati", 3),
    ):
        ticket = resolved("DISHUB", "Lampu PJU mati di Jl. Kenjeran")
        assert (
            feedback.handle(ticket.identity, said, utcnow(), decision("complaint", "DISHUB"))
            is None
        )
        assert (ticket.status, ticket.rating) == ("closed", stars), said
        closed = [e for e in ticket.events if e.action == "closed"][-1]
        assert not closed.note, said  # not a note: the caller opens its own report


def _says(who: str, text: str, channel: str = "telegram") -> InboundMessage:
    return InboundMessage(
        channel=channel,
        external_id=f"r{next(_ids)}",
        sender_id=who,
        sent_at=utcnow(),
        text=text,
        sender_name="Warga",
    )


def _tickets() -> list[Ticket]:
    return list(db.session.execute(select(Ticket).order_by(Ticket.id)).scalars())


def test_through_the_pipeline_a_new_problem_after_a_rating_is_its_own_report(app):
    who = "9200001"
    lamp = "Lampu PJU di Jl. Kenjeran depan gang 5 mati sudah tiga malam, gelap sekali"
    assert ingest(_says(who, lamp)).outcome == "new_ticket"
    db.session.commit()
    (ticket,) = _tickets()
    actions.resolve(ticket, AGENT, "Lampu sudah diganti", now=utcnow())
    db.session.commit()
    for said in (
        "4, oke tapi lampu PJU di Jl. Kenjeran dekat jembatan mati",
        "5 terimakasih, tapi trotoar depan SD Kenjeran ambles",
        "4 suwun, tp got ngarep omahku mampet",
    ):
        result = ingest(_says(who, said))
        db.session.commit()
        assert result.outcome == "new_ticket", said
        new = db.session.get(Ticket, result.ticket_id)
        assert new.id != ticket.id and new.is_open, said
        db.session.refresh(ticket)
        assert ticket.status == "closed" and ticket.rating in (4, 5), said
        ticket = new  # the next rating is for the newest resolved report
        actions.resolve(ticket, AGENT, "Sudah ditangani", now=utcnow())
        db.session.commit()
    assert db.session.execute(select(func.count(Ticket.id))).scalar_one() == 4


def test_through_the_pipeline_a_rating_saying_it_broke_again_reopens(app):
    who = "9200002"
    road = "Jalan di Jl. Rungkut Madya berlubang besar, bahaya buat motor"
    assert ingest(_says(who, road)).outcome == "new_ticket"
    db.session.commit()
    (ticket,) = _tickets()
    for said in ("2 sudah diperbaiki tapi sekarang rusak lagi", "3, tapi masih berlubang pak"):
        actions.resolve(ticket, AGENT, "Sudah diaspal", now=utcnow())
        db.session.commit()
        assert ingest(_says(who, said)).outcome == "feedback", said
        db.session.commit()
        assert ticket.status == "in_progress" and ticket.rating is None, said
    assert len(_tickets()) == 1 and ticket.reopened == 2


def test_the_report_after_a_rating_is_summarised_without_the_rating(app):
    """'4, oke tapi lampu PJU di Jl. Kenjeran no 40 juga mati' opened its new report with
    the rating for a summary: "4, oke tapi ..." was the first thing its unit read. The
    summary starts at the problem; the message stays on the timeline as received."""
    who = "9200003"
    assert ingest(_says(who, "Lampu PJU di Jl. Kenjeran depan gang 5 mati")).outcome == "new_ticket"
    db.session.commit()
    (ticket,) = _tickets()
    for said, problem in (
        (
            "4, oke tapi lampu PJU di Jl. Kenjeran no 40 juga mati",
            "lampu PJU di Jl. Kenjeran no 40 juga mati",
        ),
        (
            "5 terimakasih banyak pak, tapi trotoar depan SD Kenjeran ambles",
            "trotoar depan SD Kenjeran ambles",
        ),
        ("3 mksh min, tp got depan rumah saya mampet", "got depan rumah saya mampet"),
    ):
        actions.resolve(ticket, AGENT, "Sudah ditangani", now=utcnow())
        db.session.commit()
        result = ingest(_says(who, said))
        db.session.commit()
        db.session.refresh(ticket)
        assert result.outcome == "new_ticket" and ticket.status == "closed", said
        new = db.session.get(Ticket, result.ticket_id)
        assert new.summary == problem
        assert [m.text for m in new.messages] == [said]  # as received
        ticket = new
