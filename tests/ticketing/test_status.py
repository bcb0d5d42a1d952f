"""Status checks on every channel: bare 'cek', tolerant numbers, confirmation when a
number is a guess, nothing of another citizen's report beyond its public status, a
number followed by a new problem, and two problems in one message."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from sqlalchemy import select

from aduan.extensions import db
from channels.base import InboundMessage
from ticketing import problems, status
from ticketing.ingest import ingest
from ticketing.models import Outbound, Ticket, TicketEvent, utcnow
from ticketing.routing import Decision

_ids = itertools.count(1)
CHANNELS = ("telegram", "whatsapp", "whatsapp_cloud", "sms", "facebook", "x")
LAMP = "Lampu PJU di Jl. Kutisari Indah mati tiga hari, jalan gelap sekali"
RUBBISH = "Sampah di TPS Kendangsari tidak diangkut seminggu, baunya menyengat sampai rumah"


def sender(channel: str) -> str:
    n = next(_ids)
    return f"+62812000{n:05d}" if channel in ("whatsapp", "sms") else str(9_000_000 + n)


def says(channel: str, who: str, text: str, minutes: int = 0) -> tuple[str, list[str]]:
    """Ingests `text` from `who` on `channel`; returns the outcome and the new replies."""
    before = db.session.execute(select(Outbound.id).order_by(Outbound.id.desc())).scalar() or 0
    msg = InboundMessage(
        channel=channel,
        external_id=f"m{next(_ids)}",
        sender_id=who,
        sent_at=utcnow(),
        text=text,
        sender_name="Warga",
    )
    result = ingest(msg, now=utcnow() + timedelta(minutes=minutes))
    db.session.commit()
    stmt = select(Outbound.text).where(Outbound.id > before, Outbound.officer_id.is_(None))
    return result.outcome, list(db.session.execute(stmt.order_by(Outbound.id)).scalars())


def tickets() -> list[Ticket]:
    return list(db.session.execute(select(Ticket).order_by(Ticket.id)).scalars())


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("cek mc-2026-1", ["MC-2026-000001"]),
        ("cek 2026-000002", ["MC-2026-000002"]),
        ("MC 2026 123", ["MC-2026-000123"]),
        ("status MC-2026-00O123 ya", ["MC-2026-000123"]),
        ("Mc/2026/45 dan MC-2026-000045", ["MC-2026-000045"]),
    ],
)
def test_tolerant_numbers_are_read_as_certain(text, numbers):
    request = status.read(text)
    assert [c.number for c in request.cited] == numbers
    assert all(c.certain for c in request.cited) and request.is_check


@pytest.mark.parametrize(
    "text",
    [
        "min, laporanku MC-2026-000123 wis ditangani durung?",
        "udah seminggu lapor MC-2026-000123 kok blm dikerjain",
        "MC-2026-000123 statusnya piye, sampun rampung dereng?",
        "aduanku MC-2026-000123 kapan diselesaikan? kok lama",
        "MC-2026-000123 itu diteruskan ke OPD mana ya? tadi dapat pesan",
        "tiket MC-2026-000045 kok sudah ditutup, tapi masih belum dikerjakan",
        "mau tanya aduan saya soal sampah udah ditangani blm",
    ],
)
def test_informal_and_javanese_status_words_are_no_new_problem(text):
    request = status.read(text)
    assert request.is_check and not request.new_problem


def test_a_new_problem_after_a_number_still_counts_with_status_words_around():
    request = status.read("MC-2026-000123 kok blm dikerjain? Sekarang sampah numpuk di TPS")
    assert request.new_problem


def test_bare_digits_are_a_guess_and_a_date_is_not_a_number():
    assert status.read("20260123").cited == (status.Cited("MC-2026-000123", False),)
    assert status.read("cek 2026000123").cited == (status.Cited("MC-2026-000123", False),)
    assert status.read("banjir tgl 2026/12 kemarin").cited == ()
    assert status.read("hp saya 081234567890").cited == ()
    assert status.read("cek no 7").serials == (7,)


@pytest.mark.parametrize("channel", CHANNELS)
def test_bare_cek_lists_the_citizens_open_tickets_on_every_channel(app, channel):
    who = sender(channel)
    assert says(channel, who, LAMP)[0] == "new_ticket"
    [ticket] = tickets()
    for text in ("cek", "Status", "cek laporan saya", "/status"):
        outcome, replies = says(channel, who, text, minutes=5)
        assert outcome == "status", text
        assert ticket.number in replies[-1] and "Laporan Anda yang sedang diproses" in replies[-1]
    assert len(tickets()) == 1


def test_telegram_slash_commands_check_too(app):
    who = sender("telegram")
    says("telegram", who, LAMP)
    [ticket] = tickets()
    for command, args in (("cek", ""), ("status", ticket.number.lower()), ("cek", ticket.number)):
        msg = InboundMessage(
            channel="telegram",
            external_id=f"m{next(_ids)}",
            sender_id=who,
            sent_at=utcnow(),
            text=args,
            command=command,
            command_args=args,
        )
        assert ingest(msg).outcome == "status"
    db.session.commit()
    assert len(tickets()) == 1


def test_bare_cek_without_tickets_says_so(app):
    outcome, replies = says("whatsapp", sender("whatsapp"), "cek")
    assert outcome == "status" and "belum memiliki laporan" in replies[-1]


def test_a_short_or_mistyped_number_finds_the_citizens_own_ticket(app):
    who = sender("telegram")
    says("telegram", who, LAMP)
    [ticket] = tickets()
    serial = int(ticket.number[-6:])
    year = ticket.number[3:7]
    for text in (
        f"cek mc-{year}-{serial}",
        f"cek {year}-{serial:06d}",
        f"MC {year} {serial}",
        f"MC-{year}-{serial:06d}".replace("0", "O", 1).replace(f"-{year}-", f"-{year}-"),
        f"cek {serial}",
        f"{year}{serial:04d}",
    ):
        outcome, replies = says("telegram", who, text, minutes=5)
        assert outcome == "status", text
        assert ticket.number in replies[-1] and "Unit:" in replies[-1], text


def test_someone_elses_number_reveals_only_the_public_status_or_nothing(app):
    owner = sender("telegram")
    says("telegram", owner, LAMP)
    [ticket] = tickets()
    stranger = sender("sms")
    _, [reply] = says("sms", stranger, f"cek {ticket.number}")
    assert "bukan atas nama Anda" in reply
    assert "Kutisari" not in reply and "Unit:" not in reply and "Dinas" not in reply
    ticket.private = True  # not listed: answers exactly like an unknown number
    db.session.commit()
    _, [hidden] = says("sms", stranger, f"cek {ticket.number}")
    _, [unknown] = says("sms", stranger, "cek MC-2026-999999")
    assert hidden == unknown.replace("MC-2026-999999", ticket.number)
    digits = ticket.number[3:7] + ticket.number[-4:]  # a guess: asks, tells nothing
    _, [guess] = says("sms", stranger, digits)
    assert "Apakah maksud Anda laporan" in guess and "Kutisari" not in guess


def test_a_number_then_a_new_problem_opens_a_new_linked_ticket(app):
    who = sender("whatsapp")
    says("whatsapp", who, LAMP)
    [old] = tickets()
    text = f"Kemarin saya lapor {old.number} soal lampu. Sekarang {RUBBISH}"
    outcome, replies = says("whatsapp", who, text, minutes=90)
    assert outcome == "new_ticket"
    old, new = tickets()
    assert new.summary.startswith("Sekarang Sampah") and old.number not in new.summary
    assert new.opd_code == "DLH" and old.opd_code == "DISHUB"
    assert new.number in replies[-1]
    events = {
        (e.ticket_id, e.action, e.note)
        for e in db.session.execute(select(TicketEvent)).scalars()
        if e.action in ("follows_up", "followed_by")
    }
    assert events == {(new.id, "follows_up", old.number), (old.id, "followed_by", new.number)}


def test_a_number_with_more_about_the_same_problem_goes_to_that_ticket(app):
    who = sender("telegram")
    says("telegram", who, LAMP)
    [old] = tickets()
    outcome, _ = says("telegram", who, f"{old.number} lampu jalannya masih mati sampai malam ini")
    assert outcome == "appended" and len(tickets()) == 1


def test_two_clear_problems_in_one_message_become_two_tickets(app):
    who = sender("sms")
    outcome, replies = says("sms", who, f"Selamat pagi. {LAMP}. Satu lagi, {RUBBISH}. Terima kasih")
    assert outcome == "new_ticket"
    first, second = tickets()
    assert {first.opd_code, second.opd_code} == {"DISHUB", "DLH"}
    assert "Kutisari" in first.summary and "Kendangsari" not in first.summary
    assert "Kendangsari" in second.summary
    assert first.number in " ".join(replies) and second.number in " ".join(replies)


def test_a_street_abbreviation_in_the_citing_sentence_keeps_the_new_problem(app):
    who = sender("telegram")
    says("telegram", who, LAMP)
    [old] = tickets()
    text = (
        f"cek {old.number} jg min, trus skrg ada sampah numpuk di TPS Jl. Kendangsari, "
        "sdh seminggu gk diangkut"
    )
    outcome, _ = says("telegram", who, text, minutes=90)
    assert outcome == "new_ticket"
    old, new = tickets()
    assert "sampah numpuk di TPS Jl. Kendangsari" in new.summary and new.opd_code == "DLH"


def test_the_second_of_two_problems_starts_with_its_words(app):
    says("sms", sender("sms"), f"Selamat pagi. Pertama, {LAMP}. Kedua, {RUBBISH}.")
    first, second = tickets()
    assert second.summary.startswith(RUBBISH[:12]), second.summary


def test_one_story_stays_one_ticket(app):
    says(
        "telegram",
        sender("telegram"),
        "Got depan rumah mampet. Kalau hujan airnya meluber ke jalan",
    )
    assert len(tickets()) == 1


def test_an_unsure_second_problem_flags_the_ticket_for_the_agent():
    def classify(piece: str) -> Decision:
        if "lampu" in piece:
            return Decision("complaint", "DISHUB", 0.9, "model", ())
        return Decision("complaint", "DLH", 0.3, "model", ())

    whole = Decision("complaint", "DISHUB", 0.8, "model", ())
    split = problems.split(
        "Lampu jalan mati total. Sampah juga agak banyak di sana", whole, classify, 0.55
    )
    assert len(split.parts) == 1 and split.flag == ("DLH",)


def test_a_number_then_an_information_request_is_not_added_to_the_complaint(app):
    who = sender("whatsapp")
    says("whatsapp", who, LAMP)
    [old] = tickets()
    text = f"Terkait {old.number}: saya minta salinan dokumen anggaran perbaikan PJU tahun 2026"
    says("whatsapp", who, text, minutes=90)
    old, new = tickets()
    assert new.kind == "info_request" and new.registration_number


@pytest.mark.parametrize(
    "text",
    [
        "MC-2026-000045 saiki piye rek, wis digarap opo durung?",
        "lur, laporan MC-2026-000045 iku kok gak ono kabar blas ae",
    ],
)
def test_suroboyoan_particles_do_not_make_a_status_check_a_new_problem(text):
    asked = status.read(text)
    assert asked.is_check and not asked.new_problem


def test_a_new_problem_next_to_a_number_is_still_a_new_problem():
    assert status.read("MC-2026-000045 lampu gak nyala lagi di gang 5").new_problem


@pytest.mark.parametrize(
    "text",
    [
        "cek MC\u20112026\u2011000077 ya min",  # the non-breaking hyphen of some keyboards
        "mc\u20132026\u2013000077 sudah sampai mana?",
    ],
)
def test_a_number_with_typographic_dashes_is_read(text):
    assert [c.number for c in status.read(text).cited] == ["MC-2026-000077"]


def test_a_serial_labelled_as_a_report_number_is_a_status_check():
    asked = status.read("nomor aduan 4512 sudah ditangani?")
    assert asked.serials == (4512,) and asked.is_check


@pytest.mark.parametrize(
    "text",
    [
        "laporan yg sy kirim tadi pagi udh dibaca blm?",
        "aduan saya tentang pohon tumbang di gang kok belum ada jawaban",
        "ticket MC-2026-000077 was closed but nothing changed, any news?",
    ],
)
def test_what_the_old_report_was_about_or_whether_it_was_read_is_no_new_problem(text):
    assert not status.read(text).new_problem


@pytest.mark.parametrize(
    "text",
    [
        "aduan MC-2026-000045 katanya sudah diteruskan, kapan selesainya? got masih meluap",
        "MC-2026-000045 wis seminggu durung onok sing ngecek, dalane tambah rusak",
        "ticket MC-2026-000045: still nothing, the drain keeps flooding the street",
        "laporan no. aduan 45 blm ada petugas yg turun, sampahnya makin menggunung",
    ],
)
def test_a_grumble_that_the_cited_report_waits_is_no_new_problem(text):
    asked = status.read(text)
    assert asked.is_check and not asked.new_problem


@pytest.mark.parametrize(
    "text",
    [
        "udah 10 hari aku lapor kok gak ada tanggapan blas",
        "pengaduan saya sudah diproses belum ya? mohon maaf mengganggu",
        "lapor ke sini percuma, laporanku gak ada yang ngurus",
        "perkembangannya bagaimana min?",
    ],
)
def test_a_grumble_about_the_citizens_own_report_asks_for_its_status(text):
    assert status.read(text).is_check


@pytest.mark.parametrize(
    "text",
    [
        "MC-2026-000045 blm dikerjain, tapi sekarang ada kabel putus di gang 3",
        "sudah lapor ke kelurahan tapi gak ada tanggapan, got di gang 7 mampet",
        "lapor RT blm ditangani, pohon miring di depan musholla mau roboh",
        "kok belum ada penerangan di jalan raya kendung, gelap rawan jambret",
    ],
)
def test_a_grumble_beside_a_new_problem_or_about_someone_else_asks_for_no_status(text):
    assert not status.read(text).is_check


def test_an_emergency_grumbling_about_an_earlier_report_is_not_answered_with_a_status(app):
    who = sender("whatsapp")
    text = "saya sudah lapor kok belum ada yang datang, rumah tetangga kebakaran apinya besar"
    outcome, _ = says("whatsapp", who, text)
    assert outcome == "new_ticket" and len(tickets()) == 1
