"""One-symbol and one-word answers to "Sudah beres?": "👍", "sip", "nggih", "wes" say
yes (the ticket closes as confirmed), "👎", "blm", "durung", "nggak" say no (it reopens);
only as the whole message, and not while a newer question of the desk waits for them."""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import select

from aduan.extensions import db
from sla import clocks
from tests import factories
from ticketing import actions, feedback
from ticketing.models import Outbound, utcnow

AGENT = actions.Actor("agent", None, "Agen")
YES = (
    "👍",
    "👍🏻",
    "👌",
    "🙏",
    "🙏🏼🙏🏼",
    "ok",
    "Oke",
    "oke pak 👍",
    "sip",
    "Siap!",
    "nggih",
    "inggih",
    "iya",
    "y",
    "udah",
    "uwis",
    "wes",
    "sampun",
    "sampun pak",
    "sudah bu.",
)
NO = ("👎", "👎🏽", "blm", "durung", "belom", "ga", "nggak", "tidak", "dereng", "ora", "ga 👎")


def resolved(days_ago: float = 1):
    then = utcnow() - timedelta(days=days_ago)
    ticket = factories.ticket(opd="DSDABM", created=then - timedelta(hours=5))
    clocks.start(ticket, then - timedelta(hours=5))
    actions.resolve(ticket, AGENT, "Sudah diaspal", now=then)
    db.session.commit()
    return ticket


def _to_citizen(ticket):
    stmt = select(Outbound).where(Outbound.identity_id == ticket.identity_id)
    return db.session.execute(stmt.order_by(Outbound.id)).scalars()


def test_a_short_yes_closes_the_ticket_as_confirmed(app):
    for answer in YES:
        ticket = resolved()
        assert feedback.handle(ticket.identity, answer, utcnow()) == ticket, answer
        db.session.commit()
        assert (ticket.status, ticket.close_reason, ticket.rating) == (
            "closed",
            "confirmed",
            None,
        ), answer
        # thanked for confirming, not for a rating they never gave
        (thanks,) = [row.text for row in _to_citizen(ticket) if row.purpose == "rated"]
        assert thanks.startswith("Terima kasih atas konfirmasi Anda"), answer


def test_a_short_no_reopens_the_ticket(app):
    for answer in NO:
        ticket = resolved()
        assert feedback.handle(ticket.identity, answer, utcnow()) == ticket, answer
        db.session.commit()
        assert (ticket.status, ticket.reopened) == ("in_progress", 1), answer


def test_the_same_words_inside_a_longer_message_are_no_answer(app):
    ticket = resolved()
    for text in (
        "ok pak lampu di Jl. Kenjeran mati",
        "sip, tapi got di depan rumah mampet",
        "iya lampu di gang 3 mati",
        "👍 jalan di Jl. Manyar berlubang",
        "wes tak foto lubange",
    ):
        assert feedback.handle(ticket.identity, text, utcnow()) is None, text
    assert ticket.status == "resolved"


def test_a_yes_answers_a_newer_question_of_the_desk_not_the_resolve(app):
    """'ok' after an officer asked about another report answers that question."""
    ticket = resolved(days_ago=2)
    other = factories.ticket(
        opd="DLH", created=utcnow() - timedelta(days=1), identity=ticket.identity
    )
    actions.ask_citizen(other, AGENT, "Apakah boleh petugas datang besok pagi?")
    db.session.commit()
    assert feedback.handle(ticket.identity, "ok", utcnow()) is None
    assert ticket.status == "resolved"


def test_a_long_row_of_symbols_is_read_in_linear_time():
    """A row of 👍 (or 👎) not ending as an answer took time growing with the square of
    its length: 10,000 of them held the worker about a second on every message, since
    each symbol could be the answer's or its tail's (failed before the fix)."""
    for symbol in ("👍", "👎", "✅🏽"):
        started = time.perf_counter()
        assert not feedback.FIXED.match(symbol * 5000 + "x")
        assert not feedback.NO.match(symbol * 5000 + "x")
        assert time.perf_counter() - started < 0.05
    assert feedback.FIXED.match("👍👍🏽 !!") and feedback.NO.match("👎👎 ❌")


def test_not_yet_after_a_yes_or_a_sigh_reopens(app):
    """ "ya belum" answered "Sudah beres?" with a status reply and "oke belum nyala"
    opened a new report, leaving the unfixed ticket to close (failed before: "belum"
    and "masih" were read only as the first word)."""
    for answer in ("ya belum", "y blm", "oke belum nyala", "lho pak masih mati", "wah masih belum"):
        ticket = resolved()
        assert feedback.handle(ticket.identity, answer, utcnow()) == ticket, answer
        db.session.commit()
        assert (ticket.status, ticket.reopened) == ("in_progress", 1), answer
    ticket = resolved()
    assert feedback.handle(ticket.identity, "ya belum ada kabar pak", utcnow()) is None
