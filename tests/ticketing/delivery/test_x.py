"""X mentions become tickets; public replies carry only the number and a neutral
sentence, the details go by DM, and personal data never reaches a public tweet."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from aduan.extensions import db
from tests.citizens import Tweeter, only_ticket, rows
from ticketing import actions
from ticketing.models import Message, Officer, Outbound, Ticket
from ticketing.privacy import find_personal_data


@pytest.fixture
def citizen(app, fake_x, drain):
    fake_x.reset()
    return Tweeter(fake_x, drain)


def assert_neutral(texts: list[str], *secrets: str) -> None:
    for text in texts:
        assert find_personal_data(text) == [], text
        for secret in secrets:
            assert secret.lower() not in text.lower(), text


def test_a_mention_becomes_a_ticket_with_a_neutral_public_reply(citizen):
    complaint = "lampu PJU di Jl. Rungkut Madya mati sudah 3 hari, gelap sekali"
    tweet = citizen.mentions(complaint)
    ticket = only_ticket()
    assert ticket.channel == "x" and not ticket.pii_flag
    message = db.session.execute(select(Message)).scalar_one()
    assert message.external_id == tweet["id"] and message.public
    assert message.meta["conversation_id"] == tweet["conversation_id"]
    (reply,) = citizen.public_replies()
    assert ticket.number in reply
    assert_neutral([reply], "Rungkut", "gelap")
    assert citizen.fake.replies_to(tweet["id"])  # threaded under the citizen's tweet
    assert citizen.dms_received() == []  # an acknowledgement needs no DM


POTHOLE = "Jalan di depan SDN Ketabang 1 berlubang besar, sudah 2 motor jatuh pak"


def officer_of(ticket: Ticket) -> actions.Actor:
    officer = Officer(opd_code=ticket.opd_code, name="Pak Joko", channel="telegram", address="1")
    db.session.add(officer)
    db.session.commit()
    return actions.Actor.officer(officer, None)


def test_personal_data_in_a_mention_never_reaches_a_public_reply(citizen, client, drain):
    from tests.inbox.helpers import login, make_user

    tweet = citizen.mentions(
        "got mampet di Jl. Kenjeran No. 45 RT 03/RW 05, hubungi saya 0812-3456-7890 atau "
        "budi.s@gmail.com, NIK 3578012345670001"
    )
    ticket = only_ticket()
    assert ticket.pii_flag
    message = db.session.execute(select(Message)).scalar_one()
    assert message.meta["pii"] == ["nik", "phone", "email", "address", "rt_rw"]
    (reply,) = [t["text"] for t in citizen.fake.replies_to(tweet["id"])]
    assert ticket.number in reply and "hapus tweet" in reply and "WhatsApp" in reply
    assert_neutral(citizen.public_replies(), "Kenjeran", "0812", "3456", "budi", "3578")

    actions.reply(ticket, actions.Actor("agent", None, "Ani"), "Sudah kami teruskan ke DSDABM")
    db.session.commit()
    drain()
    assert len(citizen.public_replies()) == 2
    assert_neutral(citizen.public_replies(), "Kenjeran", "0812", "DSDABM")

    login(client, make_user())
    page = client.get("/inbox").get_data(as_text=True)
    assert "minta warga menyembunyikan/menghapus tweet" in page
    page = client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert "minta warga menyembunyikan/menghapus tweet" in page
    assert "nomor telepon" in page and "NIK" in page
    assert "kalimat netral" in page  # the agent is told public replies are neutralised


def test_officer_progress_goes_by_dm_and_the_public_reply_stays_neutral(citizen, drain):
    tweet = citizen.mentions(POTHOLE)
    ticket = only_ticket()
    assert ticket.status == "routed"
    update = "Tim sudah menambal lubang dengan aspal dingin, pengaspalan ulang Kamis depan"
    actions.progress(ticket, officer_of(ticket), update)
    db.session.commit()
    drain()
    (dm,) = citizen.dms_received()
    assert update in dm and ticket.number in dm
    ack, notice = [t["text"] for t in citizen.fake.replies_to(tweet["id"])]
    assert ticket.number in notice and "DM" in notice
    assert_neutral([ack, notice], "aspal", "Ketabang", "motor")
    public_row, dm_row = rows()[-2:]
    assert (public_row.channel, public_row.status) == ("x", "sent")
    assert (dm_row.channel, dm_row.status, dm_row.dedupe_key) == (
        "x_dm",
        "sent",
        f"xdm-{public_row.id}",
    )


def test_a_refused_dm_falls_back_to_one_neutral_public_notice_a_day(citizen, drain):
    tweet = citizen.mentions(POTHOLE)
    ticket = only_ticket()
    actor = actions.Actor("agent", None, "Ani")
    citizen.fake.close_dms(citizen.user_id)
    for text in ("Mohon kirim foto lubangnya", "Terima kasih, sudah diteruskan"):
        actions.reply(ticket, actor, text)
        db.session.commit()
        drain()
    assert citizen.dms_received() == []
    failed = [r for r in rows("x_dm") if r.status == "failed"]
    assert len(failed) == 2 and {r.error_code for r in failed} == {"forbidden"}
    replies = [t["text"] for t in citizen.fake.replies_to(tweet["id"])]
    notices = [text for text in replies if "belum dapat mengirim DM" in text]
    assert len(notices) == 1 and ticket.number in notices[0]
    assert len(replies) == 4  # the ack, two neutral updates, one notice
    assert all(r.status == "sent" for r in rows("x"))
    assert_neutral(replies, "foto", "diteruskan")


def test_a_dm_from_the_same_person_joins_their_ticket(citizen):
    citizen.mentions(POTHOLE)
    citizen.dms("Lokasinya persis di depan gerbang sekolah, pak")
    ticket = only_ticket()
    assert [m.channel for m in ticket.messages] == ["x", "x_dm"]


def test_a_ticket_opened_by_dm_is_answered_by_dm_only(citizen, drain):
    citizen.dms(POTHOLE)
    ticket = only_ticket()
    assert ticket.channel == "x_dm" and not ticket.pii_flag
    actions.reply(ticket, actions.Actor("agent", None, "Ani"), "Baik, kami cek hari ini")
    db.session.commit()
    drain()
    ack, answer = citizen.dms_received()
    assert ticket.number in ack and "Baik, kami cek hari ini" in answer
    assert citizen.public_replies() == []


def test_a_status_check_by_mention_is_answered_publicly_without_details(citizen, drain):
    citizen.mentions(POTHOLE)
    number = only_ticket().number
    tweet = citizen.mentions(f"cek {number}")
    (answer,) = [t["text"] for t in citizen.fake.replies_to(tweet["id"])]
    assert "DM" in answer and "Unit" not in answer
    assert any(number in dm and "Unit" in dm for dm in citizen.dms_received())


def test_every_public_row_is_neutral_whatever_its_purpose(citizen, drain):
    """Acks, SLA notices and resolutions: the row keeps the full text for the inbox, the
    tweet is the catalogue sentence."""
    citizen.mentions(POTHOLE)
    ticket = only_ticket()
    actions.resolve(ticket, officer_of(ticket), "Lubang sudah ditambal permanen")
    db.session.commit()
    drain()
    replies = citizen.public_replies()
    assert "selesai ditangani" in replies[-1] and ticket.number in replies[-1]
    assert_neutral(replies, "ditambal", "Ketabang")
    resolved = db.session.execute(
        select(Outbound).where(Outbound.purpose == "resolved", Outbound.channel == "x")
    ).scalar_one()
    assert "ditambal permanen" in resolved.text  # what the agent sees in the timeline
