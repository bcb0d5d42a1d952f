"""One citizen, one contact: SMS, WhatsApp (both routes), voice and a Telegram contact
share from the same number meet in one contact; agents merge and split contacts."""

from __future__ import annotations

import re

from sqlalchemy import select

from aduan.extensions import db
from tests import factories
from tests.inbox.helpers import csrf, login, make_user
from tests.ticketing.helpers import Citizen
from ticketing import outbox
from ticketing.models import Contact, Identity, Message, Ticket, utcnow
from ticketing.personal_data import mask

NUMBER = "+6281234500007"
OTHER = "+6281398700008"


def live_contacts() -> list[Contact]:
    db.session.rollback()
    stmt = select(Contact).where(Contact.merged_into_id.is_(None)).order_by(Contact.id)
    return list(db.session.execute(stmt).scalars())


def identities(contact: Contact) -> set[tuple[str, str]]:
    stmt = select(Identity.channel, Identity.address).where(Identity.contact_id == contact.id)
    return {tuple(row) for row in db.session.execute(stmt)}


def test_all_phone_channels_and_a_telegram_share_of_the_same_number_are_one_contact(
    twilio, graph, settle, fake_telegram, tg_post, drain
):
    twilio.citizen_sms(NUMBER, "Jalan berlubang di Jl. Rungkut Madya depan nomor 12")
    twilio.citizen_whatsapp(NUMBER, "Ini lokasinya", profile_name="Budi")
    graph.citizen_whatsapp("081234500007", "Tambahan: lubangnya makin besar")  # 0812 = +62812
    call = twilio.call(NUMBER)
    call.press("1")
    call.speak("Jalan berlubang di Rungkut Madya belum diperbaiki")
    telegram = Citizen(fake_telegram, tg_post, drain)
    telegram.says(contact_phone="0812-3450-0007")
    settle()
    (contact,) = live_contacts()
    assert contact.phone == NUMBER
    assert {channel for channel, _ in identities(contact)} == {
        "sms", "whatsapp", "whatsapp_cloud", "voice", "telegram"
    }  # fmt: skip
    assert {address for channel, address in identities(contact) if channel != "telegram"} == {
        NUMBER
    }
    assert {m.contact_id for m in db.session.execute(select(Message)).scalars()} == {contact.id}


def test_a_caller_who_then_writes_on_whatsapp_is_named_by_their_profile(twilio, settle):
    call = twilio.call(NUMBER)
    call.press("1")
    call.speak("Saluran air di Jalan Darmo Permai tersumbat")
    settle()
    twilio.citizen_whatsapp(NUMBER, "Ini fotonya", profile_name="Pak Joko")
    settle()
    (contact,) = live_contacts()
    assert contact.name == "Pak Joko"
    ticket = db.session.execute(select(Ticket)).scalar_one()
    assert ticket.contact_id == contact.id


