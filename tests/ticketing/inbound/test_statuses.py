"""Delivery status callbacks: monotonic outbox statuses whatever the arrival order,
failures keep their code, STOP (21610) and invalid numbers (21211) are permanent and
mark the citizen's identity unreachable, sync or by callback."""

from __future__ import annotations

from sqlalchemy import select

from aduan.extensions import db
from tests.providers import form
from ticketing import outbox
from ticketing.models import Contact, Identity, Outbound, Ticket

CITIZEN = "+6281234500003"
SID = form("status_sent")["MessageSid"]


def row_sent_as(provider_id: str, channel: str = "sms", recipient: str = "+6281234567890"):
    row = Outbound(channel=channel, recipient=recipient, text="Halo", purpose="ack")
    row.status, row.provider_id = "sent", provider_id
    db.session.add(row)
    db.session.commit()
    return row


def test_callbacks_out_of_order_only_move_forward(twilio_post, drain):
    row = row_sent_as(SID)
    for name in ("status_delivered", "status_sent"):  # delivered first, then a late "sent"
        assert twilio_post("/webhooks/twilio/status", form(name)).status_code == 200
        drain()
    db.session.refresh(row)
    assert row.status == "delivered"


def test_an_undelivered_callback_keeps_its_error_code(twilio_post, drain):
    row = row_sent_as(SID)
    twilio_post("/webhooks/twilio/status", form("status_undelivered_30003"))
    drain()
    db.session.refresh(row)
    assert row.status == "undeliverable" and row.error_code == "30003"


def test_stop_makes_later_sms_fail_permanently_and_marks_the_citizen(twilio, settle):
    twilio.citizen_sms(CITIZEN, "Jalan berlubang di Jl. Rungkut Madya, bahaya untuk motor")
    settle()
    ticket = db.session.execute(select(Ticket)).scalar_one()
    twilio.citizen_sms(CITIZEN, "STOP")  # Twilio opts the number out of our SMS
    settle()
    db.session.refresh(ticket)
    row = outbox.to_identity(
        ticket.identity, "Laporan Anda sedang ditangani.", ticket=ticket, purpose="reply"
    )
    db.session.commit()
    settle()
    db.session.refresh(row)
    assert row.status == "failed" and row.error_code == "21610" and row.attempts == 1
    identity = db.session.execute(select(Identity)).scalar_one()
    assert identity.unreachable_at is not None and "21610" in identity.unreachable_reason


def test_21610_by_status_callback_marks_the_identity_unreachable(twilio_post, drain):
    contact = Contact(phone="+6281234567890")
    identity = Identity(contact=contact, channel="sms", address="+6281234567890")
    db.session.add(identity)
    db.session.commit()
    row = row_sent_as(SID)
    twilio_post(
        "/webhooks/twilio/status", form("status_undelivered_30003") | {"ErrorCode": "21610"}
    )
    drain()
    db.session.rollback()
    assert db.session.get(Outbound, row.id).error_code == "21610"
    assert db.session.get(Identity, identity.id).unreachable_at is not None


def test_invalid_number_21211_is_not_retried(twilio, settle):
    twilio.citizen_sms(CITIZEN, "Sampah di TPS Wonokromo belum diangkut")
    settle()
    ticket = db.session.execute(select(Ticket)).scalar_one()
    twilio.fail_next(400, 21211, "The 'To' number is not a valid phone number.")
    row = outbox.to_identity(ticket.identity, "Tambahan informasi.", ticket=ticket, purpose="reply")
    db.session.commit()
    settle()
    db.session.refresh(row)
    assert row.status == "failed" and row.error_code == "21211" and row.attempts == 1
