"""Ticket numbers said in words: digit by digit, compound, Javanese, mixed with digits,
turned into digits only where a ticket number is expected; a chat status check in words
is answered with the status, a complaint with number words stays a complaint."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from aduan.extensions import db
from tests.ticketing.test_status import says
from ticketing import numwords, status
from ticketing.models import Ticket


@pytest.mark.parametrize(
    ("said", "written"),
    [
        ("em ce dua nol dua enam nol nol nol satu dua tiga", "MC 2026000123"),
        ("MC dua ribu dua puluh enam seratus dua puluh tiga", "MC 2026 123"),
        ("MC 2026 nol nol nol satu dua tiga", "MC 2026 000123"),
        ("MC dua ribu dua puluh enam strip nol nol nol satu dua tiga", "MC 2026 000123"),
        ("MC loro nol loro enem kosong kosong kosong siji loro telu", "MC 2026000123"),
        ("MC loro nol loro limo nol nol papat pitu wolu songo", "MC 2025004789"),
        ("MC 2 0 2 6 0 0 0 1 2 3", "MC 2026000123"),
        ("emsi dua nol dua enam satu", "MC 20261"),
        ("nomor sebelas", "nomor 11"),
        ("nomor dua belas", "nomor 12"),
        ("nomor sepuluh", "nomor 10"),
        ("nomor se-ratus", "nomor 100"),
        ("nomor se ribu dua", "nomor 1002"),
        ("nomor tiga ratus empat puluh lima", "nomor 345"),
        ("tahun rong ewu rong puluh enem nomor satus telu", "tahun 2026 nomor 103"),
        ("cek satu dua tiga", "cek 123"),
    ],
)
def test_number_words_where_a_ticket_number_is_expected_become_digits(said, written):
    assert numwords.in_context(said) == written


@pytest.mark.parametrize(
    "text",
    [
        "dua hari lampu mati",
        "satu rumah kebanjiran",
        "sudah tiga minggu sampah tidak diangkut",
        "lampu mati di gang dua, rumah nomor lima rumah kosong",  # a house, not a ticket
        "di rumah nomor dua rumah warga kebanjiran",
        "rumah kosong sejak seratus hari",
        "cek dua hari lagi ya",  # "check again in two days"
        "ada lima orang terjebak",
        "MC-2026-000123",  # written in digits already
        "kegiatan tanggal 2026/12 di balai RW",
    ],
)
def test_ordinary_words_and_written_numbers_stay_as_they_are(text):
    assert numwords.in_context(text) == text


def test_a_long_run_of_digit_words_is_a_number_wherever_it_stands():
    said = "laporan saya dua nol dua enam nol nol nol satu dua tiga"
    assert numwords.in_context(said) == "laporan saya 2026000123"


def test_an_answer_that_can_only_be_a_number_is_read_whole():
    assert numwords.digits("dua nol dua enam seratus dua puluh tiga") == "2026 123"
    assert numwords.digits("2026 siji loro telu") == "2026 123"
    assert numwords.digits("dua ribu dua puluh enam, nol nol satu") == "2026 001"


@pytest.mark.parametrize(
    "said",
    [
        "cek laporan em ce dua nol dua enam nol nol nol satu dua tiga",
        "status nomor MC dua ribu dua puluh enam seratus dua puluh tiga",
        "laporan saya nomor satu dua tiga tahun ini",
        "MC 2026 nol nol nol satu dua tiga",
        "cek MC loro nol loro enem nol nol nol siji loro telu",
        "tahun dua ribu dua puluh enam nomor seratus dua puluh tiga",  # as the IVR says it
        "pripun laporan kula nomer siji loro telu tahun iki",
    ],
)
def test_a_number_said_in_words_is_a_certain_status_check(said):
    request = status.read(said, year=2026)
    assert [c.number for c in request.cited] == ["MC-2026-000123"]
    assert request.cited[0].certain and request.is_check


@pytest.mark.parametrize(
    "text",
    [
        "dua hari lampu mati di jalan Kutisari",
        "satu rumah kebanjiran di gang tiga",
        "sudah seminggu sampah menumpuk, tiga tempat sampah penuh",
    ],
)
def test_complaints_with_number_words_are_no_status_checks(text):
    request = status.read(text, year=2026)
    assert not request.cited and not request.serials and not request.is_check


# ----------------------------------------------------------------- through ingest (chat)


def _says(who: str, text: str, minutes: int = 0) -> tuple[str, list[str]]:
    """Ingests `text` from `who` on WhatsApp; returns the outcome and the new replies."""
    return says("whatsapp", who, text, minutes)


def _digit_words(digits: str) -> str:
    units = "nol satu dua tiga empat lima enam tujuh delapan sembilan".split()  # noqa: SIM905
    return " ".join(units[int(d)] for d in digits)


def test_a_chat_status_check_in_words_is_answered_with_the_status(app):
    who = "+6281200077001"
    assert _says(who, "Lampu PJU di Jl. Kutisari Indah mati, jalan gelap sekali")[0] == (
        "new_ticket"
    )
    ticket = db.session.execute(select(Ticket)).scalar_one()
    year, serial = ticket.number[3:7], ticket.number[8:]
    for text in (
        f"cek laporan em ce {_digit_words(year)} {_digit_words(serial)}",
        f"status MC {year} {_digit_words(serial)} ya min",
        f"MC {_digit_words(year)} {_digit_words(serial)} piye kabare?",
    ):
        outcome, [reply] = _says(who, text, minutes=5)
        assert outcome == "status", text
        assert reply == status.line(ticket), text
    assert db.session.execute(select(func.count(Ticket.id))).scalar() == 1


@pytest.mark.parametrize(
    "text",
    [
        "dua hari lampu mati di Jl. Kutisari Indah, gelap sekali",
        "satu rumah kebanjiran di gang tiga Wonokromo karena got mampet",
    ],
)
def test_a_chat_complaint_with_number_words_opens_a_ticket(app, text):
    outcome, replies = _says("+6281200077002", text)
    assert outcome == "new_ticket"
    ticket = db.session.execute(select(Ticket)).scalar_one()
    assert ticket.summary == text and any(ticket.number in reply for reply in replies)


def test_mc_written_in_letters_is_left_alone_and_em_ce_only_before_a_number():
    assert numwords.in_context("mc-2026-000123 gmn") == "mc-2026-000123 gmn"
    assert numwords.in_context("m c 2026 satu dua") == "MC 2026 12"
    assert numwords.in_context("jarak 200 m setelah lampu") == "jarak 200 m setelah lampu"
    assert numwords.in_context("em ce ya") == "em ce ya"
