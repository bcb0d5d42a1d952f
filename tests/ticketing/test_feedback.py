"""After a resolve: a rating closes, "belum" within 7 days reopens, silence closes."""

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


def resolved_ticket(days_ago: float = 1):
    officer = factories.officer("Andi", opd="DSDABM")
    then = utcnow() - timedelta(days=days_ago)
    ticket = factories.ticket(created=then - timedelta(hours=5))
    clocks.start(ticket, then - timedelta(hours=5))
    actions.resolve(ticket, AGENT, "Sudah diaspal", now=then)
    db.session.commit()
    return ticket, officer


def test_a_rating_closes_the_ticket_and_thanks_the_citizen(app):
    ticket, _ = resolved_ticket()
    assert feedback.handle(ticket.identity, "5", utcnow()) == ticket
    db.session.commit()
    assert ticket.status == "closed" and ticket.rating == 5 and ticket.close_reason == "rated"


def test_belum_within_seven_days_reopens_restarts_the_clock_and_tells_the_opd(app):
    ticket, officer = resolved_ticket(days_ago=3)
    now = utcnow()
    assert feedback.handle(ticket.identity, "belum pak, masih berlubang", now) == ticket
    db.session.commit()
    assert ticket.status == "in_progress" and ticket.reopened == 1
    clock = clocks.get(ticket, "resolution")
    assert clock.status == "running" and clock.started_at == now
    to_officer = db.session.execute(
        select(Outbound).where(Outbound.purpose == "reopened", Outbound.officer_id.is_not(None))
    ).scalar_one()
    assert to_officer.officer_id == officer.id and "[[link:" in to_officer.text


def test_belum_after_seven_days_is_a_normal_message(app):
    ticket, _ = resolved_ticket(days_ago=8)
    assert feedback.handle(ticket.identity, "belum", utcnow()) is None
    assert ticket.status == "resolved"


def test_other_ways_of_saying_it_is_not_fixed_reopen_too(app):
    for answer in ("Tidak", "gak beres pak", "Masih rusak", "tetap banjir kalau hujan", "isih bau"):
        ticket, _ = resolved_ticket()
        assert feedback.handle(ticket.identity, answer, utcnow()) == ticket, answer
        db.session.commit()
        assert ticket.status == "in_progress" and ticket.reopened == 1, answer


def test_a_long_masih_belum_answer_reopens_rather_than_opening_a_new_report(app):
    text = (
        "masih belum diangkut juga sampahnya mas sampai sore ini tetap numpuk padahal "
        "katanya sudah selesai tolong dicek lagi ke pasar keputran"
    )
    for answer in (text, "tetap tidak menyala lampunya " + " ".join(["sampai malam"] * 6)):
        ticket, _ = resolved_ticket()
        assert feedback.handle(ticket.identity, answer, utcnow()) == ticket, answer
        db.session.commit()
        assert ticket.status == "in_progress" and ticket.reopened == 1, answer


def test_a_new_complaint_that_starts_like_an_answer_is_a_normal_message(app):
    ticket, _ = resolved_ticket()
    for text in (
        "tidak ada air PDAM sejak pagi di Jl. Rungkut Asri",
        "masih ada pohon tumbang yang belum dipotong di depan SDN Kertajaya, menutup jalan",
        "Gak ada petugas yang datang ke Jl. Manyar",
    ):
        assert feedback.handle(ticket.identity, text, utcnow()) is None, text
    assert ticket.status == "resolved"


def test_ordinary_text_is_not_taken_as_an_answer(app):
    ticket, _ = resolved_ticket()
    assert feedback.handle(ticket.identity, "Jalan di depan rumah saya berlubang", utcnow()) is None


def test_silence_closes_after_seven_days(app):
    recent, _ = resolved_ticket(days_ago=2)
    old = factories.ticket(created=utcnow() - timedelta(days=10), status="resolved")
    old.resolved_at = utcnow() - timedelta(days=8)
    db.session.commit()
    assert feedback.close_silent(utcnow()) == 1
    db.session.expire_all()
    assert old.status == "closed" and old.close_reason == "no_reply"
    assert recent.status == "resolved"


