"""From a Telegram update to a ticket, an acknowledgement and the right route."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from aduan.extensions import db
from tests.inbox.helpers import login, make_user
from tests.ticketing.helpers import Citizen, count
from ticketing.inbound.jobs import process_event
from ticketing.models import Contact, InboundEvent, Message, Outbound, Ticket


@pytest.fixture
def citizen(fake_telegram, tg_post, drain):
    return Citizen(fake_telegram, tg_post, drain)


def only_ticket() -> Ticket:
    return db.session.execute(select(Ticket)).scalar_one()


def test_complaint_becomes_a_routed_ticket_and_the_citizen_gets_the_number(citizen):
    citizen.says("Jalan di depan SDN Ketabang 1 berlubang besar, sudah 2 motor jatuh pak")
    ticket = only_ticket()
    assert ticket.number.startswith("MC-20") and len(ticket.number) == 14
    assert ticket.kind == "complaint"
    assert ticket.status == "routed" and ticket.opd_code == "DSDABM"
    assert ticket.first_response_due_at is not None
    (ack,) = citizen.replies()
    assert ticket.number in ack and "1x24 jam hari kerja" in ack
    outbox_row = db.session.execute(select(Outbound)).scalar_one()
    assert outbox_row.status == "sent" and outbox_row.provider_id


def test_same_update_delivered_twice_gives_one_message_and_one_ticket(citizen):
    update = citizen.update(text="Sampah di TPS Wonokromo tidak diangkut 4 hari")
    assert citizen.post(update).status_code == 200
    assert citizen.post(update).status_code == 200
    citizen.drain()
    assert count(Message) == 1 and count(Ticket) == 1
    assert len(citizen.replies()) == 1


def test_the_same_job_run_twice_changes_nothing(citizen):
    citizen.says("Lampu lalu lintas di perempatan Kertajaya mati total", process=False)
    event_id = db.session.execute(select(InboundEvent.id)).scalar_one()
    first = process_event(event_id)
    second = process_event(event_id)
    assert first == "new_ticket" and second == "skipped"
    citizen.drain()
    assert count(Message) == 1 and count(Ticket) == 1
    assert len(citizen.replies()) == 1


def test_a_second_message_is_added_to_the_open_ticket(citizen):
    citizen.says("Pipa PDAM bocor di Jl. Kalibokor, air muncrat ke jalan")
    citizen.says("Tambahan: sudah dari kemarin sore")
    assert count(Ticket) == 1
    ticket = only_ticket()
    assert [m.text for m in ticket.messages][1].startswith("Tambahan")


def test_another_problem_for_another_unit_opens_its_own_ticket(citizen):
    citizen.says("Pipa PDAM bocor di Jl. Kalibokor, air muncrat ke jalan, mohon dibantu")
    citizen.says(
        "Satu lagi min, surat pengantar dari kelurahan Gubeng sdh 2 minggu blm jadi, "
        "petugas kelurahannya jarang di tempat"
    )
    first, second = db.session.execute(select(Ticket).order_by(Ticket.id)).scalars().all()
    assert first.opd_code == "PDAM" and second.opd_code.startswith("KEL")  # Gubeng's
    assert [m.text[:4] for m in second.messages] == ["Satu"]
    assert second.number in citizen.replies()[-1]


def test_more_about_a_kelurahan_matter_stays_on_its_ticket(citizen):
    citizen.says(
        "Surat pengantar dari kelurahan Gubeng sdh 2 minggu blm jadi, petugasnya jarang ada"
    )
    ticket = only_ticket()
    ticket.suggestions = [["DISPENDUKCAPIL", 0.4]]  # an agent routed it by hand
    db.session.commit()
    citizen.says("Tadi sy ke kantor kelurahan lagi, petugas pelayanannya tetap tidak ada")
    assert count(Ticket) == 1 and ticket.opd_code.startswith("KEL-")


def test_an_answer_to_the_desks_question_stays_on_the_ticket(citizen):
    citizen.says("Pipa PDAM bocor di Jl. Kalibokor, air muncrat ke jalan, mohon dibantu")
    only_ticket().status = "waiting"  # the desk asked the citizen something
    db.session.commit()
    citizen.says("Lampu jalan di depan rumah saya juga mati, Jl. Kalibokor gg 2 no 5")
    assert count(Ticket) == 1


def test_baru_opens_a_new_ticket_even_with_one_open(citizen):
    citizen.says("Pipa PDAM bocor di Jl. Kalibokor, air muncrat ke jalan")
    citizen.says(
        "/baru Pohon di taman Bungkul rantingnya sudah menjuntai ke jalan, mohon dipangkas"
    )
    numbers = db.session.execute(select(Ticket.number).order_by(Ticket.id)).scalars().all()
    assert len(numbers) == 2 and numbers[0] != numbers[1]


def test_a_resolved_ticket_is_not_reused(citizen):
    citizen.says("Pipa PDAM bocor di Jl. Kalibokor, air muncrat ke jalan")
    only_ticket().status = "resolved"
    db.session.commit()
    citizen.says("Sekarang lampu jalan di gang saya yang mati, Jl. Kalibokor gg 2")
    assert count(Ticket) == 2


def test_start_gets_a_welcome_and_no_ticket(citizen):
    citizen.says("/start")
    assert count(Ticket) == 0
    (welcome,) = citizen.replies()
    assert "Selamat datang" in welcome and "112" in welcome


def test_greeting_gets_a_friendly_answer_and_no_ticket(citizen):
    citizen.says("selamat pagi min")
    assert count(Ticket) == 0
    assert count(Message) == 1
    assert "Media Center" in citizen.replies()[0]


def test_status_check_answers_the_citizens_own_ticket(citizen, fake_telegram, tg_post, drain):
    citizen.says("Sampah di TPS Wonokromo tidak diangkut 4 hari, bau sekali")
    number = only_ticket().number
    citizen.says(f"cek {number}")
    answer = citizen.replies()[-1]
    assert number in answer and "Unit:" in answer
    stranger = Citizen(fake_telegram, tg_post, drain, name="Joko")
    stranger.says(f"/status {number}")
    public = stranger.replies()[-1]  # a listed report: its public status, nothing more
    assert number in public and "bukan atas nama Anda" in public
    assert "Unit:" not in public and "Wonokromo" not in public
    assert count(Ticket) == 1


def test_sticker_gets_a_polite_reply_and_the_channel_keeps_working(citizen, app):
    citizen.says("Sampah di TPS Wonokromo tidak diangkut 4 hari, bau sekali")
    update = citizen.update(text="x")
    update["message"].pop("text")
    update["message"]["sticker"] = {
        "file_id": "CAACAgIAAx",
        "file_unique_id": "AgAD",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
        "type": "regular",
    }
    assert citizen.post(update).status_code == 200
    citizen.drain()
    assert "belum dapat kami baca" in citizen.replies()[-1]
    citizen.says("Tambahan: truk sampah tidak datang lagi hari ini")
    assert count(Message) == 3
    client = app.test_client()
    login(client, make_user())
    html = client.get(f"/tickets/{only_ticket().number}").get_data(as_text=True)
    assert "(pesan jenis stiker tidak dapat dibaca)" in html


def test_location_is_kept_on_the_ticket(citizen):
    citizen.says("Got mampet di Jl. Manyar Kertoarjo, air meluber ke jalan tiap hujan")
    citizen.says(location=(-7.2819, 112.7632))
    ticket = only_ticket()
    assert ticket.latitude == pytest.approx(-7.2819)
    assert ticket.longitude == pytest.approx(112.7632)


def test_photo_is_downloaded_by_the_worker(citizen, app):
    citizen.says(
        "Trotoar dipakai PKL jualan, pejalan kaki turun ke jalan",
        photo=b"\x89PNG\r\n\x1a\n" + b"0" * 2048,
    )
    message = db.session.execute(select(Message)).scalar_one()
    (photo,) = message.attachments
    assert photo.status == "stored" and photo.size > 2000
    assert message.text.startswith("Trotoar")


def test_photo_over_the_size_limit_is_refused_and_recorded(citizen, app):
    app.config["MEDIA_MAX_BYTES"] = 1000
    try:
        citizen.says(photo=b"\xff\xd8" + b"1" * 5000)
    finally:
        app.config["MEDIA_MAX_BYTES"] = 10 * 1024 * 1024
    message = db.session.execute(select(Message)).scalar_one()
    attachment = message.attachments[-1]
    assert attachment.status == "failed" and "exceeds the limit" in (attachment.error or "")
    # The agent reads why in words, not the provider's English.
    client = app.test_client()
    login(client, make_user())
    html = client.get(f"/tickets/{message.ticket.number}").get_data(as_text=True)
    assert "Foto: gagal diunduh: berkas melebihi batas ukuran" in html
    assert "exceeds the limit" not in html and "photo:" not in html


def test_shared_phone_number_is_linked_to_the_contact(citizen):
    citizen.says(contact_phone="081234567890")
    contact = db.session.execute(select(Contact)).scalar_one()
    assert contact.phone == "+6281234567890"


def test_emergency_gets_112_at_once_and_alerts_the_desk(citizen, app):
    from ticketing.models import Officer

    db.session.add(
        Officer(group_code="DESK112", name="Operator 112", channel="telegram", address="911112")
    )
    db.session.commit()
    citizen.says("TOLONG ada kebakaran rumah di Jl. Kapasari gang 3, apinya sudah besar!!")
    ticket = only_ticket()
    assert ticket.kind == "emergency" and ticket.priority == 2
    assert "112" in citizen.replies()[0]
    alert = db.session.execute(
        select(Outbound).where(Outbound.purpose == "emergency_alert")
    ).scalar_one()
    assert alert.priority == "high" and alert.recipient == "911112" and alert.status == "sent"
    assert ticket.number in alert.text
    assert "(kebakaran)" in alert.text and "Kanal: Telegram" in alert.text  # words, not codes


def test_an_emergency_written_again_joins_the_open_one_and_the_desk_hears_more(citizen, app):
    from datetime import timedelta

    from ticketing.models import Officer, utcnow

    db.session.add(
        Officer(group_code="DESK112", name="Operator 112", channel="telegram", address="911112")
    )
    db.session.commit()
    citizen.says("TOLONG ada kebakaran rumah di Jl. Kapasari gang 3, apinya sudah besar!!")
    citizen.says("TOLONG CEPAT apinya merembet ke rumah sebelah, ada orang di dalam!!")
    ticket = only_ticket()  # one ticket: one alert, one escalation chain
    assert count(Message) == 2 and {m.ticket_id for m in ticket.messages} == {ticket.id}
    purposes = db.session.execute(
        select(Outbound.purpose).where(Outbound.ticket_id == ticket.id).order_by(Outbound.id)
    ).scalars()
    # the desk hears the new words; the citizen hears that it has them
    assert list(purposes) == ["emergency", "emergency_alert", "emergency_more", "emergency_added"]
    more = db.session.execute(
        select(Outbound).where(Outbound.purpose == "emergency_more")
    ).scalar_one()
    assert more.priority == "high" and "ada orang di dalam" in more.text
    # a third within the minute: on the ticket, no third text, notice or acknowledgement
    citizen.says("tolong!! ada anak kecil di lantai 2, terjebak api")
    assert count(Ticket) == 1 and count(Message) == 3
    assert count(Outbound) == 4
    # the next day, a new fire is a new emergency
    ticket.created_at -= timedelta(hours=2)
    db.session.commit()
    citizen.says("TOLONG ada kebakaran lagi di gudang Jl. Kapasari 10 sekarang!!")
    assert count(Ticket) == 2
    assert utcnow() - ticket.created_at > timedelta(minutes=30)


def test_information_request_goes_to_ppid_with_a_registration_number(citizen):
    citizen.says(
        "Saya ingin mengajukan permohonan informasi salinan dokumen APBD Kota Surabaya 2026"
    )
    ticket = only_ticket()
    assert ticket.kind == "info_request" and ticket.opd_code == "PPID"
    assert ticket.registration_number.startswith("PPID-")
    assert ticket.registration_number in citizen.replies()[0]


def test_household_power_cut_is_answered_as_not_the_citys(citizen):
    citizen.says("Listrik di rumah saya mati sejak jam 5 pagi, tetangga juga padam")
    ticket = only_ticket()
    assert ticket.kind == "external" and ticket.status == "closed"
    assert ticket.close_reason == "bukan_wewenang"
    assert "PLN" in citizen.replies()[0]
