"""A citizen's link quoted in an officer's notice ("Kata warga: ... https://...") was
tappable in the officer's Telegram or WhatsApp: a phishing way in (walk17). Every
citizen's words quoted to staff (notify.quoted) carry their links defanged, the way
security notices write them; the notice's own link to the ticket stays a link."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from aduan.extensions import db
from sla import clocks
from tests import factories
from tests.ticketing.test_feedback import resolved_ticket
from ticketing import actions, feedback, notify, triage
from ticketing.models import Outbound, utcnow


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("cek https://evil.example/o/x ya", "cek hxxps://evil[.]example/o/x ya"),
        ("foto di http://1.2.3.4/login", "foto di hxxp://1[.]2[.]3[.]4/login"),
        ("buka bit.ly/abc123 pak", "buka bit[.]ly/abc123 pak"),
        ("lihat www.bank-sby.com/masuk", "lihat www[.]bank-sby[.]com/masuk"),
        ("grup t.me/joinchat/xx atau wa.me/62812", "grup t[.]me/joinchat/xx atau wa[.]me/62812"),
        ("HTTPS://EVIL.EXAMPLE.COM", "HxxPS://EVIL[.]EXAMPLE[.]COM"),
        ("situs surabaya.go.id salah", "situs surabaya[.]go[.]id salah"),
        # dots Telegram takes for dots, bare IP addresses, names not in ASCII, other
        # top-level domains (failed before: all of them stayed tappable)
        ("buka evil。com/x atau evil．com/y", "buka evil[.]com/x atau evil[.]com/y"),
        ("login di 1.2.3.4/masuk", "login di 1[.]2[.]3[.]4/masuk"),
        ("cek \u0430pple.com/id", "cek \u0430pple[.]com/id"),
        ("bank.com.au/x evil.ai login.zip", "bank[.]com[.]au/x evil[.]ai login[.]zip"),
        # e-mail addresses, whatever their domain, and mailto: links (failed before:
        # chat apps made them a tap that opens a mail to whoever the citizen chose)
        ("balas ke budi@gmail.com ya", "balas ke budi[@]gmail[.]com ya"),
        ("Humas@Surabaya.go.id.", "Humas[@]Surabaya[.]go[.]id."),
        ("mailto:a.b+c@evil.example", "mailto[:]a.b+c[@]evil[.]example"),
        ("MAILTO:x@y.id", "MAILTO[:]x[@]y[.]id"),
        (
            "tulis ke budi@bücher.de atau budi@почта.рф",
            "tulis ke budi[@]bücher[.]de atau budi[@]почта[.]рф",
        ),
        ("budi@xn--80ak6aa92e.com", "budi[@]xn--80ak6aa92e[.]com"),
        ("info.id@gmail.com", "info[.]id[@]gmail[.]com"),
        ("budi＠gmail．com", "budi[@]gmail[.]com"),
        ("https://user@evil.com/x", "hxxps://user[@]evil[.]com/x"),
    ],
)
def test_links_in_a_citizens_words_are_defanged(text, shown):
    assert notify.quoted(text) == f"“{shown}”"


@pytest.mark.parametrize(
    "text",
    [
        "lampu mati di Jl. Kenjeran no 3 sejak pukul 10.30",
        "denda Rp 1.500.000, sudah 3.5 jam antre",
        "laporan MC-2026-000123 belum beres. Tolong dicek",
        "Jl.Kenjeran dekat pasar, RT.03/RW.05",
        "got mampet...bau sekali",
        "sudah lapor ke @dishub_sby, harga 2@3.500",
    ],
)
def test_words_without_links_are_quoted_as_written(text):
    assert notify.quoted(text) == f"“{text}”"


def _notice(purpose: str, officer) -> str:
    stmt = select(Outbound.text).where(
        Outbound.purpose == purpose, Outbound.officer_id == officer.id
    )
    return db.session.execute(stmt).scalar_one()


def test_the_reopen_notice_defangs_the_citizens_link_and_keeps_its_own(app):
    ticket, officer = resolved_ticket(days_ago=1)
    feedback.handle(ticket.identity, "belum, buktinya di https://evil.example/foto.jpg", utcnow())
    db.session.commit()
    text = _notice("reopened", officer)
    assert "“belum, buktinya di hxxps://evil[.]example/foto.jpg”" in text
    assert "evil.example" not in text
    assert "[[link:" in text  # the notice's own link to the ticket, made at send time


def test_a_new_report_and_an_answer_to_the_officer_defang_links_too(app):
    officer = factories.officer("Andi", opd="DSDABM")
    ticket = factories.ticket(
        status="triage", opd=None, created=utcnow(), summary="jalan rusak, lihat evil.com/a"
    )
    clocks.start(ticket, utcnow())
    actions.route(ticket, actions.Actor("agent", None, "Agen"), "DSDABM")
    db.session.commit()
    assert "lihat evil[.]com/a”" in _notice("officer_notify", officer)
    actions.ask_citizen(ticket, actions.Actor.officer(officer, None), "Di sebelah mana?")
    db.session.commit()
    triage.resume(ticket, utcnow(), said="di sini http://maps.evil.example/x")
    db.session.commit()
    assert "“di sini hxxp://maps[.]evil[.]example/x”" in _notice("citizen_answered", officer)


def test_the_desks_own_map_link_stays_a_link_and_a_lookalike_does_not():
    point = "https://maps.google.com/?q=-7.2456,112.7378"
    assert notify.quoted(f"api di sini {point}") == f"“api di sini {point}”"
    assert "hxxps://maps[.]google" in notify.quoted(f"{point}.evil.com/x")


def test_a_new_reports_e_mail_address_is_defanged_for_the_officer_only(app):
    officer = factories.officer("Andi", opd="DSDABM")
    said = "jalan rusak, kabari ke budi.s@gmail.com"
    ticket = factories.ticket(status="triage", opd=None, created=utcnow(), summary=said)
    clocks.start(ticket, utcnow())
    actions.route(ticket, actions.Actor("agent", None, "Agen"), "DSDABM")
    db.session.commit()
    assert "kabari ke budi.s[@]gmail[.]com”" in _notice("officer_notify", officer)
    assert ticket.summary == said  # what the desk keeps and shows is what was written