def test_an_agent_merges_two_contacts_by_phone_and_splits_one_identity_off(
    twilio, graph, settle, client
):
    twilio.citizen_sms(NUMBER, "Lampu PJU di Jl. Kenjeran mati semua sejak kemarin")
    graph.citizen_whatsapp(OTHER, "Sampah di TPS Keputran belum diangkut")
    settle()
    first, second = live_contacts()
    login(client, make_user())
    page = client.get(f"/contacts/{first.id}").get_data(as_text=True)
    # the number is masked until an agent reveals it (inbox/reveal.py, logged)
    assert NUMBER not in page and mask(NUMBER) in page and "Gabungkan" in page
    refused = client.post(f"/contacts/{first.id}/merge", data={"other": "081398700008"})
    assert refused.status_code == 400  # no CSRF token
    response = client.post(
        f"/contacts/{first.id}/merge", data={"other": "081398700008", "csrf_token": csrf(page)}
    )
    assert response.status_code == 302
    (survivor,) = live_contacts()
    assert survivor.id == first.id
    assert identities(survivor) == {("sms", NUMBER), ("whatsapp_cloud", OTHER)}
    tickets = db.session.execute(select(Ticket)).scalars().all()
    assert {ticket.contact_id for ticket in tickets} == {first.id}
    assert "contact_merged" in [e.action for t in tickets for e in t.events]
    merged_page = client.get(f"/contacts/{second.id}", follow_redirects=True).get_data(as_text=True)
    assert f"Kontak #{first.id}" in merged_page

    page = client.get(f"/contacts/{first.id}").get_data(as_text=True)
    identity = db.session.execute(
        select(Identity).where(Identity.channel == "whatsapp_cloud")
    ).scalar_one()
    response = client.post(
        f"/contacts/{first.id}/split", data={"identity_id": identity.id, "csrf_token": csrf(page)}
    )
    assert response.status_code == 302
    kept, split_off = live_contacts()
    assert identities(kept) == {("sms", NUMBER)}
    assert identities(split_off) == {("whatsapp_cloud", OTHER)}
    assert split_off.phone == OTHER
    moved = db.session.execute(
        select(Ticket).where(Ticket.channel == "whatsapp_cloud")
    ).scalar_one()
    assert moved.contact_id == split_off.id
    # the split names the number masked, as every page does (a reveal is logged)
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    timeline = client.get(f"/tickets/{moved.number}").get_data(as_text=True)
    for html in (shown, timeline):
        assert OTHER not in html and mask(OTHER) in html


def test_merge_by_contact_id_and_the_ticket_page_links_to_the_contact(
    twilio, graph, settle, client
):
    twilio.citizen_sms(NUMBER, "Lampu PJU di Jl. Kenjeran mati semua sejak kemarin")
    graph.citizen_whatsapp(OTHER, "Sampah di TPS Keputran belum diangkut")
    settle()
    first, second = live_contacts()
    login(client, make_user())
    number = db.session.execute(
        select(Ticket.number).where(Ticket.contact_id == second.id)
    ).scalar_one()
    ticket_page = client.get(f"/tickets/{number}").get_data(as_text=True)
    assert f"/contacts/{second.id}" in ticket_page
    client.post(
        f"/contacts/{second.id}/merge",
        data={"other": f"#{first.id}", "csrf_token": csrf(ticket_page)},
    )
    (survivor,) = live_contacts()
    assert survivor.id == second.id


def test_contact_pages_need_a_login(client):
    assert client.get("/contacts/1").status_code == 302


def test_the_contact_page_says_a_public_x_reply_went_out_as_the_neutral_sentence(client, app):
    ticket = factories.ticket(created=utcnow(), channel="x")
    outbox.to_identity(
        ticket.identity, "Petugas menuju Jl. Rungkut", ticket=ticket, purpose="reply"
    )
    db.session.commit()
    login(client, make_user())
    html = client.get(f"/contacts/{ticket.contact_id}").get_data(as_text=True)
    row = re.search(r"<td>X</td>\s*<td class=\"summary\">(.*?)</td>", html, re.S)
    assert row and "Petugas menuju Jl. Rungkut" in row.group(1)
    assert "kalimat netral dengan nomor laporan" in row.group(1)


def test_a_failed_public_x_reply_does_not_claim_a_sentence_went_out(client, app):
    ticket = factories.ticket(created=utcnow(), channel="x")
    row = outbox.to_identity(
        ticket.identity, "Petugas menuju Jl. Rungkut", ticket=ticket, purpose="reply"
    )
    row.status, row.failure_reason, row.error = "failed", "rejected", "deleted tweet"
    db.session.commit()
    login(client, make_user())
    for page in (f"/contacts/{ticket.contact_id}", f"/tickets/{ticket.number}"):
        html = client.get(page).get_data(as_text=True)
        assert "Petugas menuju Jl. Rungkut" in html
        assert "kalimat netral dengan nomor laporan, bukan teks ini" not in html