def test_a_rating_with_words_of_its_own_closes_and_keeps_the_words(app):
    for answer, stars in (
        ("5, terima kasih pak, cepat sekali", 5),
        ("4 bintang. Agak lama tapi beres", 4),
        ("5 mantap", 5),
        ("3 - lumayan", 3),
    ):
        ticket, _ = resolved_ticket()
        assert feedback.handle(ticket.identity, answer, utcnow()) == ticket, answer
        db.session.commit()
        assert (ticket.status, ticket.rating) == ("closed", stars), answer
        closed = [e for e in ticket.events if e.action == "closed"][-1]
        assert closed.note and closed.note in answer, answer


def test_a_number_that_opens_a_message_is_no_rating(app):
    for answer in (
        "3 hari belum diperbaiki, tolong",
        "2 lampu lagi mati di gang sebelah",
        "1.5 jam menunggu petugas",
    ):
        ticket, _ = resolved_ticket()
        assert feedback.handle(ticket.identity, answer, utcnow()) is None, answer
        assert ticket.status == "resolved"


def test_a_low_rating_that_says_it_is_not_fixed_reopens(app):
    for answer in ("1, belum diperbaiki", "1. masih berlubang", "2, tidak beres"):
        ticket, _ = resolved_ticket()
        assert feedback.handle(ticket.identity, answer, utcnow()) == ticket, answer
        db.session.commit()
        assert ticket.status == "in_progress" and ticket.rating is None, answer


def test_a_low_rating_whose_words_say_it_is_not_done_reopens(app):
    for answer in (
        "2. sama sekali belum dikerjakan",
        "1, petugas tidak datang sama sekali",
        "1. bohong, lubangnya ada lagi",
        "1 - ra beres",
        "1, still broken",
        "2. the lamp is off again",
    ):
        ticket, _ = resolved_ticket()
        assert feedback.handle(ticket.identity, answer, utcnow()) == ticket, answer
        db.session.commit()
        assert ticket.status == "in_progress" and ticket.rating is None, answer
    ticket, _ = resolved_ticket()  # praise that says "tidak" is still a rating
    feedback.handle(ticket.identity, "5, terima kasih, tidak sampai sehari beres", utcnow())
    assert (ticket.status, ticket.rating) == ("closed", 5)


def test_a_rating_with_an_emoji_is_a_rating(app):
    """'5 👍' was answered with the report's status (the 5 read as a number to look up)
    and '1 👎 belum' opened a new report: an emoji after the number sets off the words."""
    for answer, status, stars in (
        ("5 👍", "closed", 5),
        ("5🙏 terima kasih", "closed", 5),
        ("4 ⭐⭐⭐⭐", "closed", 4),
        ("1 👎 belum", "in_progress", None),
    ):
        ticket, _ = resolved_ticket()
        assert feedback.handle(ticket.identity, answer, utcnow()) == ticket, answer
        db.session.commit()
        assert (ticket.status, ticket.rating) == (status, stars), answer


def test_a_rating_named_before_its_number_is_a_rating(app):
    """'bintang 5' opened a new report and 'nilai 5, makasih' was taken as small talk."""
    for answer, stars in (("bintang 5", 5), ("Nilai: 4", 4), ("nilainya 5, makasih", 5)):
        ticket, _ = resolved_ticket()
        assert feedback.handle(ticket.identity, answer, utcnow()) == ticket, answer
        db.session.commit()
        assert (ticket.status, ticket.rating) == ("closed", stars), answer


def test_a_run_of_spaces_after_the_ratings_name_costs_no_time(app):
    ticket, _ = resolved_ticket()
    started = time.monotonic()
    feedback.handle(ticket.identity, "bintang" + " " * 4000 + "x", utcnow())
    feedback.handle(ticket.identity, "nilai" + " " * 4000 + ":" + " " * 4000 + "x", utcnow())
    assert time.monotonic() - started < 5  # a backtracking pattern took minutes


def test_stars_alone_are_a_rating(app):
    """'⭐⭐⭐⭐⭐' after "Sudah beres?" was taken as small talk: no rating, no close."""
    for answer, stars in (("⭐⭐⭐⭐⭐", 5), ("⭐️⭐️⭐️", 3), (" ★ ", 1)):
        ticket, _ = resolved_ticket()
        assert feedback.handle(ticket.identity, answer, utcnow()) == ticket, answer
        db.session.commit()
        assert (ticket.status, ticket.rating) == ("closed", stars), answer
