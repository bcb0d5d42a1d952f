"""SMS and WhatsApp through Twilio, end to end: the fake Twilio posts signed webhooks to
our served app, a real RQ worker processes them, replies go back through the real twilio
Client to the fake, and its status callbacks move the outbox forward."""

from __future__ import annotations

from sqlalchemy import select

from aduan.extensions import db
from channels.gsm import is_gsm7, sms_segments
from tests.ticketing.helpers import count
from ticketing.models import Identity, Message, Outbound, Ticket

CITIZEN = "+6281234500001"
JPEG = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8


def only(model):
    return db.session.execute(select(model)).scalar_one()


def test_sms_complaint_becomes_a_ticket_and_the_ack_arrives_in_two_gsm_segments(twilio, settle):
    answer = twilio.citizen_sms(CITIZEN, "Lampu PJU di Jl. Raya Darmo depan no 45 mati 3 hari")
    assert answer["status"] == 200 and "<Response" in answer["body"]
    settle()
    ticket = only(Ticket)
    assert ticket.channel == "sms" and ticket.identity.address == CITIZEN
    (ack,) = [m for m in twilio.sent_to(CITIZEN)]
    assert ack["channel"] == "sms" and ticket.number in ack["body"]
    assert is_gsm7(ack["body"]) and sms_segments(ack["body"]) <= 2
    row = only(Outbound)
    assert row.status == "delivered" and row.provider_id == ack["sid"]


def test_mms_photo_is_downloaded_from_twilio_by_the_worker(twilio, settle):
    twilio.citizen_sms(CITIZEN, "Sampah menumpuk di TPS Keputran", media=[(JPEG, "image/jpeg")])
    settle()
    (photo,) = only(Message).attachments
    assert photo.status == "stored" and photo.size == len(JPEG) and photo.mime_type == "image/jpeg"


def test_whatsapp_location_and_profile_name_reach_the_ticket(twilio, settle):
    twilio.citizen_whatsapp(CITIZEN, "Saluran air meluap ke jalan", profile_name="Siti Rahmawati")
    twilio.citizen_whatsapp(CITIZEN, location=(-7.2630049, 112.7398484, "Jl. Tunjungan No.1"))
    settle()
    ticket = only(Ticket)
    assert ticket.channel == "whatsapp" and ticket.latitude == -7.2630049
    assert ticket.contact.name == "Siti Rahmawati"
    identity = only(Identity)
    assert identity.channel == "whatsapp" and identity.address == CITIZEN
    assert identity.last_inbound_at is not None
    reply = twilio.sent_to(CITIZEN)[0]
    assert reply["channel"] == "whatsapp" and reply["content_sid"] is None


def test_out_of_order_status_callbacks_never_move_the_outbox_backwards(twilio, settle):
    twilio.callbacks_out_of_order = True  # "delivered" arrives before "sent"
    twilio.citizen_sms(CITIZEN, "Pohon tumbang menutup jalan di Jl. Dharmahusada")
    settle()
    (callbacks) = [c["params"]["MessageStatus"] for c in twilio.callbacks]
    assert callbacks == ["delivered", "sent"]
    assert only(Outbound).status == "delivered"
    assert count(Message) == 1
