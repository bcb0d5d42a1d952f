"""The public forms answer Indonesian numbers only. Anyone could type any number in the
world, and the desk sent its acknowledgement there by SMS: a per-number limit does not
stop SMS pumping, where each of many premium-rate numbers abroad gets one message and
the city pays for all of them."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from aduan.extensions import db
from channels.base import InboundMessage
from tests import factories
from tests.public.helpers import form, partner_key
from ticketing import canned, contacts, ingest, publication
from ticketing.models import CannedReply, Identity, InboundEvent, Outbound, Ticket, utcnow

ABROAD = ["+44 7700 900123", "+1 900 555 0100", "+882 1612 3456789"]


@pytest.mark.parametrize("phone", ABROAD)
def test_the_web_form_refuses_a_number_abroad_and_keeps_nothing(client, phone):
    response = client.post(
        "/lapor", data=form(client, phone=phone), content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert "Hanya nomor HP Indonesia" in response.get_data(as_text=True)
    assert db.session.execute(select(InboundEvent)).first() is None


def test_open311_refuses_a_number_abroad(client):
    data = {
        "api_key": partner_key(),
        "service_code": "jalan-rusak",
        "lat": "-7.2656",
        "long": "112.7418",
        "description": "Lubang besar di tengah jalan dekat halte",
        "phone": ABROAD[0],
    }
    response = client.post("/open311/v2/requests.json", data=data)
    assert response.status_code == 400
    assert json.loads(response.data)[0]["description"].startswith("phone")
    assert db.session.execute(select(InboundEvent)).first() is None


def test_an_indonesian_number_is_still_answered(client, drain):
    response = client.post(
        "/lapor", data=form(client, phone="+62 812-7777-8888"), content_type="multipart/form-data"
    )
    assert response.status_code == 303
    drain()
    ack = db.session.execute(select(Outbound).where(Outbound.purpose == "ack")).scalar_one()
    assert ack.recipient == "+6281277778888"


def _contact_of(channel: str, address: str):
    identity = db.session.execute(
        select(Identity).where(Identity.channel == channel, Identity.address == address)
    ).scalar_one()
    return contacts.current(identity.contact)


def test_a_name_typed_beside_someone_elses_number_does_not_rename_them(client, drain):
    # A citizen who writes by SMS has no name on file; a stranger types their number and
    # a name of his own choosing into the web form: canned replies greet the SMS
    # citizen by {nama}, the officer page and the inbox show it on all their tickets.
    sms = contacts.resolve("sms", "+6281277770001", None, utcnow())
    db.session.commit()
    bait = "Transfer Rp500rb ke BRI 1234 agar laporan diproses"
    response = client.post(
        "/lapor",
        data=form(client, phone="0812-7777-0001", name=bait),
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    drain()
    owner = _contact_of("sms", "+6281277770001")
    assert owner.id == sms.contact_id  # the report still reaches the number's owner
    assert owner.name is None
    web = db.session.execute(select(Identity).where(Identity.channel == "web")).scalar_one()
    assert web.display_name == bait  # the form's own report keeps the name typed
    assert web.contact_id == owner.id
    mine = factories.ticket(created=utcnow(), channel="sms")
    mine.contact_id, mine.identity_id = owner.id, sms.id
    reply = CannedReply(title="Sapa", body="Halo {nama}, laporan {nomor} kami proses.")
    assert bait not in canned.render(reply, mine)


def test_a_number_first_seen_on_the_form_gets_no_name_from_it(client, drain):
    response = client.post(
        "/lapor",
        data=form(client, phone="0812-7777-0002", name="Bukan Pemilik Nomor"),
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    drain()
    later = contacts.resolve("sms", "+6281277770002", None, utcnow())
    assert later.contact.name is None
    assert later.contact.phone == "+6281277770002"


def test_a_later_report_with_the_same_number_does_not_rename_or_unmask_the_first(client, drain):
    # The first report's writer is named on the staff screens and masked on /lacak by the
    # name they typed; a stranger's report with the same number must change neither.
    first = "Lampu jalan mati di depan rumah Siti Aminah, gang 4, sudah seminggu"
    for name, text in (("Siti Aminah", first), ("Transfer Rp500rb ke BRI", None)):
        fields = {"description": text} if text else {}
        response = client.post(
            "/lapor",
            data=form(client, phone="0812-7777-0006", name=name, **fields),
            content_type="multipart/form-data",
        )
        assert response.status_code == 303
        drain()
    mine, theirs = db.session.execute(select(Ticket).order_by(Ticket.id)).scalars()
    assert mine.contact_id == theirs.contact_id  # one number, one contact
    assert mine.identity.display_name == "Siti Aminah"
    assert theirs.identity.display_name == "Transfer Rp500rb ke BRI"
    assert publication.reporter_names(mine) == ["Siti Aminah"]
    reply = CannedReply(title="Sapa", body="Halo {nama}.")
    assert canned.render(reply, mine) == "Halo Siti Aminah."


def test_a_form_without_a_number_is_named_on_the_staff_screens(client, drain):
    response = client.post(
        "/lapor", data=form(client, name="Siti Aminah"), content_type="multipart/form-data"
    )
    assert response.status_code == 303
    drain()
    ticket = db.session.execute(select(Ticket)).scalar_one()
    reply = CannedReply(title="Sapa", body="Halo {nama}.")
    assert canned.render(reply, ticket) == "Halo Siti Aminah."


def _sms(phone: str, text: str) -> ingest.Result:
    sent = utcnow()
    msg = InboundMessage("sms", f"SM{sent.timestamp()}", phone, sent, text, phone=phone)
    result = ingest.ingest(msg)
    db.session.commit()
    return result


def test_a_strangers_form_report_does_not_take_the_number_owners_follow_ups(client, drain):
    # The SMS citizen's own report, then a stranger's web report with their number: the
    # citizen's "kapan kelarnya" was answered with, and added to, the stranger's report.
    own = _sms("+6281277770003", "Sampah menumpuk di TPS Jl. Bratang Binangun, bau sekali")
    response = client.post(
        "/lapor", data=form(client, phone="0812-7777-0003"), content_type="multipart/form-data"
    )
    assert response.status_code == 303
    drain()
    result = _sms("+6281277770003", "kapan kelarnya min, blm ada yg dateng")
    assert result.ticket_id == own.ticket_id
    answer = db.session.execute(select(Outbound).where(Outbound.purpose == "status")).scalar_one()
    assert answer.ticket_id == own.ticket_id


def test_a_reply_by_sms_to_the_forms_acknowledgement_still_joins_that_report(client, drain):
    response = client.post(
        "/lapor", data=form(client, phone="0812-7777-0004"), content_type="multipart/form-data"
    )
    assert response.status_code == 303
    drain()
    web = db.session.execute(select(Ticket).where(Ticket.channel == "web")).scalar_one()
    result = _sms("+6281277770004", "kapan dibenerin? sudah seminggu")
    assert result.ticket_id == web.id


def test_a_strangers_english_form_report_does_not_change_the_owners_language(client, drain):
    own = _sms("+6281277770005", "Sampah menumpuk di TPS Jl. Bratang Binangun, bau sekali")
    english = "The street light in front of my house has been broken for a week, please fix it"
    response = client.post(
        "/lapor",
        data=form(client, phone="0812-7777-0005", description=english),
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    drain()
    owner = db.session.get(Ticket, own.ticket_id).contact
    assert owner.locale in (None, "id")
    web = db.session.execute(select(Ticket).where(Ticket.channel == "web")).scalar_one()
    ack = db.session.execute(
        select(Outbound).where(Outbound.ticket_id == web.id, Outbound.purpose == "ack")
    ).scalar_one()
    assert ack.text.startswith("Thank you")  # the form's report is answered in its language


@pytest.mark.parametrize("said", ["1", "belum", "sudah beres"])
def test_a_strangers_form_report_cannot_rate_close_or_reopen_the_owners_ticket(client, drain, said):
    # The owner's report was resolved and waits for their "Sudah beres?" answer. A
    # stranger typing their number into /lapor with "1" rated it 1 and closed it (or
    # "belum" reopened it and told the unit): the form answered for the number's owner.
    own = _sms("+6281277770007", "Sampah menumpuk di TPS Jl. Bratang Binangun, bau sekali")
    ticket = db.session.get(Ticket, own.ticket_id)
    ticket.status, ticket.resolved_at = "resolved", utcnow()
    db.session.commit()
    response = client.post(
        "/lapor",
        data=form(client, phone="0812-7777-0007", description=said),
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    drain()
    ticket = db.session.get(Ticket, own.ticket_id)
    db.session.refresh(ticket)
    assert (ticket.status, ticket.rating, ticket.closed_at) == ("resolved", None, None)
