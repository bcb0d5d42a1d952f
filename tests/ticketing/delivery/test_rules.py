"""Delivery rules return what to send; they never queue anything themselves."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from aduan.extensions import db
from channels.base import RECIPIENT_UNREACHABLE, TEMPLATE_REJECTED, WINDOW_CLOSED
from ticketing import contacts, delivery
from ticketing.delivery.base import WINDOW_MARGIN, window_open
from ticketing.models import Outbound, utcnow

PHONE = "+6281234500077"


def failed_whatsapp_row(template: str | None = None) -> Outbound:
    identity = contacts.resolve("whatsapp", PHONE, "Warga", utcnow() - timedelta(days=2))
    db.session.flush()
    row = Outbound(
        channel="whatsapp",
        recipient=PHONE,
        text="Laporan Anda sedang dikerjakan.",
        purpose="progress",
        identity_id=identity.id,
        contact_id=identity.contact_id,
        template=template,
        status="failed",
    )
    db.session.add(row)
    db.session.flush()
    return row


def outbox_count() -> int:
    return db.session.execute(select(func.count()).select_from(Outbound)).scalar_one()


def test_a_closed_window_returns_the_template_and_queues_nothing(app):
    row = failed_whatsapp_row()
    before = outbox_count()
    instead = delivery.fallback(row, None, WINDOW_CLOSED, utcnow())
    assert instead is not None and instead.channel == "whatsapp" and instead.template
    assert instead.dedupe_key == f"wa-template-{row.id}"
    assert outbox_count() == before


def test_a_refused_template_returns_an_sms_copy(app):
    row = failed_whatsapp_row(template="HX" + "0" * 32)
    instead = delivery.fallback(row, None, TEMPLATE_REJECTED, utcnow())
    assert instead is not None and (instead.channel, instead.recipient) == ("sms", PHONE)


def test_other_reasons_have_no_fallback(app):
    row = failed_whatsapp_row()
    assert delivery.fallback(row, None, RECIPIENT_UNREACHABLE, utcnow()) is None


def test_one_window_test_with_one_margin():
    now = utcnow()
    day = timedelta(hours=24)
    assert window_open(now - day + WINDOW_MARGIN + timedelta(minutes=1), now, day)
    assert not window_open(now - day + WINDOW_MARGIN, now, day)
    assert not window_open(None, now, day)
