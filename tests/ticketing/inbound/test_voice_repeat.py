"""The phone line like every other channel: a status check said in words after pressing
1 (or 2, where the number may be said instead of keyed in) is answered with the
ticket's status, and a caller who calls again about the same
matter adds to their open ticket (the desk's appending rules, ticketing/ingest.py)
instead of opening a second one; another matter, an emergency, still opens its own."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from aduan.extensions import db
from tests.ticketing.helpers import count
from ticketing.models import Message, Ticket
from ticketing.texts import status_label, t

CALLER = "+6281234500015"
LAMP = "Lampu PJU di jalan Raya Darmo depan nomor 45 mati sejak tiga hari, mohon segera diperbaiki"
LAMP_AGAIN = "Lampu PJU di Raya Darmo depan nomor 45 masih mati, sudah empat hari gelap sekali"
RUBBISH = "Sampah di TPS Wonokromo belum diangkut empat hari, baunya menyengat sekali"
FIRE = "Tolong ada kebakaran rumah di jalan Kapasari gang tiga, apinya besar"
UNITS = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]


def spelt(digits: str) -> str:
    """ "2026" -> "dua nol dua enam": digit by digit, as a recogniser writes them."""
    return " ".join(UNITS[int(d)] for d in digits)


def said(n: int) -> str:
    """2026 -> "dua ribu dua puluh enam": a number below 10000 said in Indonesian."""
    parts: list[str] = []
    thousands, n = divmod(n, 1000)
    hundreds, n = divmod(n, 100)
    if thousands:
        parts.append("seribu" if thousands == 1 else f"{UNITS[thousands]} ribu")
    if hundreds:
        parts.append("seratus" if hundreds == 1 else f"{UNITS[hundreds]} ratus")
    if n in (10, 11):
        parts.append("sepuluh" if n == 10 else "sebelas")
    elif 12 <= n <= 19:
        parts.append(f"{UNITS[n - 10]} belas")
    elif n >= 20:
        parts.append(f"{UNITS[n // 10]} puluh" + (f" {UNITS[n % 10]}" if n % 10 else ""))
    elif n or not parts:
        parts.append(UNITS[n])
    return " ".join(parts)


def call(twilio, settle, spoken: str, confidence: float = 0.92) -> None:
    """The caller presses 1 and says `spoken`; the call ends and its recording comes."""
    phone = twilio.call(CALLER)
    phone.press("1")
    phone.speak(spoken, confidence)
    settle()
    assert twilio.deliver_callbacks("recording") == 1
    settle()


def tickets() -> list[Ticket]:
    db.session.rollback()
    return list(db.session.execute(select(Ticket).order_by(Ticket.id)).scalars())


def texts_to_caller(twilio) -> list[str]:
    return [m["body"] for m in twilio.sent_to(CALLER)]


def test_said_words_are_spelt_like_a_recogniser_writes_them():
    assert spelt("2026") == "dua nol dua enam" and said(2026) == "dua ribu dua puluh enam"
    assert said(123) == "seratus dua puluh tiga" and said(11) == "sebelas" and said(1) == "satu"


@pytest.mark.parametrize(
    "words",
    [
        lambda year, serial: f"cek laporan em ce {spelt(year)} {spelt(serial)}",
        lambda year, serial: f"status nomor MC {said(int(year))} {said(int(serial))}",
        lambda year, serial: f"laporan saya nomor {said(int(serial))} tahun ini",
        lambda year, serial: f"MC {year} {spelt(serial)}",
        lambda year, serial: f"tahun {said(int(year))} nomor {said(int(serial))}",
    ],
    ids=["digit by digit", "compound", "this year", "digits and words", "as the IVR says"],
)
def test_a_status_check_said_in_words_is_answered_with_the_status(twilio, settle, words):
    twilio.citizen_sms(CALLER, "Sampah di TPS Wonokromo belum diangkut 4 hari")
    settle()
    (item,) = tickets()
    before = len(texts_to_caller(twilio))
    call(twilio, settle, words(item.number[3:7], item.number[8:]))
    assert [ticket.id for ticket in tickets()] == [item.id]  # no new ticket
    (answer,) = texts_to_caller(twilio)[before:]
    assert answer.startswith(f"Laporan {item.number}") and status_label(item.status) in answer
    message = db.session.execute(select(Message).where(Message.channel == "voice")).scalar_one()
    assert message.ticket_id is None and message.meta["transcription_status"] == "completed"
    assert len(message.attachments) == 1  # the call recording is kept


@pytest.mark.parametrize(
    "complaint",
    [
        "dua hari lampu mati di jalan Kutisari Indah, gelap sekali",
        "satu rumah kebanjiran di gang tiga Wonokromo karena got mampet",
    ],
)
def test_number_words_in_a_spoken_complaint_open_a_ticket(twilio, settle, complaint):
    call(twilio, settle, complaint)
    (item,) = tickets()
    assert item.kind == "complaint" and item.status == "routed" and item.summary == complaint
    assert any(item.number in text for text in texts_to_caller(twilio))


def test_a_second_call_on_the_same_matter_adds_to_the_open_ticket(twilio, settle):
    call(twilio, settle, LAMP)
    call(twilio, settle, LAMP_AGAIN)
    (item,) = tickets()
    assert item.opd_code == "DISHUB" and item.status == "routed"
    assert [m.text for m in item.messages] == [LAMP, LAMP_AGAIN]
    assert all(len(m.attachments) == 1 for m in item.messages)  # both recordings
    assert texts_to_caller(twilio)[-1] == t("appended", number=item.number)


def test_a_call_after_a_whatsapp_report_on_the_same_matter_adds_to_it(twilio, settle):
    twilio.citizen_whatsapp(CALLER, LAMP, profile_name="Pak Joko")
    settle()
    call(twilio, settle, LAMP_AGAIN)
    (item,) = tickets()
    assert item.channel == "whatsapp" and [m.channel for m in item.messages] == [
        "whatsapp",
        "voice",
    ]


def test_a_second_call_about_another_matter_opens_its_own_ticket(twilio, settle):
    call(twilio, settle, LAMP)
    call(twilio, settle, RUBBISH)
    lamp, rubbish = tickets()
    assert (lamp.opd_code, rubbish.opd_code) == ("DISHUB", "DLH")
    assert rubbish.summary == RUBBISH


def test_an_emergency_on_a_second_call_opens_an_emergency_ticket(twilio, settle):
    call(twilio, settle, LAMP)
    call(twilio, settle, FIRE)
    lamp, fire = tickets()
    assert lamp.kind == "complaint" and fire.kind == "emergency"


def test_a_second_call_nobody_recognised_is_heard_on_the_open_ticket(twilio, settle):
    call(twilio, settle, LAMP)
    call(twilio, settle, LAMP_AGAIN, confidence=0.21)
    (item,) = tickets()
    first, second = item.messages
    assert second.text == "" and second.meta["needs_listening"] is True
    assert len(second.attachments) == 1 and item.status == "routed"
    assert "listen_needed" in [e.action for e in item.events]
    assert count(Ticket) == 1


@pytest.mark.parametrize(
    "words",
    [
        lambda year, serial: f"{said(int(year))} nomor {said(int(serial))}",
        lambda year, serial: f"{spelt(year)}, {spelt(serial)}",
        lambda year, serial: f"em ce {year} {spelt(serial)}",
    ],
    ids=["compound", "digit by digit", "digits and words"],
)
def test_press_2_and_say_the_number_in_words(twilio, settle, words):
    twilio.citizen_sms(CALLER, "Sampah di TPS Wonokromo belum diangkut 4 hari")
    settle()
    (item,) = tickets()
    year, serial = item.number[3:7], item.number[8:]
    phone = twilio.call(CALLER)
    gather = phone.press("2").gather
    assert gather["input"] == "dtmf speech" and gather["language"] == "id-ID"
    view = phone.speak(words(year, serial))
    spoken_serial = str(int(serial))
    assert view.says[0].startswith(f"Laporan tahun {year} nomor {spoken_serial}: ")
    assert status_label(item.status) in view.says[0]
